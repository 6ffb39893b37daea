"""The transport-agnostic answering core: `await answerer.answer(question, history) -> Answer`.

The default answerer is extractive: it quotes the sentences of the top papers that best match
the question, each cited. It refuses (a normal `Answer(grounded=False)`) when the evidence is
too weak, and answers metadata questions from the metadata.
"""

from __future__ import annotations

import asyncio
import logging
import re
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import Stemmer

from rag.cite import Citation, enforce_citations
from rag.intents import Intent, apply_intent, parse_intent
from rag.papers import Paper
from rag.names import title_name
from rag.retrieve import HybridRetriever, SearchResult, clean_query

log = logging.getLogger(__name__)

NOT_COVERED = "The corpus does not cover this."
MAX_QUESTION_CHARS = 2000
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9\-]+")
_TOKEN = re.compile(r"[a-z0-9]+")
_QUOTED = re.compile(r"['\"‘“]([^'\"’”]{12,})['\"’”]")
_LOOKUP = re.compile(r"\b(cite|citation|bibtex|reference|arxiv|link to|paper link)\b", re.I)
_MULTI = re.compile(
    r"\b(which|what|any|list)\b.*\bpapers\b|\bpapers (on|about|that)\b|\bwork (on|in)\b", re.I
)
# Below this sentence similarity no quoted sentence is a credible answer. On the dev set every
# answerable question's best sentence scores >= 0.42, and the unanswerable ones score 0.47-0.57:
# similarity alone cannot separate them (see bench/README.md), so this only catches the clearly
# off-topic and the term checks in `_refusal_reason` do the rest.
MIN_SENTENCE_SIMILARITY = 0.30
# A question this short states a specific need; every specific term it uses should occur in the
# papers that answer it. Longer questions are paraphrased descriptions and are not checked.
SPECIFIC_QUESTION_TERMS = 8
_FUNCTION_WORDS = frozenset(
    """a about above after again against all also am an and any anything are as at be because been
    before being below between both but by can could did do does doing down during each either else
    ever every few for from further get gets had has have having he her here hers him his how i if in
    into is it its itself just least less let like made make many may me might more most much must my
    near need no nor not now of off often on once one only or other others otherwise our ours out over
    own per please rather same say see several shall she should show so some something such than that
    the their theirs them then there these they thing things this those though through thus to too
    toward towards under until up upon us use used uses using very via want was way we were what when
    where whether which while who whom whose why will with within without would yet you your yours
    paper papers work works study studies article articles research corpus cite citation reference
    reduce reducing improve improving help helps helping better best good make makes making based
    bibtex link original mainly exist existing approach approaches method methods model models
    llm llms lm lms language large new propose proposed tell know find list show give""".split()
)


@dataclass(frozen=True, slots=True)
class Turn:
    question: str
    answer: str


@dataclass(frozen=True, slots=True)
class Answer:
    """What every adapter renders. `sources` are the ranked papers considered (ids)."""

    question: str
    text: str
    citations: tuple[Citation, ...]
    grounded: bool
    related: tuple[Paper, ...] = ()
    sources: tuple[str, ...] = ()
    kind: str = "answer"  # answer | refusal | metadata
    notes: tuple[str, ...] = field(default=())


class Answerer(Protocol):
    """What the adapters hold: the extractive default, or `rag.llm.LLMAnswerer` around it."""

    @property
    def retriever(self) -> HybridRetriever: ...

    async def answer(self, question: str, history: Sequence[Turn] = ()) -> Answer: ...

    def answer_sync(self, question: str, history: Sequence[Turn] = ()) -> Answer: ...

    def prepare(self) -> None: ...

    def refresh(self) -> None: ...


def refusal(question: str, related: Sequence[Paper], sources: Sequence[str], reason: str) -> Answer:
    """The normal "not in the corpus" answer: no citations, a few related papers by title."""
    lines = [NOT_COVERED]
    if related:
        lines.append("Related, but not an answer: " + "; ".join(p.title for p in related) + ".")
    log.info("refused %r: %s", question[:80], reason)
    return Answer(question, "\n".join(lines), (), False, tuple(related), tuple(sources), "refusal", (reason,))


