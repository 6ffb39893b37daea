"""English at large, beside the corpus's own words: how common a word is (wordfreq's list, shipped
in its PyPI package), a British spelling's American form, and whether two words share a root.
Spelling correction reads these so that a real word the papers never use ("federated") is not
taken for a typo of one they do ("generated")."""

from __future__ import annotations

import functools
import re

import Stemmer

# A word at least this common in English (Zipf: log10 of uses per billion words) is a word of its
# own, not a typo. Fitted on the corrections spelling made over the question sets (data/eval/,
# never holdout): the misspellings wordfreq lists reach 2.75 ("somthing" 2.45, "tanking" 2.72),
# the real words taken for typos start at 2.94 ("federated" -> "generated", "coefficient" 3.39).
COMMON_WORD = 2.9

_STEMMER = Stemmer.Stemmer("english")

# Greek letters as words: an abstract's "LiPO-λ" (stored from "LiPO-{\\lambda}") is what a
# question writes "LiPO-lambda", and "PixArt-α" "PixArt alpha"; word tokenisers drop the letters.
_GREEK_NAMES = (
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho "
    "sigma sigma tau upsilon phi chi psi omega"
).split()  # (two sigmas: the final form ς comes before σ)
GREEK_SPELLED = str.maketrans(
    {
        chr(code): f" {name} "
        for base in (0x3B1, 0x391)
        for code, name in zip(range(base, base + 25), _GREEK_NAMES)
    }
    | {"\u03d5": " phi ", "\u03f5": " epsilon ", "\u03d1": " theta "}
)


def greek_spelled(text: str) -> str:
    """`text` with each Greek letter written as its name ("LiPO-λ" -> "LiPO- lambda ")."""
    return text.translate(GREEK_SPELLED)


@functools.cache
def common_words() -> frozenset[str]:
    """The English words at least as common as `COMMON_WORD` (33k of wordfreq's 321k; the whole
    list would hold 51 MiB), read on first use (~0.2 s): bots read it as they start."""
    from wordfreq import get_frequency_dict

    least = 10.0 ** (COMMON_WORD - 9.0)  # Zipf z is a frequency of 10^(z - 9)
    return frozenset(
        word for word, share in get_frequency_dict("en", wordlist="large").items() if share >= least
    )


def common(word: str) -> bool:
    """Whether the lowercase `word` is an English word in its own right."""
    return word in common_words()


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
