"""Vectors of the corpus's words, so that a question's word can be matched to a paper's by meaning
("pictures" to "images", "cheaper" to "efficient") where the words differ: one vector per content
stem, the embedding model's vector of the stem's commonest written form. Made as papers come in
(the words no paper used before), kept in a file next to the saved lexicon, and read by the
reranker (rag.retrieve's `soft_coverage` features). Knows the model, not the store.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import re
import tempfile
import threading
import zipfile
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import numpy as np
import numpy.typing as npt

from rag.decide import FUNCTION_WORDS, stem
from rag.english import greek_spelled

log = logging.getLogger(__name__)

FILE_NAME = "words.npz"
_FORMAT = 1
_TOKEN = re.compile(r"[a-z0-9]+")
_MEMO = 200_000  # word vectors a process keeps across word sets (rebuilds, tests' stores)
_PAPER_ROWS = 20_000  # papers whose word rows are remembered (~150 ints each)
_SAVED_ROWS = 2_048  # rows written at a time (1.5 MB: each slice's checksum holds the GIL)
_TAIL_ROOM = 4_096  # rows a new tail has room for (a catch-up of 50 papers adds ~200-700)

Embed = Callable[[list[str]], npt.NDArray[np.float32]]


def content_words(text: str) -> dict[str, str]:
    """stem -> the first word written with it, for the words of `text` that say what it is about
    (the same words, and stems, as rag.decide's `content_stems`)."""
    found: dict[str, str] = {}
    for word in _TOKEN.findall(greek_spelled(text.lower())):
        if word not in FUNCTION_WORDS and len(word) > 1:
            found.setdefault(stem(word), word)
    return found


class _Memo:
    """Vectors of single words already embedded by this process, per model (bounded, LRU)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._vectors: OrderedDict[tuple[str, str], npt.NDArray[np.float32]] = OrderedDict()

    def embed(self, model: str, words: list[str], embed: Embed) -> npt.NDArray[np.float32]:
        """The vectors of `words` (one row each), those not seen before embedded in one batch."""
        with self._lock:
            found = {w: v for w in words if (v := self._vectors.get((model, w))) is not None}
            for word in found:
                self._vectors.move_to_end((model, word))
        missing = [w for w in dict.fromkeys(words) if w not in found]
        if missing:
            vectors = embed(missing)
            with self._lock:
                for word, vector in zip(missing, vectors, strict=True):
                    found[word] = self._vectors[(model, word)] = np.asarray(vector, dtype=np.float32)
                while len(self._vectors) > _MEMO:
                    self._vectors.popitem(last=False)
        return np.stack([found[w] for w in words]) if words else np.zeros((0, 0), dtype=np.float32)


_MEMO_OF_PROCESS = _Memo()


class _Tail:
    """The rows words added since the file was read, with room to grow: shared by successive
    word sets, each reading its own first rows. Rows are only ever written past every row some
    set reads, so a set never sees another change."""

    def __init__(self, rows: npt.NDArray[np.float16]) -> None:
        self.rows = rows
        self.filled = len(rows)  # rows some word set reads
        self._lock = threading.Lock()

    def append(self, used: int, vectors: npt.NDArray[np.float16]) -> _Tail:
        """A tail whose first `used` rows are this one's and whose next rows are `vectors`: this
        one, written in place, when its word set was the last to add and there is room; else a
        new one (room doubled), copying only the `used` rows, never the file's matrix."""
        needed = used + len(vectors)
        with self._lock:
            if self.filled == used and needed <= len(self.rows):
                self.rows[used:needed] = vectors
                self.filled = needed
                return self
        grown = np.empty((max(needed, 2 * len(self.rows), _TAIL_ROOM), self.rows.shape[1]), dtype=np.float16)
        grown[:used] = self.rows[:used]
        grown[used:needed] = vectors
        tail = _Tail(grown)
        tail.filled = needed
        return tail


@dataclass(frozen=True, slots=True)
class WordVectors:
    """Unit vectors (float16) of content stems, row by row; `model` made them. The rows are in
    two blocks: `base`, the matrix as read from the file (never copied: 241 MB at 100k papers),
    then the first `added` rows of `tail`, the words added since."""

    model: str
    stems: tuple[str, ...]
    rows: dict[str, int]
    base: npt.NDArray[np.float16]
    tail: _Tail = field(compare=False, repr=False)
    added: int = 0
    # A paper's stem set -> its rows, filled as asked (emptied when it reaches _PAPER_ROWS).
    paper_rows: dict[frozenset[str], npt.NDArray[np.intp]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @staticmethod
    def read(model: str, stems: tuple[str, ...], matrix: npt.NDArray[np.float16]) -> WordVectors:
        """Word vectors whose rows are `matrix`'s, one per stem in order (as read from the file)."""
        rows = dict(zip(stems, range(len(stems)), strict=True))
        return WordVectors(
            model, stems, rows, matrix, _Tail(np.zeros((0, matrix.shape[1]), dtype=np.float16))
        )

    @staticmethod
    def empty(model: str, dimension: int) -> WordVectors:
        return WordVectors.read(model, (), np.zeros((0, dimension), dtype=np.float16))

    @property
    def dimension(self) -> int:
        return int(self.base.shape[1])

    @property
    def matrix(self) -> npt.NDArray[np.float16]:
        """Every row, in one array: a copy once words were added (for saving and checks; the
        questions read rows through `gather`)."""
        if not self.added:
            return self.base
        return np.concatenate([self.base, self.tail.rows[: self.added]])

    def in_memory(self) -> WordVectors:
        """The same word vectors with the file's matrix read into memory, if it was mapped (a
        process that runs for days keeps no mapping of a file a later save replaces)."""
        if not isinstance(self.base, np.memmap):
            return self
        # A slice at a time: the copy reads the file as it faults its pages in (262 MB at 100k
        # papers), and no one step of it should hold up a question meanwhile.
        copied = np.empty_like(self.base, subok=False)
        for start in range(0, len(copied), _SAVED_ROWS):
            copied[start : start + _SAVED_ROWS] = self.base[start : start + _SAVED_ROWS]
        return dataclasses.replace(self, base=copied)

    def gather(self, rows: npt.NDArray[np.intp]) -> npt.NDArray[np.float16]:
        """The given rows, in order."""
        if not self.added:
            return self.base[rows]
        out = np.empty((len(rows), self.dimension), dtype=np.float16)
        early = rows < len(self.base)
        out[early] = self.base[rows[early]]
        out[~early] = self.tail.rows[rows[~early] - len(self.base)]
        return out

    def _rows_of(self, held: frozenset[str]) -> npt.NDArray[np.intp]:
        """The rows of a paper's stems (those with a vector), remembered per stem set: a paper's
        stem set is one object for as long as its lexicon lives."""
        found = self.paper_rows.get(held)
        if found is None:
            found = np.fromiter((self.rows[s] for s in held if s in self.rows), dtype=np.intp)
            if len(self.paper_rows) >= _PAPER_ROWS:
                self.paper_rows.clear()  # one call, safe beside other threads' lookups
            self.paper_rows[held] = found
        return found

    def missing(self, vocabulary: Iterable[str]) -> list[str]:
        """The stems of `vocabulary` without a vector."""
        return [s for s in vocabulary if s not in self.rows]

    def extended(self, texts: Iterable[str], wanted: Iterable[str], embed: Embed) -> WordVectors:
        """A copy with vectors for the `wanted` stems it lacks, each the vector of its commonest
        written form in `texts` (the texts are read only until every such stem is found)."""
        todo = set(self.missing(wanted))
        if not todo:
            return self
        written: dict[str, Counter[str]] = {}
        for text in texts:
            for word in _TOKEN.findall(greek_spelled(text.lower())):
                if word in FUNCTION_WORDS or len(word) < 2:
                    continue
                key = stem(word)
                if key in todo:
                    written.setdefault(key, Counter())[word] += 1
            if len(written) == len(todo):
                break
        new = list(written)  # stems no text writes (a removed paper's) stay without one
        if not new:
            return self
        forms = [written[key].most_common(1)[0][0] for key in new]
        vectors = _MEMO_OF_PROCESS.embed(self.model, forms, embed).astype(np.float16)
        rows = dict(self.rows)
        for offset, key in enumerate(new):
            rows[key] = len(self.stems) + offset
        log.info("word vectors: %d new words (%d in all)", len(new), len(rows))
        # Appended to the tail, not concatenated to the whole matrix: a copy of 262 MB (and as
        # much memory again) at 100k papers at each catch-up that added words.
        tail = self.tail.append(self.added, vectors)
        return WordVectors(self.model, (*self.stems, *new), rows, self.base, tail, self.added + len(new))

    def soft_coverage(
        self,
        question: str,
        papers: Sequence[frozenset[str]],
        weight: Callable[[str], float],
        embed: Embed,
    ) -> list[tuple[float, float]]:
        """Per paper (given by its content stems): how much of the question it holds by meaning,
        as (share of all the question's terms, share of those it does not hold as written), each
        IDF-weighted: a term it holds counts 1, one it lacks its best cosine to a word it has."""
        stems, weights, similarities = self.term_matches(question, papers, weight, embed)
        if not stems:
            return [(1.0, 1.0)] * len(papers)
        out = []
        for held, similarity in zip(papers, similarities, strict=True):
            exact = np.array([s in held for s in stems])
            whole = float((weights * similarity).sum() / weights.sum())
            lacking = ~exact
            rest = (
                float((weights[lacking] * similarity[lacking]).sum() / weights[lacking].sum())
                if lacking.any()
                else 1.0
            )
            out.append((whole, rest))
        return out

    def _vectors_of(self, words: dict[str, str], embed: Embed) -> npt.NDArray[np.float32]:
        """A row per stem of `words` (stem -> written form): its stored vector, or the written
        form's, embedded (and remembered by the process) when no paper uses the stem."""
        stems = list(words)
        known = [s for s in stems if s in self.rows]
        unknown = [s for s in stems if s not in self.rows]
        vectors = np.zeros((len(stems), self.dimension), dtype=np.float32)
        position = {s: n for n, s in enumerate(stems)}
        if known:
            vectors[[position[s] for s in known]] = self.gather(np.array([self.rows[s] for s in known]))
        if unknown:
            vectors[[position[s] for s in unknown]] = _MEMO_OF_PROCESS.embed(
                self.model, [words[s] for s in unknown], embed
            )
        return vectors

    def cosines(self, first: dict[str, str], second: dict[str, str], embed: Embed) -> npt.NDArray[np.float32]:
        """The cosine of each pair of words of two texts (stem -> written form, as
        `content_words` gives them): a row per word of `first`."""
        if not first or not second:
            return np.zeros((len(first), len(second)), dtype=np.float32)
        return self._vectors_of(first, embed) @ self._vectors_of(second, embed).T

    def term_matches(
        self,
        question: str,
        papers: Sequence[frozenset[str]],
        weight: Callable[[str], float],
        embed: Embed,
    ) -> tuple[list[str], npt.NDArray[np.float32], npt.NDArray[np.float32]]:
        """The question's content stems, their weights, and per paper (a row each) how closely
        it holds each one: 1 as written, else its best cosine to a word the paper has (0-1)."""
        words = content_words(question)
        if not words:
            return [], np.zeros(0, dtype=np.float32), np.zeros((len(papers), 0), dtype=np.float32)
        stems = list(words)
        vectors = self._vectors_of(words, embed)
        weights = np.array([weight(s) for s in stems], dtype=np.float32)
        # Every paper's word rows in one gather and one product, the rows of papers seen before
        # remembered (25 papers at 100k: 8.4 -> 5.0 ms; a gather per paper before), then each
        # paper's best cosine per question term.
        rows = [self._rows_of(held) for held in papers]
        sizes = np.array([len(r) for r in rows])
        bests = np.zeros((len(papers), len(stems)), dtype=np.float32)
        if sizes.sum():
            gathered = self.gather(np.concatenate(rows)).astype(np.float32)
            products = vectors @ gathered.T
            starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
            filled = sizes > 0
            bests[filled] = np.maximum.reduceat(products, starts[filled], axis=1).T
        exact = np.array([[s in held for s in stems] for held in papers], dtype=bool).reshape(bests.shape)
        return stems, weights, np.where(exact, 1.0, np.clip(bests, 0.0, 1.0)).astype(np.float32)


def load_words(directory: Path, model: str, dimension: int) -> WordVectors:
    """The saved word vectors of `model`, or none (a missing, older or unreadable file is made
    anew as papers are read: it is a cache of the model's output, never the only copy of data).
    The matrix is a view of the file when it can be (`_mapped_matrix`; `in_memory` reads it)."""
    path = directory / FILE_NAME
    try:
        with np.load(path, allow_pickle=False) as saved:
            header = json.loads(str(saved["header"]))
            if header.get("format") != _FORMAT or header.get("model") != model:
                return WordVectors.empty(model, dimension)
            stems = tuple(saved["stems"].tolist())
            matrix = _mapped_matrix(path)
            if matrix is None:
                # As read (float16 when this code saved it): `astype` would copy the whole
                # matrix, 241 MB at 100k papers, for nothing.
                matrix = np.asarray(saved["matrix"], dtype=np.float16)
    except FileNotFoundError:
        return WordVectors.empty(model, dimension)
    except (OSError, ValueError, KeyError) as error:
        log.warning("word vectors at %s unreadable (%s): they are made again", path, error)
        return WordVectors.empty(model, dimension)
    if matrix.shape != (len(stems), dimension):
        return WordVectors.empty(model, dimension)
    return WordVectors.read(model, stems, matrix)


def _mapped_matrix(path: Path) -> npt.NDArray[np.float16] | None:
    """The file's matrix as a read-only view of the file mapped into memory (None: not stored
    as such a view allows, read it instead): a process reads from disk only the rows it
    gathers, not 241 MB at 100k papers (0.7 s; a one-shot command gathers a few thousand rows).
    The file is an uncompressed zip (`_write_npz`), so the matrix's bytes lie as they are in it."""
    with zipfile.ZipFile(path) as archive:
        member = archive.getinfo("matrix.npy")
        if member.compress_type != zipfile.ZIP_STORED:
            return None
    with path.open("rb") as file:
        file.seek(member.header_offset)
        local = file.read(30)  # the member's local header: its name and extra field follow
        if local[:4] != b"PK\x03\x04":
            return None
        skip = int.from_bytes(local[26:28], "little") + int.from_bytes(local[28:30], "little")
        file.seek(member.header_offset + 30 + skip)
        version = np.lib.format.read_magic(file)
        if version not in ((1, 0), (2, 0)):
            return None
        formats = np.lib.format
        header = formats.read_array_header_1_0 if version == (1, 0) else formats.read_array_header_2_0
        shape, fortran_order, dtype = header(file)
        if fortran_order or dtype != np.float16 or len(shape) != 2:
            return None
        offset = file.tell()
    matrix: npt.NDArray[np.float16] = np.memmap(path, dtype=np.float16, mode="r", offset=offset, shape=shape)
    return matrix


def save_words(words: WordVectors, directory: Path) -> None:
    """Write the file whole and rename it into place (a reader never sees half of one). A failure
    (a read-only data directory) is logged, not raised: the next process makes them again."""
    header = json.dumps({"format": _FORMAT, "model": words.model})
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".words-", suffix=".npz")
        try:
            with os.fdopen(handle, "wb") as out:
                _write_npz(out, header, words)
            os.replace(temporary, directory / FILE_NAME)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        log.warning(
            "could not save the word vectors in %s (%s); the next start makes them again", directory, error
        )


def _write_npz(out: IO[bytes], header: str, words: WordVectors) -> None:
    """What `np.savez` writes (an uncompressed zip of .npy files), the matrix written from its
    blocks a slice at a time: `words.matrix` would copy them into one first (262 MB at 100k
    papers), and a file of one matrix is read back without any copy."""
    with zipfile.ZipFile(out, mode="w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
        for name, value in (("header", np.array(header)), ("stems", np.array(words.stems, dtype=str))):
            with archive.open(f"{name}.npy", "w", force_zip64=True) as entry:
                np.lib.format.write_array(entry, value, allow_pickle=False)
        described = {
            "descr": np.lib.format.dtype_to_descr(np.dtype(np.float16)),
            "fortran_order": False,
            "shape": (len(words.stems), words.dimension),
        }
        with archive.open("matrix.npy", "w", force_zip64=True) as entry:
            np.lib.format.write_array_header_1_0(entry, described)
            for block in (words.base, words.tail.rows[: words.added]):
                for start in range(0, len(block), _SAVED_ROWS):
                    entry.write(np.ascontiguousarray(block[start : start + _SAVED_ROWS]).data)