class ExtractiveAnswerer:
    """Quotes, never invents. Thread-safe; the blocking work runs off the event loop."""

    def __init__(self, retriever: HybridRetriever, max_sentences: int = 3) -> None:
        self._retriever = retriever
        self._max_sentences = max_sentences
        # Built from the retriever's papers, and rebuilt when they change (an ingest).
        self._vocabulary_words: tuple[dict[str, Paper], frozenset[str]] | None = None
        self._stem_vocabulary: tuple[dict[str, Paper], frozenset[str]] | None = None
        self._lock = threading.Lock()

    @property
    def retriever(self) -> HybridRetriever:
        return self._retriever

    def prepare(self) -> None:
        """Build now what the first question would otherwise wait for (the lexical index and
        vocabularies: seconds on a large store). Bots call it in the background at start."""
        started = time.perf_counter()
        papers = self._retriever.papers()
        self._vocabulary()
        self._stems()
        log.info("answerer ready: %d papers in %.1f s", len(papers), time.perf_counter() - started)

    def refresh(self) -> None:
        """After an ingest: rebuild everything derived from the stored papers."""
        self._retriever.refresh()
        self.prepare()

    async def answer(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        return await asyncio.to_thread(self.answer_sync, question, history)

    def answer_sync(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        text = clean_query(question)[:MAX_QUESTION_CHARS]
        intent = parse_intent(text, self._retriever.organisations())
        if intent.wants_metadata:
            return self._answer_metadata(text, intent)
        query = self._with_history(text, history)
        results = self._retriever.search(query, k=10)
        if not results:
            return Answer(
                text, "No papers are stored yet: run `paperbot ingest` first.", (), False, kind="refusal"
            )
        results = self._promote_complete_matches(text, query, results)
        refusal = self._refusal_reason(text, results)
        if refusal:
            return self._refuse(text, results, refusal)
        return self._extract(text, query, results)

    def _with_history(self, question: str, history: Sequence[Turn]) -> str:
        """Elliptical follow-ups ("and which of those use RL?") borrow the last question's topic."""
        if not history:
            return question
        words = len(question.split())
        if words > 12 and not re.search(r"\b(those|these|them|it|that one|the same)\b", question, re.I):
            return question
        return f"{question} {history[-1].question}"

    # ---- refusal ------------------------------------------------------------------------------

    def _refusal_reason(self, question: str, results: list[SearchResult]) -> str | None:
        papers = self._retriever.papers()
        corpus_text = self._vocabulary()
        # A named thing the corpus never mentions (a language, a venue, a quoted title).
        for quoted in _QUOTED.findall(question):
            if len(quoted.split()) >= 4 and not any(_phrase_in(quoted, p.title) for p in papers.values()):
                return f"nothing in the corpus is titled “{quoted.strip()}”"
        for word in _proper_nouns(question):
            if word.lower() not in corpus_text:
                return f"no paper mentions “{word}”"
        if _LOOKUP.search(question) and not self._names_a_paper(question, results):
            top_title = results[0].paper.title.lower()
            if not _phrase_in(_strip_lookup_words(question), top_title):
                return "no paper title matches"
        unmet = self._unmet_terms(question, results[:5])
        if unmet and not self._names_a_paper(question, results):
            return "no matching paper mentions " + ", ".join(f"“{term}”" for term in unmet)
        best = max((score for _, score in self._best_sentences(question, results[:5], 1)), default=0.0)
        if best < MIN_SENTENCE_SIMILARITY and not self._names_a_paper(question, results):
            return "no passage answers it closely enough"
        return None

    def _promote_complete_matches(
        self, question: str, query: str, results: list[SearchResult]
    ) -> list[SearchResult]:
        """When the top papers miss a specific term of a short question, a paper further down
        that contains every term is the better answer: move such papers to the front."""
        if not self._unmet_terms(question, results[:5]):
            return results
        terms = [w for w in _WORD.findall(question.lower()) if w not in _FUNCTION_WORDS and len(w) > 2]
        wanted = {stem for term in terms for stem in _stems_of(term) if stem in self._stems()}
        deeper = self._retriever.search(query, k=50)
        complete = [r for r in deeper if wanted <= set(_stems_of(f"{r.paper.title} {r.paper.abstract}"))]
        if not complete:
            return results
        promoted = {r.paper.id for r in complete}
        return complete + [r for r in results if r.paper.id not in promoted]

    def _unmet_terms(self, question: str, results: Sequence[SearchResult]) -> list[str]:
        """Specific terms of a short question that the corpus knows but no top paper contains."""
        terms = [w for w in _WORD.findall(question.lower()) if w not in _FUNCTION_WORDS and len(w) > 2]
        if not terms or len(terms) > SPECIFIC_QUESTION_TERMS:
            return []
        vocabulary = self._stems()
        supporting: set[str] = set()
        for result in results:
            supporting.update(_stems_of(f"{result.paper.title} {result.paper.abstract}"))
        unmet = []
        for term in dict.fromkeys(terms):
            stems = _stems_of(term)
            # Only terms the corpus knows elsewhere: an unknown word is more often a paraphrase.
            if stems and all(s in vocabulary for s in stems) and not all(s in supporting for s in stems):
                unmet.append(term)
        return unmet

    def _stems(self) -> frozenset[str]:
        """Every stem of every title and abstract."""
        papers = self._retriever.papers()
        with self._lock:
            if self._stem_vocabulary is None or self._stem_vocabulary[0] is not papers:
                # Each distinct word stemmed once (the same set as stemming every word).
                words: set[str] = set()
                for paper in papers.values():
                    words.update(_TOKEN.findall(f"{paper.title} {paper.abstract}".lower()))
                stems = frozenset(_stems_of(" ".join(words)))
                self._stem_vocabulary = (papers, stems)
            return self._stem_vocabulary[1]

    def _names_a_paper(self, question: str, results: list[SearchResult]) -> bool:
        squashed = re.sub(r"[^a-z0-9]", "", question.lower())
        name = title_name(results[0].paper.title)
        return bool(name and len(name) >= 3 and re.sub(r"[^a-z0-9]", "", name.lower()) in squashed)

    def _vocabulary(self) -> frozenset[str]:
        """Every word of every title and abstract, lowercased."""
        papers = self._retriever.papers()
        with self._lock:
            if self._vocabulary_words is None or self._vocabulary_words[0] is not papers:
                words: set[str] = set()
                for paper in papers.values():
                    words.update(_WORD.findall(f"{paper.title} {paper.abstract}".lower()))
                self._vocabulary_words = (papers, frozenset(words))
            return self._vocabulary_words[1]

    def _refuse(self, question: str, results: list[SearchResult], reason: str) -> Answer:
        return refusal(question, [r.paper for r in results[:3]], [r.paper.id for r in results], reason)

    # ---- extractive answer --------------------------------------------------------------------

    def _best_sentences(
        self, question: str, results: Sequence[SearchResult], per_paper: int
    ) -> list[tuple[tuple[Paper, str], float]]:
        """The best-matching stored sentences (chunks) of the given papers, best first."""
        papers = {r.paper.id: r.paper for r in results}
        if not papers:
            return []
        vector = self._retriever.store.embedder.embed_query(question)
        hits = self._retriever.store.search_chunks(vector, k=8 * len(papers), paper_ids=list(papers))
        taken: dict[str, int] = {}
        picked: list[tuple[tuple[Paper, str], float]] = []
        for hit in hits:
            if hit.paper_id in papers and taken.get(hit.paper_id, 0) < per_paper:
                taken[hit.paper_id] = taken.get(hit.paper_id, 0) + 1
                picked.append(((papers[hit.paper_id], hit.text), hit.score))
        return picked

    def _extract(self, question: str, query: str, results: list[SearchResult]) -> Answer:
        multi = bool(_MULTI.search(question))
        lookup = self._names_a_paper(question, results) or bool(_LOOKUP.search(question))
        if multi and not lookup:
            # Several papers qualify: one sentence from each paper that matches nearly as well.
            candidates = self._best_sentences(query, results[:6], 1)
            best = max((score for _, score in candidates), default=0.0)
            chosen = [c for c in candidates if c[1] >= best - 0.12][:5]
        else:
            # One paper answers: quote its best sentences, in the abstract's order.
            chosen = self._best_sentences(query, results[:1], self._max_sentences - 1)
            if chosen:
                floor = chosen[0][1] - 0.15
                chosen = [c for c in chosen if c[1] >= floor]
                chosen.sort(key=lambda c: c[0][0].abstract.find(c[0][1]))
        offered: dict[int, Paper] = {}
        snippets: dict[int, str] = {}
        parts = []
        for (paper, sentence), _score in chosen:
            number = next((n for n, p in offered.items() if p.id == paper.id), len(offered) + 1)
            offered[number] = paper
            snippets.setdefault(number, _trim(sentence))
            parts.append(f"{_trim(sentence)} [{number}]")
        text, citations = enforce_citations(" ".join(parts), offered, snippets)
        return Answer(question, text, citations, True, (), tuple(r.paper.id for r in results))

    # ---- metadata -----------------------------------------------------------------------------

    def _answer_metadata(self, question: str, intent: Intent) -> Answer:
        papers = list(self._retriever.papers().values())
        if intent.ask_count_of:
            results = self._retriever.search(intent.topic or question, k=5)
            if not results:
                return Answer(question, NOT_COVERED, (), False, kind="refusal")
            paper = results[0].paper
            value = getattr(paper, intent.ask_count_of)
            label = "authors" if intent.ask_count_of == "author_count" else "upvotes"
            if value is None:
                body = f"The listing does not give the number of {label} for this paper [1]."
            else:
                body = f"{value} {label} [1]."
            text, citations = enforce_citations(body, {1: paper}, {1: paper.title})
            return Answer(question, text, citations, True, (), tuple(r.paper.id for r in results), "metadata")
        if intent.topic and len(intent.topic.split()) >= 2:
            ranked = [r.paper for r in self._retriever.search(intent.topic, k=25)]
            on_topic = {p.id for p in ranked[:15]}
            papers = [p for p in papers if p.id in on_topic]
        matches, missing = apply_intent(intent, papers)
        if intent.single and intent.sort_field and matches:
            best = getattr(matches[0], intent.sort_field)
            matches = [p for p in matches if getattr(p, intent.sort_field) == best]
        limit = 10
        notes = []
        if missing:
            notes.append(f"{missing} papers without this metadata were left out.")
        if not matches:
            body = "No paper in the corpus matches that."
            if missing:
                body += f" ({missing} papers have no such metadata in their listing.)"
            return Answer(question, body, (), False, kind="refusal", notes=tuple(notes))
        offered = {n: p for n, p in enumerate(matches[:limit], 1)}
        lines = [f"{_facts_line(p, intent)} [{n}]" for n, p in offered.items()]
        more = f"\n…and {len(matches) - limit} more." if len(matches) > limit else ""
        body = "\n".join(lines) + more + (f"\n({notes[0]})" if notes else "")
        text, citations = enforce_citations(body, offered, {n: p.title for n, p in offered.items()})
        return Answer(
            question, text, citations, True, (), tuple(p.id for p in matches), "metadata", tuple(notes)
        )


def _facts_line(paper: Paper, intent: Intent) -> str:
    facts = []
    if paper.date:
        facts.append(paper.date)
    if paper.author_count is not None:
        facts.append(f"{paper.author_count} authors")
    if paper.upvotes is not None:
        facts.append(f"{paper.upvotes} upvotes")
    if paper.organisation:
        facts.append(paper.organisation)
    return f"{paper.title} ({', '.join(facts)})" if facts else paper.title


def _trim(sentence: str, limit: int = 320) -> str:
    if len(sentence) <= limit:
        return sentence
    return sentence[:limit].rsplit(" ", 1)[0] + "…"


def _phrase_in(phrase: str, text: str) -> bool:
    from rapidfuzz import fuzz

    return fuzz.partial_ratio(phrase.lower(), text.lower()) >= 85


def _strip_lookup_words(question: str) -> str:
    return " ".join(_LOOKUP.sub(" ", question).split())


_STEMMER = Stemmer.Stemmer("english")


def _stems_of(text: str) -> list[str]:
    """Porter stems of the words of `text` (hyphenated words split: 'eye-tracking' -> eye, track)."""
    words = _TOKEN.findall(text.lower())
    return [_STEMMER.stemWord(w) for w in words if w not in _FUNCTION_WORDS and len(w) > 2]


def _proper_nouns(question: str) -> list[str]:
    """Capitalised words that are not the first word and not all-caps acronyms (names, languages)."""
    words = re.findall(r"(?<=[\s(/])([A-Z][a-z]{3,})\b", question)
    return [
        w for w in words if w.lower() not in {"which", "what", "does", "paper", "papers", "there", "anything"}
    ]
