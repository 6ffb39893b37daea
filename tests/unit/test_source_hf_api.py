"""Hugging Face daily_papers JSON: the recorded responses of three schema eras, and broken ones."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from ingest.errors import SourceError
from ingest.limits import RecordLimits
from ingest.sources.hf_api import parse_hf_api, parse_hf_api_payload, read_hf_api

FIXTURES = Path(__file__).parents[1] / "data" / "fixtures" / "hf_daily_papers"
OLD_ERA = FIXTURES / "daily_papers_2024-10-25.json"
MID_2025 = FIXTURES / "daily_papers_2025-07-07_single.json"
CURRENT = FIXTURES / "daily_papers_2026-08-20.json"


def _single_item() -> dict[str, object]:
    items = json.loads(MID_2025.read_text(encoding="utf-8"))
    assert isinstance(items, list)
    item = items[0]
    assert isinstance(item, dict)
    return item


def test_old_era_file_parses_every_item_with_joined_line_breaks() -> None:
    result = read_hf_api(OLD_ERA)

    assert result.problems == ()
    assert len(result.papers) == 25
    first = result.papers[0]
    assert first.id == "2410.17243"
    assert first.arxiv_id == "2410.17243"
    assert first.title == (
        "Breaking the Memory Barrier: Near Infinite Batch Size Scaling for Contrastive Loss"
    )
    assert first.abstract.startswith(
        "Contrastive loss is a powerful approach for representation learning, where larger"
    )
    assert first.upvotes == 39
    assert first.author_count == 9
    assert first.authors[0] == "Zesen Cheng"
    assert first.url == "https://arxiv.org/abs/2410.17243"
    assert first.sources == ("daily_papers_2024-10-25.json",)
    for paper in result.papers:
        assert "\n" not in paper.title
        assert "\n" not in paper.abstract
        assert "  " not in paper.title


def test_old_era_dates_are_the_featured_day_not_the_arxiv_day() -> None:
    papers = read_hf_api(OLD_ERA).papers

    # No submittedOnDailyAt in 2024: the item's publishedAt is the featuring time, while
    # paper.publishedAt (2024-10-22 for the first paper) is the arXiv date.
    assert {paper.date for paper in papers} == {"2024-10-25"}


def test_old_era_optional_fields_are_none() -> None:
    for paper in read_hf_api(OLD_ERA).papers:
        assert paper.summary is None
        assert paper.github_url is None
        assert paper.project_url is None
        assert paper.organisation is None


def test_old_era_hidden_author_is_still_an_author() -> None:
    papers = {paper.id: paper for paper in read_hf_api(OLD_ERA).papers}

    paper = papers["2410.17897"]
    assert paper.title == ("Value Residual Learning For Alleviating Attention Concentration In Transformers")
    assert paper.authors == ("Zhanchao Zhou", "Tianyi Wu", "Zhiyun Jiang", "Zhenzhong Lan")
    assert paper.author_count == 4


def test_mid_2025_single_item_file() -> None:
    result = read_hf_api(MID_2025)

    assert result.problems == ()
    assert len(result.papers) == 1
    paper = result.papers[0]
    assert paper.id == "2507.01853"
    assert paper.title == (
        "Eka-Eval : A Comprehensive Evaluation Framework for Large Language Models in Indian Languages"
    )
    # submittedOnDailyAt (07-07) wins over both publishedAt values (07-02).
    assert paper.date == "2025-07-07"
    assert paper.upvotes == 2
    assert paper.authors == (
        "Samridhi Raj Sinha",
        "Rajvee Sheth",
        "Abhishek Upperwal",
        "Mayank Singh",
    )
    assert paper.summary is not None
    assert paper.summary.startswith("EKA-EVAL is a comprehensive multilingual evaluation")
    assert paper.github_url is None
    assert paper.project_url is None
    assert paper.organisation is None


def test_current_era_file_with_every_optional_field() -> None:
    result = read_hf_api(CURRENT)

    assert result.problems == ()
    assert len(result.papers) == 15
    assert {paper.date for paper in result.papers} == {"2026-08-20"}
    papers = {paper.id: paper for paper in result.papers}
    assert list(papers)[:3] == ["2608.16590", "2608.17253", "2608.18565"]

    zetta = papers["2608.16590"]
    assert zetta.title == (
        "Zetta ζ: An Efficient Closed-Loop Embodied Harness for Self-Evolving Physical Intelligence"
    )
    assert zetta.upvotes == 92
    assert zetta.author_count == 15
    assert zetta.github_url == "https://github.com/air-embodied-brain/Zetta-Embodiment"
    assert zetta.project_url == "https://air-embodied-brain.github.io/zetta/"
    assert zetta.organisation is None
    assert zetta.summary is not None
    assert zetta.summary.startswith("Zetta is a closed-loop embodied harness")

    assert papers["2608.17253"].organisation == "University of California at San Diego"
    assert papers["2608.18565"].organisation == "Midea AI Research Center"
    assert papers["2608.18565"].project_url is None
    assert papers["2608.14929"].project_url == "https://arxiv.org/pdf/2608.14929"
    assert papers["2608.14929"].github_url is None
    # Zero upvotes is a known count, not an unknown one.
    assert papers["2608.14229"].upvotes == 0


def test_truncated_json_is_a_source_error_with_line_and_column() -> None:
    text = OLD_ERA.read_text(encoding="utf-8")
    truncated = text[: len(text) // 2]

    with pytest.raises(SourceError) as caught:
        parse_hf_api(truncated, "cut.json")

    message = str(caught.value)
    assert message.startswith("cut.json: invalid JSON at line ")
    assert "column" in message


def test_list_cut_after_a_complete_item_is_a_source_error() -> None:
    text = json.dumps([_single_item()])
    with pytest.raises(SourceError, match="truncated"):
        parse_hf_api(text[:-1], "cut.json")


def test_missing_comma_between_items_is_a_source_error() -> None:
    item = json.dumps(_single_item())
    with pytest.raises(SourceError, match="line 1, column"):
        parse_hf_api(f"[{item} {item}]", "nocomma.json")


def test_extra_data_after_the_list_is_a_source_error() -> None:
    with pytest.raises(SourceError, match="extra data"):
        parse_hf_api("[] []", "twice.json")


def test_not_json_at_all_is_a_source_error() -> None:
    with pytest.raises(SourceError, match=r"invalid JSON at line 1, column 1"):
        parse_hf_api("<html>rate limited</html>", "page.json")


@pytest.mark.parametrize(
    ("text", "found"),
    [('{"error": "Invalid date"}', "an object"), ('"2024-10-25"', "a string"), ("3", "a number")],
)
def test_non_list_top_level_is_a_source_error(text: str, found: str) -> None:
    with pytest.raises(SourceError) as caught:
        parse_hf_api(text, "odd.json")

    assert str(caught.value) == f"odd.json: expected a JSON list of papers, found {found}"


def test_empty_list_is_no_papers_and_no_problems() -> None:
    result = parse_hf_api("[]\n", "empty.json")
    assert result.papers == ()
    assert result.problems == ()


def _good_and_bad_items() -> list[object]:
    good = _single_item()
    no_title = copy.deepcopy(good)
    paper = no_title["paper"]
    assert isinstance(paper, dict)
    del paper["title"]
    del no_title["title"]
    bad_upvotes = copy.deepcopy(good)
    paper = bad_upvotes["paper"]
    assert isinstance(paper, dict)
    paper["id"] = "2410.99999"
    paper["upvotes"] = "many"
    other = copy.deepcopy(good)
    paper = other["paper"]
    assert isinstance(paper, dict)
    paper["id"] = "2410.11111"
    paper["title"] = "Another Paper"
    return [good, no_title, "not an item", bad_upvotes, other]


def test_bad_items_become_problems_with_their_line_and_the_rest_is_parsed() -> None:
    text = json.dumps(_good_and_bad_items(), indent=2, ensure_ascii=False)
    item_lines = [
        number for number, line in enumerate(text.split("\n"), 1) if line in ("  {", '  "not an item",')
    ]

    result = parse_hf_api(text, "mixed.json")

    assert [paper.id for paper in result.papers] == ["2507.01853", "2410.11111"]
    assert [problem.line for problem in result.problems] == [
        item_lines[1],
        item_lines[2],
        item_lines[3],
    ]
    assert [problem.message for problem in result.problems] == [
        "item 1: no title",
        "item 2: expected an object, found a string",
        "item 3: 'upvotes' should be a count, found 'many'",
    ]
    assert all(problem.source == "mixed.json" for problem in result.problems)


def test_payload_parser_reports_item_indexes_without_lines() -> None:
    result = parse_hf_api_payload(_good_and_bad_items(), "api:2025-07-07")

    assert [paper.id for paper in result.papers] == ["2507.01853", "2410.11111"]
    assert [(problem.line, problem.message[:7]) for problem in result.problems] == [
        (None, "item 1:"),
        (None, "item 2:"),
        (None, "item 3:"),
    ]
    assert result.papers[0].sources == ("api:2025-07-07",)


def test_payload_parser_matches_the_text_parser_on_a_real_file() -> None:
    text = CURRENT.read_text(encoding="utf-8")
    assert parse_hf_api_payload(json.loads(text), "x") == parse_hf_api(text, "x")


def test_payload_parser_rejects_a_non_list() -> None:
    with pytest.raises(SourceError, match="expected a JSON list of papers, found an object"):
        parse_hf_api_payload({"papers": []}, "api")


def test_same_paper_twice_is_merged() -> None:
    first = _single_item()
    second = copy.deepcopy(first)
    paper = second["paper"]
    assert isinstance(paper, dict)
    paper["upvotes"] = 40

    result = parse_hf_api_payload([first, second], "api")

    assert len(result.papers) == 1
    assert result.papers[0].upvotes == 40


def test_minimal_item_leaves_every_unknown_field_none() -> None:
    item = {"paper": {"title": "A\n  Title", "summary": "An\nabstract."}}

    result = parse_hf_api_payload([item], "api")

    assert result.problems == ()
    (paper,) = result.papers
    assert paper.title == "A Title"
    assert paper.abstract == "An abstract."
    assert paper.id == "a-title"
    assert paper.arxiv_id is None
    assert paper.url is None
    assert paper.date is None
    assert paper.upvotes is None
    assert paper.authors == ()
    assert paper.author_count is None
    assert paper.organisation is None
    assert paper.summary is None


def test_date_falls_back_to_the_arxiv_date_and_organisation_to_its_handle() -> None:
    item = {
        "paper": {
            "id": "2401.00001",
            "title": "T",
            "summary": "S",
            "publishedAt": "2024-01-02T23:30:00.000Z",
        },
        "organization": {"name": "some-lab"},
    }

    (paper,) = parse_hf_api_payload([item], "api").papers

    assert paper.date == "2024-01-02"
    assert paper.organisation == "some-lab"


def test_unparseable_date_is_a_problem() -> None:
    item = {"paper": {"title": "T", "summary": "S", "submittedOnDailyAt": "yesterday"}}

    result = parse_hf_api_payload([item], "api")

    assert result.papers == ()
    assert result.problems[0].message == ("item 0: 'submittedOnDailyAt' is not an ISO timestamp: 'yesterday'")


def test_read_missing_file_names_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    with pytest.raises(SourceError, match=re.escape("nope.json")):
        read_hf_api(missing)


def test_bytes_that_are_not_utf8_cost_their_item_only(tmp_path: Path) -> None:
    """A Latin-1 byte inside one item of a recorded response: that item is reported by its
    position and the line of the byte; the other 24 are read."""
    text = OLD_ERA.read_text(encoding="utf-8")
    starts = _item_lines(text)
    data = text.encode("utf-8").replace(b"Scaling for", b"Sc\xe4ling for", 1)
    path = tmp_path / "latin1.json"
    path.write_bytes(data)

    result = read_hf_api(path)

    assert len(result.papers) == 24
    [problem] = result.problems
    byte_line = data[: data.index(b"\xe4")].count(b"\n") + 1
    index = max(i for i, line in enumerate(starts) if line <= byte_line)
    assert (problem.source, problem.line) == ("latin1.json", starts[index])
    assert problem.message == f"item {index}: invalid UTF-8 at line {byte_line}; not read"
    assert all("\udce4" not in paper.title + paper.abstract for paper in result.papers)


def _item_lines(text: str) -> list[int]:
    """The line each top-level item of an indented list (json.dump with indent) starts on."""
    opening = [
        (len(line) - 1, number) for number, line in enumerate(text.split("\n"), 1) if line.strip() == "{"
    ]
    top = min(indent for indent, _ in opening)
    return [number for indent, number in opening if indent == top]


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("position", [0, 7, 14])
def test_an_item_nested_1200_deep_costs_that_item_only(position: int) -> None:
    """The recorded 2026-08-20 response (15 items) with one item's abstract replaced by a list
    nested 1,200 deep, first, in the middle or last: the other 14 are stored, the deep one is
    reported by its position and line, and nothing recurses."""
    items = json.loads(CURRENT.read_text(encoding="utf-8"))
    items[position]["paper"]["summary"] = "@DEEP@"
    text = json.dumps(items, indent=2, ensure_ascii=False).replace('"@DEEP@"', _nested(1200))
    lines = _item_lines(text)

    result = parse_hf_api(text, "deep.json")

    assert len(result.papers) == 14
    assert items[position]["paper"]["id"] not in {paper.arxiv_id for paper in result.papers}
    assert [(p.line, p.message) for p in result.problems] == [
        (lines[position], f"item {position}: nested 1202 levels deep, over the limit of 64; not read")
    ]


def test_brackets_and_quotes_inside_strings_do_not_move_an_item_s_end() -> None:
    """The scan that finds where an item ends skips strings whole, escaped quotes included."""
    items = json.loads(CURRENT.read_text(encoding="utf-8"))
    items[0]["paper"]["title"] = 'Closing }]} brackets and a \\"quoted\\" [title'
    items[1]["paper"]["summary"] = 'An abstract ending in a backslash \\ and "]]}}" ' + "x" * 50
    items.insert(2, {"paper": {"summary": "@DEEP@"}})  # 2 + 100 levels
    # One line: only positions tell the items apart.
    text = json.dumps(items, ensure_ascii=False).replace('"@DEEP@"', _nested(100))

    result = parse_hf_api(text, "odd.json")

    assert len(result.papers) == 15
    assert items[0]["paper"]["title"] in {paper.title for paper in result.papers}
    assert [p.message for p in result.problems] == [
        "item 2: nested 102 levels deep, over the limit of 64; not read"
    ]


def test_an_item_over_the_record_limit_is_not_decoded_and_the_rest_is_read() -> None:
    items = json.loads(CURRENT.read_text(encoding="utf-8"))
    items[3]["paper"]["summary"] = "word " * 4_000  # the real items have at most 8,675 characters
    text = json.dumps(items, indent=2, ensure_ascii=False)
    size = len(json.dumps(items[3], indent=2, ensure_ascii=False).replace("\n", "\n  "))

    result = parse_hf_api(text, "big.json", RecordLimits(max_record_chars=12_000))

    assert len(result.papers) == 14
    [problem] = result.problems
    limit = "over the limit of 12,000 (PAPERBOT_MAX_RECORD_CHARS)"
    assert problem.message == f"item 3: record of {size:,} characters is {limit}; not read"


def test_a_deep_item_in_a_file_that_never_closes_is_still_a_file_error() -> None:
    text = json.dumps([_single_item()])[:-1] + ", " + "[" * 1200
    with pytest.raises(SourceError, match="truncated"):
        parse_hf_api(text, "cut.json")
