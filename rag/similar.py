"""Papers like one paper: its nearest abstracts, each with the key phrases the two share (rare
concepts, not filler), found for a paper id, arXiv id, name or title. One core for every surface."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.cite import lookup_paper
from rag.decide import FUNCTION_WORDS, TermStatistics, content_stems
from rag.errors import PaperbotError
from rag.model import Neighbour, Paper
from rag.retrieve import HybridRetriever

_WORD = re.compile(r"[a-z][a-z0-9-]*[a-z0-9]|[a-z]")
# A web address, with or without its scheme ("https://github.com/x", "mm-rlhf.github.io").
_ADDRESS = re.compile(r"\b(?:https?://|www\.)\S+|\b[\w.-]+\.(?:com|org|io|net|ai|edu)(?:/\S*)?", re.I)
# Words that qualify or connect ("even", "different", "novel") are not concepts two papers share.
_QUALIFIERS = frozenset(
    """even different various several novel new recent recently significant significantly strong
    stronger simple simply effective effectively efficient efficiently large small high low better
    best well first second third two three one often also however additionally furthermore moreover
    thus therefore including include includes across among within without while like such key
    important existing current previous prior propose proposed present presents introduce introduces
    show shows shown demonstrate demonstrates achieve achieves achieved improve improves improved
    approach approaches method methods framework model models paper work results result experiments
    extensive comprehensive specific general based leveraging leverage enable enables task tasks""".split()
)


@dataclass(frozen=True, slots=True)
class Similar:
    """The paper asked about (None when nothing matches) and its neighbours; `closest` are the
    titles offered when nothing matched."""

    paper: Paper | None
    neighbours: tuple[Neighbour, ...] = ()
    closest: tuple[Paper, ...] = ()


class NoPaperError(PaperbotError, LookupError):
    """No paper is stored yet."""


def find_similar(retriever: HybridRetriever, query: str, k: int = 5, matches: bool = True) -> Similar:
    """The paper `query` names and its `k` nearest neighbours (never itself). `matches` False
    (the answerer found nothing the query could mean) gives the closest titles instead."""
    found = lookup_paper(retriever, query)
    if found.paper is None:
        raise NoPaperError("no papers are stored yet")
    if not matches:
        return Similar(None, (), (found.paper, *found.alternatives)[:3])
    return Similar(found.paper, neighbours_of(retriever, found.paper, k))


def neighbours_of(retriever: HybridRetriever, paper: Paper, k: int = 5) -> tuple[Neighbour, ...]:
    """The `k` stored papers nearest to `paper` (never itself), with what each shares with it."""
    store, papers = retriever.store, retriever.papers()
    vector = store.paper_vectors([paper.id])[paper.id]
    statistics = retriever.term_statistics()
    neighbours = []
    for hit in store.search_papers(vector, k + 1):
        other = papers.get(hit.paper_id)
        if other is None or other.id == paper.id or other.title == paper.title:
            continue
        neighbours.append(Neighbour(other, hit.score, shared_concepts(paper, other, statistics)))
    return tuple(neighbours[:k])


def _phrases(paper: Paper) -> dict[str, tuple[tuple[str, ...], int, bool]]:
    """Key phrases of a paper (content words and pairs of adjacent ones) -> (their words, how
    often the paper uses the phrase, whether its title does)."""
    title = set(_WORD.findall(paper.title.lower()))
    # (an address is no phrase: "github com" is shared by every paper that gives its code)
    words = _WORD.findall(_ADDRESS.sub(" ", f"{paper.title}. {paper.abstract}").lower())
    content = [w if w not in FUNCTION_WORDS and w not in _QUALIFIERS and len(w) > 2 else "" for w in words]
    phrases: dict[str, tuple[tuple[str, ...], int, bool]] = {}

    def count(phrase: str, parts: tuple[str, ...]) -> None:
        known = phrases.get(phrase)
        phrases[phrase] = (parts, (known[1] if known else 0) + 1, all(p in title for p in parts))

    for index, word in enumerate(content):
        if not word:
            continue
        count(word, (word,))
        following = content[index + 1] if index + 1 < len(content) else ""
        if following:
            count(f"{word} {following}", (word, following))
    return phrases


def shared_concepts(
    first: Paper, second: Paper, statistics: TermStatistics, limit: int = 4
) -> tuple[str, ...]:
    """What two papers are both about: phrases both use, weighted by rarity (IDF, summed over a
    pair's words) and by how central they are to each (repeated, or in a title). A single word
    must be repeated by both or be in a title; a word inside a chosen pair is not repeated."""
    mine, theirs = _phrases(first), _phrases(second)

    def weight(phrase: str) -> float:
        words, uses_a, title_a = mine[phrase]
        _, uses_b, title_b = theirs[phrase]
        if len(words) == 1 and not (title_a or title_b or min(uses_a, uses_b) >= 2):
            return 0.0
        rarity = 0.0
        for word in words:
            stems = content_stems(word)
            if not stems or statistics.frequency.get(stems[0], 0) < 2:
                return 0.0  # a word no other paper uses is a name, not a shared concept
            rarity += statistics.idf(stems[0])
        return rarity * (1 + title_a + title_b) * min(uses_a, uses_b, 3)

    ranked = sorted(((weight(p), p) for p in mine if p in theirs), key=lambda item: (-item[0], item[1]))
    chosen: list[str] = []
    for score, phrase in ranked:
        # (a word, or another form of it, inside a phrase already chosen: "llms" after "llm")
        if score <= 0 or any(_forms(phrase) & _forms(taken) for taken in chosen):
            continue
        chosen.append(phrase)
        if len(chosen) == limit:
            break
    return tuple(chosen)


def _forms(phrase: str) -> set[str]:
    """The stems of a phrase's words, a plural the stemmer keeps ("llms") as its singular."""
    return {stem[:-1] if stem.endswith("s") and len(stem) > 3 else stem for stem in content_stems(phrase)}
