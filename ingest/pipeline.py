"""Sources -> Paper -> chunks -> store, idempotently: unchanged papers are skipped, changed ones
replaced, copies of one paper under another id merged, and a run killed half-way converges on the
next run. Returns a report, prints nothing."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.chunk import chunk_embedding_text, chunk_paper
from ingest.duplicates import MergedPaper, find_same_papers, merge_same_paper
from ingest.errors import IngestError, ParseResult, Problem, SourceError
from ingest.limits import DEFAULT_LIMITS, SHOWN_PROBLEMS, RecordLimits, merge_checked
from ingest.sources.arxiv import read_arxiv
from ingest.sources.hf_api import read_hf_api
from ingest.sources.hf_listing import MANIFEST_NAME, read_listing
from ingest.sources.jsonl import read_jsonl
from rag.embed import EmbeddingError
from rag.markup import clean_paper
from rag.model import Chunk, Paper
from rag.names import paper_names
from rag.store import PaperStore, PaperWrite, StoredVersion, StoreError, StoreUnavailableError

log = logging.getLogger(__name__)

_READERS: dict[str, Callable[[Path], ParseResult]] = {
    ".txt": read_listing,
    ".json": read_hf_api,
    ".jsonl": read_jsonl,
    ".xml": read_arxiv,
    ".atom": read_arxiv,
}
SUPPORTED_SUFFIXES = tuple(sorted(_READERS))
ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What one ingest run did. `failed` counts skipped records and papers that could not be written;
    `merged` counts copies of a paper under another id (a listing's title slug, an arXiv id) that
    were merged into one record instead of being stored twice."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    problems: tuple[Problem, ...] = field(default=())
    merged: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "merged": self.merged,
            # The first problems in full, and how many there were (bounded for any input).
            "problems": [str(problem) for problem in self.problems[:SHOWN_PROBLEMS]],
            "problem_count": len(self.problems),
        }


def expand_paths(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """Files as given; directories become their supported files, sorted. A missing path, a file of
    an unknown kind and a directory without supported files are problems; the rest is read."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.iterdir() if p.suffix.lower() in _READERS and p.name != MANIFEST_NAME
            )
            if not found:
                problems.append(
                    Problem(str(path), None, f"no supported files here ({', '.join(SUPPORTED_SUFFIXES)})")
                )
            files.extend(found)
        elif not path.exists():
            problems.append(Problem(str(path), None, "no such file or directory"))
        elif path.suffix.lower() not in _READERS:
            problems.append(
                Problem(
                    str(path),
                    None,
                    f"unknown format {path.suffix!r}; supported: {', '.join(SUPPORTED_SUFFIXES)}",
                )
            )
        else:
            files.append(path)
    return files, problems


def read_sources(paths: Iterable[Path], limits: RecordLimits = DEFAULT_LIMITS) -> ParseResult:
    """Parse every file; an unreadable file, a record over a limit and records that share an id
    but not their content are problems, not the end of the batch."""
    files, problems = expand_paths(paths)
    records: list[tuple[Paper, str]] = []
    for path in files:
        suffix = path.suffix.lower()
        try:
            # The JSON readers check each record's size (and depth) before decoding it.
            reader = {".jsonl": read_jsonl, ".json": read_hf_api}.get(suffix)
            result = reader(path, limits) if reader else _READERS[suffix](path)
        except SourceError as error:
            problems.append(Problem(str(path), None, str(error)))
            continue
        except RecursionError:  # a parser's own recursion on hostile input: this file only
            problems.append(Problem(str(path), None, "nested too deeply to read"))
            continue
        problems.extend(result.problems)
        for paper in result.papers:
            refused = limits.problem_of(paper)
            if refused:
                problems.append(Problem(path.name, None, f"{paper.id}: {refused}"))
            else:
                records.append((paper, path.name))
    papers, conflicts = merge_checked(records)
    problems.extend(conflicts)
    log_problems(problems)
    return ParseResult(tuple(papers), tuple(problems))


def log_problems(problems: Sequence[Problem], shown: int = SHOWN_PROBLEMS) -> None:
    """The first `shown` problems one by one, then their count: bounded output for any input."""
    for problem in problems[:shown]:
        log.warning("skipped: %s", problem)
    if len(problems) > shown:
        log.warning("skipped: %d more problems not shown", len(problems) - shown)


