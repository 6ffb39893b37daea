"""The transport-agnostic answering core: `await answerer.answer(question, history) -> Answer`.

Stages, each its own module: understand (rag/understand.py: the typed `Query`) -> retrieve
(rag/retrieve.py) -> decide (rag/decide.py with the fitted rag/policy.py) -> compose (here:
quoted sentences of the chosen papers, each cited; metadata answers from rag/metadata.py). The
default answerer is extractive: it quotes, never invents. An answer is data (rag/model.py's typed
parts and citations); bot/render/ writes its sentences.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import itertools
import logging
import re
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from rag import english
from rag.asked_terms import ASKED_TERMS
from rag.cite import abstract_links, bibtex, code_links, strip_markers
from rag.counts import (
    asked_focus,
    asked_items,
    asked_measures,
    asks_change,
    asks_quantity,
    asks_size,
    count_of,
    counted,
    counted_acronyms,
    gives_change,
    gives_count,
    gives_measure,
    gives_quantity,
    gives_size,
    kind_counted,
    lists_items,
    names_what_came_before,
    quantity_clause,
    verb_counted,
)
from rag.decide import (
    FUNCTION_WORDS,
    Evidence,
    RefusalModel,
    TermStatistics,
    content_stems,
    coverage,
    gather_evidence,
    list_features,
    phrase_coverage,
    rare_name_words,
    shared_phrases,
    stem,
    writes_acronym,
)
from rag.english import common
from rag.metadata import (
    COUNT_BOUNDS,
    LAST_MONTH_NAMED,
    RELATIVE_DAYS,
    Condition,
    MetadataQuery,
    MetadataResult,
    SortedPapers,
    calendar_week,
    checks,
    count_by,
    makers_of,
    names_a_kind,
    organisation_named,
    run_metadata,
    statistic_of,
)
from rag.model import (
    Answer,
    Card,
    Cards,
    Citation,
    Comparison,
    Definition,
    EmptyStore,
    Fact,
    FactComparison,
    Field,
    FieldStatistic,
    GroupCount,
    Grouping,
    Help,
    Listing,
    Matches,
    Neighbours,
    NoSameDay,
    Overview,
    Paper,
    Quote,
    Refusal,
    Row,
    Turn,
)
from rag.names import COMPARED, Strength, long_forms, name_shaped, squash, title_name
from rag.papers import ARXIV_ID_IN_TEXT, normalize_arxiv_id
from rag.phrasing import list_cue
from rag.policy import POLICY, Policy
from rag.recall import LIKE_MEANING, recalled_title
from rag.retrieve import HybridRetriever, QueryError, SearchResult, called_by_title, clean_query, title_phrase
from rag.similar import neighbours_of
from rag.understand import (
    ASKS,
    POINTER_WORDS,
    Query,
    Route,
    asked_of_picked,
    describes_one,
    labels_papers,
    likened_for,
    picked_by_words,
    understand,
)

__all__ = ["Answerer", "ExtractiveAnswerer", "refusal"]

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 2000
# A lookup whose words match a title this closely (rapidfuzz token-set ratio, 0-100) names it:
# misspellings of a full title score 85-95, unrelated titles under 70 on the tuning lookups.
_NEAR_EXACT_TITLE = 85
# A question that asks for a paper, whatever it describes it by: "… which paper?", "what work …"
_ASKS_WHICH_PAPER = re.compile(
    r"\b(?:which|what)\s+(?:\w+\s+){0,2}?(?:papers?|works?|study|studies|articles?)\b", re.I
)
_RECALL_POOL = 10  # the search's best papers a title recalled loosely is sought among
_BEYOND_SEARCHED = 3  # papers a description that fits none of a set is sought among, corpus-wide
_WHOLE_TITLE = 90  # plain similarity (0-100) of a whole title asked with a slip to the title
_TITLE_PHRASES = 2  # a title's two-word phrases a description must repeat to name it
# "which base LLM", "which model family", "what LLMs": a model asked for (not "which papers ...").
# (not "what should the model do ...?", whose model is the subject of what is asked; nor "what
# LLM task did they fine-tune on?", whose "LLM" qualifies the noun asked for)
_WHICH_MODEL = re.compile(
    r"\b(?:which|what)\s+(?:(?!papers?\b|works?\b|stud|(?:should|would|could|can|will|must|do|does|did|is|are|was|"
    r"were)\b)[\w-]+\s+){0,2}?"
    r"(?:models?|llms?|vlms?|model\s+famil(?:y|ies)|gpt\s+versions?)\b"
    r"(?!\s+(?:tasks?|benchmarks?|datasets?|settings?|domains?|applications?|problems?|methods?|techniques?|"
    r"approach(?:es)?|objectives?|loss(?:es)?|metrics?|outputs?|responses?|answers?|behaviou?rs?|capabilit(?:y|ies)|"
    r"agents?|training|alignment|evaluation)\b)",
    re.I,
)
# An aside between dashes closed right before: "… - MaskEmbed, a masked objective - which
# improved VLMs": the "which" after it opens a relative clause ("CREAM - which 7b model?" asks).
_AFTER_ASIDE = re.compile(r"\s[-\u2013\u2014]\s(?:(?!\s[-\u2013\u2014]\s).)+\s[-\u2013\u2014]\s*\Z")
# "in the steerability evaluation paper", "in GenARM's weak-to-strong experiments": one paper.
_OF_A_PAPER = re.compile(
    r"\b(?:in|of|from|for)\s+(?:the\s+)?(?:[\w'()-]+\s+){0,6}?(?:paper|study|experiments?|evaluation|simulation)\b",
    re.I,
)
# A name with its version attached: "GPT-4o", "Llama-2-7B", "Qwen2.5"; group 1 its family word.
_MODEL_NAME = re.compile(r"\b([A-Z][A-Za-z]+)-?(\d+(?:\.\d+)?[A-Za-z]?)(?:-[\w.]+)*\b")
_YEAR = re.compile(r"(?:19|20)\d\d\b")
_MODEL_SIZE = re.compile(r"(?<![\w.-])\d+(?:\.\d+)?[MB](?![\w-])")
_SIZED_NAME = re.compile(r"\b([A-Z][\w.-]+)\s*\(\s*\d+(?:\.\d+)?[MB]\b")
_ASKS_SIZE = re.compile(r"\b(?:sizes?|how\s+(?:big|large)|parameters?|params)\b", re.I)
# A model family's name with its version: "GPT-5", "Llama 3", "Qwen2.5" (family, version).
_FAMILY_VERSION = re.compile(
    r"(?<![\w-])([A-Za-z][A-Za-z]+)[\s-]?(\d{1,2}(?:\.\d{1,2})?)(?![\w.]*\d)(?![\w-])"
)
_VERSION_READ = 50  # abstracts read for a model's version (rag.answer's `_unwritten_version`)
# A task named by what it makes of what: "text-to-speech", "text-to-3D" (made of, made).
_TASK_COMPOUND = re.compile(r"(?<![\w-])([A-Za-z0-9]+)-to-([A-Za-z0-9]+)(?![\w-])")
_SPAN_ENDS = 0.6  # "best-to-worst", "low-to-high": two words this alike are a span's ends, not a task
# A bracket closing a question that asks nothing before it (no question word): a gloss of the
# paper it names ("the IFT paper (merging SFT and RLHF into one step)").
_GLOSS = re.compile(
    r"^(?P<head>(?![^()]*\b(?:what|which|who|whom|whose|when|where|why|how|does|do|did|is|are|was|were|"
    r"can|could|has|have|had|any|anything)\b)[^()]+?)\s*\((?P<gloss>[^()?]{3,})\)\s*[?.!]*\s*$",
    re.I,
)
# Abstracts read for a phrase a paper is asked to carry over to (`_phrase_unheld`).
_PHRASE_READ = 20
_TASK_READ = 30  # abstracts read for a task (rag.answer's `_unmade_task`), by each of two searches
_FAMILY_SAMPLE = 5000  # papers read for the model families (rag.answer._model_families)
_TITLE_PICK = 8  # letters of "the X one" that a title must hold to be picked from outside the set
_QUOTED_TITLE_MATCH = 75
_OFF_TOPIC_WORDS = 2  # English words no paper uses, from which a thread's turn may be off topic
# Words that point back at what a thread gave ("they", "that one", "those", "its")
_POINTING = re.compile(
    r"\b(?:it|its|they|them|their|theirs|this|that|these|those|one|ones|both|each)\b", re.I
)
# A quoted phrase spelled this close to a title's head of this many words is that title recalled
# with a word wrong ("two heads are better than one" of "Two Minds Better Than One", 81); the
# famous titles the question sets quote of papers not here come to 62 at most ("Training language
# models to follow instructions …").
_RECALLED_HEAD = 80
_RECALLED_HEAD_WORDS = 3
_SPELLED_TITLES = 3
_LOOSE_TITLE_SHARE = 0.5  # of a quoted title's words, held by a title the rest of the question describes
_DESCRIBING_TERMS = 3  # terms besides a quoted title from which they describe a paper
_TITLE_STRETCH_SLACK = 6  # words asked, from which one may be spelled otherwise than in the title
_LONG_TITLE_STRETCH = 5  # words; shorter queries ("alignment survey") match part of many titles
# The candidates a list answer considers: the reranker's pool, the same 20 the list-membership
# model was fitted on (scripts/fit_policy.py).
_LIST_POOL = 20
# A capitalised name and the version number after it: "Llama Guard 3", "Claude 3"; not a year
# ("December 2024", "NeurIPS 2024": dates are metadata), not "GPT-4o" (one token, a term).
_VERSIONED_NAME = re.compile(r"(?<=\s)(?:[A-Z][\w-]*\s+){1,3}v?(?!(?:19|20)\d\d\b)\d+(?:\.\d+)?(?![\w.-])")
# ... or written as one word with its version: "GPT-4", "Llama-2-70B", "Qwen2.5".
_VERSIONED_WORD = re.compile(r"(?<![\w-])[A-Z][\w.]*-\d[\w.-]*|(?<![\w-])[A-Z][A-Za-z]+\d[\w.-]*")
# ... or with a lettered version after a name cased as a maker's ("DeepSeek-R1", "OpenAI-o1")
_LETTERED_VERSION = re.compile(r"(?<![\w-])[A-Z][a-z]*[A-Z][A-Za-z]*-[A-Za-z]\d+(?:\.\d+)?(?![\w.])")
# A model's name in lowercase with its version: "gemma-2", "llama-3-70b", "gpt4", "claude 3.5".
_LOWER_VERSIONED = re.compile(r"(?<![\w-])([a-z]{3,})(?:-|\s+)?v?\d+(?:\.\d+)?[a-z]?(?:-[\w.]+)*(?![\w.-])")
# A yes/no question ("did they ...", "does it ...") about a paper; and how close in meaning
# (rag.words) a word no paper uses may come to the paper's words and still be unheard of there:
# over the twelve question sets' follow-ups about one paper it holds for 6 of 19 unanswerable
# ones (3 that nothing else refused) and none of 77 answerable ("behaviour" for "behavior" is
# 0.94; "humanoid" to a robot paper's words 0.67).
# Two alternatives a yes/no question offers: "PPO or GRPO", "Llama-2 or Mistral".
# ("GPT-4o or not?" offers no other thing the paper might hold)
_ALTERNATIVE = re.compile(r"([\w.+-]+)\s+or\s+(?!(?:not|no|none|nothing|else)\b)([\w.+-]+)", re.I)


def _held_alternatives_left(question: str, missing: list[str]) -> list[str]:
    """`missing` without the alternatives of an "X or Y" whose other side the paper holds (is not
    missing): "did they use PPO or GRPO?" is answered by a paper that uses GRPO."""

    def lacks(word: str) -> bool:
        return word in missing or stem(word.lower()) in missing or word.lower() in missing

    dropped = set()
    for match in _ALTERNATIVE.finditer(question):
        first, second = match.group(1), match.group(2)
        if lacks(first) != lacks(second):
            dropped |= {
                first,
                first.lower(),
                stem(first.lower()),
                second,
                second.lower(),
                stem(second.lower()),
            }
    return [term for term in missing if term not in dropped]


_LEADING_THE = re.compile(r"^\s*the\s+", re.I)
# A survey by another name: "literature review", "review paper"
_REVIEW_KIND = re.compile(r"(?:literature[\s-]+)?reviews?|surveys?", re.I)
_YES_NO = re.compile(
    # (not a request: "can someone explain the PPO-max paper?", "could you summarize it?")
    r"^\s*(?:and\s+)?(?:did|does|do|(?:can|could)(?!\s+(?:you|u|someone|somebody|anyone|anybody|we|i)\s+"
    r"(?:please\s+|pls\s+|quickly\s+|briefly\s+)?(?:explain|summari[sz]e|describe|give|list|find|"
    r"recommend|suggest|share|send|link|cite|point|(?:tell|show)\b(?!(?:\s+(?:me|us))?\s+(?:if|whether)\b)))|"
    r"has|have|was|were|is it|are they)\b|"
    # ... asked as a statement, the way many write it: "they have result for chest x-ray also?"
    r"^\s*(?:and\s+|so\s+)?(?:they|it)\s+(?:also\s+)?(?:have|has|had|use|used|uses|test|tested|tests|report|"
    r"reported|reports|evaluate|evaluated|evaluates|include|included|includes|cover|covered|covers|compare|"
    r"compared|compares|show|showed|shows|work|works|try|tried|train|trained|run|ran)\b[^?]*\?\s*$",
    re.I,
)
# What a condition asks to be absent: "which of those don't need a reference model?", "... without
# human labels", "... with no critic" (the thing, not a verb of it: "doesn't train the generator").
_ABSENT = re.compile(
    r"\b(?:without|(?:with|needs?|requires?|uses?|needing|requiring|using)\s+no|no\s+need\s+for|free\s+of|(?:do|does|did)(?:n't|nt|\s+not)\s+"
    r"(?:need|use|require|rely\s+on)|not\s+(?:needing|using|requiring))\s+"
    r"(?:any\s+|an?\s+|the\s+|their\s+|its\s+)?([a-z][\w-]*)",
    re.I,
)
_VAGUE_ABSENT = frozenset("one ones it them that this those these such other others more much doubt".split())
# ... and how an abstract says a thing is absent: "without Reference", "a critic-free method",
# "eliminates the need for a reward model", "no human labels".
_SAYS_ABSENT = (
    r"\b(?:without|no|free\s+of|(?:eliminat|obviat|remov)\w*\s+the\s+need\s+(?:for|of)|dispens\w*\s+with|"
    r"not\s+requir\w*|"
    r"(?:does|do)(?:n't|\s+not)\s+(?:need|require|rely\s+on))\s+(?:[\w-]+\s+){{0,3}}?{0}\w*|\b{0}\w*-free\b"
)
_UNHEARD_CLOSENESS = 0.7
_CODE_OWNER = re.compile(r"github\.com/([A-Za-z0-9][\w.-]*)", re.I)
_MEMBERS_ALIKE = re.compile(r"\b(?:the\s+same|similar|different|differ|alike|in\s+common)\b", re.I)
# A word askers use about as often for papers that hold it as for any (rag.asked_terms weighs it
# this much or more): a word of what they ask, not of how they talk ("plain", "setup", "around").
_TOLD_APART_TERM = 0.95
# What a question asks a paper for ("venue", "licence") that no word of its abstract comes this
# close to (cosine) is not in it: over the 39 fitting sets, the named papers' questions whose
# focus came below it were all unanswerable (13); "age" at 0.69 was, "LLMs" at 0.88 was not.
_FOCUS_CLOSENESS = 0.5
_TERSE_TERMS = 8  # content terms of a terse question about a named paper, at most
# A title given as recalled loosely: "… or something like that", "something like '…'"
_UNSURE_TITLE = re.compile(
    r"\bor\s+(?:something|smth|sth)\s+(?:like\s+(?:that|this|it)|similar)\b|\bsomething\s+like\s+['\"\u2018\u201c]|"
    r"\b(?:roughly|approximately)\s+(?:titled|called)\b|\bif\s+i\s+(?:remember|recall)\s+(?:right|correctly)\b",
    re.I,
)
# What a paper is said not to be: "not the optical flow one", "not the RAFT paper on video"
_NOT_THAT_ONE = re.compile(
    r"\bnot\s+(?:the|a|an|that)\s+(?:[\w-]+\s+){0,4}?(?:one|paper|work|method)\b", re.I
)
# A relative clause after a noun: what the asker recalls of the paper ("the report that takes PPO
# apart", "the one which trains on Crafter"), not what they ask of it.
# (a noun before it: "on which phone" asks)
_DESCRIBING_CLAUSE = re.compile(
    r"\b([a-z]+)\s+(?:that|which|who)\s+(?!is\b|are\b|was\b|were\b)[a-z]{3,}", re.I
)
_PLAIN_QUESTION_TERMS = 3  # content terms of a plain question about the thread's paper, at most
# A word in lowercase, of a question that may write a name so ("geneval", "sdxl").
_LOWER_WORD = re.compile(r"(?<![\w-])[a-z][a-z0-9]{2,}(?![\w])")
# The instalment of a report in parts: "Part 2", "part II", "part one".
_PART = re.compile(r"\bpart[\s-]*(\d+|[ivx]+|one|two|three|four|five)\b", re.I)
_PART_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
_ROMAN = {"i": 1, "v": 5, "x": 10}
_ACRONYM = re.compile(r"(?<![\w-])[A-Z]{2,}s?(?![\w-])")  # "AIME", "RLHF", "LLMs"
_NAMED_TERM = re.compile(r"(?<=\s)[A-Z][\w.-]*|\b[a-z]*\d[\w.-]*")
# The part of a named term that names: a capital or a digit in it ("OpenEvolve", "4o", not "style").
_NAMING_PART = re.compile(r"[A-Z\d]")
# A number written as an ordinal ("1st", "3rd", "21st") counts, and names nothing.
_ORDINAL_NUMBER = re.compile(r"\d+(?:st|nd|rd|th)", re.I)
# An acronym in any case pattern ("LMs", "MoE", "RLHF"): two capitals or more, five letters at most.
_ACRONYM_SHAPED = re.compile(r"(?=(?:[a-z]*[A-Z]){2})[A-Za-z]{2,5}")
# The share of a list question's weight (IDF) in rare names from which it asks for the papers
# that use them ("which papers report AlpacaEval numbers?"): set on the multi questions of the
# nine fitting sets (0.3-0.5 within 0.007 of mean cited recall; 0.4 0.698 -> 0.711 at precision
# 0.765 -> 0.756), not fitted by scripts/fit_policy.py.
_NAME_SHARE = 0.4
# How much of an ISO date a "same month" or "same year" question compares.
_SPAN_LENGTH = {"year": 4, "month": 7}
# Words that ask for a name's figures, not about another topic ("report AlpacaEval numbers",
# "AlpacaEval results"): few abstracts write them, so their IDF would outweigh the name.
_REPORTING = frozenset(
    content_stems("report reports reported reporting number numbers result results score scores figures")
)
# A mention list's head ends at a clause break; its alternatives are joined by "or" and "/".
_CLAUSE_BREAK = re.compile(r"\s*(?:[,;:(?!]|\s[-\u2013\u2014]\s)\s*")
_ALTERNATIVES = re.compile(r"\s*(?:\bor\b|/|&|\band\b)\s*", re.I)
_MENTION_SHARE = 0.05  # a term in at most this share of the papers tells what is mentioned
_VERSION_HEAD = 3  # letters a name has at least for its numbered versions to be its own ("Qwen": Qwen2)


# A name written with its version: "LLaMA-2", "Qwen2.5", "GPT-4" (and "Llama 2", a name and its
# number apart)
_VERSIONED = re.compile(r"([A-Za-z]{3,})[- ]?(\d+(?:\.\d+)?)")


# Words asked as alternatives: "drone / UAV experiments", "drones / quadrotors / UAVs"
_ALTERNATIVES_RUN = re.compile(r"(?<![\w-])[\w-]+(?:(?:\s*/\s*|\s+or\s+)[\w-]+)+(?![\w-])", re.I)
_SHAPED_NAME = re.compile(
    r"(?:[A-Za-z]*[A-Z0-9][A-Za-z0-9-]*[A-Z0-9][A-Za-z0-9-]*|[A-Z]{2,}s?)"
)  # "UAVs", "3D"
_JOINING = re.compile(r"\s*(?:,|/|,?\s*\bor\b|\band\b)?\s*(?:the\s+)?", re.I)  # between names joined
_ALTERNATIVE_BREAK = re.compile(r"\s*/\s*|\s+or\s+", re.I)


def _known_alternative(text: str, statistics: TermStatistics, specific: float) -> str:
    """`text` with the alternatives that no paper writes left out, when another is written, is
    shaped as a name (an acronym) and is specific (in at most `specific` of the papers): "drone /
    UAV experiments" asks what "UAV experiments" does, where the corpus writes only "UAVs"; what
    is asked either way is not missing when its other name is there. A name no paper writes
    ("Let's Verify Step by Step / PRM800K") stays: it is what is asked for."""

    def known(word: str) -> bool:
        stems = content_stems(word)
        return bool(stems) and all(s in statistics.frequency for s in stems)

    def keep(match: re.Match[str]) -> str:
        words = _ALTERNATIVE_BREAK.split(match[0])
        if not all(content_stems(word) for word in words):
            return match[0]
        unknown = [word for word in words if not known(word)]
        if not unknown or len(unknown) == len(words) or not all(word.islower() for word in unknown):
            return match[0]
        if not all(
            _SHAPED_NAME.fullmatch(word)
            and all(statistics.frequency[s] <= specific * statistics.papers for s in content_stems(word))
            for word in words
            if known(word)
        ):
            # (a plain word is no other name of the thing: "minors / children", "financial /
            # investment advice" ask for both; "text-to-speech / voice cloning" says more by "voice")
            return match[0]
        return " / ".join(word for word in words if known(word))

    return _ALTERNATIVES_RUN.sub(keep, text)


def _versions(stem: str, statistics: TermStatistics) -> frozenset[str]:
    """The corpus's terms that are a name's numbered versions ("qwen2", "qwen2.5" of "qwen")."""
    if len(stem) < _VERSION_HEAD or not stem.isalpha():
        return frozenset()
    return frozenset(
        term
        for term in statistics.frequency
        if len(term) > len(stem) and term.startswith(stem) and term[len(stem)].isdigit()
    )


_NAME_RUN = re.compile(
    r"(?<![\w-])[A-Z][\w.]*(?:\s+[A-Z][\w.]*)+(?![\w-])"
)  # "Llama Guard", "Stable Diffusion"
_MENTION_TERMS = 4  # content terms a mentioned thing has at most ("the environmental footprint of AI")
_COMMON_TERM_SHARE = 0.75  # a term in more of the papers than this does not say what one is about
# A question of what a paper did, by its question word ("which divergence worked best?"), and
# the words of one that seeks a paper ("… is there a newer survey?", "which paper conditions …")
# ("ok what about video generation?" swaps the topic)
_ASKS_OF_IT = re.compile(
    r"\W*(?:(?:and|so|ok|okay)\W+)?(?:what|what's|whats|which|how|where|when|who|why)\b(?!\s+about\b)", re.I
)
_SEEKS_A_PAPER = re.compile(
    r"\b(?:papers?|works?|surveys?|stud(?:y|ies)|ones?|articles?|preprints?|approach(?:es)?|methods?|"
    r"similar|another|other|else|also)\b",
    re.I,
)
_SWAPPED_ALIKE = 5  # letters from which a name with two side by side swapped is the same ("alpah")
_SPELLED_ALIKE = 7  # letters from which a name one edit apart is the same name ("penEvolve", a source's typo)
_MIXED_CASE = re.compile(r"(?<![\w-])[a-z]+[A-Z][A-Za-z]*(?![\w-])")  # "iOS", "macOS", "eBay"
_CAMEL_CASE = re.compile(r"(?<![\w-])[A-Z][a-z]+[A-Z][A-Za-z]*(?![\w-])")  # "RewardBench", "GenEval"
# (a question, by how it opens ("what was …", "how many …", "did they …": rag.understand's
# ASKS), is not a noun phrase that names a paper ("Guide-Align / Labrador 13B guideline library
# paper"))
_SIZE_OR_VERSION = re.compile(r"v?\d[\d.]*[a-z]?", re.I)  # "13B", "v2", "3.5"; not "Mind2Web"
# What asks for a paper's gist rather than for something in it ("summarize the MJ-Bench paper",
# "explain InfAlign", "main contributions of X"): answered from the named paper itself.
_ASKING = frozenset(
    content_stems(
        "paper summarize summarise summary summarization explain explanation describe description overview "
        "tldr tl;dr gist main idea ideas key contribution contributions findings abstract about tell brief "
        "briefly short quick line one-line oneliner one-liner"
    )
)
_QUOTE_CHARS = 480  # two quoted sentences longer than this read as a wall of text
_ROW_CHARS = 220  # a list row's sentence
# "what does KTO stand for?": the papers searched for the acronym's long forms, the forms shown,
# and the papers shown for each.
_DEFINE_SEARCHED = 20
_DEFINE_FORMS = 3
_DEFINE_PAPERS = 3
# "what topics does the corpus cover?": the title phrases shown, and the fewest titles one needs.
_OVERVIEW_TOPICS = 10
_OVERVIEW_MIN_TITLES = 3
_OVERVIEW_COMMON_WORD = 0.2  # share of titles a word is in that makes it the corpus's own vocabulary
_OVERVIEW_INSIDE = 0.8  # share of a pair's titles that write it inside one longer phrase
_METADATA_PAGE = 10  # papers a long metadata answer shows at once
_METADATA_WHOLE = 15  # a metadata answer of at most this many papers is shown whole
_GROUPED_WHOLE = 8  # a count per group of at most this many papers names them on its lines
_SIMILAR_SHOWN = 5  # "papers like X": as many as `paperbot similar` shows by default
_NEAR_ANCHOR = 10  # "anything newer?" after one paper: the papers nearest it that may be newer
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'])")
# A sentence's role, from its wording: what the paper does or finds is the answer; background
# and availability are not.
_METHOD = re.compile(
    r"\b(we|our|this paper|this work|in this (paper|work))\b.{0,40}?\b(propose|introduce|present|develop|"
    r"design|build|construct|formulate|study|investigate|show|find|demonstrate|reveal|identify)",
    re.I,
)
_RESULT = re.compile(
    r"\b(outperform\w*|achiev\w*|improv\w*|surpass\w*|results? (show|demonstrate|indicate)|"
    r"experiments? (show|demonstrate)|we find|we show|reduc\w* .{0,20}by|state-of-the-art)\b",
    re.I,
)
_AVAILABILITY = re.compile(
    r"\b(code|data|dataset|models?|weights|checkpoints|resources|demo)\b.{0,60}\b(available|released?|"
    r"open-?sourced?|public|github|huggingface)\b|https?://|\bgithub\b",
    re.I,
)
_BACKGROUND = re.compile(
    r"^(recent(ly)?|in recent years|with the|as |large language models|despite|however|although|"
    r"while|existing|current|traditional|prior|previous)\b",
    re.I,
)


class Answerer(Protocol):
    """What the adapters hold: the extractive default, or `rag.llm.LLMAnswerer` around it."""

    @property
    def retriever(self) -> HybridRetriever: ...

    async def answer(self, question: str, history: Sequence[Turn] = ()) -> Answer: ...

    def answer_sync(self, question: str, history: Sequence[Turn] = ()) -> Answer: ...

    def finds_nothing(self, text: str) -> bool: ...

    def prepare(self) -> None: ...

    def refresh(self) -> None: ...


def _as_versioned(family: str, version: str) -> re.Pattern[str]:
    """A model's name with its version as a text writes it, or more exactly ("HPSv2" is written
    "HPSv2.1", "Llama 3" "Llama-3.1-8B"; "GPT-4" is not "GPT-40" nor "GPT-5")."""
    return re.compile(rf"(?<![\w.-]){re.escape(family)}[\s-]?{re.escape(version)}(?!\d)", re.I)


def refusal(
    question: str,
    related: Sequence[Paper],
    sources: Sequence[str],
    reason: str,
    unmentioned: Sequence[str] = (),
    untitled: str | None = None,
    uncounted: Sequence[str] = (),
    unnamed: str | None = None,
    unlisted: str | None = None,
    unheld: str | None = None,
    authors: str | None = None,
    unrecorded: str | None = None,
    listing: bool = False,
    unidentified: str | None = None,
    unshared: str | None = None,
    exhausted: bool = False,
    held_by_all: str | None = None,
    unwritten: str | None = None,
) -> Answer:
    """The normal "not in the corpus" answer: no citations, a few related papers by title;
    `reason` is for the log and `--json` notes; `unmentioned`, what the related papers were
    asked about and do not mention; `untitled`, a title asked for that no paper has."""
    log.info("refused %r: %s", question[:80], reason)
    part = Refusal(
        tuple(related),
        tuple(unmentioned),
        untitled,
        tuple(uncounted),
        unnamed,
        unlisted,
        unheld,
        authors,
        unrecorded,
        listing,
        unidentified,
        unshared,
        exhausted,
        held_by_all,
        unwritten,
    )
    return Answer(question, part, (), False, tuple(sources), (reason,))


def as_shown(history: Sequence[Turn]) -> list[Turn]:
    """The thread as its user saw it: a refusal that opens it points at the first paper it showed,
    as an answer points at the paper it cites: "what dataset did they use?" after "its abstract
    does not mention venue: LiPO …" asks about LiPO, "github link?" after "The corpus does not
    cover this. Related, but not an answer: …" about the first of those. Later in a thread,
    "which of those …", "bibtex for it" still mean what the earlier answers cited: measured over
    the sets' threads, a refusal's papers taking their place in mid-thread fixed two turns and
    broke two ("bibtex for it" after a refusal about another paper than the thread's)."""
    shown: list[Turn] = []
    opened = False  # an earlier turn cited a paper
    for turn in history:
        if turn.related and not turn.cited and not opened:
            turn = dataclasses.replace(turn, cited=turn.related[:1])
        opened = opened or bool(turn.cited)
        shown.append(turn)
    return shown


def as_written(question: str, terms: Sequence[str]) -> list[str]:
    """Terms (stems, or names as written) in the question's own words: "ensembl" -> "ensembles"."""
    words = {stem(word.lower()): word for word in reversed(re.findall(r"[\w-]+", question))}
    return [words.get(term, term) for term in terms]


# A stretch in quotes: where a title recalled from memory stands ('Search, Don't Sample').
_QUOTED_STRETCH = re.compile(
    r"(?:^|(?<=[\s(\[]))['\"\u2018\u201c]([^'\"\u2019\u201d]{8,}?)['\"\u2019\u201d](?![A-Za-z])"
)
_RECALLED_TITLE = 80  # token-set similarity (0-100) of a quoted stretch to the title it recalls


def _in_recalled_title(question: str, term: str, paper: Paper) -> bool:
    """Whether `term` (a stem or a word as written) stands inside a quoted stretch of the question
    that recalls `paper`'s title, a word or two wrong ("'Slow Learner with Classifier
    Calibration'" for "… Classifier Alignment …")."""
    for quoted in _QUOTED_STRETCH.findall(question):
        words = quoted.lower()
        if (term.lower() in words or term in content_stems(quoted)) and fuzz.token_set_ratio(
            words, paper.title.lower()
        ) >= _RECALLED_TITLE:
            return True
    return False


def as_said(question: str, terms: Sequence[str]) -> list[str]:
    """`as_written`, with a part of a hyphenated name said as the name ("bench" of "MT-Bench"):
    how a refusal names what the abstract lacks."""
    tokens = re.findall(r"[\w-]+", question)
    words = {
        stem(part.lower()): token for token in reversed(tokens) if "-" in token for part in token.split("-")
    }
    written = as_written(question, terms)
    return list(
        dict.fromkeys(words.get(term, said) if said == term else said for term, said in zip(terms, written))
    )


@dataclass(frozen=True, slots=True)
class _Candidates:
    results: list[SearchResult]
    evidence: Evidence
    dense: dict[str, float]  # paper id -> cosine to the question
    # The question's terms and how closely the first paper holds each (rag.retrieve's term_matches).
    matches: tuple[list[str], list[float]] = ([], [])
    # For a list of every mention ("which abstracts bring up hallucination?"): the papers whose
    # text says what it names, best ranked first.
    mentions: list[SearchResult] = field(default_factory=list)
    # The rare names a list turns on and their users (`_name_users`), once worked out: empty
    # until then, then that one answer (None for no such names).
    name_users: list[tuple[str, list[SearchResult]] | None] = field(default_factory=list)


class ExtractiveAnswerer:
    """Quotes, never invents. Thread-safe; the blocking work runs off the event loop."""

    def __init__(self, retriever: HybridRetriever, max_sentences: int = 2, policy: Policy = POLICY) -> None:
        self._retriever = retriever
        self._max_sentences = max_sentences
        self._policy = policy
        self._families: tuple[Mapping[str, Paper], frozenset[str]] | None = None
        self._topics: tuple[Mapping[str, Paper], tuple[tuple[str, int], ...]] | None = None
        # The papers and their title heads in lowercase, read once per set of papers
        self._heads: tuple[Mapping[str, Paper], list[Paper], list[str]] | None = None

    @property
    def retriever(self) -> HybridRetriever:
        return self._retriever

    def prepare(self) -> None:
        """Build now what the first question would otherwise wait for (the lexical index and
        term statistics: seconds on a large store). Bots call it in the background at start."""
        started = time.perf_counter()
        papers = self._retriever.papers()
        self.term_statistics()
        english.common_words()  # read by spelling correction at the first word no paper uses
        log.info("answerer ready: %d papers in %.1f s", len(papers), time.perf_counter() - started)

    def refresh(self) -> None:
        """After an ingest: rebuild everything derived from the stored papers."""
        self._retriever.refresh()
        self.prepare()

    async def answer(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        return await asyncio.to_thread(self.answer_sync, question, history)

    def understand(self, question: str, history: Sequence[Turn] = ()) -> Query:
        """The typed reading of a turn (public for evaluation and tests)."""
        return self._read(question, as_shown(history))

    def _read(self, question: str, history: Sequence[Turn]) -> Query:
        """`understand`, of a thread already as its user saw it (`as_shown`)."""
        text = clean_query(question)[:MAX_QUESTION_CHARS]
        return understand(
            self._retriever.function_words_checked(text),
            history,
            self._named,
            self._retriever.organisations(),
            self._retriever.latest_year(),
            self._latest_day() if RELATIVE_DAYS.search(text) or LAST_MONTH_NAMED.search(text) else None,
            list_cue(),
        )

    def _latest_day(self) -> str | None:
        """The newest paper's date: the corpus's "today"."""
        newest = self._retriever.sorted_papers().order(Field.DATE, True)
        return newest[0].date if newest else None

    def answer_sync(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        history = as_shown(history)
        query = self._read(question, history)
        if query.cued:
            # A set asked for in words only the list cue reads ("methods that …") is refused
            # exactly when the topical question the patterns read is ("which four LLMs were used
            # in the watermarking study?" names no model either way): the cue lays the answer out
            # as a list; it does not make the corpus answer more.
            as_read = self._answer(
                dataclasses.replace(query, route=Route.TOPICAL, topic=query.text, cued=False), history
            )
            # ... unless papers use the names that are most of what it asks: "RL papers here with
            # experiments on MuJoCo, Meta-World or the DeepMind Control Suite?" has no one paper
            # that holds them all, which the topical reading weighs, but papers that each use one
            if not as_read.grounded and not self._each_name_used(query):
                return as_read
        answer = self._answer(query, history)
        if query.text != question and labels_papers(question, self._named):
            # "1) BCO 2) D2O 3) iREPO. summarise the 3rd" is answered as "summarise iREPO"; the
            # thread keeps the list, which later turns point into ("which of 1 and 2 …")
            answer = dataclasses.replace(answer, question=question)
        return answer

    def _answer(self, query: Query, history: Sequence[Turn]) -> Answer:
        """The answer to a turn read as `query` (`history` as its user saw it)."""
        if not self._retriever.papers():
            return Answer(query.text, EmptyStore(), grounded=False, notes=("empty store",))
        if query.topic and (spelled := self._retriever.spelled_out(query.topic)) != query.topic:
            query = dataclasses.replace(query, topic=spelled)  # "MCMC": "Markov chain Monte Carlo"
        if (
            query.exclude
            and query.threaded
            and (carried := likened_for(query.text))
            and (liked := self._retriever.papers().get(query.exclude[0])) is not None
        ):
            # "anything similar but for video?" after TTSnap: a paper of TTSnap's kind, for video
            query = dataclasses.replace(query, topic=f"{liked.title}: {carried}")
        if query.with_code:
            return self._with_code(query, history)
        if query.picked is not None:
            # "summarize the newest" after a set: asked of the paper of the set the field picks
            field, highest = query.picked
            papers = self._retriever.papers()
            valued = [(value, p) for i in query.among if (p := papers.get(i)) and (value := p.fact(field))]
            if not valued:  # ... when the set gives none that value: said, as a sort of it says
                meta = MetadataQuery(sort=field, descending=highest, single=True)
                return self._answer_metadata(dataclasses.replace(query, metadata=meta), meta)
            best = max(valued, key=lambda item: item[0]) if highest else min(valued, key=lambda item: item[0])
            query = dataclasses.replace(query, subject=(best[1].id,), among=(), picked=None)
        if query.earlier and query.route is not Route.LIST and (earlier := self._picked_earlier(query)):
            query = dataclasses.replace(query, subject=(earlier,), among=(), earlier=())
        if unknown := self._unidentified(query):
            words = _without_ids(query.text)
            described = self._described_without_id(words, unknown)
            if described is None:
                # "is 2408.06292 in the corpus?", "the AI Scientist paper (arXiv 2408.06292)": an
                # id names one paper; when none stored has it, the nearest by the words are not it.
                # (an id alone has no words to find near papers by)
                closest = (
                    [r.paper for r in self._retriever.search(query.topic or query.text, k=3)]
                    if re.search(r"\w", words)
                    else []
                )
                return refusal(
                    query.text, closest, [], f"no paper has arXiv id {unknown}", unidentified=unknown
                )
            # "arXiv:2312.01552v1 - the URIAL paper, can you pull it up?": the paper the words name,
            # whose listing records no arXiv id to check the one given against (the card says so)
            described_query = dataclasses.replace(
                query,
                text=words,
                topic=words,
                route=Route.LOOKUP,
                subject=(described.id,),
                wants=query.wants | {"link"},
                follow_up=False,
            )
            answered = dataclasses.replace(self._answer(described_query, history), question=query.text)
            if isinstance(answered.part, Card):
                answered = dataclasses.replace(
                    answered, part=dataclasses.replace(answered.part, unchecked_id=unknown)
                )
            return answered
        untitled = self._untitled(query)
        if untitled is not None:
            quoted, closest = untitled
            return refusal(query.text, closest[:3], [], f"no paper is titled “{quoted}”", untitled=quoted)
        if (
            query.quoted
            and not (query.named or query.subject or query.among)
            and (
                head_recalled := next(
                    (
                        paper
                        for quoted in query.quoted
                        if not any(
                            _quotes_title(quoted.lower(), p.title.lower()) for p in self._titled(quoted)
                        )
                        and (paper := self._head_recalled(self._spelled_titles(quoted))) is not None
                    ),
                    None,
                )
            )
        ):
            # "'two heads are better than one' reward modelling paper": the title recalled
            query = dataclasses.replace(query, named=(head_recalled.id,))
        if query.route is Route.HELP:
            if query.overview:
                return Answer(query.text, self._overview(), notes=("overview",))
            return Answer(query.text, Help(thanked=query.thanked), notes=("help",))
        if query.task:
            return refusal(query.text, [], [], "asks for work, not about papers")
        if query.unrecorded and not query.mention:
            # "which papers are the most cited?", "raft citation count": the listings give no
            # citation counts (issue 13); the papers it names or describes are offered.
            related = [r.paper for r in self._retriever.search(query.topic or query.text, k=3)]
            named = [p for i in query.named[:1] if (p := self._retriever.papers().get(i)) is not None]
            return refusal(
                query.text,
                [*named, *(p for p in related if p not in named)][:3],
                [],
                f"asks for {query.unrecorded}, which no listing gives",
                unrecorded=query.unrecorded,
            )
        if query.defines and (defined := self._define(query)) is not None:
            return defined
        if query.route is Route.SIMILAR:
            return self._similar(query)
        if query.route is Route.METADATA and (metadata := query.metadata) is not None:
            if (kind := self._thread_kind(query, history)) is not None:
                # "how many authors on the survey" after an answer that gave a survey: that one
                query = dataclasses.replace(query, subject=(kind.id,))
            return self._answer_metadata(query, metadata)
        if query.route is Route.LOOKUP and not (
            query.subject or query.named or query.among or query.topic.strip(" ?.!,")
        ):
            # "bibtex pls" with no thread to take the paper from
            raise QueryError("which paper? Name it by its title, a name it goes by or its arXiv id")
        candidates = self.assess(query)
        results = candidates.results
        if not results:
            return refusal(query.text, [], [], "no candidates")
        if query.exhausted:
            # "more" after a list that showed every paper that qualified: none is held back
            return refusal(
                query.text, [r.paper for r in results[:3]], [], "the list held no paper back", exhausted=True
            )
        if query.route is Route.LIST and query.unrecorded and query.mention:
            # "which papers cite URIAL?": the abstracts that name it, or that none does (the
            # listings give no citation links to say more)
            if not candidates.mentions:
                papers = self._retriever.papers()
                return refusal(
                    query.text,
                    [papers[i] for i in query.named[:1] if i in papers],  # the paper asked about
                    [],
                    f"asks for {query.unrecorded}, which no listing gives, and no other abstract names it",
                    unrecorded=query.unrecorded,
                )
            return self._listing(query, candidates.mentions, results)
        if (
            query.route in (Route.LIST, Route.TOPICAL)
            and not (query.subject or query.among or query.named)
            and (
                unwritten := (
                    # "which papers in here evaluate GPT-5?", "papers mentioning GPT-5": none
                    # writes it (the GPT-4 papers do not)
                    (not query.threaded and self._unwritten_version(query.topic or query.text))
                    # "RLHF for text-to-speech models?": the papers make images, video and music
                    # from text; none makes speech
                    or self._unmade_task(query.topic or query.text, results)
                )
            )
        ):
            return refusal(
                query.text,
                [r.paper for r in results[:3]],
                [],
                f"no abstract mentions {unwritten}",
                listing=query.route is Route.LIST,
                unwritten=unwritten,
            )
        if (unshared := self._unshared_name(query, candidates)) is not None:
            # "which other papers use URIAL?": no abstract but URIAL's own names it
            papers = self._retriever.papers()
            return refusal(
                query.text,
                [papers[i] for i in query.named[:1] if i in papers],
                [],
                f"no other abstract names {unshared}",
                unshared=unshared,
            )
        if (sequel := _other_part(query.text, results[0].paper.title)) is not None:
            # "Secrets of RLHF Part II" when the corpus holds Part I: another paper, not this one.
            return refusal(
                query.text, [results[0].paper], [], f"no paper is titled “{sequel}”", untitled=sequel
            )
        if (
            query.cites_authors
            and not (query.named or query.subject or query.among)
            and not _by_authors(query.authors, [r.paper for r in results[:10]])
        ):
            # "Betley et al.'s emergent misalignment paper", "the LoRA paper (Hu et al.)": the
            # listings give no authors, and it gives no name a paper here goes by, so no paper
            # here can be shown to be the one it asks for (every such question of the fitting
            # sets asked for a paper the corpus lacks).
            return refusal(
                query.text,
                [r.paper for r in results[:3]],
                [],
                f"cites {query.authors}, no paper named",
                authors=query.authors,
            )
        if query.route in (Route.TOPICAL, Route.LOOKUP) and (unheld := self._unheld(query, results)):
            # "the DeepSeek-R1 paper": asked for by a name no paper here goes by; the papers that
            # mention it are related, not it.
            name, mentioning = unheld
            return refusal(query.text, mentioning, [], f"no paper goes by “{name}”", unheld=name)
        if query.route is Route.TOPICAL and self._names_no_model(query, results[0].paper):
            # "which base LLM does ULMRec fine-tune?": only a model's name answers it, and the
            # abstract names none.
            paper = results[0].paper
            return refusal(query.text, [paper], [paper.id], "its abstract names no model", unnamed="model")
        if (plain := self._plainly_of_thread(query, history)) is not None:
            # ("success rate?" after an answer: the rate of its paper, not a list of papers on it)
            route, topic = (
                (Route.TOPICAL, query.text) if query.route is Route.LIST else (query.route, query.topic)
            )
            query = dataclasses.replace(query, route=route, topic=topic, subject=(plain.id,), follow_up=True)
            candidates = self.assess(query)
            results = candidates.results
            if query.route is Route.TOPICAL and self._names_no_model(query, plain):
                # "which specific model was the least safe?" of a paper that tested "8 widely used
                # LLMs" by no name: as when the turn points at the paper
                return refusal(
                    query.text, [plain], [plain.id], "its abstract names no model", unnamed="model"
                )
        if (
            query.quoted
            and query.route in (Route.TOPICAL, Route.LOOKUP)
            and results
            and (recalled := self._recalled(query, results)) is not None
            and recalled.paper.id != results[0].paper.id
        ):
            # "looking for 'Two Brains Better Than One: Cooperative Reward Modeling for …'": the
            # title quoted with other words for some of its own is that paper's, which the search
            # may rank below one that shares more of its words
            results = [recalled, *(r for r in results if r is not recalled)]
            candidates = dataclasses.replace(candidates, results=results)
        # About one paper: the one it names, the one the thread points at, or the thread's last
        # paper when the search finds that very paper ("what exact percentage did the GPT-4o
        # traitors win?" after the Traitors answer).
        previous = next((turn.cited[0] for turn in reversed(history) if turn.cited), None)
        about = results[0].paper.id in (*query.named[:1], *query.subject) or (
            query.threaded
            and not query.alone
            and results[0].paper.id == previous
            # ("any paper on agents that invent their own goals?": a paper sought, not asked of)
            and not query.sought
        )
        if (
            query.threaded
            and not query.subject
            and query.route is Route.TOPICAL
            # ("how much does the defense improve?": by how much, of the thread's paper's defense)
            and (counted(query.text) or asked_items(query.text) or asks_quantity(query.text))
            and (
                (not about and (implied := self.implied_subject(query, history)) is not None)
                # ("and roughly how many volunteers contributed?": the number is the thread's
                # paper's, whatever other words the turn has)
                or (implied := self._counted_by_thread(query, history)) is not None
            )
        ):
            # "how many runs per model" after the Traitors answer: a count the thread's paper
            # holds the words of is asked of it, before any search's best paper is checked for it
            query = dataclasses.replace(query, subject=(implied.id,), follow_up=True)
            candidates = self.assess(query)
            results = candidates.results
            about = True
        if (
            query.route is Route.TOPICAL
            and about
            and (unlisted := self._unlisted(query.text, results[0].paper))
        ):
            # "What are the five task categories in the AI4Research taxonomy?": only the items
            # answer it, and the abstract counts them without naming them.
            paper = results[0].paper
            return refusal(
                query.text,
                [paper],
                [paper.id],
                "its abstract does not list its " + unlisted,
                unlisted=unlisted,
            )
        # ("the success rate of Intent Hijack vs. Plan Injection?" sets two of one paper's
        # methods against each other: a question of that paper)
        of_one = query.route is Route.COMPARE and about and len(query.named) == 1 and not query.subject
        if (query.route is Route.TOPICAL or of_one) and (
            uncounted := self._uncounted(
                query.text,
                results[0].paper,
                about,
                # (a name the abstract lacks is said instead when the turn is answered from the one
                # paper it asks of; not of "the success rate of Intent Hijack vs. Plan Injection")
                by_name=bool((query.subject or query.among) and query.route is not Route.LIST)
                or self._asks_of_named(query, results),
            )
        ):
            # "How many languages does Aegis 2.0 cover?": only a number of languages answers it.
            paper = results[0].paper
            return refusal(
                query.text,
                [paper],
                [paper.id],
                "its abstract gives no number of " + ", ".join(uncounted),
                uncounted=tuple(uncounted),
            )
        if (
            query.applied
            and results
            and (held := self._short_of(query.applied, results[0].paper)) is not None
        ):
            # "has Align With Purpose been applied to OCR?": only a paper that holds what it was
            # applied to answers yes
            paper = results[0].paper
            if about:
                said = [query.applied]
                return refusal(
                    query.text, [paper], [paper.id], "its abstract does not mention " + ", ".join(said), said
                )
            return refusal(
                query.text,
                [r.paper for r in results[:3]],
                [r.paper.id for r in results],
                f"no paper holds what it was applied to (phrases {held:.2f})",
            )
        terse = self._terse_of_named(query, results, candidates.matches)
        if (
            ((query.subject or query.among) and query.route is not Route.LIST)
            or self._asks_of_named(query, results)
            or terse
        ):
            # A follow-up about the thread's paper (or the best of the set it points at: "which of
            # those uses RL?"), or a question asked of the one paper it names ("what was Janus's win
            # rate against Claude 3 Opus?"): answered from that paper, or refused when its abstract
            # lacks the named things asked about.
            # A lookup of the thread's paper whose request words leave nothing ("arxiv link of
            # it") asks nothing of its abstract.
            if (
                query.subject
                and not query.named
                and candidates.evidence.coverage_top == 0.0
                and not _POINTING.search(query.text)
                and self._plain_words_unknown(query.text) >= _OFF_TOPIC_WORDS
                and self._refusal_model(query).off_topic(
                    self.assess(dataclasses.replace(query, subject=(), follow_up=False)).evidence
                )
            ):
                # "btw what's the weather in zurich tomorrow" in a thread: no word of it is the
                # paper's, two English words or more are no paper's at all, and the corpus at
                # large holds it no better: off the corpus's subject, whatever the thread was on
                # (a follow-up's shorthand, "bib", "org?", "upvotes on each?", is one word; and
                # "how do they repair the damage?" points at the thread)
                return refusal(query.text, [], [], "off topic, though in a thread")
            bare = query.route is Route.LOOKUP and (
                not query.topic.strip(" ?.!,")
                # ("BibTeX for the DPO-based one, please.": the words that pick it ask nothing of it)
                or bool(query.among and not content_stems(asked_of_picked(query.topic, query.wants)))
            )
            missing = [] if bare else self.missing_specifics(self._evidence_text(query), results[0].paper)
            if query.route is Route.COMPARE and len(results) > 1:
                # "how does it compare to MaPO?": what no side's abstract holds ("MaPO" is the
                # other side's own name).
                for other in results[1 : max(2, len(query.subject))]:
                    others = set(self.missing_specifics(self._evidence_text(query), other.paper))
                    missing = [term for term in missing if term in others]
            if missing and _YES_NO.match(query.text):
                # "did they use PPO or GRPO?": one of the alternatives held answers it
                missing = _held_alternatives_left(query.text, missing)
            if not missing and _YES_NO.match(query.text):
                missing = self._unheard(
                    self._evidence_text(query), candidates.matches, results[0].paper, rare_too=True
                )
            if not missing and query.carried_to:
                # "does it also work for video models?": what it is carried over to, few papers
                # name, and this abstract does not
                object_stems = set(content_stems(query.carried_to))
                stems, closeness = candidates.matches
                kept = [(s, c) for s, c in zip(stems, closeness, strict=True) if s in object_stems]
                missing = self._unheard(
                    query.text,
                    ([s for s, _ in kept], [c for _, c in kept]),
                    results[0].paper,
                    rare_too=True,
                    share=self._policy.extension_term_share,
                ) or self._phrase_unheld(query.carried_to, results[0].paper)
            if not (missing or bare or query.among or query.subject) and results[0].paper.id in query.named:
                # Asked of a paper by its name only: a thread's "which benchmarks did they test
                # on?" comes after an answer that showed the paper, and was answered by it in 16
                # of the sets' turns the focus alone would refuse.
                missing = self._unasked_of(query.text, results[0].paper)
            missing = missing or terse
            # ("need the ref for 'Reward Generalization in RLHF: A Graph-Theoretic Perspective'":
            # a word of a title recalled loosely, in quotes, is the asker's memory of the title)
            missing = [term for term in missing if not _in_recalled_title(query.text, term, results[0].paper)]
            if missing:
                # "Did they benchmark against Llama Guard 3?": the paper's abstract does not say.
                paper = results[0].paper
                said = as_said(query.text, missing)
                return refusal(
                    query.text, [paper], [paper.id], "its abstract does not mention " + ", ".join(said), said
                )
        elif self.weighs_refusal(query, candidates):
            # "which judge came out best on average?" after the MJ-Bench answer: a question that
            # points at nothing but that the thread's paper answers (most of its terms, every
            # specific one) is about that paper, whatever the corpus at large holds. Decided
            # before the refusal, which then weighs only the turns no earlier paper answers (the
            # rows scripts/fit_policy.py fits it on).
            implied = self.implied_subject(query, history)
            if implied is not None:
                query = dataclasses.replace(query, subject=(implied.id,), follow_up=True)
                candidates = self.assess(query)
                results = candidates.results
            elif (recalled := self._recalled(query, results)) is not None:
                # "Transforming and Merging Rewards to Align LLMs - how do i cite it": a title
                # recalled with other words for some of its own, which the refusal's word evidence
                # weighs as a miss (rag.recall); offered with the runners-up, as a lookup not sure is
                results = [recalled, *(r for r in results if r is not recalled)]
            elif (
                query.likened
                and results
                and (held := self._short_of(self._evidence_text(query), results[0].paper)) is not None
            ):
                # "is there a benchmark like RAG-RewardBench but for code generation?": the paper
                # sought is another than the one it is likened to, and holds what is asked as it is
                # asked ("code generation", not "code" and "generation" apart)
                return refusal(
                    query.text,
                    [r.paper for r in results[:3]],
                    [r.paper.id for r in results],
                    f"no paper besides the one it likens to holds what it asks (phrases {held:.2f})",
                    listing=query.route is Route.LIST,
                )
            elif not query.cued and (model := self._refusal_model(query)).refuses(candidates.evidence):
                # (a question the list cue read is decided by its topical reading: `answer_sync`)
                if (unsaid := self._unsaid_by_thread(query, history)) is not None:
                    # "what license?" after an answer about GenARM: refused as that paper's, not
                    # with papers unrelated to the thread as the nearest
                    paper, said = unsaid
                    return refusal(
                        query.text,
                        [paper],
                        [paper.id],
                        "its abstract does not mention " + ", ".join(said),
                        said,
                    )
                return refusal(
                    query.text,
                    [r.paper for r in results[:3]],
                    [r.paper.id for r in results],
                    f"evidence too weak (p={model.probability(candidates.evidence):.2f}"
                    + (", off topic)" if model.off_topic(candidates.evidence) else ")"),
                    listing=query.route is Route.LIST,
                )
        if query.route is Route.LOOKUP and query.each and len(results) > 1:
            # "bibtex for all of them": a card for each paper, in the order they were shown
            shown = [r.paper for r in results]
            cards = tuple(
                Card(paper, bibtex(paper), (), query.wants, abstract_links(paper.abstract)) for paper in shown
            )
            return _cited(query, Cards(cards), shown, [paper.id for paper in shown])
        if query.route is Route.LOOKUP:
            return self._lookup(query, results)
        if query.route is Route.COMPARE and len(results) >= 2 and (query.sides or query.subject):
            return self._compare(query, results)
        if query.route is Route.LIST and query.among:
            return self._narrowed(query, results)
        if query.route is Route.LIST:
            return self._list(query, candidates)
        return self._single(query, candidates)

    # ---- retrieve + decide --------------------------------------------------------------------

    def assess(self, query: Query) -> _Candidates:
        """The ranked candidates for a query and the evidence the refusal decision weighs."""
        papers = self._retriever.papers()
        if query.subject:
            results = [SearchResult(papers[i], 1.0) for i in query.subject if i in papers]
        elif query.route is Route.COMPARE and query.sides:
            results = self._resolve_sides(query)
        else:
            results = self._retriever.search(query.topic or query.text, k=30)
            if query.named:
                found = {r.paper.id: r for r in results}
                named = [found.get(i, SearchResult(papers[i], 1.0)) for i in query.named if i in papers]
                results = named + [r for r in results if r.paper.id not in query.named]
            if query.among:
                # Within the earlier set, ranked for what this turn asks: the best one ("which of
                # those is the Bayesian one?"), or all that qualify ("which of those use RL?").
                narrowing = query.route is Route.LIST
                # ("is the meituan one open source?": ranked for the words that pick the paper,
                # not for what is asked of it)
                picking = picked_by_words(query.text) if query.route is Route.LOOKUP else ""
                ranked = self._retriever.search(picking or query.topic or query.text, k=50)
                found = {r.paper.id: r for r in ranked if r.paper.id in query.among}
                results = [r if narrowing else SearchResult(r.paper, 1.0) for r in found.values()]
                # The rest in the order of how much of the turn their abstracts hold ("which of
                # those uses DPO?" when many papers outrank the set's on DPO), then the set's.
                rest = [papers[i] for i in query.among if i in papers and i not in found]
                held = {p.id: coverage(self._evidence_text(query), p, self.term_statistics()) for p in rest}
                rest.sort(key=lambda p: -held[p.id])
                results += [SearchResult(paper, 0.0) for paper in rest]
                if query.pronoun and not self._fits_one_better(query, results, specific=query.other):
                    # "bibtex for that one", "which tricks do they use?": the set's first paper.
                    order = {pid: n for n, pid in enumerate(query.among)}
                    results.sort(key=lambda r: order.get(r.paper.id, len(order)))
                elif not narrowing and query.frame and results:
                    beyond = self._titled_beyond(query) + self._beyond_the_set(query, results, ranked)
                    firsts = {r.paper.id: r for r in reversed(beyond)}  # each paper's first place
                    results = [r for r in beyond if firsts.pop(r.paper.id, None) is not None]
            if query.exclude:
                results = [r for r in results if r.paper.id not in query.exclude]
        # Cosines come with the search; papers placed by name or by the thread are scored here.
        dense = {r.paper.id: r.dense for r in results[:30] if r.dense is not None}
        unscored = [r.paper.id for r in results[:30] if r.dense is None]
        dense.update(self._dense(query.topic or query.text, unscored))
        evidence_text = self._evidence_text(query)
        top = results[0].paper if results else None
        sentence_top = (
            max((s for _, s in self._sentences(query.text, results[:1], 1)), default=0.0) if top else 0.0
        )
        stems, weights, closeness = self._retriever.term_matches(evidence_text, top) if top else ([], [], [])
        evidence = gather_evidence(
            evidence_text,
            [r.paper for r in results],
            self.term_statistics(),
            dense.get(top.id, 0.0) if top else 0.0,
            sentence_top,
            bool(query.named or query.subject or query.among),
            # What the answer rests on: both sides of a comparison, the head of a list.
            answering={Route.COMPARE: 2, Route.LIST: 3}.get(query.route, 1),
            lookup=query.route is Route.LOOKUP,
            borrowed_name=not query.named and self._retriever.only_mentions(query.text),
            soft_top=(
                (sum(w * c for w, c in zip(weights, closeness, strict=True)) / sum(weights) if stems else 1.0)
                if top
                else 0.0
            ),
            matches=(weights, closeness),
            threaded=query.threaded,
            cites_authors=query.cites_authors,
        )
        mentions = self._mentions(query.topic, results) if query.mention else []
        mentions = [r for r in mentions if r.paper.id not in query.exclude]
        return _Candidates(results, evidence, dense, (stems, closeness), mentions)

    def _unwritten_version(self, text: str) -> str | None:
        """A model of a family the corpus names, at a version no abstract writes, that a question
        asks papers about ("which papers evaluate GPT-5?": papers on GPT-4 are not about it).
        The abstracts holding the family's words best are read for the version as written."""
        families = self._model_families()
        papers = self._retriever.papers()
        versions = list(_FAMILY_VERSION.finditer(text))
        if len(versions) != 1:
            return None  # ("DrawBench, HPSv2, PickScore or ImageReward": any one of them may answer)
        for match in versions:
            family, version = match.groups()
            if family.lower() not in families:
                continue
            written = _as_versioned(family, version)
            holders = self._retriever.lexical(f"{match.group(0)} {family} {version}", k=_VERSION_READ)
            if not any(
                written.search(f"{papers[i].title} {papers[i].abstract}") for i in holders if i in papers
            ):
                return match.group(0)
        return None

    def _unmade_task(self, text: str, results: Sequence[SearchResult]) -> str | None:
        """A task the question names as "A-to-B" (what it makes of what: "text-to-speech",
        "text-to-SQL"; not a span, "best-to-worst") that no paper here does: the papers' common
        A turned into a B few papers name, where no abstract among those the question and the
        task's words find best writes the task, or one that makes the like of B
        ("text-to-picture" is text-to-image, and "video-to-music" makes what "text-to-music" asks
        for). Not "speech-to-text" (text is what most papers make) nor a task written as the
        corpus writes it."""
        statistics = self.term_statistics()
        few = self._policy.specific_term_share * max(1, statistics.papers)
        papers = self._retriever.papers()
        for match in _TASK_COMPOUND.finditer(text):
            made_of, made = match.group(1).lower(), match.group(2).lower()
            source, product = content_stems(made_of), content_stems(made)
            if (
                len(source) != 1
                or len(product) != 1
                or statistics.frequency.get(source[0], 0) <= few
                or statistics.frequency.get(product[0], 0) > few
                # ("head-to-head", "best-to-worst ordering": a span between two of a kind)
                or self._retriever.word_cosines({made_of: made_of}, {made: made}).max() >= _SPAN_ENDS
            ):
                continue
            read = dict.fromkeys(
                [
                    *(r.paper.id for r in results[:_TASK_READ]),
                    *self._retriever.lexical(f"{match.group(0)} {made_of} {made}", k=_TASK_READ),
                ]
            )
            products = {
                found.group(2).lower()
                for i in read
                if (paper := papers.get(i)) is not None
                for found in _TASK_COMPOUND.finditer(f"{paper.title} {paper.abstract}")
            }
            if re.search(
                rf"(?<![\w-]){re.escape(made_of)}[\s-]to[\s-]{re.escape(made)}(?![\w-])",
                " ".join(f"{papers[i].title} {papers[i].abstract}" for i in read if i in papers),
                re.I,
            ):
                continue
            if products and (
                made in products
                or self._retriever.word_cosines({made: made}, {word: word for word in products}).max()
                >= LIKE_MEANING
            ):
                continue
            return match.group(0)
        return None

    def _mentions(self, topic: str, results: Sequence[SearchResult]) -> list[SearchResult]:
        """The papers that say what a mention list names: its head (up to the first clause
        break: "hallucination, either as …"), each of its alternatives ("OpenAI o1 or o1-style
        reasoning") held whole by a paper's text, in the order of the ranking."""
        statistics = self.term_statistics()
        papers = self._retriever.papers()
        head = _CLAUSE_BREAK.split(topic, maxsplit=1)[0]
        found = {r.paper.id: r for r in results}
        holders: dict[str, SearchResult] = {}
        for alternative in _ALTERNATIVES.split(head):
            stems = frozenset(s for s in content_stems(alternative) if s in statistics.frequency)
            if not stems or len(stems) > _MENTION_TERMS:
                continue
            # The telling terms: "UltraFeedback" of "the UltraFeedback data" (many papers say
            # "data"), "beam" of "beam search"; the rarest one when every term is common.
            rarest = min(statistics.frequency[s] for s in stems)
            stems = frozenset(
                s for s in stems if statistics.frequency[s] <= max(rarest, _MENTION_SHARE * statistics.papers)
            )
            telling = " ".join(w for w in re.findall(r"[\w-]+", alternative) if set(content_stems(w)) & stems)
            searched = telling or alternative
            # A name of several capitalised words ("Llama Guard", "Stable Diffusion") is held as
            # written together, not as its rarest word ("guard" of "guardrails") alone.
            phrases = [
                re.compile(r"[\s-]*".join(map(re.escape, run.split())), re.I)
                for run in _NAME_RUN.findall(alternative)
            ]
            # ... and a model's name with its version as that version ("GPT-5" is not GPT-4's)
            phrases += [
                _as_versioned(family, version) for family, version in _FAMILY_VERSION.findall(alternative)
            ]
            # ... found by meaning and by the words alone (a fused search may rank a user low)
            lexical = [
                SearchResult(papers[i], 0.0)
                for i in self._retriever.lexical(searched, k=2 * self._policy.list_max)
                if i in papers
            ]
            for r in [*results, *self._retriever.search(searched, k=2 * self._policy.list_max), *lexical]:
                if (
                    r.paper.id not in holders
                    and stems <= statistics.stems_of(r.paper)
                    and all(phrase.search(f"{r.paper.title} {r.paper.abstract}") for phrase in phrases)
                ):
                    holders[r.paper.id] = found.get(r.paper.id, r)
        rank = {pid: n for n, pid in enumerate(found)}
        return sorted(holders.values(), key=lambda r: rank.get(r.paper.id, len(rank)))

    def _short_of(self, asked: str, paper: Paper) -> float | None:
        """The share of what is asked, as it is asked (adjacent term pairs, IDF-weighted), that
        the paper holds, when it is below `target_coverage`; None when the paper holds enough.
        What a paper likened to another, or a method asked about elsewhere, must hold (a phrase
        written the other way round too: "consistency across generated images" of "consistent
        image generation")."""
        held = phrase_coverage(asked, paper, self.term_statistics(), either_order=True)
        return held if held < self._policy.target_coverage else None

    def _term_closeness(self, text: str, paper: Paper) -> tuple[list[str], list[float]]:
        """The terms of `text` and how closely `paper` holds each (`_unheard` reads them)."""
        stems, _, closeness = self._retriever.term_matches(text, paper)
        return stems, closeness

    def _fits(self, condition: str, papers: Sequence[Paper]) -> list[bool]:
        """Which papers hold most of the condition's terms as written (IDF-weighted), or part of
        them as written and most by meaning (rag.words): what "qualifies" for a set's filter."""
        statistics = self.term_statistics()
        cut = self._policy.narrowing_coverage
        held = [coverage(condition, paper, statistics) for paper in papers]
        meant = self._retriever.soft_coverage(condition, list(papers))
        return [
            exact >= cut or (exact >= cut / 2 and soft >= cut)
            for exact, soft in zip(held, meant, strict=True)
        ]

    def _beyond_the_set(
        self, query: Query, results: list[SearchResult], ranked: Sequence[SearchResult]
    ) -> list[SearchResult]:
        """A pick from the set ("which of those is about online shopping?") that no paper of the
        set fits: the best-ranked paper that fits among those the set's own question ranked
        next (the set showed only its head), or the set as it was."""
        condition = self._evidence_text(query)
        if query.route is Route.LOOKUP and (words := picked_by_words(query.text)):
            # ("is the meituan one open source?": the paper is picked by "meituan"; its code is
            # what is asked of it)
            condition = words
        if any(self._fits(condition, [results[0].paper])):
            return results
        among = set(query.among)
        wider = [r.paper for r in self._retriever.search(query.frame, k=10) if r.paper.id not in among]
        fitting = {p.id for p, fits in zip(wider, self._fits(condition, wider), strict=True) if fits}
        best = next((r for r in ranked if r.paper.id in fitting), None)
        if best is None and describes_one(query.text):
            # ... or, when none of those fits either, the paper the words pick out of the corpus
            # ("the one that merges the player and the referee into one model" after a list of
            # self-rewarding papers that did not rank it)
            own = [
                r for r in self._retriever.search(condition, k=_BEYOND_SEARCHED) if r.paper.id not in among
            ]
            best = next(
                (
                    r
                    for r, fits in zip(own, self._fits(condition, [r.paper for r in own]), strict=True)
                    if fits
                ),
                None,
            )
        return [SearchResult(best.paper, 1.0), *results] if best is not None else results

    def _picked_earlier(self, query: Query) -> str | None:
        """The thread's earlier paper that "the X one" means when no paper of the set it picks from
        writes X ("when was the beam search one posted?" after a list of other video papers): of
        those whose text holds every word of X the corpus knows, the one X ranks first, or None."""
        statistics = self.term_statistics()
        papers = self._retriever.papers()
        thread = [paper for i in (*query.among, *query.earlier) if (paper := papers.get(i))]
        # ("the TIGER-Lab one": the organisation a listing credits writes it too)
        credited = {p.id: set(content_stems(p.organisation or "")) for p in thread}
        known = set(statistics.frequency).union(*credited.values())
        stems = {s for s in content_stems(picked_by_words(query.text)) if s in known}
        if not stems:
            return None

        def writes(paper_id: str) -> bool:
            paper = papers.get(paper_id)
            return paper is not None and stems <= statistics.stems_of(paper) | credited[paper_id]

        if any(writes(paper_id) for paper_id in query.among):
            return None
        writing = [paper_id for paper_id in query.earlier if writes(paper_id)]
        ranked = [r.paper.id for r in self._retriever.search(picked_by_words(query.text), k=50)]
        return min(writing, key=lambda i: ranked.index(i) if i in ranked else len(ranked), default=None)

    def _titled_beyond(self, query: Query) -> list[SearchResult]:
        """The paper outside the set whose title alone says the words that pick "the X one"
        ("bibtex for the easy-to-hard one" after a list that did not show it), or whose abstract
        alone in the corpus writes them, or none."""
        words = picked_by_words(query.text)
        if len(squash(words)) < _TITLE_PICK:
            return []
        papers = self._retriever.papers()
        if any(
            squash(words) in squash(f"{p.title} {p.abstract}") for i in query.among if (p := papers.get(i))
        ):
            return []  # a paper of the set writes them ("fine-tuning", of "the finetuning one")
        searched = self._retriever.search(words, k=5)
        hits = [r for r in searched if squash(words) in squash(r.paper.title)]
        if not hits:
            # ... or whose abstract is the only one to use its words ("the kuaishou one": the
            # recommender deployed at Kuaishou, after a list that showed another)
            statistics = self.term_statistics()
            stems = set(content_stems(words))
            if stems and any(statistics.frequency.get(s, 0) == 1 for s in stems):
                hits = [r for r in searched if stems <= statistics.stems_of(r.paper)]
        if len(hits) != 1 or hits[0].paper.id in query.among:
            return []
        return [SearchResult(hits[0].paper, 1.0)]

    def _fits_one_better(self, query: Query, results: Sequence[SearchResult], specific: bool = False) -> bool:
        """Whether the paper ranked first holds more of what the turn asks (its terms, IDF-weighted)
        than any other of the set: "the ensemble one" does; "what do they use?" does not. With
        `specific`, only when the turn has a term few papers use (`specific_term_share`)."""
        statistics = self.term_statistics()
        asked = self._evidence_text(query)
        if not any(s in statistics.frequency for s in content_stems(asked)):
            return False
        rare = self._policy.specific_term_share * max(1, statistics.papers)
        # (the words that ask for figures are no such term: "what benchmarks did it report?")
        if specific and not any(
            0 < statistics.frequency.get(s, 0) <= rare and s not in _REPORTING for s in content_stems(asked)
        ):
            return False
        held = [coverage(asked, r.paper, statistics) for r in results]
        return len(held) > 1 and held[0] > max(held[1:])

    def _unidentified(self, query: Query) -> str | None:
        """The first arXiv id the turn gives that no stored paper has, when it gives no id one
        does (a paper named by its id is that paper)."""
        ids = [normalize_arxiv_id(match.group(1)) for match in ARXIV_ID_IN_TEXT.finditer(query.text)]
        wanted = [i for i in dict.fromkeys(ids) if i]
        if not wanted or any(self._retriever.named(i) for i in wanted):
            return None
        return wanted[0]

    def _described_without_id(self, text: str, arxiv_id: str) -> Paper | None:
        """The one paper the words beside an arXiv id name surely (a name it goes by, or a phrase
        only its title holds) when its listing records no arXiv id, so the id may be its; None when
        an abstract cites that id (a work the paper cites, not the paper) or nothing names one."""
        papers = self._retriever.papers()
        if any(arxiv_id in paper.abstract for paper in papers.values()):
            return None
        words = text
        if not re.search(r"\w", words):
            return None  # the id alone ("arXiv:2311.12908"): no words to name a paper
        named = self._retriever.named(words)
        # ... the words as given, or a remark in brackets beside the id ("…/2304.06767 (reward
        # ranked finetuning) — is this in our collection?")
        if not named:
            ranked = [r.paper.id for r in self._retriever.search(words, k=10)]
            titled = called_by_title(words, ranked, {i: papers[i].title for i in ranked if i in papers})
            named = [titled] if titled else []
        for remark in re.findall(r"\(([^()]*\w[^()]*)\)", words) if not named else ():
            ranked = [r.paper.id for r in self._retriever.search(remark, k=10)]
            holders = [i for i in ranked if i in papers and title_phrase(remark, papers[i].title)]
            named = holders[:1] if len(holders) == 1 else []
            if named:
                break
        paper = papers.get(named[0]) if len(named) == 1 else None
        return paper if paper is not None and not paper.arxiv_id else None

    def _untitled(self, query: Query) -> tuple[str, list[Paper]] | None:
        """The first title the question quotes (or writes in a title's shape or case) that no paper's
        title resembles even loosely (misspelled or partial titles score 80 and more, other titles
        under 65), with the closest titles; None when every one resembles a title. A quoted title
        names a paper as surely as an id."""
        # (a lookup that calls the paper by a name is decided by the name: "cite LIMA (Less Is
        # More for Alignment)" asks for LIMA, which no paper here goes by)
        if _UNSURE_TITLE.search(query.text):
            return None  # "'Watermarks Hurt Alignment in LLMs' or something like that": recalled loosely
        for quoted in (*query.quoted, *(() if query.called else query.cased)):
            closest = self._titled(quoted)
            asked = quoted.lower()
            # ... and the titles closest letter by letter, which a search by words may miss ("'two
            # heads are better than one' reward modelling paper" of "Two Minds Better Than One: …")
            spelled = self._spelled_titles(quoted)
            if self._head_recalled(spelled) is not None:
                continue
            closest += [paper for paper, _ in spelled if paper not in closest]
            if any(squash(quoted) in squash(p.abstract) for p in closest):
                continue  # "the 'Intent in the Wild' dataset": a name an abstract gives, not a title
            if query.named and closest and closest[0].id == query.named[0]:
                # "something like 'A Hitchikers Guide to Preference Optimization', the one that
                # proposes LN-DPO": a title recalled loosely, of the paper a name it goes by finds.
                continue
            if not any(_quotes_title(asked, p.title.lower()) for p in closest) and (
                recalled_title(quoted, [p.title for p in closest], self._retriever.word_cosines) is None
            ):
                if closest and self._described_besides(query.text, quoted, closest[0]):
                    # "'Of Mice and Tin Men'?? the principal-agent GPT-4 online shopping paper":
                    # a title recalled with a word wrong, of the paper the rest describes
                    continue
                return quoted, closest
        return None

    def _plain_words_unknown(self, text: str) -> int:
        """How many words of `text` are English words in their own right that no paper uses."""
        frequency = self.term_statistics().frequency
        return len(
            {
                word
                for word in re.findall(r"[a-z]+", text.lower())
                if word not in FUNCTION_WORDS
                and common(word)
                and not any(frequency.get(stem, 0) for stem in content_stems(word))
            }
        )

    @staticmethod
    def _head_recalled(spelled: Sequence[tuple[Paper, float]]) -> Paper | None:
        """The paper whose title's head a quoted phrase recalls with a word wrong, of the titles
        spelled closest to it (`_spelled_titles`), or None."""
        return next(
            (
                paper
                for paper, score in spelled
                if score >= _RECALLED_HEAD and len(paper.title.split(":")[0].split()) >= _RECALLED_HEAD_WORDS
            ),
            None,
        )

    def _spelled_titles(self, quoted: str) -> list[tuple[Paper, float]]:
        """The papers whose title heads (the words before a colon) are spelled closest to a quoted
        phrase, with how closely (0-100)."""
        by_id = self._retriever.papers()
        if self._heads is None or self._heads[0] is not by_id:
            papers = list(by_id.values())
            self._heads = (by_id, papers, [paper.title.split(":")[0].lower() for paper in papers])
        _, papers, heads = self._heads
        found = process.extract(quoted.lower(), heads, scorer=fuzz.ratio, limit=_SPELLED_TITLES)
        return [(papers[at], score) for _, score, at in found]

    def _described_besides(self, text: str, quoted: str, paper: Paper) -> bool:
        """Whether a title quoted loosely (its shape and most of its words: `_quotes_title` with
        one word in two allowed wrong) is `paper`'s, which the words around the quote, searched
        alone, find first."""
        asked, title = quoted.lower(), paper.title.lower()
        if max(fuzz.partial_ratio(asked, title), fuzz.token_set_ratio(asked, title)) < _QUOTED_TITLE_MATCH:
            return False
        if not _words_in_title(asked, title, share=_LOOSE_TITLE_SHARE):
            return False
        # (the quote, its marks and the words of the request gone: "that '…' paper about AI taking
        # over systems research, link?" searches "about AI taking over systems research")
        rest = asked_of_picked(
            re.sub(
                rf"[\"'\u2018\u2019\u201c\u201d]?{re.escape(quoted)}[\"'\u2018\u2019\u201c\u201d]?", " ", text
            ),
            frozenset(),
        )
        if len(set(content_stems(rest))) < _DESCRIBING_TERMS:
            return False
        found = self._retriever.search(rest, k=1)
        return bool(found) and found[0].paper.id == paper.id

    def _recalled(self, query: Query, results: Sequence[SearchResult]) -> SearchResult | None:
        """The paper, among the search's best, whose title a lookup writes from memory with other
        words for some of its own (rag.recall), or None. A question that quotes a title asks for a
        paper, whatever else it asks ("'Search, Don't Sample' test-time alignment paper?")."""
        # (not a topical question: "reward model for instruction-guided VIDEO editing?" holds the
        # words of EditReward's title but one, whose like meaning is another modality)
        # ... or one that leads with a title unquoted ("of mice and tin men?? the behavioural
        # economics alignment paper"), when the rest describes the same paper (below)
        lead = None if query.quoted else _title_lead(query.text)
        if not (query.route is Route.LOOKUP or query.quoted or lead) or query.named or query.subject:
            return None
        heads = results[:_RECALL_POOL]
        found = None
        if query.route is Route.LOOKUP or query.quoted:
            asked = query.quoted[0] if query.quoted else query.topic
            found = recalled_title(asked, [r.paper.title for r in heads], self._retriever.word_cosines)
        loose = query.quoted[0] if query.quoted else lead
        if found is None and loose and heads:
            # ("'Of Mice and Tin Men'?? the principal-agent GPT-4 online shopping paper")
            closest = self._titled(loose)
            # (unquoted, it is written as the title's head is, most of it: "of mice and tin men"
            # for "Of Models and Tin Men", not "RLHF for music -- …" for an RLHF paper)
            shaped = bool(query.quoted) or bool(
                closest
                and fuzz.ratio(loose.lower(), closest[0].title.split(":")[0].lower()) >= _QUOTED_TITLE_MATCH
            )
            if closest and shaped and self._described_besides(query.text, loose, closest[0]):
                return next((r for r in results if r.paper.id == closest[0].id), None)
        return heads[found] if found is not None else None

    def _unheld(self, query: Query, results: Sequence[SearchResult]) -> tuple[str, list[Paper]] | None:
        """The first name the question calls the paper it asks for by ("the DeepSeek-R1 paper")
        that no paper here goes by, with (up to three of) the papers that write it.
        A paper goes by a name it defines or carries in its title, or by a coinage that only its
        abstract writes, uncited ("the Belief Conflict Index paper"); a term of the field, which
        more than `specific_term_share` of the papers use ("the RL paper"), describes a paper
        rather than names one, as does an organisation ("the Meta paper"). A name no paper
        writes is held by none (no papers to give with it), unless it is a typo of a title's word."""
        if not query.called or (query.named and results and results[0].paper.id == query.named[0]):
            return None  # most turns call no paper by a name: nothing to gather for them
        statistics = self.term_statistics()
        rare = self._policy.specific_term_share * max(1, statistics.papers)
        heads = [r.paper for r in results[:5]]
        makers = {
            squash(word)
            for organisation in (*self._retriever.organisations(), *(p.organisation or "" for p in heads))
            for word in (organisation, *organisation.split())
        }
        # ... or the owner of the code an abstract links to ("GAIR's honesty paper" of one whose
        # code is at github.com/GAIR-NLP/…)
        makers |= {
            squash(word)
            for paper in heads
            for owner in _CODE_OWNER.findall(paper.abstract)
            for word in (owner, *re.split(r"[-_.]", owner))
            if len(word) >= 3
        }
        for called in (self._widened(query.text, name) for name in query.called):
            words = [word for word in called.split() if not _SIZE_OR_VERSION.fullmatch(word)]
            stems = content_stems(" ".join(words))
            # A name with its version ("the Llama 2 paper") is one model's, however many papers
            # use the family: no term of the field.
            versioned = len(words) < len(called.split())
            # ("which paper introduced DPO?" asks for DPO's own paper, however many papers use it)
            made = called in query.made
            if not stems or (
                min(statistics.frequency.get(s, 0) for s in stems) > rare and not (versioned or made)
            ):
                continue
            name = " ".join(words)
            if called.islower() and (
                not all(statistics.frequency.get(s, 0) for s in content_stems(words[0]))
                or self._retriever.lowercase_uses(words[0])
                # ("red-teaming paper: …": a compound of the field's words, which the index of
                # lowercase words, single words all, does not hold)
                or (
                    "-" in words[0]
                    and all(statistics.frequency.get(s, 0) for s in content_stems(words[0]))
                    and not self._retriever.written_as_name(squash(words[0]))
                )
            ):
                # "the sycophancy paper", "recsys paper that …" describe; "the rewardbench paper",
                # "deepseek r1 paper" name (the abstracts write "RewardBench", "DeepSeek", never
                # in lowercase). A word in lowercase that no paper writes is as likely a user's own
                # word for a topic as a name.
                continue
            if self._retriever.named(name) or squash(name) in makers:
                continue
            if any(
                _in_title(words, paper.title)
                and (not made or squash(title_name(paper.title) or "") == squash(name))
                for paper in heads
            ):
                continue  # (a title that evaluates DPO is no paper that introduced it)
            if any(statistics.frequency.get(s, 0) == 0 for s in stems):
                # A name no paper writes at all ("the InstructGPT paper"), unless it is a typo of
                # a word some title has ("the VisAllign paper") or the initials of the first
                # paper's title words ("VPL" for "… Variational Preference Learning"): no paper
                # here goes by it.
                if self._retriever.spell_checked(name).lower() != name.lower() or (
                    len(words) == 1 and heads and writes_acronym(heads[0].title, name)
                ):
                    continue
                return called, []
            # The papers that write it: the question's candidates, and the name's own.
            found = {
                paper.id: paper for paper in (*heads, *(r.paper for r in self._retriever.search(name, k=5)))
            }
            # ... written with that version, or else the family ("Gemini" for "Gemini 1.5").
            writers = [p for p in found.values() if _writes_name(name, f"{p.title} {p.abstract}")]
            if versioned:
                writers = [p for p in writers if _writes_name(called, f"{p.title} {p.abstract}")] or writers
            if not writers or (
                len(writers) == 1
                and not _cites(name, writers[0].abstract)
                and not _borrowed(name, writers[0].abstract)
                and not _prior_work(name, writers[0].abstract)
            ):
                continue
            return called, writers[:3]
        return None

    def _widened(self, text: str, called: str) -> str:
        """The name a question calls a paper by, with the word in lowercase before it when the
        corpus writes that word, and only capitalised ("the constitutional AI paper" asks for
        "Constitutional AI", not for "AI"; "the original DPO paper" for "DPO")."""
        before = re.search(rf"\b(?:the|that|this)\s+([a-z][a-z-]+)\s+{re.escape(called)}(?![\w-])", text)
        frequency = self.term_statistics().frequency
        if (
            before
            and (stems := content_stems(before.group(1)))
            and all(frequency.get(stem, 0) for stem in stems)
            and not self._retriever.lowercase_uses(before.group(1))
        ):
            return f"{before.group(1).capitalize()} {called}"
        return called

    def _titled(self, phrase: str) -> list[Paper]:
        """The papers whose titles come closest to a quoted phrase."""
        return [r.paper for r in self._retriever.search(phrase, k=5)]

    def finds_nothing(self, text: str) -> bool:
        """Whether a citation lookup ("cite X") matches no paper: when `ask "cite X"` (or X itself)
        is refused, so `paperbot cite`, /cite and a question agree ("KTO" is only mentioned by an
        abstract here; "LIMA: less is more for alignment" is no title here)."""
        papers = self._retriever.papers()
        query = self.understand(text)
        named = [papers[i] for i in query.named if i in papers]
        if named and _other_part(text, named[0].title) is None:
            return False  # a name a paper defines, its arXiv id or its whole title: that paper
        if not self.answer_sync(text).grounded:
            return True  # "deepseek r1 paper pls": no paper goes by the name it opens with
        return query.route is not Route.LOOKUP and not self.answer_sync(f"cite {text}").grounded

    def _refusal_model(self, query: Query) -> RefusalModel:
        """The model that weighs this turn: a list question's own, or the one for the rest."""
        return self._policy.list_refusal if query.route is Route.LIST else self._policy.refusal

    def missing_specifics(self, question: str, paper: Paper) -> list[str]:
        """The question's specific terms (used by few papers, or by none) that `paper` lacks: what
        decides a follow-up about one paper, whose abstract either mentions them or does not."""
        statistics = self.term_statistics()
        have = statistics.stems_of(paper)
        rare = self._policy.specific_term_share * max(1, statistics.papers)
        # An arXiv id is the paper's address, which no abstract writes ("arxiv 2310.00426 - that's
        # the PixArt-alpha one? bibtex pls")
        question = ARXIV_ID_IN_TEXT.sub(" ", question)
        if gloss := _GLOSS.match(question):
            # "intuitive fine tuning paper (merging SFT and RLHF into one step)": what the brackets
            # say of the paper named before them describes it in other words, asking nothing
            question = gloss.group("head")
        # Named things (capitalised after the first word, or with digits: "Llama Guard",
        # "MS-COCO", "v1.5") are what such a question turns on; "main", "lists" are not.
        # Of a hyphenated one, the parts that name ("OpenEvolve-style": "OpenEvolve", not
        # "style"); an acronym in it is read as one ("MoE" for "Mixture-of-Experts", below).
        written = f"{paper.title} {paper.abstract}"
        parts = [
            part
            for term in _NAMED_TERM.findall(question)
            if not _rounded_from(term, written)  # "~1.3k judgments" of an abstract's 1317
            for part in term.split("-")
            if _NAMING_PART.search(part)
            and not _ORDINAL_NUMBER.fullmatch(part)
            and not (_ACRONYM_SHAPED.fullmatch(part) and writes_acronym(written, part))
        ]
        # "PixArt-alpha" names the paper, "from Alibaba" its organisation: neither is asked about.
        title = squash(f"{paper.title} {paper.organisation or ''}")
        # A name the corpus writes only as a name ("Llama", "Gemini") is asked of this paper
        # however many others use it; a capitalised word ("Reward") only when few papers do.
        names = {stem(part.lower()) for part in parts if self._retriever.written_as_name(part.lower())}
        words = set(
            re.findall(r"[a-z0-9]+", re.sub(r"\S*(?:://|www\.|github\.com)\S*", " ", written.lower()))
        )
        missing = [
            term
            for term in dict.fromkeys(content_stems(" ".join(parts)))
            if term not in have
            and term not in title
            and (statistics.frequency.get(term, 0) <= rare or term in names)
            and not _spelled_alike(term, have)
            # ("text-davinci-003" of an abstract's "DaVinci003": a part written inside a name, one
            # word of it, not a run of words joined: "humanev" is no part of "human evaluation")
            and not (
                (len(term) >= 6 or any(c.isdigit() for c in term)) and any(term in word for word in words)
            )
        ]
        # An acronym is matched as written, not by its stem ("AIME" is not "aim"): one the
        # abstract does not write is missing, however many other papers use it.
        missing += [
            token
            for token in dict.fromkeys(_ACRONYM.findall(question))
            if not writes_acronym(f"{paper.title} {paper.abstract}", token)
            and stem(token.lower()) not in missing
            and token not in missing
        ]
        # A name in mixed case ("iOS") is matched as written: its stem ("io") is a URL's.
        lowered = written.lower()
        missing += [
            token
            for token in dict.fromkeys(_MIXED_CASE.findall(question))
            if not re.search(rf"(?<![\w-]){re.escape(token.lower())}(?![\w-])", lowered)
            and token not in missing
        ]
        # A name in camel case ("RewardBench", "GenEval") names one thing however many papers use
        # it: the paper holds it, run together or not ("Reward Bench"), or lacks it.
        squashed = squash(written)
        missing += [
            token
            for token in dict.fromkeys(_CAMEL_CASE.findall(question))
            if not _ACRONYM_SHAPED.fullmatch(token)  # "MoE": an acronym, read as one above
            and squash(token) not in squashed
            and token not in missing
            and stem(token.lower()) not in missing
        ]
        # ... as is a name joined by hyphens of parts that each name ("Time-LLM", not "LLM-based"):
        # one thing, whose parts this abstract may write apart ("time series", "LLMs")
        missing += [
            term
            for term in dict.fromkeys(_NAMED_TERM.findall(question))
            if "-" in term.strip(".-")
            and all(_NAMING_PART.search(part) for part in term.strip(".-").split("-"))
            and squash(term) not in squashed
            and squash(term) not in title
            and term not in missing
        ]
        # A name written in lowercase ("geneval", "sdxl"): one the corpus writes as a name (never
        # in lowercase), and few papers use.
        missing += [
            token
            for token in dict.fromkeys(_LOWER_WORD.findall(question))
            if statistics.frequency.get(stem(token), 0) <= rare
            and self._retriever.written_as_name(token)
            and token not in squashed
            and not writes_acronym(written, token.upper())  # "sota": "state-of-the-art"
            and token not in missing
            and stem(token) not in missing
        ]
        # A versioned name ("Llama Guard 3", "Stable Diffusion 3") is one thing: an abstract that
        # has the words but not that version does not answer for it.
        missing += [
            name
            for name in [*_VERSIONED_NAME.findall(question), *_VERSIONED_WORD.findall(question)]
            if not _writes_name(name, written) and name not in missing
        ]
        # ... and so is one written in lowercase ("gemma-2", "claude 3.5 sonnet"), when its first
        # word is a model family the corpus names ("Gemma-2B", "Claude 3") and never writes in
        # lowercase ("step" of "Step 2" is a word), however many papers use it.
        families = self._model_families()
        missing += [
            match.group(0)
            for match in _LOWER_VERSIONED.finditer(question)
            if match.group(1) in families
            and not self._retriever.lowercase_uses(match.group(1))
            and not _writes_name(match.group(0), written)
            and match.group(0) not in missing
        ]
        # A name the paper goes by is not missing, however its abstract typesets it ("D2O" for
        # "D^2O").
        own = set(self._retriever.names_of(paper.id))  # squashed already
        missing = [term for term in missing if squash(term) not in own]
        # A part of a longer name that is missing too ("10" of "CIFAR-10") is not said twice,
        # nor a name found both as a stem and as written ("mind2web", "Mind2Web").
        kept: dict[str, str] = {}
        for term in missing:
            if not any(
                len(other) > len(term) and re.search(rf"(?<!\w){re.escape(term)}(?!\w)", other, re.I)
                for other in missing
            ):
                kept.setdefault(term.lower(), term)
        return list(kept.values())

    def _unasked_of(self, question: str, paper: Paper) -> list[str]:
        """What a question asks a paper for ("which venue did LiPO end up at?", "what licence is
        Aegis 2.0 released under?") when its abstract holds no word of it nor one close in meaning
        (rag.words): the abstract cannot say. A thing it names otherwise ("what dataset …?" of
        an abstract on a benchmark) comes close."""
        unasked = []
        for head in asked_focus(question):
            _, _, closeness = self._retriever.term_matches(head, paper)
            if closeness and max(closeness) < _FOCUS_CLOSENESS:
                unasked.append(head)
        return unasked

    def _unheard(
        self,
        question: str,
        matches: tuple[list[str], list[float]],
        paper: Paper | None = None,
        rare_too: bool = False,
        share: float | None = None,
    ) -> list[str]:
        """Words of a yes/no question about one paper that no paper of the corpus uses, nor
        anything close in meaning in this one ("did they test it on underwater vehicles?",
        "does it work for chinese instructions?"): the abstract cannot say yes to them.
        `matches`: the question's terms and how closely the paper holds each. A word cut short
        ("algos", "hyperparams") that begins a word of `paper` is that word. `rare_too`: also a word
        few papers use and `paper` lacks, unless askers use it for papers that lack it too
        ("plain", "setup": rag.asked_terms): "did they use medical images?" of a paper on
        everyday pictures. `share`: how few papers make a word few (`specific_term_share` unless
        given: `extension_term_share` for what a paper is asked to carry over to)."""
        statistics = self.term_statistics()
        stems, closeness = matches
        held = statistics.stems_of(paper) if paper is not None else frozenset()
        share = self._policy.specific_term_share if share is None else share
        rare = share * max(1, statistics.papers) if rare_too else -1.0
        unheard = [
            stem
            for stem, close in zip(stems, closeness, strict=True)
            if len(stem) >= 4
            and (
                stem not in statistics.frequency
                or (
                    statistics.frequency[stem] <= rare
                    and stem not in held
                    and ASKED_TERMS.get(stem, 1.0) >= _TOLD_APART_TERM
                )
            )
            and close < _UNHEARD_CLOSENESS
            and not any(len(word) > len(stem) and word.startswith(stem) for word in held)
            and not _spelled_alike(stem, held)  # "pixart alpah": the paper's "alpha" mistyped
        ]
        return as_written(question, unheard) if unheard else []

    def _phrase_unheld(self, asked: str, paper: Paper) -> list[str]:
        """[`asked`] when it is a phrase of two or three terms ("code generation") that other
        papers here write as a phrase and `paper` writes in neither order, its words apart if at
        all ("our code", "generation"): what a paper is asked to carry over to and does not
        name. [] for a phrase no paper writes, which only its words can be checked for."""
        statistics = self.term_statistics()
        stems = [s for s in content_stems(asked) if s in statistics.frequency]
        if not 2 <= len(stems) <= 3:
            return []
        turned = " ".join(reversed(asked.split()))
        own = f"{paper.title}. {paper.abstract}"
        if shared_phrases(asked, own) or shared_phrases(turned, own):
            return []
        papers = self._retriever.papers()
        written = any(
            shared_phrases(asked, f"{papers[i].title}. {papers[i].abstract}")
            for i in self._retriever.lexical(asked, k=_PHRASE_READ)
            if i in papers and i != paper.id
        )
        return [asked.strip()] if written else []

    def _terse_of_named(
        self, query: Query, results: Sequence[SearchResult], matches: tuple[list[str], list[float]]
    ) -> list[str]:
        """The words no paper uses of a terse question about the one paper it names, with no
        question word ("qalign humaneval results", "deps planner on crafter", "onerec douyin
        deployment watch time"): what it asks of that paper, which its abstract cannot hold. A
        longer description carries the user's own words ("… which improve themself slowly …"),
        and a word joined to a name ("LiPO-lambda") is part of the name."""
        if (
            query.route is not Route.TOPICAL
            or len(query.named) != 1
            or not results
            or results[0].paper.id != query.named[0]
            or ASKS.match(query.text)
            or query.called  # "the MobileAgent paper on controlling phones": what the user recalls
            # ("need the RLHF 'secrets' report that takes PPO apart": a clause that describes it)
            or any(
                match.group(1).lower() not in FUNCTION_WORDS
                for match in _DESCRIBING_CLAUSE.finditer(query.text)
            )
        ):
            return []
        asked = self._evidence_text(query)
        if gloss := _GLOSS.match(asked):
            asked = gloss.group("head")  # (what the brackets say describes the paper: `missing_specifics`)
        if len(set(content_stems(asked))) > _TERSE_TERMS:
            return []
        # A word of the title typed without its apostrophe or hyphen ("sample dont search
        # rethinking test time alignment") is the title's, not something asked of the paper; nor is
        # what the paper is said not to be ("RAFT - not the optical flow one, the …").
        titled = {squash(word) for word in results[0].paper.title.split()}
        titled |= {
            squash(word) for match in _NOT_THAT_ONE.finditer(query.text) for word in match.group(0).split()
        }
        return [
            word
            for word in self._unheard(asked, matches, results[0].paper)
            if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", query.text, re.I)
            and squash(word) not in titled
            and not set(content_stems(word)) <= _ASKING  # "X paper - what's the gist?"
        ]

    def _names_no_model(self, query: Query, paper: Paper) -> bool:
        """Whether the turn asks which model (LLM, base model, model family) a paper it points at
        used or found best, and the paper's abstract names no model: no name with a version
        ("GPT-4o", "Llama-2-7B", "Qwen2.5") and no word the corpus writes with one ("Claude")."""
        if not any(
            not _AFTER_ASIDE.search(query.text, 0, match.start())
            # (", which hurts VLM spatial reasoning; the fix is …": a relative clause, which a
            # sentence goes on after; ", which base models were used?" asks)
            and not (
                query.text[: match.start()].rstrip().endswith(",")
                # (… or a description that asks nothing: "… local semantics (MaskEmbed), which
                # helps VLMs on spatial benchmarks")
                and (re.search(r"[;.]\s+\w", query.text[match.end() :]) or "?" not in query.text)
            )
            for match in _WHICH_MODEL.finditer(query.text)
        ):
            return False
        if not (query.subject or query.named or _OF_A_PAPER.search(query.text)):
            return False  # "which model learns from pixels?": a paper's own model, found by search
        asked = {word.lower() for word in re.findall(r"[A-Za-z][\w.-]*", query.text)}
        families = self._model_families()
        text = f"{paper.title}. {paper.abstract}"
        named = [
            match.group(0) for match in _VERSIONED_NAME.finditer(text) if not _YEAR.search(match.group(0))
        ]
        named += [word for word in re.findall(r"[A-Z][A-Za-z]+", text) if word.lower() in families]
        # "GPT-3.5 and GPT-4" of "which GPT versions?" (a family's, not "AI2D", a benchmark)
        named += [
            word
            for word in _VERSIONED_WORD.findall(text)
            if (family := re.match(r"[A-Za-z]+", word)) and family.group(0).lower() in families
        ]
        # a maker's name with a lettered version: "DeepSeek-R1", "OpenAI-o1/o3", "DeepSeek-V3"
        named += _LETTERED_VERSION.findall(text)
        # a name with its sizes after it: "OLMo (1B-7B) and Pythia (160M-12B) models"
        named += _SIZED_NAME.findall(text)
        if _ASKS_SIZE.search(query.text):
            named += _MODEL_SIZE.findall(text)  # "what size models ...?": "the 7B LVLMs"
        return not any(name.lower() not in asked for name in named)

    def _overview(self) -> Overview:
        """How many papers, the dates they span, and the topics most titles share."""
        papers = self._retriever.papers()
        dates = sorted(p.date for p in papers.values() if p.date)
        if self._topics is None or self._topics[0] is not papers:
            self._topics = (papers, title_topics([p.title for p in papers.values()], _OVERVIEW_TOPICS))
        return Overview(
            len(papers), dates[0] if dates else None, dates[-1] if dates else None, self._topics[1]
        )

    def _model_families(self) -> frozenset[str]:
        """The words the corpus writes with a version ("GPT" of "GPT-4", "Claude" of "Claude 3"):
        the model families its abstracts name. Read once per set of papers, from at most
        `_FAMILY_SAMPLE` of them (families are common words: a sample names them all)."""
        papers = self._retriever.papers()
        if self._families is None or self._families[0] is not papers:
            words = {
                match.group(1).lower()
                for paper in itertools.islice(papers.values(), _FAMILY_SAMPLE)
                for match in _MODEL_NAME.finditer(paper.abstract)
                if not _YEAR.search(match.group(0)) and len(match.group(1)) > 2
            }
            self._families = (papers, frozenset(words - FUNCTION_WORDS))
        return self._families[1]

    def _uncounted(self, question: str, paper: Paper, about: bool = False, by_name: bool = True) -> list[str]:
        """What a "how many …" question counts that no sentence of `paper` gives a number of; for
        "how often …", "by how much …", the question's rarest term the paper holds when no
        sentence of it with that term, nor with the rarest plain word of the clause that asks,
        gives a number; and, when the question is `about` this paper (it names it, or the thread
        does), a measure it asks the value of ("success rate") that no sentence gives a number
        beside. `by_name`: the caller answers the turn from this paper, and says a name its
        abstract lacks instead of a measure."""
        if not about and _ASKS_WHICH_PAPER.search(question):
            # "… keeps botching where-things-are questions (how many chairs are there). which
            # paper?": the count is the asker's example; a paper is what is asked for
            return []
        text = f"{paper.title}. {paper.abstract}"
        acronyms = counted_acronyms(question)
        missing = [
            thing
            for thing in counted(question)
            if not gives_count(thing, text, acronyms.get(thing, ""))
            # ("how many task types?": "five mainstream tasks")
            and not ((kind := kind_counted(question, thing)) and gives_count(kind, text))
            # ("how many systems does it analyse?": "We analyze more than 80 … implementations")
            and not ((verb := verb_counted(question, thing)) and gives_count(verb, text))
        ]
        if not missing and asks_quantity(question):
            statistics = self.term_statistics()
            have = statistics.stems_of(paper)
            held = [s for s in dict.fromkeys(content_stems(question)) if s in have and not s.isdigit()]
            if held:
                frequency = statistics.frequency
                rarest = min(held, key=lambda s: frequency.get(s, 0))
                # ... or the rarest plain word of the clause that asks: "CUT (contrastive
                # unlikelihood training) - how much judgment data to beat DaVinci003?" asks a
                # number of judgment data, "1317 off-the-shelf judgment data"; a name is not what
                # is counted ("how often did Claude go along with harmful requests?")
                asking = quantity_clause(question)
                plain = set(content_stems(" ".join(w for w in asking.split() if not re.search(r"[A-Z]", w))))
                counted_of = [s for s in held if s in plain]
                asked = [
                    rarest,
                    *([min(counted_of, key=lambda s: frequency.get(s, 0))] if counted_of else []),
                ]
                # ("how much cheaper is it than the big MLLMs?": "a 50.5x reduction in cost")
                if not any(gives_quantity(term, paper.abstract) for term in asked) and not (
                    asks_change(question) and gives_change(paper.abstract)
                ):
                    missing = as_written(question, asked[-1:])
        # "what success rate did DEPS reach on ObtainDiamond?", asked of the paper it names: a
        # sentence with a number and the measure ("success", "rate") answers it; "a promising
        # update on the ObtainDiamond challenge" does not, nor "outperforms ... in human
        # evaluation" a win rate. Measured against also accepting a number beside the rarest term
        # asked: four more unanswerable questions refused over the fitting sets, and no
        # answerable one (docs/design.md, session 18).
        # Each measure by its head ("rate" of "learning rate"): a sentence on learning with a
        # number gives no learning rate. A count is of the word before it ("task count": "57 tasks").
        # ("does it give pairwise rankings or single scores?" asks which, not a value)
        either = bool(_YES_NO.match(question) and re.search(r"\bor\b", question))
        measures = asked_measures(question) if not missing and about and not either else []
        # (a size is also given as a count of the thing's items: "over 200K preference pairs")
        ungiven = [
            m
            for m in measures
            if not gives_measure(paper.abstract, m)
            and not (
                m.split()[-1] == "size"
                and asks_size(question)
                and any(gives_size(s) for s in _SENTENCE_END.split(paper.abstract))
            )
        ]
        # a name it lacks ("GenEval score") is the plainer reason, given with the follow-ups'
        # (`by_name`: the turn is answered from this paper, which refuses what it lacks)
        if ungiven and not (by_name and self.missing_specifics(question, paper)):
            missing = ungiven
        return missing

    def _unlisted(self, question: str, paper: Paper) -> str | None:
        """The first set a question asks the items of that `paper`'s abstract does not list; of
        "which two datasets …?", only a set the abstract counts ("on two datasets"), not one it
        may call otherwise ("two popular watermarking approaches" for "methods")."""
        text = f"{paper.title}. {paper.abstract}"
        loose = [
            thing
            for thing in asked_items(question, loosely=True)
            if thing.endswith("s") and gives_count(thing.split()[-1], text)
        ]
        return next(
            (
                thing
                for thing in (*asked_items(question), *loose)
                if not lists_items(thing, text, count_of(question, thing))
            ),
            None,
        )

    def _asks_of_named(self, query: Query, results: Sequence[SearchResult]) -> bool:
        """Whether the turn is a question (not a lookup phrase) about the one paper it names."""
        return (
            query.route is Route.TOPICAL
            and len(query.named) == 1
            and results[0].paper.id == query.named[0]
            and (
                bool(ASKS.match(query.text))
                # "GoalAct results on WebArena": not what the user remembers of the paper, since
                # its abstract never mentions WebArena; something asked of it.
                # A missing size or version ("Labrador 13B") is what the user misremembers.
                or any(
                    not _SIZE_OR_VERSION.fullmatch(term)
                    for term in self.missing_specifics(self._evidence_text(query), results[0].paper)
                )
            )
        )

    def implied_subject(self, query: Query, history: Sequence[Turn]) -> Paper | None:
        """The thread's paper, when a question that points at nothing is about it all the same:
        its abstract holds most of what is asked (IDF-weighted) and every specific term of it."""
        if (
            query.follow_up
            or query.alone
            or query.named
            or query.exclude  # ("and the one that generates the music instead?": not that one)
            or query.route not in (Route.TOPICAL, Route.LOOKUP)
        ):
            return None
        if query.sought:
            return None  # "is there something that aligns diffusion models without ...?": a paper sought
        paper = self._thread_paper(history)
        if paper is None:
            return None
        asked = self._evidence_text(query)
        statistics = self.term_statistics()
        stems = content_stems(asked)
        if stems and not any(s in statistics.frequency for s in stems):
            return None  # "how do I get rid of aphids?": nothing the corpus knows, so no paper's
        if self._plain(asked, paper):
            return paper
        held = coverage(asked, paper, statistics)
        # A name few papers use that this one does ("how big was the gain on RewardBench?") ties
        # the question to it, whatever the everyday words around the name.
        names = rare_name_words(asked, statistics).values()
        uses_names = bool(names) and all(name <= statistics.stems_of(paper) for name in names)
        cut = self._policy.implied_subject_coverage
        if (
            held < cut
            and not uses_names
            # ... or, of a question of what it did ("what were the two attack strategies called?"
            # of two "jailbreak strategies") that seeks no paper, part of it as written and most of
            # it by meaning, as a set's filter is held
            and not (
                _ASKS_OF_IT.match(query.text)
                and not _SEEKS_A_PAPER.search(query.text)
                and held >= cut / 2
                and self._retriever.soft_coverage(asked, [paper])[0] >= cut
            )
        ) or self.missing_specifics(asked, paper):
            return None
        return paper

    def _plain(self, asked: str, paper: Paper) -> bool:
        """Whether a short question has no term of its own that few papers use ("is the code
        public?", "how many languages?"): it cannot pick a paper out of the corpus, so in a thread
        it asks about the thread's paper. ("how big is the dataset?" is not one: fewer than 5 % of
        the papers here write "big".)"""
        statistics = self.term_statistics()
        stems = content_stems(asked)
        rare = self._policy.specific_term_share * max(1, statistics.papers)
        return (
            0 < len(set(stems)) <= _PLAIN_QUESTION_TERMS
            and all(statistics.frequency.get(s, 0) > rare for s in stems)
            and not self.missing_specifics(asked, paper)
        )

    def _plainly_of_thread(self, query: Query, history: Sequence[Turn]) -> Paper | None:
        """The thread's last paper, for a plain question that points at nothing ("how many
        languages?" after the OpenAssistant answer): decided before any check of what the best
        paper of a search lacks, since no search can pick the paper such a question means."""
        if query.follow_up or query.alone or query.named or query.exclude or query.among:
            return None
        if not (query.route is Route.TOPICAL or (query.route is Route.LIST and query.bare)):
            return None
        if query.sought:
            return None  # "is there something that aligns diffusion models without ...?": a paper sought
        paper = self._thread_paper(history)
        if paper is None or not self._plain(asked := self._evidence_text(query), paper):
            return None
        if query.route is Route.LIST and (
            coverage(asked, paper, self.term_statistics()) < self._policy.implied_subject_coverage
        ):
            return None  # "reward hacking" after an answer about another topic: a list of its own
        return paper

    def _unsaid_by_thread(self, query: Query, history: Sequence[Turn]) -> tuple[Paper, list[str]] | None:
        """(the thread's paper, the words of the turn its abstract lacks) for a short turn that
        points at nothing and asks what that paper's abstract does not hold ("what license?",
        "any ablations?"): the turn is refused as a question about it. None when the turn names
        a paper, stands alone, is long enough to be a question of its own, or the paper holds
        all it asks."""
        if not query.threaded or query.alone or query.named or query.route is Route.LIST:
            return None
        if describes_one(query.text):
            return None  # ("and one that only trains on negative examples?": another paper sought)
        asked = self._evidence_text(query)
        stems = list(dict.fromkeys(content_stems(asked)))
        statistics = self.term_statistics()
        if not 0 < len(stems) <= _PLAIN_QUESTION_TERMS or not all(s in statistics.frequency for s in stems):
            return None
        paper = self._thread_paper(history)
        if paper is None or paper.id in query.exclude:
            return None  # (asked of another paper than it: "is there another one that ...?")
        lacking = [s for s in stems if s not in statistics.stems_of(paper)]
        if not lacking:
            return None
        words = re.findall(r"[A-Za-z0-9][\w-]*", asked)
        said = [
            w
            for w in dict.fromkeys(words)
            if content_stems(w) and all(s in lacking for s in content_stems(w))
        ]
        return (paper, said) if said else None

    def _counted_by_thread(self, query: Query, history: Sequence[Turn]) -> Paper | None:
        """The thread's paper when its abstract gives a number of what the turn counts ("and
        roughly how many volunteers contributed?" after the OpenAssistant answer: "over 13,500
        volunteers"), whatever other words the turn has; None otherwise."""
        if query.named or query.exclude or query.among or (paper := self._thread_paper(history)) is None:
            return None  # (nor of one the turn picks: "how many … did the later one use?")
        text = f"{paper.title}. {paper.abstract}"
        acronyms = counted_acronyms(query.text)
        if any(gives_count(thing, text, acronyms.get(thing, "")) for thing in counted(query.text)):
            return paper
        return None

    def _thread_paper(self, history: Sequence[Turn]) -> Paper | None:
        """The first paper the thread's last answer with citations cited."""
        previous = next((turn for turn in reversed(history) if turn.cited), None)
        return self._retriever.papers().get(previous.cited[0]) if previous else None

    def weighs_refusal(self, query: Query, candidates: _Candidates) -> bool:
        """Whether the refusal model decides this turn. A follow-up about one paper is decided by
        that paper's abstract; a lookup or comparison of papers the
        question names (by a defined name, an arXiv id, or a near-exact title) is answered by
        that naming; everything else is weighed."""
        if query.route is Route.LIST and query.subject:
            return False  # "more" of a list already answered
        if query.cites_authors:
            return True  # "bibtex for the original LoRA paper (Hu et al.)": whatever it names
        if candidates.mentions:
            return False  # "where does beam search show up?": the papers that say it answer it
        if query.subject or query.among:
            return False  # a follow-up about the thread's papers: their abstracts decide (missing_specifics)
        if query.named and candidates.results:
            # "InfAlign", "the GRAO paper": nothing is asked beyond the name itself.
            named = candidates.results[0].paper
            if named.id == query.named[0] and query.route is not Route.LIST and not ASKS.match(query.text):
                # "o1 replication journey pt 1", "MISALIGNMENTBENCH - which paper introduced it?":
                # a name with what the user remembers of the paper, not a question about it.
                return False
            wanted = set(content_stems(query.topic or query.text)) - _ASKING
            # Names as the abstract writes them ("B^2-DiffuRL": b, 2, diffurl) and squashed.
            written = " ".join([name for name, _ in named.names] + list(self._retriever.names_of(named.id)))
            own = f"{named.title} {squash(named.title)} {written}"
            if wanted <= set(content_stems(own)):
                return False
        if query.route not in (Route.LOOKUP, Route.COMPARE) or not candidates.results:
            return True
        if query.named or query.subject:
            return False
        title = candidates.results[0].paper.title.lower()
        if any(_quotes_title(quoted.lower(), title) for quoted in query.quoted):
            return False  # "arxiv id of 'of models and tin man'": the title it quotes, a letter off
        asked = query.topic.lower()
        words = len(asked.split())
        if words >= _LONG_TITLE_STRETCH and fuzz.ratio(_words(asked), _words(title)) >= _WHOLE_TITLE:
            # the whole title, a letter or a word off ("Helping or Hurting? Reward Model ..."):
            # a word no paper uses is the slip, not a name
            return False
        if candidates.evidence.unknown_names:
            # "cite the InstructGPT paper, training language models to follow instructions …":
            # a name no paper here uses outweighs title words that happen to match.
            return True
        near = (
            (words >= 3 and fuzz.token_set_ratio(asked, title) >= _NEAR_EXACT_TITLE)
            # a long, misspelled stretch of the title ("Insights into Aligment: Evaluting DPO ...")
            or (words >= _LONG_TITLE_STRETCH and fuzz.partial_ratio(asked, title) >= _NEAR_EXACT_TITLE)
            # every word asked is a word of this title ("the hitchhikers guide to *PO"), read
            # with the corpus's spelling ("sampel dont serch")
            or _words_of_title(self._evidence_text(query).lower(), title)
        )
        return not near

    def _evidence_text(self, query: Query) -> str:
        """The words whose support is checked: the topic, without a lookup's request words, a
        list's asking ("which papers here …") or a follow-up's pointers ("it", "the second one"),
        with typos of title words corrected."""
        # (corrected first: "recsys / CTR-style" is "recommender systems" beside it, no unknown word)
        # ("anything similar but for medical LLMs?": what the paper sought must hold is "medical
        # LLMs"; the title of the paper it is likened to, which its search adds, is no part of it)
        carried = likened_for(query.text) if query.exclude and query.threaded else ""
        return _known_alternative(
            self._retriever.spell_checked(carried or query.topic or query.text),
            self.term_statistics(),
            self._policy.specific_term_share,
        )

    def _dense(self, text: str, ids: Sequence[str]) -> dict[str, float]:
        if not ids:
            return {}
        store = self._retriever.store
        vector = np.asarray(store.embedder.embed_query(clean_query(text)))
        return {
            paper_id: float(np.dot(vector, np.asarray(paper_vector)))
            for paper_id, paper_vector in store.paper_vectors(list(ids)).items()
        }

    def _named(self, text: str) -> list[str]:
        return self._retriever.named(text)

    def _resolve_sides(self, query: Query) -> list[SearchResult]:
        chosen: list[SearchResult] = []
        for side in query.sides:
            pick = self._resolve(side, exclude=[c.paper.id for c in chosen])
            if pick:
                chosen.append(SearchResult(pick, 1.0))
        return chosen

    def term_statistics(self) -> TermStatistics:
        return self._retriever.term_statistics()

    # ---- compose ------------------------------------------------------------------------------

    def _sentences(
        self, question: str, results: Sequence[SearchResult], per_paper: int
    ) -> list[tuple[tuple[Paper, str], float]]:
        """The best stored sentences (chunks) of the given papers for the question, best first,
        scored by similarity and by role (what the paper does or finds over background)."""
        papers = {r.paper.id: r.paper for r in results}
        if not papers:
            return []
        vector = self._retriever.store.embedder.embed_query(clean_query(question))
        hits = self._retriever.store.search_chunks(vector, k=12 * len(papers), paper_ids=list(papers))
        scored: list[tuple[tuple[Paper, str], float]] = []
        for hit in hits:
            if hit.paper_id in papers:
                paper = papers[hit.paper_id]
                scored.append(((paper, hit.text), hit.score + _role_bonus(paper, hit.text)))
        scored.sort(key=lambda item: -item[1])
        taken: dict[str, int] = {}
        picked = []
        for (paper, sentence), score in scored:
            if taken.get(paper.id, 0) < per_paper:
                taken[paper.id] = taken.get(paper.id, 0) + 1
                picked.append(((paper, sentence), score))
        return picked

    def _single(self, query: Query, candidates: _Candidates) -> Answer:
        results = candidates.results
        paper = results[0].paper
        things = counted(query.text)
        sized = not things and asks_size(query.text)
        items = [] if things or sized else asked_items(query.text)
        # A gist asked ("tl;dr of the alignment faking paper"): the sentences nearest the paper's
        # own title, not those that repeat the words the question names it by.
        named_by = set(content_stems(f"{paper.title} {' '.join(name for name, _ in paper.names)}"))
        gist = not (set(content_stems(query.text)) - _ASKING - named_by)
        many = query.sentences  # "summarize RLHS in 2 sentences": as many as asked
        chosen = self._sentences(
            # (as the corpus spells it: "what datsets did they introduce?" asks for datasets)
            paper.title if gist else self._retriever.spell_checked(query.text),
            results[:1],
            12 if things or sized or items else max(many, self._max_sentences),
        )
        if items:
            # "what are the three steps of their pipeline?": the sentence that names them first
            # ("a three-step process: feedback signal identification, …")
            chosen.sort(
                key=lambda c: not any(lists_items(t, c[0][1], count_of(query.text, t)) for t in items)
            )
            chosen = chosen[: max(many, self._max_sentences)]
        if sized:
            # "how big is the OpenAssistant dataset?": the sentence that counts its items first.
            chosen.sort(key=lambda c: not gives_size(c[0][1]))
            chosen = [c for c in chosen if gives_size(c[0][1])][: self._max_sentences] or chosen[:1]
        if things:
            # "How many samples does Aegis 2.0 contain?": the sentence that gives the number first.
            acronyms = counted_acronyms(query.text)
            kinds = [kind for thing in things if (kind := kind_counted(query.text, thing))]
            kinds += [verb for thing in things if (verb := verb_counted(query.text, thing))]
            chosen.sort(
                key=lambda c: (
                    not any(gives_count(thing, c[0][1], acronyms.get(thing, "")) for thing in things)
                    # ("how many judgment examples": "1317 off-the-shelf judgment data")
                    and not any(gives_count(kind, c[0][1]) for kind in kinds)
                )
            )
            chosen = chosen[: self._max_sentences]
        # A second sentence only when it is nearly as good and the two stay readable together
        # (or as many as the turn asks for).
        if many:
            chosen = chosen[:many]
        elif len(chosen) > 1 and (
            chosen[1][1] < chosen[0][1] - 0.12 or len(chosen[0][0][1]) + len(chosen[1][0][1]) > _QUOTE_CHARS
        ):
            chosen = chosen[:1]
        chosen.sort(key=lambda c: paper.abstract.find(c[0][1]))
        quoted = [sentence for (_, sentence), _ in chosen]
        if asked_items(query.text) or asked_items(query.text, loosely=True):
            # "what were the three alignment algorithms?": the sentence after the one that counts
            # them when it goes on to name them ("These include Flow-DPO, …")
            named: list[str] = []
            for sentence in quoted:
                named.append(sentence)
                following = _next_sentence(paper.abstract, sentence)
                if following and names_what_came_before(following) and following not in quoted:
                    named.append(following)
            quoted = named
        sentences = tuple(_quoted(sentence) for sentence in quoted) or (
            _quoted(_first_sentence(paper.abstract)),
        )
        close = [] if query.subject or query.among else self._also_close(query, candidates)
        citations = _numbered([paper, *close], {1: _trim(chosen[0][0][1]) if chosen else paper.title})
        part = Quote(paper, sentences, tuple(close))
        return Answer(query.text, part, citations, True, tuple(r.paper.id for r in results))

    def _narrowed(self, query: Query, results: list[SearchResult]) -> Answer:
        """ "which of those use RL?": the members of the earlier set whose abstracts hold most of
        the condition (IDF-weighted, as `implied_subject` weighs a thread's paper; or half of it as
        written and most of it by meaning, rag.words), in the order
        the condition ranks them; when none does, what the best of them lacks. The list model is
        not asked: its features compare each paper with the best, and within a set the best may
        not qualify at all."""
        condition = self._evidence_text(query)
        statistics = self.term_statistics()
        if stating := _stating_absence(query.text, [r.paper for r in results]):
            # "which of those don't need a reference model?": the members that say they do
            # without it, not those that hold its words (every DPO variant names its reference).
            doing = dataclasses.replace(query, without="")  # (what they do without is not left out)
            return self._listing(doing, [r for r in results if r.paper.id in stating], results)
        if query.without:
            return self._narrowed_without(query, results)
        # Most of the condition as written, or part of it as written and most of it by meaning
        # ("which of those also handle video?": "video" is written, "handle" is not).
        kept = [
            r
            for r, fits in zip(results, self._fits(condition, [r.paper for r in results]), strict=True)
            if fits
        ]
        unheard: dict[str, list[str]] = {}
        if _YES_NO.match(query.text) and results and not _MEMBERS_ALIKE.search(query.text):
            # "does either of them use conformal prediction?": a yes only from a member whose
            # abstract writes what few papers use, or something close in meaning, as a one-paper
            # yes/no question is answered ("prediction" is not "conformal prediction"). ("do both
            # of them average the same kinds of models?" compares them: no condition to hold.)
            unheard = {
                r.paper.id: self._unheard(
                    condition, self._term_closeness(condition, r.paper), r.paper, rare_too=True
                )
                for r in results
            }
            kept = [r for r in kept if not unheard[r.paper.id]]
        if not kept and not _YES_NO.match(query.text):
            # "which of those ran a study with real human users?" presupposes one does (74 of the
            # 76 such picks of the fitting sets' threads had one): the member that holds most of
            # it, as written and by meaning, when it holds some of it as written ("which of these
            # mention Minecraft?" may be none, as may a yes/no question: "did either of them ...?").
            held = [coverage(condition, r.paper, statistics) for r in results]
            meant = self._retriever.soft_coverage(condition, [r.paper for r in results])
            score = [exact + soft for exact, soft in zip(held, meant, strict=True)]
            pick = max(range(len(results)), key=score.__getitem__)
            if held[pick] >= self._policy.narrowing_coverage / 2:
                kept = [results[pick]]
        if not kept:
            best = results[0].paper
            have = statistics.stems_of(best)
            lacking = sorted(
                (
                    s
                    for s in dict.fromkeys(content_stems(condition))
                    if s in statistics.frequency and s not in have
                ),
                key=lambda s: -statistics.idf(s),
            )
            said = unheard.get(best.id, [])[:3] or as_written(query.text, lacking[:3])
            return refusal(
                query.text,
                [r.paper for r in results[: self._policy.list_max]],
                [r.paper.id for r in results],
                "none of the earlier papers holds the condition; the best lacks " + ", ".join(said),
                said,
            )
        return self._listing(query, kept, results)

    def _narrowed_without(self, query: Query, results: list[SearchResult]) -> Answer:
        """ "which of those don't use RL?", "which of those are not about images?": the members
        that do not hold what the turn leaves out (as `_fits` holds a condition, or an acronym
        spelled out), narrowed first by what else it asks ("which of those use DPO but not
        RL?"), in the set's order; when every member holds it, it says so."""
        condition = self._retriever.spell_checked(query.topic)  # (not the question: it negates)
        if content_stems(condition):
            fitting = self._fits(condition, [r.paper for r in results])
            results = [r for r, fits in zip(results, fitting, strict=True) if fits] or results
        left = query.without
        away = self._holding(left, [r.paper for r in results])
        kept = [r for r in results if r.paper.id not in away]
        if not kept:
            return refusal(
                query.text,
                [r.paper for r in results[: self._policy.list_max]],
                [r.paper.id for r in results],
                f"every earlier paper holds {left}",
                held_by_all=left,
            )
        order = {pid: n for n, pid in enumerate(query.among)}
        kept.sort(key=lambda r: order.get(r.paper.id, len(order)))
        return self._listing(
            dataclasses.replace(query, without_mentioned=True), kept, results, left_out=len(away)
        )

    def _holding(self, condition: str, papers: Sequence[Paper]) -> set[str]:
        """The papers that hold `condition` as a set's filter would (`_fits`), or write an acronym
        of it spelled out ("RL" as "reinforcement learning"): those a turn that leaves it out
        ("… that don't use RL") leaves out."""
        acronyms = [word for word in condition.split() if _ACRONYM_SHAPED.fullmatch(word)]
        return {
            paper.id
            for paper, held in zip(papers, self._fits(condition, papers), strict=True)
            if held or any(writes_acronym(f"{paper.title}. {paper.abstract}", a) for a in acronyms)
        }

    def _also_close(self, query: Query, candidates: _Candidates, limit: int = 2) -> list[Paper]:
        """Runners-up the list model is sure belong with the best paper: shown, not hidden."""
        cut = self._policy.also_close_cut
        return [r.paper for r, p in self._memberships(query, candidates)[1:] if p >= cut][:limit]

    def list_rows(
        self, query: Query, candidates: _Candidates
    ) -> tuple[list[SearchResult], list[tuple[float, ...]]]:
        """The head of the candidates and what the list model weighs of each (LIST_FEATURES)."""
        pool = candidates.results[:_LIST_POOL]
        topic = query.topic or query.text
        soft = self._retriever.soft_coverage(topic, [r.paper for r in pool])
        features = list_features(
            topic,
            [
                (r.paper, r.fused, candidates.dense.get(r.paper.id, 0.0), r.score, held)
                for r, held in zip(pool, soft, strict=True)
            ],
            self.term_statistics(),
        )
        return pool, features

    def _about_topic(self, topic: str) -> set[str]:
        """The papers about `topic`: those the list model would list for it, and those whose
        title holds its words; of alternatives ("chatbot / conversational"), about any of them."""
        parts = _ALTERNATIVE_BREAK.split(topic)
        if len(parts) > 1 and all(content_stems(part) for part in parts):
            return set().union(*(self._about_topic(part) for part in parts))
        asked = Query(f"papers about {topic}", Route.LIST, topic)
        cut = self._policy.list_member.cut
        members = {r.paper.id for r, p in self._memberships(asked, self.assess(asked)) if p >= cut}
        wanted = set(content_stems(topic))
        titled = {p.id for p in self._retriever.papers().values() if wanted <= set(content_stems(p.title))}
        return members | titled

    def _memberships(self, query: Query, candidates: _Candidates) -> list[tuple[SearchResult, float]]:
        """The head of the candidates with the list model's P(belongs to the answer)."""
        pool, features = self.list_rows(query, candidates)
        model = self._policy.list_member
        return [(result, model.probability(row)) for result, row in zip(pool, features, strict=True)]

    def _lookup(self, query: Query, results: list[SearchResult]) -> Answer:
        if (written := (*query.quoted, *query.cased)) and not (query.named or query.subject):
            # a title written out, a word off ("Learning Goal-Conditioned Embeddings for Language
            # Reward Models"): the paper whose title it is, wherever the search put it
            def likeness(result: SearchResult) -> float:
                return max(fuzz.ratio(title.lower(), result.paper.title.lower()) for title in written)

            best = max(results[:10], key=likeness)
            if likeness(best) >= _NEAR_EXACT_TITLE > likeness(results[0]):
                results = [best, *(r for r in results if r is not best)]
        paper = results[0].paper
        sure = (
            bool(query.named or query.subject or query.pronoun)
            # the title itself, near enough (not a few of its words: "the alignment survey")
            or fuzz.token_sort_ratio(query.topic.lower(), paper.title.lower()) >= 90
            or results[0].score >= self._policy.sure_share  # the reranker's share of relevance
            # a phrase only this title holds ("the alignment faking paper"), or every word asked,
            # read with the corpus's spelling ("Insights into Aligment: Evaluting DPO ...")
            or any(
                holds(asked, paper.title.lower())
                and not any(holds(asked, r.paper.title.lower()) for r in results[1:10])
                for holds, asked in (
                    (title_phrase, query.topic),
                    (_words_of_title, self._evidence_text(query).lower()),
                )
            )
        )
        others = [r.paper for r in results[1:3]] if not sure and len(results) > 1 else []
        links = abstract_links(paper.abstract)
        if sure and "code" in query.wants and query.wants <= {"code", "link"} and not links:
            # "is the code available?", "github repo for X?": only an address answers it, and
            # the abstract gives none (its paper is still the one shown, for "bibtex for it").
            return refusal(
                query.text, [paper], [paper.id], "its abstract gives no code link", unnamed="code link"
            )
        card = Card(paper, bibtex(paper), tuple(others), query.wants, links)
        return _cited(query, card, [paper, *others], [r.paper.id for r in results])

    def _define(self, query: Query) -> Answer | None:
        """What an acronym stands for, from the abstracts that spell it out next to it ("…
        Kahneman-Tversky Optimization (KTO) …"): each long form (spellings one edit apart are
        one: "fine-tuning", "fune-tuning"), the paper that goes by the acronym first, then the
        form most papers write. A paper that goes by the acronym without spelling it out is
        shown too ("our method, PAS, …"). None when no paper spells it out or goes by it."""
        papers = self._retriever.papers()
        asked = query.defines
        if query.subject and asked in POINTER_WORDS and (paper := papers.get(query.subject[0])) is not None:
            # "what does it stand for?": the first name the thread's paper goes by that its own
            # abstract spells out ("MaPO": margin-aware preference optimization), else the first
            # it goes by (said to be not spelled out: "URIAL")
            goes_by = [
                name for name, strength in paper.names if strength >= Strength.DEFINED and name_shaped(name)
            ]
            asked = next(
                (name for name in goes_by if long_forms(paper.abstract, name)), goes_by[0] if goes_by else ""
            )
            if not asked:
                return None
        own = [
            i
            for i in self._retriever.named(asked)
            if i in papers and squash(asked) in self._retriever.names_of(i)
        ]
        searched = [r.paper.id for r in self._retriever.search(asked, k=_DEFINE_SEARCHED)]
        forms: dict[str, list[Row]] = {}
        spellings: dict[str, list[str]] = {}
        for paper_id in dict.fromkeys([*own, *searched]):
            paper = papers[paper_id]
            for sentence in _SENTENCE_END.split(paper.abstract.strip()):
                for form in long_forms(sentence, asked):
                    key = next((k for k in forms if _same_form(k, _form_key(form))), _form_key(form))
                    rows = forms.setdefault(key, [])
                    spellings.setdefault(key, []).append(form)
                    if all(row.paper.id != paper.id for row in rows):
                        rows.append(Row(paper, _quoted(sentence)))
        spelled = {row.paper.id for rows in forms.values() for row in rows}
        unspelled = [papers[i] for i in own if i not in spelled]
        if not forms and not unspelled:
            return None
        owned = set(own)
        ranked = sorted(
            forms, key=lambda key: (not any(row.paper.id in owned for row in forms[key]), -len(forms[key]))
        )[:_DEFINE_FORMS]
        shown: list[tuple[str, tuple[Row, ...]]] = []
        for key in ranked:
            best_first = sorted(forms[key], key=lambda row: row.paper.id not in owned)[:_DEFINE_PAPERS]
            # the form as most papers write it; of equals, the one in capitals ("Direct Preference …")
            written = Counter(spellings[key]).most_common()
            best = max(written, key=lambda pair: (pair[1], sum(c.isupper() for c in pair[0])))[0]
            shown.append((best, tuple(best_first)))
        if unspelled:
            naming = tuple(
                Row(
                    paper, _quoted(_sentence_naming(paper.abstract, asked) or _first_sentence(paper.abstract))
                )
                for paper in unspelled[:_DEFINE_PAPERS]
            )
            shown.append(("", naming))
        cited = list(dict.fromkeys(row.paper for _, group in shown for row in group))
        definition = Definition(_acronym_as_written(asked, cited), tuple(shown))
        return Answer(query.text, definition, _numbered(cited), True, tuple(p.id for p in cited))

    def _compare(self, query: Query, results: list[SearchResult]) -> Answer:
        sides = []
        # two sides (or the few it names), or every paper of the set a turn asks one thing of
        # ("compare them")
        for result in results[: max(2, len(query.sides), len(query.subject))]:
            chosen = self._sentences(query.topic or query.text, [result], 1)
            sentence = chosen[0][0][1] if chosen else _first_sentence(result.paper.abstract)
            sides.append(Row(result.paper, _quoted(sentence)))
        comparison = Comparison(tuple(sides))
        return _cited(query, comparison, [side.paper for side in sides], [r.paper.id for r in results])

    def _list(self, query: Query, candidates: _Candidates) -> Answer:
        results = candidates.results
        cut = self._policy.list_answer_cut
        qualifying = [
            r for rank, (r, p) in enumerate(self._memberships(query, candidates)) if rank == 0 or p >= cut
        ]
        if query.subject:  # "more": the papers an earlier list held back, all of them
            qualifying = results
        elif mentioning := (candidates.mentions or self._mentioning(query, candidates)):
            # "which papers report AlpacaEval numbers?": the papers that use the name.
            # The list model's members that use them first, then the rest of their users.
            held = {r.paper.id for r in mentioning}
            kept = [r for r in qualifying if r.paper.id in held]
            shown = {r.paper.id for r in kept}
            qualifying = kept + [r for r in mentioning if r.paper.id not in shown]
        left_out = 0
        if query.without:
            # "… not about multimodal models": the papers the list would hold that are about it
            away = self._about_topic(query.without)
            if query.without_mentioned:  # "… that don't use RL": nor those that mention it
                away |= self._holding(query.without, [r.paper for r in results])
            left_out = sum(r.paper.id in away for r in qualifying)
            qualifying = [r for r in qualifying if r.paper.id not in away]
            if not qualifying:
                return refusal(
                    query.text,
                    [r.paper for r in results[:3]],
                    [],
                    f"every paper it lists is about {query.without}",
                )
            results = [r for r in results if r.paper.id not in away]
        if query.limit and not query.subject:
            # "recommend me 3 papers on reward models": that many, the list model's members
            # first, then the nearest of the rest; the other members wait for "more".
            held = {r.paper.id for r in qualifying}
            nearest = [r for r, _ in self._memberships(query, candidates) if r.paper.id not in held]
            qualifying = (qualifying + nearest)[: max(query.limit, len(qualifying))]
            return self._listing(query, qualifying, results, query.limit, left_out)
        return self._listing(query, qualifying, results, left_out=left_out)

    def _each_name_used(self, query: Query) -> bool:
        """Whether the papers that use the names a list turns on answer it, each using one: names
        asked as alternatives ("MuJoCo, Meta-World or the DeepMind Control Suite"), not names
        asked together ("VLA policies with GRPO") nor one name (whose one paper the topical
        reading weighs already: "do we have OpenAI's o1 system card in here?")."""
        topic = query.topic or query.text
        named = sorted(
            (found.start(), found.end())
            for word in rare_name_words(topic, self.term_statistics())
            if (found := re.search(re.escape(word), topic))
        )
        between = [topic[end:start] for (_, end), (start, _) in itertools.pairwise(named)]
        # (the names side by side, joined as alternatives: not "DPO-style alignment for text-to-3D
        # or mesh generation", whose "or" joins other words)
        if len(named) < 2 or not all(_JOINING.fullmatch(gap) for gap in between):
            return False
        if not any(re.search(r"\bor\b|/", gap) for gap in between):
            return False
        candidates = self.assess(query)
        return self._names_used(query, candidates) is not None and bool(self._mentioning(query, candidates))

    def _mentioning(self, query: Query, candidates: _Candidates) -> list[SearchResult]:
        """The papers that use the rare names a list question turns on, when the names are most
        of what it asks (IDF-weighted): those of the ranking first, then those a search for the
        names alone finds, less those it excludes ("which other papers use MJ-Bench?"). Empty
        when the question is about more than the names, or fewer than two papers use them (one
        is enough besides the paper excluded)."""
        used = self._names_used(query, candidates)
        if used is None:
            return []
        holding = [r for r in used[1] if r.paper.id not in query.exclude]
        return holding if len(holding) >= (1 if query.exclude else 2) else []

    def _unshared_name(self, query: Query, candidates: _Candidates) -> str | None:
        """The names a list of the papers besides the one it names turns on ("which other papers
        use URIAL?"), when no abstract but that paper's writes them; else None."""
        if not (query.route is Route.LIST and query.named and query.exclude) or query.subject:
            return None
        used = self._names_used(query, candidates)
        if used is None or any(r.paper.id not in query.exclude for r in used[1]):
            return None
        return used[0]

    def _names_used(self, query: Query, candidates: _Candidates) -> tuple[str, list[SearchResult]] | None:
        """`_name_users` of the candidates' ranking, worked out once per turn."""
        if not candidates.name_users:
            candidates.name_users.append(self._name_users(query, candidates.results))
        return candidates.name_users[0]

    def _name_users(self, query: Query, results: list[SearchResult]) -> tuple[str, list[SearchResult]] | None:
        """The rare names a list question turns on, as written, and every paper that uses them,
        when the names are most of what it asks (IDF-weighted); None when it asks about more."""
        topic = query.topic or query.text
        statistics = self.term_statistics()
        names = rare_name_words(topic, statistics)
        # a part of a longer name asked ("7B" of "Mistral-7B"), never written alone, is no name
        # of its own: its users are not the longer name's
        names = {
            word: stems
            for word, stems in names.items()
            if not any(stems < other for other in names.values())
            or re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", topic)
        }
        # "LM-based recommenders", "LLM-powered agents": a name that qualifies the thing asked for
        # is not what the list turns on; the thing is
        names = {
            word: stems
            for word, stems in names.items()
            if not (
                re.fullmatch(r".+-[a-z]+ed", word)
                and (following := re.search(rf"(?<![\w-]){re.escape(word)}\s+([\w-]+)", topic))
                and content_stems(following[1])
            )
        }
        # "Qwen-family models", "DPO-style": an everyday word joined to a name says what kind of
        # thing the name is, not a part of it
        kinds = frozenset(
            stem
            for word in names
            for part in word.split("-")[1:]
            if part.islower() and common(part)
            for stem in content_stems(part)
        )
        names = {word: stems - kinds if stems - kinds else stems for word, stems in names.items()}
        if not names:
            return None
        # (an aside in brackets says how the names are used, "(as the subject, a baseline or a
        # judge)", not more that the papers must be about)
        aside = re.sub(r"\([^()]*\)", " ", topic)
        asked = aside if all(word in aside for word in names) else topic
        weights = {
            s: statistics.idf(s)
            for s in dict.fromkeys(content_stems(asked))
            if s in statistics.frequency and s not in _REPORTING and s not in kinds
        }
        named = frozenset().union(*names.values())
        if sum(w for s, w in weights.items() if s in named) < _NAME_SHARE * sum(weights.values()):
            return None
        # A name written with its version stands for that version only ("LLaMA-2" is not Llama 3;
        # its users write "LLaMA2-13b" or "Llama 2 (7B)"), ...
        versioned: dict[str, tuple[str, str]] = {}
        for word in names:
            # ("Llama 2" apart; not "AlpacaEval 2.0", whose users may write it without its number)
            spaced = re.search(rf"(?<![\w-]){re.escape(word)} (\d+)(?![\w.-])", topic)
            if (whole := _VERSIONED.fullmatch(word)) is not None:
                versioned[word] = (whole[1], whole[2])
            elif spaced is not None and word.isalpha():
                versioned[word] = (word, spaced[1])
        # ... and a name without one stands for its numbered versions too ("Qwen": Qwen2, Qwen2.5)
        unversioned = frozenset().union(
            *(stems for word, stems in names.items() if not re.search(r"\d", word) and word not in versioned)
        )
        versions = {
            stem: _versions(stem, statistics) if stem in unversioned else frozenset() for stem in named
        }
        searched = " ".join(
            [
                *names,
                *(v for members in versions.values() for v in sorted(members)),
                *(f"{family}{version}" for family, version in versioned.values()),
            ]
        )
        found = {r.paper.id: r for r in results}
        for r in self._retriever.search(" ".join(names), k=2 * self._policy.list_max):
            found.setdefault(r.paper.id, r)
        papers = self._retriever.papers()
        for paper_id in self._retriever.lexical(searched, k=2 * self._policy.list_max):
            if paper_id in papers:
                found.setdefault(paper_id, SearchResult(papers[paper_id], 0.0))

        def uses(stems: frozenset[str], have: frozenset[str]) -> bool:
            return all(stem in have or versions[stem] & have for stem in stems)

        def holds(word: str, stems: frozenset[str], paper: Paper) -> bool:
            text = f"{paper.title}. {paper.abstract}"
            if word in versioned:
                return _writes_name(" ".join(versioned[word]), text, exact=True)
            parts = word.split("-")
            if len(parts) > 1 and not any(set(content_stems(part)) <= kinds for part in parts):
                # a name of joined words is those words joined ("PKU-Alignment", not the
                # "PKU-Baichuan" of a paper on "alignment")
                return _writes_name(word, text, exact=True) and uses(stems, statistics.stems_of(paper))
            return uses(stems, statistics.stems_of(paper))

        holding = [
            r for r in found.values() if any(holds(word, stems, r.paper) for word, stems in names.items())
        ]
        return " ".join(names), holding

    def _with_code(self, query: Query, history: Sequence[Turn]) -> Answer:
        """ "Which papers release their code?": the papers whose abstracts give a code address,
        each with the sentence that gives it; of a topic ("RLHF papers with code"), or of the
        set a thread gave ("which of those release code?"), those of them that do. Newest first
        when nothing else orders them."""
        papers = self._retriever.papers()
        if query.subject:
            listed = query.subject  # "more": the rest the list held back, in its order
        elif query.among or content_stems(query.topic):
            # the papers the list (or the thread's set) gives, those of them with code kept
            plain = dataclasses.replace(query, with_code=False)
            listed = query.among or self._listed_ids(self._answer(plain, history))
        else:
            listed = tuple(papers)
        coded = [papers[i] for i in listed if i in papers and code_links(papers[i].abstract)]
        if not (query.subject or query.among or content_stems(query.topic)):
            coded.sort(key=lambda p: p.title)
            coded.sort(key=lambda p: p.date or "", reverse=True)  # newest first, the undated last
        if not coded:
            related = [papers[i] for i in listed[:3] if i in papers]
            return refusal(query.text, related, list(listed), "no paper it lists gives a code address")
        shown = coded[: self._policy.list_max]
        rows = tuple(Row(p, _quoted(_code_sentence(p.abstract), _ROW_CHARS)) for p in shown)
        rest = tuple(p.id for p in coded[len(shown) :])
        return _cited(query, Listing(rows), shown, [p.id for p in coded], more=rest)

    @staticmethod
    def _listed_ids(answer: Answer) -> tuple[str, ...]:
        """The papers an answer listed, those held back for "more" too."""
        return (*(c.paper.id for c in answer.citations), *answer.more) if answer.grounded else ()

    def _listing(
        self,
        query: Query,
        qualifying: list[SearchResult],
        results: list[SearchResult],
        shown_at_most: int | None = None,
        left_out: int = 0,
    ) -> Answer:
        """The qualifying papers as a list, each with its best sentence; past `list_max` (or the
        number asked for), the rest wait for "more". `left_out`: how many papers about what the
        question leaves out (`Query.without`) it lost."""
        shown = qualifying[: shown_at_most or self._policy.list_max]
        sentences = {p.id: s for (p, s), _ in self._sentences(query.text, shown, 1)}
        rows = tuple(
            Row(r.paper, _quoted(sentences.get(r.paper.id) or _first_sentence(r.paper.abstract), _ROW_CHARS))
            for r in shown
        )
        rest = tuple(r.paper.id for r in qualifying[len(shown) :])
        papers = [row.paper for row in rows]
        listing = Listing(rows, query.without, left_out, query.without_mentioned)
        return _cited(query, listing, papers, [r.paper.id for r in results], more=rest)

    # ---- metadata -----------------------------------------------------------------------------

    def _similar(self, query: Query) -> Answer:
        """The papers nearest the one the turn names or points at, each cited; when the paper was
        described ("the alignment faking paper") and the match is unsure, the other candidates
        are offered too, as an unsure lookup offers them."""
        papers = self._retriever.papers()
        anchor_id = next(iter(query.subject or query.named), None)
        paper = papers.get(anchor_id) if anchor_id else None
        others: list[Paper] = []
        if paper is None:
            if self.finds_nothing(query.topic):
                closest = [r.paper for r in self._retriever.search(query.topic, k=3)]
                return refusal(query.text, closest, [], f"no paper matches “{query.topic}”")
            paper = self._resolve(query.topic)
            found = self._retriever.search(query.topic, k=3)
            sure = bool(found) and (
                found[0].score >= self._policy.sure_share
                or fuzz.token_sort_ratio(query.topic.lower(), found[0].paper.title.lower()) >= 90
            )
            others = [] if sure else [r.paper for r in found if paper is None or r.paper.id != paper.id][:2]
        if paper is None:
            return refusal(query.text, [], [], "no candidates")
        neighbours = neighbours_of(self._retriever, paper, _SIMILAR_SHOWN)
        cited = [n.paper for n in neighbours]
        cited += [p for p in others if p.id not in {c.id for c in cited}]
        return Answer(
            query.text,
            Neighbours(paper, neighbours, tuple(p for p in others if p in cited)),
            _numbered(cited),
            True,
            (paper.id, *(p.id for p in cited)),
        )

    def _resolve_pair(self, about: Sequence[str]) -> list[Paper | None]:
        """The two papers a comparison names, split where the words of each side are best held by
        the title of the paper it resolves to: "the Helping or Herding paper or Two Minds Better
        Than One" splits at its second "or", a title's own "or" joining no two sides."""
        if len(about) != 2:
            return [self._resolve(side) for side in about]
        joined = f"{about[0]} or {about[1]}"
        cuts = list(re.finditer(r"\s+or\s+", joined))
        best: tuple[float, list[Paper | None]] | None = None
        for cut in cuts:
            sides = [joined[: cut.start()], joined[cut.end() :]]
            pair = [self._resolve(side) for side in sides]
            held = sum(
                _title_holds(side, paper) if paper is not None else -1.0
                for side, paper in zip(sides, pair, strict=True)
            )
            if pair[0] is not None and pair[0] == pair[1]:
                held -= 1.0
            if best is None or held > best[0] + 1e-9:
                best = (held, pair)
            if len(cuts) == 1:
                break
        return best[1] if best else [self._resolve(side) for side in about]

    def _resolve(self, text: str, exclude: Sequence[str] = ()) -> Paper | None:
        """The paper a phrase names ("MM-RLHF", "the alignment faking paper"): a name it defines,
        else the best candidate whose title holds all the phrase's words, else the best one."""
        if not re.search(r"\w", text):
            return None  # (an organisation's name cut from it left no words: "the week OpenRubrics …")
        papers = self._retriever.papers()
        named = [i for i in self._retriever.named(text) if i in papers and i not in exclude]
        if named:
            return None if _other_part(text, papers[named[0]].title) else papers[named[0]]
        if (maker := organisation_named(text, self._retriever.organisations())) and not content_stems(
            text.lower().replace(maker[1], " ")
        ):
            # "the TIGER-Lab paper": the one paper credited to it
            credited = [
                p for p in self._retriever.sorted_papers().credited_to(maker[0]) if p.id not in exclude
            ]
            if len(credited) == 1:
                return credited[0]
        results = [r for r in self._retriever.search(text, k=5) if r.paper.id not in exclude]
        asked = set(content_stems(text)) - {"paper", "one"}
        titled = [r for r in results if asked and asked <= set(content_stems(r.paper.title))]
        # Several titles hold the words: the one that holds them as written comes first.
        titled.sort(key=lambda r: -fuzz.partial_ratio(text.lower(), r.paper.title.lower()))
        if not titled and results:
            # A description that quotes phrases of one title ("the survey that covers safety
            # mechanisms and training paradigms"): that title, over the search's first.
            phrased = [shared_phrases(text, r.paper.title) for r in results]
            best = max(phrased)
            if best >= _TITLE_PHRASES and phrased.count(best) == 1:
                titled = [results[phrased.index(best)]]
        chosen = titled or results
        if not chosen or _other_part(text, chosen[0].paper.title):
            return None  # none, or Part I for "Secrets of RLHF Part II"
        return chosen[0].paper

    def _names_surely(self, text: str, paper: Paper) -> bool:
        """Whether `text` names `paper` surely: a name it goes by, or every word of it in its title."""
        if paper.id in self._retriever.named(text):
            return True
        # ... or a phrase of its title, of two words at least ("generation" names no paper)
        asked = set(content_stems(text)) - {"paper", "one", "work", "study", "report", "preprint"}
        left = asked - set(content_stems(paper.title))
        if len(asked) < 2 or not left:
            return len(asked) >= 2
        # ... with an acronym for title words it spells ("… for Aligning LLMs" for "Large
        # Language Models"); an English word ("arm") is a word, not initials
        spelled = {
            stemmed
            for word in re.findall(r"[A-Za-z][A-Za-z0-9]+", text)
            if not common(word.lower()) and writes_acronym(paper.title, word)
            for stemmed in content_stems(word)
        }
        return left <= spelled

    def _answer_metadata(self, query: Query, meta: MetadataQuery) -> Answer:
        papers = list(self._retriever.papers().values())
        if (
            meta.sort
            and len(meta.about) >= 2
            and not (meta.fact or meta.compare or meta.same_day or query.among)
        ):
            # "A vs B vs C - which has the longest author list?": the papers the sides name
            # surely, sorted (a side that names none leaves the corpus sorted, as asked)
            sides = [self._resolve(side) for side in meta.about]
            surely = [
                paper
                for side, paper in zip(meta.about, sides, strict=True)
                if paper
                and (
                    self._names_surely(side, paper)
                    # ("Baichuan report": a word only its title writes, as "the Baichuan report" is)
                    or paper.id in self._retriever.named(f"the {_LEADING_THE.sub('', side)} paper")
                )
            ]
            meta = dataclasses.replace(meta, about=())
            if len(surely) == len(sides) and len({paper.id for paper in surely}) == len(surely):
                query = dataclasses.replace(query, among=tuple(paper.id for paper in surely))
        if meta.fact and meta.about:
            return self._metadata_fact(query, meta)
        if meta.compare and (len(meta.about) + len(query.subject) == 2):
            return self._metadata_compare(query, meta)
        if meta.same_day and (meta.about or query.subject):
            by_id = self._retriever.papers()
            anchor = by_id.get(query.subject[0]) if query.subject else self._resolve(meta.about[0])
            if anchor is not None and meta.same_span == "organisation":
                # "papers from the same lab as EditReward": those credited to its organisation (or
                # whose code its GitHub organisation holds: "any other paper from the same github org?")
                makers = makers_of(anchor)
                credited = self._retriever.sorted_papers().credited_to(makers[0]) if makers else []
                same = [p for p in credited if p.id != anchor.id]
                if not same:
                    return Answer(query.text, NoSameDay(anchor, "organisation"))
                return self._metadata_rows(query, meta, MetadataResult(tuple(same), 0, len(same)), None)
            if meta.same_span in COUNT_BOUNDS:
                # "which papers have more authors than URIAL?": a count above (or below) its count
                if anchor is None or not (query.subject or self._names_surely(meta.about[0], anchor)):
                    return refusal(query.text, [], [], "no paper to count from", untitled=meta.about[0])
                name, op = COUNT_BOUNDS[meta.same_span]
                field = Field(name)
                value = getattr(anchor, name)
                if value is None:
                    return Answer(query.text, NoSameDay(anchor, meta.same_span))
                counted = dataclasses.replace(
                    meta,
                    conditions=(*meta.conditions, Condition(field, op, value)),
                    same_day=False,
                    same_span="day",
                    about=(),
                    sort=meta.sort or field,
                    descending=meta.descending if meta.sort else op in ("gt", "ge"),
                )
                within = (
                    self._on_topic(meta.topic, papers, anywhere=meta.mentioned, titles_only=meta.in_title)
                    if meta.topic
                    else papers
                )
                result = run_metadata(counted, [p for p in within if p.id != anchor.id], None)
                if not result.papers:
                    return Answer(query.text, NoSameDay(anchor, meta.same_span))
                return self._metadata_rows(query, counted, result, None)
            if meta.same_span in ("after", "before", "around"):
                # "papers posted after the alignment faking paper": dated after its day (a paper
                # the question names surely, or whose title holds its words)
                if anchor is None or not (query.subject or self._names_surely(meta.about[0], anchor)):
                    asked = meta.about[0]
                    return refusal(query.text, [], [], "no paper to date from", untitled=asked)
                if not anchor.date:
                    return Answer(query.text, NoSameDay(anchor))
                bounds = _dated_from(anchor.date, meta.same_span, meta.window)
                bounded = dataclasses.replace(
                    meta, conditions=(*meta.conditions, *bounds), same_day=False, same_span="day", about=()
                )
                if meta.like_anchor:
                    # "anything newer?" after an answer about one paper: of the papers nearest it
                    near = {n.paper.id for n in neighbours_of(self._retriever, anchor, _NEAR_ANCHOR)}
                    within = [p for p in papers if p.id in near]
                elif meta.topic:
                    within = self._on_topic(
                        meta.topic, papers, anywhere=meta.mentioned, titles_only=meta.in_title
                    )
                else:
                    within = papers
                result = run_metadata(bounded, [p for p in within if p.id != anchor.id], None)
                if not result.papers:
                    near_count = _NEAR_ANCHOR if meta.like_anchor else 0
                    return Answer(query.text, NoSameDay(anchor, meta.same_span, near_count))
                # nearest its day first: "after" from the next day on, "before" back from it
                return self._metadata_rows(query, bounded, _by_date_when_dated(bounded, result), None)
            if anchor is None or not anchor.date:
                return Answer(query.text, NoSameDay(anchor))
            # the same day, or month or year ("papers from the same year as URIAL")
            span = anchor.date[: _SPAN_LENGTH.get(meta.same_span, len(anchor.date))]
            if meta.topic:
                # "was there a safety dataset paper in the same month?": of the papers on it
                papers = self._on_topic(
                    meta.topic, papers, anywhere=meta.mentioned, titles_only=meta.in_title
                )
            if meta.same_span == "week" and (week := _week_of(anchor.date)):
                # "the same week as TRACEALIGN": its calendar week, Monday to Sunday
                span, label = "week", f"the week of {week[0]} to {week[1]}"
                same = [
                    p for p in papers if p.date and week[0] <= p.date[:10] <= week[1] and p.id != anchor.id
                ]
            else:
                label = span
                same = [p for p in papers if p.date and p.date.startswith(span) and p.id != anchor.id]
            if not same:
                return Answer(query.text, NoSameDay(anchor, span))
            return self._metadata_rows(query, meta, MetadataResult(tuple(same), 0, len(same)), label)
        extreme = None
        nearest: tuple[Paper, ...] = ()
        if query.among:
            # "which of those are from 2024?": the thread's set, filtered and sorted.
            by_id = self._retriever.papers()
            chosen = [by_id[i] for i in query.among if i in by_id]
            result = run_metadata(meta, chosen, None)
            if not (meta.measure or meta.group):
                # ("how many are there?" of a list counts all of it: no "Of the N papers above")
                whole = meta.count and not (meta.conditions or meta.organisation or meta.has_organisation)
                # (papers the turn itself names are no set shown "above")
                shown_before = query.follow_up and not whole
                return self._metadata_rows(query, meta, result, None, len(chosen) if shown_before else 0)
        elif meta.topic:
            on_topic = self._on_topic(meta.topic, papers, anywhere=meta.mentioned, titles_only=meta.in_title)
            result = run_metadata(meta, on_topic, None)
            measured = meta.measured.value if meta.measured else None
            unmeasured = measured is not None and all(getattr(p, measured) is None for p in result.papers)
            if (not result.papers or unmeasured) and not (meta.mentioned or meta.in_title):
                # "the most upvoted paper about DPO": no title says DPO with upvotes listed, so
                # the abstracts that use it are what the topic holds (so for "the total upvotes
                # of the papers about DPO").
                result = run_metadata(meta, self._on_topic(meta.topic, papers, anywhere=True), None)
        else:
            ordered = self._retriever.sorted_papers()
            if (meta.measure or meta.group) and ordered.whole(meta):
                return self._metadata_figure(query, meta, papers, 0, ordered)  # read off the index
            result = run_metadata(meta, papers, ordered)
            result = _by_date_when_dated(meta, result)
            if query.exclude:
                # "any other single-author papers?" after an answer about one: besides it
                kept = tuple(p for p in result.papers if p.id not in query.exclude)
                result = dataclasses.replace(result, papers=kept)
            if not result.papers and not (
                meta.organisation or meta.has_organisation or meta.measure or meta.group
            ):
                extreme = self._unmet_bound(meta, papers, ordered)
                nearest = _nearest_dated(meta, papers)
        if meta.measure or meta.group:
            undated = result.missing if result.missing_fields == (Field.DATE,) else 0
            return self._metadata_figure(query, meta, result.papers, undated)
        if query.wants and len(result.papers) == 1 and not meta.count:
            # "I need to cite the reward model paper from TIGER-Lab": one paper, its card.
            paper = result.papers[0]
            card = Card(paper, bibtex(paper), (), query.wants, abstract_links(paper.abstract))
            return _cited(query, card, [paper], [paper.id])
        return self._metadata_rows(query, meta, result, None, extreme=extreme, nearest=nearest)

    def _unmet_bound(
        self, meta: MetadataQuery, papers: list[Paper], ordered: SortedPapers
    ) -> tuple[Field, bool, int | str, bool] | None:
        """For a filter that matched nothing through its one bound on a field ("more than 100
        upvotes"), the highest (or, for an upper bound, the lowest) value of that field among
        the papers its other conditions keep: what the corpus has instead ("the most any paper
        has is 7")."""
        bounds = [c for c in meta.conditions if c.op in ("gt", "ge", "lt", "le")]
        if len(bounds) != 1:
            return None
        bound = bounds[0]
        highest = bound.op in ("gt", "ge")
        others = tuple(c for c in meta.conditions if c is not bound)
        probe = MetadataQuery(
            conditions=others,
            sort=bound.field,
            descending=highest,
            single=True,
            capture_year=meta.capture_year,
        )
        found = run_metadata(probe, papers, ordered).papers
        if not found:
            return None
        return bound.field, highest, getattr(found[0], bound.field.value), bool(others)

    def _on_topic(
        self, topic: str, papers: list[Paper], anywhere: bool = False, titles_only: bool = False
    ) -> list[Paper]:
        """Papers about any of the topic's alternatives ("survey | review"): every term of one in
        the title, else in the abstract (`titles_only`: the title only, as "papers with RLHF in
        the title" asks). Words no paper uses (a typo) do not narrow anything."""
        if "&" in topic and not titles_only:
            # "surveys on LLM alignment": the papers of each part at once
            parts = [{p.id for p in self._on_topic(part, papers, anywhere)} for part in topic.split("&")]
            return [p for p in papers if all(p.id in part for part in parts)]
        statistics = self.term_statistics()
        if titles_only:
            wanted = [set(content_stems(alternative)) for alternative in topic.split("|")]
            return [
                p for p in papers if any(stems and stems <= set(content_stems(p.title)) for stems in wanted)
            ]
        kept: set[str] = set()
        narrowed = False
        # ("literature-review paper": a review, and a survey is one)
        alternatives = [
            kind
            for alternative in topic.split("|")
            for kind in (
                ("survey", "review") if _REVIEW_KIND.fullmatch(alternative.strip()) else (alternative,)
            )
        ]
        for alternative in dict.fromkeys(alternatives):
            stems = {stem for stem in content_stems(alternative) if stem in statistics.frequency}
            if not stems:
                continue
            narrowed = True
            # A title need only hold the telling terms: "diffusion" of "diffusion model", since
            # nearly every abstract says "model" (the rest is asked of the whole text).
            common = {s for s in stems if statistics.frequency[s] > _COMMON_TERM_SHARE * statistics.papers}
            if common == stems:
                # The corpus's own subject ("which alignment papers have more than 20 authors?"
                # over a reading list on alignment) narrows to the papers that use its words, not
                # to those a list of it would rank first.
                kept |= {p.id for p in papers if stems <= statistics.stems_of(p)}
                continue
            telling = stems - common
            in_title = set() if anywhere else self._retriever.titled_with(telling)  # an index lookup
            if telling != stems:
                by_id = self._retriever.papers()
                in_title = {i for i in in_title if i in by_id and stems <= statistics.stems_of(by_id[i])}
            if in_title:
                # Titles say what a paper is; so does an abstract that calls itself one ("This
                # survey provides ...", "In our review").
                in_title |= {
                    p.id for p in papers if stems <= statistics.stems_of(p) and _calls_itself(p, stems)
                }
            if anywhere or names_a_kind(alternative):
                kept |= in_title or {p.id for p in papers if stems <= statistics.stems_of(p)}
            else:
                # With the titles that say it, the papers a list of the topic would show (by
                # relevance and the list model's cut: "Unified Reward Model for Multimodal
                # Understanding and Generation" is about aligning video generators too), not
                # every abstract that happens to use the words.
                kept |= in_title | self._members(alternative)
        if not narrowed:
            return papers
        return [p for p in papers if p.id in kept]

    def _members(self, topic: str) -> set[str]:
        """The papers a list question about `topic` would show as members (its first one only when
        the list model holds it one too: a topic no paper is about has none)."""
        query = Query(topic, Route.LIST, topic)
        candidates = self.assess(query)
        cut = self._policy.list_member.cut
        return {r.paper.id for r, p in self._memberships(query, candidates) if p >= cut}

    def _metadata_rows(
        self,
        query: Query,
        meta: MetadataQuery,
        result: MetadataResult,
        dated: str | None,
        among: int = 0,
        extreme: tuple[Field, bool, int | str, bool] | None = None,
        nearest: tuple[Paper, ...] = (),
    ) -> Answer:
        matches = list(result.papers)
        # A page of 10, the rest on "more"; but a listing only a few papers longer is shown whole
        # ("how many papers have more than 15 authors, and which are they?": 13, not 10 and 3 more).
        limit = len(matches) if len(matches) <= _METADATA_WHOLE else _METADATA_PAGE
        listed = bool(matches) and not (meta.count and not meta.listing)
        shown = tuple(matches[:limit]) if listed else ()
        maker = meta.organisation
        uncredited = None
        if maker and not matches and maker not in self._retriever.organisations():
            written = re.search(re.escape(maker), query.text, re.I)  # as the user spelt it
            uncredited = written.group(0) if written else maker
        part = Matches(
            shown,
            len(matches),
            meta.count,
            meta.listing,
            result.missing,
            result.missing_fields,
            dated,
            meta.period,
            among,
            uncredited,
            unknown=bool(result.missing) and result.missing == result.total,
            extreme=extreme,
            nearest=nearest,
        )
        if not shown:
            # "0 papers" answers a count; "no paper matches" says the corpus has none to show.
            # The counted papers wait for "more" ("show them") and for the thread's "which of
            # those …?", as a list's held-back papers do.
            return Answer(
                query.text, part, grounded=meta.count or bool(matches), more=tuple(p.id for p in matches)
            )
        # The rest wait for "more", as a list's do.
        rest = tuple(p.id for p in matches[len(shown) :])
        return _cited(query, part, shown, [p.id for p in matches], more=rest)

    def _metadata_figure(
        self,
        query: Query,
        meta: MetadataQuery,
        selected: Sequence[Paper],
        undated: int,
        ordered: SortedPapers | None = None,
    ) -> Answer:
        """A figure over the selected papers ("the average number of authors") or their count by
        a field ("which month had the most papers"): the papers it is computed from are cited
        when they are few enough to read, else none (the figure stands alone). `undated` papers
        were left out of `selected` by a date condition for lacking a date: a count by date
        says so too."""
        part: FieldStatistic | GroupCount
        if meta.group:
            part = count_by(meta, selected, ordered)
            if meta.group is not Grouping.ORGANISATION:
                part = dataclasses.replace(part, missing=part.missing + undated)
            over = [paper for _, members in part.groups for paper in members]
        else:
            part = statistic_of(meta, selected, ordered)
            over = list(part.papers)
        # (a count per group is a table of figures: its lines cite no paper, unless the papers
        # are few enough to name on them: "papers per organisation" of four papers)
        every = isinstance(part, GroupCount) and part.every
        cited = over if len(over) <= (_GROUPED_WHOLE if every else _METADATA_WHOLE) else []
        # A figure over no paper at all ("the average upvotes of 2019 papers") is not grounded.
        return Answer(query.text, part, _numbered(cited), bool(selected), tuple(p.id for p in over))

    def _thread_kind(self, query: Query, history: Sequence[Turn]) -> Paper | None:
        """The thread's latest paper of the kind a fact's paper is called by ("the survey", "that
        benchmark paper"), when the turn names it by that kind alone; None otherwise."""
        meta = query.metadata
        if meta is None or not meta.fact or len(meta.about) != 1 or query.subject or query.among:
            return None
        called = _BY_KIND.fullmatch(meta.about[0].strip(" ?.!,"))
        if called is None:
            return None
        noun = called.group(1).lower().rstrip("s")
        papers = self._retriever.papers()
        for turn in reversed(history):
            for pid in turn.cited:
                if (paper := papers.get(pid)) is not None and re.search(rf"\b{noun}", paper.title, re.I):
                    return paper
        return None

    def _metadata_fact(self, query: Query, meta: MetadataQuery) -> Answer:
        papers = self._retriever.papers()
        if query.subject:
            paper = papers.get(query.subject[0])
        elif query.among:
            # "the one covering legal reasoning": the paper of the set the words fit best
            ranked = [
                r.paper.id for r in self._retriever.search(query.text, k=50) if r.paper.id in query.among
            ]
            paper = papers.get((ranked or list(query.among))[0])
        elif meta.organisation:
            # "how many upvotes does the TIGER-Lab paper have?": of the papers credited to it,
            # the one the rest of the words name (the only one, when they name nothing else)
            credited = {p.id for p in self._retriever.sorted_papers().credited_to(meta.organisation)}
            paper = (
                papers[next(iter(credited))]
                if len(credited) == 1
                else self._resolve(meta.about[0], exclude=[i for i in papers if i not in credited])
                if credited
                else None
            )
        else:
            paper = self._resolve(meta.about[0])
        assert meta.fact is not None
        if paper is None:
            return refusal(query.text, [], [], "no paper matches")
        also = tuple((name, paper.fact(name)) for name in meta.also)
        if (
            meta.fact in (Field.AUTHOR_NAMES, Field.AUTHORS)
            and not also
            and paper.fact(meta.fact) is None
            and paper.organisation
        ):
            # "who is behind The Alignment Waltz?", "how many authors does EditReward have?" of a
            # paper whose listing gives a lab, not people
            also = ((Field.ORGANISATION, paper.organisation), (meta.fact, None))
        checked = checks(paper, meta.conditions) if meta.conditions else None
        unasked = [c.field for c in meta.conditions if c.field not in (meta.fact, *meta.also)]
        if checked is not None and unasked:
            # "it came out in 2024, right? and how many upvotes?": the field checked is given
            # beside the one asked ("No: … dated 2025-06-16; 2 upvotes")
            fields = (
                *dict.fromkeys(unasked),
                meta.fact,
                *(name for name, _ in also if name is not meta.fact),
            )
            also = tuple((name, paper.fact(name)) for name in dict.fromkeys(fields))
        fact = Fact(paper, meta.fact, paper.fact(meta.fact), also, checked)
        if also and any(value is not None for _, value in also):
            # "posting date and number of authors?": answered by whichever of them it gives
            return Answer(query.text, fact, _numbered([paper]), True, (paper.id,))
        if fact.value is None and meta.fact is Field.AUTHOR_NAMES:
            # "who wrote X?", "who wrote it?": the listing counts its authors (said, with the
            # paper cited, in a thread too) but names none, so what was asked is not in the corpus.
            return Answer(
                query.text, fact, _numbered([paper]), False, (paper.id,), ("author names not listed",)
            )
        if fact.value is None and query.subject:
            # "how many authors does it have?" of the thread's paper, whose listing gives none:
            # not grounded (the corpus does not say), the paper it was asked of still cited, as a
            # named paper's is ("wait which year" keeps the thread on it).
            return Answer(
                query.text, fact, _numbered([paper]), False, (paper.id,), ("field not in the listing",)
            )
        return Answer(query.text, fact, _numbered([paper]), True, (paper.id,))

    def _metadata_compare(self, query: Query, meta: MetadataQuery) -> Answer:
        assert meta.compare is not None
        known = self._retriever.papers()
        # the thread's two papers ("which one has more upvotes?"), else the two the turn names
        if query.subject and len(query.subject) == 1 and meta.about:
            # the thread's paper against the one the turn describes ("was it before the X paper?")
            pair = [known.get(query.subject[0]), self._resolve(meta.about[0], exclude=query.subject)]
        elif query.subject:
            pair = [known.get(i) for i in query.subject]
        else:
            pair = self._resolve_pair(meta.about)
        if (
            (any(p is None for p in pair) or pair[0] == pair[1])
            and len(query.named) == 2
            and not query.subject
        ):
            # "EditReward or OpenRubrics: which got more upvotes?": the two papers the turn names
            # by name, whatever its words were split into ("OpenRubrics" is also an organisation)
            pair = [known.get(i) for i in query.named]
        if any(p is None for p in pair) or pair[0] == pair[1]:
            return refusal(query.text, [], [], "could not resolve both papers")
        first, second = pair[0], pair[1]
        assert first is not None and second is not None
        sources = (first.id, second.id)
        a, b = first.fact(meta.compare), second.fact(meta.compare)
        if a is None or b is None:
            # the paper whose listing lacks it first, then the other (with its value, if any)
            unknown, other = (first, second) if a is None else (second, first)
            part = FactComparison(meta.compare, unknown, other, unknown=unknown)
            # (the paper whose listing gives it first: what the answer can say)
            known_other = other.fact(meta.compare) is not None
            cited = [other, unknown] if known_other else [unknown, other]
            # (neither listing giving it is no answer at all, which `grounded` says; one that does
            # is said of each)
            return Answer(query.text, part, _numbered(cited), known_other, sources)
        if meta.arithmetic:
            part = FactComparison(meta.compare, first, second, arithmetic=meta.arithmetic)
        elif a == b:
            part = FactComparison(meta.compare, first, second, tied=True)
        elif meta.compare is Field.DATE and not re.search(r"^\W*what\b|\b(?:which|who)\b", query.text, re.I):
            # "was X posted before or after Y?": said of X, whichever came first ("which came
            # first, X or Y?" and "X or Y - which came out first?" name the one that did first)
            part = FactComparison(meta.compare, first, second)
        else:
            winner, loser = (first, second) if _exceeds(a, b) == meta.descending else (second, first)
            part = FactComparison(meta.compare, winner, loser)
        return Answer(query.text, part, _numbered([part.first, part.second]), True, sources)


def _title_holds(side: str, paper: Paper) -> float:
    """The share of a side's content words that the paper's title (or its names) holds."""
    stems = set(content_stems(side)) - {"paper", "one"}
    if not stems:
        return 0.0
    have = set(content_stems(f"{paper.title} {' '.join(name for name, _ in paper.names)}"))
    return len(stems & have) / len(stems)


# A message's first part, set off from the rest by "??", "--", " - " or a colon: where a title
# written from memory stands ("of mice and tin men?? the behavioural economics alignment paper").
_LEAD = re.compile(
    r"^\W*(?P<lead>[^?!:;]+?)\s*(?:\?{2,}|\?!|!{2,}|\s--?\s|\u2013|\u2014|:)\s*(?P<rest>\S.*)$"
)
_LEAD_WORDS = (3, 16)  # a lead's words, fewest and most


# A paper called by its kind alone: "the survey", "that benchmark paper", "the dataset one".
_BY_KIND = re.compile(
    r"(?:the|that|this)\s+(survey|review|benchmark|dataset|report|position\s+paper)(?:\s+(?:paper|one))?",
    re.I,
)


def _title_lead(text: str) -> str | None:
    """The part a message leads with, when it could be a title written loosely, or None."""
    match = _LEAD.match(text)
    if match is None:
        return None
    lead = match.group("lead").strip()
    return lead if _LEAD_WORDS[0] <= len(lead.split()) <= _LEAD_WORDS[1] else None


def _without_ids(text: str) -> str:
    """`text` without the arXiv ids and paper addresses it gives."""
    words = re.sub(r"\S*(?:arxiv\.org|huggingface\.co|arxiv:)\S*", " ", text, flags=re.I)
    # ("arxiv 2310.00426 -- that's the PixArt-alpha one?": the word that says what the id is)
    words = re.sub(r"\barxiv(?:\s+(?:id|number|no\.?))?\s+(?=\d{4}\.\d{4,5})", " ", words, flags=re.I)
    return " ".join(ARXIV_ID_IN_TEXT.sub(" ", words).split())


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text))


def _spelled_alike(stem: str, have: frozenset[str]) -> bool:
    """Whether a long name's stem is one edit from a stem the paper has: the same name spelled
    otherwise by the user or by the source ("OpenEvolve" where an abstract wrote "penEvolve")."""
    if len(stem) >= _SWAPPED_ALIKE and any(_swapped(stem, held) for held in have if len(held) == len(stem)):
        return True  # "pixart alpah": two letters typed the other way round
    if len(stem) < _SPELLED_ALIKE:
        return False
    return any(
        abs(len(held) - len(stem)) <= 1 and Levenshtein.distance(stem, held, score_cutoff=1) <= 1
        for held in have
    )


def _swapped(word: str, other: str) -> bool:
    """Whether `other` is `word` with two letters side by side swapped ("alpah", "alpha")."""
    differ = [n for n, (a, b) in enumerate(zip(word, other, strict=True)) if a != b]
    return (
        len(differ) == 2
        and differ[1] == differ[0] + 1
        and word[differ[0]] == other[differ[1]]
        and word[differ[1]] == other[differ[0]]
    )


def _stating_absence(question: str, papers: Sequence[Paper]) -> set[str]:
    """The papers whose title or abstract says they do without what the question asks to be
    absent ("don't need a reference model": "... without Reference", "reference-free"), or none
    when it asks nothing absent, or no paper says so."""
    absent = _ABSENT.search(question)
    if absent is None or absent.group(1).lower() in _VAGUE_ABSENT:
        return set()
    said = re.compile(_SAYS_ABSENT.format(re.escape(stem(absent.group(1).lower()))), re.I)
    return {paper.id for paper in papers if said.search(f"{paper.title}. {paper.abstract}")}


_ROUNDED = re.compile(r"(\d+(?:\.\d+)?)\s*([kKmMbB])")
_SCALE = {"k": 1e3, "m": 1e6, "b": 1e9}
_NUMBER_WRITTEN = re.compile(r"\d[\d,]*(?:\.\d+)?")
# A number written with the word of its scale: "13 billion", "1.5 million", "25 thousand".
_NUMBER_IN_WORDS = re.compile(r"(\d+(?:\.\d+)?)[\s-]*(thousand|million|billion)\b", re.I)
_SCALE_WORDS = {"thousand": 1e3, "million": 1e6, "billion": 1e9}


def _rounded_from(term: str, written: str) -> bool:
    """Whether `term` is a number rounded to thousands, millions or billions ("1.3k", "25K",
    "2M", "13B") that `written` gives in full ("1317", "25,000", "13 billion"), to the digits the
    term shows."""
    match = _ROUNDED.fullmatch(term)
    if match is None:
        return False
    digits = match.group(1)
    value = float(digits) * _SCALE[match.group(2).lower()]
    step = _SCALE[match.group(2).lower()] * (10 ** -len(digits.split(".")[1]) if "." in digits else 1)
    numbers = [float(number.replace(",", "")) for number in _NUMBER_WRITTEN.findall(written)]
    # ... or in words ("13B" of "even at 13 billion parameters")
    numbers += [float(n) * _SCALE_WORDS[scale.lower()] for n, scale in _NUMBER_IN_WORDS.findall(written)]
    return any(abs(number - value) <= step / 2 for number in numbers)


def _words_of_title(asked: str, title: str) -> bool:
    """Whether the asked words that say what the paper is about (two or more) are all words of
    `title`, misspellings, plurals and dropped apostrophes allowed: a partial title, not a
    description. A long stretch may have one word the title spells otherwise ("LMs"). Initials of
    the title's words count as its words ("VPL", "RLHF" of "… Human Feedback with Variational
    Preference Learning"), unless they are an English word."""
    wanted = [
        w for w in re.findall(r"[a-z0-9]+", asked.replace("'", "")) if w not in FUNCTION_WORDS and len(w) > 1
    ]
    have = re.findall(r"[a-z0-9]+", title.replace("'", ""))
    found = sum(
        any(w == t or (min(len(w), len(t)) >= 4 and fuzz.ratio(w, t) >= _NEAR_EXACT_TITLE) for t in have)
        or (len(w) >= 3 and not common(w) and writes_acronym(title, w))
        for w in wanted
    )
    return len(wanted) >= 2 and found >= len(wanted) - (1 if len(wanted) >= _TITLE_STRETCH_SLACK else 0)


def _numbered(papers: Sequence[Paper], snippets: Mapping[int, str] | None = None) -> tuple[Citation, ...]:
    """The citation contract for a composed answer: its papers numbered [1..k] in the order the
    answer names them, each with its snippet (the title unless given)."""
    return tuple(Citation(n, p, (snippets or {}).get(n, p.title)) for n, p in enumerate(papers, 1))


def _cited(
    query: Query,
    part: Card | Cards | Comparison | Listing | Matches,
    papers: Sequence[Paper],
    sources: Sequence[str],
    more: tuple[str, ...] = (),
) -> Answer:
    """A grounded answer citing `papers` in order (titles as snippets)."""
    return Answer(query.text, part, _numbered(papers), True, tuple(sources), (), more)


def _nearest_dated(meta: MetadataQuery, papers: Sequence[Paper]) -> tuple[Paper, ...]:
    """For "papers from August 5" when none is: the paper dated last before that day (month,
    year) and the one dated first after it; () for any other filter."""
    if len(meta.conditions) != 1 or meta.topic or meta.count:
        return ()
    (condition,) = meta.conditions
    if condition.field is not Field.DATE or condition.op != "in":
        return ()
    span = str(condition.value)
    dated = [(p.date, p) for p in papers if p.date]
    before = max(((d, p) for d, p in dated if d < span), key=lambda item: item[0], default=None)
    after = min(
        ((d, p) for d, p in dated if d > span and not d.startswith(span)),
        key=lambda item: item[0],
        default=None,
    )
    return tuple(item[1] for item in (before, after) if item is not None)


def _code_sentence(abstract: str) -> str:
    """The abstract's sentence that gives its code address."""
    link = code_links(abstract)[0]
    sentence = next((s for s in _SENTENCE_END.split(abstract) if link in s), link)
    # ("… training.We release our code at …": a stop the source left unspaced ends a sentence too)
    stops = list(re.finditer(r"[.!?](?=[A-Z])", sentence[: sentence.index(link)]))
    return sentence[stops[-1].end() :] if stops else sentence


def _by_date_when_dated(meta: MetadataQuery, result: MetadataResult) -> MetadataResult:
    """A filter on dates with no order asked ("papers from 2024", "posted before June") lists its
    papers by date: oldest first, or nearest the bound first when the only bounds are upper
    ones ("before June 2025")."""
    dated = [c for c in meta.conditions if c.field is Field.DATE and c.op not in ("missing", "present")]
    if meta.sort is not None or not dated or len(result.papers) < 2:
        return result
    newest_first = all(c.op in ("lt", "le") for c in dated)
    ordered = sorted(result.papers, key=lambda p: p.date or "", reverse=newest_first)
    return dataclasses.replace(result, papers=tuple(ordered))


def _exceeds(a: int | str, b: int | str) -> bool:
    """Two values of one fact: counts compare as numbers, dates (ISO) and names as text."""
    if isinstance(a, int) and isinstance(b, int):
        return a > b
    return str(a) > str(b)


def _role_bonus(paper: Paper, sentence: str) -> float:
    if _AVAILABILITY.search(sentence):
        return -0.3
    bonus = 0.0
    if _METHOD.search(sentence):
        bonus += 0.06
    if _RESULT.search(sentence):
        bonus += 0.03
    if _BACKGROUND.search(sentence.strip()) or paper.abstract.strip().startswith(sentence.strip()[:40]):
        bonus -= 0.06
    return bonus


_SELF = frozenset({"this", "our"})


def _calls_itself(paper: Paper, stems: set[str]) -> bool:
    """Whether the abstract names itself by one of `stems` ("This survey", "our review")."""
    words = re.findall(r"[a-z0-9]+", paper.abstract.lower())
    return any(
        word in _SELF and any(stem in stems for stem in content_stems(" ".join(words[i + 1 : i + 3])))
        for i, word in enumerate(words)
    )


def _week_of(day: str) -> tuple[str, str] | None:
    """The Monday and the Sunday of a day's calendar week (ISO dates), None for a partial date."""
    try:
        monday, sunday = calendar_week(dt.date.fromisoformat(day[:10]))
    except ValueError:
        return None
    return monday.isoformat(), sunday.isoformat()


def _dated_from(day: str, span: str, window: int | None) -> tuple[Condition, ...]:
    """The date conditions of papers posted after / before / around (`span`) a paper's day, within
    `window` days of it when given ("in the two weeks after X")."""
    if span != "around":
        bound = (Condition(Field.DATE, "gt" if span == "after" else "lt", day),)
        if window is None:
            return bound
    try:
        anchor = dt.date.fromisoformat(day[:10])
    except ValueError:
        return (Condition(Field.DATE, "gt" if span == "after" else "lt", day),)
    reach = dt.timedelta(days=window or 0)
    if span == "after":
        return (Condition(Field.DATE, "gt", day), Condition(Field.DATE, "le", (anchor + reach).isoformat()))
    if span == "before":
        return (Condition(Field.DATE, "ge", (anchor - reach).isoformat()), Condition(Field.DATE, "lt", day))
    return (
        Condition(Field.DATE, "ge", (anchor - reach).isoformat()),
        Condition(Field.DATE, "le", (anchor + reach).isoformat()),
    )


def _first_sentence(text: str) -> str:
    return _SENTENCE_END.split(text.strip(), maxsplit=1)[0]


def _next_sentence(text: str, sentence: str) -> str:
    """The sentence of `text` right after `sentence` ("" when it is the last or not in it)."""
    at = text.find(sentence)
    return (
        _first_sentence(text[at + len(sentence) :]) if at >= 0 and text[at + len(sentence) :].strip() else ""
    )


def _trim(sentence: str, limit: int = _QUOTE_CHARS) -> str:
    if len(sentence) <= limit:
        return sentence
    return sentence[:limit].rsplit(" ", 1)[0] + "…"


def _quotes_title(asked: str, title: str) -> bool:
    """Whether a quoted phrase (lowercase) is `title` (lowercase), misspelled or partial, or in
    pieces ("strong baseline ... video text": each piece in the title)."""
    pieces = [piece for piece in re.split(r"\s*(?:\.{2,}|\u2026)\s*", asked) if piece.strip()]
    if len(pieces) > 1:
        return all(fuzz.partial_ratio(piece, title) >= _QUOTED_TITLE_MATCH for piece in pieces) and (
            _words_in_title(asked, title)
        )
    return max(
        fuzz.partial_ratio(asked, title), fuzz.token_set_ratio(asked, title)
    ) >= _QUOTED_TITLE_MATCH and _words_in_title(asked, title)


def _part_number(written: str) -> int | None:
    """The number of "Part 2", "part II", "part one"; None for none, or for a numeral that is no
    number ("part iv" is 4, "part ivx" nothing)."""
    word = written.lower()
    if word.isdigit():
        return int(word)
    if word in _PART_WORDS:
        return _PART_WORDS[word]
    values = [_ROMAN[c] for c in word]
    total = sum(-v if n + 1 < len(values) and v < values[n + 1] else v for n, v in enumerate(values))
    return total if 0 < total <= 20 else None


def _by_authors(cited: str, papers: Sequence[Paper]) -> bool:
    """Whether one of `papers` lists the first author the question cites ("Hu et al."): a store
    that `paperbot enrich` resolved to arXiv holds every author; the listings hold none."""
    surname = cited.split()[0].lower() if cited else ""
    return bool(surname) and any(
        paper.authors and paper.authors[0].lower().split()[-1:] == [surname] for paper in papers
    )


# A model of a series named by a Greek letter: "PixArt-α", "PixArt-Sigma"
_GREEK_LETTERS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "sigma": "σ", "omega": "ω",
    "lambda": "λ", "theta": "θ", "kappa": "κ",
}  # fmt: skip
_VARIANT = re.compile(
    # (as a title may write it in TeX: "PixArt-$\alpha$", "PixArt-$α$")
    r"(?<![\w-])([A-Za-z][A-Za-z0-9]+)[-\s]?\$?\\?("
    + "|".join([*_GREEK_LETTERS, *_GREEK_LETTERS.values(), "Σ", "Ω"])
    + r")\$?(?![\w-])",
    re.I,
)


