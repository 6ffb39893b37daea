"""Deciding which arXiv record a stored paper is (ingest/enrich.py), without a network or store."""

from __future__ import annotations

from ingest.enrich import Outcome, Throttle, enriched, normalise_title, resolve
from ingest.sources.arxiv import parse_arxiv
from rag.model import Paper
from tests.integration.fake_arxiv import ALIGNMENT_FAKING, entry_xml

LISTING = Paper(
    id="alignment-faking-in-large-language-models",
    title="Alignment faking in large language models",
    abstract="We present a demonstration of a large language model engaging in alignment faking.",
    date="2024-12-18",
    author_count=20,
    upvotes=2,
)


def _feed(entry: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
        + entry
        + "</feed>\n"
    )


def _records(*entries: str) -> list[Paper]:
    return [paper for entry in entries for paper in parse_arxiv(_feed(entry), "test").papers]


REAL = _records(ALIGNMENT_FAKING)[0]


def test_the_recorded_form_gives_every_author_the_category_and_the_first_version() -> None:
    assert (REAL.arxiv_id, len(REAL.authors), REAL.authors[0], REAL.authors[-1]) == (
        "2412.14093",
        20,
        "Ryan Greenblatt",
        "Evan Hubinger",
    )
    assert (REAL.primary_category, REAL.first_version, REAL.date) == ("cs.AI", "2024-12-18", "2024-12-18")


def test_titles_are_compared_without_case_accents_punctuation_or_spacing() -> None:
    assert (
        normalise_title("Alignment-Faking in  LARGE language models!")
        == "alignment faking in large language models"
    )
    assert normalise_title("Über {Café} naïveté") == "uber cafe naivete"
    assert normalise_title("PixArt-α: Fast") == "pixart α fast"


def test_an_exact_title_matches_and_says_what_agreed() -> None:
    found = resolve(LISTING, _records(ALIGNMENT_FAKING))
    assert found.outcome is Outcome.MATCHED
    assert found.match is not None and found.match.arxiv_id == "2412.14093"
    assert found.evidence == ("title", "author count", "date")


def test_an_exact_title_matches_without_other_facts_but_not_against_them() -> None:
    bare = Paper("alignment-faking", LISTING.title, ".")
    assert resolve(bare, [REAL]).outcome is Outcome.MATCHED
    # Same title, another author count: another paper (or a wrong listing); never merged on a guess.
    other = Paper("alignment-faking", LISTING.title, ".", author_count=3)
    assert resolve(other, [REAL]).outcome is Outcome.AMBIGUOUS


def test_a_near_identical_title_of_a_different_paper_is_not_merged() -> None:
    decoy = entry_xml(
        "2503.01234", "Alignment faking in large language model", ["A. Author", "B. Author"], "2025-03-02"
    )
    found = resolve(LISTING, _records(decoy))
    assert found.outcome is Outcome.UNMATCHED and found.match is None
    # The same near title with nothing that agrees (no count, a date far away): still no match.
    undated = Paper("x", LISTING.title, ".", date="2024-01-01")
    assert resolve(undated, _records(decoy)).outcome is Outcome.UNMATCHED


def test_a_close_title_matches_only_with_a_second_agreeing_fact() -> None:
    variant = Paper("x", "Alignment Faking in Large-Language Models.", ".", author_count=20)
    assert resolve(variant, [REAL]).outcome is Outcome.MATCHED  # exact after normalisation
    close = Paper("x", "Alignment faking in large language model", ".", author_count=20)
    found = resolve(close, [REAL])
    assert (found.outcome, found.evidence) == (Outcome.MATCHED, ("similar title", "author count"))
    dated = Paper("x", "Alignment faking in large language model", ".", date="2024-12-20")
    assert resolve(dated, [REAL]).evidence == ("similar title", "date")
    alone = Paper("x", "Alignment faking in large language model", ".")
    assert resolve(alone, [REAL]).outcome is Outcome.UNMATCHED


def test_two_records_that_fit_equally_are_ambiguous_and_left_alone() -> None:
    twin = entry_xml("2501.00002", LISTING.title, ["C. Author"], "2025-01-05")
    bare = Paper("alignment-faking", LISTING.title, ".")
    found = resolve(bare, [REAL, *_records(twin)])
    assert (found.outcome, found.match, found.candidates) == (
        Outcome.AMBIGUOUS,
        None,
        ("2412.14093", "2501.00002"),
    )
    # A fact that agrees with only one of them settles it.
    assert resolve(LISTING, [REAL, *_records(twin)]).match == REAL


def test_a_match_fills_the_arxiv_facts_and_keeps_the_listing_text() -> None:
    paper = enriched(LISTING, REAL)
    assert (paper.id, paper.arxiv_id, paper.url) == (
        "2412.14093",
        "2412.14093",
        "https://arxiv.org/abs/2412.14093",
    )
    assert (len(paper.authors), paper.author_count, paper.primary_category) == (20, 20, "cs.AI")
    assert (paper.first_version, paper.date, paper.upvotes) == ("2024-12-18", "2024-12-18", 2)
    assert (paper.title, paper.abstract) == (LISTING.title, LISTING.abstract)
    assert paper.pdf_link == "https://arxiv.org/pdf/2412.14093"
    undated = enriched(Paper("x", LISTING.title, "."), REAL)
    assert undated.date == "2024-12-18"  # a listing without a date gets the first version's


def test_the_throttle_spaces_requests() -> None:
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    throttle = Throttle(3.0, clock=lambda: now[0], sleep=sleep)
    throttle.wait()
    now[0] += 1.0
    throttle.wait()
    now[0] += 5.0
    throttle.wait()
    assert slept == [2.0]
    assert Throttle(0.0).interval == 0.0
