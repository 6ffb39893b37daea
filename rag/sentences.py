"""The sentence sidecar: every paper's sentence chunks (vectors and texts) in flat files next to
the store, read by paper id through memory maps, so a process answers without loading Chroma's
chunk collection (whose HNSW graph is never searched). Knows files and arrays, not Chroma:
rag/store.py writes it with the collection and decides when it is current (docs/design.md,
"Sentence vectors").

Layout of the directory: `manifest.pickle` (format, store identity, generation, which file set,
how many rows and text bytes are valid, and each paper's first row and row count) and one file
set of three append-only files: `<set>.vectors` (float32 rows), `<set>.spans` (int64 start and
end of each row's text) and `<set>.texts` (UTF-8). A write appends to the files and then
replaces the manifest atomically; bytes past what the manifest counts (a crashed write) are cut
off by the next write. A reader maps what its manifest counts and never sees later bytes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import logging
import os
import pickle
import secrets
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from rag.model import Chunk

log = logging.getLogger(__name__)

# Bump when the files change shape: an older sidecar is then rebuilt, never misread.
FORMAT_VERSION = 1
MANIFEST = "manifest.pickle"
_LOCK = "lock"
# Rewritten without the rows of rewritten or removed papers once those outnumber the live ones.
_COMPACT_AT = 0.5


@dataclass(frozen=True, slots=True)
class PaperSentences:
    """One paper's sentence chunks as stored: texts in chunk order and their vectors."""

    paper_id: str
    texts: tuple[str, ...]
    vectors: np.ndarray[Any, Any]  # (len(texts), dimension)


@dataclass(frozen=True, slots=True)
class SentenceRow:
    """One stored sentence: its chunk's number within the paper, text and vector."""

    paper_id: str
    index: int
    text: str
    vector: np.ndarray[Any, Any]

    @property
    def chunk_id(self) -> str:
        return Chunk(self.paper_id, self.index, "").id


@dataclass(frozen=True, slots=True)
class Manifest:
    """What the files hold, for which store and generation."""

    store: str
    generation: int
    dimension: int
    file_set: str
    rows: int  # valid rows in the files (rewritten and removed papers' rows included)
    text_bytes: int
    papers: dict[str, tuple[int, int]] = field(default_factory=dict)  # paper id -> (first row, count)

    @property
    def live_rows(self) -> int:
        return sum(count for _, count in self.papers.values())


@dataclass(frozen=True, slots=True)
class _Files:
    """A manifest with its files mapped (None: no rows yet)."""

    manifest: Manifest
    vectors: np.ndarray[Any, Any] | None
    spans: np.ndarray[Any, Any] | None
    texts: np.memmap[Any, Any] | None


