"""`paperbot stats --check`: does every paper's stored text match its content hash, and do its
chunks match its abstract? Papers that do not (left by a crash or a concurrent writer of an
older version) are re-embedded from their stored record. Returns a report, prints nothing."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from ingest.chunk import chunk_paper
from ingest.duplicates import MergedPaper
from ingest.pipeline import embed_and_write
from rag.store import PaperStore

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CheckReport:
    checked: int
    damaged: tuple[str, ...]
    repaired: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {"checked": self.checked, "damaged": list(self.damaged), "repaired": list(self.repaired)}


def check_store(store: PaperStore, repair: bool = True, batch_size: int = 16) -> CheckReport:
    versions = store.stored_versions()
    damaged = []
    papers = store.papers()
    for paper in papers:
        version = versions.get(paper.id)
        expected = [chunk.text for chunk in chunk_paper(paper)]
        stored = [chunk.text for chunk in store.chunks_of(paper.id)]
        if version is None or version.text_hash != paper.text_hash() or stored != expected:
            log.warning("%s: stored chunks do not match its text", paper.id)
            damaged.append(paper)
    repaired: list[str] = []
    if repair:
        for start in range(0, len(damaged), batch_size):
            batch = [
                MergedPaper(paper, versions[paper.id].aliases if paper.id in versions else (), (), True, 0)
                for paper in damaged[start : start + batch_size]
            ]
            repaired += [
                record.paper.id for record, problem in embed_and_write(store, batch) if problem is None
            ]
    return CheckReport(len(papers), tuple(p.id for p in damaged), tuple(repaired))
