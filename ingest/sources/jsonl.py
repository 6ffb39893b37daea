"""JSON Lines papers (one object a line, keys named like `Paper`'s fields) in and out.

The import/export format: `write_jsonl` output reads back as the same papers, except that
`sources` is not stored (provenance is the file a paper is read from).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ingest.errors import IngestError, ParseResult, Problem, SourceError
from ingest.limits import DEFAULT_LIMITS, RecordLimits, merge_checked
from rag.model import Paper
from rag.papers import UntitledPaperError, clean_text, normalize_arxiv_id, paper_id_for

log = logging.getLogger(__name__)

# `sources` is deliberately not a key: a paper's provenance is the file it is read from.
_KNOWN_KEYS = frozenset(item.name for item in dataclasses.fields(Paper)) - {"sources"}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class _LineError(ValueError):
    """One line cannot become a Paper; it turns into a Problem, never escapes this module."""


def read_jsonl(path: Path, limits: RecordLimits = DEFAULT_LIMITS) -> ParseResult:
    """Read and parse one JSON Lines file. Lines are decoded one by one: a bad byte costs its
    line, not the file."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(f"{path}: cannot read JSON Lines ({error})") from error
    return parse_jsonl_lines(data.removeprefix(b"\xef\xbb\xbf").split(b"\n"), path.name, limits)


def parse_jsonl(text: str, source: str, limits: RecordLimits = DEFAULT_LIMITS) -> ParseResult:
    """Parse JSON Lines text; blank lines are skipped, bad lines become Problems."""
    # Split on "\n" only: str.splitlines would also break on U+2028 and friends, which
    # json.dumps(ensure_ascii=False) leaves raw inside strings.
    return parse_jsonl_lines(text.split("\n"), source, limits)


def parse_jsonl_lines(
    lines: Iterable[str | bytes], source: str, limits: RecordLimits = DEFAULT_LIMITS
) -> ParseResult:
    """Each line on its own: an undecodable, oversized, malformed or too deeply nested line is
    one Problem, and every other line is still read."""
    records: list[tuple[Paper, str]] = []
    problems: list[Problem] = []
    ignored: set[str] = set()
    for number, raw in enumerate(lines, 1):
        try:
            record = _decode_line(raw, limits)
            if record is None:
                continue
            records.append((_paper_from_record(record, source), f"{source}:{number}"))
        except _LineError as error:
            problems.append(Problem(source, number, str(error)))
            continue
        ignored.update(set(record) - _KNOWN_KEYS)
    if ignored:
        log.warning("%s: ignored unknown keys %s", source, ", ".join(sorted(ignored)))
    papers, conflicts = merge_checked(records)
    return ParseResult(tuple(papers), (*problems, *conflicts))


def _decode_line(raw: str | bytes, limits: RecordLimits) -> Any:
    """The line's JSON value, or None for a blank line."""
    too_big = limits.record_problem(len(raw))
    if too_big:
        raise _LineError(too_big)
    if isinstance(raw, bytes):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise _LineError(f"invalid UTF-8 at byte {error.start + 1} of the line") from None
    else:
        line = raw
    if not line.strip():
        return None
    try:
        return json.loads(line)
    except json.JSONDecodeError as error:
        raise _LineError(f"invalid JSON at column {error.colno}: {error.msg}") from None
    except RecursionError:
        raise _LineError("JSON nested too deeply to read") from None


def write_jsonl(papers: Iterable[Paper], path: Path) -> int:
    """Write papers one a line, replacing `path` only once all are written; returns the count."""
    lines = [json.dumps(_record(paper), ensure_ascii=False) + "\n" for paper in papers]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # A temporary file beside the target, then an atomic rename: an interrupted export
        # never leaves a half-written file where a complete one was.
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
                file.writelines(lines)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise IngestError(f"{path}: cannot write JSON Lines ({error})") from error
    return len(lines)


def _record(paper: Paper) -> dict[str, object]:
    record: dict[str, object] = {}
    for item in dataclasses.fields(Paper):
        value = getattr(paper, item.name)
        if item.name == "sources" or value is None:
            continue
        if item.name == "authors":
            if value:
                record["authors"] = list(value)
            continue
        record[item.name] = value
    if paper.authors and paper.author_count is None:
        # An explicit null, since the reader counts the authors when the key is absent.
        record["author_count"] = None
    return record


def _paper_from_record(record: object, source: str) -> Paper:
    if not isinstance(record, Mapping):
        raise _LineError(f"expected a JSON object, found {type(record).__name__}")
    title = clean_text(_required_text(record, "title"))
    abstract = clean_text(_required_text(record, "abstract"))
    arxiv_id = _arxiv_id(record)
    authors = _authors(record)
    author_count = _optional_count(record, "author_count")
    if "author_count" not in record and authors:
        author_count = len(authors)
    summary = _optional_text(record, "summary")
    return Paper(
        id=_optional_text(record, "id") or _checked_id(title, arxiv_id),
        title=title,
        abstract=abstract,
        arxiv_id=arxiv_id,
        url=_optional_text(record, "url"),
        date=_date(record),
        upvotes=_optional_count(record, "upvotes"),
        authors=authors,
        author_count=author_count,
        organisation=_optional_text(record, "organisation"),
        summary=clean_text(summary) if summary else None,
        github_url=_optional_text(record, "github_url"),
        project_url=_optional_text(record, "project_url"),
        sources=(source,),
    )


def _required_text(record: Mapping[str, object], key: str) -> str:
    value = _optional_text(record, key)
    if value is None:
        raise _LineError(f"missing {key!r}")
    return value


def _optional_text(record: Mapping[str, object], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _LineError(f"{key!r} should be a string, found {value!r}")
    return value.strip() or None


def _optional_count(record: Mapping[str, object], key: str) -> int | None:
    value = record.get(key)
    if value is None:
        return None
    # bool is an int subclass; `true` upvotes is a broken record, not 1.
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise _LineError(f"{key!r} should be a non-negative integer, found {value!r}")
    return value


def _arxiv_id(record: Mapping[str, object]) -> str | None:
    raw = _optional_text(record, "arxiv_id")
    if raw is None:
        return None
    arxiv_id = normalize_arxiv_id(raw)
    if arxiv_id is None:
        raise _LineError(f"'arxiv_id' is not an arXiv id: {raw!r}")
    return arxiv_id


def _authors(record: Mapping[str, object]) -> tuple[str, ...]:
    value = record.get("authors")
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        raise _LineError(f"'authors' should be a list of strings, found {value!r}")
    return tuple(clean_text(name) for name in value if name.strip())


def _date(record: Mapping[str, object]) -> str | None:
    raw = _optional_text(record, "date")
    if raw is None:
        return None
    # fromisoformat alone also takes '20240105' and week dates; the store wants YYYY-MM-DD.
    if not _ISO_DATE.fullmatch(raw):
        raise _LineError(f"'date' should be YYYY-MM-DD, found {raw!r}")
    try:
        return dt.date.fromisoformat(raw).isoformat()
    except ValueError as error:
        raise _LineError(f"'date' is not a real date: {raw!r}") from error


def _checked_id(title: str, arxiv_id: str | None) -> str:
    try:
        return paper_id_for(title, arxiv_id)
    except UntitledPaperError as error:
        raise _LineError(str(error)) from error