class SentenceSidecar:
    """The sidecar of one store at `directory`. Every method is safe to call from several threads
    (the mapped state is replaced as one value); writes from several processes take a file lock.
    Nothing here raises on a missing, foreign or damaged sidecar: it is simply not `current`."""

    def __init__(self, directory: Path, store: str, dimension: int) -> None:
        self.directory = directory
        self._store = store
        self._dimension = dimension
        self._files: _Files | None = None
        self._seen: tuple[int, int, int] | None = None  # the manifest file's (inode, mtime, size) when read

    @property
    def generation(self) -> int | None:
        """The store generation the sidecar reflects (None: no usable sidecar)."""
        files = self._files
        return files.manifest.generation if files is not None else None

    def papers(self) -> list[str]:
        """The ids of the papers it holds."""
        files = self._files
        return list(files.manifest.papers) if files is not None else []

    def reload(self) -> int | None:
        """Read the manifest again if the file changed since it was last read (another process
        wrote); the generation it now reflects."""
        path = self.directory / MANIFEST
        try:
            status = path.stat()
        except OSError:
            self._files, self._seen = None, None
            return None
        stamp = (status.st_ino, status.st_mtime_ns, status.st_size)
        if stamp != self._seen:
            # A compaction in another process may remove the files of the manifest just read:
            # read the new one then.
            for _ in range(3):
                manifest = self._read_manifest()
                self._files = self._open(manifest)
                if manifest is None or self._files is not None:
                    break
            self._seen = stamp
        return self.generation

    def rows(self, paper_ids: Iterable[str]) -> list[SentenceRow] | None:
        """The sentences of these papers in the order they were written (unknown ids have none).
        None: no usable sidecar."""
        return self._rows(paper_ids, texts=True)

    def vectors(self, paper_ids: Iterable[str]) -> list[SentenceRow] | None:
        """As `rows`, without the texts (a score is all the reranker needs)."""
        return self._rows(paper_ids, texts=False)

    def _rows(self, paper_ids: Iterable[str], texts: bool) -> list[SentenceRow] | None:
        files = self._files
        if files is None:
            return None
        papers = files.manifest.papers
        spans = sorted(
            (papers[pid][0], papers[pid][1], pid) for pid in dict.fromkeys(paper_ids) if pid in papers
        )
        if not spans or files.vectors is None or files.spans is None or files.texts is None:
            return []
        found: list[SentenceRow] = []
        with _Reader(self.directory, files) as reader:
            for first, count, paper_id in spans:
                block = reader.vectors(first, count)
                written = reader.texts(first, count) if texts else None
                for index in range(count):
                    text = ""
                    if written is not None:
                        start, end = files.spans[first + index]
                        text = written[start - files.spans[first][0] : end - files.spans[first][0]].decode()
                    found.append(SentenceRow(paper_id, index, text, block[index]))
        return found

    # ---- writes ------------------------------------------------------------------------------

    def changed(
        self,
        written: Callable[[], Sequence[PaperSentences]],
        removed: Iterable[str],
        previous: int,
        generation: int,
    ) -> bool:
        """Record a store write that took the store from `previous` to `generation`: these papers
        (re)written, those removed. Applied only to a sidecar that reflected `previous` (an empty
        store's missing sidecar included when `previous` is 0), else left as it is: a sidecar
        behind the store is caught up by its reader. Whether the sidecar is now current."""
        try:
            with self._locked():
                base = self._files if self.reload() is not None else None
                if base is None and previous == 0:
                    base = self._empty(generation=0)
                if base is None or base.manifest.generation != previous:
                    return False
                self._apply(base, written(), set(removed), generation)
                return True
        except OSError as error:
            log.warning("could not update the sentence sidecar in %s (%s)", self.directory, error)
            return False

    def rebuilt(self, papers: Iterable[PaperSentences], generation: int) -> bool:
        """Replace the sidecar with these papers (all of the store's, read one at a time) at
        `generation`. Whether it was written (a read-only directory is logged, not raised)."""
        try:
            with self._locked():
                manifest = self._empty(generation).manifest
                written: dict[str, tuple[int, int]] = {}
                rows, text_bytes = self._append(manifest, papers, written)
                self._publish(dataclasses.replace(manifest, rows=rows, text_bytes=text_bytes, papers=written))
                return True
        except OSError as error:
            log.warning(
                "could not write the sentence sidecar in %s (%s): reading Chroma instead",
                self.directory,
                error,
            )
            return False

    def _empty(self, generation: int) -> _Files:
        manifest = Manifest(self._store, generation, self._dimension, _new_set(), 0, 0)
        return _Files(manifest, None, None, None)

    def _apply(
        self, base: _Files, written: Sequence[PaperSentences], removed: set[str], generation: int
    ) -> None:
        gone = removed | {paper.paper_id for paper in written}
        papers = {pid: span for pid, span in base.manifest.papers.items() if pid not in gone}
        dead = base.manifest.rows - sum(count for _, count in papers.values())
        if dead > _COMPACT_AT * base.manifest.rows:
            base = self._compacted(base, papers)
            papers = dict(base.manifest.papers)
        manifest = base.manifest
        rows, text_bytes = self._append(manifest, written, papers)
        self._publish(
            Manifest(self._store, generation, self._dimension, manifest.file_set, rows, text_bytes, papers)
        )

    def _compacted(self, base: _Files, keep: dict[str, tuple[int, int]]) -> _Files:
        """A new file set with only the rows of `keep`, in their order (the old one is removed once
        the manifest names the new one; a reader that mapped it keeps its pages)."""
        old = base.manifest
        empty = self._empty(old.generation).manifest
        ordered = sorted(keep.items(), key=lambda item: item[1][0])
        kept = [self._paper(base, paper_id, first, count) for paper_id, (first, count) in ordered]
        papers: dict[str, tuple[int, int]] = {}
        rows, text_bytes = self._append(empty, kept, papers)
        log.info("sentence sidecar compacted: %d rows of %d kept", rows, old.rows)
        manifest = Manifest(
            self._store, old.generation, self._dimension, empty.file_set, rows, text_bytes, papers
        )
        return _Files(manifest, None, None, None)

    def _paper(self, files: _Files, paper_id: str, first: int, count: int) -> PaperSentences:
        if not count or files.vectors is None or files.spans is None or files.texts is None:
            return PaperSentences(paper_id, (), np.zeros((0, self._dimension), dtype=np.float32))
        texts = tuple(
            bytes(files.texts[start:end]).decode("utf-8") for start, end in files.spans[first : first + count]
        )
        return PaperSentences(paper_id, texts, np.array(files.vectors[first : first + count]))

    def _append(
        self,
        manifest: Manifest,
        written: Iterable[PaperSentences],
        papers: dict[str, tuple[int, int]],
    ) -> tuple[int, int]:
        """Append these papers' rows to the manifest's files (cut back to what it counts first),
        recording each in `papers`; the new row and text byte counts."""
        self.directory.mkdir(parents=True, exist_ok=True)
        rows, text_bytes = manifest.rows, manifest.text_bytes
        paths = _paths(self.directory, manifest.file_set)
        with contextlib.ExitStack() as stack:
            vectors, spans, texts = (stack.enter_context(_opened(path)) for path in paths)
            vectors.truncate(rows * self._dimension * 4)
            spans.truncate(rows * 16)
            texts.truncate(text_bytes)
            for path_file in (vectors, spans, texts):
                path_file.seek(0, os.SEEK_END)
            for paper in written:
                block = np.ascontiguousarray(
                    np.asarray(paper.vectors, dtype=np.float32).reshape(-1, self._dimension)
                )
                if len(block) != len(paper.texts):
                    raise ValueError(f"{paper.paper_id}: {len(paper.texts)} texts but {len(block)} vectors")
                encoded = [text.encode("utf-8") for text in paper.texts]
                ends = np.cumsum([len(e) for e in encoded], dtype=np.int64) + text_bytes
                starts = ends - np.array([len(e) for e in encoded], dtype=np.int64)
                vectors.write(block.tobytes())
                spans.write(np.stack([starts, ends], axis=1).astype(np.int64).tobytes() if encoded else b"")
                texts.write(b"".join(encoded))
                papers[paper.paper_id] = (rows, len(block))
                rows += len(block)
                text_bytes += sum(len(e) for e in encoded)
            for path_file in (vectors, spans, texts):
                path_file.flush()
                os.fsync(path_file.fileno())
        return rows, text_bytes

    def _publish(self, manifest: Manifest) -> None:
        """Replace the manifest atomically, map the new state, and remove file sets no longer named."""
        handle, temporary = tempfile.mkstemp(prefix=".manifest-", dir=self.directory)
        try:
            with os.fdopen(handle, "wb") as file:
                pickle.dump(
                    {"format": FORMAT_VERSION, "manifest": manifest}, file, protocol=pickle.HIGHEST_PROTOCOL
                )
            os.replace(temporary, self.directory / MANIFEST)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        status = (self.directory / MANIFEST).stat()
        self._files, self._seen = self._open(manifest), (status.st_ino, status.st_mtime_ns, status.st_size)
        for path in self.directory.iterdir():
            if path.suffix in (".vectors", ".spans", ".texts") and path.stem != manifest.file_set:
                path.unlink(missing_ok=True)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """One writer of the sidecar at a time, across processes (a killed holder releases it)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        with open(self.directory / _LOCK, "a+b") as lock:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock.fileno(), fcntl.LOCK_UN)

    # ---- reading the files -------------------------------------------------------------------

    def _read_manifest(self) -> Manifest | None:
        path = self.directory / MANIFEST
        try:
            with path.open("rb") as file:
                saved = pickle.load(file)
        except FileNotFoundError:
            return None
        except Exception as error:  # truncated or foreign: rebuilt by the store's reader
            log.warning("sentence sidecar at %s is unreadable (%s): it will be rebuilt", path, error)
            return None
        manifest = saved.get("manifest") if isinstance(saved, dict) else None
        if not isinstance(manifest, Manifest) or saved.get("format") != FORMAT_VERSION:
            log.info("sentence sidecar at %s is of another format: it will be rebuilt", path)
            return None
        if manifest.store != self._store or manifest.dimension != self._dimension:
            log.info("sentence sidecar at %s belongs to another store: it will be rebuilt", path)
            return None
        return manifest

    def _open(self, manifest: Manifest | None) -> _Files | None:
        """The manifest's files mapped, or None when they are shorter than it says (damaged)."""
        if manifest is None:
            return None
        if manifest.rows == 0:
            return _Files(manifest, None, None, None)
        vectors_path, spans_path, texts_path = _paths(self.directory, manifest.file_set)
        try:
            vectors = np.memmap(
                vectors_path, dtype=np.float32, mode="r", shape=(manifest.rows, manifest.dimension)
            )
            spans = np.memmap(spans_path, dtype=np.int64, mode="r", shape=(manifest.rows, 2))
            texts = (
                np.memmap(texts_path, dtype=np.uint8, mode="r", shape=(manifest.text_bytes,))
                if manifest.text_bytes
                else np.zeros(0, dtype=np.uint8)
            )
        except (OSError, ValueError) as error:
            log.warning("sentence sidecar in %s is damaged (%s): it will be rebuilt", self.directory, error)
            return None
        return _Files(manifest, vectors, spans, texts)  # type: ignore[arg-type]


