"""Hugging Face `GET /api/daily_papers?date=YYYY-MM-DD` JSON (a list of items) -> `Paper`s.

Reads JSON only: no HTTP and no huggingface_hub (the fetcher hands decoded data to
`parse_hf_api_payload`). Every schema era is accepted; fields an era lacks become None.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from ingest.errors import ParseResult, Problem, SourceError
from ingest.limits import DEFAULT_LIMITS, RecordLimits
from rag.model import Paper
from rag.papers import UntitledPaperError, clean_text, merge_all, normalize_arxiv_id, paper_id_for

log = logging.getLogger(__name__)

_DECODER = json.JSONDecoder()
_WHITESPACE = re.compile(r"[ \t\n\r]*")
# An item is decoded only once a scan found where it ends and how deeply it nests: a real item
# nests four levels; Python's decoder recurses per level and gives up near 1,000.
MAX_ITEM_DEPTH = 64
_STRUCTURE = re.compile(r'["\[\]{}]')
_STRING_REST = re.compile(r'[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BAD_BYTE = re.compile("[\udc80-\udcff]")  # what surrogateescape makes of bytes that are not UTF-8


class _ItemError(ValueError):
    """One item cannot become a Paper; it turns into a Problem, never escapes this module."""


class _Unreadable:
    """An item that was not decoded (too big, too deep, bad bytes), and why."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


