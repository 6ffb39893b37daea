"""Every outside call has a deadline (issue 19): a Chroma server that accepts connections and
never answers (SIGSTOPped, or a black-hole port), a web server that is not Chroma, and a full disk
under the embedded store each end the command with one clear line and exit 1."""

from __future__ import annotations

import http.server
import os
import resource
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO, SEEDS
from tests.integration.test_server_mode import chroma_server, free_port  # noqa: F401 (fixture)

CLI = [sys.executable, "-m", "bot", "--env-file", "/nonexistent"]
# The test's own bound: far above the 2 s deadline, far below "hangs forever".
BOUND = 90


def paperbot(
    data_dir: Path, *args: str, env: dict[str, str], limit: int | None = None
) -> subprocess.CompletedProcess[str]:
    def apply_limit() -> None:
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [*CLI, "--data-dir", str(data_dir), *args],
        cwd=REPO,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=BOUND,
        preexec_fn=apply_limit,
        check=False,
    )


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture
def black_hole() -> Iterator[int]:
    """A port that accepts connections (the kernel's backlog) and never reads or answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield int(listener.getsockname()[1])


@pytest.mark.parametrize("command", [["stats"], ["ask", "which paper trains a reward model?"]])
def test_a_black_hole_port_gives_one_line_within_the_deadline(
    black_hole: int, tmp_path: Path, command: list[str]
) -> None:
    env = {"CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(black_hole), "CHROMA_TIMEOUT": "2"}
    result = paperbot(tmp_path, *command, env=env)
    assert result.returncode == 1
    assert one_line(result) == (
        f"paperbot: the Chroma server at http://127.0.0.1:{black_hole} did not answer within 2 s "
        "(CHROMA_TIMEOUT)"
    )


@pytest.mark.server
def test_a_stopped_chroma_server_gives_one_line_then_answers_again(
    chroma_server: int,  # noqa: F811
    tmp_path: Path,
) -> None:
    env = {"CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(chroma_server), "CHROMA_TIMEOUT": "2"}
    assert paperbot(tmp_path, "stats", env=env).returncode == 0
    pid = _server_pid(chroma_server)
    os.kill(pid, signal.SIGSTOP)
    try:
        for command in (["stats"], ["ask", "which paper trains a reward model?"]):
            result = paperbot(tmp_path, *command, env=env)
            assert result.returncode == 1, command
            assert "did not answer within 2 s (CHROMA_TIMEOUT)" in one_line(result), command
    finally:
        os.kill(pid, signal.SIGCONT)
    assert paperbot(tmp_path, "stats", env=env).returncode == 0


def _server_pid(port: int) -> int:
    """The pid of the `chroma run` listening on `port` (the fixture keeps its process private)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"run" in command and str(port).encode() in command and any(b"chroma" in part for part in command):
            return int(entry.name)
    raise AssertionError(f"no chroma run on port {port}")


class _NotChroma(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"<!DOCTYPE html><html><head><title>Welcome to nginx!</title></head><body>" + b"x" * 5000
        self.send_response(404)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body) + 14))
        self.end_headers()
        self.wfile.write(body + b"</body></html>")

    do_POST = do_GET  # noqa: N815

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_a_web_server_that_is_not_chroma_is_named_without_its_page(tmp_path: Path) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _NotChroma)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        env = {"CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(server.server_port), "CHROMA_TIMEOUT": "5"}
        result = paperbot(tmp_path, "stats", env=env)
    finally:
        server.shutdown()
    assert result.returncode == 1
    line = one_line(result)
    assert "<" not in line and "xxxxx" not in line and len(line) < 300, line
    assert "Welcome to nginx!" in line


def test_a_full_disk_stops_ingest_with_a_clear_message_and_a_rerun_converges(tmp_path: Path) -> None:
    page = sorted(SEEDS.glob("*.txt"))[0]
    data = tmp_path / "data"
    env = {"CHROMA_TIMEOUT": "5"}
    # Room for the empty store and a little more: the first writes fail part-way.
    full = paperbot(data, "ingest", "--no-progress", str(page), env=env, limit=2_650_000)
    assert full.returncode == 1
    assert one_line(full) == (
        f"paperbot: the disk holding the store at {data / 'chroma'} is full (or a file size limit was "
        "reached): free some space and re-run; what was written is kept"
    )
    again = paperbot(data, "ingest", "--no-progress", "--json", str(page), env=env)
    assert again.returncode == 0, again.stderr
    reference = paperbot(tmp_path / "reference", "ingest", "--no-progress", "--json", str(page), env=env)
    checked = paperbot(data, "stats", "--check", "--json", env=env)
    import json

    assert json.loads(again.stdout)["papers"] == json.loads(reference.stdout)["papers"]
    assert json.loads(again.stdout)["chunks"] == json.loads(reference.stdout)["chunks"]
    assert json.loads(checked.stdout)["damaged"] == 0
