"""One paper from two sources across ingest runs (a listing page's title slug, then the API's arXiv
id, or the other way round) is stored once, with every fact, in a real Chroma with the real model."""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from ingest.pipeline import ingest_papers, read_sources
from ingest.sources.hf_api import parse_hf_api_payload
from ingest.sources.jsonl import read_jsonl, write_jsonl
from rag.cite import lookup_paper
from rag.model import Paper
from rag.names import paper_names
from rag.retrieve import HybridRetriever
from rag.store import PaperStore, StoreLocation, open_store
from tests.conftest import FIXTURES, SEEDS
from tests.integration.crash import (
    KillPoint,
    RecordedEmbedder,
    WriteHook,
    assert_same_store,
    chroma_writes,
    kill_child,
    store_dump,
)

SLUG = "editreward-a-human-aligned-reward-model-for-instruction-guided-image-editing"
ARXIV_ID = "2509.26346"


@pytest.fixture(scope="module")
def seeds() -> list[Paper]:
    return list(read_sources([SEEDS]).papers)


@pytest.fixture(scope="module")
def listing(seeds: list[Paper]) -> Paper:
    """The bundled listing page's copy: organisation and upvotes, no arXiv id, keyed by slug."""
    [paper] = [p for p in seeds if p.id == SLUG]
    assert (paper.arxiv_id, paper.organisation, paper.upvotes) == (None, "TIGER-Lab", 3)
    return paper


@pytest.fixture(scope="module")
def api(listing: Paper) -> Paper:
    """The daily_papers API's copy of the same paper: arXiv id, authors, more upvotes."""
    item = {
        "paper": {
            "id": f"{ARXIV_ID}v2",
            "title": listing.title,
            "summary": listing.abstract,
            "authors": [{"name": "Keming Wu"}, {"name": "Wenhu Chen"}],
            "upvotes": 17,
            "submittedOnDailyAt": "2025-10-01T00:00:00.000Z",
        },
        "publishedAt": "2025-10-01T00:00:00.000Z",
    }
    [paper] = parse_hf_api_payload([item], "daily_papers_2025-10-01.json").papers
    assert paper.id == ARXIV_ID
    return paper


@pytest.fixture(scope="module")
def neighbour(seeds: list[Paper]) -> Paper:
    """Another paper in the store, which no merge may touch."""
    return next(p for p in seeds if p.id != SLUG and p.organisation)


def _store(path: Path, embedder: Any) -> PaperStore:
    return open_store(StoreLocation(path=path / "chroma"), embedder)


def _counts(report: Any) -> tuple[int, int, int, int, int]:
    return report.added, report.updated, report.unchanged, report.failed, report.merged


class CountingEmbedder:
    """The real model, counting the texts it embeds."""

    def __init__(self, model: Any) -> None:
        self.model, self.name, self.dimension, self.texts = model, model.name, model.dimension, 0

    def embed_documents(self, texts: list[str]) -> Any:
        self.texts += len(texts)
        return self.model.embed_documents(texts)

    def embed_query(self, text: str) -> Any:
        return self.model.embed_query(text)


def _assert_merged(store: PaperStore, listing: Paper, api: Paper, neighbour: Paper) -> Paper:
    """One record under the arXiv id with the facts of both copies; the slug copy fully gone."""
    assert sorted(p.id for p in store.papers()) == sorted([ARXIV_ID, neighbour.id])
    [paper] = store.papers([ARXIV_ID])
    assert (paper.arxiv_id, paper.url, paper.authors, paper.author_count) == (
        ARXIV_ID,
        f"https://arxiv.org/abs/{ARXIV_ID}",
        ("Keming Wu", "Wenhu Chen"),
        2,
    )
    assert (paper.organisation, paper.upvotes, paper.date) == ("TIGER-Lab", 17, api.date)
    assert set(paper.sources) == {*api.sources, *listing.sources}
    assert store.chunks_of(SLUG) == []
    assert len(store.chunks_of(ARXIV_ID)) > 1
    assert store.stored_versions()[ARXIV_ID].aliases == (SLUG,)
    vector = store.paper_vectors([ARXIV_ID])[ARXIV_ID]
    assert store.search_papers(vector, k=1)[0].paper_id == ARXIV_ID
    assert SLUG not in {hit.paper_id for hit in store.search_chunks(vector, k=20)}
    return paper