def _greek(letter: str) -> str:
    """A Greek letter as its symbol, lowercase ("Sigma", "Σ" -> "σ")."""
    return _GREEK_LETTERS.get(letter.lower(), letter.lower())


def _other_part(question: str, title: str) -> str | None:
    """The title the question asks for when it names another part of a report in parts than
    `title` ("Secrets of RLHF Part II" against "... Part I: PPO"), or another model of a series
    named by a Greek letter ("PixArt-Sigma" against "PixArt-α"); None when it names no part or
    model of the title's, or the same one."""
    for variant in _VARIANT.finditer(question):
        # "PixArt-Sigma" when the corpus holds "PixArt-α": another model of the series
        for own in _VARIANT.finditer(title):
            if variant.group(1).lower() == own.group(1).lower() and _greek(variant.group(2)) != _greek(
                own.group(2)
            ):
                return f"{own.group(1)}-{variant.group(2)}"
    asked, held = _PART.search(question), _PART.search(title)
    if asked is None or held is None:
        return None
    number = _part_number(asked.group(1))
    if number is None or number == _part_number(held.group(1)):
        return None
    return f"{title[: held.start()].rstrip(' -–—:')} Part {asked.group(1)}"


def _words_in_title(asked: str, title: str, share: float = 0.75) -> bool:
    """Whether most words of a quoted title (3+ letters, no function words) are in `title`, as
    written or misspelled: "Attention Is All You Need" shares its shape with "Sampling Is All You
    Need on Modeling …" (fuzzy ratios of 80 and more), not its telling word."""
    words = [w for w in re.findall(r"[a-z0-9]{3,}", asked) if w not in FUNCTION_WORDS]
    if not words:
        return True
    have = re.findall(r"[a-z0-9]{3,}", title)
    # A short word one letter off ("tin man" for "Tin Men") is as close as a long one two off.
    # So is one the title writes joined to another ("open" of "OpenAssistant"), or spells out
    # ("llm" of "Large Language Model").
    held = sum(
        1
        for w in words
        if any(
            fuzz.ratio(w, t) >= _QUOTED_TITLE_MATCH
            or (len(w) <= 4 and Levenshtein.distance(w, t) <= 1)
            or (len(w) >= 4 and len(t) > len(w) + 3 and t.startswith(w))
            for t in have
        )
        or (len(w) <= 5 and writes_acronym(title, w.upper()))
    )
    return held >= share * len(words)


