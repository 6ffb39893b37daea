"""Retrieval: ranked papers for a query. Dense (whole abstracts), BM25 (full text) and title-aware
matching (names, acronyms, misspellings, arXiv ids), fused by reciprocal rank. Knows the store and
the model, not the chat."""

from __future__ import annotations

import gc
import itertools
import logging
import re
import threading
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import dropwhile, zip_longest
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from rag import english
from rag.catch_up import SaveRequest, caught_up, extended_words, save_in_child
from rag.decide import (
    ACRONYM_WORD,
    FUNCTION_WORDS,
    TermStatistics,
    content_stems,
    coverage,
    stem,
    writes_acronym,
)
from rag.errors import QueryError as QueryError  # raised here; defined with the other roots
from rag.lexicon import (
    FORMAT_VERSION,
    Lexicon,
    build_lexicon,
    collector_paused,
    load_lexicon,
    load_whole,
    save_lexicon,
    saved_format,
    saved_generation,
)
from rag.metadata import SortedPapers
from rag.model import Paper
from rag.names import (
    NameMatch,
    Strength,
    name_shaped,
    named_long_form,
    squash,
    title_name,
    without_descriptors,
)
from rag.papers import ARXIV_ID_IN_TEXT, normalize_arxiv_id
from rag.spelling import Vocabulary
from rag.store import PaperStore
from rag.words import WordVectors, load_words, save_words

log = logging.getLogger(__name__)

MAX_QUERY_CHARS = 2000
# Fusion weights and the RRF constant were chosen on the dev set (docs/design.md lists the
# variants): dense leads, BM25 adds the specific terms the 256-token model misses, fuzzy titles
# catch misspelled names. A small k lets each signal's top ranks dominate.
_RRF_K = 10
_WEIGHTS = {"dense": 1.0, "bm25": 0.3, "title": 0.25}
_WORD = re.compile(r"[a-z0-9]+")
# Fuzzy titles: a title word held by more papers than this does not single out candidates, and
# a query word of this length or more that no title has is matched to the closest title word.
_RARE_TITLE_WORD = 200
_MIN_FUZZY_WORD = 5
_WORD_SIMILARITY = 80
# Words that say what the user wants done, not which paper: they must not match titles.
_LOOKUP_WORDS = frozenset(
    "cite citation bibtex reference ref link paper papers the a an of for on and or in to with "
    "pt part find show me give what is are which about".split()
)


_MIN_PARTIAL_TITLE = 24  # letters and digits: "direct preference optimization" is a phrase, not a title
# A stretch the question quotes: 'Two minds better than one', "Secrets of RLHF".
_QUOTE = re.compile(
    r"(?:^|(?<=[\s(\[]))['\"\u2018\u201c]([^'\"\u2019\u201d]{8,})['\"\u2019\u201d](?![A-Za-z])"
)
_MIN_EXACT_TITLE = 12  # letters and digits: shorter titles ("Aligner") are names, matched as such
RERANK_FEATURES = (
    "fused",
    "dense",
    "best_sentence",
    "coverage",
    "reciprocal_rank",
    "dense_rank",
    "title",
    "soft_coverage",
    "soft_missing",
    "clause_support",
)
# Where a question divides into what it asks of a paper, each part said on its own ("trained with
# RL, without a critic, evaluated at three sizes"): punctuation and the words that join clauses.
_CLAUSE_BREAK = re.compile(
    r"[,;:()?!.]|\s[-\u2013\u2014]\s|"
    r"\b(?:and|but|so|while|where|which|that|then|instead of|rather than|without|with)\b",
    re.I,
)
_FUSED_CAP = 0.2  # fused scores are below this; named papers are set above it
# A paper the question calls by a stretch of its title: "the alignment faking paper", "that
# reward ensembles study", "the consistency-regularized self-rewarding one".
_CALLED_BY_TITLE = re.compile(
    # (the words after the last determiner: "the key finding of the alignment faking paper"; or
    # opening the turn: "alignment faking paper")
    r"(?:\b(?:the|that|this)\s+|^\W*)((?:(?!(?:the|that|this)\b)[\w'\u2019-]+\s+){1,6}?)"
    r"(?:paper|work|study|article|preprint|report|one)\b(?!s)",
    re.I,
)
# ... or after it: "what does the paper on alignment faking find?" (the words up to the verb or
# clause that follows them)
_PAPER_ON = re.compile(
    r"\b(?:the|that|this)\s+(?:paper|work|study|article|preprint)\s+(?:on|about)\s+"
    r"((?:[\w'\u2019-]+\s+){0,5}?[\w'\u2019-]+)(?=\s*(?:[?.!,;:]|$)|\s+(?:finds?|found|says?|said|shows?|showed|"
    r"do|does|did|proposes?|proposed|is|was|in|by|from|and|that|which|where|who|with)\b)",
    re.I,
)
_LEXICAL_EXTRA = 5  # the lexical rankings' best papers the reranker sees beyond the fused head


def title_phrase(asked: str, title: str, leading: bool = False) -> bool:
    """Whether the asked words that say what the paper is about (two or more) stand in `title`
    together, in their order: "the alignment faking paper" in "Alignment faking in large …";
    `leading`: as the title's first words (its function words aside), as a paper is called."""
    wanted = [w for w in re.findall(r"[a-z0-9]+", asked.lower().replace("'", "")) if w not in FUNCTION_WORDS]
    have = re.findall(r"[a-z0-9]+", title.lower().replace("'", ""))
    if leading:
        have = list(dropwhile(lambda word: word in FUNCTION_WORDS, have))
        return len(wanted) >= 2 and have[: len(wanted)] == wanted
    return len(wanted) >= 2 and f" {' '.join(wanted)} " in f" {' '.join(have)} "


def called_by_title(
    text: str, ranked: Sequence[str], titles: Mapping[str, str], leading: bool = False
) -> str | None:
    """The one paper of `ranked` whose title holds, together, the words of a stretch the question
    calls a paper ("summarize the alignment faking paper"), or None when none or several do: a
    paper asked for by its title's words, which an abstract that only mentions them ("... and
    alignment faking") may outrank by meaning. `leading`: the title opens with them, the way a
    paper is called by the start of its title ("the Alignment Waltz paper"), not a phrase it
    shares with a famous one ("the original Self-Rewarding Language Models paper" of "CREAM:
    Consistency Regularized Self-Rewarding Language Models")."""
    text = text.replace("\u2019", "'")
    for match in (*_CALLED_BY_TITLE.finditer(text), *_PAPER_ON.finditer(text)):
        holders = [pid for pid in ranked if title_phrase(match.group(1), titles.get(pid, ""))]
        if len(holders) == 1 and (
            not leading or title_phrase(match.group(1), titles.get(holders[0], ""), leading=True)
        ):
            return holders[0]
    return None


# "the barbarians paper", "that hitchhiker study": a paper called by one word ("the dishonesty
# one" in a thread picks from the papers it gave).
# ... or by a few words, opening the question or after "the": "autotelic agents + LLMs paper"
_CALLED_BY_WORDS = re.compile(
    r"(?:^\W*|\b(?:the|that|this)\s+)((?:[\w'\u2019.-]+[\s+&/]+){1,3}?[\w'\u2019.-]+)\s+"
    r"(?:paper|work|study|article|preprint|report)\b(?!s)",
    re.I,
)
_CALLING_WORDS = 4  # content words at most that call a paper so
_CALLED_BY_WORD = re.compile(
    r"\b(?:the|that|this)\s+([\w'\u2019-]+?)(?:'s|\u2019s)?\s+(?:paper|work|study|article|preprint|report)\b(?!s)",
    re.I,
)


# A paper named ahead of what is asked of it: "secrets of rlhf part one - what did they find?"
_LEAD = re.compile(r"^\W*([^:?!.\u2014\u2013]{6,80}?)\s*(?::|\s-|[\u2014\u2013])\s*\S")
_LEAD_WORDS = 3  # content words a lead needs to name a title by


