from __future__ import annotations

from pathlib import Path

import pytest

from ingest.errors import SourceError
from ingest.sources.hf_listing import capture_year_for, parse_listing, read_listing
from rag.papers import merge_all
from tests.conftest import SEEDS

PAGES = sorted(SEEDS.glob("*.txt"))


def _all_papers() -> list:
    return merge_all([p for page in PAGES for p in read_listing(page).papers])


def test_the_four_pages_give_205_unique_papers_without_problems() -> None:
    results = [read_listing(page) for page in PAGES]
    assert [len(r.papers) for r in results] == [74, 77, 74, 57]
    assert all(not r.problems for r in results)
    papers = _all_papers()
    assert len(papers) == 205
    assert len({p.id for p in papers}) == 205


def test_papers_on_several_pages_are_merged_with_all_their_sources() -> None:
    papers = {p.id: p for p in _all_papers()}
    shared = [p for p in papers.values() if len(p.sources) > 1]
    assert len(shared) == 54
    infalign = papers["infalign-inference-aware-language-model-alignment"]
    assert set(infalign.sources) >= {"000_886d504733475a71.txt"}


def test_organisation_lines_stand_where_the_author_count_would() -> None:
    papers = _all_papers()
    organisations = {p.title.split(":")[0]: p.organisation for p in papers if p.organisation}
    assert organisations == {
        "PaCo-RL": "X-GenGroup X-Gen Group",
        "OpenRubrics": "OpenRubrics",
        "The Alignment Waltz": "facebook AI at Meta",
        "EditReward": "TIGER-Lab",
    }
    edit_reward = next(p for p in papers if p.title.startswith("EditReward"))
    assert edit_reward.author_count is None
    assert (edit_reward.date, edit_reward.upvotes) == ("2025-09-30", 3)


def test_dates_years_and_upvotes() -> None:
    papers = {p.title: p for p in _all_papers()}
    # "Apr 10 2": no year printed (the capture year, 2025), 2 upvotes.
    ai_u = papers["AI-University: An LLM-based platform for instructional alignment to scientific classrooms"]
    assert (ai_u.date, ai_u.upvotes, ai_u.author_count) == ("2025-04-10", 2, 8)
    # "Oct 29, 2023 1": a year and 1 upvote.
    behavior = papers["Behavior Alignment via Reward Function Optimization"]
    assert (behavior.date, behavior.upvotes) == ("2023-10-29", 1)
    # "Jun 13, 2024": a year, no upvotes.
    bidirectional = next(p for t, p in papers.items() if t.startswith("Towards Bidirectional Human-AI"))
    assert (bidirectional.date, bidirectional.upvotes, bidirectional.author_count) == ("2024-06-13", None, 24)


def test_papers_without_metadata_have_none_not_guesses() -> None:
    result = read_listing(PAGES[0])
    assert all(p.date is None and p.upvotes is None and p.author_count is None for p in result.papers)
    assert result.papers[0].title.startswith("EPO: Explicit Policy Optimization")


def test_header_and_listing_date_are_not_papers() -> None:
    titles = {p.title for p in _all_papers()}
    assert not titles & {"new", "Subscribe", "Daily Papers", "Jun 6", "Oct 29", "Mar 11", "Dec 10"}


ABSTRACT = "We study a problem in depth and propose a method that works well on many benchmarks. " * 2
GOOD = f"Subscribe\n\nOct 1\n\nGood Paper\n\n{ABSTRACT}\n\n  • 3 authors\n·\nSep 2, 2024 4\n\n"


def test_a_truncated_page_names_file_and_line_and_keeps_the_rest() -> None:
    text = GOOD + "Truncated Paper\n"
    result = parse_listing(text, "page.txt", capture_year=2025)
    assert [p.title for p in result.papers] == ["Good Paper"]
    assert result.papers[0].upvotes == 4
    [problem] = result.problems
    assert (problem.source, problem.line) == ("page.txt", 13)
    assert "ends after the title" in problem.message
    assert str(problem).startswith("page.txt:13:")


def test_a_bad_date_is_reported_and_the_paper_kept() -> None:
    text = (
        GOOD.replace("Sep 2, 2024 4", "Sep 2, 2024 4") + f"Second\n\n{ABSTRACT}\n\n  • 2 authors\n·\nFeb 30\n"
    )
    result = parse_listing(text, "p.txt", capture_year=2025)
    assert [p.title for p in result.papers] == ["Good Paper", "Second"]
    assert result.papers[1].date is None and result.papers[1].author_count == 2
    assert len(result.problems) == 1 and "no such date" in result.problems[0].message


def test_a_missing_abstract_is_reported_and_parsing_resynchronises() -> None:
    text = "Oct 1\n\nLonely Title\n\nNext Title\n\n" + ABSTRACT + "\n"
    result = parse_listing(text, "p.txt", capture_year=2025)
    assert [p.title for p in result.papers] == ["Next Title"]
    assert result.problems and result.problems[0].line == 5


def test_capture_year_comes_from_the_manifest(tmp_path: Path) -> None:
    assert capture_year_for(PAGES[0]) == 2025
    page = tmp_path / "page.txt"
    page.write_text(GOOD.replace("Sep 2, 2024 4", "Sep 2"), encoding="utf-8")
    (tmp_path / "manifest.json").write_text('{"default_capture_year": 2019, "pages": {}}', encoding="utf-8")
    assert read_listing(page).papers[0].date == "2019-09-02"
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(SourceError, match="manifest"):
        read_listing(page)


def test_unreadable_file_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"missing\.txt"):
        read_listing(tmp_path / "missing.txt", capture_year=2025)
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(SourceError, match=r"binary\.txt"):
        read_listing(binary, capture_year=2025)
