from __future__ import annotations

import re

from rag.cite import abstract_links, bibtex, enforce_citations, strip_markers
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


GREENBLATT = Paper(
    id="2412.14093",
    title="Alignment faking in large language models",
    abstract=".",
    arxiv_id="2412.14093",
    authors=("Ryan Greenblatt", "Carson Denison", "Sören Mindermann", "Samuel R. Bowman"),
    date="2025-01-03",  # a listing's date; the citation's year is the first version's
    first_version="2024-12-18",
    primary_category="cs.AI",
)


def test_bibtex_in_the_form_arxiv_and_google_scholar_give() -> None:
    assert bibtex(GREENBLATT) == (
        "@misc{greenblatt2024alignment,\n"
        "  title = {{Alignment faking in large language models}},\n"
        '  author = {Ryan Greenblatt and Carson Denison and S{\\"o}ren Mindermann and Samuel R. Bowman},\n'
        "  year = {2024},\n"
        "  eprint = {2412.14093},\n"
        "  archivePrefix = {arXiv},\n"
        "  primaryClass = {cs.AI},\n"
        "  url = {https://arxiv.org/abs/2412.14093},\n"
        "  doi = {10.48550/arXiv.2412.14093}\n"
        "}"
    )


def test_a_key_never_says_nd_and_no_name_is_invented() -> None:
    undated = bibtex(Paper("transfer-x", "Transfer Learning for Everything", "."))
    assert undated.startswith("@misc{transfer,\n")
    assert "nd" not in undated.split(",")[0]
    assert "author" not in undated and "year" not in undated
    assert "names not listed in the source" in undated
    # A first author with accents and a suffix still gives an ASCII surname.
    paper = Paper("p", "Über Alles", ".", authors=("José Núñez Jr.",), date="2023-02-01")
    assert bibtex(paper).startswith("@misc{nunez2023uber,\n")


def _field_values(entry: str) -> dict[str, str]:
    """The entry's fields as a brace-counting BibTeX reader sees them (escapes do not hide a
    brace from BibTeX, which is why none may be left unbalanced)."""
    fields: dict[str, str] = {}
    body = entry[entry.index(",") + 1 : entry.rindex("}")]
    position = 0
    while True:
        match = re.compile(r"\s*(\w+) = \{").match(body, position)
        if not match:
            assert body[position:].strip(" ,\n") == "", f"text outside any field: {body[position:]!r}"
            return fields
        depth, index = 1, match.end()
        while depth:
            assert index < len(body), "a field is never closed"
            depth += {"{": 1, "}": -1}.get(body[index], 0)
            index += 1
        assert match.group(1) not in fields
        fields[match.group(1)] = body[match.end() : index - 1]
        position = index + 1 if body[index : index + 1] == "," else index


def test_no_title_can_close_its_field_or_add_one() -> None:
    hostile = Paper(
        "h",
        "Evil}, author = {Mallory}, note = {x} {Unbalanced { brace \\ and $math$ # _ ~ ^",
        ".",
        authors=("Ada {Lovelace",),
        date="2024-01-01",
    )
    fields = _field_values(bibtex(hostile))
    assert set(fields) == {"title", "author", "year"}
    assert fields["author"] == "Ada \\textbraceleft{}Lovelace"
    # the title as read (its markup and braces gone), escaped: still one field
    assert "Evil, author = Mallory" in fields["title"] and "math" in fields["title"]
    for escaped in (
        "\\textbackslash{}",
        "\\#",
        "\\_",
        "\\textasciitilde{}",
        "\\textasciicircum{}",
    ):
        assert escaped in fields["title"]


def test_bibtex_escapes_accents_ampersands_and_percent_and_keeps_greek_as_written() -> None:
    paper = Paper("p", "Café & Crème: 100% Naïve PixArt-α, Łódź and façade", ".", date="2024-01-01")
    title = _field_values(bibtex(paper))["title"]
    assert title == (
        "{Caf{\\'e} \\& Cr{\\`e}me: 100\\% Na{\\\"\\i}ve PixArt-α, {\\L}{\\'o}d{\\'z} and fa{\\c{c}}ade}"
    )
    # a power written with a caret is raised; a caret alone is escaped
    raised = _field_values(bibtex(Paper("p", "Align^2LLaVA: x^y", ".")))["title"]
    assert raised == "{Align²LLaVA: x\\textasciicircum{}y}"
    consortium = Paper("p", "T", ".", authors=("Research and Development Team", "Ada Lovelace"))
    assert "author = {{Research and Development Team} and Ada Lovelace}" in bibtex(consortium)


def test_bibtex_gives_the_title_as_read_not_the_listing_s_markup() -> None:
    paper = Paper(
        "irepo", "$i$REPO: $i$mplicit Reward Pairwise Difference", "An abstract.", date="2024-05-24"
    )
    entry = bibtex(paper)
    assert "title = {{iREPO: implicit Reward Pairwise Difference}}" in entry, entry
    assert "$" not in entry


def test_the_addresses_an_abstract_gives_lose_the_sentence_s_full_stop() -> None:
    text = "Code is at https://github.com/GengDavid/SLCA. See https://x.github.io/page, and https://github.com/GengDavid/SLCA."
    assert abstract_links(text) == ("https://github.com/GengDavid/SLCA", "https://x.github.io/page")
    assert abstract_links("No address here.") == ()
