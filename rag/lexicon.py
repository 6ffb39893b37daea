"""The lexical side of retrieval and what answering derives from every stored paper: the papers,
BM25 (bm25s), the name index, title words, term statistics and organisations, stamped with the
store generation they reflect. Built once from a scan of the store, then brought up to date from
the papers written since, and kept in a file next to the store so a new process loads it instead
of scanning (docs/design.md, "Persisted lexicon"). Knows papers, not Chroma.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import pickle
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bm25s
import Stemmer

from rag.decide import TermStatistics, content_stems
from rag.model import Paper
from rag.names import NameIndex, paper_names

log = logging.getLogger(__name__)

# Bump when what the file holds changes shape: an older file is then rebuilt, never misread.
FORMAT_VERSION = 4
FILE_NAME = "lexicon.pickle"
_WORD = re.compile(r"[a-z0-9]+")


class Bm25:
    """Okapi BM25 (bm25s) over title, title again and abstract: the title is the densest statement
    of what a paper is about. Tokens as llama-index's BM25Retriever makes them (English stop words
    and Porter stems for documents, stems for queries), without its copy of every document: a
    tenth of the memory on a large store (docs/design.md)."""

    _TOKENS = r"(?u)\b\w\w+\b"

    def __init__(self, papers: Iterable[Paper]) -> None:
        self._stemmer = Stemmer.Stemmer("english")
        self._ids: list[str] = []
        texts: list[str] = []
        for paper in papers:
            self._ids.append(paper.id)
            texts.append(f"{paper.title}. {paper.title}. {paper.abstract}")
        tokens = bm25s.tokenize(
            texts, stopwords="en", stemmer=self._stemmer, token_pattern=self._TOKENS, show_progress=False
        )
        self._index = bm25s.BM25()
        self._index.index(tokens, show_progress=False)
        self._stems = frozenset(tokens.vocab)

    def __getstate__(self) -> dict[str, Any]:
        # The stemmer is a C object that cannot be pickled; it holds no state of its own.
        return {"ids": self._ids, "index": self._index, "stems": self._stems}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._stemmer = Stemmer.Stemmer("english")
        self._ids, self._index, self._stems = state["ids"], state["index"], state["stems"]

    def knows(self, word: str) -> bool:
        """Whether some title or abstract has this word (or another with its stem)."""
        return self._stemmer.stemWord(word) in self._stems

    def rank(self, text: str, k: int) -> list[str]:
        """Ids of the papers sharing a term with `text`, best first."""
        query = bm25s.tokenize(text, stemmer=self._stemmer, token_pattern=self._TOKENS, show_progress=False)
        rows, scores = self._index.retrieve(query, k=min(k, len(self._ids)), show_progress=False)
        return [self._ids[int(row)] for row, score in zip(rows[0], scores[0], strict=True) if score > 0]


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Everything derived from the stored papers as a whole, at one store generation."""

    papers: dict[str, Paper]
    bm25: Bm25 | None
    names: NameIndex  # names from titles and abstracts -> paper
    statistics: TermStatistics  # stems and their document frequencies, for coverage
    titles: dict[str, str]  # paper id -> lowercased title
    title_words: dict[str, tuple[str, ...]]  # word of a title -> the papers whose title has it
    title_words_by_length: dict[int, tuple[str, ...]]  # the same words, by length
    organisations: frozenset[str]
    title_stems: dict[str, frozenset[str]]  # content stem of a title -> the papers whose title has it
    latest_year: int | None  # of the newest dated paper ("this year" in a question)
    # The names found here for papers stored without them (a store written before ingest stored
    # names): found once, not at every rebuild of the name index.
    found_names: dict[str, tuple[tuple[str, int], ...]]
    generation: int = 0  # the store generation these papers are from


def build_lexicon(papers: Iterable[Paper], generation: int) -> Lexicon:
    """The lexicon of these papers, from scratch."""
    by_id = {paper.id: paper for paper in papers}
    return _derive(by_id, TermStatistics(by_id.values()), generation, {})


def updated_lexicon(
    lexicon: Lexicon, changed: Sequence[Paper], removed: Iterable[str], generation: int
) -> Lexicon:
    """`lexicon` with `changed` papers added or replaced and `removed` ids gone. The term
    statistics are updated paper by paper; BM25 and the name index weigh every paper against all
    the others (IDF, names several papers share), so they are rebuilt from the papers in memory,
    which costs no store scan."""
    gone = set(removed)
    papers = {pid: paper for pid, paper in lexicon.papers.items() if pid not in gone}
    papers.update((paper.id, paper) for paper in changed)
    statistics = lexicon.statistics.changed(changed, gone)
    stale = gone | {paper.id for paper in changed}
    found = {pid: names for pid, names in lexicon.found_names.items() if pid not in stale}
    return _derive(papers, statistics, generation, found)


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
        papers,
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
    its own pickled index metadata there)."""
    path = directory / FILE_NAME
    try:
        with path.open("rb") as file:
            saved = pickle.load(file)
    except FileNotFoundError:
        return None
    except Exception as error:  # a truncated or foreign file: rebuild it
        log.warning("lexicon at %s is unreadable (%s): rebuilding it", path, error)
        return None
    if not isinstance(saved, dict) or saved.get("format") != FORMAT_VERSION:
        log.info("lexicon at %s is of another format: rebuilding it", path)
        return None
    if saved.get("store") != store_identity or not isinstance(saved.get("lexicon"), Lexicon):
        log.info("lexicon at %s belongs to another store: rebuilding it", path)
        return None
    lexicon: Lexicon = saved["lexicon"]
    return lexicon


def save_lexicon(lexicon: Lexicon, directory: Path, store_identity: str) -> None:
    """Write the lexicon atomically (a reader sees the old file or the new, never half of one).
    A failure is logged, not raised: the next process rebuilds what it cannot load."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".lexicon-", dir=directory)
        try:
            with os.fdopen(handle, "wb") as file:
                payload = {"format": FORMAT_VERSION, "store": store_identity, "lexicon": lexicon}
                pickle.dump(payload, file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, directory / FILE_NAME)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        log.warning("could not save the lexicon in %s (%s); the next start rebuilds it", directory, error)
