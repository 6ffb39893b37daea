"""Spelling correction finds the closest title word or name through an index of deletions
(rag.spelling) instead of scoring every word of about the asked word's length (issue 18: 42 ms a
topical question at 100k papers). It must choose exactly what the scan chose, ties included: the
scan is kept here as the oracle, over the bundled corpus's vocabularies and made-up ones, for
real words, misspellings of one and two edits, and strings of every length."""

from __future__ import annotations

import random
import string
from collections.abc import Callable, Iterable

import pytest
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from ingest.pipeline import read_sources
from rag.lexicon import build_lexicon
from rag.spelling import Vocabulary
from tests.conftest import DEV_SET, SEEDS


def _scan(
    word: str,
    by_length: dict[int, tuple[str, ...]],
    reach: int,
    scorer: Callable[..., float],
    cutoff: float,
    *,
    higher_is_closer: bool,
) -> str | None:
    """What rag/retrieve.py did before the index: one rapidfuzz pass per length within reach."""
    best: tuple[float, str] | None = None
    for length in range(len(word) - reach, len(word) + reach + 1):
        group = by_length.get(length)
        match = process.extractOne(word, group, scorer=scorer, score_cutoff=cutoff) if group else None
        if match is None:
            continue
        score = match[1] if higher_is_closer else -match[1]
        if best is None or score > best[0]:
            best = (score, match[0])
    return best[1] if best else None


def _by_length(words: Iterable[str]) -> dict[int, tuple[str, ...]]:
    groups: dict[int, list[str]] = {}
    for word in dict.fromkeys(words):
        groups.setdefault(len(word), []).append(word)
    return {length: tuple(group) for length, group in groups.items()}


def _misspelled(rng: random.Random, word: str, edits: int) -> str:
    letters = string.ascii_lowercase
    for _ in range(edits):
        at = rng.randrange(len(word) + 1)
        kind = rng.randrange(4)
        if kind == 0 and at < len(word):
            word = word[:at] + rng.choice(letters) + word[at + 1 :]
        elif kind == 1:
            word = word[:at] + rng.choice(letters) + word[at:]
        elif kind == 2 and at < len(word) and len(word) > 1:
            word = word[:at] + word[at + 1 :]
        elif at + 1 < len(word):
            word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    return word


def _asked(rng: random.Random, vocabulary: list[str], extra: Iterable[str]) -> list[str]:
    """Words to correct: some of the vocabulary's own, their misspellings by one and two edits,
    the dev questions' words, and random strings of 5-22 letters."""
    chosen = rng.sample(vocabulary, min(400, len(vocabulary)))
    asked = list(chosen)
    asked += [_misspelled(rng, word, 1) for word in chosen]
    asked += [_misspelled(rng, word, 2) for word in chosen]
    asked += list(extra)
    asked += ["".join(rng.choice("aeinorst") for _ in range(rng.randint(5, 22))) for _ in range(200)]
    return [word for word in dict.fromkeys(asked) if len(word) >= 5]


# The three corrections rag/retrieve.py makes: a word no paper uses against title words (edits
# with transpositions: one up to 8 letters, two from 9; and fuzz.ratio 80 within two letters of
# length), and a run of words against the names.
def _uses(word: str, names: bool) -> list[tuple[int, Callable[..., float], float, bool]]:
    edits = 1 if len(word) < 9 else 2
    return [(edits, OSA.distance, edits, False)] + ([] if names else [(2, fuzz.ratio, 80, True)])


def _check(
    by_length: dict[int, tuple[str, ...]], asked: list[str], vocabulary: Vocabulary, names: bool = False
) -> int:
    found = 0
    for word in asked:
        for reach, scorer, cutoff, higher in _uses(word, names):
            expected = _scan(word, by_length, reach, scorer, cutoff, higher_is_closer=higher)
            got = vocabulary.closest(word, reach, scorer, cutoff, higher_is_closer=higher)
            assert got == expected, (word, scorer, cutoff)
            found += expected is not None
    return found


@pytest.fixture(scope="module")
def bundled() -> tuple[dict[int, tuple[str, ...]], dict[int, tuple[str, ...]], list[str]]:
    """The bundled corpus's title words and names by length, and the dev questions' words."""
    lexicon = build_lexicon(read_sources([SEEDS]).papers, 1)
    questions = DEV_SET.read_text(encoding="utf-8").lower()
    words = [w for w in "".join(c if c.isalpha() else " " for c in questions).split() if len(w) >= 5]
    return lexicon.title_words_by_length, lexicon.names.by_length, words


