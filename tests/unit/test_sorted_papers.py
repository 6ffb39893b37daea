"""Metadata questions that only sort ("the newest paper", "the 3 most upvoted") are read off
orders sorted once per lexicon (issue 18): the filter-and-sort over every paper is the oracle."""

from __future__ import annotations

import dataclasses
import itertools

import pytest

from ingest.pipeline import read_sources
from rag.metadata import MetadataQuery, SortedPapers, parse_metadata, run_metadata
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
