"""Server mode against a real `chroma run` on 127.0.0.1, and a clear error when it is down."""

from __future__ import annotations

import io
import json
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from ingest.pipeline import ingest_papers, read_sources
from rag.store import PaperStore, StoreLocation, StoreUnavailableError
from tests.conftest import SEEDS

pytestmark = pytest.mark.server
CHROMA = Path(__file__).resolve().parents[2] / ".venv" / "bin" / "chroma"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_heartbeat(port: int, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"chroma run exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError("chroma run did not answer its heartbeat in time")


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    chroma = str(CHROMA) if CHROMA.exists() else shutil.which("chroma")
    assert chroma, "the chroma CLI is installed with chromadb"
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    process = subprocess.Popen(
        [chroma, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_heartbeat(port, process)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_ingest_and_search_against_a_server(chroma_server: int, embedder: Any) -> None:
    location = StoreLocation(host="127.0.0.1", port=chroma_server)
    store = PaperStore(location, embedder)
    papers = [
        p for p in read_sources([SEEDS]).papers if p.title.startswith(("InfAlign", "EditReward", "GRAPE"))
    ]
    assert len(papers) == 3
    first = ingest_papers(store, papers)
    assert (first.added, first.failed) == (3, 0)
    again = ingest_papers(store, papers)
    assert (again.added, again.unchanged) == (0, 3)
    hits = store.search_papers(embedder.embed_query("inference-aware alignment with best-of-N"), k=3)
    [infalign] = [p for p in papers if p.title.startswith("InfAlign")]
    assert (hits[0].paper_id, hits[0].text) == (infalign.id, infalign.abstract)
    assert store.counts()[0] == 3


def test_cli_uses_the_server_from_settings(chroma_server: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("CHROMA_PORT", str(chroma_server))
    out = io.StringIO()
    assert main(["--env-file", "/nonexistent", "stats", "--json"], out=out) == 0
    stats = json.loads(out.getvalue())
    assert stats["mode"] == "server"
    assert stats["store"] == f"http://127.0.0.1:{chroma_server}"


def test_a_server_that_is_down_gives_a_clear_error(embedder: Any, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("INFO")
    port = free_port()
    started = time.monotonic()
    with pytest.raises(
        StoreUnavailableError, match=rf"cannot reach the Chroma server at http://127\.0\.0\.1:{port}"
    ):
        PaperStore(StoreLocation(host="127.0.0.1", port=port), embedder, retries=2, backoff_seconds=0.05)
    assert time.monotonic() - started < 30
    warnings = [r for r in caplog.records if r.levelname == "WARNING" and "unreachable" in r.getMessage()]
    assert len(warnings) == 1  # one incident, one warning: retries do not flood the log


def test_cli_reports_a_down_server_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("CHROMA_PORT", str(free_port()))
    code = main(["--env-file", "/nonexistent", "stats"], out=io.StringIO())
    error = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert error[-1].startswith("paperbot: cannot reach the Chroma server at http://127.0.0.1:")
    assert "Traceback" not in "\n".join(error)


def test_a_server_restart_mid_ingest_loses_nothing(tmp_path: Path, embedder: Any) -> None:
    """The server goes down after a few papers and comes back: retries with backoff carry the
    ingest through, and the result equals an uninterrupted run."""
    chroma = str(CHROMA) if CHROMA.exists() else shutil.which("chroma")
    assert chroma
    port, path = free_port(), tmp_path / "server-data"
    command = [chroma, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    papers = [p for p in read_sources([SEEDS]).papers if p.date][:8]
    try:
        wait_for_heartbeat(port, process)
        store = PaperStore(
            StoreLocation(host="127.0.0.1", port=port), embedder, retries=6, backoff_seconds=0.5
        )
        real_write = store.write_papers
        writes = 0

        def write_then_restart(*args: Any) -> None:
            nonlocal writes, process
            writes += 1
            if writes == 2:
                process.terminate()
                process.wait(timeout=30)
                # Back after a pause: the next calls fail, back off, and succeed once it is up.
                threading.Timer(
                    1.5,
                    lambda: restarted.append(
                        subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                    ),
                ).start()
            real_write(*args)

        restarted: list[subprocess.Popen[bytes]] = []
        store.write_papers = write_then_restart  # type: ignore[method-assign]
        report = ingest_papers(store, papers, batch_size=2)
        assert (report.added, report.failed) == (8, 0)
        assert restarted, "the server was restarted mid-run"
        process = restarted[0]
        assert store.counts()[0] == 8
        assert sorted(p.id for p in store.papers()) == sorted(p.id for p in papers)
        again = ingest_papers(store, papers)
        assert (again.added, again.unchanged) == (0, 8)
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_an_outage_across_many_questions_is_one_warning(
    tmp_path: Path, embedder: Any, caplog: pytest.LogCaptureFixture
) -> None:
    store = PaperStore(StoreLocation(path=tmp_path / "chroma"), embedder, retries=1, backoff_seconds=0.01)

    def down() -> None:
        raise ConnectionError("Connection refused")

    caplog.set_level("DEBUG", logger="rag.store")
    for _ in range(5):  # five questions while the server is down
        with pytest.raises(StoreUnavailableError):
            store._call(down)
    warnings = [r for r in caplog.records if r.levelname == "WARNING" and "unreachable" in r.getMessage()]
    assert len(warnings) == 1
    assert sum("unreachable" in r.getMessage() for r in caplog.records) == 5  # the rest at DEBUG