def _led_by_title(corpus: Lexicon, text: str) -> str | None:
    """The one paper whose title opens with the first two content words of the stretch a turn
    leads with before a colon or dash, and holds the rest of them (three or more): a title
    half remembered ("secrets of rlhf part one" for "Secrets of RLHF in Large Language Models
    Part I: PPO")."""
    lead = _LEAD.match(text)
    if lead is None:
        return None
    wanted = content_stems(lead.group(1).replace("'", ""))
    if len(wanted) < _LEAD_WORDS:
        return None
    # (the rarest stem's papers first: an intersection walks its first set)
    holding = sorted((corpus.title_stems.get(word, frozenset()) for word in dict.fromkeys(wanted)), key=len)
    holders = [
        pid
        for pid in frozenset.intersection(*holding)
        if pid in corpus.titles and content_stems(corpus.titles[pid].replace("'", ""))[:2] == wanted[:2]
    ]
    return holders[0] if len(holders) == 1 else None


# ... or by one word of its title quoted: "the RLHF 'secrets' report"
_QUOTED_WORD = re.compile(r"(?<!\w)['\"\u2018\u201c]([A-Za-z][\w-]{3,})['\"\u2019\u201d](?!\w)")


def _called_by_one_word(corpus: Lexicon, text: str) -> str | None:
    """The paper a question calls by one word of its title that no other paper writes at all
    ("the barbarians paper", "the waltz paper", "the 'secrets' report"); None for a word other
    papers use too ("the alignment paper" is a topic)."""
    for match in (*_CALLED_BY_WORD.finditer(text), *_QUOTED_WORD.finditer(text)):
        stems = content_stems(match.group(1))
        if len(stems) != 1 or corpus.statistics.frequency.get(stems[0], 0) != 1:
            continue
        holders = corpus.title_stems.get(stems[0], frozenset())
        if len(holders) == 1:
            return next(iter(holders))
    return _called_by_words(corpus, text)


def _called_by_words(corpus: Lexicon, text: str) -> str | None:
    """The paper a question calls by a few words, one of them a word only its title writes and
    the rest its title's words too (or words no paper uses): "autotelic agents + LLMs paper",
    "baichuan tech report"; None when another word is not its title's ("autotelic agents for
    video paper" asks about more than the paper)."""
    frequency = corpus.statistics.frequency
    for match in _CALLED_BY_WORDS.finditer(text):
        stems = content_stems(match.group(1))
        only = {
            holder
            for stem in stems
            if frequency.get(stem, 0) == 1
            for holder in corpus.title_stems.get(stem, frozenset())
        }
        if len(only) != 1 or not 2 <= len(stems) <= _CALLING_WORDS:
            continue
        paper = corpus.papers.get(next(iter(only)))
        if paper is None:
            continue
        # (its title's words: "the first AI Scientist paper" asks for another than "The AI
        # Scientist-v2", whose abstract writes "first")
        held = frozenset(content_stems(paper.title))
        written = paper.title
        if all(
            all(stem in held or stem not in frequency for stem in content_stems(word))
            # ("LLMs" of "Large Language Models")
            or (ACRONYM_WORD.fullmatch(word) is not None and writes_acronym(written, word))
            for word in re.findall(r"[\w'\u2019.-]+", match.group(1))
        ):
            return paper.id
    return None


def clauses(text: str) -> list[str]:
    """The parts of a question that say something of their own (two content terms or more), or
    none when it does not divide: then the whole question is its one clause."""
    parts = [part.strip() for part in _CLAUSE_BREAK.split(text) if len(content_stems(part)) >= 2]
    return parts if len(parts) >= 2 else []


def _squash(text: str) -> str:
    return "".join(_WORD.findall(text.lower()))


_CASED_WORD = re.compile(r"[A-Za-z0-9]+")
_TERM_HOLDERS = 5  # papers searched for a longer term a title's name is written inside
_HYPHENATED = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+")
_COMMON_NAME_WORD = 0.05  # a word of a name in this share of the papers or more is everyday


def _modifies_a_noun(corpus: Lexicon, text: str, named: NameMatch) -> bool:
    """Whether `text` writes a title's name of plain words ("Super(ficial)-alignment") in
    lowercase as part of a longer term another paper writes: "the superficial alignment
    hypothesis" is URIAL's hypothesis, not that paper ("the controllable safety alignment
    configs" are still its paper's; no other paper writes them)."""
    paper = corpus.papers.get(named.paper_id)
    written = title_name(paper.title) if paper is not None else None
    if written is None or corpus.bm25 is None or any(name_shaped(w) for w in re.split(r"[\s-]+", written)):
        return False  # a coinage ("RewardDance") is its paper's, however it is spaced
    words = _CASED_WORD.findall(text)
    for start in range(len(words)):
        for end in range(start + 2, min(len(words), start + 6) + 1):
            if end == len(words) or "".join(words[start:end]).lower() != named.name:
                continue
            after = words[end]
            if not all(word.islower() for word in words[start : end + 1]) or after in FUNCTION_WORDS:
                continue
            term = re.compile(r"[\s-]+".join(re.escape(word) for word in words[start : end + 1]), re.I)
            for other in corpus.bm25.rank(" ".join(words[start : end + 1]), _TERM_HOLDERS):
                held = corpus.papers.get(other)
                if (
                    other != named.paper_id
                    and held is not None
                    and term.search(f"{held.title} {held.abstract}")
                ):
                    return True
    return False


def _written_as_common_word(corpus: Lexicon, text: str, paper_id: str, name: str) -> bool:
    """Whether `text` writes a one-word name that a paper writes with a capital inside ("RePo",
    "DeAL") only in lowercase, as an English word: "repo link?" asks for a repository."""
    paper = corpus.papers.get(paper_id)
    if paper is None or not any(
        squash(written) == name and _INNER_CAPITAL.search(written) for written, _ in paper.names
    ):
        return False
    said = [word for word in _CASED_WORD.findall(text) if word.lower() == name]
    return bool(said) and all(word.islower() for word in said) and english.common(name)


def _written_as_words(corpus: Lexicon, text: str, name: str) -> bool:
    """Whether `text` writes the (squashed) name of several words only in lowercase, each word
    one that many papers use and write in lowercase: "multi-objective reward", not
    "Multi-Objective Reward" or "MORE";
    nor words joined by hyphens into one token ("diffusion-dpo" for Diffusion-DPO)."""
    if any(squash(token) == name for token in _HYPHENATED.findall(text)):
        return False
    words = _CASED_WORD.findall(text)
    statistics = corpus.statistics
    common = _COMMON_NAME_WORD * max(1, statistics.papers)
    spans = [
        words[start:end]
        for start in range(len(words))
        for end in range(start + 2, min(len(words), start + 6) + 1)
        if "".join(words[start:end]).lower() == name
    ]
    # (a word the abstracts write only as a name, "dpo" of "DPO", is no common word: "diffusion
    # dpo" is Diffusion-DPO typed in a hurry)
    return bool(spans) and all(
        all(
            word.islower()
            and statistics.frequency.get(stem(word), 0) >= common
            and not (corpus.names.writes_as_name(word) and not corpus.names.lowercase_uses(word))
            for word in span
        )
        for span in spans
    )


class Reranker(Protocol):
    """Orders the head of the fused ranking (rag.policy holds the fitted one)."""

    @property
    def pool(self) -> int: ...

    def score(self, features: Sequence[float]) -> float: ...


def _default_reranker() -> Reranker | None:
    from rag.policy import POLICY  # the fitted constants live with the other decisions

    return POLICY.reranker


@dataclass(frozen=True, slots=True)
class SearchResult:
    """A ranked paper. `score` orders the results (1 and above for a paper the query names, else
    the reranker's share of relevance among the candidates it ordered, else 0); `fused` is the
    paper's reciprocal-rank-fusion score before reranking."""

    paper: Paper
    score: float
    fused: float = 0.0
    dense: float | None = None  # cosine of the abstract to the query, when it was computed


def _head(ranked: list[str], lexical: Sequence[str], size: int) -> list[str]:
    """What the reranker orders: the first `size` papers by fused score, then up to
    `_LEXICAL_EXTRA` of the lexical rankings' best that fusion left below them. Dense similarity
    leads the fusion, so a paper BM25 puts second for a rare term ("GRPO") can fall behind thirty
    papers merely about the same field; the reranker, which weighs term coverage, sees it."""
    head = ranked[:size]
    chosen = set(head)
    candidates = set(ranked)
    for pid in lexical:
        if len(head) >= size + _LEXICAL_EXTRA:
            break
        if pid in candidates and pid not in chosen:
            head.append(pid)
            chosen.add(pid)
    return head


