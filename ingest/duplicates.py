"""Copies of one paper under different ids (a listing's title slug, the API's arXiv id), in this
run or already stored: which copies are the same paper, and the one record they become.

Pure: reads no store and writes nothing; the pipeline fetches and writes what it decides.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rag.model import Paper
from rag.papers import merge_papers, normalize_arxiv_id, slugify
from rag.store import StoredVersion

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SamePaper:
    """One paper's copies: papers read in this run, and the ids it is stored under."""

    incoming: tuple[Paper, ...]
    stored: tuple[str, ...]

    def stored_to_read(self, stored: Mapping[str, StoredVersion]) -> tuple[str, ...]:
        """Stored copies whose facts the merged record must keep. A stored record with the id of
        an incoming paper is replaced by it (facts a source dropped go), unless it is itself a
        merge of several copies: this run's copy cannot restate what the other sources said."""
        incoming_ids = {paper.id for paper in self.incoming}
        return tuple(i for i in self.stored if i not in incoming_ids or stored[i].aliases)


@dataclass(frozen=True, slots=True)
class MergedPaper:
    """The record one `SamePaper` becomes, and the stored copies to delete once it is written."""

    paper: Paper
    aliases: tuple[str, ...]  # every other id the paper was known by, sorted
    replaces: tuple[str, ...]  # stored ids other than `paper.id`: deleted after the write
    existed: bool  # some copy was already stored
    merged: int  # duplicate copies this run merges for the first time (new aliases, deletions)


def find_same_papers(incoming: Sequence[Paper], stored: Mapping[str, StoredVersion]) -> list[SamePaper]:
    """Group the incoming papers, and the stored ones, that are one paper: the same id, an id one
    of them was merged from, the same arXiv id, or the same title slug. Two copies with different
    arXiv ids are never merged, and a title slug shared by papers with different arXiv ids joins
    nothing (it cannot say which of them a copy without an arXiv id is).

    Every incoming paper is in exactly one group; stored papers appear only in a group with an
    incoming paper or with another stored copy (left by a crash or by an older version).
    """
    nodes: list[tuple[str | None, str, str | None]] = []  # (stored id or None, slug, arXiv id)
    keys: list[tuple[str, int]] = []
    for index, paper in enumerate(incoming):
        arxiv_id = _normalized(paper.arxiv_id)
        nodes.append((None, slugify(paper.title), arxiv_id))
        keys.append((f"id:{paper.id}", index))
    for paper_id, version in stored.items():
        index = len(nodes)
        nodes.append((paper_id, version.title_slug, _normalized(version.arxiv_id)))
        keys.append((f"id:{paper_id}", index))
        keys.extend((f"id:{alias}", index) for alias in version.aliases)
    for index, (_, slug, arxiv_id) in enumerate(nodes):
        if arxiv_id:
            keys.append((f"arxiv:{arxiv_id}", index))
        if slug:
            keys.append((f"slug:{slug}", index))

    arxiv_ids_by_slug: dict[str, set[str]] = {}
    for _, slug, arxiv_id in nodes:
        known = arxiv_ids_by_slug.setdefault(slug, set())
        if arxiv_id:
            known.add(arxiv_id)
    parent = list(range(len(nodes)))
    arxiv_of_root: list[set[str]] = [{a} if a else set() for _, _, a in nodes]

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    first_with_key: dict[str, int] = {}
    for key, index in keys:
        if key.startswith("slug:") and len(arxiv_ids_by_slug[key[5:]]) > 1:
            continue  # an ambiguous title: logged below if it leaves a copy unmerged
        other = first_with_key.setdefault(key, index)
        a, b = root(other), root(index)
        if a == b:
            continue
        if len(arxiv_of_root[a] | arxiv_of_root[b]) > 1:
            continue  # two arXiv ids: two papers, whatever their other keys say
        parent[b] = a
        arxiv_of_root[a] |= arxiv_of_root[b]

    members: dict[int, list[int]] = {}
    for index in range(len(nodes)):
        members.setdefault(root(index), []).append(index)
    groups: list[SamePaper] = []
    for indexes in sorted(members.values(), key=lambda group: _group_order(group, nodes, len(incoming))):
        papers = tuple(incoming[i] for i in indexes if i < len(incoming))
        stored_ids = tuple(sorted(str(nodes[i][0]) for i in indexes if i >= len(incoming)))
        if papers or len(stored_ids) > 1:
            groups.append(SamePaper(papers, stored_ids))
    untied = {slug for _, slug, arxiv_id in nodes if not arxiv_id}
    for slug in sorted(untied):
        if len(arxiv_ids_by_slug[slug]) > 1:
            log.info(
                "title slug %r belongs to arXiv ids %s: its copies without an arXiv id stay apart",
                slug,
                sorted(arxiv_ids_by_slug[slug]),
            )
    return groups


def _normalized(arxiv_id: str | None) -> str | None:
    return (normalize_arxiv_id(arxiv_id) or arxiv_id) if arxiv_id else None


def _group_order(
    group: list[int], nodes: list[tuple[str | None, str, str | None]], incoming: int
) -> tuple[int, str]:
    """Groups in the order their first incoming paper was read; stored-only groups last, by id."""
    first = min(group)
    return (first, "") if first < incoming else (incoming, min(str(nodes[i][0]) for i in group))


def merge_same_paper(
    group: SamePaper, stored_papers: Mapping[str, Paper], stored: Mapping[str, StoredVersion]
) -> MergedPaper | None:
    """The one record of a group: the id of a copy with an arXiv id (it has the link and the
    BibTeX), facts merged as `merge_papers` does, copies with an arXiv id first, this run's before
    the store's. `stored_papers` holds the group's `stored_to_read` copies; None when none of the
    group's copies could be read (stored copies deleted meanwhile)."""
    read = [stored_papers[i] for i in group.stored_to_read(stored) if i in stored_papers]
    copies = [*group.incoming, *read]
    if not copies:
        return None
    # Stable: an arXiv copy first, then this run's copies before stored ones, each in its order.
    ordered = sorted(copies, key=lambda paper: paper.arxiv_id is None)
    merged = functools.reduce(merge_papers, ordered[1:], ordered[0])
    keeper = ordered[0].id
    known = {alias for paper_id in group.stored for alias in stored[paper_id].aliases}
    ids = {paper.id for paper in group.incoming} | set(group.stored)
    aliases = tuple(sorted((known | ids) - {keeper}))
    replaces = tuple(i for i in group.stored if i != keeper)
    already = set(stored[keeper].aliases) if keeper in stored else set()
    return MergedPaper(
        paper=dataclasses.replace(merged, id=keeper),
        aliases=aliases,
        replaces=replaces,
        existed=bool(group.stored),
        merged=len(set(replaces) | (set(aliases) - already)),
    )
