"""One writer per data directory: `paperbot ingest` (and `announce`) hold an exclusive lock file
that names the holder's pid. Readers never take it. The lock is an flock on the open file, so a
killed holder releases it at once (no stale lock to clean up)."""

from __future__ import annotations

import fcntl
import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ingest.errors import IngestError

log = logging.getLogger(__name__)
LOCK_NAME = "ingest.lock"


class WriterBusyError(IngestError):
    """Another process is writing to the same data directory."""


class ReadOnlyDataError(IngestError):
    """The data directory can be read but not written by this process."""


def ensure_writable(data_dir: Path) -> None:
    """Raise ReadOnlyDataError unless this process may write to the data directory and the
    store's database in it (or create them): said before a writer opens anything."""
    existing = data_dir
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    database = data_dir / "chroma" / "chroma.sqlite3"
    paths = [existing] + [p for p in (data_dir / "chroma", database) if p.exists()]
    if not all(os.access(path, os.W_OK) for path in paths):
        raise ReadOnlyDataError(
            f"the data directory {data_dir} is read-only here: storing or repairing papers needs to "
            "write to it (ask, search, cite and stats can still read it)"
        )


def _holder(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip() or "?"
    except OSError:
        return "?"


@contextmanager
def writer_lock(
    data_dir: Path,
    wait_seconds: float = 0.0,
    on_wait: Callable[[str], None] | None = None,
    poll_seconds: float = 0.2,
) -> Iterator[Path]:
    """Hold the data directory's writer lock for the block. Another holder: wait up to
    `wait_seconds` (telling `on_wait` once, with its pid), then raise WriterBusyError (or
    ReadOnlyDataError when this process may not write there)."""
    ensure_writable(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / LOCK_NAME
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + wait_seconds
        told = False
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = _holder(path)
                if time.monotonic() >= deadline:
                    raise WriterBusyError(
                        f"another ingest (pid {holder}) is running on {data_dir}; "
                        "wait for it to finish, then re-run"
                    ) from None
                if on_wait and not told:
                    on_wait(holder)
                    told = True
                time.sleep(poll_seconds)
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
        log.debug("holding the writer lock %s", path)
        try:
            yield path
        finally:
            os.ftruncate(descriptor, 0)
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)
