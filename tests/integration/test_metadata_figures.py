"""Figures over the listing's fields and papers counted by a field, on the real bundled store: every
expected value is computed here from the store's own papers, never written in."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from typing import Any

import pytest

from bot.render.answer import answer_body, answer_json
from rag.answer import ExtractiveAnswerer
from rag.model import FieldStatistic, GroupCount, Paper
from rag.retrieve import HybridRetriever

_MONTHS = "January February March April May June July August September October November December".split()


@pytest.fixture(scope="module")
def retriever(opened_bundled_store: Any) -> HybridRetriever:
    return HybridRetriever(opened_bundled_store)


@pytest.fixture(scope="module")
def answerer(retriever: HybridRetriever) -> ExtractiveAnswerer:
    return ExtractiveAnswerer(retriever)


@pytest.fixture(scope="module")
def papers(retriever: HybridRetriever) -> list[Paper]:
    return list(retriever.papers().values())


def test_the_average_author_count_is_over_the_papers_that_give_it(
    answerer: ExtractiveAnswerer, papers: list[Paper]
) -> None:
    answer = answerer.answer_sync(
        "What's the average number of authors per paper, "
        "counting only papers where the author count is known?"
    )
    counts = [p.author_count for p in papers if p.author_count is not None]
    lacking = len(papers) - len(counts)
    assert counts and lacking  # the bundled corpus has both, or this test shows nothing
    body = answer_body(answer)
    assert f"{statistics.mean(counts):.1f}" in body
    assert (
        f"over {len(counts)} papers" in body
        and f"{lacking} papers whose listing gives no author count" in body
    )
    assert isinstance(answer.part, FieldStatistic) and answer.part.value == pytest.approx(
        statistics.mean(counts)
    )
    assert answer.citations == ()  # a figure over many papers cites none
    payload = answer_json(answer)
    assert len(payload["figure"]["papers"]) == len(counts) and payload["figure"]["left_out"] == lacking


def test_the_total_upvotes_of_a_year_s_papers(answerer: ExtractiveAnswerer, papers: list[Paper]) -> None:
    answer = answerer.answer_sync(
        "total number of upvotes across all the 2025 papers that have an upvote count?"
    )
    voted = [p.upvotes for p in papers if (p.date or "").startswith("2025") and p.upvotes is not None]
    assert voted
    body = answer_body(answer)
    assert f"Total upvotes: {sum(voted)}, over {len(voted)} papers" in body
    # The same figure asked another way.
    other = answerer.answer_sync("how many upvotes do the 2025 papers have in total?")
    assert f"Total upvotes: {sum(voted)}," in answer_body(other)


def test_the_average_upvotes_of_a_year_and_a_median_within_a_topic(
    answerer: ExtractiveAnswerer, papers: list[Paper]
) -> None:
    answer = answerer.answer_sync("how many upvotes on average do 2024 papers get?")
    of_2024 = [p for p in papers if (p.date or "").startswith("2024")]
    voted = [p.upvotes for p in of_2024 if p.upvotes is not None]
    assert voted
    body = answer_body(answer)
    assert f"{statistics.mean(voted):.1f}" in body and f"over {len(voted)} papers" in body
    assert f"({len(of_2024) - len(voted)} papers whose listing gives no upvote count" in body
    if len(voted) <= 15:  # few papers: the figure cites each one it is computed from
        assert {c.paper.id for c in answer.citations} == {p.id for p in of_2024 if p.upvotes is not None}
    median = answerer.answer_sync("median author count of the surveys")
    assert isinstance(median.part, FieldStatistic) and median.part.papers
    surveys = median.part.papers
    # (a systematic review is a survey by another name: both kinds are the surveys)
    assert all(re.search(r"survey|review", (p.title + p.abstract).lower()) for p in surveys)
    assert any("review" in p.title.lower() for p in surveys)
    expected = statistics.median(p.author_count for p in surveys if p.author_count is not None)
    assert median.part.value == expected


def test_the_combined_upvotes_of_an_organisation(answerer: ExtractiveAnswerer, papers: list[Paper]) -> None:
    organisation = next(p.organisation for p in papers if p.organisation and p.upvotes is not None)
    assert organisation is not None
    answer = answerer.answer_sync(f"combined upvotes of papers from {organisation}")
    theirs = [p for p in papers if p.organisation == organisation and p.upvotes is not None]
    assert f"Total upvotes: {sum(p.upvotes or 0 for p in theirs)}," in answer_body(answer)
    assert {c.paper.id for c in answer.citations} == {p.id for p in theirs}


def test_the_months_of_a_year_with_the_most_papers_are_named_together(
    answerer: ExtractiveAnswerer, papers: list[Paper]
) -> None:
    answer = answerer.answer_sync("which month of 2024 had the most papers?")
    months = Counter(p.date[:7] for p in papers if p.date and p.date.startswith("2024"))
    most = max(months.values())
    winners = sorted(month for month, n in months.items() if n == most)
    assert isinstance(answer.part, GroupCount)
    assert [key for key, _ in answer.part.groups] == winners and answer.part.count == most
    body = answer_body(answer)
    names = [_MONTHS[int(month[5:]) - 1] for month in winners]
    phrase = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    assert f"{phrase} 2024, {most} papers" in body
    undated = sum(1 for p in papers if not p.date)
    assert f"{undated} papers whose listing gives no date" in body


def test_the_organisation_with_the_most_papers_in_a_year(
    answerer: ExtractiveAnswerer, papers: list[Paper]
) -> None:
    answer = answerer.answer_sync("which organisation has the most papers in 2025?")
    of_2025 = [p for p in papers if (p.date or "").startswith("2025")]
    named = Counter(p.organisation for p in of_2025 if p.organisation)
    assert named
    most = max(named.values())
    assert isinstance(answer.part, GroupCount) and answer.part.count == most
    assert {key for key, _ in answer.part.groups} == {name for name, n in named.items() if n == most}
    assert answer.part.missing == len(of_2025) - sum(named.values())


def test_a_quarter_filters_by_its_three_months(answerer: ExtractiveAnswerer, papers: list[Paper]) -> None:
    expected = {
        p.id
        for p in papers
        if p.date
        and "2024-01-01" <= p.date <= "2024-03-31"
        and p.author_count is not None
        and p.author_count < 5
    }
    assert expected
    for question in (
        "papers from the first quarter of 2024 with fewer than five authors",
        "papers from Q1 2024 with fewer than 5 authors",
    ):
        answer = answerer.answer_sync(question)
        assert {c.paper.id for c in answer.citations} == expected, question


def test_the_earliest_of_the_papers_credited_to_an_organisation(
    answerer: ExtractiveAnswerer, papers: list[Paper]
) -> None:
    answer = answerer.answer_sync("of the papers credited to an organisation, which is the earliest?")
    dated = [p for p in papers if p.organisation and p.date]
    assert dated
    earliest = min(p.date or "" for p in dated)
    assert [c.paper.id for c in answer.citations] == [p.id for p in dated if p.date == earliest]


def test_a_question_about_a_paper_s_content_is_not_a_figure(answerer: ExtractiveAnswerer) -> None:
    answer = answerer.answer_sync("what is the average human acceptance threshold in the AI Scientist paper?")
    assert answer.kind != "metadata"
    assert any("AI Scientist" in c.paper.title for c in answer.citations)
