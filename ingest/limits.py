"""What one input record may cost: size limits per record, and conflicts between records that
share an id. A record over a limit, or in conflict with another, is a Problem; the rest of the
input is still stored. Pure: no I/O."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from ingest.errors import Problem
from rag.model import Paper
from rag.papers import merge_papers

# How many problems a run prints and logs one by one; the rest are counted (a file of a million
# bad lines must not print a million lines).
SHOWN_PROBLEMS = 50
_KEY = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class RecordLimits:
    """Per-record caps (settings PAPERBOT_MAX_ABSTRACT_CHARS, PAPERBOT_MAX_TITLE_CHARS,
    PAPERBOT_MAX_RECORD_CHARS). The longest abstract of the bundled corpus has 2,386 characters;
    a 20 MB abstract took minutes and gigabytes to chunk and embed before these existed."""

    max_abstract_chars: int = 20_000
    max_title_chars: int = 1_000
    # One JSON Lines line (or one item) as read, before decoding: checked first, so a huge line
    # is never decoded at all.
    max_record_chars: int = 1_000_000

    def problem_of(self, paper: Paper) -> str | None:
        """Why `paper` is refused, or None."""
        if len(paper.abstract) > self.max_abstract_chars:
            return (
                f"abstract of {len(paper.abstract):,} characters is over the limit of "
                f"{self.max_abstract_chars:,} (PAPERBOT_MAX_ABSTRACT_CHARS); not stored"
            )
        if len(paper.title) > self.max_title_chars:
            return (
                f"title of {len(paper.title):,} characters is over the limit of "
                f"{self.max_title_chars:,} (PAPERBOT_MAX_TITLE_CHARS); not stored"
            )
        return None

    def record_problem(self, size: int) -> str | None:
        if size <= self.max_record_chars:
            return None
        return (
            f"record of {size:,} characters is over the limit of {self.max_record_chars:,} "
            "(PAPERBOT_MAX_RECORD_CHARS); not read"
        )


def conflict(first: Paper, second: Paper) -> bool:
    """Two records with one id that cannot be one paper: their titles differ, or their abstracts
    do (one being a cut-off copy of the other, as listing pages print them, is no conflict)."""
    title_a, title_b = _key(first.title), _key(second.title)
    if title_a != title_b and fuzz.ratio(title_a, title_b) < 90:
        return True
    short, long = sorted((_key(first.abstract), _key(second.abstract)), key=len)
    if not short or long.startswith(short):
        return False
    return fuzz.partial_ratio(short, long) < 85


def _key(text: str) -> str:
    return _KEY.sub("", text.lower())


def merge_checked(records: Iterable[tuple[Paper, str]]) -> tuple[list[Paper], list[Problem]]:
    """Merge copies of one paper by id, first-seen order, as `merge_all` does; a record that
    conflicts with the first one under its id is reported (both places named) and left out,
    never merged into it. `records` pairs each paper with where it was read ("file:line")."""
    kept: dict[str, Paper] = {}
    first_seen: dict[str, str] = {}
    problems: list[Problem] = []
    for paper, where in records:
        known = kept.get(paper.id)
        if known is None:
            kept[paper.id] = paper
            first_seen[paper.id] = where
        elif conflict(known, paper):
            problems.append(
                Problem(
                    where,
                    None,
                    f"id {paper.id!r} is also {first_seen[paper.id]} with a different title or "
                    f"abstract ({_short(known.title)!r} vs {_short(paper.title)!r}); "
                    f"not merged, the record of {first_seen[paper.id]} is kept",
                )
            )
        else:
            kept[paper.id] = merge_papers(known, paper)
    return list(kept.values()), problems


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


DEFAULT_LIMITS = RecordLimits()
