"""A paper's stable id (arXiv id or title slug), merging of duplicates, and the flat metadata
Chroma stores. Pure data: no I/O, no chromadb, no llama-index. (`Paper` is rag/model.py's.)
"""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

from rag.errors import PaperbotError
from rag.model import Paper

_NON_SLUG = re.compile(r"[^a-z0-9]+")
_ARXIV_NEW = re.compile(r"^(\d{4}\.\d{4,5})(v\d+)?$")
_ARXIV_OLD = re.compile(r"^([a-z\-]+(?:\.[A-Z]{2})?/\d{7})(v\d+)?$")
# A new-style arXiv id written inside a text ("arXiv 2408.06292", "arxiv.org/abs/2408.06292v2").
ARXIV_ID_IN_TEXT = re.compile(r"(?<![\d.])(\d{4}\.\d{4,5})(v\d+)?(?![\d])")
SLUG_MAX = 80


def slugify(title: str) -> str:
    """The corpus' title slug: lowercase, runs outside [a-z0-9] -> '-', trimmed, cut to 80."""
    slug = _NON_SLUG.sub("-", title.lower()).strip("-")
    return slug[:SLUG_MAX].rstrip("-")


def normalize_arxiv_id(raw: str) -> str | None:
    """'2401.01234v3', 'arXiv:2401.01234', an abs/pdf URL -> '2401.01234'; None if not an id."""
    text = raw.strip()
    text = re.sub(r"^(https?://)?(www\.|export\.)?arxiv\.org/(abs|pdf)/", "", text, flags=re.I)
    text = re.sub(r"^arxiv:\s*", "", text, flags=re.I)
    text = text.removesuffix(".pdf")
    for pattern in (_ARXIV_NEW, _ARXIV_OLD):
        match = pattern.match(text)
        if match:
            return match.group(1)
    return None


class UntitledPaperError(PaperbotError, ValueError):
    """Neither an arXiv id nor a title with a letter or digit: no stable id can be made."""


def paper_id_for(title: str, arxiv_id: str | None = None) -> str:
    """The stable id: the arXiv id (no version) when known, else the title slug."""
    if arxiv_id:
        normalized = normalize_arxiv_id(arxiv_id)
        if normalized:
            return normalized
    slug = slugify(title)
    if not slug:
        raise UntitledPaperError(f"the title {title[:60]!r} has no letters or digits to make an id from")
    return slug


def clean_text(text: str) -> str:
    """Join hard line breaks and runs of white space (arXiv and old HF titles are wrapped)."""
    return " ".join(text.split())


def merge_papers(first: Paper, second: Paper) -> Paper:
    """One paper seen twice (several pages, several days): keep every known fact.

    Scalars: the first known value wins, except upvotes (the larger, since counts only grow)
    and the abstract (the longer, since listings can truncate). Sources are unioned in order.
    """
    merged: dict[str, Any] = {}
    for item in dataclasses.fields(Paper):
        name = item.name
        a, b = getattr(first, name), getattr(second, name)
        if name == "sources":
            merged[name] = tuple(dict.fromkeys(a + b))
        elif name == "upvotes":
            known = [v for v in (a, b) if v is not None]
            merged[name] = max(known) if known else None
        elif name == "abstract":
            merged[name] = b if len(b) > len(a) else a
        elif name == "authors":
            merged[name] = a or b
        else:
            merged[name] = a if a not in (None, "") else b
    if merged["author_count"] is None and merged["authors"]:
        merged["author_count"] = len(merged["authors"])
    return Paper(**merged)


def merge_all(papers: list[Paper]) -> list[Paper]:
    """Merge duplicates by id, keeping first-seen order."""
    by_id: dict[str, Paper] = {}
    for paper in papers:
        known = by_id.get(paper.id)
        by_id[paper.id] = merge_papers(known, paper) if known else paper
    return list(by_id.values())


# Chroma metadata values must be str, int, float or bool: never None, never a list.
_JSON_FIELDS = ("authors", "sources", "names")


def to_metadata(paper: Paper) -> dict[str, str | int | float | bool]:
    """Flat, None-free metadata for the store (absent facts are absent keys)."""
    metadata: dict[str, str | int | float | bool] = {"paper_id": paper.id}
    for item in dataclasses.fields(Paper):
        value = getattr(paper, item.name)
        if item.name == "id" or item.name == "abstract":
            continue
        if item.name in _JSON_FIELDS:
            if value:
                metadata[item.name] = json.dumps(list(value), ensure_ascii=False)
        elif value is not None:
            metadata[item.name] = value
    if paper.year is not None:
        metadata["year"] = paper.year
    return metadata


def from_metadata(metadata: dict[str, Any], abstract: str) -> Paper:
    """Inverse of `to_metadata` (the abstract travels as the stored document)."""
    values: dict[str, Any] = {"id": metadata["paper_id"], "abstract": abstract}
    for item in dataclasses.fields(Paper):
        if item.name in ("id", "abstract") or item.name not in metadata:
            continue
        raw = metadata[item.name]
        if item.name == "names":
            values[item.name] = tuple((str(name), int(strength)) for name, strength in json.loads(raw))
        else:
            values[item.name] = tuple(json.loads(raw)) if item.name in _JSON_FIELDS else raw
    return Paper(**values)
