"""A real `chroma run` on 127.0.0.1 for the benchmarks' server mode: start on a free port, wait
for the heartbeat, read its memory, stop it (this process' child only, by its pid)."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from types import TracebackType

from bench.measure import process_memory_mib

CHROMA = Path(__file__).resolve().parents[1] / ".venv" / "bin" / "chroma"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ChromaServer:
    """`with ChromaServer(path) as server:` serves the store at `path` on `server.port`."""

    def __init__(self, path: Path, log: Path | None = None, timeout: float = 600) -> None:
        self.path = path
        self.port = free_port()
        self._log = log
        self._timeout = timeout
        self._process: subprocess.Popen[bytes] | None = None
        self.start_seconds = float("nan")

    def __enter__(self) -> ChromaServer:
        output = self._log.open("ab") if self._log else subprocess.DEVNULL
        started = time.perf_counter()
        self._process = subprocess.Popen(
            [str(CHROMA), "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            self._wait_for_heartbeat()
        except BaseException:
            self.stop()
            raise
        self.start_seconds = time.perf_counter() - started
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def pid(self) -> int:
        assert self._process is not None, "the server is not running"
        return self._process.pid

    def memory_mib(self) -> dict[str, float]:
        return process_memory_mib(self.pid)

    def _wait_for_heartbeat(self) -> None:
        assert self._process is not None
        deadline = time.monotonic() + self._timeout
        url = f"http://127.0.0.1:{self.port}/api/v2/heartbeat"
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"chroma run exited with {self._process.returncode}")
            try:
                with urllib.request.urlopen(url, timeout=1) as reply:
                    if reply.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise TimeoutError(f"chroma run did not answer {url} within {self._timeout:.0f} s")

    def stop(self) -> None:
        if self._process is None or self._process.poll() is not None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait(timeout=30)
