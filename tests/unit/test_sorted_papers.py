"""Metadata questions that only sort ("the newest paper", "the 3 most upvoted") are read off
orders sorted once per lexicon (issue 18): the filter-and-sort over every paper is the oracle."""

from __future__ import annotations

import dataclasses
import itertools

import pytest

from ingest.pipeline import read_sources
from rag.metadata import Condition, MetadataQuery, SortedPapers, parse_metadata, run_metadata
from rag.model import Field, Paper
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def papers() -> list[Paper]:
    """The bundled papers, some with facts taken away, and ties on every field."""
    papers = read_sources([SEEDS]).papers
    return [
        dataclasses.replace(
            paper,
            upvotes=None if n % 9 == 0 else (paper.upvotes if n % 4 else 7),
            date=None if n % 11 == 0 else paper.date,
            author_count=None if n % 5 == 0 else paper.author_count,
        )
        for n, paper in enumerate(papers)
    ]


def test_every_sorting_query_gives_what_the_full_scan_gives(papers: list[Paper]) -> None:
    index = SortedPapers(papers)
    read = 0
    for sort, descending, single, limit, fact in itertools.product(
        (Field.UPVOTES, Field.DATE, Field.AUTHORS),
        (True, False),
        (True, False),
        (None, 1, 3, 500),
        (None, Field.UPVOTES, Field.AUTHORS),
    ):
        query = MetadataQuery(sort=sort, descending=descending, single=single, limit=limit, fact=fact)
        assert index.answers(query)
        assert run_metadata(query, papers, index) == run_metadata(query, papers), query
        read += 1
    assert read == 144
    assert run_metadata(MetadataQuery(sort=Field.UPVOTES, single=True), papers, index).papers


SORT_ONLY = (
    "What is the newest paper?",
    "Which paper is the oldest?",
    "Which paper has the most upvotes?",
    "Top 3 most upvoted papers",
    "Which paper has the most authors?",
    "Which papers have the fewest authors?",
)


@pytest.mark.parametrize(
    "question",
    [
        *SORT_ONLY,
        "Which papers from 2024 have the most upvotes?",  # a condition: the full scan
        "How many papers have more than 100 upvotes?",
        "Papers by Meta with more than 50 upvotes",
    ],
)
def test_parsed_questions_give_what_the_full_scan_gives(papers: list[Paper], question: str) -> None:
    organisations = frozenset(p.organisation for p in papers if p.organisation) | {"Meta"}
    query = parse_metadata(question, organisations, 2025)
    assert query is not None
    index = SortedPapers(papers)
    assert index.answers(query) == (question in SORT_ONLY)
    assert run_metadata(query, papers, index) == run_metadata(query, papers)


def test_every_filtering_query_gives_what_the_full_scan_gives(papers: list[Paper]) -> None:
    """Conditions on every field and op, organisations (as written and spelled otherwise, and
    unknown), with and without a sort: the narrowed filter gives the scan's result, `missing`
    and `total` included (for every query the scan can run)."""
    organisations = sorted({p.organisation for p in papers if p.organisation})
    upvotes = sorted({p.upvotes for p in papers if p.upvotes is not None})
    dates = sorted({p.date for p in papers if p.date})
    values: dict[Field, list[int | str]] = {
        Field.UPVOTES: [0, upvotes[0], upvotes[len(upvotes) // 2], upvotes[-1], upvotes[-1] + 1, 7, "7"],
        Field.AUTHORS: [0, 1, 3, 7, 1000],
        Field.DATE: ["2024", "2025-01", dates[0], dates[len(dates) // 2], dates[-1], "9999", 2025],
        Field.ORGANISATION: [organisations[0], "nobody"],
    }
    conditions = [
        Condition(field, op, value)
        for field, wanted in values.items()
        for value in wanted
        for op in ("eq", "ge", "gt", "le", "lt", "in")
        if not (op == "in" and isinstance(value, int) and field is Field.DATE)
    ]
    conditions += [Condition(field, "missing", 0) for field in values]
    spelled = [None, organisations[0], organisations[-1].upper() + " ", "Nobody at all"]
    index = SortedPapers(papers)
    checked = narrowed = 0
    for first, second in itertools.product(conditions, [None, *conditions[::7]]):
        for organisation, sort in itertools.product(
            spelled[:2] if second else spelled, (None, Field.UPVOTES)
        ):
            both = (first,) if second is None else (first, second)
            query = MetadataQuery(conditions=both, organisation=organisation, sort=sort)
            try:
                scanned = run_metadata(query, papers)
            except TypeError:  # ordering values of two types (the parser makes no such query)
                continue
            assert run_metadata(query, papers, index) == scanned, query
            checked += 1
            narrowed += index.narrowed(query, query.fields - {Field.ORGANISATION}) is not None
    assert checked > 2000 and narrowed > checked // 2
    only_organisation = MetadataQuery(organisation=organisations[-1].lower(), count=True)
    assert run_metadata(only_organisation, papers, index) == run_metadata(only_organisation, papers)
    assert run_metadata(only_organisation, papers, index).papers