class _Reader:
    """Rows read with `os.preadv`, which lets other threads run while the disk is read: copying
    them out of the mapping faults its pages in holding the GIL, and rows not in the page cache
    (after another process's write, or a store copied in) paused every thread of a bot for up
    to 240 ms at 100k papers (`bench.first_use`, the stall). The mapping is read instead when
    the file cannot be opened (a compaction removed the file set this manifest names)."""

    def __init__(self, directory: Path, files: _Files) -> None:
        self._files = files
        self._paths = _paths(directory, files.manifest.file_set)
        self._handles: list[int | None] = []

    def __enter__(self) -> _Reader:
        for path in self._paths[::2]:  # the vectors and the texts
            try:
                self._handles.append(os.open(path, os.O_RDONLY))
            except OSError:
                self._handles.append(None)
        return self

    def __exit__(self, *exc: object) -> None:
        for handle in self._handles:
            if handle is not None:
                os.close(handle)

    def vectors(self, first: int, count: int) -> np.ndarray[Any, Any]:
        files = self._files
        assert files.vectors is not None
        dimension = files.manifest.dimension
        block = np.empty((count, dimension), dtype=np.float32)
        handle = self._handles[0]
        if handle is None or os.preadv(handle, [block.data.cast("B")], first * dimension * 4) != block.nbytes:
            block[:] = files.vectors[first : first + count]
        return block

    def texts(self, first: int, count: int) -> bytes:
        """The texts of rows [first, first + count), which lie one after the other."""
        files = self._files
        assert files.spans is not None and files.texts is not None
        start, end = int(files.spans[first][0]), int(files.spans[first + count - 1][1])
        handle = self._handles[1]
        if handle is not None:
            read = os.pread(handle, end - start, start)
            if len(read) == end - start:
                return read
        return bytes(files.texts[start:end])


def _paths(directory: Path, file_set: str) -> tuple[Path, Path, Path]:
    return directory / f"{file_set}.vectors", directory / f"{file_set}.spans", directory / f"{file_set}.texts"


def _opened(path: Path) -> Any:
    return path.open("r+b" if path.exists() else "w+b")


def _new_set() -> str:
    return f"set-{secrets.token_hex(6)}"