def _writes_name(name: str, text: str, exact: bool = False) -> bool:
    """Whether `text` writes a name, however it joins the parts ("Llama 2" in "Llama-2-7B"),
    and not another version that only begins the same ("CIFAR-10" is not in "CIFAR-100");
    `exact`, nor a version or size that goes on from it ("Llama-3.1" and "OpenLLaMA-3B" are
    no Llama 3, "Qwen2.5" is no Qwen2)."""
    pattern = _name_pattern(name, exact)
    if pattern is None or pattern.search(text.lower()) is not None:
        return True
    # ... or spells out an acronym the name begins with: "SD 1.5" in "Stable Diffusion v1.5"
    head = re.match(r"([A-Z]{2,4})[\s-]*(?=v?\d)", name)
    if head is None:
        return False
    spelled = r"\s+".join(rf"{letter}[a-z]*" for letter in head.group(1).lower())
    rest = _name_pattern(name[head.end() :], exact)
    return (
        rest is not None
        and re.search(rf"(?<![a-z\d]){spelled}[\W_]*v?" + rest.pattern[len(r"(?<![a-z\d])") :], text.lower())
        is not None
    )


def _name_pattern(name: str, exact: bool = False) -> re.Pattern[str] | None:
    """A name as text writes it, in lowercase, its parts joined any way ("llama 2", "llama-2-7b"),
    not followed by a digit (`exact`: nor by a point and a digit, or a letter); None for a name
    of no letters or digits."""
    parts = re.findall(r"[a-z]+|\d+(?:\.\d+)?", name.lower())
    if not parts:
        return None
    end = r"(?!\d|\.\d|[a-z])" if exact else r"(?![\d])"
    # (a version may be written with its "v": "Llama 2" in "Llama v2")
    return re.compile(
        r"(?<![a-z\d])"
        + r"[\W_]*".join(
            ("v?" if part[0].isdigit() and at else "") + re.escape(part) for at, part in enumerate(parts)
        )
        + end
    )


