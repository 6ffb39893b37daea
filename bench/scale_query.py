"""Worker of the scale benchmark: open one store (embedded directory or Chroma server), time warm
dense search, hybrid search and extractive `ask` with the dev questions, and report the first-use
builds (BM25, vocabularies) and memory apart. Prints one JSON line; `bench.scale` runs it in a
fresh process per store size and mode so each peak-memory figure belongs to one configuration.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from bench.corpus import DEV_SET, load_questions
from bench.measure import Stopwatch, latency_summary, process_memory_mib
from rag.answer import ExtractiveAnswerer
from rag.embed import MiniLMEmbedder
from rag.retrieve import DenseRetriever, HybridRetriever, clean_query
from rag.store import StoreLocation, open_store


def _instrument(target: object, names: Sequence[str]) -> dict[str, Stopwatch]:
    """Time the named methods of this one object (instance attributes shadow the methods;
    the library is not changed)."""
    watches = {}
    for name in names:
        watch = Stopwatch()
        setattr(target, name, watch.wrap(getattr(target, name)))
        watches[name] = watch
    return watches


def _timed_rounds(
    call: Callable[[str], object],
    queries: Sequence[str],
    warmup: int,
    rounds: int,
    reset: Callable[[], None],
    forget_queries: Callable[[], None],
) -> tuple[float, list[float]]:
    """First call (ms), then `warmup - 1` untimed calls, then every query `rounds` times, each
    timed as a new question (the embedder's memory of recent queries is cleared first)."""
    started = time.perf_counter()
    call(queries[0])
    first_ms = (time.perf_counter() - started) * 1000
    for query in queries[1:warmup]:
        call(query)
    reset()
    samples = []
    for _ in range(rounds):
        for query in queries:
            forget_queries()
            started = time.perf_counter()
            call(query)
            samples.append((time.perf_counter() - started) * 1000)
    return first_ms, samples


def _parts(watches: dict[str, Stopwatch], per: int) -> dict[str, dict[str, float]]:
    """Each instrumented part: calls and mean ms per timed operation, and its own p50/p95."""
    return {
        name: {
            "calls_per_op": watch.calls / per if per else float("nan"),
            "ms_per_op": 1000 * watch.seconds / per if per else float("nan"),
            **latency_summary([s * 1000 for s in watch.samples]),
        }
        for name, watch in watches.items()
    }


def run(
    location: StoreLocation, probes: np.ndarray, k: int, warmup: int, search_rounds: int, ask_rounds: int
) -> dict[str, Any]:
    questions = [question.question for question in load_questions(DEV_SET)]
    result: dict[str, Any] = {"memory": {"start": process_memory_mib()}}
    model = MiniLMEmbedder()
    model.embed_documents(["warm-up text"] * 4)
    started = time.perf_counter()
    store = open_store(location, model)
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

    store_parts = _instrument(store, ["search_papers", "papers", "search_chunks"])

    def reset_store() -> None:
        for watch in store_parts.values():
            watch.reset()

    dense = DenseRetriever(store)
    first, samples = _timed_rounds(
        lambda q: dense.search(q, k), questions, warmup, search_rounds, reset_store, model.forget_queries
    )
    result["dense"] = {
        "first_ms": first,
        "latency_ms": latency_summary(samples),
        "parts": _parts({n: store_parts[n] for n in ("search_papers", "papers")}, len(samples)),
    }

    # The hybrid retriever's lexical side: every paper read from the store, BM25 built in memory.
    before = process_memory_mib()
    started = time.perf_counter()
    scanned = len(store.papers())
    scan_seconds = time.perf_counter() - started
    hybrid = HybridRetriever(store)
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
    hybrid_parts = _instrument(
        hybrid, ["_dense_ranking", "_bm25_ranking", "_fuzzy_title_ranking", "_exact_matches"]
    )

    def reset_all() -> None:
        reset_store()
        for watch in hybrid_parts.values():
            watch.reset()

    first, samples = _timed_rounds(
        lambda q: hybrid.search(q, k), questions, warmup, search_rounds, reset_all, model.forget_queries
    )
    result["hybrid"] = {
        "first_ms_after_build": first,
        "latency_ms": latency_summary(samples),
        "parts": _parts(hybrid_parts, len(samples)),
    }

    answerer = ExtractiveAnswerer(hybrid)
    started = time.perf_counter()
    answerer.prepare()  # what a bot does at start; the lexical side is already built above
    result["answer_build"] = {
        "prepare_seconds": time.perf_counter() - started,
        "rss_after_mib": process_memory_mib()["rss_mib"],
    }
    search_watch = Stopwatch()
    real_search = hybrid.search
    setattr(hybrid, "search", search_watch.wrap(real_search))  # noqa: B010
    answer_parts = _instrument(answerer, ["understand", "assess"])
    grounded: list[bool] = []

    def ask(question: str) -> None:
        grounded.append(answerer.answer_sync(question).grounded)

    def reset_ask() -> None:
        reset_all()
        search_watch.reset()
        for watch in answer_parts.values():
            watch.reset()
        grounded.clear()

    first, samples = _timed_rounds(ask, questions, warmup, ask_rounds, reset_ask, model.forget_queries)
    result["ask"] = {
        "first_ms_after_build": first,
        "latency_ms": latency_summary(samples),
        "grounded_share": float(np.mean(grounded)) if grounded else float("nan"),
        "parts": _parts(
            {
                "HybridRetriever.search": search_watch,
                **hybrid_parts,
                "search_chunks (Chroma)": store_parts["search_chunks"],
                "papers (Chroma get)": store_parts["papers"],
                **answer_parts,
            },
            len(samples),
        ),
    }
    result["memory"]["end"] = process_memory_mib()
    return result


def set_ef_search(path: Path, ef_search: int) -> dict[str, Any]:
    """Change the papers collection's HNSW ef_search in place (a diagnostic: it reaches the
    store's private collection; Chroma applies the new value when the store is next opened)."""
    store = open_store(StoreLocation(path=path), MiniLMEmbedder(), keep_index_settings=True)
    collection = store._papers
    collection.modify(configuration={"hnsw": {"ef_search": ef_search}})
    return {"ef_search": ef_search}


def recall_only(location: StoreLocation, probes: np.ndarray, k: int) -> dict[str, Any]:
    """HNSW top-k for the dev questions and the probes, and the warm `search_papers` time."""
    questions = [question.question for question in load_questions(DEV_SET)]
    model = MiniLMEmbedder()
    store = open_store(location, model, keep_index_settings=True)  # the value being swept
    vectors = [model.embed_query(clean_query(q)) for q in questions]
    store.search_papers(vectors[0], k)
    samples, dev_ids = [], []
    for vector in vectors:
        started = time.perf_counter()
        hits = store.search_papers(vector, k)
        samples.append((time.perf_counter() - started) * 1000)
        dev_ids.append([hit.paper_id for hit in hits])
    return {
        "ef_search": store._papers.configuration["hnsw"]["ef_search"],
        "search_papers_ms": latency_summary(samples),
        "hnsw_ids": {
            "dev": dev_ids,
            "probes": [[hit.paper_id for hit in store.search_papers(vector, k)] for vector in probes],
        },
    }


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
    parser.add_argument("--set-ef-search", type=int, help="only change ef_search of --store, then exit")
    parser.add_argument("--recall-only", action="store_true", help="only the HNSW top-k and its time")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    location = StoreLocation(host=args.host, port=args.port) if args.host else StoreLocation(path=args.store)
    probes = np.load(args.probes)
    if args.set_ef_search:
        result = set_ef_search(args.store, args.set_ef_search)
    elif args.recall_only:
        result = recall_only(location, probes, args.k)
    else:
        result = run(location, probes, args.k, args.warmup, args.search_rounds, args.ask_rounds)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
