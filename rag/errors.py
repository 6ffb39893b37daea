"""The root of every error paperbot raises on purpose. Each package's errors subclass it (rag's in
their modules, ingest/errors.py, bot's), so the CLI and the adapters catch one type."""

from __future__ import annotations


class PaperbotError(Exception):
    """Base of everything paperbot raises on purpose; its message is one line a user can read."""


class QueryError(PaperbotError, ValueError):
    """The query cannot be searched as given (empty, only white space)."""