def _in_title(words: Sequence[str], title: str) -> bool:
    """Whether every word of a name is a word of the title, as written between spaces and
    brackets ("Turing RSA" in "Turing ... (RSA)"; "RewardBench" is not in "RAG-RewardBench")."""
    held = {squash(word) for word in re.split(r"[\s()\[\]:,;?!]+", title)}
    return all(squash(word) in held for word in words)


def _cites(name: str, abstract: str) -> bool:
    """Whether the abstract cites the work it names ("LIMA (Zhou et al. 2023)", "BERT [4]")."""
    return (
        re.search(
            rf"(?<![\w-]){re.escape(name)}(?![\w-])\s*(?:\(\s*[A-Z][\w-]+(?:\s+et\s+al|,?\s+(?:19|20)\d\d)|\[\d)",
            abstract,
        )
        is not None
    )


# What others did before the paper: "Recently, Kahneman-Tversky Optimization (KTO) has
# demonstrated …", "KTO has been shown to …".
_EARLIER_WORK = re.compile(
    r"^\s*(?:(?:more\s+)?recently|previously|prior\s+work|previous\s+work|existing\s+work)\b|"
    r"\b(?:has|have)\s+(?:recently\s+)?(?:been\s+)?(?:demonstrated|shown|proposed|emerged|achieved|gained|"
    r"become|introduced|popularized)\b"
)


