from __future__ import annotations

import pytest

from rag.intents import apply_intent, parse_intent
from rag.papers import Paper

ORGS = ["TIGER-Lab", "OpenRubrics", "facebook AI at Meta"]


def test_plain_questions_have_no_metadata_intent() -> None:
    for question in ("what is DPO?", "papers on reward hacking", "how do reward models fail under noise?"):
        assert not parse_intent(question, ORGS).wants_metadata


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("which papers have exactly 3 upvotes?", {"equals": (("upvotes", 3),)}),
        ("2024 papers with exactly three authors?", {"equals": (("author_count", 3),), "year": 2024}),
        ("What was posted on Apr 10 (this year)?", {"month_day": (4, 10)}),
        ("papers from March 14, 2024", {"month_day": (3, 14), "year": 2024}),
        (
            "Which paper is credited to TIGER-Lab in the listing?",
            {"organisation": "TIGER-Lab", "single": True},
        ),
        ("which alignment survey has the most authors?", {"sort_field": "author_count", "single": True}),
        ("the paper with the fewest authors", {"sort_field": "author_count", "descending": False}),
        ("most upvoted papers on reward models", {"sort_field": "upvotes", "descending": True}),
        ("the newest paper on reward models", {"sort_field": "date", "descending": True}),
        ("oldest goal-conditioned RL paper", {"sort_field": "date", "descending": False}),
        ("How many authors does the Aegis 2.0 paper have?", {"ask_count_of": "author_count"}),
    ],
)
def test_intents_are_recognised(question: str, expected: dict[str, object]) -> None:
    intent = parse_intent(question, ORGS)
    assert intent.wants_metadata
    for name, value in expected.items():
        assert getattr(intent, name) == value, name


def test_the_topic_is_what_is_left() -> None:
    assert parse_intent("the newest paper on reward models", ORGS).topic == "reward models"
    assert parse_intent("papers from 2023 on goal-conditioned RL", ORGS).topic == "goal-conditioned rl"
    assert parse_intent("which papers have exactly 3 upvotes?", ORGS).topic == ""


def _paper(n: int, **facts: object) -> Paper:
    return Paper(id=f"p{n}", title=f"P{n}", abstract=".", **facts)  # type: ignore[arg-type]


def test_apply_filters_sorts_and_counts_papers_without_the_metadata() -> None:
    papers = [
        _paper(1, upvotes=3, date="2024-04-10", author_count=3),
        _paper(2, upvotes=9, date="2025-04-10", author_count=3),
        _paper(3, date="2024-01-01", author_count=5),  # no upvotes
        _paper(4, upvotes=1, date="2024-04-10", author_count=12),
    ]
    kept, missing = apply_intent(parse_intent("most upvoted papers"), papers)
    assert [p.id for p in kept] == ["p2", "p1", "p4"]
    assert missing == 1
    kept, _ = apply_intent(parse_intent("2024 papers with exactly three authors"), papers)
    assert [p.id for p in kept] == ["p1"]
    kept, _ = apply_intent(parse_intent("what was posted on Apr 10?"), papers)
    assert {p.id for p in kept} == {"p1", "p2", "p4"}
    kept, _ = apply_intent(parse_intent("what was posted on Apr 10, 2025?"), papers)
    assert [p.id for p in kept] == ["p2"]
    kept, missing = apply_intent(parse_intent("paper with the fewest authors"), papers)
    assert kept[0].id in ("p1", "p2")
    assert missing == 0
