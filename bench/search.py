"""Search latency: warm p50/p95 of dense-only search (bench/dense.py) and the CLI's
`HybridRetriever` over the ingested bundled corpus, replaying the dev questions; plus dense top-k
against exact search.

Run: .venv/bin/python -m bench.search [--json]
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from bench.corpus import DEV_SET, SEEDS, corpus_paths, load_questions
from bench.dense import DenseSearch, dense_parts
from bench.measure import (
    TimedEmbedder,
    TimedStore,
    directory_mib,
    machine,
    machine_line,
    markdown_table,
    peak_rss_mib,
    replay,
)
from ingest.pipeline import ingest_paths
from rag.embed import MiniLMEmbedder
from rag.retrieve import HybridRetriever, clean_query
from rag.store import PaperStore, StoreLocation


def exact_overlap(store: PaperStore, queries: Sequence[str], k: int) -> float:
    """Mean share of the exact top-k (numpy cosine over the stored paper vectors) that the
    store's approximate search returns: HNSW recall@k."""
    ids = [paper.id for paper in store.papers()]
    vectors = store.paper_vectors(ids)
    matrix = np.stack([vectors[paper_id] for paper_id in ids])
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    shares = []
    for query in queries:
        vector = store.embedder.embed_query(clean_query(query))
        exact = {ids[i] for i in np.argsort(-(matrix @ vector))[:k]}
        approximate = {hit.paper_id for hit in store.search_papers(vector, k)}
        shares.append(len(exact & approximate) / min(k, len(ids)))
    return float(np.mean(shares))


def run(
    corpus: Path,
    repeat: int,
    k: int,
    warmup: int,
    rounds: int,
    retrievers: Sequence[str],
    threads: int | None,
) -> dict[str, Any]:
    queries = [question.question for question in load_questions(DEV_SET)]
    with tempfile.TemporaryDirectory(prefix="paperbot-bench-") as scratch_name:
        scratch = Path(scratch_name)
        paths = corpus_paths(corpus, repeat, scratch)
        model = MiniLMEmbedder(threads=threads)
        embedder = TimedEmbedder(model)
        start = time.perf_counter()
        store = TimedStore(StoreLocation(path=scratch / "store"), embedder)
        report = ingest_paths(store, paths)
        ingest_seconds = time.perf_counter() - start
        papers, chunks = store.counts()

        results: dict[str, Any] = {}
        if "dense" in retrievers:
            dense = DenseSearch(store)
            parts = dense_parts(store, embedder)
            results["dense"] = replay(dense.search, queries, k, warmup, rounds, model.forget_queries, parts)
        if "hybrid" in retrievers:
            hybrid = HybridRetriever(store)
            results["hybrid"] = replay(hybrid.search, queries, k, warmup, rounds, model.forget_queries)
        overlap = exact_overlap(store, queries, k)
        return {
            "machine": machine(),
            "papers": papers,
            "chunks": chunks,
            "repeat": repeat,
            "k": k,
            "warmup": warmup,
            "rounds": rounds,
            "questions": len(queries),
            "ingest_seconds": ingest_seconds,
            "ingest_report": report.as_dict(),
            "store_mib": directory_mib(scratch / "store"),
            "hnsw_recall_at_k": overlap,
            "peak_rss_mib": peak_rss_mib(),
            "retrievers": results,
        }


_PART_LABELS = {
    "embed_query": "embed_query (model)",
    "search_papers": "search_papers (Chroma HNSW)",
    "papers": "papers (Chroma get by id)",
    "rest": "rest (Python)",
}


def render(result: dict[str, Any], command: str) -> str:
    columns = ["p50", "p95", "p99", "mean", "max"]
    labels = {"dense": "dense only (bench/dense.py)", "hybrid": "HybridRetriever.search (dense+BM25+titles)"}
    rows = [
        [
            labels[name],
            values["latency_ms"]["n"],
            *(f"{values['latency_ms'][c]:.1f}" for c in columns),
            f"{values['first_query_ms']:.1f}",
        ]
        for name, values in result["retrievers"].items()
    ]
    out = [
        f"# Search latency: {result['papers']} papers, k={result['k']}, "
        f"{result['questions']} dev questions x {result['rounds']} rounds, {result['warmup']} warm-up",
        "",
        f"{machine_line()} · `{command}`",
        "",
        markdown_table(["retriever", "queries", *(f"{c} ms" for c in columns), "first query ms"], rows),
    ]
    dense = result["retrievers"].get("dense")
    if dense:
        out += [
            "",
            markdown_table(
                ["dense-only part", *(f"{c} ms" for c in columns)],
                [
                    [_PART_LABELS.get(part, part), *(f"{values[c]:.2f}" for c in columns)]
                    for part, values in dense["parts"].items()
                ],
            ),
        ]
    out += [
        "",
        markdown_table(
            ["fact", "value"],
            [
                ["papers / chunks stored", f"{result['papers']} / {result['chunks']}"],
                ["ingest before the run", f"{result['ingest_seconds']:.1f} s"],
                ["store on disk", f"{result['store_mib']:.1f} MiB"],
                [f"HNSW recall@{result['k']} vs exact cosine", f"{result['hnsw_recall_at_k']:.3f}"],
                ["peak RSS", f"{result['peak_rss_mib']:.0f} MiB"],
            ],
        ),
    ]
    return "\n".join(out)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.search",
        description="Ingest the bundled corpus into a temporary embedded store, then time warm "
        "searches with the dev questions. Prints markdown tables: p50/p95 latency, the dense "
        "path's parts, and HNSW recall against exact search.",
    )
    parser.add_argument("--corpus", type=Path, default=SEEDS, help="corpus directory (default: data/seeds)")
    parser.add_argument("--repeat", type=int, default=1, help="store N times the corpus (synthetic copies)")
    parser.add_argument("--k", type=int, default=10, help="results per query (default 10)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed queries first (default 5)")
    parser.add_argument(
        "--rounds", type=int, default=6, help="passes over the 40 questions (default 6: 240 timed queries)"
    )
    parser.add_argument(
        "--retrievers", default="dense,hybrid", help="comma-separated: dense, hybrid (default: both)"
    )
    parser.add_argument("--threads", type=int, help="model threads (default: onnxruntime's choice)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of markdown")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    retrievers = [name.strip() for name in args.retrievers.split(",") if name.strip()]
    if not retrievers or set(retrievers) - {"dense", "hybrid"}:
        print("--retrievers takes dense and/or hybrid", file=sys.stderr)
        return 2
    if min(args.repeat, args.k, args.warmup, args.rounds) < 1:
        print("--repeat, --k, --warmup and --rounds must be at least 1", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    result = run(args.corpus, args.repeat, args.k, args.warmup, args.rounds, retrievers, args.threads)
    command = "python -m bench.search" + (" " + " ".join(argv) if argv else "")
    if args.json:
        print(json.dumps({**result, "command": command}))
    else:
        print(render(result, command))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
