"""arXiv API Atom feeds: the two recorded responses, the API's error feed, and broken XML."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.errors import SourceError
from ingest.sources.arxiv import parse_arxiv, read_arxiv, total_results

FIXTURES = Path(__file__).parents[1] / "data" / "fixtures" / "arxiv"
SEARCH = FIXTURES / "api_query_search_cs.RO_2entries_2025-10-17.xml"
ID_LIST = FIXTURES / "api_query_id_list_1601.00001_with_doi_2020-09-04.xml"

_OPENSEARCH = 'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"'


def _feed(*entries: str, total: int | None = None) -> str:
    count = (
        f"<opensearch:totalResults {_OPENSEARCH}>{total}</opensearch:totalResults>"
        if total is not None
        else ""
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"  <title>ArXiv Query</title>\n  {count}\n" + "\n".join(entries) + "\n</feed>\n"
    )


def _entry(
    entry_id: str | None = "http://arxiv.org/abs/2401.00001v1",
    title: str | None = "A Title",
    summary: str | None = "An abstract.",
    published: str = "2024-01-02T03:04:05Z",
) -> str:
    parts = ["<entry>"]
    if entry_id is not None:
        parts.append(f"<id>{entry_id}</id>")
    parts.append(f"<published>{published}</published>")
    if title is not None:
        parts.append(f"<title>{title}</title>")
    if summary is not None:
        parts.append(f"<summary>{summary}</summary>")
    parts.append("<author><name>Ada Lovelace</name></author></entry>")
    return "".join(parts)


def test_search_response_parses_both_entries() -> None:
    result = read_arxiv(SEARCH)

    assert result.problems == ()
    assert [paper.id for paper in result.papers] == ["2510.14968", "2510.14827"]
    rdd, flow = result.papers
    assert rdd.title == (
        "RDD: Retrieval-Based Demonstration Decomposer for Planner Alignment in Long-Horizon Tasks"
    )
    assert rdd.abstract.startswith("To tackle long-horizon tasks, recent hierarchical")
    assert rdd.abstract.endswith("Code and more results are available at rdd-neurips.github.io.")
    assert "\n" not in rdd.abstract
    assert "  " not in rdd.abstract
    assert rdd.arxiv_id == "2510.14968"
    assert rdd.url == "https://arxiv.org/abs/2510.14968"
    assert rdd.date == "2025-10-16"
    assert rdd.authors == ("Mingxuan Yan", "Yuping Wang", "Zechun Liu", "Jiachen Li")
    assert rdd.author_count == 4
    assert rdd.sources == ("api_query_search_cs.RO_2entries_2025-10-17.xml",)
    assert flow.title == "Neural Implicit Flow Fields for Spatio-Temporal Motion Mapping"
    assert flow.author_count == 6
    assert flow.authors[-1] == "Martin Magnusson"


def test_arxiv_has_no_upvotes_summary_or_links_beyond_the_abs_page() -> None:
    for paper in read_arxiv(SEARCH).papers + read_arxiv(ID_LIST).papers:
        assert paper.upvotes is None
        assert paper.summary is None
        assert paper.organisation is None
        assert paper.github_url is None
        assert paper.project_url is None


def test_id_list_response_keeps_tex_and_joins_the_wrapped_title() -> None:
    result = read_arxiv(ID_LIST)

    assert result.problems == ()
    (paper,) = result.papers
    assert paper.id == "1601.00001"
    assert paper.title == (
        "Inelastic effects in molecular transport junctions: The probe technique at high bias"
    )
    assert paper.date == "2015-12-26"
    assert paper.authors == ("Michael Kilgour", "Dvira Segal")
    assert paper.abstract.startswith('We extend the Landauer-B\\"uttiker probe formalism')
    assert "$I$-$V$ characteristics" in paper.abstract


def test_total_results_of_the_recorded_feeds() -> None:
    assert total_results(SEARCH.read_text(encoding="utf-8")) == 5619
    assert total_results(ID_LIST.read_text(encoding="utf-8")) == 1
    assert total_results(_feed()) is None


def test_error_feed_is_a_source_error_with_arxivs_message() -> None:
    error_feed = _feed(
        "<entry>"
        "<id>http://arxiv.org/api/errors#incorrect_id_format_for_1234.12345v</id>"
        "<title>Error</title>"
        "<summary>incorrect id format for 1234.12345v</summary>"
        "<updated>2024-01-01T00:00:00-05:00</updated>"
        "<author><name>arXiv api core</name></author>"
        "</entry>",
        total=1,
    )

    with pytest.raises(SourceError) as caught:
        parse_arxiv(error_feed, "query")

    assert str(caught.value) == (
        "query: the arXiv API answered with an error: incorrect id format for 1234.12345v"
    )


def test_truncated_xml_is_a_source_error_with_line_and_column() -> None:
    text = SEARCH.read_text(encoding="utf-8")
    cut = text[: text.index("<author>")]

    with pytest.raises(SourceError, match=r"^cut\.xml: malformed XML at line \d+, column \d+"):
        parse_arxiv(cut, "cut.xml")


def test_truncated_xml_fails_total_results_too() -> None:
    with pytest.raises(SourceError, match="malformed XML"):
        total_results("<feed")


def test_a_document_that_is_not_an_atom_feed_is_a_source_error() -> None:
    with pytest.raises(SourceError, match="expected an Atom <feed>, found <html>"):
        parse_arxiv("<html><body>Service unavailable</body></html>", "page")


def test_entries_without_id_title_or_summary_are_problems_and_the_rest_parsed() -> None:
    feed = _feed(
        _entry(),
        _entry(entry_id=None),
        _entry(entry_id="http://arxiv.org/abs/2401.00003v1", title=None),
        _entry(entry_id="http://arxiv.org/abs/2401.00004v1", summary="   "),
        _entry(entry_id="http://example.org/not-arxiv"),
        _entry(entry_id="http://arxiv.org/abs/2401.00006v1", published="soon"),
        _entry(entry_id="http://arxiv.org/abs/2401.00007v3", title="Last\n  One"),
    )

    result = parse_arxiv(feed, "mixed")

    assert [paper.id for paper in result.papers] == ["2401.00001", "2401.00007"]
    assert result.papers[1].title == "Last One"
    assert [problem.message for problem in result.problems] == [
        "entry 2: no <id>",
        "entry 3: 2401.00003: no <title>",
        "entry 4: 2401.00004: no <summary>",
        "entry 5: <id> is not an arXiv id: 'http://example.org/not-arxiv'",
        "entry 6: 2401.00006: <published> is not an ISO timestamp: 'soon'",
    ]
    assert all(problem.line is None for problem in result.problems)


def test_versions_are_dropped_from_ids_and_links_and_old_style_ids_work() -> None:
    feed = _feed(
        _entry(entry_id="http://arxiv.org/abs/2401.01234v12"),
        _entry(entry_id="http://arxiv.org/abs/hep-th/9901001v2", title="Old"),
    )

    new, old = parse_arxiv(feed, "f").papers

    assert (new.id, new.url) == ("2401.01234", "https://arxiv.org/abs/2401.01234")
    assert (old.id, old.url) == ("hep-th/9901001", "https://arxiv.org/abs/hep-th/9901001")


def test_the_same_paper_twice_in_a_feed_is_merged() -> None:
    feed = _feed(_entry(), _entry(entry_id="http://arxiv.org/abs/2401.00001v2"))

    result = parse_arxiv(feed, "f")

    assert [paper.id for paper in result.papers] == ["2401.00001"]


def test_empty_feed_is_no_papers_and_no_problems() -> None:
    result = parse_arxiv(_feed(total=0), "empty")

    assert result.papers == ()
    assert result.problems == ()


def test_read_missing_file_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=re.escape("missing.xml")):
        read_arxiv(tmp_path / "missing.xml")


def test_read_undecodable_bytes_names_the_path(tmp_path: Path) -> None:
    path = tmp_path / "latin1.xml"
    path.write_bytes(b"<feed>Caf\xe9</feed>")
    with pytest.raises(SourceError, match=re.escape("latin1.xml")):
        read_arxiv(path)