def test_slug_copy_stored_first_becomes_the_arxiv_record(
    tmp_path: Path, embedder: Any, listing: Paper, api: Paper, neighbour: Paper
) -> None:
    store = _store(tmp_path, embedder)
    assert _counts(ingest_papers(store, [listing, neighbour])) == (2, 0, 0, 0, 0)
    chunks = store.counts()[1]

    report = ingest_papers(store, [api])

    assert _counts(report) == (0, 1, 0, 0, 1)
    assert store.counts() == (2, chunks)
    _assert_merged(store, listing, api, neighbour)
    [kept] = store.papers([neighbour.id])
    # Untouched by the merge: the neighbour as ingested, with the names ingest found in it.
    assert kept == dataclasses.replace(neighbour, names=paper_names(neighbour.title, neighbour.abstract))
    found = lookup_paper(HybridRetriever(store), SLUG)  # `paperbot cite <the old id>`
    assert (found.paper.id if found.paper else None, found.confidence) == (ARXIV_ID, 1.0)


def test_listing_copy_arriving_later_only_adds_its_metadata(
    tmp_path: Path, embedder: Any, listing: Paper, api: Paper, neighbour: Paper
) -> None:
    ingest_papers(_store(tmp_path, embedder), [api, neighbour])
    counting = CountingEmbedder(embedder)
    store = _store(tmp_path, counting)

    report = ingest_papers(store, [listing, neighbour])

    assert _counts(report) == (0, 1, 1, 0, 1)
    assert counting.texts == 0, "the text did not change: nothing is embedded again"
    _assert_merged(store, listing, api, neighbour)


def test_both_orders_store_the_same_record_and_reruns_change_nothing(
    tmp_path: Path, embedder: Any, listing: Paper, api: Paper, neighbour: Paper
) -> None:
    stores = {}
    for name, runs in {"slug-first": (listing, api), "arxiv-first": (api, listing)}.items():
        store = stores[name] = _store(tmp_path / name, embedder)
        for paper in runs:
            ingest_papers(store, [paper, neighbour])
    assert stores["slug-first"].papers() == stores["arxiv-first"].papers()

    counting = CountingEmbedder(embedder)
    store = _store(tmp_path / "slug-first", counting)
    before = store_dump(tmp_path / "slug-first" / "chroma")
    reruns = [
        ([listing], 1),
        ([api], 1),
        ([listing, api], 1),
        ([api, listing], 1),
        ([neighbour, api], 2),
        ([], 0),
    ]
    for run, papers in reruns:
        assert _counts(ingest_papers(store, run)) == (0, 0, papers, 0, 0), [p.id for p in run]
    assert counting.texts == 0
    assert_same_store(store_dump(tmp_path / "slug-first" / "chroma"), before, "reruns")


def test_fresher_api_copy_keeps_the_listing_facts(
    tmp_path: Path, embedder: Any, listing: Paper, api: Paper, neighbour: Paper
) -> None:
    store = _store(tmp_path, embedder)
    ingest_papers(store, [listing, neighbour])
    ingest_papers(store, [api])

    report = ingest_papers(store, [dataclasses.replace(api, upvotes=40)])

    assert _counts(report) == (0, 1, 0, 0, 0)
    [paper] = store.papers([ARXIV_ID])
    assert (paper.upvotes, paper.organisation) == (40, "TIGER-Lab")
    assert store.stored_versions()[ARXIV_ID].aliases == (SLUG,)


def test_both_copies_in_one_run_are_stored_once(
    tmp_path: Path, embedder: Any, listing: Paper, api: Paper, neighbour: Paper
) -> None:
    store = _store(tmp_path, embedder)
    assert _counts(ingest_papers(store, [listing, neighbour, api])) == (2, 0, 0, 0, 1)
    _assert_merged(store, listing, api, neighbour)
    assert _counts(ingest_papers(store, [listing, neighbour, api])) == (0, 0, 2, 0, 0)


def test_a_leftover_duplicate_is_merged_by_the_next_run(
    tmp_path: Path, embedder: Any, listing: Paper, api: Paper, neighbour: Paper
) -> None:
    """Both copies stored (by an older paperbot, or a crash before the slug copy was deleted):
    any next run merges them, even one that reads neither copy."""
    store = _store(tmp_path, embedder)
    ingest_papers(store, [listing, neighbour])
    # Write the arXiv copy on its own, as ingest did before it merged duplicates.
    store.write_paper(api, *_vectors(store, api))
    assert {p.id for p in store.papers()} == {SLUG, ARXIV_ID, neighbour.id}

    report = ingest_papers(store, [])

    assert _counts(report) == (0, 1, 0, 0, 1)
    _assert_merged(store, listing, api, neighbour)


def _vectors(store: PaperStore, paper: Paper) -> tuple[Any, Any, Any]:
    from ingest.chunk import chunk_embedding_text, chunk_paper

    chunks = chunk_paper(paper)
    vectors = store.embedder.embed_documents(
        [paper.text_for_embedding(), *(chunk_embedding_text(paper, c) for c in chunks)]
    )
    return vectors[0], chunks, vectors[1:]


