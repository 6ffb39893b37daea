"""Ingest into a real embedded Chroma with the real model: counts, idempotency, updates, resume."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ingest.pipeline import ingest_papers, read_sources
from ingest.sources.jsonl import read_jsonl
from rag.model import Paper
from rag.names import Strength
from rag.store import ModelMismatchError, StoreLocation, open_store
from tests.conftest import SEEDS
from tests.integration import crash as crash_points
from tests.integration.crash import (
    Crash,
    RecordedEmbedder,
    WriteHook,
    assert_same_store,
    chroma_writes,
    kill_child,
    store_dump,
)


@pytest.fixture(scope="module")
def sample() -> list[Paper]:
    """Twelve real papers with metadata: enough to exercise every path, quick to embed."""
    papers = read_sources([SEEDS]).papers
    return [p for p in papers if p.date][:12]


def _store(path: Path, embedder: Any) -> Any:
    return open_store(StoreLocation(path=path / "chroma"), embedder)


def _snapshot(store: Any) -> dict[str, Any]:
    papers = store.papers()
    ids = [p.id for p in papers]
    chunks = {p.id: [c.text for c in store.chunks_of(p.id)] for p in papers}
    return {"papers": papers, "counts": store.counts(), "chunks": chunks, "vectors": store.paper_vectors(ids)}


def test_bundled_corpus_ingests_205_papers_through_the_cli(bundled_store: dict[str, Any]) -> None:
    report = bundled_store["report"]
    assert bundled_store["exit_code"] == 0
    assert (report["added"], report["updated"], report["unchanged"], report["failed"]) == (205, 0, 0, 0)
    assert report["papers"] == 205
    assert report["chunks"] > 205


def test_reingest_of_the_bundled_corpus_adds_nothing(opened_bundled_store: Any) -> None:
    before = opened_bundled_store.counts()
    report = ingest_papers(opened_bundled_store, read_sources([SEEDS]).papers)
    assert (report.added, report.updated, report.unchanged, report.failed) == (0, 0, 205, 0)
    assert opened_bundled_store.counts() == before


def test_stored_papers_keep_their_metadata(opened_bundled_store: Any) -> None:
    [edit_reward] = opened_bundled_store.papers(
        ["editreward-a-human-aligned-reward-model-for-instruction-guided-image-editing"]
    )
    assert (edit_reward.organisation, edit_reward.date, edit_reward.upvotes) == ("TIGER-Lab", "2025-09-30", 3)
    assert edit_reward.author_count is None
    assert edit_reward.abstract.startswith("Recently, we have witnessed great progress")
    # Names are found once, at ingest, and stored with the paper ("EditReward: ..." is its title's
    # name; the abstract's `\\mname` was replaced by it before the names were read).
    assert ("EditReward", Strength.TITLE) in edit_reward.names
    [urial] = [p for p in opened_bundled_store.papers() if "URIAL" in dict(p.names)]
    assert "Unlocking Spell" in urial.title


def test_changed_papers_are_updated_not_duplicated(
    tmp_path: Path, embedder: Any, sample: list[Paper]
) -> None:
    store = _store(tmp_path, embedder)
    ingest_papers(store, sample)
    counts = store.counts()
    votes = dataclasses.replace(sample[0], upvotes=(sample[0].upvotes or 0) + 40)
    rewritten = dataclasses.replace(sample[1], abstract="A brand new abstract. It has two sentences.")
    old_vector = store.paper_vectors([sample[1].id])[sample[1].id]

    report = ingest_papers(store, [votes, rewritten, *sample[2:]])

    assert (report.added, report.updated, report.unchanged) == (0, 2, len(sample) - 2)
    assert store.counts()[0] == counts[0]
    assert store.papers([votes.id])[0].upvotes == votes.upvotes
    assert [c.text for c in store.chunks_of(rewritten.id)] == ["A brand new abstract. It has two sentences."]
    assert not np.allclose(store.paper_vectors([rewritten.id])[rewritten.id], old_vector)
    assert store.papers([rewritten.id])[0].abstract == rewritten.abstract


def test_a_fact_that_disappears_from_a_paper_disappears_from_the_store(
    tmp_path: Path, embedder: Any, sample: list[Paper]
) -> None:
    # Chroma's update merges metadata: a key left out is kept unless it is set to None.
    store = _store(tmp_path, embedder)
    known = dataclasses.replace(sample[0], organisation="Meta", upvotes=12)
    ingest_papers(store, [known])

    forgotten = dataclasses.replace(known, organisation=None, upvotes=None)
    assert ingest_papers(store, [forgotten]).updated == 1

    [stored] = store.papers([known.id])
    assert (stored.organisation, stored.upvotes) == (None, None)
    assert ingest_papers(store, [forgotten]).unchanged == 1


def test_metadata_only_change_does_not_call_the_model(
    tmp_path: Path, embedder: Any, sample: list[Paper]
) -> None:
    store = _store(tmp_path, embedder)
    ingest_papers(store, sample[:3])

    class CountingEmbedder:
        name, dimension = embedder.name, embedder.dimension
        calls = 0

        def embed_documents(self, texts: list[str]) -> Any:
            CountingEmbedder.calls += 1
            return embedder.embed_documents(texts)

        def embed_query(self, text: str) -> Any:
            return embedder.embed_query(text)

    counting = _store(tmp_path, CountingEmbedder())
    changed = [dataclasses.replace(p, upvotes=999) for p in sample[:3]]
    report = ingest_papers(counting, changed)
    assert report.updated == 3
    assert CountingEmbedder.calls == 0
    assert {p.upvotes for p in counting.papers()} == {999}


def test_opening_a_store_with_another_model_fails_loudly(tmp_path: Path, embedder: Any) -> None:
    _store(tmp_path, embedder)

    class OtherModel:
        name, dimension = "e5-small", 384

    with pytest.raises(ModelMismatchError, match=r"all-MiniLM-L6-v2-int8-onnx.*e5-small"):
        _store(tmp_path, OtherModel())


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    # Pinned: a batch's chunks written but not its paper records; a rewrite half-way through a
    # later batch; the last paper records. Then fresh random points (tests/integration/crash.py).
    pinned = [Crash(call="add", nth=2), Crash(call="add", nth=3), Crash(call="add", nth=6)]
    crash_points.parametrize(metafunc, pinned, ci_runs=3)


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory: pytest.TempPathFactory, embedder: Any, sample: list[Paper]) -> Any:
    """Six papers ingested in three batches without a crash: the store every crashed run must
    converge on, the number of writes it takes, and the model's vectors, recorded for replay."""
    from ingest.sources.jsonl import write_jsonl

    directory = tmp_path_factory.mktemp("uninterrupted")
    corpus = directory / "corpus.jsonl"
    write_jsonl(sample[:6], corpus)
    recorded = RecordedEmbedder.record(embedder)
    store = _store(directory, recorded)
    with WriteHook().installed(chroma_writes()) as hook:
        ingest_papers(store, read_jsonl(corpus).papers, batch_size=2)
    recorded.save(directory / "vectors.npz")
    return {
        "corpus": corpus,
        "vectors": directory / "vectors.npz",
        "writes": hook.writes,
        "dump": store_dump(directory / "chroma"),
    }