def _as_written_here(corpus: Lexicon, text: str) -> str:
    """`text` with each British spelling no paper uses in the American form one does
    ("optimisation", "behaviours", "analyse"): the papers' own words, for BM25 (the model reads
    either)."""

    def spelled(match: re.Match[str]) -> str:
        word = match.group(0).lower()
        return match.group(0) if _known(corpus, word) else _american_here(corpus, word) or match.group(0)

    return re.sub(r"[A-Za-z]+", spelled, text)


# A word clipped from two ("recsys"): each part at least this long, the word at least twice that,
# the pair in at least this many titles.
_CLIP = 3
_MIN_SHORTENED = 4  # letters a word cut short keeps ("eval", "pref", "lang"; not "gen", "rec")
_MIN_CLIPPED = 2 * _CLIP
_CLIPPED_TITLES = 2


def _american_here(corpus: Lexicon, word: str) -> str | None:
    """The American form of the lowercase British `word` when a paper uses it, else None."""
    american = english.american(word)
    return american if american != word and _known(corpus, american) else None


def clean_query(query: str) -> str:
    """Collapse white space and cap the length (the model reads 256 tokens at most anyway)."""
    text = " ".join(query.split())
    if not text:
        raise QueryError("the query is empty")
    # a superscript as abstracts write it: "B²-DiffuRL" for "B^2-DiffuRL", "R³" for "R^3"
    text = _SUPERSCRIPT.sub(lambda m: "^" + m.group(0).translate(_SUPERSCRIPT_DIGITS), text)
    return text[:MAX_QUERY_CHARS]


_SUPERSCRIPT = re.compile("[\u2070\u00b9\u00b2\u00b3\u2074-\u2079]+")
_SUPERSCRIPT_DIGITS = str.maketrans(
    "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079", "0123456789"
)


_FUNCTION_WORDS = sorted(word for word in FUNCTION_WORDS if len(word) >= _MIN_FUZZY_WORD)
_INNER_CAPITAL = re.compile(r"[a-z][A-Z]")  # a capital inside a word: "GenEval", "RewardBench"


def _acronym_number(corpus: Lexicon, text: str) -> str:
    """`text` with each acronym that names no paper written in the number a paper defines it in
    ("the LCBM paper" for LCBMs, defined as "Large Content and Behavior Models (LCBMs)")."""

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        if len(word) < 3 or corpus.names.get(word.lower()) is not None or _known(corpus, word.lower()):
            return word  # a name, or a word some abstract uses ("GRPO", which one defines as "GRPOs")
        other = word[:-1] if word.endswith("s") else word + "s"
        found = corpus.names.get(other.lower())
        return other if found is not None and found.strength >= Strength.DEFINED else word

    return re.sub(r"(?<![A-Za-z0-9])[A-Z][A-Z0-9]+s?(?![A-Za-z0-9])", fix, text)


_QUESTION_WORD_TYPO = 7  # letters a mistyped question word has at least ("anythng")


def _slip_for(word: str, words: Sequence[str], shortest: int) -> str | None:
    """The word of `words` that `word` mistypes by one edit, if any: `word` at least `shortest`
    letters, with the same first letter, not one `word` begins (its inflection: "pleased",
    "shouldn")."""
    if len(word) < shortest:
        return None
    found = process.extractOne(word, words, scorer=OSA.distance, score_cutoff=1)
    if found is None or found[0][0] != word[0] or word.startswith(found[0]):
        return None
    return str(found[0])


def _question_word(word: str) -> str | None:
    """The question word `word` mistypes by one edit ("anythign" -> "anything"), if any. Short
    words and other first letters are too often words of their own ("cooking", "rater")."""
    return _slip_for(word, _FUNCTION_WORDS, _QUESTION_WORD_TYPO)


# The words a metadata or lookup question turns on ("how many authers", "paprs from april",
# "most upvotd"): put right by one edit when the word is no English word and no paper uses it.
_ROUTING_WORDS = sorted(
    """papers authors author upvotes upvote upvoted published posted organisation organization
    newest oldest earliest latest bibtex citation surveys""".split()
)
_ROUTING_WORD_TYPO = 5  # letters a mistyped routing word has at least ("paprs")


def _routing_word(word: str) -> str | None:
    """The routing word `word` mistypes by one edit, if any ("poster", a word of English, is no
    slip for "posted")."""
    return None if english.common(word) else _slip_for(word, _ROUTING_WORDS, _ROUTING_WORD_TYPO)


# Chat shorthand for words that routing reads ("how many ppl wrote it", "posted b4 2024?"),
# put right when no paper uses the short form itself.
_SHORTHAND = {
    "ppl": "people", "ppls": "people's", "b4": "before", "abt": "about", "bc": "because",
    "cuz": "because", "tho": "though", "thru": "through", "sth": "something", "smth": "something",
    "yr": "year", "yrs": "years", "num": "number", "wat": "what", "wut": "what", "u": "you", "ur": "your",
    "pt": "part",
    # question words too short to be put right by one edit ("wich papers use DPO for images?")
    "wich": "which", "whch": "which", "wihch": "which", "waht": "what", "wht": "what", "whta": "what",
    "hwo": "how", "hw": "how", "wher": "where", "wen": "when", "teh": "the",
}  # fmt: skip


def _shortened(corpus: Lexicon, word: str) -> str | None:
    """The title word `word` (lowercase) is the start of, when no paper uses it and every title
    word it starts is of one stem ("prefs" of "preferences", "eval" of "evaluation"); None for
    a word a paper uses, an English word, a name, or a start of words of several stems ("diff":
    "diffusion", "difference")."""
    bare = word[:-1] if word.endswith("s") and len(word) > _MIN_SHORTENED else word
    if len(bare) < _MIN_SHORTENED or _known(corpus, word) or english.common(word) or corpus.names.get(word):
        return None
    started = {
        title_word: len(papers)
        for title_word, papers in corpus.title_words.items()
        if title_word.startswith(bare) and len(title_word) > len(bare) + 1
    }
    if not started or len({stem(title_word) for title_word in started}) != 1:
        return None
    return max(started, key=lambda title_word: (started[title_word], title_word))


# An acronym a question may use that no paper writes ("MCMC", or "mcmc": no vowel, no word), spelled
# out from the papers the question finds first (`Retriever.spelled_out`): how many are read.
_UNKNOWN_ACRONYM = re.compile(r"(?<![\w-])(?:[A-Z]{3,}s?|[b-df-hj-np-tv-xz]{3,6})(?![\w-])")
_SPELLED_OUT_HEAD = 30


# The small words a title's initials skip ("Goal Representations for Instruction Following")
_INITIAL_SKIPS = frozenset("a an the of for and to in on with via from by at as or".split())


def title_initials(papers: Iterable[Paper]) -> dict[str, set[str]]:
    """The initials (3 to 6 letters, lowercase) of each run of capitalised words that opens a
    title and ends before a small word, a colon, an acronym, a word in lowercase or the end
    ("bco" of "Binary Classifier Optimization for Large Language Model Alignment", "grif" of "Goal
    Representations for Instruction Following: …"), with the papers of each."""
    initials: dict[str, set[str]] = {}
    for paper in papers:
        letters, runs = "", []
        for word in re.findall(r"[^\s:]+|:", paper.title):
            if word.lower() in _INITIAL_SKIPS:
                runs.append(letters)
                continue
            if word == ":" or not word[0].isupper() or ACRONYM_WORD.fullmatch(word):
                break  # (an acronym of its own is no word spelled out: "Arithmetic Control of LLMs")
            letters += "".join(part[0] for part in word.split("-") if part).lower()
        runs.append(letters)
        for run in dict.fromkeys(runs):
            if 3 <= len(run) <= 6:
                initials.setdefault(run, set()).add(paper.id)
    return initials


def _known(corpus: Lexicon, word: str) -> bool:
    return corpus.bm25 is not None and corpus.bm25.knows(word)


_settled = threading.Event()  # set once this process has frozen what existed at its first load
_whole = threading.Event()  # set once a resident process has frozen its lexicon read whole


def _settle() -> None:
    """Take what exists once a lexicon is first loaded (the lexicon, the model, the libraries:
    millions of objects) out of the cyclic garbage collector's reach. A full collection walks
    every tracked object holding the GIL, and a catch-up's copies set one off: 330 ms at 10k,
    every question stalled meanwhile (`bench.first_use`). Done once per process, not after each
    catch-up or by each retriever: what is frozen is never collected if it becomes cyclic
    garbage later (a Chroma client replaced when the store is reopened), and a later lexicon
    shares most of its objects with the first (the acyclic ones are freed by reference counting
    as usual; `gc.freeze`)."""
    if not _settled.is_set():
        _settled.set()
        gc.freeze()


