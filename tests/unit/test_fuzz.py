"""Property tests: every parser either returns papers and problems or raises the project's own
clear error, whatever it is fed; good records survive their broken neighbours.

CI runs a bounded number of examples; `HYPOTHESIS_PROFILE=long pytest tests/unit/test_fuzz.py`
runs many more.
"""

from __future__ import annotations

import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.errors import IngestError, ParseResult
from ingest.sources.arxiv import parse_arxiv
from ingest.sources.hf_api import parse_hf_api, parse_hf_api_payload
from ingest.sources.hf_listing import parse_listing
from ingest.sources.jsonl import parse_jsonl
from rag.metadata import parse_metadata, run_metadata
from rag.model import Paper
from rag.names import extract_names
from tests.conftest import FIXTURES, SEEDS

settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "long", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

LISTING = sorted(SEEDS.glob("*.txt"))[1].read_text(encoding="utf-8")
HF_JSON = (FIXTURES / "hf_daily_papers" / "daily_papers_2026-08-20.json").read_text(encoding="utf-8")
ARXIV_XML = (FIXTURES / "arxiv" / "api_query_search_cs.RO_2entries_2025-10-17.xml").read_text(
    encoding="utf-8"
)
ABSTRACT = "We study a careful problem and report clear results on several benchmarks. " * 2


def _check(result: ParseResult) -> None:
    assert isinstance(result, ParseResult)
    for paper in result.papers:
        assert paper.id and paper.title and paper.abstract


def _mutations() -> st.SearchStrategy[tuple[int, int, str]]:
    return st.tuples(st.integers(0, 10**6), st.integers(0, 400), st.text(max_size=40))


def _mutate(text: str, mutation: tuple[int, int, str]) -> str:
    start, length, insert = mutation
    start %= max(len(text), 1)
    return text[:start] + insert + text[start + length :]


@given(st.lists(_mutations(), max_size=4))
def test_listing_pages_survive_any_damage(mutations: list[tuple[int, int, str]]) -> None:
    text = LISTING
    for mutation in mutations:
        text = _mutate(text, mutation)
    _check(parse_listing(text, "page.txt", capture_year=2025))


@given(st.text(max_size=2000))
def test_listing_parser_takes_any_text(text: str) -> None:
    _check(parse_listing(text, "page.txt", capture_year=2025))


@given(st.lists(_mutations(), max_size=3))
def test_hf_json_damage_raises_only_our_errors(mutations: list[tuple[int, int, str]]) -> None:
    text = HF_JSON
    for mutation in mutations:
        text = _mutate(text, mutation)
    try:
        _check(parse_hf_api(text, "day.json"))
    except IngestError as error:
        assert "day.json" in str(error)  # noqa: PT017 (the error must name its source)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


@given(st.lists(_JSON, max_size=5))
def test_hf_payload_items_of_any_shape_keep_the_good_one(items: list[object]) -> None:
    good = json.loads(HF_JSON)[0]
    result = parse_hf_api_payload([*items, good], "day.json")
    assert good["paper"]["id"] in {p.arxiv_id for p in result.papers}


@given(st.lists(_mutations(), max_size=3))
def test_arxiv_damage_raises_only_our_errors(mutations: list[tuple[int, int, str]]) -> None:
    text = ARXIV_XML
    for mutation in mutations:
        text = _mutate(text, mutation)
    try:
        _check(parse_arxiv(text, "feed.xml"))
    except IngestError as error:
        assert "feed.xml" in str(error)  # noqa: PT017 (the error must name its source)


@given(st.lists(st.text(max_size=80) | _JSON.map(json.dumps), max_size=6))
def test_jsonl_bad_lines_are_problems_and_good_lines_survive(lines: list[str]) -> None:
    good = json.dumps({"title": "A Good Paper", "abstract": ABSTRACT})
    text = "\n".join([*(line.replace("\n", " ") for line in lines), good])
    result = parse_jsonl(text, "papers.jsonl")
    assert "A Good Paper" in {p.title for p in result.papers}
    for problem in result.problems:
        assert problem.source == "papers.jsonl"
        assert problem.line is not None and 1 <= problem.line <= len(lines) + 1


@given(st.text(max_size=300))
def test_question_parser_takes_any_text(question: str) -> None:
    query = parse_metadata(question, ["TIGER-Lab", "AI at Meta"], 2025)
    papers = [
        Paper(id="a", title="A", abstract=".", upvotes=3, author_count=2, date="2024-04-10"),
        Paper(id="b", title="B", abstract="."),
    ]
    if query is not None:
        result = run_metadata(query, papers)
        assert len(result.papers) + result.missing <= len(papers)
        assert isinstance(query.topic, str)
    assert all(len(name) >= 2 for name in extract_names(question, question))