def test_ingest_killed_at_any_point_converges_on_rerun(
    tmp_path: Path, uninterrupted: dict[str, Any], crash: Crash
) -> None:
    """SIGKILL at a write (pinned, or drawn from the seed in the test id), then ingest again: the
    store equals the uninterrupted run's, record for record, and a third run changes nothing."""
    point = crash.point(uninterrupted["writes"])
    context = f"{point.describe()} of {uninterrupted['writes']}"
    crashed = tmp_path / "chroma"
    kill_child("ingest", point, context, crashed, uninterrupted["corpus"], uninterrupted["vectors"], 2)

    papers = read_jsonl(uninterrupted["corpus"]).papers
    resumed = open_store(StoreLocation(path=crashed), RecordedEmbedder.load(uninterrupted["vectors"]))
    report = ingest_papers(resumed, papers, batch_size=2)
    assert (report.added + report.unchanged, report.failed) == (len(papers), 0), context
    assert_same_store(store_dump(crashed), uninterrupted["dump"], context)
    for paper_id, vector in resumed.paper_vectors([p.id for p in papers]).items():
        assert resumed.search_papers(vector, k=1)[0].paper_id == paper_id, f"{context}: index lost {paper_id}"
    again = ingest_papers(resumed, papers, batch_size=2)
    assert (again.added, again.updated, again.unchanged) == (0, 0, len(papers)), context


def test_read_sources_reports_bad_files_and_keeps_good_ones(tmp_path: Path) -> None:
    (tmp_path / "good.jsonl").write_text(
        json.dumps({"title": "A Paper", "abstract": "It studies things carefully. " * 5}) + "\n",
        encoding="utf-8",
    )
    (tmp_path / "broken.json").write_text('[{"paper": ', encoding="utf-8")
    result = read_sources([tmp_path])
    assert [p.title for p in result.papers] == ["A Paper"]
    assert len(result.problems) == 1
    assert "broken.json" in str(result.problems[0])
