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
from rag.retrieve import HybridRetriever, clauses
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
    assert opened_bundled_store.sentence_vectors(["no-such-paper"]) == {}


def test_sentence_vectors_score_as_the_chunk_search_does(opened_bundled_store: Any) -> None:
    """What the reranker's clause feature reads: each paper's chunk vectors, unit length, the
    oracle being `search_chunks` within the same papers."""
    store = opened_bundled_store
    ids = [p.id for p in store.papers()[:6]]
    query = store.embedder.embed_query("aligning a chatbot without human preference labels")
    vectors = store.sentence_vectors(ids)
    assert set(vectors) == set(ids)
    assert all(np.allclose(np.linalg.norm(m, axis=1), 1.0, atol=1e-4) for m in vectors.values())
    assert sum(len(m) for m in vectors.values()) == sum(len(store.chunks_of(i)) for i in ids)
    hits = store.search_chunks(query, k=1000, paper_ids=ids, texts=False)
    unit = query / np.linalg.norm(query)
    for paper_id, matrix in vectors.items():
        expected = max(h.score for h in hits if h.paper_id == paper_id)
        assert float((matrix @ unit).max()) == pytest.approx(expected, abs=1e-5)


def test_a_long_description_divides_into_clauses_and_a_short_question_does_not() -> None:
    asked = (
        "a method that drops the value critic, trains with group-relative advantages, "
        "and is evaluated at three model sizes"
    )
    # "a method" and "trains" say too little on their own (one content term or none).
    assert clauses(asked) == [
        "drops the value critic",
        "group-relative advantages",
        "is evaluated at three model sizes",
    ]
    assert clauses("reward hacking") == []  # one clause: the question itself
    assert clauses("which papers study reward hacking?") == []


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
