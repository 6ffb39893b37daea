"""arXiv API (export.arxiv.org/api/query) Atom feeds -> `Paper`s, with the stdlib XML parser.

Parses text only: no HTTP and no feedparser. arXiv reports request errors as a normal feed
holding one `Error` entry; that becomes a `SourceError`, never a paper titled "Error".
"""

from __future__ import annotations

import datetime as dt
import logging
import xml.etree.ElementTree as ET
from pathlib import Path

from ingest.errors import ParseResult, Problem, SourceError
from rag.model import Paper
from rag.papers import UntitledPaperError, clean_text, merge_all, normalize_arxiv_id, paper_id_for

log = logging.getLogger(__name__)

_ATOM = "{http://www.w3.org/2005/Atom}"
_OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
_ARXIV = "{http://arxiv.org/schemas/atom}"
_ERROR_ID_MARK = "arxiv.org/api/errors"


class _EntryError(ValueError):
    """One entry cannot become a Paper; it turns into a Problem, never escapes this module."""


def read_arxiv(path: Path) -> ParseResult:
    """Read and parse one saved arXiv API response."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SourceError(f"{path}: cannot read arXiv Atom feed ({error})") from error
    return parse_arxiv(text, path.name)


def parse_arxiv(text: str, source: str) -> ParseResult:
    """Parse an API response body. Entries have no line numbers (ElementTree keeps none)."""
    entries = _parse_feed(text, source).findall(f"{_ATOM}entry")
    for entry in entries:
        if _is_error_entry(entry):
            message = clean_text(_child_text(entry, "summary") or "no message")
            raise SourceError(f"{source}: the arXiv API answered with an error: {message}")
    papers: list[Paper] = []
    problems: list[Problem] = []
    for number, entry in enumerate(entries, 1):
        try:
            papers.append(_paper_from_entry(entry, source))
        except _EntryError as error:
            problems.append(Problem(source, None, f"entry {number}: {error}"))
    return ParseResult(tuple(merge_all(papers)), tuple(problems))


def total_results(text: str, source: str = "arXiv feed") -> int | None:
    """`opensearch:totalResults`: how many entries the whole query matches (for paging)."""
    element = _parse_feed(text, source).find(f"{_OPENSEARCH}totalResults")
    if element is None or element.text is None:
        return None
    try:
        return int(element.text.strip())
    except ValueError:
        log.warning("%s: totalResults is not a number: %r", source, element.text)
        return None


def _parse_feed(text: str, source: str) -> ET.Element:
    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        line, column = error.position
        raise SourceError(f"{source}: malformed XML at line {line}, column {column}: {error}") from error
    if root.tag != f"{_ATOM}feed":
        raise SourceError(f"{source}: expected an Atom <feed>, found <{root.tag}>")
    return root


def _is_error_entry(entry: ET.Element) -> bool:
    entry_id = _child_text(entry, "id") or ""
    if _ERROR_ID_MARK in entry_id:
        return True
    # Belt and braces: an `Error` entry whose id is no paper's is an error too.
    return _child_text(entry, "title") == "Error" and normalize_arxiv_id(entry_id) is None


def _paper_from_entry(entry: ET.Element, source: str) -> Paper:
    raw_id = _child_text(entry, "id")
    if not raw_id:
        raise _EntryError("no <id>")
    arxiv_id = normalize_arxiv_id(raw_id)
    if arxiv_id is None:
        raise _EntryError(f"<id> is not an arXiv id: {raw_id!r}")
    title = clean_text(_child_text(entry, "title") or "")
    if not title:
        raise _EntryError(f"{arxiv_id}: no <title>")
    abstract = clean_text(_child_text(entry, "summary") or "")
    if not abstract:
        raise _EntryError(f"{arxiv_id}: no <summary>")
    authors = tuple(
        clean_text(name.text)
        for name in entry.findall(f"{_ATOM}author/{_ATOM}name")
        if name.text and name.text.strip()
    )
    published = _published_date(entry, arxiv_id)
    category = entry.find(f"{_ARXIV}primary_category")
    return Paper(
        id=_checked_id(title, arxiv_id),
        title=title,
        abstract=abstract,
        arxiv_id=arxiv_id,
        # Versionless on purpose: the abs page without a version always shows the latest one.
        url=f"https://arxiv.org/abs/{arxiv_id}",
        date=published,
        authors=authors,
        author_count=len(authors) or None,
        sources=(source,),
        primary_category=(category.get("term") or None) if category is not None else None,
        first_version=published,
    )


def _published_date(entry: ET.Element, arxiv_id: str) -> str | None:
    """`published` is the first version's date; `updated` moves with every new version."""
    raw = _child_text(entry, "published")
    if raw is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(raw)
    except ValueError as error:
        raise _EntryError(f"{arxiv_id}: <published> is not an ISO timestamp: {raw!r}") from error
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return moment.date().isoformat()


def _child_text(element: ET.Element, name: str) -> str | None:
    child = element.find(f"{_ATOM}{name}")
    if child is None or child.text is None:
        return None
    return child.text.strip() or None


def _checked_id(title: str, arxiv_id: str | None) -> str:
    try:
        return paper_id_for(title, arxiv_id)
    except UntitledPaperError as error:
        raise _EntryError(str(error)) from error
