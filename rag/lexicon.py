"""The lexical side of retrieval and what answering derives from every stored paper: the papers,
BM25 (bm25s), the name index, title words, term statistics and organisations, stamped with the
store generation they reflect. Built once from a scan of the store, then brought up to date from
the papers written since, and kept in a file next to the store so a new process loads it instead
of scanning (docs/design.md, "Persisted lexicon"). Knows papers, not Chroma.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import gc
import logging
import math
import mmap
import os
import pickle
import re
import struct
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

import bm25s
import numpy as np
import Stemmer
from bm25s.selection import topk

from rag.asked_terms import ASKED_TERMS
from rag.decide import TermStatistics, content_stems
from rag.english import greek_spelled
from rag.model import Paper
from rag.names import NameIndex, paper_names, spelled_acronyms
from rag.paper_table import PAPER_FIELDS, Deferred, PaperTable

log = logging.getLogger(__name__)

# Bump when what the file holds changes shape: an older file is then rebuilt, never misread.
FORMAT_VERSION = 14
# Older files are still read (a 100k rebuild takes minutes) and saved again in this format:
_PARTS_FORMAT = 8  # each field a pickle of its own, the papers 5,000 to a pickle
_WHOLE_FORMAT = 7  # the lexicon pickled whole
_OLD_FORMATS = (_PARTS_FORMAT, _WHOLE_FORMAT)
# "over-refusal": a query word joined at its hyphen, as some abstracts write it ("overrefusal").
_HYPHENATED = re.compile(r"\b([a-z]{2,})-([a-z]{3,})\b")
FILE_NAME = "lexicon.pickle"
_ALIGN = 64  # where an array starts in the file, for views of it
_WRITE_SLICE = 1 << 20  # bytes written at a time
_DICT_CHUNK = 2000  # entries per pickle of a dictionary in the file (under ~20 ms to unpickle)
# ... and for a part read on first use (while a bot answers), objects (`_weight`) per pickle:
_DEFERRED_CHUNK = 40_000
_DEFERRED = ("names._holders", "names._spelled", "title_words_by_length", "title_stems", "found_names")
_BM25_ARRAYS = ("starts", "docs", "counts", "lengths")
_CUMSUM_SLICE = 1 << 20  # postings summed at a time (~15 ms holding the GIL)
_WORD = re.compile(r"[a-z0-9]+")


class Bm25:
    """Okapi BM25 over title, title again and abstract: the title is the densest statement of
    what a paper is about. Tokens as llama-index's BM25Retriever makes them (bm25s's tokenizer:
    English stop words and Porter stems for documents, stems for queries), and the same scores as
    bm25s's "lucene" BM25 bit for bit (tests/unit/test_bm25.py holds bm25s as the oracle).

    bm25s precomputes every (paper, term) score, and those weights depend on every paper (IDF,
    mean length): a new paper meant rebuilding the whole index. This keeps raw term frequencies
    in term-major arrays instead and weighs the query's terms when asked (a few array operations
    per query term), so `changed` costs the changed papers' tokens plus array copies that
    release the GIL, not a rebuild (docs/design.md, "Persisted lexicon")."""

    _TOKENS = r"(?u)\b\w\w+\b"
    _K1 = 1.5  # bm25s's defaults (llama-index's retriever keeps them)
    _B = 0.75
    _STATE = ("_ids", "_terms", "_starts", "_docs", "_counts", "_lengths", "_total")  # what is saved

    def __init__(self, papers: Iterable[Paper]) -> None:
        self._stemmer = Stemmer.Stemmer("english")
        self._ids: list[str] = []
        self._rows: dict[str, int] = {}
        self._terms: dict[str, int] = {}  # stem -> term number (a stem no paper holds any more stays)
        self._starts = np.zeros(1, dtype=np.int64)  # term t's postings are [starts[t], starts[t + 1])
        self._docs = np.zeros(0, dtype=np.int32)  # the row of each posting's paper
        self._counts = np.zeros(0, dtype=np.float32)  # how often the term occurs in that paper
        self._lengths = np.zeros(0, dtype=np.int64)  # tokens per paper (stop words left out)
        self._total = 0  # tokens in all papers
        self._norms: tuple[np.ndarray, int, np.ndarray] | None = None  # lengths, total -> norms
        self._merge(list(papers), frozenset())

    def __getstate__(self) -> dict[str, Any]:
        # The stemmer is a C object that cannot be pickled; it holds no state of its own.
        return {name: getattr(self, name) for name in self._STATE}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._stemmer = Stemmer.Stemmer("english")
        self._norms = None
        for name in self._STATE:
            setattr(self, name, state[name])
        self._rows = {paper_id: row for row, paper_id in enumerate(self._ids)}

    def changed(self, changed: Sequence[Paper], removed: Iterable[str]) -> Bm25:
        """A copy with `changed` papers added (or replacing those of the same id, in place) and
        `removed` ids gone: the index that building from the new papers in the same order gives."""
        new = copy.copy(self)
        new._merge(changed, frozenset(removed))
        return new

    def _merge(self, changed: Sequence[Paper], removed: frozenset[str]) -> None:
        rows = dict(self._rows)
        ids = list(self._ids)
        dropped = np.zeros(len(ids), dtype=bool)  # rows whose postings go
        for paper_id in removed:
            row = rows.pop(paper_id, None)
            if row is not None:
                dropped[row] = True
        renumber: np.ndarray | None = None
        if dropped.any():
            kept_rows = np.flatnonzero(~dropped)
            renumber = np.full(len(ids), -1, dtype=np.int64)
            renumber[kept_rows] = np.arange(len(kept_rows))
            ids = [ids[row] for row in kept_rows]
            rows = {paper_id: row for row, paper_id in enumerate(ids)}
        lengths = self._lengths[~dropped] if renumber is not None else self._lengths.copy()
        replaced = np.zeros(len(ids), dtype=bool)
        tokens = self._tokens([bm25_text(paper) for paper in changed])
        terms = dict(self._terms)
        new_terms: list[np.ndarray] = []  # per changed paper: its terms, its row, their counts
        new_docs: list[np.ndarray] = []
        new_counts: list[np.ndarray] = []
        added_lengths: list[int] = []
        for paper, stems in zip(changed, tokens, strict=True):
            row = rows.get(paper.id)
            if row is None:
                row = rows[paper.id] = len(ids)
                ids.append(paper.id)
                added_lengths.append(len(stems))
            else:
                replaced[row] = True
                lengths[row] = len(stems)
            counted = Counter(stems)
            new_terms.append(
                np.fromiter((terms.setdefault(s, len(terms)) for s in counted), np.int32, len(counted))
            )
            new_docs.append(np.full(len(counted), row, dtype=np.int32))
            new_counts.append(np.fromiter(counted.values(), np.float32, len(counted)))
        lengths = np.concatenate([lengths, np.asarray(added_lengths, dtype=np.int64)])
        replaced = np.concatenate([replaced, np.zeros(len(added_lengths), dtype=bool)])
        # The old postings, less those of removed and rewritten papers, then the new ones;
        # a stable sort by term (one long sorted run and a short tail) makes them term-major.
        old_terms = posting_terms(self._starts)
        old_docs = self._docs if renumber is None else renumber[self._docs].astype(np.int32)
        keep = old_docs >= 0
        keep &= ~replaced[np.maximum(old_docs, 0)]
        all_terms = np.concatenate([old_terms[keep], *new_terms])
        order = np.argsort(all_terms, kind="stable")
        self._docs = np.concatenate([old_docs[keep], *new_docs])[order]
        self._counts = np.concatenate([self._counts[keep], *new_counts])[order]
        self._starts = np.concatenate([[0], np.cumsum(np.bincount(all_terms, minlength=len(terms)))])
        self._ids, self._rows, self._terms, self._lengths = ids, rows, terms, lengths
        self._total = int(lengths.sum())

    def _tokens(self, texts: list[str]) -> list[list[str]]:
        if not texts:
            return []
        return cast(
            list[list[str]],
            bm25s.tokenize(
                texts,
                stopwords="en",
                stemmer=self._stemmer,
                token_pattern=self._TOKENS,
                return_ids=False,
                show_progress=False,
            ),
        )

    def _length_norms(self) -> np.ndarray:
        """Each paper's length term of the BM25 weight (k1 * (1 - b + b * length / mean)), made
        once per index instead of for every posting of every query term (the postings of a term
        most papers hold: half a question's BM25 time at 100k papers). The same operations on
        the same values as per posting, so the weights are those bit for bit."""
        held = self._norms
        if held is not None and held[0] is self._lengths and held[1] == self._total:
            return held[2]
        mean_length = np.float64(self._total) / len(self._ids)
        norms = self._K1 * ((1 - self._B) + self._B * self._lengths / mean_length)
        self._norms = (self._lengths, self._total, norms)
        return norms

    def knows(self, word: str) -> bool:
        """Whether some title or abstract has this word (or another with its stem)."""
        term = self._terms.get(self._stemmer.stemWord(word))
        return term is not None and self._starts[term + 1] > self._starts[term]

    def rank(self, text: str, k: int, asked: Mapping[str, float] = ASKED_TERMS) -> list[str]:
        """Ids of the papers sharing a term with `text`, best first; `asked` weighs each query
        stem (1 when absent: plain BM25)."""
        if not self._ids:
            return []
        query = bm25s.tokenize(
            greek_spelled(text),
            stemmer=self._stemmer,
            token_pattern=self._TOKENS,
            return_ids=False,
            show_progress=False,
        )[0]
        # "over-refusal" also as the abstracts' "overrefusal" (a joined form no paper uses adds nothing).
        query = [*query, *(self._stemmer.stemWord(a + b) for a, b in _HYPHENATED.findall(text.lower()))]
        papers = len(self._ids)
        norms = self._length_norms()
        scores = np.zeros(papers, dtype=np.float32)
        for stem in query:  # in the query's order, repeats included, as bm25s sums them
            term = self._terms.get(stem)
            if term is None:
                continue
            start, end = int(self._starts[term]), int(self._starts[term + 1])
            if start == end:
                continue
            docs, counts = self._docs[start:end], self._counts[start:end]
            frequency = end - start
            # bm25s's "lucene" IDF and term weight, in its types (float32 IDF, float64 weights,
            # float32 scores), so that sums and ties come out as its own do.
            idf = np.float32(math.log(1 + (papers - frequency + 0.5) / (frequency + 0.5)))
            # ... times how far a question's use of the word says the paper sought has it
            # ("chatbot", "pictures": words of the askers, seldom of the papers; rag.asked_terms)
            idf *= np.float32(asked.get(stem, 1.0))
            norm = norms[docs]
            weights = (idf * (counts / (norm + counts))).astype(np.float32)
            np.add.at(scores, docs, weights)
        top, rows = topk(scores, k=min(k, papers), backend="numpy", sorted=True)
        return [self._ids[int(row)] for row, score in zip(rows, top, strict=True) if score > 0]


def bm25_text(paper: Paper) -> str:
    """What BM25 indexes of a paper: the title twice, the abstract, and the long form of each
    acronym the abstract defines once for each other use of it ("Is PRM Necessary?" with
    "process reward models (PRMs)" is about process reward models as often as it says PRM)."""
    spelled = spelled_acronyms(paper.title, paper.abstract)
    text = f"{paper.title}. {paper.title}. {paper.abstract}" + (f" {spelled}" if spelled else "")
    return greek_spelled(text)


def posting_terms(starts: np.ndarray) -> np.ndarray:
    """The term of each posting, given where each term's postings start (term-major): what
    `np.repeat(np.arange(terms), np.diff(starts))` gives, but made by numpy loops that let other
    threads run (`np.repeat` held the GIL for 260-390 ms over 100k papers' postings, pausing
    every question during a catch-up, and so does one `np.cumsum` over them all: 240 ms; it
    runs here over slices of `_CUMSUM_SLICE`, each carrying the last one's total)."""
    postings = int(starts[-1])
    terms = np.zeros(postings, dtype=np.int32)
    bounds = np.asarray(starts[1:-1])
    np.add.at(terms, bounds[bounds < postings], 1)  # one mark where each later term begins
    carried = 0
    for at in range(0, postings, _CUMSUM_SLICE):
        piece = terms[at : at + _CUMSUM_SLICE]
        np.cumsum(piece, out=piece)
        piece += carried
        carried = int(piece[-1])
    return terms


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Everything derived from the stored papers as a whole, at one store generation."""

    papers: PaperTable  # by id, in store order
    bm25: Bm25 | None
    names: NameIndex  # names from titles and abstracts -> paper
    statistics: TermStatistics  # stems and their document frequencies, for coverage
    titles: dict[str, str]  # paper id -> lowercased title
    title_words: dict[str, tuple[str, ...]]  # word of a title -> the papers whose title has it
    title_words_by_length: Mapping[int, tuple[str, ...]]  # the same words, by length
    organisations: frozenset[str]
    title_stems: Mapping[str, frozenset[str]]  # content stem of a title -> the papers whose title has it
    latest_year: int | None  # of the newest dated paper ("this year" in a question)
    # The names found here for papers stored without them (a store written before ingest stored
    # names): found once, not at every rebuild of the name index.
    found_names: Mapping[str, tuple[tuple[str, int], ...]]
    generation: int = 0  # the store generation these papers are from


def build_lexicon(papers: Iterable[Paper], generation: int) -> Lexicon:
    """The lexicon of these papers, from scratch."""
    by_id = {paper.id: paper for paper in papers}
    return _derive(by_id, TermStatistics(by_id.values()), generation, {})


def updated_lexicon(
    lexicon: Lexicon, changed: Sequence[Paper], removed: Iterable[str], generation: int
) -> Lexicon:
    """`lexicon` with `changed` papers added or replaced (in place) and `removed` ids gone: the
    lexicon `build_lexicon` gives for the resulting papers, at the cost of the changed ones.
    Every part is updated paper by paper (BM25 and the name index keep what their weights are
    computed from), so a catch-up with a few papers is a few milliseconds of work per paper and
    copies of the lookups; the previous lexicon is left as it was, for searches meanwhile."""
    gone = set(removed) - {paper.id for paper in changed}
    stale = [
        lexicon.papers[pid]
        for pid in dict.fromkeys([*gone, *(p.id for p in changed)])
        if pid in lexicon.papers
    ]
    papers = lexicon.papers.changed(changed, gone)
    found = dict(lexicon.found_names)
    old_named = list(_named({p.id: p for p in stale}, found))
    for paper in stale:
        found.pop(paper.id, None)
    new_named = list(_named({p.id: p for p in changed}, found))
    titles = dict(lexicon.titles)
    for pid in gone:
        titles.pop(pid, None)
    titles.update((paper.id, paper.title.lower()) for paper in changed)
    title_words = _patched(lexicon.title_words, stale, changed, _title_words, tuple)
    title_stems = _patched(lexicon.title_stems, stale, changed, _title_stems, frozenset)
    words_by_length = dict(lexicon.title_words_by_length)
    touched = dict.fromkeys(w for p in [*stale, *changed] for w in _title_words(p))
    came = [w for w in touched if w in title_words and w not in lexicon.title_words]
    went = {w for w in touched if w in lexicon.title_words and w not in title_words}
    for length in {len(w) for w in [*came, *went]}:
        group = (
            *(w for w in words_by_length.get(length, ()) if w not in went),
            *(w for w in came if len(w) == length),
        )
        if group:
            words_by_length[length] = group
        else:
            words_by_length.pop(length, None)
    organisations = lexicon.organisations | {p.organisation for p in changed if p.organisation}
    if any(p.organisation for p in stale):  # one may have been the last paper of its organisation
        organisations = frozenset(p.organisation for p in papers.values() if p.organisation)
    years = [p.year for p in changed if p.year]
    latest = max([*years, *([lexicon.latest_year] if lexicon.latest_year else [])], default=None)
    if lexicon.latest_year is not None and any(p.year == lexicon.latest_year for p in stale):
        latest = max((p.year for p in papers.values() if p.year), default=None)
    if not papers:
        bm25 = None
    elif lexicon.bm25 is None:
        bm25 = Bm25(papers.values())
    else:
        bm25 = lexicon.bm25.changed(changed, gone)
    log.info("lexicon: %d papers indexed (store generation %d)", len(papers), generation)
    return Lexicon(
        papers,
        bm25,
        lexicon.names.changed(old_named, new_named),
        lexicon.statistics.changed(changed, gone),
        titles,
        title_words,
        words_by_length,
        frozenset(organisations),
        title_stems,
        latest,
        found,
        generation,
    )


_Ids = TypeVar("_Ids", tuple[str, ...], frozenset[str])


def _title_words(paper: Paper) -> list[str]:
    return _WORD.findall(paper.title.lower())


def _title_stems(paper: Paper) -> list[str]:
    return content_stems(paper.title)


def _patched(
    index: Mapping[str, _Ids],
    old: Sequence[Paper],
    new: Sequence[Paper],
    keys: Callable[[Paper], Iterable[str]],
    make: Callable[[list[str]], _Ids],
) -> dict[str, _Ids]:
    """A copy of `index` (key -> paper ids, in paper order) without the `old` papers and with the
    `new` ones (last, in their order); only the entries they touch are copied."""
    dropped: dict[str, set[str]] = {}
    for paper in old:
        for key in set(keys(paper)):
            dropped.setdefault(key, set()).add(paper.id)
    added: dict[str, list[str]] = {}
    for paper in new:
        for key in dict.fromkeys(keys(paper)):
            added.setdefault(key, []).append(paper.id)
    patched = dict(index)
    for key in dropped.keys() | added.keys():
        gone = dropped.get(key, set())
        ids = [pid for pid in index.get(key, ()) if pid not in gone] + added.get(key, [])
        if ids:
            patched[key] = make(ids)
        else:
            patched.pop(key, None)
    return patched


def _derive(
    papers: dict[str, Paper],
    statistics: TermStatistics,
    generation: int,
    found_names: dict[str, tuple[tuple[str, int], ...]],
) -> Lexicon:
    title_words: dict[str, list[str]] = {}
    title_stems: dict[str, set[str]] = {}
    for paper in papers.values():
        for word in set(_WORD.findall(paper.title.lower())):
            title_words.setdefault(word, []).append(paper.id)
        for stem in set(content_stems(paper.title)):
            title_stems.setdefault(stem, set()).add(paper.id)
    log.info("lexicon: %d papers indexed (store generation %d)", len(papers), generation)
    return Lexicon(
        PaperTable.of(papers.values()),
        Bm25(papers.values()) if papers else None,
        NameIndex(_named(papers, found_names)),
        statistics,
        {paper.id: paper.title.lower() for paper in papers.values()},
        {word: tuple(ids) for word, ids in title_words.items()},
        _by_length(title_words),
        frozenset(p.organisation for p in papers.values() if p.organisation),
        {stem: frozenset(ids) for stem, ids in title_stems.items()},
        max((p.year for p in papers.values() if p.year), default=None),
        found_names,
        generation,
    )


def _named(papers: dict[str, Paper], found: dict[str, tuple[tuple[str, int], ...]]) -> Iterator[Paper]:
    """The papers with their names, those stored without them found once and kept in `found`."""
    for paper in papers.values():
        if paper.names:
            yield paper
            continue
        names = found.get(paper.id)
        if names is None:
            names = found[paper.id] = paper_names(paper.title, paper.abstract)
        yield dataclasses.replace(paper, names=names)


def _by_length(words: Iterable[str]) -> dict[int, tuple[str, ...]]:
    groups: dict[int, list[str]] = {}
    for word in words:
        groups.setdefault(len(word), []).append(word)
    return {length: tuple(group) for length, group in groups.items()}


def load_lexicon(directory: Path, store_identity: str) -> Lexicon | None:
    """The lexicon saved in `directory` for this store, or None when there is none, it is of
    another format or another store, or it cannot be read (it is then rebuilt: never a crash).
    The file is paperbot's own, written next to the store by `save_lexicon` (as Chroma keeps
    its own pickled index metadata there). A file of format 9 is mapped into memory and only
    what questions read first is unpickled now (`_load_mapped`); formats 7 and 8 are read
    whole."""
    path = directory / FILE_NAME
    try:
        with path.open("rb") as file, collector_paused():
            header = pickle.load(file)
            if not _readable(header, store_identity, path):
                return None
            if header["format"] == FORMAT_VERSION:
                lexicon = _load_mapped(file)
            else:
                old = pickle.load(file) if header["format"] == _WHOLE_FORMAT else _load_parts(file)
                if isinstance(old, Lexicon):
                    old = dataclasses.replace(old, papers=PaperTable.of(old.papers.values()))
                lexicon = old
    except FileNotFoundError:
        return None
    except Exception as error:  # a truncated or foreign file: rebuild it
        log.warning("lexicon at %s is unreadable (%s): rebuilding it", path, error)
        return None
    if not isinstance(lexicon, Lexicon):
        log.warning("lexicon at %s holds something else: rebuilding it", path)
        return None
    return lexicon


def _load_mapped(file: Any) -> Lexicon:
    """The lexicon `_write_mapped` wrote, the file mapped into memory: BM25's arrays and the
    encoded papers are views of the mapping (read from disk as they are touched), the papers are
    decoded one by one when asked for (`PaperTable`), and the parts a question seldom needs
    (who holds each name, title stems, title words by length, names found at load) are
    unpickled on first use. A one-shot command unpickles a fifth of the file (docs/design.md,
    "Persisted lexicon"). The mapping outlives a later save's replacement of the file."""
    mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    (contents_at,) = struct.unpack("<Q", mapped[-8:])
    contents = pickle.loads(mapped[contents_at : len(mapped) - 8])
    if tuple(contents["paper_fields"]) != PAPER_FIELDS:
        raise ValueError("its papers have other fields than this version's")
    parts: dict[str, list[tuple[int, int]]] = contents["parts"]
    arrays: dict[str, tuple[int, str, int]] = contents["arrays"]

    def part(name: str) -> Any:
        """A value, or a dictionary written in several pickles (`_DICT_CHUNK` objects each: one
        pickle is unpickled holding the GIL, and a catch-up reads the deferred ones while
        questions are answered)."""
        with collector_paused():  # a deferred part is read after the collector is back on
            values = [pickle.loads(mapped[offset : offset + length]) for offset, length in parts[name]]
        if len(values) == 1:
            return values[0]
        merged: dict[Any, Any] = {}
        for value in values:
            merged.update(value)
        return merged

    def array(name: str) -> np.ndarray:
        offset, dtype, count = arrays[name]
        return np.frombuffer(mapped, dtype=np.dtype(dtype), count=count, offset=offset)

    bm25: Bm25 | None = None
    if (saved := part("bm25")) is not None:
        bm25 = Bm25.__new__(Bm25)
        starts, docs, counts, lengths = (array(f"bm25.{name}") for name in _BM25_ARRAYS)
        bm25.__setstate__(
            {"_ids": saved[0], "_terms": part("bm25.terms"), "_starts": starts, "_docs": docs}
            | {"_counts": counts, "_lengths": lengths, "_total": saved[1]}
        )
    statistics = TermStatistics.__new__(TermStatistics)
    statistics.__setstate__({name: part(f"statistics.{name}") for name in ("frequency", "papers", "stems")})
    papers_at, papers_length = parts["papers"][0]
    encoded = memoryview(mapped)[papers_at : papers_at + papers_length]
    return Lexicon(
        papers=PaperTable.decoding(part("paper_ids"), encoded, array("paper_offsets")),
        bm25=bm25,
        names=NameIndex.restored(
            {name: part(f"names.{name}") for name in NameIndex.ASKED},
            lambda: {name: part(f"names.{name}") for name in NameIndex.WEIGHED},
        ),
        statistics=statistics,
        titles=part("titles"),
        title_words=part("title_words"),
        title_words_by_length=Deferred(lambda: part("title_words_by_length")),
        organisations=part("organisations"),
        title_stems=Deferred(lambda: part("title_stems")),
        latest_year=part("latest_year"),
        found_names=Deferred(lambda: part("found_names")),
        generation=part("generation"),
    )


def _write_mapped(lexicon: Lexicon, file: Any) -> None:
    """After the header: each part as pickles (a dictionary `_DICT_CHUNK` objects to a pickle)
    or as an array's raw bytes (aligned, for views), the papers encoded one after the other,
    then the table of contents and, in the last 8 bytes, where it starts. No pickle is large:
    one pickle's memo holds every object it wrote, and growing it rehashes it whole holding the
    GIL (the 100k lexicon saved as one pickle paused a bot's other threads for up to 1.2 s).
    Papers read from a file are copied as they were read, not decoded and pickled again."""
    parts: dict[str, list[tuple[int, int]]] = {}
    arrays: dict[str, tuple[int, str, int]] = {}

    def part(name: str, value: object) -> None:
        pieces: Iterable[object] = [value]
        if isinstance(value, dict) and len(value) > 1:
            pieces = _pieces(value, _DEFERRED_CHUNK if name in _DEFERRED else None)
        parts[name] = []
        for piece in pieces:
            offset = file.tell()
            pickle.dump(piece, file, protocol=pickle.HIGHEST_PROTOCOL)
            parts[name].append((offset, file.tell() - offset))

    def array(name: str, values: np.ndarray) -> None:
        file.write(b"\0" * (-file.tell() % _ALIGN))
        offset = file.tell()
        data = np.ascontiguousarray(values)
        raw = data.view(np.uint8).data
        for at in range(0, len(raw), _WRITE_SLICE):  # small writes: each holds the GIL briefly
            file.write(raw[at : at + _WRITE_SLICE])
        arrays[name] = (offset, data.dtype.str, len(data))

    for name in ("titles", "title_words", "organisations", "latest_year", "generation"):
        part(name, getattr(lexicon, name))
    bm25 = lexicon.bm25
    part("bm25", None if bm25 is None else (bm25._ids, bm25._total))
    if bm25 is not None:
        part("bm25.terms", bm25._terms)
        for name in _BM25_ARRAYS:
            array(f"bm25.{name}", getattr(bm25, f"_{name}"))
    for state in (lexicon.names.asked_state(), lexicon.names.weighed_state()):
        for name, value in state.items():
            part(f"names.{name}", value)
    for name, value in lexicon.statistics.__getstate__().items():
        part(f"statistics.{name}", value)
    for name in ("title_words_by_length", "title_stems", "found_names"):
        part(name, dict(getattr(lexicon, name)))
    ids: list[str] = []
    offsets = [0]
    pending: list[bytes] = []
    started = file.tell()
    for paper_id, encoded in lexicon.papers.encode():
        ids.append(paper_id)
        pending.append(encoded)
        offsets.append(offsets[-1] + len(encoded))
        if offsets[-1] - (file.tell() - started) >= _WRITE_SLICE:
            file.write(b"".join(pending))
            pending.clear()
    file.write(b"".join(pending))
    parts["papers"] = [(started, file.tell() - started)]
    part("paper_ids", ids)
    array("paper_offsets", np.asarray(offsets, dtype=np.int64))
    contents_at = file.tell()
    contents = {"parts": parts, "arrays": arrays, "paper_fields": PAPER_FIELDS}
    pickle.dump(contents, file, protocol=pickle.HIGHEST_PROTOCOL)
    file.write(struct.pack("<Q", contents_at))


def _weight(value: object) -> int:
    """Roughly how many objects unpickling `value` makes (a collection of collections counted
    by its first member's size, not walked)."""
    if isinstance(value, dict):
        return len(value) + sum(_weight(item) for item in value.values())
    if isinstance(value, (tuple, list)):
        inner = len(value[0]) if value and isinstance(value[0], (tuple, list)) else 0
        return 1 + len(value) * (1 + inner)
    if isinstance(value, (frozenset, set)):
        return 1 + len(value)
    return 1


def _pieces(value: dict[Any, Any], most: int | None) -> Iterator[dict[Any, Any]]:
    """`value` in dictionaries of `_DICT_CHUNK` entries, and of about `most` objects' weight at
    most when given (an entry is never split). A part a bot reads while it answers is cut by
    weight: 2,000 entries of the name index's holders (a name, then every paper that uses it)
    made one 9.6 MB pickle, unpickled in one call of 334 ms at 100k papers. A part read before
    the first answer is cut by entries only: smaller pieces repeat more ids (a pickle shares a
    string it wrote twice only within itself), and one-shot commands read title words whole
    (+58 MiB at 100k when they too were cut by weight)."""
    piece: dict[Any, Any] = {}
    weight = 0
    for key, item in value.items():
        piece[key] = item
        weight += 1 + _weight(item) if most is not None else 0
        if len(piece) >= _DICT_CHUNK or (most is not None and weight >= most):
            yield piece
            piece, weight = {}, 0
    if piece:
        yield piece


def load_whole(lexicon: Lexicon) -> None:
    """Read now every part a format-9 file leaves for first use and decode every paper: for a
    process that answers for days, which then freezes it all out of the collector's reach.
    Safe beside searches. BM25's arrays are copied; the encoded papers, no longer read, are let
    go with the file's mapping at the next catch-up, the first thing that follows a save
    replacing the file."""
    lexicon.names.weighed_state()
    for deferred in (lexicon.title_words_by_length, lexicon.title_stems, lexicon.found_names):
        len(deferred)
    lexicon.papers.decode_all()
    bm25 = lexicon.bm25
    if bm25 is not None:  # copies, not views of the file, from here on (the same values)
        bm25._starts, bm25._docs = np.array(bm25._starts), np.array(bm25._docs)
        bm25._counts, bm25._lengths = np.array(bm25._counts), np.array(bm25._lengths)


def _load_parts(file: Any) -> Lexicon:
    """The lexicon format 8 wrote: (field, value) pairs, the papers 5,000 to a pickle, then
    (None, None)."""
    fields: dict[str, Any] = {}
    papers: dict[str, Paper] = {}
    while True:
        name, value = pickle.load(file)
        if name is None:
            return Lexicon(papers=PaperTable.of(papers.values()), **fields)
        if name == "papers":
            papers.update(value)
        else:
            fields[name] = value


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off meanwhile (left off if it was): unpickling a lexicon
    makes millions of containers, which set off collection after collection, each walking all
    that was made so far, for nothing (the lexicon holds no reference cycles). A third of the
    load at 10k papers (docs/design.md, "Persisted lexicon")."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def saved_generation(directory: Path, store_identity: str) -> int | None:
    """The store generation of the lexicon saved for this store, read from the file's small
    header alone (None: no usable file)."""
    try:
        with (directory / FILE_NAME).open("rb") as file:
            header = pickle.load(file)
    except Exception:  # missing, truncated or foreign: as good as none
        return None
    generation = header.get("generation") if _readable(header, store_identity, None) else None
    return generation if isinstance(generation, int) else None


def saved_format(directory: Path, store_identity: str) -> int | None:
    """The format of the lexicon file saved for this store (None: no usable file); one older
    than `FORMAT_VERSION` is read, and worth saving again."""
    try:
        with (directory / FILE_NAME).open("rb") as file:
            header = pickle.load(file)
    except Exception:  # missing, truncated or foreign: as good as none
        return None
    return cast(int, header["format"]) if _readable(header, store_identity, None) else None


def _readable(header: object, store_identity: str, path: Path | None) -> bool:
    if not isinstance(header, dict) or header.get("format") not in (FORMAT_VERSION, *_OLD_FORMATS):
        if path is not None:
            log.info("lexicon at %s is of another format: rebuilding it", path)
        return False
    if header.get("store") != store_identity:
        if path is not None:
            log.info("lexicon at %s belongs to another store: rebuilding it", path)
        return False
    return True


def save_lexicon(lexicon: Lexicon, directory: Path, store_identity: str) -> None:
    """Write the lexicon atomically (a reader sees the old file or the new, never half of one):
    a small header (format, store, generation) and then the lexicon in parts (`_write_mapped`).
    A failure is logged, not raised: the next process rebuilds what it cannot load."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".lexicon-", dir=directory)
        try:
            # The collector off meanwhile, as for loading: each pickle keeps what it made until
            # it ends (the papers' and names' reduced forms), and the collections they set off
            # walked them holding the GIL, 70-120 ms each at 100k papers, pausing every question.
            with os.fdopen(handle, "wb") as file, collector_paused():
                header = {"format": FORMAT_VERSION, "store": store_identity, "generation": lexicon.generation}
                pickle.dump(header, file, protocol=pickle.HIGHEST_PROTOCOL)
                _write_mapped(lexicon, file)
            os.replace(temporary, directory / FILE_NAME)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        log.warning("could not save the lexicon in %s (%s); the next start rebuilds it", directory, error)