class HybridRetriever:
    """Dense + BM25 + title matching, fused with reciprocal rank fusion, one result per paper.

    The lexical side (rag/lexicon.py) is loaded on first use from `lexicon_dir` when it holds
    one for this store, else built from a scan of the store (and saved there); either way it is
    brought up to the store's generation. `refresh()` catches up with later writes, by this
    process or another, while searches go on against the previous lexicon.
    """

    def __init__(
        self,
        store: PaperStore,
        candidates: int = 50,
        reranker: Reranker | None = None,
        rerank: bool = True,
        lexicon_dir: Path | None = None,
        resident: bool = False,
    ) -> None:
        """`reranker`: what orders the head of the fused ranking (the fitted policy's by default;
        `rerank=False` keeps the fused order). `lexicon_dir`: where the lexicon is kept between
        processes (None: built in memory by each). `resident`: this process answers until it
        is stopped (a bot): once the lexicon is first loaded, the rest of a saved one is read on
        a thread and frozen out of the garbage collector's reach (`_read_whole`); else only what
        is used is read."""
        self._resident = resident
        self._store = store
        self._candidates = candidates
        self._reranker = (reranker or _default_reranker()) if rerank else None
        self._lexicon_dir = lexicon_dir
        self._corpus: Lexicon | None = None
        self._lock = threading.Lock()  # held to read or swap the lexicon, never while building one
        self._refreshing = threading.Lock()  # one catch-up at a time
        self._starting = threading.Lock()  # guards the background catch-up's thread
        self._saving = threading.Lock()  # one save at a time
        self._sorted: tuple[Lexicon, SortedPapers] | None = None
        self._words: tuple[Lexicon, WordVectors] | None = None  # and the lexicon they cover
        self._wording = threading.Lock()  # one extension of the word vectors at a time
        self._words_saving: threading.Thread | None = None
        self._preloaded_words: WordVectors | None = None  # read from the file while the lexicon loads
        # The last search's lexicon, text, question vector and results (`search`).
        self._last_search: tuple[Lexicon, str, object, list[SearchResult]] | None = None
        # The last BM25 ranking's lexicon, text and ranking: a question's named papers and its
        # search rank the same text (4 ms a ranking at 100k papers).
        self._last_ranking: tuple[Lexicon, str, tuple[str, ...]] | None = None
        self._catching_up: threading.Thread | None = None
        # Title words and names with their indexes of deletions (rag.spelling), and their lexicon.
        self._spelling: tuple[Lexicon, Vocabulary, Vocabulary] | None = None
        # Adjacent title words by the first letters of the first, and their lexicon (`clipped`).
        self._title_pairs: tuple[Lexicon, dict[str, list[tuple[str, str, int]]]] | None = None
        self._spelling_lock = threading.Lock()
        # The initials of title heads ("GRIF" of "Goal Representations for Instruction
        # Following: …") and the papers they are of, with their lexicon (`_by_initials`).
        self._initials: tuple[Lexicon, dict[str, set[str]]] | None = None

    @property
    def store(self) -> PaperStore:
        return self._store

    def refresh(self, wait: bool = True) -> bool:
        """Catch up with the store if any process wrote to it since the lexicon was made: one
        cheap read of the store generation when nothing changed (bots call it before every
        question), else the changed papers only are read and the new lexicon replaces the old
        when it is ready, searches going on meanwhile. `wait` False: return at once if another
        thread is already catching up. Whether the lexicon changed."""
        if self._corpus is None:
            return False  # not loaded yet: the first use loads the current one
        if not self._refreshing.acquire(blocking=wait):
            return False
        try:
            current = self._corpus
            generation = self._store.generation()
            if generation == current.generation:
                return False
            fresh = self._catch_up(current, generation)
            # What the new papers change for spelling and word vectors is made here, before the
            # swap, and put in place with it: made by the next question, it held up every
            # question meanwhile (the new words' embeddings: most of a second for 50 papers).
            spelling = self._spelling_of(fresh)
            for vocabulary in spelling[1:]:
                vocabulary.carry_over()
            words = (
                self._word_vectors(fresh, install=False, save=not self._resident)
                if self._words is not None
                else None
            )
            with self._lock:
                self._corpus = fresh
                self._spelling = spelling
                if words is not None:
                    self._words = (fresh, words)
            if self._lexicon_dir is not None:
                # Not waited for by the question that caught up; a command's process waits for
                # it before it exits (not a daemon thread).
                threading.Thread(target=self._save_apart, args=(fresh,), name="paperbot-lexicon-save").start()
            return True
        finally:
            self._refreshing.release()

    def catch_up(self, wait_seconds: float) -> None:
        """Before a question: if the store changed (one cheap read), catch up in the background
        and wait for it up to `wait_seconds` (a few new papers take well under a second; a large
        rebuild does not hold the question up longer than that, it is answered from the current
        lexicon meanwhile). A catch-up already running is waited for the same way."""
        current = self._corpus
        if current is None:
            return
        with self._starting:
            thread = self._catching_up
            if thread is None or not thread.is_alive():
                if self._store.generation() == current.generation:
                    return
                thread = threading.Thread(target=self._refresh_logged, name="paperbot-catch-up", daemon=True)
                self._catching_up = thread
                thread.start()
        thread.join(wait_seconds)

    def _refresh_logged(self) -> None:
        try:
            self.refresh()
        except Exception:  # the next question tries again; this one is answered meanwhile
            log.exception("could not catch up with the store")

    def generation(self) -> int | None:
        """The store generation the lexicon is from (None before the first use)."""
        return self._corpus.generation if self._corpus is not None else None

    def papers(self) -> Mapping[str, Paper]:
        return self._ensure().papers

    def named(self, query: str) -> list[str]:
        """Papers the query names: by arXiv id, by a name their title or abstract defines (even
        misspelled), by their whole title, or by the one word of a title no other paper writes
        called a paper ("the Baichuan report")."""
        corpus = self._ensure()
        text = _acronym_number(corpus, clean_query(query))
        exact = self._exact_matches(corpus, text)
        found = self._titled(corpus, text, self._bm25_ranking(corpus, text), exact)
        if not found and (checked := self.spell_checked(text)) != text:
            # "self exploring langauge models paper": a title written with a word mistyped
            found = self._titled(corpus, checked, self._bm25_ranking(corpus, checked), exact)
        # "RT-Sketch vs GRIF": "GRIF", written nowhere, is the initials of one title's head
        found += [paper for paper in self._by_initials(corpus, text) if paper not in found]
        if not found and (
            (called := _called_by_one_word(corpus, text))
            # ... that word mistyped: "the traiters paper" (a word no paper uses, one edit from it)
            or (
                (checked := self.spell_checked(text)) != text
                and (called := _called_by_one_word(corpus, checked))
            )
        ):
            # "the Baichuan report", "the barbarians paper": one word only its title writes
            found = [called]
        return found

    def _by_initials(self, corpus: Lexicon, text: str) -> list[str]:
        """The papers a question calls by an acronym no paper writes that is the initials of the
        words opening one title ("GRIF" for "Goal Representations for Instruction Following", "BCO"
        for "Binary Classifier Optimization for …"), one paper per acronym; [] for none."""
        # (not a word of English, nor one of a message in capitals: "HOW DO I USE THIS")
        words = re.findall(r"[A-Za-z]+", text)
        if len(words) >= 3 and sum(word.isupper() for word in words) * 2 > len(words):
            return []
        asked = [
            word
            for word in dict.fromkeys(re.findall(r"(?<![\w-])[A-Z]{3,6}(?![\w-])", text))
            if not english.common(word.lower())
        ]
        if not asked:
            return []
        held = self._initials
        if held is None or held[0] is not corpus:
            held = self._initials = (corpus, title_initials(corpus.papers.values()))
        found = []
        for word in asked:
            papers = held[1].get(word.lower(), set())
            if len(papers) != 1:
                continue
            paper = next(iter(papers))
            users = corpus.statistics.frequency.get(stem(word.lower()), 0)
            # (written by no paper, or only by that one: "rail-berkeley.github.io/grif")
            if users == 0 or (users == 1 and self._bm25_ranking(corpus, word.lower())[:1] == [paper]):
                found.append(paper)
        return found

    def lexical(self, query: str, k: int) -> list[str]:
        """The papers whose words match the query best (BM25 alone), best first: every user of a
        rare name ("AlpacaEval"), which a fused ranking may place below papers close in meaning."""
        corpus = self._ensure()
        return self._bm25_ranking(corpus, clean_query(query))[:k]

    def only_mentions(self, query: str) -> bool:
        """Whether the names the query uses are all ones the corpus merely mentions: coinages
        some abstract uses but no paper defines or carries in its title ("the KTO paper", "cite
        LIMA"), the mark of a paper the corpus cites rather than holds."""
        corpus = self._ensure()
        found = corpus.names.find(without_descriptors(clean_query(query)))
        return bool(found) and all(match.strength < Strength.DEFINED for match in found)

    def written_as_name(self, word: str) -> bool:
        """Whether the corpus writes `word` (lowercase) as a name and never in lowercase, in this
        form or another ("claims" for "claim"): a name ("GenEval", "SDXL") that a question may
        write in lowercase ("geneval"), not a word ("general")."""
        names = self._ensure().names
        if not names.writes_as_name(word):
            return False
        bare = word[:-1] if word.endswith("s") else word
        return not any(names.lowercase_uses(form) for form in (word, bare, bare + "s", bare + "es"))

    def lowercase_uses(self, word: str) -> int:
        """How many abstracts write `word` (lowercase) in lowercase: none for a name ("Gemma")."""
        return self._ensure().names.lowercase_uses(word)

    def spelled_out(self, text: str) -> str:
        """`text` with each acronym no paper writes, and that is no English word ("API"), in the
        words one of the papers it finds first writes as a name with those initials: "MCMC" as
        "Markov chain Monte Carlo", which is all a paper that samples that way may say."""
        corpus = self._ensure()
        unknown = [
            acronym
            for acronym in dict.fromkeys(_UNKNOWN_ACRONYM.findall(text))
            if not any(
                _known(corpus, form.lower()) for form in (acronym, acronym + "s", acronym.removesuffix("s"))
            )
            and not english.common(acronym.lower())
        ]
        if not unknown:
            return text
        head = [result.paper for result in self.search(text, k=_SPELLED_OUT_HEAD)]
        for acronym in unknown:
            form = next(
                (
                    form
                    for paper in head
                    if (form := named_long_form(f"{paper.title}. {paper.abstract}", acronym))
                ),
                None,
            )
            if form:
                text = re.sub(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])", form, text)
        return text

    def spell_checked(self, text: str) -> str:
        """`text` with each word no paper uses, and that is close to a title word, replaced by that
        word ("Helping or Hearding? reward model ensembels" -> "... herding ... ensembles"): what
        the refusal evidence counts, so a typo is not taken for a term the corpus lacks."""
        corpus = self._ensure()
        titles, _ = self._vocabularies(corpus)

        def fix(match: re.Match[str]) -> str:
            word = match.group(0)
            lower = word.lower()
            if ACRONYM_WORD.fullmatch(word) and not _known(corpus, lower):
                # "LCBM" where the abstract writes "LCBMs" (or the reverse): the stemmer leaves an
                # acronym's plural as it is, so the corpus's own form stands in.
                plural = lower.endswith("s")
                if not _known(corpus, lower[:-1] if plural else lower + "s"):
                    # "RHLF" for "RLHF": two neighbouring letters swapped, when that gives one
                    # acronym the corpus knows (any other edit of four letters is another name).
                    swaps = {
                        word[:at] + word[at + 1] + word[at] + word[at + 2 :]
                        for at in range(len(word) - 1)
                        if word[at] != word[at + 1]
                    }
                    known = [swap for swap in swaps if _known(corpus, swap.lower())]
                    return known[0] if len(known) == 1 and len(word) >= 4 else word
                return word[:-1] if plural else word + "s"
            if len(lower) < _MIN_SHORTENED or _known(corpus, lower) or lower in corpus.title_words:
                return word
            inside = re.match(r"[^\W\d_]", match.string[match.end() :]) or re.search(
                r"[^\W\d_]$", match.string[: match.start()]
            )  # ("evaluaci" of "evaluación" is no word cut short)
            if len(lower) < _MIN_FUZZY_WORD:
                # ("pref", "eval": a word cut short, too short to be taken for a typo)
                return (None if inside else _shortened(corpus, lower)) or word
            if spelled := _american_here(corpus, lower):
                return spelled  # "optimisation", "neighbourhood": the papers write it the American way
            if whole := self._clipped(corpus, lower) or (None if inside else _shortened(corpus, lower)):
                return whole  # "recsys": two title words clipped and joined; "prefs": one
            # Edits counted with transpositions, as for names: one up to 8 letters, two from 9.
            edits = 1 if len(lower) < 9 else 2
            close = titles.closest(
                lower,
                edits,
                OSA.distance,
                edits,
                higher_is_closer=False,
                prefer=lambda w: len(corpus.title_words[w]),
            )
            if not close and lower.endswith("s") and len(lower) > _MIN_FUZZY_WORD:
                # "datsets": a plural mistyped, of a word titles write in the singular ("Dataset")
                single = titles.closest(
                    lower[:-1],
                    edits,
                    OSA.distance,
                    edits,
                    higher_is_closer=False,
                    prefer=lambda w: len(corpus.title_words[w]),
                )
                close = (
                    single + "s"
                    if single and not single.endswith("s") and not _known(corpus, lower[:-1])
                    else None
                )
            if close and english.common(lower) and not english.same_root(lower, close):
                # A word of its own that no paper uses ("federated", "coefficient") is what the
                # question asks about, not a slip for a word one letter or two away ("generated",
                # "efficient"); the same root grown otherwise ("scorers" for "scores") stands in.
                return word
            if close and _INNER_CAPITAL.search(word) and corpus.names.get(close) is None:
                # A name written as one ("GenEval") is a slip only for another name ("VisAllign"
                # for VisAlign), never for a plain word ("general").
                return word
            return close or _question_word(lower) or word

        return re.sub(r"[A-Za-z]+", fix, text)

    def unclipped(self, text: str) -> str:
        """`text` with each word no paper uses that clips and joins two words titles write side by
        side ("recsys" of "recommender systems", "multiagent") written out."""
        corpus = self._ensure()

        def whole(match: re.Match[str]) -> str:
            word = match.group(0)
            return self._clipped(corpus, word.lower()) or _shortened(corpus, word.lower()) or word

        # (whole words: "evaluaci" of "evaluación" is no word cut short)
        return re.sub(rf"(?<![^\W\d_])[A-Za-z]{{{_MIN_SHORTENED},}}(?![^\W\d_])", whole, text)

    def _clipped(self, corpus: Lexicon, word: str) -> str | None:
        """The two title words `word` clips and joins ("rec" + "sys"), each kept at least
        `_CLIP` letters long, when titles write them side by side in at least two papers and no
        other such pair is as common; None for a word a paper uses, an English word or a name."""
        if len(word) < _MIN_CLIPPED or _known(corpus, word) or english.common(word) or corpus.names.get(word):
            return None
        pairs = self._pairs_of_titles(corpus)
        found: dict[tuple[str, str], int] = {}
        for cut in range(_CLIP, len(word) - _CLIP + 1):
            head, tail = word[:cut], word[cut:]
            for first, second, count in pairs.get(head[:_CLIP], ()):
                if first.startswith(head) and second.startswith(tail):
                    found[(first, second)] = count
        if not found:
            return None
        ranked = sorted(found.items(), key=lambda item: -item[1])
        if ranked[0][1] < _CLIPPED_TITLES or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
            return None
        return " ".join(ranked[0][0])

    def _pairs_of_titles(self, corpus: Lexicon) -> dict[str, list[tuple[str, str, int]]]:
        known = self._title_pairs
        if known is not None and known[0] is corpus:
            return known[1]
        counted: Counter[tuple[str, str]] = Counter()
        for title in corpus.titles.values():
            words = re.findall(r"[a-z]+", title)
            counted.update(
                {(a, b) for a, b in itertools.pairwise(words) if len(a) >= _CLIP and len(b) >= _CLIP}
            )
        pairs: dict[str, list[tuple[str, str, int]]] = {}
        for (first, second), count in counted.items():
            if count >= _CLIPPED_TITLES:
                pairs.setdefault(first[:_CLIP], []).append((first, second, count))
        self._title_pairs = (corpus, pairs)
        return pairs

    def function_words_checked(self, text: str) -> str:
        """`text` with each mistyped question word no paper uses put right ("do we have anythng",
        "deep reserch agents"): what routing reads, so the request is heard as written."""
        corpus = self._ensure()

        def fix(match: re.Match[str]) -> str:
            word = match.group(0)
            lower = word.lower()
            if lower in _SHORTHAND and word.islower() and not _known(corpus, lower):
                return _SHORTHAND[lower]
            if len(lower) < _MIN_FUZZY_WORD or _known(corpus, lower):
                return word
            if english.common(lower) and titles.closest(lower, 1, OSA.distance, 1, higher_is_closer=False):
                # ("the fear of loosing alignment": a word of English one letter from a title's
                # "losing" is no slip for the question word "looking")
                return word
            return _question_word(lower) or _routing_word(lower) or word

        titles, _ = self._vocabularies(corpus)
        return re.sub(r"[A-Za-z0-9]+", fix, text)

    def _vocabularies(self, corpus: Lexicon) -> tuple[Vocabulary, Vocabulary]:
        """The lexicon's title words and names, for spelling correction: made once per lexicon,
        keeping the previous lexicon's indexes where its words did not change."""
        held = self._spelling
        if held is None or held[0] is not corpus:
            with self._spelling_lock:
                held = self._spelling
                if held is None or held[0] is not corpus:
                    held = self._spelling = self._spelling_of(corpus)
        return held[1], held[2]

    def _spelling_of(self, corpus: Lexicon) -> tuple[Lexicon, Vocabulary, Vocabulary]:
        held = self._spelling
        titles = Vocabulary(corpus.title_words_by_length, held[1] if held else None)
        return corpus, titles, Vocabulary(corpus.names.by_length, held[2] if held else None)

    def names_of(self, paper_id: str) -> tuple[str, ...]:
        """The (squashed) names the name index holds for a paper."""
        return self._ensure().names.names_of(paper_id)

    def term_statistics(self) -> TermStatistics:
        """Stems of every stored paper and their document frequencies."""
        return self._ensure().statistics

    def organisations(self) -> frozenset[str]:
        """Every organisation named on a stored paper (for questions about one)."""
        return self._ensure().organisations

    def titled_with(self, stems: Iterable[str]) -> set[str]:
        """The papers whose title has every one of these content stems (rag.decide's)."""
        lexicon = self._ensure()
        held = [lexicon.title_stems.get(stem, frozenset()) for stem in stems]
        return set(frozenset.intersection(*held)) if held else set(lexicon.papers)

    def sorted_papers(self) -> SortedPapers:
        """The papers in each metadata field's order (rag.metadata), sorted once per lexicon."""
        lexicon = self._ensure()
        cached = self._sorted
        if cached is None or cached[0] is not lexicon:
            cached = self._sorted = (lexicon, SortedPapers(list(lexicon.papers.values())))
        return cached[1]

    def prepare(self) -> None:
        """Load or build the lexicon and the word vectors its papers need, and save both: what
        `paperbot ingest` does after writing, so that questions find them made."""
        self._word_vectors(self._ensure())
        saving = self._words_saving
        if saving is not None:
            saving.join()

    def _word_vectors(self, corpus: Lexicon, install: bool = True, save: bool = True) -> WordVectors:
        """Vectors for every word of the lexicon's papers: loaded once, the words new papers
        bring embedded when a lexicon first needs them (newest papers read first), then saved.
        `install` False: not kept as this lexicon's (a catch-up puts them in place with it).
        `save` False: a bot's catch-up, whose child process saves them (`_save_apart`)."""
        held = self._words
        if held is not None and held[0] is corpus:
            return held[1]
        with self._wording:
            held = self._words
            if held is not None and held[0] is corpus:
                return held[1]
            embedder = self._store.embedder
            if held is not None:
                words = held[1]
            elif self._preloaded_words is not None:
                words, self._preloaded_words = self._preloaded_words, None
            elif self._lexicon_dir is not None:
                words = self._read_words(self._lexicon_dir)
            else:
                words = WordVectors.empty(embedder.name, embedder.dimension)
            before, words = words, extended_words(words, corpus, embedder)
            if words is not before and self._lexicon_dir is not None and save:
                # Off the question's way (the file grows with the vocabulary); a command's
                # process waits for it before it exits (not a daemon thread).
                self._words_saving = threading.Thread(
                    target=save_words, args=(words, self._lexicon_dir), name="paperbot-words-save"
                )
                self._words_saving.start()
            if install:
                self._words = (corpus, words)
            return words

    def soft_coverage(self, text: str, papers: Sequence[Paper]) -> list[float]:
        """Per paper: the IDF-weighted share of the text's terms it holds, a term it lacks
        counted by its best cosine to a word it has (rag.words)."""
        return [whole for whole, _ in self._soft_coverage(self._ensure(), clean_query(text), papers)]

    def term_matches(self, text: str, paper: Paper) -> tuple[list[str], list[float], list[float]]:
        """The text's content stems, their IDF, and how closely the paper holds each (1 as
        written, else its best cosine to a word the paper has: rag.words)."""
        corpus = self._ensure()
        statistics = corpus.statistics
        stems, weights, similarities = self._word_vectors(corpus).term_matches(
            clean_query(text),
            [statistics.stems_of(paper)],
            statistics.idf,
            lambda batch: self._store.embedder.embed_documents(batch),
        )
        return stems, weights.tolist(), similarities[0].tolist() if stems else []

    def word_cosines(self, first: dict[str, str], second: dict[str, str]) -> npt.NDArray[np.float32]:
        """The cosine of each pair of words of two texts (rag.words: `content_words` of each)."""
        return self._word_vectors(self._ensure()).cosines(
            first, second, lambda batch: self._store.embedder.embed_documents(batch)
        )

    def _soft_coverage(
        self, corpus: Lexicon, text: str, papers: Sequence[Paper]
    ) -> list[tuple[float, float]]:
        statistics = corpus.statistics
        return self._word_vectors(corpus).soft_coverage(
            text,
            [statistics.stems_of(paper) for paper in papers],
            statistics.idf,
            lambda batch: self._store.embedder.embed_documents(batch),
        )

    def latest_year(self) -> int | None:
        """The year of the newest dated paper."""
        return self._ensure().latest_year

    def _ensure(self) -> Lexicon:
        corpus = self._corpus
        if corpus is not None:
            return corpus
        with self._lock:
            if self._corpus is None:
                # Frozen before the collector runs again: it would walk all that was loaded.
                with collector_paused():
                    self._corpus = self._open()
                    _settle()
                if self._resident:
                    threading.Thread(
                        target=self._read_whole, args=(self._corpus,), name="paperbot-lexicon-whole"
                    ).start()
            return self._corpus

    def _read_whole(self, lexicon: Lexicon) -> None:
        """A bot's lexicon read whole once it answers (the parts a one-shot command leaves in
        the file: a second and a half at 100k papers, which a bot's start no longer waits for),
        then frozen out of the collector's reach as what existed at the first load was: a
        catch-up no longer reads the name index's holders while questions wait, and the
        decoded papers are not walked by every collection for days. Once per process, like
        `_settle`, and shortly after it: what became cyclic garbage meanwhile is little."""
        try:
            with collector_paused():
                load_whole(lexicon)
                with self._wording:  # the word vectors' matrix too, if the first question did not
                    if self._preloaded_words is not None:
                        self._preloaded_words = self._preloaded_words.in_memory()
                    elif self._words is not None:
                        self._words = (self._words[0], self._words[1].in_memory())
                if not _whole.is_set():
                    _whole.set()
                    gc.freeze()
        except Exception:  # a part the file cannot give: the catch-up that needs it says so
            log.warning("could not read the lexicon whole", exc_info=True)

    def _open(self) -> Lexicon:
        """The saved lexicon brought up to date, or a new one from a scan of the store."""
        generation = self._store.generation()
        identity = self._store.identity
        # Chroma loads its collections meanwhile, releasing the GIL (PaperStore.load).
        loading = threading.Thread(target=self._load_store, name="paperbot-store-load")
        loading.start()
        try:
            saved = load_lexicon(self._lexicon_dir, identity) if self._lexicon_dir else None
        finally:
            loading.join()
        if saved is not None and saved.generation == generation:
            if self._lexicon_dir is None or saved_format(self._lexicon_dir, identity) == FORMAT_VERSION:
                return saved
            log.info("lexicon: saving it in format %d, which later processes load faster", FORMAT_VERSION)
            self._save(saved)
            return saved
        if saved is not None and saved.generation < generation:
            lexicon = self._catch_up(saved, generation)
        else:
            lexicon = build_lexicon(self._store.papers(), generation)
        self._save(lexicon)
        return lexicon

    def _load_store(self) -> None:
        try:
            self._store.load()
        except Exception:  # the search that needs the store meets the error again and reports it
            log.warning("could not load the store ahead of the first search", exc_info=True)
        if self._lexicon_dir is not None and self._words is None:
            # The first question's word vectors (0.2-0.3 s at 100k papers), read while the
            # lexicon unpickles: reading the file releases the GIL.
            self._preloaded_words = self._read_words(self._lexicon_dir)

    def _read_words(self, directory: Path) -> WordVectors:
        """The saved word vectors, their matrix mapped (a one-shot command reads a few thousand
        rows; a bot reads it into memory once it answers: `_read_whole`)."""
        embedder = self._store.embedder
        return load_words(directory, embedder.name, embedder.dimension)

    def _catch_up(self, lexicon: Lexicon, generation: int) -> Lexicon:
        return caught_up(self._store, lexicon, generation)

    def _save_apart(self, lexicon: Lexicon) -> None:
        """Save a caught-up lexicon unless the file is as recent already (`paperbot ingest` saves
        what it wrote before a bot catches up with it) or a later catch-up replaced this one
        (that one is saved instead). A bot (resident) has a child process do it, with the word
        vectors (`rag.catch_up`): pickling and writing them (seconds at 100k papers) shared the
        GIL with every question answered meanwhile (docs/design.md, "Persisted lexicon")."""
        with self._saving:
            if self._corpus is not lexicon or self._lexicon_dir is None:
                return
            saved = saved_generation(self._lexicon_dir, self._store.identity)
            if saved is not None and saved >= lexicon.generation:
                return
            if not self._resident:
                save_lexicon(lexicon, self._lexicon_dir, self._store.identity)
                return
            store = self._store
            model, timeout = store.embedder.name, store.timeout_seconds
            save_in_child(SaveRequest(store.location, model, timeout, self._lexicon_dir, lexicon.generation))

    def _save(self, lexicon: Lexicon) -> None:
        if self._lexicon_dir is not None:
            save_lexicon(lexicon, self._lexicon_dir, self._store.identity)

    def search(self, query: str, k: int = 10) -> list[SearchResult]:
        text = clean_query(query)
        corpus = self._ensure()
        if not corpus.papers:
            return []
        # One question is often searched twice in a row (whether anything matches, then the
        # results: `similar`, a citation lookup, an answer's topic that is its text): the last
        # search's whole ranking is kept with the lexicon it came from, any `k` cut from it. It
        # lives as long as the embedder remembers the question's vector (the object itself is
        # compared), so a benchmark that makes each question new (`forget_queries`) gets none.
        vector = self._store.embedder.embed_query(text)
        last = self._last_search
        if last is not None and last[0] is corpus and last[1] == text and last[2] is vector:
            return last[3][:k]
        exact, rest, fused, dense, lexical = self._fuse(corpus, text)
        relevance: dict[str, float] = {}
        if self._reranker is not None and len(rest) > 1:
            head = _head(rest, lexical, self._reranker.pool)
            chosen = set(head)
            rest = head + [pid for pid in rest if pid not in chosen]
            features = self.rerank_features(text, head, fused, dense)
            scores = np.array([self._reranker.score(row) for row in features])
            shares = np.exp(scores - scores.max())
            shares /= shares.sum()
            relevance = {pid: float(share) for pid, share in zip(head, shares, strict=True)}
            rest = sorted(head, key=lambda pid: -relevance[pid]) + rest[len(head) :]
            if not exact and (called := called_by_title(text, head, corpus.titles)) not in (None, rest[0]):
                # It goes first with the first's share: the reranker's sureness of the paper
                # shown first (a lookup's "did you mean" rests on it).
                relevance[called], relevance[rest[0]] = relevance[rest[0]], relevance[called]
                rest = [called] + [pid for pid in rest if pid != called]
        else:
            top = max(fused.values(), default=1.0) or 1.0
            relevance = {pid: fused.get(pid, 0.0) / top for pid in rest}
        named = {pid: 2.0 - n * 0.01 for n, pid in enumerate(exact)}
        ordered = exact + rest
        results = [
            SearchResult(
                corpus.papers[pid],
                named.get(pid, relevance.get(pid, 0.0)),
                fused.get(pid, 0.0),
                dense.get(pid),
            )
            for pid in ordered
        ]
        self._last_search = (corpus, text, vector, results)
        return results[:k]

    def fused_head(self, query: str, size: int) -> tuple[list[str], list[tuple[float, ...]]]:
        """The first `size` papers of the fused ranking (named papers left out) and their rerank
        features, in fused order: what the reranker is fitted on (scripts/fit_policy.py)."""
        text = clean_query(query)
        corpus = self._ensure()
        if not corpus.papers:
            return [], []
        _, rest, fused, dense, lexical = self._fuse(corpus, text)
        head = _head(rest, lexical, size)
        return head, self.rerank_features(text, head, fused, dense)

    def _fuse(
        self, corpus: Lexicon, text: str
    ) -> tuple[list[str], list[str], dict[str, float], dict[str, float], list[str]]:
        """Named papers, the other candidates by fused score, the fused scores, the cosines and
        the lexical rankings' best few (BM25's and the fuzzy titles', alternating)."""
        dense = self._dense_ranking(text)
        rankings = {"dense": [pid for pid, _ in dense], "bm25": self._bm25_ranking(corpus, text)}
        rankings["title"] = self._fuzzy_title_ranking(corpus, text, rankings["dense"] + rankings["bm25"])
        fused: dict[str, float] = {}
        for name, ranking in rankings.items():
            weight = _WEIGHTS[name]
            for rank, paper_id in enumerate(ranking):
                fused[paper_id] = fused.get(paper_id, 0.0) + weight / (_RRF_K + rank + 1)
        ranked = [pid for pid, _ in sorted(fused.items(), key=lambda item: -item[1]) if pid in corpus.papers]
        # A named paper (its arXiv id or a name it defines in the query) goes first, as asked;
        # so does a paper whose whole title the query contains ("a full, exact title wins").
        exact = self._titled(corpus, text, ranked[: self._candidates], self._exact_matches(corpus, text))
        lexical = [
            pid
            for pair in zip_longest(rankings["bm25"][:_LEXICAL_EXTRA], rankings["title"][:_LEXICAL_EXTRA])
            for pid in pair
            if pid is not None
        ]
        return exact, [pid for pid in ranked if pid not in exact], fused, dict(dense), lexical

    def _titled(self, corpus: Lexicon, text: str, candidates: Sequence[str], exact: list[str]) -> list[str]:
        """`exact` with, first, the candidates whose whole title the text contains, or the one
        candidate whose title contains the whole text (a partial title: "Alignment and Safety in
        Large Language Models: Safety Mechanisms")."""
        asked = _squash(text)
        whole = [
            pid
            for pid in candidates
            if pid in corpus.titles
            and len(_squash(corpus.titles[pid])) >= _MIN_EXACT_TITLE
            and _squash(corpus.titles[pid]) in asked
        ]
        if not whole and len(asked) >= _MIN_PARTIAL_TITLE:
            holders = [
                pid for pid in candidates if pid in corpus.titles and asked in _squash(corpus.titles[pid])
            ]
            whole = holders if len(holders) == 1 else []
        if not whole:
            # A quoted stretch of one title ("the 'Two minds better than one' paper"): quoting
            # marks it as the title's own words, so a shorter stretch than above is enough.
            # ... misspelled too ("'Is PRM neccessary' paper link"), as the corpus spells it
            for phrase in (
                p for quoted in _QUOTE.findall(text) for p in (quoted, self.spell_checked(quoted))
            ):
                squashed = _squash(phrase)
                if len(phrase.split()) < 3 or len(squashed) < _MIN_EXACT_TITLE:
                    continue
                holders = [
                    pid
                    for pid in candidates
                    if pid in corpus.titles and squashed in _squash(corpus.titles[pid])
                ]
                if len(holders) == 1:
                    whole = holders
                    break
        if not whole and (called := called_by_title(text, candidates, corpus.titles, leading=True)):
            whole = [called]  # "summarize the alignment faking paper": called by its title's start
        if not whole and (called := _called_by_one_word(corpus, text)):
            whole = [called]  # "link for the barbarians paper": by a word only its title has
        if not whole and (called := _led_by_title(corpus, text)):
            whole = [called]  # "secrets of rlhf part one - what did they find matters most?"
        return whole + [pid for pid in exact if pid in corpus.papers and pid not in whole]

    def rerank_features(
        self, text: str, ids: Sequence[str], fused: dict[str, float], dense: dict[str, float]
    ) -> list[tuple[float, ...]]:
        """Per candidate (RERANK_FEATURES): fused score, cosine of the abstract, cosine of its best
        sentence, IDF-weighted share of the query's terms it holds, 1/(rank+1), 1/(dense rank+1)
        (0 outside the dense candidates), how closely the query's words match its title (0-1),
        how much of the query it holds by meaning (rag.words: of all the query's terms, and of
        those it lacks as written), and how well its sentences support each clause of the query
        (the mean over the clauses of the best sentence's cosine: a paper must match every part
        of a long description, not only its gist). `dense` holds the dense ranking's cosines in
        its order."""
        corpus = self._ensure()
        dense_rank = {pid: n for n, pid in enumerate(dense)}
        # The word features read the query as the corpus spells it ("Beyound Prefrences in AI
        # Aligment" holds that title's words); the model reads it as written.
        spelled = self.spell_checked(text)
        asked = spelled.lower()
        embedder = self._store.embedder
        vector = np.asarray(embedder.embed_query(text), dtype=np.float32)
        vector = vector / max(float(np.linalg.norm(vector)), 1e-12)
        parts = clauses(text)
        clause_vectors = (
            np.asarray(embedder.embed_documents(parts), dtype=np.float32) if parts else vector[None]
        )
        best: dict[str, float] = {}
        support: dict[str, float] = {}
        for pid, sentences in self._store.sentence_vectors(ids).items():
            best[pid] = float((sentences @ vector).max())
            support[pid] = float((clause_vectors @ sentences.T).max(axis=1).mean())
        missing = [pid for pid in ids if pid not in dense]
        if missing:
            for pid, paper_vector in self._store.paper_vectors(missing).items():
                dense[pid] = float(np.dot(vector, np.asarray(paper_vector)))
        statistics = corpus.statistics
        soft = self._soft_coverage(corpus, spelled, [corpus.papers[pid] for pid in ids])
        return [
            (
                min(fused.get(pid, 0.0), _FUSED_CAP),
                dense.get(pid, 0.0),
                best.get(pid, 0.0),
                coverage(spelled, corpus.papers[pid], statistics),
                1.0 / (rank + 1),
                1.0 / (dense_rank[pid] + 1) if pid in dense_rank else 0.0,
                fuzz.token_set_ratio(asked, corpus.titles.get(pid, "")) / 100,
                *soft[rank],
                support.get(pid, dense.get(pid, 0.0)),
            )
            for rank, pid in enumerate(ids)
        ]

    def _dense_ranking(self, text: str) -> list[tuple[str, float]]:
        vector = self._store.embedder.embed_query(text)
        return self._store.rank_papers(vector, self._candidates)

    def _bm25_ranking(self, corpus: Lexicon, text: str) -> list[str]:
        if corpus.bm25 is None or not _WORD.search(text.lower()):
            return []
        last = self._last_ranking  # one read: another thread may replace it meanwhile
        if last is not None and last[0] is corpus and last[1] == text:
            return list(last[2])
        ranking = corpus.bm25.rank(_as_written_here(corpus, self.unclipped(text)), self._candidates)
        self._last_ranking = (corpus, text, tuple(ranking))
        return ranking

    def _fuzzy_title_ranking(self, corpus: Lexicon, text: str, candidates: Sequence[str]) -> list[str]:
        """Titles close to the query's words, misspellings included. Scored over a bounded set,
        not every title: the other rankings' candidates plus the titles that share a rare word
        with the query (a misspelled word is matched to the title vocabulary first)."""
        words = [w for w in _WORD.findall(text.lower()) if w not in _LOOKUP_WORDS]
        if not words:
            return []
        pool = dict.fromkeys(candidates)
        for word in dict.fromkeys(words):
            holders = corpus.title_words.get(word)
            if holders is None and len(word) >= _MIN_FUZZY_WORD and not _known(corpus, word):
                # A word no paper uses is likely misspelled: the closest title word of about
                # its length stands in for it.
                close = self._vocabularies(corpus)[0].closest(
                    word, 2, fuzz.ratio, _WORD_SIMILARITY, higher_is_closer=True
                )
                holders = corpus.title_words[close] if close else None
            if holders and len(holders) <= _RARE_TITLE_WORD:
                pool.update(dict.fromkeys(holders))
        probe = " ".join(words)
        scored = process.extract(
            probe,
            {paper_id: corpus.titles[paper_id] for paper_id in pool if paper_id in corpus.titles},
            scorer=fuzz.token_set_ratio,
            score_cutoff=60,
            limit=self._candidates,
        )
        scored.sort(key=lambda item: (-item[1], item[2]))
        return [paper_id for _title, _score, paper_id in scored]

    def _exact_matches(self, corpus: Lexicon, text: str) -> list[str]:
        """Papers the text names surely: by arXiv id, by a name their title or abstract defines
        (even misspelled), or by a coinage only they use."""
        found: list[str] = []
        for match in ARXIV_ID_IN_TEXT.finditer(text):
            arxiv_id = normalize_arxiv_id(match.group(1))
            if arxiv_id and arxiv_id in corpus.papers:
                found.append(arxiv_id)
        for named in corpus.names.find(without_descriptors(text)):
            # A coinage an abstract merely uses ("LLaMA-65b") is evidence, not a name for it;
            # nor is a name an abstract defines written in lowercase words most papers use ("a
            # multi-objective reward space" for MORE's "Multi-Objective Reward"): a description.
            # A title's own name is its name however written ("controllable safety alignment").
            if (
                named.strength >= Strength.DEFINED
                and named.paper_id not in found
                and (named.strength >= Strength.TITLE or not _written_as_words(corpus, text, named.name))
                and not (named.strength >= Strength.TITLE and _modifies_a_noun(corpus, text, named))
                and not _written_as_common_word(corpus, text, named.paper_id, named.name)
            ):
                found.append(named.paper_id)
        words = _WORD.findall(text.lower())
        if not found and len(corpus.names) and len(words) <= 8:
            # A misspelled name ("rewrad dance"): close enough to one long name, and only one.
            # Edits counted with transpositions ("rewrad" is one edit from "reward"): one for a
            # name of 6-8 letters, two from 9; only names of a length within reach are compared.
            windows = [
                words[start : start + size] for size in (3, 2, 1) for start in range(len(words) - size + 1)
            ]
            for parts in windows:
                window, size = "".join(parts), len(parts)
                if len(window) < 6 or _known(corpus, window):
                    continue
                if size == 1 and english.common(window) and english.american(window) == window:
                    continue  # a word of its own ("untrained"), not a name mistyped ("RLTrained")
                if size > 1 and all(_known(corpus, word) for word in parts):
                    # Words the corpus knows each of are what they say ("MT-Bench": abstracts
                    # write "MT" and "Bench"), not a misspelling of a name one letter away
                    # ("MJ-Bench"); a misspelled name has a word no paper uses ("rewrad").
                    continue
                edits = 1 if len(window) < 9 else 2
                name = self._vocabularies(corpus)[1].closest(
                    window, edits, OSA.distance, edits, higher_is_closer=False
                )
                close = corpus.names.get(name) if name else None
                # Several words near a name ("large language models") only stand for a title's
                # own name ("rewrad danse" for RewardDance), not for a phrase an abstract defines.
                wanted = Strength.TITLE if size > 1 else Strength.DEFINED
                if close and close.strength >= wanted and close.paper_id not in found:
                    found.append(close.paper_id)
        return found
