"""English at large, beside the corpus's own words: how common a word is (wordfreq's list, shipped
in its PyPI package), a British spelling's American form, and whether two words share a root.
Spelling correction reads these so that a real word the papers never use ("federated") is not
taken for a typo of one they do ("generated")."""

from __future__ import annotations

import functools
import math
import re

import Stemmer

# A word at least this common in English (Zipf: log10 of uses per billion words) is a word of its
# own, not a typo. Fitted on the corrections spelling made over the question sets (data/eval/,
# never holdout): the misspellings wordfreq lists reach 2.75 ("somthing" 2.45, "tanking" 2.72),
# the real words taken for typos start at 2.94 ("federated" -> "generated", "coefficient" 3.39).
COMMON_WORD = 2.9

_STEMMER = Stemmer.Stemmer("english")


@functools.cache
def _frequencies() -> dict[str, float]:
    from wordfreq import get_frequency_dict  # its list is read on first use (~0.1 s)

    return get_frequency_dict("en", wordlist="large")


def zipf(word: str) -> float:
    """How common the lowercase `word` is in English (Zipf scale, 0 for a word wordfreq lacks)."""
    frequency = _frequencies().get(word, 0.0)
    return math.log10(frequency) + 9.0 if frequency > 0 else 0.0


def common(word: str) -> bool:
    """Whether the lowercase `word` is an English word in its own right."""
    return zipf(word) >= COMMON_WORD


# British spellings and their American forms, as regular endings and letters.
_AMERICAN = (
    (re.compile(r"is(e|es|ed|ing|er|ers|ation|ations|able)$"), r"iz\1"),
    (re.compile(r"ys(e|es|ed|ing|er|ers)$"), r"yz\1"),
    (re.compile(r"(?<=[a-z])our(?=[a-z]|$)"), "or"),
    (re.compile(r"(?<=[a-z])tre(s|d)?$"), r"ter\1"),
    (re.compile(r"(?<=[aeiou])ll(ed|ing|er|ers)$"), r"l\1"),
    (re.compile(r"(?<=g)ement(s)?$"), r"ment\1"),
    (re.compile(r"(?<=[a-z])ogue(s)?$"), r"og\1"),
)


def american(word: str) -> str:
    """The American spelling of the lowercase British `word` ("optimisation" -> "optimization",
    "neighbourhood" -> "neighborhood", "judgements" -> "judgments"); `word` when none applies."""
    for pattern, replacement in _AMERICAN:
        word = pattern.sub(replacement, word)
    return word


def same_root(word: str, other: str) -> bool:
    """Whether one word is the other's stem grown by an ending ("scorer" and "scores", "predictor"
    and "prediction", "sampler" and "sample"), so that one stands in for the other without changing
    what is asked; "merging" and "emerging", "talks" and "tasks", "untrained" and "trained" do
    not."""
    return other.startswith(_STEMMER.stemWord(word)) or word.startswith(_STEMMER.stemWord(other))