# What the paper is run on or with ("on WebArena, a benchmark featuring …", "using Llama-2"):
# another's work, used
_USED_ON = re.compile(r"\b(?:on|using|with|against)\s+(?:the\s+)?$", re.I)
_ON_PAR = re.compile(r"\b(?:on\s+par\s+with|matches|matching|rivals?|versus|vs\.?)\b")


def _prior_work(name: str, abstract: str) -> bool:
    """Whether the abstract writes the name as earlier work: in a sentence opening "Recently,"
    or where something "has demonstrated", and otherwise only as what the paper is compared
    with ("performs on par with DPO and KTO")."""
    pattern = _name_pattern(name)
    if pattern is None:
        return False
    earlier = False
    for sentence in _SENTENCE_END.split(abstract):
        for match in pattern.finditer(sentence.lower()):
            if _EARLIER_WORK.search(sentence):
                earlier = True
            elif not (
                COMPARED.search(sentence[: match.start()]) or _ON_PAR.search(sentence[: match.start()])
            ):
                return False  # written as the paper's own, or as what it uses
    return earlier


def _borrowed(name: str, abstract: str) -> bool:
    """Whether the abstract writes a name only as another's: inside a longer name
    ("Gemma-2-SimPO" for SimPO), as what it is compared with or gives as an example ("an
    alternative to Guard Models, such as Llama-Guard") or as what it is run on ("on WebArena"),
    never as its own coinage."""
    pattern = _name_pattern(name)
    found = list(pattern.finditer(abstract.lower())) if pattern is not None else []
    for match in found:
        inside = re.search(r"\w-$", abstract[: match.start()]) or re.match(r"-\w", abstract[match.end() :])
        clause = re.split(r"[.;:]", abstract[max(0, match.start() - 60) : match.start()])[-1]
        if not (inside or COMPARED.search(clause) or _USED_ON.search(clause)):
            return False
    return bool(found)


