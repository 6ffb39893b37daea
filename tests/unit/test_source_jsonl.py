"""JSON Lines papers: good and bad lines, and the export round trip."""

from __future__ import annotations

import dataclasses
import json
import logging
import re
from pathlib import Path

import pytest

from ingest.errors import SourceError
from ingest.limits import RecordLimits
from ingest.sources.hf_api import read_hf_api
from ingest.sources.jsonl import parse_jsonl, read_jsonl, write_jsonl
from rag.model import Paper

HF_FIXTURES = Path(__file__).parents[1] / "data" / "fixtures" / "hf_daily_papers"


def _line(**fields: object) -> str:
    return json.dumps({"title": "A Title", "abstract": "An abstract.", **fields})


def test_full_record_becomes_a_paper() -> None:
    text = _line(
        id="custom-id",
        arxiv_id="2401.01234",
        url="https://example.org/paper",
        date="2024-01-05",
        upvotes=7,
        authors=["Ada Lovelace", "Alan Turing"],
        author_count=3,
        organisation="Lab",
        summary="One line.",
        github_url="https://github.com/x/y",
        project_url="https://x.github.io/y",
    )

    result = parse_jsonl(text, "papers.jsonl")

    assert result.problems == ()
    assert result.papers == (
        Paper(
            id="custom-id",
            title="A Title",
            abstract="An abstract.",
            arxiv_id="2401.01234",
            url="https://example.org/paper",
            date="2024-01-05",
            upvotes=7,
            authors=("Ada Lovelace", "Alan Turing"),
            author_count=3,
            organisation="Lab",
            summary="One line.",
            github_url="https://github.com/x/y",
            project_url="https://x.github.io/y",
            sources=("papers.jsonl",),
        ),
    )


def test_minimal_record_gets_a_derived_id_and_none_elsewhere() -> None:
    (by_title,) = parse_jsonl(_line(), "p").papers
    (by_arxiv,) = parse_jsonl(_line(arxiv_id="arXiv:2401.01234v2", authors=["A"]), "p").papers

    assert by_title.id == "a-title"
    assert by_title.arxiv_id is None
    assert by_title.date is None
    assert by_title.upvotes is None
    assert by_title.authors == ()
    assert by_title.author_count is None
    assert by_arxiv.id == "2401.01234"
    assert by_arxiv.arxiv_id == "2401.01234"
    assert by_arxiv.author_count == 1


def test_bad_lines_are_problems_with_line_numbers_and_good_lines_survive() -> None:
    lines = [
        _line(title="First", arxiv_id="2401.00001"),  # 1
        "",  # 2
        '{"title": "Broken", "abstract": ',  # 3
        json.dumps({"abstract": "No title."}),  # 4
        json.dumps({"title": "No abstract"}),  # 5
        _line(title="Bad votes", upvotes="abc"),  # 6
        _line(title="Bad date", date="2024/01/05"),  # 7
        _line(title="No such day", date="2024-02-30"),  # 8
        _line(title="Bad authors", authors="Ada"),  # 9
        _line(title="Bad arxiv", arxiv_id="not-an-id"),  # 10
        "[1, 2]",  # 11
        _line(title="True votes", upvotes=True),  # 12
        "   ",  # 13
        _line(title="Last", arxiv_id="2401.00002"),  # 14
    ]

    result = parse_jsonl("\n".join(lines) + "\n", "mixed.jsonl")

    assert [paper.title for paper in result.papers] == ["First", "Last"]
    assert [(problem.line, problem.message) for problem in result.problems] == [
        (3, "invalid JSON at column 33: Expecting value"),
        (4, "missing 'title'"),
        (5, "missing 'abstract'"),
        (6, "'upvotes' should be a non-negative integer, found 'abc'"),
        (7, "'date' should be YYYY-MM-DD, found '2024/01/05'"),
        (8, "'date' is not a real date: '2024-02-30'"),
        (9, "'authors' should be a list of strings, found 'Ada'"),
        (10, "'arxiv_id' is not an arXiv id: 'not-an-id'"),
        (11, "expected a JSON object, found list"),
        (12, "'upvotes' should be a non-negative integer, found True"),
    ]
    assert str(result.problems[0]) == "mixed.jsonl:3: invalid JSON at column 33: Expecting value"


def test_line_separator_characters_inside_strings_do_not_split_a_record() -> None:
    text = json.dumps({"title": "T", "abstract": "one\u2028two"}, ensure_ascii=False)
    assert "\u2028" in text

    result = parse_jsonl(text + "\r\n", "p")

    assert result.problems == ()
    assert result.papers[0].abstract == "one two"


