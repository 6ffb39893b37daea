from __future__ import annotations

from rag.cite import bibtex, enforce_citations, strip_markers
from rag.model import Paper


def _paper(n: int, **extra: object) -> Paper:
    return Paper(id=f"p{n}", title=f"Paper {n}", abstract="Text.", **extra)  # type: ignore[arg-type]


OFFERED = {1: _paper(1), 2: _paper(2), 3: _paper(3)}


def test_numbers_are_renumbered_by_first_use_and_only_cited_papers_listed() -> None:
    text, citations = enforce_citations("Second claim [3]. First claim [1]. Again [3].", OFFERED)
    assert text == "Second claim [1]. First claim [2]. Again [1]."
    assert [(c.n, c.paper.id) for c in citations] == [(1, "p3"), (2, "p1")]


def test_invented_numbers_are_dropped() -> None:
    text, citations = enforce_citations("Real [2]. Invented [9]. Zero [0].", OFFERED)
    assert text == "Real [1]. Invented. Zero."
    assert [c.paper.id for c in citations] == ["p2"]


def test_grouped_markers_are_split_and_deduplicated() -> None:
    text, citations = enforce_citations("Both [2, 1]. Same twice [2,2].", OFFERED)
    assert text == "Both [1][2]. Same twice [1]."
    assert [c.paper.id for c in citations] == ["p2", "p1"]


def test_no_markers_means_no_citations() -> None:
    text, citations = enforce_citations("Nothing cited here.", OFFERED)
    assert (text, citations) == ("Nothing cited here.", ())


def test_snippets_follow_their_paper() -> None:
    _, citations = enforce_citations("A [3] B [1]", OFFERED, {1: "one", 3: "three"})
    assert [(c.n, c.snippet) for c in citations] == [(1, "three"), (2, "one")]


def test_bibtex_never_invents_authors() -> None:
    entry = bibtex(_paper(1, author_count=7, date="2024-05-01"))
    assert "author =" not in entry
    assert "7 authors, names not listed in the source" in entry
    assert "year = {2024}" in entry
    assert entry.startswith("@misc{paper2024")


def test_bibtex_with_arxiv_and_authors() -> None:
    paper = Paper(
        id="2401.01234",
        title="Fast & Cheap: 100% Better",
        abstract=".",
        arxiv_id="2401.01234",
        authors=("Ada Lovelace", "Alan Turing"),
        date="2024-01-02",
    )
    entry = bibtex(paper)
    assert "author = {Ada Lovelace and Alan Turing}" in entry
    assert "eprint = {2401.01234}" in entry
    assert "archivePrefix = {arXiv}" in entry
    assert "url = {https://arxiv.org/abs/2401.01234}" in entry
    assert r"Fast \& Cheap: 100\% Better" in entry
    assert entry.startswith("@misc{lovelace2024fast")
    # The key's word is the title's first word that says something, not an article.
    unlocking = bibtex(Paper("u", "The Unlocking Spell on Base LLMs", ".", date="2023-12-03"))
    assert unlocking.startswith("@misc{unlocking2023,")


def test_a_quote_keeps_none_of_its_sources_reference_markers() -> None:
    """An abstract's own "[1,2]" was read as the answer's citations: renumbered to cite papers
    the sentence never meant. A quote drops them, and the space they left."""
    quoted = "behave as humans intend [1,2], has become critical before its release [3]."
    assert strip_markers(quoted) == "behave as humans intend, has become critical before its release."
    assert strip_markers("a survey [429]") == "a survey"
    assert strip_markers("scores [0.5, 0.9] and 3 [sic]") == "scores [0.5, 0.9] and 3 [sic]"
