"""Reads that must stay fast on large stores, checked for correctness on a real one: chunk scoring
within papers, fuzzy titles over a bounded candidate set, HNSW settings of older stores."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import rag.store
from ingest.pipeline import ingest_papers, read_sources
from rag.retrieve import HybridRetriever
from rag.store import StoreLocation, open_store
from tests.conftest import SEEDS

pytestmark = pytest.mark.slow


def test_chunks_within_papers_are_scored_exactly(opened_bundled_store: Any) -> None:
    store = opened_bundled_store
    papers = store.papers()[:7]
    query = store.embedder.embed_query("reward model overoptimization in preference learning")
    hits = store.search_chunks(query, k=20, paper_ids=[p.id for p in papers])

    # The same chunks, scored by hand from their own stored vectors.
    expected: list[tuple[float, str]] = []
    for paper in papers:
        for chunk in store.chunks_of(paper.id):
            vector = store.embedder.embed_documents([chunk.text])[0]
            expected.append((float(np.dot(vector, query)), chunk.id))
    expected.sort(reverse=True)
    assert [hit.chunk_id for hit in hits] == [chunk_id for _, chunk_id in expected[:20]]
    assert [hit.score for hit in hits] == pytest.approx([score for score, _ in expected[:20]], abs=0.02)
    assert {hit.paper_id for hit in hits} <= {p.id for p in papers}
    assert all(hit.text for hit in hits)
    # Without their texts (a score is all the reranker reads): the same hits, scores and owners.
    bare = store.search_chunks(query, k=20, paper_ids=[p.id for p in papers], texts=False)
    assert [(h.chunk_id, h.paper_id, h.score) for h in bare] == [
        (h.chunk_id, h.paper_id, h.score) for h in hits
    ]
    assert not any(hit.text for hit in bare)


def test_chunks_within_unknown_papers_are_empty(opened_bundled_store: Any) -> None:
    query = opened_bundled_store.embedder.embed_query("anything")
    assert opened_bundled_store.search_chunks(query, k=5, paper_ids=["no-such-paper"]) == []


def test_a_misspelled_title_is_found_without_other_candidates(opened_bundled_store: Any) -> None:
    retriever = HybridRetriever(opened_bundled_store)
    corpus = retriever._ensure()
    # No dense or BM25 candidates at all: the misspelled rare title word alone must find it.
    ranked = retriever._fuzzy_title_ranking(corpus, "rewrad danse sclaing in visual generaton", [])
    assert ranked[0] == "rewarddance-reward-scaling-in-visual-generation"


def test_an_older_store_gets_the_current_search_breadth(
    tmp_path: Path, embedder: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    location = StoreLocation(path=tmp_path / "chroma")
    monkeypatch.setattr(rag.store, "HNSW", {**rag.store.HNSW, "ef_search": 100})
    old = open_store(location, embedder)
    ingest_papers(old, read_sources([SEEDS]).papers[:3])
    assert old.index_settings()["ef_search"] == 100
    monkeypatch.undo()

    with caplog.at_level(logging.INFO, logger="rag.store"):
        reopened = open_store(location, embedder)
    assert f"from 100 to {rag.store.HNSW['ef_search']}" in caplog.text
    assert reopened.index_settings()["ef_search"] == rag.store.HNSW["ef_search"]
    assert reopened.counts()[0] == 3