def _form_key(form: str) -> str:
    """A long form compared in lowercase, hyphens as spaces, small words left out ("Learning
    from Human Feedback", "learning with human feedback")."""
    words = re.sub(r"[-\s]+", " ", form.lower()).split()
    return " ".join(word for word in words if word not in FUNCTION_WORDS)


def title_topics(titles: Sequence[str], most: int) -> tuple[tuple[str, int], ...]:
    """The phrases of two or three words (no small word inside) that the most titles share, as
    most of them write it, with how many titles use each: "reward model" (14). Endings are one
    ("reward model", "reward models"); a phrase whose every word is the corpus's own vocabulary
    (in a fifth of the titles or more: "model alignment" in an alignment corpus) says nothing of
    it; a pair nearly always written inside one longer phrase is shown as that ("large language
    models", not "large language"); a phrase inside one shown is not shown again."""
    counts: Counter[str] = Counter()
    words_in: Counter[str] = Counter()
    written: dict[str, Counter[str]] = {}
    inside: dict[str, set[str]] = {}
    for title in titles:
        words = re.findall(r"[A-Za-z][A-Za-z0-9-]*", title)
        words_in.update({stem(w.lower()) for w in words})
        seen: set[str] = set()
        for size in (2, 3):
            for start in range(len(words) - size + 1):
                span = words[start : start + size]
                if any(w.lower() in FUNCTION_WORDS or len(w) < 3 for w in span):
                    continue
                key = " ".join(stem(w.lower()) for w in span)
                if key not in seen:
                    seen.add(key)
                    counts[key] += 1
                    written.setdefault(key, Counter())[" ".join(w.lower() for w in span)] += 1
                    if size == 3:  # the pairs it holds, for "a pair inside one longer phrase"
                        stems = key.split()
                        for pair in (" ".join(stems[:2]), " ".join(stems[1:])):
                            inside.setdefault(pair, set()).add(key)
    common = _OVERVIEW_COMMON_WORD * max(1, len(titles))
    shown: list[tuple[str, int]] = []
    keys: list[str] = []
    for key, count in sorted(counts.items(), key=lambda pair: (-pair[1], -len(pair[0].split()), pair[0])):
        if count < _OVERVIEW_MIN_TITLES or len(shown) == most:
            break
        if all(words_in[word] >= common for word in key.split()):
            continue
        if (
            len(key.split()) == 2
            and max((counts[three] for three in inside.get(key, ())), default=0) >= _OVERVIEW_INSIDE * count
        ):
            continue
        if any(key in other or other in key for other in keys):
            continue
        keys.append(key)
        shown.append((written[key].most_common(1)[0][0], count))
    return tuple(shown)


