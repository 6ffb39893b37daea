"""Crash points for the crash-consistency tests: where a child process dies (drawn from a seed,
or pinned), the hook that SIGKILLs it there, and the two children, an ingest and an announcer
run: `python -m tests.integration.crash ingest|announce ...`.

A run's writes are counted where durability matters: every Chroma collection write, every ledger
write, every post. A kill point is the write to die at, and either just before it starts or some
milliseconds into it (a timer, so the kill can land inside Chroma's or SQLite's own work).

The children replay the real model's vectors, recorded by the uninterrupted reference run: a
run then costs the imports and the writes, not seconds of model time, and stores exactly the
vectors the model gives.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

SEEDS_ENV = "PAPERBOT_CRASH_SEEDS"  # replay: a comma-separated list of seeds from a failure
RUNS_ENV = "PAPERBOT_CRASH_RUNS"  # the opt-in long loop's number of runs (-m crash_long)
LONG_RUNS = 200
MAX_DELAY_SECONDS = 0.04
DAY = dt.date(2026, 8, 20)
DESTINATION = "file:1"


# ---- where to die ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Crash:
    """A test's kill point before the run's writes are counted: a seed, or a pinned call (the nth
    call of one write method, e.g. the first `post_item`)."""

    seed: int | None = None
    call: str | None = None
    nth: int = 1

    @property
    def id(self) -> str:
        return f"seed{self.seed}" if self.seed is not None else f"{self.call}-{self.nth}"

    def point(self, writes: int) -> KillPoint:
        """The kill point in a run of `writes` writes."""
        if self.seed is None:
            return KillPoint(call=self.call, nth=self.nth)
        draw = random.Random(self.seed)
        write = draw.randint(1, writes)
        delay = round(draw.uniform(0.0, MAX_DELAY_SECONDS), 4) if draw.random() < 0.5 else None
        return KillPoint(seed=self.seed, write=write, delay=delay)


@dataclass(frozen=True)
class KillPoint:
    seed: int | None = None
    write: int | None = None  # die at the run's nth write, whatever it is
    call: str | None = None  # or at the nth call of this method
    nth: int = 1
    delay: float | None = None  # None: just before the write; else this many seconds into it

    def describe(self) -> str:
        what = f"write {self.write}" if self.write is not None else f"call {self.nth} of {self.call}"
        when = "just before" if self.delay is None else f"{self.delay * 1000:.1f} ms into"
        replay = f" (replay: {SEEDS_ENV}={self.seed})" if self.seed is not None else ""
        return f"SIGKILL {when} {what}{replay}"

    def to_arg(self) -> str:
        return json.dumps(asdict(self))

    @staticmethod
    def from_arg(text: str) -> KillPoint:
        return KillPoint(**json.loads(text))


def parametrize(metafunc: pytest.Metafunc, pinned: Sequence[Crash], ci_runs: int) -> None:
    """Parametrise a test's `crash`: the pinned points and `ci_runs` fresh seeds; with
    `-m crash_long`, PAPERBOT_CRASH_RUNS (default 200) fresh seeds; with PAPERBOT_CRASH_SEEDS,
    exactly those. The seed is in the test id and in every failure message."""
    if "crash" not in metafunc.fixturenames:
        return
    fresh = random.SystemRandom()
    long = "crash_long" in (metafunc.config.getoption("markexpr") or "")
    if os.environ.get(SEEDS_ENV):
        crashes = [Crash(seed=int(s)) for s in os.environ[SEEDS_ENV].split(",") if s.strip()]
    else:
        runs = int(os.environ.get(RUNS_ENV, LONG_RUNS)) if long else ci_runs
        crashes = [*([] if long else pinned), *(Crash(seed=fresh.randrange(2**31)) for _ in range(runs))]
    marks = [pytest.mark.crash_long] if long else []
    metafunc.parametrize("crash", [pytest.param(c, id=c.id, marks=marks) for c in crashes])


# ---- the hook ----------------------------------------------------------------------------------


def chroma_writes() -> list[tuple[type, str]]:
    from chromadb.api.models.Collection import Collection

    return [(Collection, name) for name in ("add", "upsert", "update", "delete")]


class WriteHook:
    """Counts calls of the given methods; with a kill point, SIGKILLs the process there."""

    def __init__(self, point: KillPoint | None = None) -> None:
        self.point = point
        self.writes = 0
        self.calls: dict[str, int] = {}
        self._timer: threading.Timer | None = None

    @contextmanager
    def installed(self, targets: Sequence[tuple[type, str]]) -> Iterator[WriteHook]:
        originals = [(owner, name, owner.__dict__[name]) for owner, name in targets]
        for owner, name, original in originals:
            setattr(owner, name, self._wrap(name, original))
        try:
            yield self
        finally:
            for owner, name, original in originals:
                setattr(owner, name, original)

    def _wrap(self, name: str, original: Callable[..., Any]) -> Callable[..., Any]:
        def counted(*args: Any, **kwargs: Any) -> Any:
            self._before(name)
            return original(*args, **kwargs)  # a coroutine for async methods: counted when called

        return counted

    def _before(self, name: str) -> None:
        self.writes += 1
        self.calls[name] = self.calls.get(name, 0) + 1
        point = self.point
        if point is None or self._timer is not None:
            return
        here = self.writes == point.write or (point.call == name and self.calls[name] == point.nth)
        if not here:
            return
        if point.delay is None:
            os.kill(os.getpid(), signal.SIGKILL)
        self._timer = threading.Timer(point.delay, os.kill, (os.getpid(), signal.SIGKILL))
        self._timer.daemon = True
        self._timer.start()

    def finish(self) -> None:
        """The run is over: a kill still on its timer must land before the process may exit."""
        if self._timer is not None:
            time.sleep(MAX_DELAY_SECONDS + 10)
        sys.exit(f"the run ended before its kill point: {self.point}")


# ---- the model, replayed -----------------------------------------------------------------------


class RecordedEmbedder:
    """The real model's vectors for the texts it embedded: `record` wraps the model, `load`
    replays a saved recording (an unknown text is an error, never a guess)."""

    def __init__(self, name: str, dimension: int, vectors: dict[str, Any], model: Any = None) -> None:
        self._name, self._dimension, self.vectors, self._model = name, dimension, vectors, model

    @property
    def name(self) -> str:
        return self._name

    @property
    def dimension(self) -> int:
        return self._dimension

    @staticmethod
    def record(model: Any) -> RecordedEmbedder:
        return RecordedEmbedder(model.name, model.dimension, {}, model)

    def embed_documents(self, texts: Sequence[str]) -> Any:
        missing = [t for t in dict.fromkeys(texts) if t not in self.vectors]
        if missing and self._model is None:
            raise KeyError(f"no recorded vector for {missing[0][:80]!r}")
        if missing:
            self.vectors.update(zip(missing, self._model.embed_documents(missing)))
        return np.stack([self.vectors[t] for t in texts]).astype(np.float32)

    def embed_query(self, text: str) -> Any:
        return self.embed_documents([text])[0]

    def save(self, path: Path) -> None:
        texts = list(self.vectors)
        np.savez(path, vectors=np.stack([self.vectors[t] for t in texts]))
        meta = {"name": self.name, "dimension": self.dimension, "texts": texts}
        path.with_suffix(".json").write_text(json.dumps(meta), encoding="utf-8")

    @staticmethod
    def load(path: Path) -> RecordedEmbedder:
        meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        vectors = np.load(path)["vectors"]
        return RecordedEmbedder(meta["name"], meta["dimension"], dict(zip(meta["texts"], vectors)))


# ---- what a run leaves behind ------------------------------------------------------------------


def store_dump(chroma_dir: Path) -> dict[str, Any]:
    """Every record of both collections, read with Chroma's own client: ids, documents,
    metadata and embeddings. The store generation that wrote a record is left out: it counts the
    writes a store has seen (a crashed and re-run ingest makes more), not what it holds."""
    import chromadb
    from chromadb.config import Settings

    from rag.store import CHUNKS, GENERATION, PAPERS

    client = chromadb.PersistentClient(path=str(chroma_dir), settings=Settings(anonymized_telemetry=False))
    dump: dict[str, Any] = {}
    for name in (PAPERS, CHUNKS):
        got = client.get_collection(name).get(include=["documents", "metadatas", "embeddings"])
        order = sorted(range(len(got["ids"])), key=lambda i: got["ids"][i])
        dump[name] = {
            "ids": [got["ids"][i] for i in order],
            "documents": [got["documents"][i] for i in order],
            "metadatas": [{k: v for k, v in got["metadatas"][i].items() if k != GENERATION} for i in order],
            "embeddings": np.asarray([got["embeddings"][i] for i in order], dtype=np.float32),
        }
    return dump


def assert_same_store(got: dict[str, Any], want: dict[str, Any], context: str) -> None:
    for name, expected in want.items():
        actual = got[name]
        assert len(actual["ids"]) == len(set(actual["ids"])), f"{context}: duplicate ids in {name}"
        assert actual["ids"] == expected["ids"], f"{context}: other ids in {name}"
        assert actual["documents"] == expected["documents"], f"{context}: other documents in {name}"
        assert actual["metadatas"] == expected["metadatas"], f"{context}: other metadata in {name}"
        assert np.allclose(actual["embeddings"], expected["embeddings"], atol=1e-5), (
            f"{context}: other embeddings in {name}"
        )


def ledger(state_path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """The announcement ledger without its timestamps."""
    with sqlite3.connect(state_path) as db:
        return {
            "papers": sorted(
                db.execute("SELECT paper_id, destination, day, message_ref FROM announced_papers").fetchall()
            ),
            "days": sorted(db.execute("SELECT day, destination, papers FROM announced_days").fetchall()),
        }


class FilePoster:
    """A destination that behaves like a Discord channel and keeps its messages in a file (it
    outlives the process): a post with a nonce already used returns the first message, as Discord
    does for a message sent with `enforce_nonce`."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @property
    def destination(self) -> str:
        return DESTINATION

    @property
    def platform(self) -> str:
        return "discord"

    def messages(self) -> list[str]:
        return self.path.read_text(encoding="utf-8").splitlines() if self.path.exists() else []

    def _post(self, line: str, nonce: str | None) -> str:
        reference = f"m-{nonce}" if nonce else f"m-{len(self.messages()) + 1}"
        if nonce and any(message.endswith(f" {reference}") for message in self.messages()):
            return reference
        with self.path.open("a", encoding="utf-8") as out:
            out.write(f"{line} {reference}\n")
            out.flush()
            os.fsync(out.fileno())
        return reference

    async def post_header(self, digest: Any, nonce: str) -> str:
        return self._post(f"header {digest.day}", nonce)

    async def post_item(self, day: dt.date, item: Any, nonce: str, header: str) -> str:
        return self._post(f"item {day} {item.paper.id} under {header}", nonce)

    def thread_key(self, reference: str) -> str | None:
        return None

    async def post_empty(self, day: dt.date) -> None:
        self._post(f"empty {day}", None)