def ingest_papers(
    store: PaperStore,
    papers: Sequence[Paper],
    problems: Sequence[Problem] = (),
    batch_size: int = 16,
    on_progress: ProgressCallback | None = None,
) -> IngestReport:
    """Write `papers` into `store`, embedding only what changed. Copies of one paper under
    different ids, in `papers` or in the store, become one record (see ingest/duplicates.py); the
    other copies are deleted only once it is written, so a crash leaves at worst a duplicate that
    the next run merges. Raises StoreUnavailableError when the store goes away (what was written
    stays written; re-run to finish)."""
    stored = store.stored_versions()
    # Markup left by a source (LaTeX escapes, undefined macros) is normalised once, here.
    records = _merge_duplicates(store, [clean_paper(paper) for paper in papers], stored)
    added = updated = unchanged = failed = merged = 0
    extra_problems: list[Problem] = []
    to_embed: list[MergedPaper] = []
    replaced: list[str] = []
    for record in records:
        version = stored.get(record.paper.id)
        if version is None or version.text_hash != record.paper.text_hash():
            to_embed.append(record)
            continue
        if version.content_hash != record.paper.content_hash() or version.aliases != record.aliases:
            store.update_metadata(record.paper, record.aliases)
            updated += 1
        else:
            unchanged += 1
        replaced.extend(record.replaces)
        merged += record.merged
    store.delete_papers(replaced)
    done = len(records) - len(to_embed)
    if on_progress:
        on_progress(done, len(records))
    for start in range(0, len(to_embed), batch_size):
        batch = to_embed[start : start + batch_size]
        replaced = []
        for record, outcome in embed_and_write(store, batch):
            if isinstance(outcome, Problem):
                failed += 1  # its other copies stay: nothing of the paper is lost
                extra_problems.append(outcome)
                continue
            if record.existed:
                updated += 1
            else:
                added += 1
            replaced.extend(record.replaces)
            merged += record.merged
        store.delete_papers(replaced)
        done += len(batch)
        if on_progress:
            on_progress(done, len(records))
    report = IngestReport(
        added,
        updated,
        unchanged,
        failed + len(problems),
        tuple(problems) + tuple(extra_problems),
        merged,
    )
    log.info(
        "ingest: %d added, %d updated, %d unchanged, %d failed, %d duplicates merged",
        report.added,
        report.updated,
        report.unchanged,
        report.failed,
        report.merged,
    )
    return report


def _merge_duplicates(
    store: PaperStore, papers: Sequence[Paper], stored: dict[str, StoredVersion], page: int = 500
) -> list[MergedPaper]:
    """One record per paper. Only the stored copies a merge needs are read (bounded by this
    run's papers and the duplicates found), never the whole store."""
    groups = find_same_papers(papers, stored)
    wanted = list(dict.fromkeys(i for group in groups for i in group.stored_to_read(stored)))
    stored_papers: dict[str, Paper] = {}
    for start in range(0, len(wanted), page):
        stored_papers.update((p.id, p) for p in store.papers(wanted[start : start + page]))
    records = (merge_same_paper(group, stored_papers, stored) for group in groups)
    # Names are read from the merged text (a merge may keep the longer of two abstracts).
    return [
        dataclasses.replace(
            record,
            paper=dataclasses.replace(
                record.paper, names=paper_names(record.paper.title, record.paper.abstract)
            ),
        )
        for record in records
        if record is not None
    ]


def embed_and_write(
    store: PaperStore, batch: list[MergedPaper]
) -> Iterable[tuple[MergedPaper, Problem | None]]:
    """One model call for the whole batch (papers and their chunks), then one write per paper."""
    chunks_by_paper: list[list[Chunk]] = [chunk_paper(record.paper) for record in batch]
    texts = [record.paper.text_for_embedding() for record in batch]
    for record, chunks in zip(batch, chunks_by_paper):
        texts.extend(chunk_embedding_text(record.paper, chunk) for chunk in chunks)
    try:
        vectors = store.embedder.embed_documents(texts)
    except EmbeddingError as error:
        for record in batch:
            yield record, Problem(record.paper.id, None, f"could not embed: {error}")
        return
    writes = []
    offset = len(batch)
    for index, (record, chunks) in enumerate(zip(batch, chunks_by_paper)):
        writes.append(
            PaperWrite(
                record.paper,
                vectors[index],
                tuple(chunks),
                vectors[offset : offset + len(chunks)],
                record.aliases,
            )
        )
        offset += len(chunks)
    try:
        store.write_papers(writes)
    except StoreUnavailableError:
        raise
    except StoreError:
        # Find the paper the store rejects: write the batch one paper at a time.
        for record, write in zip(batch, writes):
            try:
                store.write_papers([write])
            except StoreUnavailableError:
                raise
            except StoreError as error:
                log.error("could not store %s: %s", write.paper.id, error)
                yield record, Problem(write.paper.id, None, f"could not store: {error}")
                continue
            yield record, None
        return
    for record in batch:
        yield record, None


def ingest_paths(
    store: PaperStore,
    paths: Iterable[Path],
    on_progress: ProgressCallback | None = None,
    limits: RecordLimits = DEFAULT_LIMITS,
) -> IngestReport:
    """Read the given files and directories and ingest every paper they hold."""
    parsed = read_sources(paths, limits)
    if not parsed.papers and parsed.problems:
        log.error("no paper could be read from the given input")
    return ingest_papers(store, parsed.papers, parsed.problems, on_progress=on_progress)


__all__ = [
    "IngestError",
    "IngestReport",
    "RecordLimits",
    "expand_paths",
    "ingest_papers",
    "ingest_paths",
    "read_sources",
]
