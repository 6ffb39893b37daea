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
