"""Spelling correction against a vocabulary without scanning it: an index of deletions (SymSpell's
idea) per word length, which narrows each length's words to those that can be within reach before
rapidfuzz scores them, so the word chosen is the one a scan of every word would choose. Knows
words, not papers.

Why it is exact: two words within an edit distance share a string that deleting a few characters
from each gives (a substitution or a transposition costs one deletion on each side, an insertion
one on the longer side), so every word a scan could accept shares a deletion with the asked word.
The candidates keep their order in the vocabulary, which is the scan's order among equal scores.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from itertools import combinations

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

# A 64-bit polynomial hash of each deletion (its characters' code points): a collision only adds
# a candidate, which the scorer then rejects.
_MULTIPLIER = 0x9E3779B97F4A7C15
_MASK = (1 << 64) - 1
_CHUNK = 1 << 15  # words hashed at a time (bounds the temporary arrays)
# The most deletions of one word indexed or looked up: a long word within reach of a long one has
# too many (fuzz.ratio 80 between 20-letter words allows four deletions each: 6,196 ways), and
# words that long are few in any vocabulary, so their lengths are scanned instead.
_MOST_WAYS = 400


def _ways(length: int, deleted: range) -> int:
    return sum(math.comb(length, count) for count in deleted)


@lru_cache(maxsize=64)
def _powers(length: int) -> np.ndarray:
    values, power = [], _MULTIPLIER
    for _ in range(length):
        values.append(power)
        power = (power * _MULTIPLIER) & _MASK
    return np.array(values, dtype=np.uint64)


@lru_cache(maxsize=1024)
def _kept(length: int, deleted: int) -> np.ndarray:
    """The positions kept by each way of deleting `deleted` of `length` characters."""
    ways = list(combinations(range(length), length - deleted))
    return np.array(ways, dtype=np.intp).reshape(len(ways), length - deleted)


def _codes(words: Sequence[str], length: int) -> np.ndarray:
    """The words (all of `length` characters) as rows of code points."""
    joined = "".join(words).encode("utf-32-le")
    return np.frombuffer(joined, dtype=np.uint32).reshape(len(words), length).astype(np.uint64)


def _hashes(codes: np.ndarray, deleted: int) -> np.ndarray:
    """Rows x ways: the hash of every deletion of `deleted` characters from each row."""
    length = codes.shape[1]
    kept = _kept(length, deleted)
    powers = _powers(length - deleted)
    if not len(codes):
        return np.zeros((0, len(kept)), dtype=np.uint64)
    with np.errstate(over="ignore"):
        return np.concatenate(
            [
                (codes[start : start + _CHUNK][:, kept] * powers).sum(axis=2)
                for start in range(0, len(codes), _CHUNK)
            ]
        )


class _Group:
    """The deletions of one length's words, up to some depth, hashed and sorted."""

    __slots__ = ("_hashes", "_rows", "depth", "words")

    def __init__(self, words: tuple[str, ...], depth: int, previous: _Group | None = None) -> None:
        """`previous`: the index of the first words of `words`, at the same depth (a catch-up
        appends words at the end): only the new words are hashed, then merged in."""
        self.words = words
        self.depth = depth
        start = len(previous.words) if previous is not None else 0
        codes = _codes(words[start:], len(words[0]))
        hashes: list[np.ndarray] = []
        rows: list[np.ndarray] = []
        for deleted in range(min(depth, codes.shape[1]) + 1):
            found = _hashes(codes, deleted)
            hashes.append(found.ravel())
            rows.append(np.repeat(np.arange(start, start + len(codes), dtype=np.int32), found.shape[1]))
        added = np.concatenate(hashes)
        order = np.argsort(added, kind="stable")
        added, added_rows = added[order], np.concatenate(rows)[order]
        if previous is None:
            self._hashes, self._rows = added, added_rows
        else:  # a merge of two sorted runs: no sort of the whole
            at = np.searchsorted(previous._hashes, added, side="right")
            self._hashes = np.insert(previous._hashes, at, added)
            self._rows = np.insert(previous._rows, at, added_rows)

    def near(self, hashes: np.ndarray) -> tuple[str, ...]:
        """The words holding any of these deletions, in vocabulary order."""
        starts = np.searchsorted(self._hashes, hashes, side="left")
        ends = np.searchsorted(self._hashes, hashes, side="right")
        found = [self._rows[s:e] for s, e in zip(starts.tolist(), ends.tolist(), strict=True) if e > s]
        if not found:
            return ()
        return tuple(self.words[row] for row in np.unique(np.concatenate(found)).tolist())


def _extends(words: tuple[str, ...], previous: tuple[str, ...]) -> bool:
    return len(words) > len(previous) and words[: len(previous)] == previous


