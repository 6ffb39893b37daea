"""How search and `ask` cost grows with the corpus: 1k, 10k, 100k papers made of the bundled
abstracts' real sentences (bench/synthetic.py), embedded store and a real `chroma run` server;
latency p50/p95, first-use builds, memory, store size, HNSW recall@k against exact search, and a
fit of time per query against corpus size.

Run: .venv/bin/python -m bench.scale [--sizes 1000,10000,100000] [--modes embedded,server] [--json]
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from bench.chroma_server import ChromaServer
from bench.corpus import DEV_SET, load_questions
from bench.measure import directory_mib, machine, machine_line, markdown_table
from bench.synthetic import SentencePool, build_pool, corpus_vectors
from rag.embed import MiniLMEmbedder
from rag.retrieve import clean_query
from rag.store import HNSW

log = logging.getLogger("bench.scale")
REPO = Path(__file__).resolve().parents[1]
TARGETS = {"search_p50_ms": 50.0, "ask_p50_ms": 200.0, "recall": 0.99, "at": 100_000}


def _worker(module: str, arguments: Sequence[str], timeout: float) -> dict[str, Any]:
    """Run a bench worker in a fresh interpreter and return its JSON line."""
    command = [sys.executable, "-m", module, *arguments]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{module} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def store_sizes(path: Path) -> dict[str, float]:
    sqlite = path / "chroma.sqlite3"
    total = directory_mib(path)
    sqlite_mib = sqlite.stat().st_size / 2**20 if sqlite.exists() else 0.0
    return {"total_mib": total, "sqlite_mib": sqlite_mib, "segments_mib": total - sqlite_mib}


def recall_at_k(
    ids: Sequence[str], matrix: np.ndarray, queries: np.ndarray, returned: Sequence[Sequence[str]], k: int
) -> float:
    """Mean share of the exact top-k found by HNSW; a returned paper tied with the exact k-th
    score (within float32 noise) counts as found."""
    position = {paper_id: row for row, paper_id in enumerate(ids)}
    shares = []
    for query, hits in zip(queries, returned, strict=True):
        scores = matrix @ query
        kth = np.partition(scores, -k)[-k]
        found = sum(1 for paper_id in hits[:k] if scores[position[paper_id]] >= kth - 1e-5)
        shares.append(found / k)
    return float(np.mean(shares))


def run(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    started = time.perf_counter()
    model = MiniLMEmbedder()
    pool_path = work / "pool"
    if args.work and pool_path.with_suffix(".npz").exists():
        # A kept work directory: reuse the embedded sentences (the store is rebuilt anyway).
        pool = SentencePool.load(pool_path)
        pool_info = json.loads((work / "pool-info.json").read_text(encoding="utf-8"))
    else:
        pool, pool_info = build_pool(model)
        pool.save(pool_path)
        (work / "pool-info.json").write_text(json.dumps(pool_info), encoding="utf-8")
    log.info("pool: %s", pool_info)
    rng = np.random.default_rng(args.seed + 1)
    probe_rows = rng.choice(pool.sentence_count, size=args.probes, replace=False)
    probes = pool.vectors[probe_rows].astype(np.float32)
    np.save(work / "probes.npy", probes)
    questions = [q.question for q in load_questions(DEV_SET)]
    dev_vectors = np.stack([model.embed_query(clean_query(q)) for q in questions])
    del model

    store = work / "store"
    if store.exists() and not args.existing:
        shutil.rmtree(store)
    built = 0
    steps: list[dict[str, Any]] = []
    for size in sorted(args.sizes):
        if args.existing:
            # Re-time the store an earlier run left in --work (same --seed): nothing is written.
            built = size
            step_build: dict[str, Any] = {"existing": True}
        else:
            log.info("building %d -> %d papers", built, size)
            step_build = _build(pool_path, store, built, size, args)
        built = size
        step: dict[str, Any] = {"size": size, "build": step_build, "store": store_sizes(store), "modes": {}}
        _time_step(step, args, work, store, pool, dev_vectors, probes)
        steps.append(step)
    return _finish(args, work, pool, pool_info, questions, dev_vectors, probes, built, steps, started)


def _build(pool_path: Path, store: Path, start: int, stop: int, args: argparse.Namespace) -> dict[str, Any]:
    return _worker(
        "bench.synthetic",
        [
            "--pool", str(pool_path), "--store", str(store), "--start", str(start),
            "--stop", str(stop), "--seed", str(args.seed), "--batch", str(args.batch),
        ],
        timeout=6 * 3600,
    )  # fmt: skip


def _time_step(
    step: dict[str, Any],
    args: argparse.Namespace,
    work: Path,
    store: Path,
    pool: SentencePool,
    dev_vectors: np.ndarray,
    probes: np.ndarray,
) -> None:
    """Time search and ask on the store at this size in every mode, and check HNSW recall."""
    size = step["size"]
    ids, matrix = corpus_vectors(pool, size, args.seed)
    query_args = [
        "--probes", str(work / "probes.npy"), "--k", str(args.k), "--warmup", str(args.warmup),
        "--search-rounds", str(args.search_rounds), "--ask-rounds", str(args.ask_rounds),
    ]  # fmt: skip
    for mode in args.modes:
        log.info("%d papers, %s mode: timing search and ask", size, mode)
        if mode == "embedded":
            result = _worker("bench.scale_query", ["--store", str(store), *query_args], 3 * 3600)
        else:
            with ChromaServer(store, log=work / "chroma-server.log") as server:
                result = _worker(
                    "bench.scale_query",
                    ["--host", "127.0.0.1", "--port", str(server.port), *query_args],
                    3 * 3600,
                )
                result["server"] = {"start_seconds": server.start_seconds, **server.memory_mib()}
        result["recall"] = {
            "dev": recall_at_k(ids, matrix, dev_vectors, result["hnsw_ids"]["dev"], args.k),
            "probes": recall_at_k(ids, matrix, probes, result["hnsw_ids"]["probes"], args.k),
        }
        del result["hnsw_ids"]
        step["modes"][mode] = result
        log.info(
            "%d %s: dense p50 %.1f ms, hybrid p50 %.1f ms, ask p50 %.1f ms, recall %.3f",
            size,
            mode,
            result["dense"]["latency_ms"]["p50"],
            result["hybrid"]["latency_ms"]["p50"],
            result["ask"]["latency_ms"]["p50"],
            result["recall"]["dev"],
        )
    step["store_after_queries"] = store_sizes(store)


def _finish(
    args: argparse.Namespace,
    work: Path,
    pool: SentencePool,
    pool_info: dict[str, Any],
    questions: list[str],
    dev_vectors: np.ndarray,
    probes: np.ndarray,
    built: int,
    steps: list[dict[str, Any]],
    started: float,
) -> dict[str, Any]:
    """The ef_search sweep at the largest size, then the whole result."""
    ids, matrix = corpus_vectors(pool, built, args.seed)
    sweep: dict[str, Any] = {"papers": built, "points": []}
    if args.ef_sweep:
        # A collection of the same paper vectors, built for the sweep alone: paperbot's store keeps
        # its own settings (the sweep changes ef_search for good on what it measures).
        paths = {"vectors": work / "sweep-vectors.npy", "dev": work / "dev-vectors.npy"}
        np.save(paths["vectors"], matrix.astype(np.float32))
        np.save(paths["dev"], dev_vectors.astype(np.float32))
        chroma = ["--path", str(work / "sweep")]
        log.info("%d papers: building the ef_search sweep's collection", built)
        sweep["build"] = _worker(
            "bench.hnsw_sweep", ["build", *chroma, "--vectors", str(paths["vectors"])], 3 * 3600
        )
        for ef_search in args.ef_sweep:
            log.info("%d papers: HNSW recall with ef_search %d", built, ef_search)
            _worker("bench.hnsw_sweep", ["set", *chroma, "--ef-search", str(ef_search)], 600)
            point = _worker(
                "bench.hnsw_sweep",
                [
                    "measure", *chroma, "--dev", str(paths["dev"]),
                    "--probes", str(work / "probes.npy"), "--k", str(args.k),
                ],
                3600,
            )  # fmt: skip
            rows = point.pop("rows")
            point["recall"] = {
                name: recall_at_k(ids, matrix, queries, [[ids[r] for r in top] for top in rows[name]], args.k)
                for name, queries in (("dev", dev_vectors), ("probes", probes))
            }
            sweep["points"].append(point)
    return {
        "machine": machine(),
        "hnsw": HNSW,
        "pool": pool_info,
        "named_title_share": pool.named_share,
        "sizes": args.sizes,
        "modes": args.modes,
        "k": args.k,
        "questions": len(questions),
        "probes": args.probes,
        "search_rounds": args.search_rounds,
        "ask_rounds": args.ask_rounds,
        "write_batch": args.batch,
        "steps": steps,
        "ef_sweep": sweep,
        "wall_seconds": time.perf_counter() - started,
    }


# ---- fits and rendering ---------------------------------------------------------------------

SERIES = {
    "dense search p50": ("dense", "latency_ms", "p50"),
    "hybrid search p50": ("hybrid", "latency_ms", "p50"),
    "ask p50": ("ask", "latency_ms", "p50"),
    "hybrid: query embedding p50": ("hybrid", "parts", "embed_query", "p50"),
    "hybrid: HNSW ranking p50": ("hybrid", "parts", "rank_papers", "p50"),
    "hybrid: candidates' sentences p50": ("hybrid", "parts", "search_chunks", "p50"),
    "hybrid: in memory p50": ("hybrid", "parts", "in memory", "p50"),
}


def _dig(value: Any, path: Sequence[str]) -> float:
    for key in path:
        value = value[key]
    return float(value)


def fit(sizes: Sequence[int], values: Sequence[float]) -> dict[str, float]:
    """Least squares t = a + b*N (fixed cost + cost per paper) and t = c*N^e (log-log slope)."""
    n = np.asarray(sizes, dtype=np.float64)
    t = np.asarray(values, dtype=np.float64)
    if len(n) < 2:
        return {"fixed_ms": math.nan, "ms_per_10k": math.nan, "exponent": math.nan, "c": math.nan}
    slope, intercept = np.polyfit(n, t, 1)
    exponent, log_c = np.polyfit(np.log(n), np.log(np.maximum(t, 1e-6)), 1)
    return {"fixed_ms": intercept, "ms_per_10k": slope * 10_000, "exponent": exponent, "c": math.exp(log_c)}


def extrapolate(sizes: Sequence[int], values: Sequence[float], size: int) -> dict[str, float]:
    """Both fits at `size`, and the pessimistic estimate: the larger of the two, never below the
    value at the largest measured size (noise can make a fitted slope negative)."""
    fitted = fit(sizes, values)
    linear = fitted["fixed_ms"] + fitted["ms_per_10k"] * size / 10_000
    power = fitted["c"] * size ** fitted["exponent"]
    largest = values[list(sizes).index(max(sizes))]
    return {"linear": linear, "power": power, "estimate": max(linear, power, largest)}


def render(result: dict[str, Any], command: str) -> str:
    steps = result["steps"]
    modes = result["modes"]
    sizes = ", ".join(f"{step['size']:,}" for step in steps)
    out = [
        f"# Scale: {sizes} papers, {', '.join(modes)} mode",
        "",
        f"{machine_line()} · `{command}` · {result['wall_seconds'] / 60:.0f} min wall",
        "",
        f"Corpus: the {result['pool']['papers']} bundled papers (real vectors) plus synthetic papers of "
        f"4-8 of the {result['pool']['sentences']} distinct bundled sentences (vector = normalised mean "
        f"of the sentence vectors; {result['named_title_share']:.0%} of titles lead with a made-up "
        f"short name, as in the real corpus). HNSW {result['hnsw']}. Queries: the "
        f"{result['questions']} dev questions, warm, {result['search_rounds']} rounds for search and "
        f"{result['ask_rounds']} for ask.",
        "",
        "## Latency (ms)",
        "",
    ]
    rows = []
    for step in steps:
        for mode, r in step["modes"].items():
            rows.append(
                [
                    f"{step['size']:,}",
                    mode,
                    *(
                        f"{r[name]['latency_ms'][p]:.1f}"
                        for name in ("dense", "hybrid", "ask")
                        for p in ("p50", "p95")
                    ),
                    f"{r['ask']['grounded_share']:.2f}",
                ]
            )
    out.append(
        markdown_table(
            [
                "papers",
                "mode",
                "dense search p50",
                "p95",
                "hybrid search p50",
                "p95",
                "ask p50",
                "p95",
                "ask grounded share",
            ],
            rows,
        )
    )
    out += ["", "## Where the time goes (p50 ms per hybrid search; mean ms per ask)", ""]
    part_rows = []
    search_parts = ("embed_query", "rank_papers", "search_chunks", "in memory")
    ask_parts = ("search_chunks", "understand", "assess")
    for step in steps:
        for mode, r in step["modes"].items():
            h, a = r["hybrid"]["parts"], r["ask"]["parts"]
            part_rows.append(
                [
                    f"{step['size']:,}",
                    mode,
                    *(f"{h[p]['p50']:.1f}" for p in search_parts),
                    f"{a['HybridRetriever.search']['ms_per_op']:.0f} "
                    f"({a['HybridRetriever.search']['calls_per_op']:.1f})",
                    *(f"{a[p]['ms_per_op']:.0f}" for p in ask_parts),
                ]
            )
    out.append(
        markdown_table(
            [
                "papers",
                "mode",
                "search: query embedding",
                "HNSW ranking",
                "candidates' sentences",
                "in memory (BM25, titles, names, fusion, rerank)",
                "ask: searches (calls)",
                "search_chunks",
                "understand",
                "retrieve + evidence (assess)",
            ],
            part_rows,
        )
    )
    out += ["", "## First use, memory, store", ""]
    mem_rows = []
    for step in steps:
        for mode, r in step["modes"].items():
            server = r.get("server", {})
            mem_rows.append(
                [
                    f"{step['size']:,}",
                    mode,
                    f"{step['store']['total_mib']:.0f} ({step['store']['sqlite_mib']:.0f})",
                    f"{r['open_seconds']:.1f}" + (f" + {server['start_seconds']:.1f}" if server else ""),
                    f"{r['lexical_build']['scan_seconds']:.1f}",
                    f"{r['lexical_build']['bm25_and_names_seconds']:.1f}",
                    f"{r['answer_build']['prepare_seconds']:.1f}",
                    f"{r['memory']['after_open']['rss_mib']:.0f}",
                    f"{r['memory']['after_hnsw_load']['rss_mib']:.0f}",
                    f"{r['lexical_build']['rss_after_mib'] - r['lexical_build']['rss_before_mib']:+.0f}",
                    f"{r['memory']['end']['peak_mib']:.0f}",
                    f"{server['peak_mib']:.0f}" if server else "-",
                ]
            )
    out.append(
        markdown_table(
            [
                "papers",
                "mode",
                "store MiB (sqlite)",
                "open s (+ server start)",
                "read all papers s",
                "BM25 + names build s",
                "answerer prepare s",
                "RSS after open",
                "after first HNSW query",
                "lexical build RSS",
                "client peak MiB",
                "server peak MiB",
            ],
            mem_rows,
        )
    )
    built_steps = [s for s in steps if not s["build"].get("existing")]
    out += ["", "## Building the store (write_papers, embedded)", ""]
    if not built_steps:
        out.append("Not built by this run: `--existing` re-timed the store an earlier run left in `--work`.")
    out.append(
        ""
        if not built_steps
        else markdown_table(
            ["papers", "added", "records written", "write s", "papers/s", "records/s", "builder peak MiB"],
            [
                [
                    f"{s['size']:,}",
                    f"{s['build']['stop'] - s['build']['start']:,}",
                    f"{s['build']['records_written']:,}",
                    f"{s['build']['write_seconds']:.0f}",
                    f"{(s['build']['stop'] - s['build']['start']) / s['build']['write_seconds']:.0f}",
                    f"{s['build']['records_written'] / s['build']['write_seconds']:.0f}",
                    f"{s['build']['peak_rss_mib']:.0f}",
                ]
                for s in built_steps
            ],
        )
    )
    out += ["", f"## HNSW recall@{result['k']} against exact (numpy) search", ""]
    out.append(
        markdown_table(
            [
                "papers",
                "mode",
                f"dev questions ({result['questions']})",
                f"sentence probes ({result['probes']})",
            ],
            [
                [f"{s['size']:,}", mode, f"{r['recall']['dev']:.3f}", f"{r['recall']['probes']:.3f}"]
                for s in steps
                for mode, r in s["modes"].items()
            ],
        )
    )
    sweep = result["ef_sweep"]
    if sweep["points"]:
        out += [
            "",
            f"ef_search sweep at {sweep['papers']:,} papers (embedded; a collection of the same paper "
            f"vectors built for the sweep in {sweep['build']['seconds']:.0f} s, each value set on it, "
            "then measured in a fresh process, since Chroma applies it on open):",
            "",
            markdown_table(
                ["ef_search", "recall@10 dev", "recall@10 probes", "HNSW query p50 ms", "p95 ms"],
                [
                    [
                        point["ef_search"],
                        f"{point['recall']['dev']:.3f}",
                        f"{point['recall']['probes']:.4f}",
                        f"{point['query_ms']['p50']:.1f}",
                        f"{point['query_ms']['p95']:.1f}",
                    ]
                    for point in sweep["points"]
                ],
            ),
        ]
    out += ["", *render_fit(result), "", *render_targets(result)]
    return "\n".join(out)


def render_fit(result: dict[str, Any]) -> list[str]:
    steps = result["steps"]
    sizes = [s["size"] for s in steps]
    target = int(TARGETS["at"])
    extrapolated = max(sizes) < target
    if len(sizes) < 2:
        return []  # nothing to fit
    out = ["## How time per query grows (fit over the measured sizes)", ""]
    if extrapolated:
        out += [
            f"**{target:,} papers was not measured: the last two columns are extrapolations** "
            f"(linear: fixed + per-paper cost; power: c * N^e through the measured points).",
            "",
        ]
    for mode in result["modes"]:
        rows = []
        for label, path in SERIES.items():
            values = [_dig(s["modes"][mode], path) for s in steps]
            fitted = fit(sizes, values)
            row = [label, *(f"{v:.1f}" for v in values)]
            row += [f"{fitted['fixed_ms']:.1f}", f"{fitted['ms_per_10k']:.2f}", f"{fitted['exponent']:.2f}"]
            if extrapolated:
                guess = extrapolate(sizes, values, target)
                row += [f"{guess['linear']:.0f}", f"{guess['power']:.0f}"]
            rows.append(row)
        headers = [
            f"{mode}: ms",
            *(f"{n:,}" for n in sizes),
            "fixed ms",
            "ms per 10k papers",
            "exponent e",
        ]
        if extrapolated:
            headers += [f"{target:,} linear (extrap.)", f"{target:,} power (extrap.)"]
        out += [markdown_table(headers, rows), ""]
    return out


def render_targets(result: dict[str, Any]) -> list[str]:
    """Met / not met at the target size, measured when it was run, else extrapolated (said so)."""
    steps = result["steps"]
    sizes = [s["size"] for s in steps]
    target = int(TARGETS["at"])
    rows = []
    for mode in result["modes"]:
        for label, path, limit in (
            ("search p50 (CLI search = hybrid)", SERIES["hybrid search p50"], TARGETS["search_p50_ms"]),
            ("dense-only search p50", SERIES["dense search p50"], TARGETS["search_p50_ms"]),
            ("ask p50", SERIES["ask p50"], TARGETS["ask_p50_ms"]),
        ):
            values = [_dig(s["modes"][mode], path) for s in steps]
            if target in sizes:
                value, how = values[sizes.index(target)], "measured"
            else:
                value = extrapolate(sizes, values, target)["estimate"]
                how = "EXTRAPOLATED (larger of linear and power fit)"
            verdict = "met" if value <= limit else "NOT met"
            rows.append([mode, label, f"<= {limit:.0f} ms", f"{value:.0f} ms", how, verdict])
        recall = min(s["modes"][mode]["recall"]["dev"] for s in steps)
        probes = min(s["modes"][mode]["recall"]["probes"] for s in steps)
        largest = max(sizes)
        rows.append(
            [
                mode,
                f"HNSW recall@{result['k']} (worst size; dev / probes)",
                f">= {TARGETS['recall']}",
                f"{recall:.3f} / {probes:.3f}",
                "measured up to " + f"{largest:,}",
                ("met" if min(recall, probes) >= TARGETS["recall"] else "NOT met")
                + ("" if largest >= target else f" (not measured at {target:,})"),
            ]
        )
    return [
        f"## Targets at {target:,} papers",
        "",
        markdown_table(["mode", "what", "target", "value", "how", "verdict"], rows),
    ]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.scale",
        description="Grow one synthetic store (the bundled abstracts' sentences recombined) to each "
        "size in turn; at each size time warm search and extractive ask with the dev questions in "
        "embedded mode and against a real `chroma run`, measure first-use builds, memory, store size "
        "and HNSW recall against exact search, then fit time per query against corpus size. "
        "Prints markdown tables. Every store lives in a temporary directory.",
    )
    parser.add_argument(
        "--sizes",
        default="1000,10000,100000",
        help="corpus sizes in papers, comma-separated (default 1000,10000,100000)",
    )
    parser.add_argument("--modes", default="embedded,server", help="embedded and/or server (default both)")
    parser.add_argument("--k", type=int, default=10, help="results per query and recall@k (default 10)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed queries before each phase (default 5)")
    parser.add_argument("--search-rounds", type=int, default=3, help="passes over the 40 questions (3)")
    parser.add_argument("--ask-rounds", type=int, default=2, help="passes over the 40 questions (2)")
    parser.add_argument("--probes", type=int, default=200, help="extra sentence queries for recall (200)")
    parser.add_argument("--batch", type=int, default=128, help="papers per write_papers call (128)")
    parser.add_argument(
        "--ef-sweep",
        default="100,200,400,800,1600",
        help="HNSW ef_search values to try at the largest size, at the end ('' for none)",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", type=Path, help="keep the stores here (default: a temporary directory)")
    parser.add_argument(
        "--existing",
        action="store_true",
        help="re-time the store an earlier run left in --work (one size: the size it was grown to; "
        "same --seed) instead of building: for timing new code without an hour of writes",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of markdown")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        args.sizes = sorted({int(size.replace("_", "")) for size in args.sizes.split(",") if size.strip()})
    except ValueError:
        print("--sizes takes comma-separated integers", file=sys.stderr)
        return 2
    try:
        args.ef_sweep = [int(value) for value in args.ef_sweep.split(",") if value.strip()]
    except ValueError:
        print("--ef-sweep takes comma-separated integers", file=sys.stderr)
        return 2
    args.modes = [mode.strip() for mode in args.modes.split(",") if mode.strip()]
    if not args.modes or set(args.modes) - {"embedded", "server"}:
        print("--modes takes embedded and/or server", file=sys.stderr)
        return 2
    if not args.sizes or args.sizes[0] < 205 or min(args.k, args.search_rounds, args.ask_rounds) < 1:
        print("sizes must be at least 205 (the bundled papers); k and rounds at least 1", file=sys.stderr)
        return 2
    if args.existing and (not args.work or len(args.sizes) != 1 or not (args.work / "store").exists()):
        print("--existing needs --work with a store from an earlier run, and one size", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s", stream=sys.stderr)
    logging.getLogger("rag").setLevel(logging.WARNING)
    command = "python -m bench.scale" + (" " + " ".join(argv) if argv else "")
    if args.work:
        args.work.mkdir(parents=True, exist_ok=True)
        result = run(args, args.work)
    else:
        work = Path(tempfile.mkdtemp(prefix="paperbot-scale-"))
        try:
            result = run(args, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    print(json.dumps({**result, "command": command}) if args.json else render(result, command))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
