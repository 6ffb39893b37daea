"""The stored papers by id as a read-only mapping that a saved lexicon's file backs: each paper
kept encoded (its fields, one small pickle) and decoded the first time it is asked for, so a
process that reads a few papers never builds the other 100k (docs/design.md, "Persisted
lexicon"). Also `Deferred`, a mapping read from the file when first used. Knows no store.
"""

from __future__ import annotations

import dataclasses
import pickle
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, ValuesView
from typing import TypeVar

import numpy as np

from rag.model import Paper

# A paper encoded is the tuple of its fields in this order; the file records it, and a file
# written with other fields is rebuilt, never misread.
PAPER_FIELDS = tuple(field.name for field in dataclasses.fields(Paper))
_IN_MEMORY = -1  # the row of a paper given as an object (added or rewritten since the file)


class PaperTable(Mapping[str, Paper]):
    """Papers by id in store order (a dict's order: a rewritten paper keeps its place, a new one
    goes last). Those from the file are decoded on first use and kept; `changed` makes the next
    table without copying or decoding the others. Thread-safe: a paper decoded twice at once
    is decoded equal."""

    __slots__ = ("_decoded", "_encoded", "_offsets", "_rows")

    def __init__(
        self,
        rows: dict[str, int],
        encoded: bytes | memoryview,
        offsets: np.ndarray,
        decoded: dict[str, Paper],
    ) -> None:
        """`rows`: id -> its row in `offsets` (paper r is `encoded[offsets[r]:offsets[r + 1]]`),
        or -1 for a paper given in `decoded`, which also keeps the papers decoded so far."""
        self._rows = rows
        self._encoded = encoded
        self._offsets = offsets
        self._decoded = decoded

    @classmethod
    def of(cls, papers: Iterable[Paper]) -> PaperTable:
        """A table of papers already in memory."""
        decoded = {paper.id: paper for paper in papers}
        return cls(dict.fromkeys(decoded, _IN_MEMORY), b"", np.zeros(1, dtype=np.int64), decoded)

    @classmethod
    def decoding(cls, ids: Sequence[str], encoded: bytes | memoryview, offsets: np.ndarray) -> PaperTable:
        """The papers `encode` wrote, decoded when asked for."""
        if len(offsets) != len(ids) + 1 or int(offsets[-1]) > len(encoded):
            raise ValueError("the papers' offsets do not match their ids")
        return cls(dict(zip(ids, range(len(ids)), strict=True)), encoded, offsets, {})

    def __getitem__(self, paper_id: str) -> Paper:
        paper = self._decoded.get(paper_id)
        if paper is not None:
            return paper
        row = self._rows[paper_id]  # KeyError: not a stored paper
        start, end = int(self._offsets[row]), int(self._offsets[row + 1])
        paper = Paper(*pickle.loads(self._encoded[start:end]))
        self._decoded[paper_id] = paper
        return paper

    def __contains__(self, paper_id: object) -> bool:
        return paper_id in self._rows

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def __reversed__(self) -> Iterator[str]:
        return reversed(self._rows)

    def values(self) -> ValuesView[Paper]:
        return _Papers(self)

    def _in_order(self) -> Iterator[Paper]:
        """Every paper in order: decoded first, then read at C speed (Mapping's own `values`
        calls `__getitem__` per paper, ~70 ms over 100k papers, which metadata questions pay)."""
        if len(self._decoded) < len(self._rows):
            self.decode_all()
        return map(self._decoded.__getitem__, self._rows)

    def decode_all(self) -> None:
        """Decode every paper not decoded yet (for a process that will read them all): the
        loop of `__getitem__` without its per-paper lookups and numpy scalars."""
        decoded, rows, encoded = self._decoded, self._rows, self._encoded
        offsets = self._offsets.tolist()
        loads = pickle.loads
        fresh = {
            paper_id: Paper(*loads(encoded[offsets[row] : offsets[row + 1]]))
            for paper_id, row in rows.items()
            if paper_id not in decoded
        }
        decoded.update(fresh)

    def changed(self, changed: Sequence[Paper], removed: Iterable[str]) -> PaperTable:
        """A new table with `changed` papers added (or replacing those of the same id, in place)
        and `removed` ids gone; this one is left as it was."""
        rows, decoded = dict(self._rows), dict(self._decoded)
        for paper_id in removed:
            rows.pop(paper_id, None)
            decoded.pop(paper_id, None)
        for paper in changed:
            rows[paper.id] = _IN_MEMORY
            decoded[paper.id] = paper
        if len(decoded) == len(rows):
            # Every paper in memory: the next table lets the file's mapping go (a bot runs for
            # days, and a save replaces the file, whose disk space a mapping would hold).
            rows = dict.fromkeys(rows, _IN_MEMORY)
            return PaperTable(rows, b"", np.zeros(1, dtype=np.int64), decoded)
        return PaperTable(rows, self._encoded, self._offsets, decoded)

    def encode(self) -> Iterator[tuple[str, bytes]]:
        """Each paper's id and encoding, in order: a paper read from the file as it was read
        (not decoded), the others pickled."""
        for paper_id, row in self._rows.items():
            if row == _IN_MEMORY:
                paper = self._decoded[paper_id]
                fields = tuple(getattr(paper, name) for name in PAPER_FIELDS)
                yield paper_id, pickle.dumps(fields, protocol=pickle.HIGHEST_PROTOCOL)
            else:
                yield paper_id, bytes(self._encoded[int(self._offsets[row]) : int(self._offsets[row + 1])])


class _Papers(ValuesView[Paper]):
    """A table's papers, iterated through `PaperTable._in_order`."""

    _mapping: PaperTable

    def __iter__(self) -> Iterator[Paper]:
        return self._mapping._in_order()


_K = TypeVar("_K")
_V = TypeVar("_V")


class Deferred(Mapping[_K, _V]):
    """A mapping read when first used (`load` runs once): the parts of a saved lexicon that a
    one-shot command rarely needs."""

    __slots__ = ("_load", "_lock", "_value")

    def __init__(self, load: Callable[[], Mapping[_K, _V]]) -> None:
        self._load: Callable[[], Mapping[_K, _V]] | None = load
        self._value: Mapping[_K, _V] | None = None
        self._lock = threading.Lock()

    def _loaded(self) -> Mapping[_K, _V]:
        value = self._value
        if value is None:
            with self._lock:
                if self._value is None:
                    assert self._load is not None
                    self._value = self._load()
                    self._load = None  # nor what it read from (a file's mapping)
                value = self._value
        return value

    def __getitem__(self, key: _K) -> _V:
        return self._loaded()[key]

    def __contains__(self, key: object) -> bool:
        return key in self._loaded()

    def __iter__(self) -> Iterator[_K]:
        return iter(self._loaded())

    def __len__(self) -> int:
        return len(self._loaded())
