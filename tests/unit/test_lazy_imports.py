"""`paperbot --help` and a usage error answer without loading the store's stack: bot/cli.py imports
only the standard library and light modules before the arguments are parsed (issue 18)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.formats import SUPPORTED_SUFFIXES
from ingest.pipeline import SUPPORTED_SUFFIXES as READ_BY_PIPELINE

# Each costs from 0.1 s (numpy) to over a second (llama-index) to import.
HEAVY = ("chromadb", "llama_index", "onnxruntime", "numpy", "bm25s", "rapidfuzz", "tokenizers", "openai")

_PROBE = """
import json, sys
from bot.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as stop:
    code = stop.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


def _loaded_after(*argv: str) -> tuple[int, set[str]]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *argv], capture_output=True, text=True, timeout=60, check=False
    )
    report = json.loads(done.stderr.strip().splitlines()[-1])
    return int(report["code"]), {name.split(".")[0] for name in report["modules"]}


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["ask", "--help"],
        ["search", "--k", "0", "query"],  # a usage error
        ["no-such-command"],
    ],
)
def test_help_and_usage_errors_import_no_heavy_library(argv: list[str]) -> None:
    code, loaded = _loaded_after(*argv)
    assert code in (0, 2), code
    assert not loaded & set(HEAVY), f"{argv} imported {sorted(loaded & set(HEAVY))}"


def test_a_command_still_loads_what_it_uses(tmp_path: Path) -> None:
    # The probe sees the stack load once a command runs (the check above can fail).
    code, loaded = _loaded_after("--data-dir", str(tmp_path), "search", " ")
    assert code == 2 and {"bm25s", "chromadb"} <= loaded
    assert "llama_index" not in loaded  # only ingest splits sentences (1-3 s of imports)


def test_the_help_lists_the_formats_the_pipeline_reads() -> None:
    assert tuple(sorted(READ_BY_PIPELINE)) == SUPPORTED_SUFFIXES
