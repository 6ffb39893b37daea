"""Measuring tools shared by the benchmarks: stopwatches, a timing wrapper around the embedder, a
store that times its own public methods, per-operation splits of time, peak memory, percentiles,
the machine's description and markdown tables. No library logic."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import math
import os
import platform
import resource
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from rag.embed import Embedder, Vectors
from rag.model import Paper
from rag.store import Hit, PaperStore, PaperWrite, StoredVersion


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

    @contextlib.contextmanager
    def timing(self) -> Iterator[None]:
        """Record how long the `with` block takes."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.record(time.perf_counter() - start)


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


class TimedStore(PaperStore):
    """A PaperStore that times each of its public reads and writes in `watches` (one stopwatch
    per method), so a search, an answer or an ingest can be split into the store's share and
    the rest. Built like the store itself: `TimedStore(location, embedder)`."""

    TIMED = (
        "stored_versions",
        "papers",
        "paper_vectors",
        "search_papers",
        "rank_papers",
        "search_chunks",
        "write_papers",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.watches = {name: Stopwatch() for name in self.TIMED}

    def stored_versions(self) -> dict[str, StoredVersion]:
        with self.watches["stored_versions"].timing():
            return super().stored_versions()

    def papers(self, ids: Sequence[str] | None = None) -> list[Paper]:
        with self.watches["papers"].timing():
            return super().papers(ids)

    def paper_vectors(self, ids: Sequence[str]) -> dict[str, Vectors]:
        with self.watches["paper_vectors"].timing():
            return super().paper_vectors(ids)

    def search_papers(self, vector: Vectors, k: int = 10) -> list[Hit]:
        with self.watches["search_papers"].timing():
            return super().search_papers(vector, k)

    def rank_papers(self, vector: Vectors, k: int = 50) -> list[tuple[str, float]]:
        with self.watches["rank_papers"].timing():
            return super().rank_papers(vector, k)

    def search_chunks(
        self, vector: Vectors, k: int = 10, paper_ids: Sequence[str] | None = None, texts: bool = True
    ) -> list[Hit]:
        with self.watches["search_chunks"].timing():
            return super().search_chunks(vector, k, paper_ids, texts)

    def write_papers(self, writes: Sequence[PaperWrite]) -> None:
        with self.watches["write_papers"].timing():
            super().write_papers(writes)


class Parts:
    """How each timed operation splits across some stopwatches: `measure(call)` runs one
    operation and records, for each stopwatch, the time and calls it saw during it. When the
    stopwatches time disjoint work, what none of them saw is recorded as the part `rest`."""

    def __init__(self, watches: Mapping[str, Stopwatch], rest: str | None = None) -> None:
        self._watches = dict(watches)
        self._rest = rest
        self.totals_ms: list[float] = []
        self._ms: dict[str, list[float]] = {name: [] for name in self._watches}
        if rest:
            self._ms[rest] = []
        self._calls: dict[str, int] = dict.fromkeys(self._watches, 0)

    def measure(self, call: Callable[[], object]) -> float:
        """Run `call`; its milliseconds."""
        seconds = {name: watch.seconds for name, watch in self._watches.items()}
        calls = {name: watch.calls for name, watch in self._watches.items()}
        started = time.perf_counter()
        call()
        total = (time.perf_counter() - started) * 1000
        seen = 0.0
        for name, watch in self._watches.items():
            part = (watch.seconds - seconds[name]) * 1000
            self._ms[name].append(part)
            self._calls[name] += watch.calls - calls[name]
            seen += part
        if self._rest:
            self._ms[self._rest].append(total - seen)
        self.totals_ms.append(total)
        return total

    def reset(self) -> None:
        self.totals_ms.clear()
        for samples in self._ms.values():
            samples.clear()
        self._calls = dict.fromkeys(self._watches, 0)

    def summary(self) -> dict[str, dict[str, float]]:
        """Per part: calls and mean ms per operation, and the percentiles of its ms per operation."""
        operations = len(self.totals_ms)
        return {
            name: {
                "calls_per_op": self._calls.get(name, operations) / operations if operations else math.nan,
                "ms_per_op": float(np.mean(samples)) if samples else math.nan,
                **latency_summary(samples),
            }
            for name, samples in self._ms.items()
        }


def replay(
    search: Callable[[str, int], object],
    queries: Sequence[str],
    k: int,
    warmup: int,
    rounds: int,
    forget_queries: Callable[[], None],
    parts: Parts | None = None,
) -> dict[str, Any]:
    """The first query (timed apart), `warmup - 1` more untimed, then every query `rounds` times,
    one after another, each timed as a new question (`forget_queries()` clears the embedder's
    memory of recent queries first) and, with `parts`, split by them (warm-up left out)."""
    start = time.perf_counter()
    search(queries[0], k)
    first_ms = (time.perf_counter() - start) * 1000
    for query in queries[1:warmup]:
        search(query, k)
    if parts:
        parts.reset()
    samples: list[float] = []
    for _ in range(rounds):
        for query in queries:
            forget_queries()
            if parts:
                samples.append(parts.measure(functools.partial(search, query, k)))
                continue
            start = time.perf_counter()
            search(query, k)
            samples.append((time.perf_counter() - start) * 1000)
    result = {"first_query_ms": first_ms, "latency_ms": latency_summary(samples)}
    return {**result, "parts": parts.summary()} if parts else result


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


@contextlib.contextmanager
def longest_pause(gaps: list[tuple[float, float]] | None = None) -> Iterator[list[float]]:
    """The longest time (s) another thread of this process waited to run while the block ran: a
    thread that sleeps 1 ms in a loop notes its longest gap (what a question answered meanwhile
    would be held up by at once, the GIL held by one C call). `gaps`, when given, receives each
    gap over 20 ms as (when it ended, its length), `time.perf_counter()` seconds, to tell which
    part of the block a pause fell in."""
    longest = [0.0]
    stop = threading.Event()

    def tick() -> None:
        last = time.perf_counter()
        while not stop.is_set():
            time.sleep(0.001)
            now = time.perf_counter()
            longest[0] = max(longest[0], now - last)
            if gaps is not None and now - last > 0.02:
                gaps.append((now, now - last))
            last = now

    ticker = threading.Thread(target=tick, daemon=True)
    ticker.start()
    try:
        yield longest
    finally:
        stop.set()
        ticker.join()
