"""A paper as one line of text and as RIS (bot/render/citation.py), and enrich's report lines."""

from __future__ import annotations

from bot.render.citation import citation, citation_ris, citation_text, enrich_stopped_text
from ingest.enrich import EnrichReport, EnrichStoppedError, Outcome, Resolution
from rag.model import Paper

PAPER = Paper(
    id="2412.14093",
    title="Alignment faking in large language models",
    abstract="We present a demonstration\nof alignment faking.",
    arxiv_id="2412.14093",
    authors=("Ryan Greenblatt", "Carson Denison", "Benjamin Wright"),
    first_version="2024-12-18",
    primary_category="cs.AI",
)


def test_text_citation_names_the_first_author_the_year_and_the_arxiv_id() -> None:
    assert citation_text(PAPER) == (
        "Greenblatt et al. (2024). Alignment faking in large language models. arXiv:2412.14093."
    )
    two = Paper("p", "Is It Fair?", ".", authors=("Ada Lovelace", "Alan Turing"), date="2023-05-01")
    assert citation_text(two) == "Lovelace and Turing (2023). Is It Fair?"
    # No authors, no year: nothing invented, no "n.d."; the search link is not a citation link.
    bare = Paper("transfer", "Transfer Learning", ".")
    assert citation_text(bare) == "Transfer Learning."
    dated = Paper("editreward", "EditReward: A Reward Model", ".", date="2025-09-30")
    assert citation_text(dated) == "EditReward: A Reward Model (2025)."


def test_ris_has_one_line_per_tag_and_every_author() -> None:
    lines = citation_ris(PAPER).splitlines()
    assert lines[0] == "TY  - UNPB"
    assert [line for line in lines if line.startswith("AU")] == [
        "AU  - Ryan Greenblatt",
        "AU  - Carson Denison",
        "AU  - Benjamin Wright",
    ]
    assert "PY  - 2024" in lines and "DA  - 2024/12/18" in lines
    assert "DO  - 10.48550/arXiv.2412.14093" in lines
    assert "UR  - https://arxiv.org/abs/2412.14093" in lines
    assert "AB  - We present a demonstration of alignment faking." in lines
    assert lines[-1] == "ER  -"
    assert citation(PAPER, "ris") == citation_ris(PAPER)
    assert citation(PAPER, "bibtex").startswith("@misc{greenblatt2024alignment,")


def test_offline_is_one_line_and_says_nothing_changed() -> None:
    offline = EnrichStoppedError("cannot resolve", EnrichReport(), "export.arxiv.org", unreachable=True)
    assert enrich_stopped_text(offline) == (
        "cannot reach export.arxiv.org: enrich needs the network; nothing was changed"
    )
    done = (Resolution(PAPER, Outcome.MATCHED, PAPER, ("title",)),)
    partway = EnrichStoppedError("HTTP 503", EnrichReport(done), "export.arxiv.org", unreachable=True)
    assert "the 1 matched so far are kept" in enrich_stopped_text(partway)
    assert "\n" not in enrich_stopped_text(partway)


def test_the_parser_offers_exactly_the_formats_rendering_writes() -> None:
    from bot.arguments import CITATION_FORMATS as OFFERED
    from bot.render.citation import CITATION_FORMATS as WRITTEN

    assert OFFERED == WRITTEN
