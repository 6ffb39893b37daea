"""A title recalled loosely: "Transforming and Merging Rewards to Align LLMs" for "Transforming and
Combining Rewards for Aligning Large Language Models", "The Alignment Roof (?) objective mismatch in
RLHF" for "The Alignment Ceiling: Objective Mismatch in Reinforcement Learning from Human Feedback".

People cite from memory: a word or two swapped for one of like meaning, an acronym for the words it
stands for, a spelling of their own. Matched word by word, both ways, by meaning (the embedding
model's word vectors, rag.words), such a title holds nearly every word of the best title and that
title nearly every word of it. Titles that only share the field's words, or another part or version
of a series ("Secrets of RLHF … Part II" beside "… Part I"), or another method's name ("… Using
Kahneman-Tversky Optimization" beside "… Using Direct Preference Optimization") do not.

Knows no store: the caller gives the word cosines.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz

from rag.decide import FUNCTION_WORDS
from rag.words import content_words

# Chosen over the lookups of data/eval's sets (dev, tune and the probe sets; never holdout) that
# the search reads as lookups: at these, eight lookups of a title recalled with other words are
# answered and one unanswerable lookup of a title the corpus lacks is taken for another's
# (docs/design.md, session 47).
LIKE_MEANING = 0.5  # two words this close by meaning are one word said otherwise ("roof", "ceiling")
LIKENESS = 0.7  # the share of each side's words the other side holds, at least
MARGIN = 0.15  # ... and by this much more than any other title's
_SPELLED_ALIKE = 85  # "Generalisation", "Generalization"
_LEAST_WORDS = 3  # "the RLHF paper" recalls no title: too few words to tell

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")
_ACRONYM = re.compile(r"[A-Z]{2,6}s?")
# A part or version of a series: "Part II", "v2", "2" (not the words "I" or "a")
_VERSION = re.compile(r"\d+|[IVX]{2,4}|[ivx]{2,4}|v\d+", re.I)
# A name: capitals after the first letter, digits, or a capitalised hyphenated word ("Kahneman-Tversky")
_NAME = re.compile(r".+[A-Z].*|.*\d.*|[A-Z][a-z]+-[A-Z].*")

Cosines = Callable[[dict[str, str], dict[str, str]], npt.NDArray[np.float32]]


def _words(text: str) -> list[str]:
    """The words of `text` that say what it is about, as written, in order."""
    return [w for w in _WORD.findall(text) if w.lower() not in FUNCTION_WORDS and len(w) > 1]


def _spelled_out(acronym: str, words: Sequence[str]) -> range | None:
    """The run of `words` whose initials `acronym` is ("LLMs": "Large Language Models")."""
    letters = acronym.lower()
    if letters.endswith("s") and len(letters) > 2:
        letters = letters[:-1]
    for start in range(len(words) - len(letters) + 1):
        if "".join(w[0].lower() for w in words[start : start + len(letters)]) == letters:
            return range(start, start + len(letters))
    return None


def _held(first: list[str], second: list[str], cosine: npt.NDArray[np.float32]) -> list[float]:
    """How closely `second` holds each word of `first`: 1 as written (or spelled alike, or
    spelled out by an acronym of either side), else its best cosine to a word of `second` when
    that is at least LIKE_MEANING, else 0. `cosine` has a row per word of `first`."""
    held = []
    for n, word in enumerate(first):
        lower = word.lower()
        if any(
            lower == other.lower()
            or (min(len(lower), len(other)) >= 4 and fuzz.ratio(lower, other.lower()) >= _SPELLED_ALIKE)
            for other in second
        ):
            held.append(1.0)
            continue
        best = float(cosine[n].max()) if cosine.size else 0.0
        if _ACRONYM.fullmatch(word) and _spelled_out(word, second) is not None:
            best = 1.0
        held.append(best if best >= LIKE_MEANING else 0.0)
    for other in second:
        if _ACRONYM.fullmatch(other) and (run := _spelled_out(other, first)) is not None:
            for n in run:
                held[n] = 1.0
    return held


def likeness(asked: str, title: str, cosines: Cosines) -> float:
    """How nearly `asked` writes `title`: the lesser of the share of each side's words the
    other holds (`_held`); 0 when `asked` has a version or a name that `title` does not hold."""
    said, titled = _words(asked), _words(title)
    if len(said) < _LEAST_WORDS or not titled:
        return 0.0
    forms = {word: word.lower() for word in (*said, *titled)}
    said_stems = [_stem_key(forms[w]) for w in said]
    titled_stems = [_stem_key(forms[w]) for w in titled]
    first = dict(zip(said_stems, (forms[w] for w in said), strict=True))
    second = dict(zip(titled_stems, (forms[w] for w in titled), strict=True))
    matrix = cosines(first, second)
    row = {key: n for n, key in enumerate(first)}
    column = {key: n for n, key in enumerate(second)}
    forward = matrix[[row[k] for k in said_stems]][:, [column[k] for k in titled_stems]]
    held = _held(said, titled, forward)
    holds = _held(titled, said, forward.T)
    if any(
        share == 0.0 and (_VERSION.fullmatch(word) or _NAME.fullmatch(word))
        for word, share in zip(said, held, strict=True)
    ):
        return 0.0  # "Part II", "Kahneman-Tversky": another paper of the series, or another method
    if any(share == 0.0 and _VERSION.fullmatch(word) for word, share in zip(titled, holds, strict=True)):
        return 0.0
    return min(sum(held) / len(held), sum(holds) / len(holds))


def _stem_key(word: str) -> str:
    """The key rag.words gives a word (its content stem), or the word when it has none."""
    return next(iter(content_words(word)), word)


def _main_part(title: str) -> str:
    """A title's name before its colon ("Sample, Don't Search" of "Sample, Don't Search: Rethinking
    Test-Time Alignment for Language Models"), or "" when it has none."""
    head, colon, rest = title.partition(":")
    return head if colon and rest.strip() else ""


def recalled_title(asked: str, titles: Sequence[str], cosines: Cosines) -> int | None:
    """The index of the one title of `titles` that `asked` recalls loosely, whole, by the name
    before its colon ("'Search, Don't Sample'") or by the rest after it, or None."""
    scores = [
        max(
            likeness(asked, title, cosines),
            likeness(asked, main, cosines) if (main := _main_part(title)) else 0.0,
            # ... or by the words after it ("'your SFT loss is secretly an adversarial regularizer'")
            likeness(asked, title[len(main) + 1 :], cosines) if main else 0.0,
        )
        for title in titles
    ]
    if not scores:
        return None
    best = max(range(len(scores)), key=scores.__getitem__)
    runner_up = max((s for n, s in enumerate(scores) if n != best), default=0.0)
    if scores[best] >= LIKENESS and scores[best] - runner_up >= MARGIN:
        return best
    return None
