"""A paper as a reference a reader pastes (BibTeX, one line of text, RIS), and what `paperbot
enrich` reports: the words of citations and of resolving papers to arXiv, for every surface."""

from __future__ import annotations

from typing import Any

from ingest.enrich import EnrichReport, EnrichStoppedError, Outcome
from rag.cite import bibtex, surname_of
from rag.markup import display_title
from rag.model import Paper

CITATION_FORMATS = ("bibtex", "text", "ris")


def citation(paper: Paper, style: str = "bibtex") -> str:
    """The paper in one of CITATION_FORMATS."""
    if style == "text":
        return citation_text(paper)
    if style == "ris":
        return citation_ris(paper)
    return bibtex(paper)


def citation_text(paper: Paper) -> str:
    """ "Greenblatt et al. (2024). Alignment faking in large language models. arXiv:2412.14093."
    Without authors the title leads; nothing is invented."""
    surnames = [surname_of(name) for name in paper.authors]
    who = f"{surnames[0]} et al." if len(surnames) > 2 else " and ".join(surnames)
    year = paper.citation_year
    title = display_title(paper.title).rstrip()
    if who:
        head = f"{who} ({year})." if year else who + ("" if who.endswith(".") else ".")
        body = f"{head} {title}"
    else:
        body = f"{title} ({year})" if year else title
    body += "" if body.endswith(("?", "!", ".")) else "."
    where = f"arXiv:{paper.arxiv_id}." if paper.arxiv_id else (paper.link or "")
    return f"{body} {where}".rstrip()


def citation_ris(paper: Paper) -> str:
    """RIS as reference managers import it (Zotero, EndNote, Mendeley): a preprint."""
    lines = [("TY", "UNPB")]
    lines += [("AU", name) for name in paper.authors]
    lines.append(("TI", paper.title))
    year = paper.citation_year
    if year:
        lines.append(("PY", str(year)))
    if paper.first_version or paper.date:
        lines.append(("DA", str(paper.first_version or paper.date).replace("-", "/")))
    if paper.arxiv_id:
        lines += [("PB", "arXiv"), ("M1", f"arXiv:{paper.arxiv_id}")]
        lines.append(("DO", f"10.48550/arXiv.{paper.arxiv_id}"))
    if paper.primary_category:
        lines.append(("KW", paper.primary_category))
    if paper.link:
        lines.append(("UR", paper.link))
    if paper.abstract:
        lines.append(("AB", paper.abstract))
    lines.append(("ER", ""))
    # One line per tag: a value's own line breaks would start a tag of their own.
    return "\n".join(f"{tag}  - {' '.join(value.split())}".rstrip() for tag, value in lines)


# ---- paperbot enrich ------------------------------------------------------------------------


def enrich_report_json(report: EnrichReport) -> dict[str, Any]:
    return report.as_dict()


def enrich_report_text(report: EnrichReport) -> str:
    matched, unmatched, ambiguous = (report.of(outcome) for outcome in Outcome)
    lines = [
        f"enrich: {len(matched)} matched, {len(unmatched)} unmatched, {len(ambiguous)} ambiguous "
        f"({report.already_resolved} already resolved, {report.recently_tried} tried lately; "
        f"{report.requests} arXiv requests)"
    ]
    for found in matched:
        assert found.match is not None
        evidence = ", ".join(found.evidence)
        lines.append(
            f"  matched   {display_title(found.paper.title)} -> arXiv:{found.match.arxiv_id} ({evidence})"
        )
    for found in ambiguous:
        lines.append(
            f"  ambiguous {display_title(found.paper.title)}: arXiv:{', arXiv:'.join(found.candidates)} "
            "fit equally; left as it was"
        )
    if report.recently_tried:
        lines.append("papers tried lately are asked about again after a week, or now with --retry-unmatched")
    return "\n".join(lines)


ENRICH_DISABLED = "Looking papers up on arXiv is not enabled on this bot."


def enrich_summary(report: EnrichReport) -> str:
    """An admin's enrich, in a chat: the counts, and the papers it resolved."""
    matched, unmatched, ambiguous = (report.of(outcome) for outcome in Outcome)
    lines = [
        f"Looked up on arXiv: {len(matched)} matched, {len(unmatched)} unmatched, {len(ambiguous)} "
        f"ambiguous ({report.already_resolved} already resolved, {report.recently_tried} tried lately)."
    ]
    lines += [f"• {display_title(r.paper.title)} → arXiv:{r.match.arxiv_id}" for r in matched[:10] if r.match]
    return "\n".join(lines)


def enrich_stopped_text(stopped: EnrichStoppedError) -> str:
    """One line: offline (nothing changed), or where a run that got part-way stopped."""
    matched = len(stopped.report.of(Outcome.MATCHED))
    if not stopped.report.resolutions:
        if stopped.unreachable:
            return f"cannot reach {stopped.host}: enrich needs the network; nothing was changed"
        return f"the arXiv API failed ({stopped}); nothing was changed"
    return (
        f"the arXiv API stopped answering after {len(stopped.report.resolutions)} papers "
        f"({stopped}); the {matched} matched so far are kept: re-run to go on"
    )
