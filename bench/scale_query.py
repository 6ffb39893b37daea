"""Worker of the scale benchmark: open one store (embedded directory or Chroma server), time warm
dense search, hybrid search and extractive `ask` with the dev questions, and report the first-use
builds (BM25, vocabularies) and memory apart. Prints one JSON line; `bench.scale` runs it in a
fresh process per store size and mode so each peak-memory figure belongs to one configuration.

Where the time goes is measured through public seams only: the model behind `TimedEmbedder`, the
store as a `TimedStore`, and the retriever's and answerer's public stages (`search`, `understand`,
`assess`) timed by subclasses. The in-memory work of a hybrid search (BM25, title and name
matching, fusion, reranking) is what remains.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from bench.corpus import DEV_SET, load_questions
from bench.dense import DenseSearch, dense_parts
from bench.measure import (
    Parts,
    Stopwatch,
    TimedEmbedder,
    TimedStore,
    process_memory_mib,
    replay,
)
from rag.answer import ExtractiveAnswerer
from rag.embed import MiniLMEmbedder
from rag.model import Turn
from rag.retrieve import HybridRetriever, SearchResult, clean_query
from rag.store import StoreLocation
from rag.understand import Query


class _TimedRetriever(HybridRetriever):
    """The product's hybrid retriever, each `search` timed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.searches = Stopwatch()

    def search(self, query: str, k: int = 10) -> list[SearchResult]:
        with self.searches.timing():
            return super().search(query, k)


class _TimedAnswerer(ExtractiveAnswerer):
    """The product's answerer, its two public stages timed: reading the question (`understand`)
    and ranking the candidates with the refusal evidence (`assess`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.understanding, self.assessing = Stopwatch(), Stopwatch()

    def understand(self, question: str, history: Sequence[Turn] = ()) -> Query:
        with self.understanding.timing():
            return super().understand(question, history)

    def assess(self, query: Query) -> Any:  # the answerer's own candidates type
        with self.assessing.timing():
            return super().assess(query)


def run(
    location: StoreLocation, probes: np.ndarray, k: int, warmup: int, search_rounds: int, ask_rounds: int
) -> dict[str, Any]:
    questions = [question.question for question in load_questions(DEV_SET)]
    result: dict[str, Any] = {"memory": {"start": process_memory_mib()}}
    model = MiniLMEmbedder()
    model.embed_documents(["warm-up text"] * 4)
    embedder = TimedEmbedder(model)
    started = time.perf_counter()
    store = TimedStore(location, embedder)
    papers, chunks = store.counts()
    result["open_seconds"] = time.perf_counter() - started
    result["papers"], result["chunks"] = papers, chunks
    result["memory"]["after_open"] = process_memory_mib()

    # HNSW top-k for the recall check (exact search happens in the parent, from the vectors).
    started = time.perf_counter()
    result["hnsw_ids"] = {
        "dev": [
            [hit.paper_id for hit in store.search_papers(model.embed_query(clean_query(q)), k)]
            for q in questions
        ],
        "probes": [[hit.paper_id for hit in store.search_papers(vector, k)] for vector in probes],
    }
    result["recall_queries_seconds"] = time.perf_counter() - started
    result["memory"]["after_hnsw_load"] = process_memory_mib()

    dense = DenseSearch(store)
    parts = dense_parts(store, embedder)
    result["dense"] = replay(dense.search, questions, k, warmup, search_rounds, model.forget_queries, parts)

    # The hybrid retriever's lexical side: every paper read from the store, BM25 built in memory.
    before = process_memory_mib()
    started = time.perf_counter()
    scanned = len(store.papers())
    scan_seconds = time.perf_counter() - started
    hybrid = _TimedRetriever(store)
    started = time.perf_counter()
    hybrid.refresh()
    refresh_seconds = time.perf_counter() - started
    result["lexical_build"] = {
        "papers": scanned,
        "scan_seconds": scan_seconds,
        "refresh_seconds": refresh_seconds,
        "bm25_and_names_seconds": refresh_seconds - scan_seconds,
        "rss_before_mib": before["rss_mib"],
        "rss_after_mib": process_memory_mib()["rss_mib"],
    }
    hybrid_parts = Parts(
        {
            "embed_query": embedder.queries,
            "rank_papers": store.watches["rank_papers"],
            "search_chunks": store.watches["search_chunks"],
            "paper_vectors": store.watches["paper_vectors"],
        },
        rest="in memory",
    )
    result["hybrid"] = replay(
        hybrid.search, questions, k, warmup, search_rounds, model.forget_queries, hybrid_parts
    )

    answerer = _TimedAnswerer(hybrid)
    started = time.perf_counter()
    answerer.prepare()  # what a bot does at start; the lexical side is already built above
    result["answer_build"] = {
        "prepare_seconds": time.perf_counter() - started,
        "rss_after_mib": process_memory_mib()["rss_mib"],
    }
    # These overlap (`assess` searches; searches read chunks): no remainder is computed.
    ask_parts = Parts(
        {
            "HybridRetriever.search": hybrid.searches,
            "understand": answerer.understanding,
            "assess": answerer.assessing,
            "search_chunks": store.watches["search_chunks"],
            "embed_query": embedder.queries,
        }
    )
    grounded: list[bool] = []

    def ask(question: str, _k: int) -> None:
        grounded.append(answerer.answer_sync(question).grounded)

    result["ask"] = replay(ask, questions, k, warmup, ask_rounds, model.forget_queries, ask_parts)
    # The share of the timed answers that cite a paper (the untimed first ones left out).
    timed = grounded[max(1, min(warmup, len(questions))) :]
    result["ask"]["grounded_share"] = float(np.mean(timed)) if timed else float("nan")
    result["memory"]["end"] = process_memory_mib()
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.scale_query",
        description="Worker of bench.scale: time search and ask on one store; prints one JSON line.",
    )
    parser.add_argument("--store", type=Path, help="embedded store directory")
    parser.add_argument("--host", help="Chroma server host (server mode)")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--probes", type=Path, required=True, help=".npy of extra query vectors")
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--search-rounds", type=int, default=3)
    parser.add_argument("--ask-rounds", type=int, default=2)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    location = StoreLocation(host=args.host, port=args.port) if args.host else StoreLocation(path=args.store)
    result = run(location, np.load(args.probes), args.k, args.warmup, args.search_rounds, args.ask_rounds)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
