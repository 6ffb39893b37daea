"""Measuring tools shared by the benchmarks: a timing wrapper around the embedder, stopwatches,
peak memory, percentiles, the machine's description and markdown tables. No library logic."""

from __future__ import annotations

import datetime as dt
import functools
import os
import platform
import resource
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from rag.embed import Embedder, Vectors

_R = TypeVar("_R")


@dataclass(slots=True)
class Stopwatch:
    """Time and calls accumulated by one kind of operation; `samples` keeps each call's seconds."""

    seconds: float = 0.0
    calls: int = 0
    samples: list[float] = field(default_factory=list)

    def record(self, seconds: float) -> None:
        self.seconds += seconds
        self.calls += 1
        self.samples.append(seconds)

    def reset(self) -> None:
        self.seconds, self.calls = 0.0, 0
        self.samples.clear()

    def wrap(self, function: Callable[..., _R]) -> Callable[..., _R]:
        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> _R:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.record(time.perf_counter() - start)

        return timed


class TimedEmbedder:
    """Passes every call to the real model and records how long the model itself took, so a
    pipeline's time can be split into model time and everything else."""

    def __init__(self, model: Embedder) -> None:
        self.model = model
        self.documents = Stopwatch()
        self.queries = Stopwatch()
        self.texts_embedded = 0

    @property
    def name(self) -> str:
        return self.model.name

    @property
    def dimension(self) -> int:
        return self.model.dimension

    def embed_documents(self, texts: Sequence[str]) -> Vectors:
        start = time.perf_counter()
        vectors = self.model.embed_documents(texts)
        self.documents.record(time.perf_counter() - start)
        self.texts_embedded += len(texts)
        return vectors

    def embed_query(self, text: str) -> Vectors:
        start = time.perf_counter()
        vector = self.model.embed_query(text)
        self.queries.record(time.perf_counter() - start)
        return vector

    def reset(self) -> None:
        self.documents.reset()
        self.queries.reset()
        self.texts_embedded = 0


def peak_rss_mib() -> float:
    """This process' peak resident memory so far (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def directory_mib(path: Path) -> float:
    """Apparent size of every file under `path`."""
    total = sum(item.stat().st_size for item in path.rglob("*") if item.is_file())
    return total / 2**20


def percentile(samples: Sequence[float], q: float) -> float:
    return float(np.percentile(np.asarray(samples, dtype=np.float64), q)) if samples else float("nan")


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "date": dt.date.today().isoformat(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30),
        "python": platform.python_version(),
        "load_average": os.getloadavg(),
        "commit": source_version(),
    }


def source_version() -> str:
    """The commit measured, with "+changes" when the work tree differs from it."""
    repo = Path(__file__).resolve().parents[1]
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=repo, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no", "--", "rag", "ingest", "bench"],
            cwd=repo,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return commit + ("+changes" if dirty else "")


def machine_line() -> str:
    """Date, CPU, cores, memory, and the load average now: other work on a 2-core machine
    skews every number, so a report says how busy the machine was when it ended."""
    info = machine()
    load = " / ".join(f"{value:.1f}" for value in info["load_average"])
    return (
        f"{info['date']} · {info['cpu']}, {info['cores']} cores, {info['memory_gib']} GiB · "
        f"Python {info['python']} · commit {info['commit']} · load average (1/5/15 min) at the end {load}"
    )


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A pipe table; numbers stay as given (callers format them), numeric columns align right."""
    cells = [[str(value) for value in row] for row in rows]
    numeric = [
        all(_looks_numeric(row[index]) for row in cells) if cells else False for index in range(len(headers))
    ]
    lines = [
        "| " + " | ".join(headers) + " |",
        "| " + " | ".join("---:" if right else "---" for right in numeric) + " |",
    ]
    lines.extend("| " + " | ".join(row) + " |" for row in cells)
    return "\n".join(lines)


def _looks_numeric(text: str) -> bool:
    stripped = text.replace(",", "").replace("%", "").replace("×", "").strip()
    if stripped in ("n/a", "-"):
        return True
    try:
        float(stripped)
    except ValueError:
        return False
    return True


def latency_summary(samples_ms: Sequence[float]) -> dict[str, float]:
    """n, p50, p95, p99, mean and max of a list of milliseconds."""
    return {
        "n": len(samples_ms),
        "p50": percentile(samples_ms, 50),
        "p95": percentile(samples_ms, 95),
        "p99": percentile(samples_ms, 99),
        "mean": float(np.mean(samples_ms)) if samples_ms else float("nan"),
        "max": max(samples_ms) if samples_ms else float("nan"),
    }


def process_memory_mib(pid: int | None = None) -> dict[str, float]:
    """Current (VmRSS) and peak (VmHWM) resident memory of a process (default: this one)."""
    values: dict[str, float] = {}
    try:
        status = Path(f"/proc/{pid or os.getpid()}/status").read_text()
    except OSError:
        status = ""
    for line in status.splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return {"rss_mib": values.get("VmRSS", float("nan")), "peak_mib": values.get("VmHWM", float("nan"))}
