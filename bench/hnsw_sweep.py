"""The ef_search sweep of the scale benchmark: how Chroma's HNSW recall trades against query time,
on a collection of the scale corpus' paper vectors built for the sweep alone with paperbot's HNSW
settings (`rag.store.HNSW`); paperbot's own store is never changed. Chroma applies a changed
ef_search when a collection is next opened, so each step runs in a fresh process
(`bench.scale` drives them) and prints one JSON line:

    .venv/bin/python -m bench.hnsw_sweep build --path DIR --vectors VECTORS.npy
    .venv/bin/python -m bench.hnsw_sweep set --path DIR --ef-search N
    .venv/bin/python -m bench.hnsw_sweep measure --path DIR --dev DEV.npy --probes PROBES.npy [--k 10]

Record ids are the rows of VECTORS.npy. Like the llama-index peer in bench/peers.py this talks
to chromadb itself: what it measures is Chroma's index, which paperbot has no setting to sweep.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings

from bench.measure import latency_summary, peak_rss_mib
from rag.store import HNSW

COLLECTION = "bench-hnsw-sweep"


def _client(path: Path) -> Any:
    return chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))


def build(path: Path, vectors: np.ndarray) -> dict[str, Any]:
    """A fresh collection of `vectors` (ids: their rows) with paperbot's HNSW settings."""
    client = _client(path)
    if COLLECTION in [collection.name for collection in client.list_collections()]:
        client.delete_collection(COLLECTION)
    collection = client.create_collection(COLLECTION, configuration={"hnsw": HNSW}, embedding_function=None)
    batch = client.get_max_batch_size()
    started = time.perf_counter()
    for start in range(0, len(vectors), batch):
        rows = vectors[start : start + batch]
        collection.add(ids=[str(start + n) for n in range(len(rows))], embeddings=rows)
    return {
        "records": collection.count(),
        "seconds": time.perf_counter() - started,
        "peak_rss_mib": peak_rss_mib(),
    }


def set_ef_search(path: Path, ef_search: int) -> dict[str, Any]:
    _client(path).get_collection(COLLECTION).modify(configuration={"hnsw": {"ef_search": ef_search}})
    return {"ef_search": ef_search}


def measure(path: Path, dev: np.ndarray, probes: np.ndarray, k: int) -> dict[str, Any]:
    """The ef_search in force, the top-k rows for every dev question and probe, and the warm
    query time over the dev questions."""
    collection = _client(path).get_collection(COLLECTION)

    def top(vector: np.ndarray) -> list[int]:
        result = collection.query(query_embeddings=[vector], n_results=k, include=["distances"])
        return [int(row) for row in result["ids"][0]]

    top(dev[0])  # loads the index
    samples, dev_rows = [], []
    for vector in dev:
        started = time.perf_counter()
        dev_rows.append(top(vector))
        samples.append((time.perf_counter() - started) * 1000)
    return {
        "ef_search": (collection.configuration_json.get("hnsw") or {}).get("ef_search"),
        "query_ms": latency_summary(samples),
        "rows": {"dev": dev_rows, "probes": [top(vector) for vector in probes]},
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.hnsw_sweep",
        description="Worker of bench.scale's ef_search sweep on a collection of its own.",
    )
    steps = parser.add_subparsers(dest="step", required=True)
    built = steps.add_parser("build", help="a fresh collection of the vectors (ids: their rows)")
    built.add_argument("--vectors", type=Path, required=True, help=".npy of unit vectors")
    changed = steps.add_parser("set", help="change ef_search (applies from the next open)")
    changed.add_argument("--ef-search", type=int, required=True)
    measured = steps.add_parser("measure", help="top-k rows of the queries and the query time")
    measured.add_argument("--dev", type=Path, required=True, help=".npy of the dev questions' vectors")
    measured.add_argument("--probes", type=Path, required=True, help=".npy of the probe vectors")
    measured.add_argument("--k", type=int, default=10)
    for step in (built, changed, measured):
        step.add_argument("--path", type=Path, required=True, help="Chroma directory of the sweep")
    args = parser.parse_args(argv)
    if args.step == "build":
        result = build(args.path, np.load(args.vectors))
    elif args.step == "set":
        result = set_ef_search(args.path, args.ef_search)
    else:
        result = measure(args.path, np.load(args.dev), np.load(args.probes), args.k)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
