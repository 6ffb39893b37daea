"""Shared fixtures: a loopback-only network guard, the real embedder, and one ingested store."""

from __future__ import annotations

import ipaddress
import json
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "data" / "seeds"
FIXTURES = Path(__file__).parent / "data" / "fixtures"
DEV_SET = REPO / "data" / "eval" / "dev.jsonl"

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _check_address(sock: socket.socket, address: Any) -> None:
    if sock.family == socket.AF_UNIX:
        return
    host = address[0] if isinstance(address, tuple) else address
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback:
        raise ConnectionRefusedError(f"tests may only contact 127.0.0.1, not {host!r}")


def _guarded_connect(sock: socket.socket, address: Any) -> None:
    _check_address(sock, address)
    _real_connect(sock, address)


def _guarded_connect_ex(sock: socket.socket, address: Any) -> int:
    _check_address(sock, address)
    return _real_connect_ex(sock, address)


@pytest.fixture(autouse=True, scope="session")
def _loopback_only() -> Iterator[None]:
    """Any attempt to reach beyond 127.0.0.1 fails loudly instead of hanging or leaking."""
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]
    yield
    socket.socket.connect = _real_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _real_connect_ex  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings in the developer's shell must not leak into tests."""
    prefixes = (
        "PAPERBOT_",
        "CHROMA_",
        "LLM_",
        "DISCORD_",
        "SLACK_",
        "ANNOUNCE_",
        "HF_PAPERS_",
        "ARXIV_",
        "WATCH_",
    )
    for key in [k for k in os.environ if k.startswith(prefixes)]:
        monkeypatch.delenv(key, raising=False)


@pytest.fixture(scope="session")
def embedder() -> Any:
    from rag.embed import load_embedder

    return load_embedder()


@pytest.fixture(scope="session")
def bundled_store(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The bundled corpus ingested once, through the real CLI, into a session-wide store."""
    import io

    from bot.cli import main

    data_dir = tmp_path_factory.mktemp("bundled")
    out = io.StringIO()
    code = main(["--env-file", "/nonexistent", "--data-dir", str(data_dir), "ingest", "--json"], out=out)
    return {"data_dir": data_dir, "exit_code": code, "report": json.loads(out.getvalue())}


@pytest.fixture(scope="session")
def opened_bundled_store(bundled_store: dict[str, Any], embedder: Any) -> Any:
    from rag.store import StoreLocation, open_store

    return open_store(StoreLocation(path=bundled_store["data_dir"] / "chroma"), embedder)


def dev_questions() -> list[dict[str, Any]]:
    return [json.loads(line) for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line.strip()]


def tune_questions() -> list[dict[str, Any]]:
    tune = DEV_SET.with_name("tune.jsonl")
    return [json.loads(line) for line in tune.read_text(encoding="utf-8").splitlines() if line.strip()]