def test_title_words_of_the_bundled_corpus(bundled: tuple) -> None:
    titles, _, question_words = bundled
    rng = random.Random(18)
    vocabulary = [w for group in titles.values() for w in group]
    found = _check(titles, _asked(rng, vocabulary, question_words), Vocabulary(titles))
    assert found > 500  # most misspellings have a correction: the comparison is not of Nones


def test_names_of_the_bundled_corpus(bundled: tuple) -> None:
    _, names, question_words = bundled
    rng = random.Random(19)
    vocabulary = [w for group in names.values() for w in group]
    asked = _asked(rng, vocabulary, question_words)
    # Runs of two and three question words, as the misspelled-name check joins them.
    asked += ["".join(question_words[i : i + 2]) for i in range(0, 400, 3)]
    assert _check(names, asked, Vocabulary(names), names=True) > 300


def test_a_large_made_up_vocabulary_with_ties() -> None:
    """Thousands of words of every length from a small alphabet, so that many are equally close
    to a misspelling and the scan's order decides; some not in ASCII."""
    rng = random.Random(20)
    words = ["".join(rng.choice("abcde") for _ in range(rng.randint(3, 20))) for _ in range(6000)]
    words += ["über" + "".join(rng.choice("äöabc") for _ in range(rng.randint(2, 8))) for _ in range(300)]
    by_length = _by_length(words)
    asked = _asked(rng, list(dict.fromkeys(words)), ["überabc", "ueberabc", "abcdeabcdeabcdeabcdeab"])
    vocabulary = Vocabulary(by_length)
    assert _check(by_length, asked, vocabulary) > 1000


def test_an_updated_vocabulary_keeps_what_did_not_change() -> None:
    """A vocabulary made after a catch-up (words appended to a length, words gone from another)
    answers as a scan of the new words does, reusing the unchanged lengths' indexes."""
    rng = random.Random(21)
    words = ["".join(rng.choice("abcdefgh") for _ in range(rng.randint(5, 12))) for _ in range(3000)]
    before = _by_length(words)
    old = Vocabulary(before)
    asked = _asked(rng, list(dict.fromkeys(words)), [])
    _check(before, asked, old)  # every length's index made at the depths these words need
    after = dict(before)
    after[7] = (*before[7], "abcdefg", "hgfedcb", "aabbccd")  # a catch-up appends
    after[9] = before[9][1:]  # a paper that held the first 9-letter word was removed
    after[13] = ("abcdefghabcde",)  # a length no word had
    new = Vocabulary(after, old)
    new.carry_over()
    _check(after, [*asked, "abcdefh", "hgfedcc", "bcdefghabcde"], new)
    assert new._groups[6] is old._groups[6]  # unchanged: the same index
    assert new._groups[7] is not old._groups[7]
    _check(before, asked, old)  # the old vocabulary still answers for the old words


def test_only_the_scorers_it_can_narrow_for() -> None:
    with pytest.raises(ValueError, match="scorer"):
        Vocabulary({5: ("hello",)}).closest("hellp", 1, fuzz.partial_ratio, 80, higher_is_closer=True)


def test_among_words_equally_close_the_preferred_one_wins() -> None:
    # "traning" is one edit from "tracing" (a substitution) and from "training" (an insertion):
    # a scan takes the shorter; the vocabulary's own preference (how many titles use it) decides.
    vocabulary = Vocabulary({7: ("tracing",), 8: ("training",)})
    assert vocabulary.closest("traning", 1, OSA.distance, 1, higher_is_closer=False) == "tracing"
    uses = {"tracing": 1, "training": 9}
    got = vocabulary.closest("traning", 1, OSA.distance, 1, higher_is_closer=False, prefer=uses.__getitem__)
    assert got == "training"
    # A closer word still wins over a preferred one further away.
    assert (
        vocabulary.closest("tracin", 2, OSA.distance, 2, higher_is_closer=False, prefer=uses.__getitem__)
        == "tracing"
    )


def test_a_mistyped_routing_word_is_put_right_for_routing() -> None:
    # "paprs from april 2025?" was refused and "how many authers" read as a count in the abstract
    from rag.retrieve import _routing_word

    assert _routing_word("paprs") == "papers"
    assert _routing_word("authers") == "authors"
    assert _routing_word("publised") == "published"
    assert _routing_word("poster") is None  # a word of its own, not a slip for "posted"
    assert _routing_word("auth") is None  # too short to tell