def announcer_writes() -> list[tuple[type, str]]:
    from bot.state import SqliteState

    ledger_writes = [(SqliteState, "mark_announced"), (SqliteState, "mark_day_done")]
    return [*chroma_writes(), *ledger_writes, (FilePoster, "post_header"), (FilePoster, "post_item")]


async def announce(work: Path, saved: Path, embedder: Any) -> None:
    """One announcer run over `saved` (Hugging Face day files) into `work`, as `paperbot announce`."""
    from bot.announce import AnnounceConfig, Announcer
    from bot.state import SqliteState
    from ingest.fetch import fetch_hf_day
    from rag.store import StoreLocation, open_store

    store = open_store(StoreLocation(path=work / "chroma"), embedder)
    state = SqliteState(work / "state.sqlite3")
    try:
        job = Announcer(store, state, [lambda day: fetch_hf_day(str(saved), day)], AnnounceConfig(top_n=5))
        await job.run([FilePoster(work / "posted.txt")], today=DAY)
    finally:
        state.close()


# ---- the children ------------------------------------------------------------------------------


def kill_child(child: str, point: KillPoint, context: str, *arguments: object) -> None:
    """Run `python -m tests.integration.crash CHILD ARGUMENTS... POINT`; it must die by SIGKILL."""
    repo = Path(__file__).resolve().parents[2]
    command = [sys.executable, "-m", "tests.integration.crash", child, *map(str, arguments), point.to_arg()]
    run = subprocess.run(
        command,
        env={**os.environ, "PYTHONPATH": str(repo)},
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == -signal.SIGKILL, f"{context}: {run.stderr.decode()[-2000:]}"


def _ingest_child(store_dir: str, corpus: str, vectors: str, batch_size: str, point: str) -> None:
    from ingest.pipeline import ingest_papers
    from ingest.sources.jsonl import read_jsonl
    from rag.store import StoreLocation, open_store

    hook = WriteHook(KillPoint.from_arg(point))
    store = open_store(StoreLocation(path=Path(store_dir)), RecordedEmbedder.load(Path(vectors)))
    with hook.installed(chroma_writes()):
        ingest_papers(store, read_jsonl(Path(corpus)).papers, batch_size=int(batch_size))
    hook.finish()


def _announce_child(work: str, saved: str, vectors: str, point: str) -> None:
    hook = WriteHook(KillPoint.from_arg(point))
    embedder = RecordedEmbedder.load(Path(vectors))
    with hook.installed(announcer_writes()):
        asyncio.run(announce(Path(work), Path(saved), embedder))
    hook.finish()


if __name__ == "__main__":
    children: dict[str, Callable[..., None]] = {"ingest": _ingest_child, "announce": _announce_child}
    children[sys.argv[1]](*sys.argv[2:])