def _deletions(
    scorer: Callable[..., float], cutoff: float, asked: int, length: int
) -> tuple[int, int] | None:
    """The most characters a word of `length` within `cutoff` of a word of `asked` characters can
    need deleted from the asked word and from itself to meet it (None: none can be within)."""
    if scorer is OSA.distance:
        edits = int(cutoff)
        if abs(asked - length) > edits:
            return None
        return min(edits, edits + asked - length), min(edits, edits + length - asked)
    if scorer is fuzz.ratio:
        indel = _ratio_indel(asked, length, cutoff)
        if indel < abs(asked - length):
            return None
        return (indel + asked - length) // 2, (indel + length - asked) // 2
    raise ValueError(f"no index of deletions for the scorer {scorer!r}")


@lru_cache(maxsize=4096)
def _ratio_indel(asked: int, length: int, cutoff: float) -> int:
    """The most insertions and deletions (indel distance) a word of `length` characters can differ
    from one of `asked` characters by and still score `cutoff` with fuzz.ratio, found with
    rapidfuzz's own arithmetic on two made-up words (-1: none can)."""
    most = -1
    for indel in range(abs(asked - length), asked + length + 1, 2):
        common = (asked + length - indel) // 2
        if common < 0 or common > min(asked, length):
            continue
        first = "a" * common + "b" * (asked - common)
        second = "a" * common + "c" * (length - common)
        if process.extractOne(first, [second], scorer=fuzz.ratio, score_cutoff=cutoff):
            most = indel
    return most


class Vocabulary:
    """Words by length (a lexicon's `title_words_by_length` or the name index's `by_length`), with
    the closest word to an unknown one found through an index of deletions. Each length's index is
    made when a word of a length within reach is first asked about, and a vocabulary made from an
    updated lexicon keeps the previous one's indexes for lengths whose words did not change (or
    only gained words at the end, as a catch-up adds them)."""

    def __init__(self, by_length: Mapping[int, tuple[str, ...]], previous: Vocabulary | None = None) -> None:
        self.by_length = by_length
        self._groups: dict[int, _Group] = {}
        self._previous = dict(previous._groups) if previous is not None else {}
        self._lock = threading.Lock()

    def closest(
        self,
        word: str,
        reach: int,
        scorer: Callable[..., float],
        cutoff: float,
        *,
        higher_is_closer: bool,
        prefer: Callable[[str], int] | None = None,
    ) -> str | None:
        """The closest of the words whose length is within `reach` of `word`'s, if within `cutoff`:
        the word one rapidfuzz `extractOne` per length over every word of that length would give
        (the first of the best in the shortest length; `scorer` is OSA.distance or fuzz.ratio).
        `prefer`: among the equally close, the word it gives most ("traning": "training", which
        many titles use, before "tracing", which one does)."""
        best: tuple[float, str] | None = None
        ties: list[str] = []
        asked = len(word)
        codes = _codes([word], asked)
        for length in range(asked - reach, asked + reach + 1):
            sides = _deletions(scorer, cutoff, asked, length) if length > 0 else None
            if sides is None or length not in self.by_length:
                continue
            own, theirs = sides
            least = max(0, asked - length)
            if (
                _ways(length, range(theirs + 1)) > _MOST_WAYS
                or _ways(asked, range(least, own + 1)) > _MOST_WAYS
            ):
                near = self.by_length[length]  # long words, in few numbers: scanned
            else:
                hashes = [_hashes(codes, own_deleted).ravel() for own_deleted in range(least, own + 1)]
                near = self._group(length, theirs).near(np.concatenate(hashes)) if hashes else ()
            match = process.extractOne(word, near, scorer=scorer, score_cutoff=cutoff) if near else None
            if match is None:
                continue
            score = match[1] if higher_is_closer else -match[1]
            if best is None or score > best[0]:
                best, ties = (score, match[0]), []
            if prefer is not None and score == best[0]:
                ties += [
                    m[0] for m in process.extract(word, near, scorer=scorer, limit=None) if m[1] == match[1]
                ]
        if best is not None and prefer is not None and len(ties) > 1:
            return max(ties, key=prefer)  # the first of the most preferred: `max` keeps the first
        return best[1] if best else None

    def prepare(self, lengths: Sequence[int], depth: int) -> None:
        """Make the indexes of these lengths ahead of the first question that needs them."""
        for length in lengths:
            if length in self.by_length:
                self._group(length, depth)

    def carry_over(self) -> None:
        """Make now the indexes the previous vocabulary had made (from its own where the words
        did not change or only gained some at the end): what a catch-up does before the updated
        lexicon replaces the old, so that no question waits for them."""
        for length, group in list(self._previous.items()):
            if length in self.by_length:
                self._group(length, group.depth)

    def _group(self, length: int, depth: int) -> _Group:
        group = self._groups.get(length)
        if group is not None and group.depth >= depth:
            return group
        with self._lock:
            group = self._groups.get(length)
            if group is None or group.depth < depth:
                words = self.by_length[length]
                earlier = self._previous.pop(length, None)
                depth = max([depth, *(g.depth for g in (group, earlier) if g is not None)])
                if earlier is not None and earlier.depth == depth and earlier.words is words:
                    group = earlier
                elif earlier is not None and earlier.depth == depth and _extends(words, earlier.words):
                    group = _Group(words, depth, earlier)
                else:
                    group = _Group(words, depth)
                self._groups[length] = group
            return group
