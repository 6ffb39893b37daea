"""The ingest package's exceptions and the problem records that parsers collect instead of raising."""

from __future__ import annotations

from dataclasses import dataclass

from rag.errors import PaperbotError
from rag.model import Paper


class IngestError(PaperbotError):
    """Base of everything ingest raises on purpose."""


class SourceError(IngestError):
    """A whole input could not be read (missing file, not JSON at all, unknown format)."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One bad record: where it is and what is wrong. The rest of the input is still used."""

    source: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class ParseResult:
    """What a parser found: the good papers and the problems it skipped."""

    papers: tuple[Paper, ...]
    problems: tuple[Problem, ...] = ()