def read_hf_api(path: Path, limits: RecordLimits = DEFAULT_LIMITS) -> ParseResult:
    """Read and parse one saved daily_papers response. Bytes that are not UTF-8 cost the item
    they are in, not the file."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(f"{path}: cannot read daily_papers JSON ({error})") from error
    # A BOM (some editors add one) is not a reason to reject the file.
    text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="surrogateescape")
    return parse_hf_api(text, path.name, limits)


def parse_hf_api(text: str, source: str, limits: RecordLimits = DEFAULT_LIMITS) -> ParseResult:
    """Parse a daily_papers response body; problems carry the line where the bad item starts."""
    return _parse_items(_decode_items(text, source, limits), source)


def parse_hf_api_payload(data: object, source: str) -> ParseResult:
    """Parse an already decoded response (no text, so problems have no line number)."""
    if not isinstance(data, list):
        raise SourceError(f"{source}: expected a JSON list of papers, found {_json_type(data)}")
    return _parse_items(((None, item) for item in data), source)


def _decode_items(text: str, source: str, limits: RecordLimits) -> list[tuple[int, object]]:
    """Decode the top-level list item by item, so each item keeps the line it starts on and a bad
    one (over the size limit, nested too deeply, with bytes that are not UTF-8) costs itself only:
    its end is found by a scan of its brackets and strings before it is decoded."""
    position = _skip_whitespace(text, 0)
    if not text.startswith("[", position):
        # Not a list: decode the whole text anyway, to say precisely what it is instead.
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise _decode_error(source, error) from error
        except RecursionError:
            raise SourceError(f"{source}: JSON nested too deeply to read") from None
        raise SourceError(f"{source}: expected a JSON list of papers, found {_json_type(data)}")
    items: list[tuple[int, object]] = []
    position = _skip_whitespace(text, position + 1)
    lines_before, counted_to = 0, 0
    if text.startswith("]", position):
        position += 1
    else:
        while True:
            start = position
            lines_before += text.count("\n", counted_to, start)
            counted_to = start
            end, depth = _item_extent(text, start)
            line = lines_before + 1
            unreadable = _unreadable(text, (start, end), depth, limits, line)
            if unreadable is not None:
                items.append((line, unreadable))
                position = end
            else:
                try:
                    item, position = _DECODER.raw_decode(text, position)
                except json.JSONDecodeError as error:
                    raise _decode_error(source, error) from error
                items.append((line, item))
            position = _skip_whitespace(text, position)
            if text.startswith(",", position):
                position = _skip_whitespace(text, position + 1)
            elif text.startswith("]", position):
                position += 1
                break
            else:
                truncated = position >= len(text)
                expected = "']' (the JSON is truncated)" if truncated else "',' or ']'"
                raise _decode_error(source, json.JSONDecodeError(f"expected {expected}", text, position))
    if _skip_whitespace(text, position) != len(text):
        raise _decode_error(source, json.JSONDecodeError("extra data after the list", text, position))
    return items


def _item_extent(text: str, start: int) -> tuple[int, int]:
    """Where the item starting at `start` ends, and how deeply it nests, found without decoding
    it (strings skipped whole, brackets counted). An item that never closes ends with the text."""
    if not text.startswith(("[", "{"), start):
        return start, 0  # a scalar: decoding it recurses nowhere, and finds its own end
    depth = deepest = 0
    position = start
    while match := _STRUCTURE.search(text, position):
        mark, position = match.group(), match.end()
        if mark == '"':
            rest = _STRING_REST.match(text, position)
            if rest is None:
                break
            position = rest.end()
        elif mark in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
            if depth == 0:
                return position, deepest
    return len(text), deepest


def _unreadable(
    text: str, extent: tuple[int, int], depth: int, limits: RecordLimits, line: int
) -> _Unreadable | None:
    """Why the item at `extent` (starting on `line`) is not decoded, or None to decode it."""
    start, end = extent
    if end <= start:
        return None
    too_big = limits.record_problem(end - start)
    if too_big:
        return _Unreadable(too_big)
    if depth > MAX_ITEM_DEPTH:
        return _Unreadable(f"nested {depth} levels deep, over the limit of {MAX_ITEM_DEPTH}; not read")
    bad = _BAD_BYTE.search(text, start, end)
    if bad:
        at = line + text.count("\n", start, bad.start())
        return _Unreadable(f"invalid UTF-8 at line {at}; not read")
    return None


def _skip_whitespace(text: str, position: int) -> int:
    match = _WHITESPACE.match(text, position)
    return match.end() if match else position


def _decode_error(source: str, error: json.JSONDecodeError) -> SourceError:
    return SourceError(f"{source}: invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}")


def _parse_items(items: Iterable[tuple[int | None, object]], source: str) -> ParseResult:
    papers: list[Paper] = []
    problems: list[Problem] = []
    for index, (line, item) in enumerate(items):
        if isinstance(item, _Unreadable):
            problems.append(Problem(source, line, f"item {index}: {item.reason}"))
            continue
        try:
            papers.append(_paper_from_item(item, source))
        except _ItemError as error:
            problems.append(Problem(source, line, f"item {index}: {error}"))
    return ParseResult(tuple(merge_all(papers)), tuple(problems))


def _paper_from_item(item: object, source: str) -> Paper:
    if not isinstance(item, Mapping):
        raise _ItemError(f"expected an object, found {_json_type(item)}")
    paper = item.get("paper")
    if not isinstance(paper, Mapping):
        raise _ItemError(f"'paper' should be an object, found {_json_type(paper)}")
    # Old-era `paper.title` keeps arXiv's hard wraps; the item's own copy is a fallback only.
    title = clean_text(_text(paper, "title") or _text(item, "title") or "")
    abstract = clean_text(_text(paper, "summary") or _text(item, "summary") or "")
    if not title:
        raise _ItemError("no title")
    if not abstract:
        raise _ItemError(f"no abstract (summary) for {title!r}")
    arxiv_id = _arxiv_id(paper, title)
    authors = _authors(paper)
    summary = _text(paper, "ai_summary")
    return Paper(
        id=_checked_id(title, arxiv_id),
        title=title,
        abstract=abstract,
        arxiv_id=arxiv_id,
        url=f"https://arxiv.org/abs/{arxiv_id}" if arxiv_id else None,
        date=_featured_date(item, paper),
        upvotes=_count(paper, "upvotes"),
        authors=authors,
        author_count=len(authors) or None,
        organisation=_organisation(item, paper),
        summary=clean_text(summary) if summary else None,
        github_url=_text(paper, "githubRepo"),
        project_url=_text(paper, "projectPage"),
        sources=(source,),
    )


def _text(mapping: Mapping[str, object], key: str) -> str | None:
    """An optional string field: absent, null or blank -> None; any other type is an error."""
    value = mapping.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _ItemError(f"{key!r} should be a string, found {_json_type(value)}")
    return value.strip() or None


def _count(mapping: Mapping[str, object], key: str) -> int | None:
    value = mapping.get(key)
    if value is None:
        return None
    # bool is an int subclass; `true` upvotes is a broken record, not 1.
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise _ItemError(f"{key!r} should be a count, found {value!r}")
    return value


def _arxiv_id(paper: Mapping[str, object], title: str) -> str | None:
    raw = _text(paper, "id")
    if raw is None:
        return None
    arxiv_id = normalize_arxiv_id(raw)
    if arxiv_id is None:
        # The paper itself is fine; it only loses its arXiv link and is keyed by title.
        log.warning("paper.id %r of %r is not an arXiv id; keying by title", raw, title)
    return arxiv_id


def _authors(paper: Mapping[str, object]) -> tuple[str, ...]:
    raw = paper.get("authors")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise _ItemError(f"'authors' should be a list, found {_json_type(raw)}")
    names: list[str] = []
    for author in raw:
        if not isinstance(author, Mapping):
            raise _ItemError(f"an author should be an object, found {_json_type(author)}")
        # `hidden` only hides the paper from that user's HF profile; the author still counts.
        name = _text(author, "name")
        if name:
            names.append(clean_text(name))
    return tuple(names)


def _featured_date(item: Mapping[str, object], paper: Mapping[str, object]) -> str | None:
    """The day HF featured the paper: `submittedOnDailyAt`, which old-era items lack.

    There the item's `publishedAt` is the featuring time; `paper.publishedAt` (the arXiv
    date, often days earlier) is the last resort.
    """
    candidates = ((paper, "submittedOnDailyAt"), (item, "publishedAt"), (paper, "publishedAt"))
    for mapping, key in candidates:
        raw = _text(mapping, key)
        if raw is not None:
            return _iso_date(raw, key)
    return None


def _iso_date(raw: str, key: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(raw)
    except ValueError as error:
        raise _ItemError(f"{key!r} is not an ISO timestamp: {raw!r}") from error
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return moment.date().isoformat()


def _organisation(item: Mapping[str, object], paper: Mapping[str, object]) -> str | None:
    # Current-era items carry the organisation both on the item and on the paper.
    for mapping in (item, paper):
        organisation = mapping.get("organization")
        if organisation is None:
            continue
        if not isinstance(organisation, Mapping):
            raise _ItemError(f"'organization' should be an object, found {_json_type(organisation)}")
        name = _text(organisation, "fullname") or _text(organisation, "name")
        if name:
            return name
    return None


def _json_type(value: object) -> str:
    """Name a decoded value the way the JSON reads, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _checked_id(title: str, arxiv_id: str | None) -> str:
    try:
        return paper_id_for(title, arxiv_id)
    except UntitledPaperError as error:
        raise _ItemError(str(error)) from error
