"""Argument types of `paperbot`'s parser: each turns one raw string into a value or says, in one
line, why it cannot."""

from __future__ import annotations

import argparse
import datetime as dt


def iso_day(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a date as YYYY-MM-DD") from None


def positive_int(raw: str) -> int:
    if not raw.isdigit() or int(raw) < 1:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a positive whole number")
    return int(raw)


# `cite --format`: what bot.render.citation writes (kept here so parsing imports nothing heavy;
# tests/unit/test_citation.py checks the two agree).
CITATION_FORMATS = ("bibtex", "text", "ris")
