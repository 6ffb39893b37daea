"""The house's dependency rules, checked over the source tree with `ast`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGES = ("bot", "rag", "ingest")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _modules() -> list[tuple[str, Path]]:
    return [(package, path) for package in PACKAGES for path in sorted((REPO / package).rglob("*.py"))]


def _top(name: str) -> str:
    return name.split(".")[0]


@pytest.mark.parametrize(("package", "path"), _modules(), ids=lambda v: str(v).rsplit("/main/", 1)[-1])
def test_module_follows_the_dependency_rules(package: str, path: Path) -> None:
    tops = {_top(name) for name in _imports(path)}
    relative = path.relative_to(REPO).as_posix()
    assert "bot" not in tops or package == "bot", f"{relative} imports bot"
    if package == "rag":
        assert not tops & {"ingest", "bot"}, f"{relative}: rag imports neither ingest nor bot"
    if "chromadb" in tops:
        assert relative == "rag/store.py", f"{relative}: only rag/store.py may import chromadb"
    if "dotenv" in tops:
        assert relative == "bot/settings.py", f"{relative}: only bot/settings.py may import dotenv"
    if tops & {"discord", "slack_bolt", "slack_sdk"}:
        assert package == "bot", f"{relative}: chat libraries belong in bot/"
    if "llama_index" in tops:
        assert package in ("rag", "ingest"), f"{relative}: llama-index types stay in rag/ and ingest/"


def test_library_code_never_reads_the_environment() -> None:
    offenders = [
        path.relative_to(REPO).as_posix()
        for _, path in _modules()
        if path.name != "settings.py" and ("os.environ" in path.read_text() or "getenv" in path.read_text())
    ]
    assert offenders == []


def test_every_module_opens_with_a_docstring() -> None:
    missing = [
        path.relative_to(REPO).as_posix()
        for _, path in _modules()
        if ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) is None
    ]
    assert missing == []