def _same_form(a: str, b: str) -> bool:
    """Two long forms (as `_form_key`s) word for word alike but for a typo or an ending ("fine
    tuning", "fune tuning", "fine tuned"); "directional" is not "direct", though one stem."""
    left, right = a.split(), b.split()
    return len(left) == len(right) and all(
        (distance := Levenshtein.distance(x, y)) <= 1 or (distance <= 3 and stem(x) == stem(y))
        for x, y in zip(left, right, strict=True)
    )


def _sentence_naming(text: str, name: str) -> str | None:
    """The first sentence of `text` that writes `name` as a word."""
    return next(
        (
            s
            for s in _SENTENCE_END.split(text.strip())
            if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", s, re.I)
        ),
        None,
    )


def _acronym_as_written(asked: str, papers: Sequence[Paper]) -> str:
    """The acronym as the papers write it ("KTO" for "kto"), else as asked."""
    for paper in papers:
        if match := re.search(rf"(?<![\w-]){re.escape(asked)}(?![\w-])", paper.abstract, re.I):
            return match.group(0)
    return asked


def _quoted(sentence: str, limit: int = _QUOTE_CHARS) -> str:
    """A sentence as an answer quotes it: cut to `limit`, without the abstract's own reference
    markers ("[3]"), which would read as this answer's citations."""
    return strip_markers(_trim(sentence, limit))