def test_hard_wrapped_text_is_joined() -> None:
    (paper,) = parse_jsonl(_line(title="A\n  Wrapped Title", summary="x\ny"), "p").papers
    assert paper.title == "A Wrapped Title"
    assert paper.summary == "x y"


def test_unknown_keys_are_logged_and_the_paper_kept(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="ingest.sources.jsonl"):
        result = parse_jsonl(_line(stars=3, sources=["elsewhere"]), "p")

    assert len(result.papers) == 1
    assert result.papers[0].sources == ("p",)
    assert "ignored unknown keys sources, stars" in caplog.text


def test_duplicate_ids_are_merged() -> None:
    text = "\n".join([_line(id="x", upvotes=1), _line(id="x", upvotes=5, date="2024-01-01")])

    (paper,) = parse_jsonl(text, "p").papers

    assert (paper.upvotes, paper.date) == (5, "2024-01-01")


def test_round_trip_of_real_papers(tmp_path: Path) -> None:
    papers = [
        *read_hf_api(HF_FIXTURES / "daily_papers_2026-08-20.json").papers,
        *read_hf_api(HF_FIXTURES / "daily_papers_2024-10-25.json").papers,
    ]
    path = tmp_path / "export" / "papers.jsonl"

    written = write_jsonl(papers, path)
    result = read_jsonl(path)

    assert written == 40
    assert len(path.read_text(encoding="utf-8").splitlines()) == 40
    assert "Zetta ζ" in path.read_text(encoding="utf-8")
    assert result.problems == ()
    assert list(result.papers) == [dataclasses.replace(paper, sources=("papers.jsonl",)) for paper in papers]


def test_round_trip_keeps_an_unknown_author_count_unknown(tmp_path: Path) -> None:
    paper = Paper(id="x", title="T", abstract="A", authors=("Ada",), author_count=None)
    path = tmp_path / "one.jsonl"

    write_jsonl([paper], path)

    assert read_jsonl(path).papers == (dataclasses.replace(paper, sources=("one.jsonl",)),)


def test_write_replaces_an_existing_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "papers.jsonl"
    path.write_text("old content\n", encoding="utf-8")

    assert write_jsonl([], path) == 0
    assert path.read_text(encoding="utf-8") == ""
    assert [item.name for item in tmp_path.iterdir()] == ["papers.jsonl"]


def test_read_missing_file_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=re.escape("missing.jsonl")):
        read_jsonl(tmp_path / "missing.jsonl")


def test_an_undecodable_byte_costs_its_line_only(tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    good = json.dumps({"title": "Good paper", "abstract": "A fine abstract."}).encode()
    path.write_bytes(b'{"title": "Caf\xe9", "abstract": "x"}\n' + good + b"\n")
    result = read_jsonl(path)
    assert [paper.title for paper in result.papers] == ["Good paper"]
    assert [(p.source, p.line) for p in result.problems] == [("latin1.jsonl", 1)]
    assert "invalid UTF-8 at byte 15" in result.problems[0].message


def test_json_nested_1200_deep_costs_its_line_only() -> None:
    deep = "[" * 1200 + "]" * 1200
    good = json.dumps({"title": "Good paper", "abstract": "A fine abstract."})
    result = parse_jsonl(f"{deep}\n{good}\n", "deep.jsonl")
    assert [paper.title for paper in result.papers] == ["Good paper"]
    assert [str(p) for p in result.problems] == ["deep.jsonl:1: JSON nested too deeply to read"]


def test_an_oversized_line_is_refused_before_it_is_decoded() -> None:
    huge = json.dumps({"title": "Huge", "abstract": "word " * 300_000})
    good = json.dumps({"title": "Good paper", "abstract": "A fine abstract."})
    result = parse_jsonl(f"{huge}\n{good}\n", "big.jsonl", RecordLimits(max_record_chars=1_000_000))
    assert [paper.title for paper in result.papers] == ["Good paper"]
    [problem] = result.problems
    assert problem.line == 1 and "PAPERBOT_MAX_RECORD_CHARS" in problem.message


def test_one_id_with_two_different_papers_is_reported_not_merged() -> None:
    lines = [
        {"id": "same", "title": "Reward models for image editing", "abstract": "We train a reward model."},
        {"id": "same", "title": "Tutoring with language models", "abstract": "We study tutoring dialogues."},
    ]
    result = parse_jsonl("\n".join(json.dumps(line) for line in lines), "two.jsonl")
    [paper] = result.papers
    assert paper.title == "Reward models for image editing"
    assert paper.abstract == "We train a reward model."  # nothing of the other record mixed in
    [problem] = result.problems
    assert problem.source == "two.jsonl:2" and "two.jsonl:1" in problem.message
