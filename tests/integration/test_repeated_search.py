"""What makes a question at 100k papers cheaper without changing its answer (issue 18): a
question searched twice in a row (`similar`, a citation lookup) is ranked once, and numpy's BLAS
runs on one thread beside the model's."""

from __future__ import annotations

from typing import Any

import pytest

from rag.retrieve import HybridRetriever

pytestmark = pytest.mark.slow

QUESTIONS = (
    "How do reward model ensembles mitigate reward hacking?",
    "Helping or Herding? reward model ensembels",
    "direct preference optimization without a reference model",
)


def test_a_repeated_search_gives_what_a_new_one_gives(opened_bundled_store: Any) -> None:
    searched = HybridRetriever(opened_bundled_store)
    for question in QUESTIONS:
        first = searched.search(question, k=30)
        assert searched.search(question, k=4) == first[:4]  # the same ranking, cut shorter
        assert searched.search(question, k=30) == first
        fresh = HybridRetriever(opened_bundled_store)  # nothing remembered
        assert fresh.search(question, k=30) == first
    # A question the embedder no longer remembers (as benchmarks make each one) is ranked anew,
    # and to the same result.
    opened_bundled_store.embedder.forget_queries()
    assert searched.search(QUESTIONS[-1], k=30) == first


def test_numpy_blas_runs_on_one_thread_once_the_model_is_loaded(embedder: Any) -> None:
    from threadpoolctl import threadpool_info

    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    assert blas and all(pool["num_threads"] == 1 for pool in blas)


def test_a_questions_names_and_its_search_rank_bm25_once(
    opened_bundled_store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rag.lexicon import Bm25

    ranked: list[str] = []
    rank = Bm25.rank

    def counted(self: Bm25, text: str, k: int) -> list[str]:
        ranked.append(text)
        return rank(self, text, k)

    monkeypatch.setattr(Bm25, "rank", counted)
    retriever = HybridRetriever(opened_bundled_store)
    for question in QUESTIONS:
        ranked.clear()
        named = retriever.named(question)
        results = retriever.search(question, k=30)
        assert len(ranked) == 1  # the search reused the names' ranking
        # Each alone, in a retriever that remembers nothing, gives the same.
        assert HybridRetriever(opened_bundled_store).search(question, k=30) == results
        assert HybridRetriever(opened_bundled_store).named(question) == named
        assert len(ranked) == 3
    ranked.clear()
    retriever.named("reward hacking")  # another text is ranked anew
    assert ranked == ["reward hacking"]
