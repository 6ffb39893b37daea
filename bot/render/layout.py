"""Text within a platform's limits: cut at a line, then a sentence, then a word; clipped with
an ellipsis. Shared by every surface's rendering."""

from __future__ import annotations

ZERO_WIDTH = "\u200b"


def split_text(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters, cut at a line, then a sentence, then a word."""
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[:limit]
        cut = max(window.rfind("\n"), window.rfind(". ") + 1, 0)
        if cut < limit // 2:
            cut = window.rfind(" ")
        if cut < limit // 4:
            cut = limit
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