@pytest.fixture(scope="module")
def uninterrupted_merge(
    tmp_path_factory: pytest.TempPathFactory, embedder: Any, listing: Paper, api: Paper
) -> dict[str, Any]:
    """A store holding the slug copy, and a copy of it where the API copy (read from JSON Lines,
    as the crashing child reads it) was merged in without a crash: the store every crashed run
    must converge on, and the number of writes the merge takes."""
    directory = tmp_path_factory.mktemp("merge")
    corpus = directory / "api.jsonl"
    write_jsonl([api], corpus)
    recorded = RecordedEmbedder.record(embedder)
    ingest_papers(open_store(StoreLocation(path=directory / "slug-only"), recorded), [listing])
    # Each run gets its own copy: Chroma caches a client per path in a process, and a cached
    # client would not see what a child process wrote.
    shutil.copytree(directory / "slug-only", directory / "merged")
    store = open_store(StoreLocation(path=directory / "merged"), recorded)
    with WriteHook().installed(chroma_writes()) as hook:
        report = ingest_papers(store, read_jsonl(corpus).papers)
    assert report.merged == 1
    recorded.save(directory / "vectors.npz")
    return {
        "slug_only": directory / "slug-only",
        "corpus": corpus,
        "vectors": directory / "vectors.npz",
        "writes": hook.writes,
        "dump": store_dump(directory / "merged"),
    }


def test_a_merge_killed_at_any_write_loses_nothing_and_converges(
    tmp_path: Path, uninterrupted_merge: dict[str, Any]
) -> None:
    """SIGKILL just before each write of the merging run (the merged record's, then the slug
    copy's deletion): the paper is always stored, and the next run ends where an uninterrupted
    run does."""
    recorded = RecordedEmbedder.load(uninterrupted_merge["vectors"])
    api_copies = read_jsonl(uninterrupted_merge["corpus"]).papers
    for write in range(1, uninterrupted_merge["writes"] + 1):
        context = f"killed before write {write} of {uninterrupted_merge['writes']}"
        chroma = tmp_path / f"write-{write}"
        shutil.copytree(uninterrupted_merge["slug_only"], chroma)
        arguments = (chroma, uninterrupted_merge["corpus"], uninterrupted_merge["vectors"], 16)
        kill_child("ingest", KillPoint(write=write), context, *arguments)
        store = open_store(StoreLocation(path=chroma), recorded)
        assert {p.id for p in store.papers()} & {SLUG, ARXIV_ID}, f"{context}: the paper was lost"

        report = ingest_papers(store, api_copies)

        assert report.failed == 0, context
        assert_same_store(store_dump(chroma), uninterrupted_merge["dump"], context)
        assert _counts(ingest_papers(store, api_copies)) == (0, 0, 1, 0, 0), context


# ---- the command line ----------------------------------------------------------------------------


def _run(data_dir: Path, *args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(["--env-file", "/nonexistent", "--data-dir", str(data_dir), *args], out=out)
    return code, out.getvalue()


def _listing_page(paper: Paper, path: Path) -> Path:
    """A listing page (the seed pages' format) with the arXiv API paper's title and abstract."""
    authors = f"• {len(paper.authors)} authors"
    lines = ["Daily Papers", "Oct 17", paper.title, paper.abstract, authors, "·", "Oct 17, 2025 12"]
    path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_cli_reports_merged_duplicates_and_cite_finds_the_old_slug(tmp_path: Path, embedder: Any) -> None:
    atom = FIXTURES / "arxiv" / "api_query_search_cs.RO_2entries_2025-10-17.xml"
    [rdd] = [p for p in read_sources([atom]).papers if p.id == "2510.14968"]
    page = _listing_page(rdd, tmp_path / "page.txt")
    [slug_copy] = read_sources([page]).papers
    data = tmp_path / "data"

    code, out = _run(data, "ingest", "--json", "--no-progress", str(page))
    assert (code, json.loads(out)["papers"]) == (0, 1)
    code, out = _run(data, "ingest", "--json", "--no-progress", str(atom))
    report = json.loads(out)
    assert code == 0
    assert (report["added"], report["updated"], report["merged"], report["papers"]) == (1, 1, 1, 2)
    code, out = _run(data, "ingest", "--no-progress", str(page), str(atom))
    assert "0 added, 0 updated, 2 unchanged, 0 failed, 0 duplicates merged" in out

    code, out = _run(data, "cite", "--json", slug_copy.id)
    found = json.loads(out)
    assert (found["paper_id"], found["confidence"]) == ("2510.14968", 1.0)
    assert "eprint = {2510.14968}" in found["bibtex"]
    [paper] = _store(data, embedder).papers(["2510.14968"])
    assert (paper.authors, paper.upvotes, paper.date) == (rdd.authors, 12, rdd.date)
