"""A private copy of an embedded store this process may only read (a read-only mount, another
user's data directory): Chroma cannot open its SQLite file without writing to it. Knows files and
SQLite, not Chroma; rag/store.py decides when to use it.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import tempfile
import weakref
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

DATABASE = "chroma.sqlite3"


def is_read_only(path: Path) -> bool:
    """Whether an existing store at `path` can be read but not written by this process (root on a
    read-only file system included: `os.access` reports EROFS)."""
    database = path / DATABASE
    if not database.is_file():
        return False
    return not (os.access(path, os.W_OK) and os.access(database, os.W_OK))


@dataclass(frozen=True, slots=True)
class Stamp:
    """What changes when a writer changes the store's database."""

    modified_ns: int
    size: int

    @classmethod
    def of(cls, path: Path) -> Stamp:
        status = (path / DATABASE).stat()
        return cls(status.st_mtime_ns, status.st_size)


class Snapshot:
    """The store at `source` as it is now, in a temporary directory removed when the snapshot is
    collected or the process exits. The database is copied (through SQLite's backup, which reads
    under a shared lock: never half of a write); the vector segments, which Chroma only reads
    here, are linked, not copied."""

    def __init__(self, source: Path) -> None:
        self.source = source
        self.stamp = Stamp.of(source)
        self.path = Path(tempfile.mkdtemp(prefix="paperbot-read-only-"))
        self._cleanup = weakref.finalize(self, shutil.rmtree, self.path, True)
        try:
            self._copy()
        except BaseException:
            self._cleanup()
            raise
        log.info("the store at %s is read-only here: reading a private copy in %s", source, self.path)

    def _copy(self) -> None:
        uri = f"{(self.source / DATABASE).resolve().as_uri()}?mode=ro"
        reader = sqlite3.connect(uri, uri=True)
        try:
            copy = sqlite3.connect(self.path / DATABASE)
            try:
                reader.backup(copy)
            finally:
                copy.close()
        finally:
            reader.close()
        for entry in self.source.iterdir():
            if entry.is_dir():
                (self.path / entry.name).symlink_to(entry.resolve(), target_is_directory=True)

    def stale(self) -> bool:
        """Whether a writer changed the store since the copy was taken."""
        try:
            return Stamp.of(self.source) != self.stamp
        except OSError:
            return False  # gone or unreadable now: keep reading the copy

    def remove(self) -> None:
        self._cleanup()
