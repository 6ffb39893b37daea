"""Hugging Face Daily Papers listing pages (saved as text): the bundled corpus.

A page is a header, the listing date, then papers: title, abstract, and optionally a metadata
block (`• N authors` or an organisation line, `·`, then `Mon D[, YYYY] [upvotes]`).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.errors import ParseResult, Problem, SourceError
from rag.model import Paper
from rag.papers import UntitledPaperError, clean_text, merge_all, paper_id_for

log = logging.getLogger(__name__)

MANIFEST_NAME = "manifest.json"
_HEADER_LINES = frozenset(
    {
        "new",
        "get trending papers in your email inbox!",
        "subscribe",
        "daily papers",
        "byak and the research community",
    }
)
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1
    )
}
_DATE = re.compile(
    r"^(?P<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+(?P<day>\d{1,2})"
    r"(?:,\s*(?P<year>\d{4}))?(?:\s+(?P<upvotes>\d+))?$"
)
_AUTHORS = re.compile(r"^•\s*(?P<count>\d+)\s+authors?$")
_SEPARATOR = "·"
# A title is one short line; an abstract is a paragraph. Anything longer than this where a
# title should be means the page lost a line, and we resynchronise instead of guessing.
_MAX_TITLE_CHARS = 300
_MIN_ABSTRACT_CHARS = 80


@dataclass(frozen=True, slots=True)
class _Line:
    number: int
    text: str


def parse_listing(text: str, source: str, capture_year: int) -> ParseResult:
    """Parse one page. `capture_year` dates the entries printed without a year."""
    lines = [_Line(i, raw.strip()) for i, raw in enumerate(text.splitlines(), 1) if raw.strip()]
    position = _skip_header(lines)
    papers: list[Paper] = []
    problems: list[Problem] = []
    while position < len(lines):
        title = lines[position]
        if _DATE.match(title.text) or title.text == _SEPARATOR or _AUTHORS.match(title.text):
            problems.append(Problem(source, title.number, f"expected a title, found {title.text!r}"))
            position += 1
            continue
        if len(title.text) > _MAX_TITLE_CHARS:
            problems.append(
                Problem(source, title.number, "expected a title, found a paragraph (missing title?)")
            )
            position += 1
            continue
        if position + 1 >= len(lines):
            problems.append(Problem(source, title.number, f"page ends after the title {title.text!r}"))
            break
        abstract = lines[position + 1]
        if len(abstract.text) < _MIN_ABSTRACT_CHARS or _DATE.match(abstract.text):
            problems.append(Problem(source, abstract.number, f"no abstract after the title {title.text!r}"))
            position += 1
            continue
        position += 2
        metadata, position, problem = _read_metadata(lines, position, source, capture_year)
        if problem:
            problems.append(problem)
        try:
            paper_id = paper_id_for(clean_text(title.text))
        except UntitledPaperError as error:
            problems.append(Problem(source, title.number, str(error)))
            continue
        papers.append(
            Paper(
                id=paper_id,
                title=clean_text(title.text),
                abstract=clean_text(abstract.text),
                sources=(source,),
                **metadata,
            )
        )
    return ParseResult(tuple(merge_all(papers)), tuple(problems))


def _skip_header(lines: list[_Line]) -> int:
    """Skip the page chrome and the listing date (the first bare date before any paper)."""
    position = 0
    while position < len(lines) and lines[position].text.lower() in _HEADER_LINES:
        position += 1
    if position < len(lines) and _DATE.match(lines[position].text):
        position += 1
    return position


def _read_metadata(
    lines: list[_Line], position: int, source: str, capture_year: int
) -> tuple[dict[str, Any], int, Problem | None]:
    """Read the optional `• N authors | organisation`, `·`, date block after an abstract."""
    metadata: dict[str, Any] = {}
    if position >= len(lines):
        return metadata, position, None
    first = lines[position]
    has_separator_next = position + 1 < len(lines) and lines[position + 1].text == _SEPARATOR
    if authors := _AUTHORS.match(first.text):
        metadata["author_count"] = int(authors.group("count"))
        position += 1
    elif has_separator_next and len(first.text) <= _MAX_TITLE_CHARS:
        metadata["organisation"] = _organisation(first.text)
        position += 1
    elif first.text != _SEPARATOR:
        return metadata, position, None  # no metadata: the next line is the next title
    if position >= len(lines) or lines[position].text != _SEPARATOR:
        where = lines[position].number if position < len(lines) else first.number
        return metadata, position, Problem(source, where, "metadata block without the '·' line")
    position += 1
    if position >= len(lines):
        return metadata, position, Problem(source, first.number, "page ends inside a metadata block")
    date_line = lines[position]
    match = _DATE.match(date_line.text)
    if not match:
        return metadata, position, Problem(source, date_line.number, f"bad date {date_line.text!r}")
    year = int(match.group("year") or capture_year)
    try:
        metadata["date"] = dt.date(year, _MONTHS[match.group("month")], int(match.group("day"))).isoformat()
    except ValueError:
        return metadata, position + 1, Problem(source, date_line.number, f"no such date {date_line.text!r}")
    if match.group("upvotes"):
        metadata["upvotes"] = int(match.group("upvotes"))
    return metadata, position + 1, None


def _organisation(line: str) -> str:
    """The page prints the organisation's handle then its name; 'TIGER-Lab TIGER-Lab' -> once."""
    words = line.split()
    half = len(words) // 2
    if len(words) % 2 == 0 and words[:half] == words[half:]:
        return " ".join(words[:half])
    return line


def capture_year_for(path: Path) -> int:
    """The year a page was captured, from the manifest beside it, else this year (logged)."""
    manifest_path = path.parent / MANIFEST_NAME
    if manifest_path.is_file():
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            page = manifest.get("pages", {}).get(path.name, {})
            return int(page.get("capture_year", manifest["default_capture_year"]))
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise SourceError(f"{manifest_path}: unreadable manifest ({error})") from error
    year = dt.date.today().year
    log.warning("%s: no %s beside it; dates without a year are taken as %d", path, MANIFEST_NAME, year)
    return year


def read_listing(path: Path, capture_year: int | None = None) -> ParseResult:
    """Read and parse one saved listing page."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SourceError(f"{path}: cannot read listing page ({error})") from error
    year = capture_year if capture_year is not None else capture_year_for(path)
    return parse_listing(text, path.name, year)
