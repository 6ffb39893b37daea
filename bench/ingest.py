"""Ingest throughput: the full pipeline into a fresh embedded store vs the bare model on exactly
the texts the pipeline embeds, in the same batches; then a re-ingest of unchanged input.

Run as a module (`.venv/bin/python -m bench.ingest`): run as a file, `import ingest` would find
this script instead of the package.
"""

from __future__ import annotations

import argparse
import inspect
import json
import logging
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.corpus import SEEDS, corpus_paths
from bench.measure import (
    TimedEmbedder,
    TimedStore,
    directory_mib,
    machine,
    machine_line,
    markdown_table,
    peak_rss_mib,
)
from ingest.chunk import chunk_embedding_text, chunk_paper
from ingest.pipeline import IngestReport, ingest_papers, ingest_paths, read_sources
from rag.embed import Embedder, MiniLMEmbedder
from rag.model import Paper
from rag.store import StoreLocation

# The pipeline's own batch size, read from its signature so the two sides cannot drift apart.
BATCH_SIZE: int = inspect.signature(ingest_papers).parameters["batch_size"].default


@dataclass(frozen=True, slots=True)
class PipelineRun:
    """One timed `open_store` + `ingest_paths`, split into where the time went."""

    seconds: float
    open_seconds: float
    model_seconds: float
    write_seconds: float
    write_calls: int
    scan_seconds: float
    texts: int
    report: IngestReport
    store_mib: float

    @property
    def other_seconds(self) -> float:
        """Parsing, chunking and bookkeeping: the pipeline's time outside the store and model."""
        return self.seconds - self.open_seconds - self.model_seconds - self.write_seconds - self.scan_seconds


def embedded_batches(papers: Sequence[Paper], batch_size: int = BATCH_SIZE) -> list[list[str]]:
    """The texts `ingest_papers` hands the model, batch by batch: the papers' texts, then
    every chunk's (as `_embed_and_write` builds them)."""
    batches = []
    for start in range(0, len(papers), batch_size):
        batch = papers[start : start + batch_size]
        texts = [paper.text_for_embedding() for paper in batch]
        for paper in batch:
            texts.extend(chunk_embedding_text(paper, chunk) for chunk in chunk_paper(paper))
        batches.append(texts)
    return batches


def time_bare_model(model: Embedder, batches: Sequence[Sequence[str]]) -> float:
    start = time.perf_counter()
    for texts in batches:
        model.embed_documents(texts)
    return time.perf_counter() - start


def time_pipeline(model: Embedder, directory: Path, paths: Sequence[Path]) -> PipelineRun:
    """Fresh or existing store at `directory`; the model sits behind a timing wrapper and the
    store is a `TimedStore`, so the run splits into the model's, the writes' and the scan's
    share (the pipeline itself is not changed)."""
    timed = TimedEmbedder(model)
    start = time.perf_counter()
    store = TimedStore(StoreLocation(path=directory), timed)
    opened = time.perf_counter()
    report = ingest_paths(store, paths)
    seconds = time.perf_counter() - start
    writes, scans = store.watches["write_papers"], store.watches["stored_versions"]
    return PipelineRun(
        seconds=seconds,
        open_seconds=opened - start,
        model_seconds=timed.documents.seconds,
        write_seconds=writes.seconds,
        write_calls=writes.calls,
        scan_seconds=scans.seconds,
        texts=timed.texts_embedded,
        report=report,
        store_mib=directory_mib(directory),
    )


def run(corpus: Path, repeat: int, runs: int, threads: int | None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="paperbot-bench-") as scratch_name:
        scratch = Path(scratch_name)
        paths = corpus_paths(corpus, repeat, scratch)
        load_start = time.perf_counter()
        model = MiniLMEmbedder(threads=threads)
        load_seconds = time.perf_counter() - load_start
        # Warm the model outside every timing (first-run allocations), not the chunker: its
        # sentence splitter loads on first use, and a real ingest pays that too (see `cold`).
        model.embed_documents(["warm-up text"] * 4)
        rss_after_load = peak_rss_mib()

        # The first pipeline run meets a cold sentence splitter, as a real first ingest does;
        # the texts for the bare runs are built after it, outside every timing.
        pipeline_runs = [time_pipeline(model, scratch / "store-0", paths)]
        rss_after_pipeline = peak_rss_mib()
        parse_start = time.perf_counter()
        papers = list(read_sources(paths).papers)
        parse_seconds = time.perf_counter() - parse_start
        chunk_start = time.perf_counter()
        batches = embedded_batches(papers)
        chunk_seconds = time.perf_counter() - chunk_start
        bare_seconds = [time_bare_model(model, batches)]
        rss_after_bare = peak_rss_mib()
        for number in range(1, runs):
            pipeline_runs.append(time_pipeline(model, scratch / f"store-{number}", paths))
            bare_seconds.append(time_bare_model(model, batches))
        texts = sum(len(batch) for batch in batches)
        if pipeline_runs[0].texts != texts:
            raise AssertionError(
                f"the pipeline embedded {pipeline_runs[0].texts} texts, the bare run {texts}"
            )

        reingest = time_pipeline(model, scratch / f"store-{runs - 1}", paths)
        return {
            "machine": machine(),
            "repeat": repeat,
            "runs": runs,
            "batch_size": BATCH_SIZE,
            "model_batch_size": getattr(model, "batch_size", "n/a"),
            "papers": len(papers),
            "texts": texts,
            "chunks": texts - len(papers),
            "model_load_seconds": load_seconds,
            "parse_seconds": parse_seconds,
            "chunk_seconds_warm": chunk_seconds,
            "pipeline": [_run_json(r) for r in pipeline_runs],
            "bare_seconds": bare_seconds,
            "reingest": _run_json(reingest),
            "peak_rss_mib_after_model_load": rss_after_load,
            "peak_rss_mib_after_first_pipeline": rss_after_pipeline,
            "peak_rss_mib_after_first_bare_run": rss_after_bare,
            "peak_rss_mib": peak_rss_mib(),
        }


def _run_json(run: PipelineRun) -> dict[str, Any]:
    return {
        "seconds": run.seconds,
        "open_seconds": run.open_seconds,
        "model_seconds": run.model_seconds,
        "write_seconds": run.write_seconds,
        "write_calls": run.write_calls,
        "scan_seconds": run.scan_seconds,
        "other_seconds": run.other_seconds,
        "texts_embedded": run.texts,
        "report": run.report.as_dict(),
        "store_mib": run.store_mib,
    }


def render(result: dict[str, Any], command: str) -> str:
    papers = result["papers"]
    pipeline = statistics.median(r["seconds"] for r in result["pipeline"])
    bare = statistics.median(result["bare_seconds"])
    overhead = pipeline / bare - 1
    summary = markdown_table(
        ["what", "seconds (median)", "papers/s", "texts/s", "overhead"],
        [
            [
                "pipeline: open the store + ingest_paths",
                f"{pipeline:.2f}",
                f"{papers / pipeline:.1f}",
                f"{result['texts'] / pipeline:.1f}",
                f"{overhead:+.1%}",
            ],
            [
                "bare model: embed_documents, same batches",
                f"{bare:.2f}",
                f"{papers / bare:.1f}",
                f"{result['texts'] / bare:.1f}",
                "-",
            ],
        ],
    )
    phases = ["open_seconds", "scan_seconds", "model_seconds", "write_seconds", "other_seconds"]
    names = {
        "open_seconds": "open the store",
        "scan_seconds": "stored_versions",
        "model_seconds": "model (inside pipeline)",
        "write_seconds": "write_papers (Chroma)",
        "other_seconds": "parse + chunk + rest",
    }
    breakdown = markdown_table(
        [
            "pipeline run",
            "total s",
            *(names[p] for p in phases),
            "write_papers calls",
            "texts embedded",
            "added",
            "store MiB",
        ],
        [
            [
                f"{index + 1}" + (" (cold chunker)" if index == 0 else ""),
                f"{r['seconds']:.2f}",
                *(f"{r[p]:.2f}" for p in phases),
                r["write_calls"],
                r["texts_embedded"],
                r["report"]["added"],
                f"{r['store_mib']:.1f}",
            ]
            for index, r in enumerate(result["pipeline"])
        ]
        + [
            [
                "re-ingest, unchanged input",
                f"{result['reingest']['seconds']:.2f}",
                *(f"{result['reingest'][p]:.2f}" for p in phases),
                result["reingest"]["write_calls"],
                result["reingest"]["texts_embedded"],
                f"{result['reingest']['report']['added']} "
                f"({result['reingest']['report']['unchanged']} unchanged)",
                f"{result['reingest']['store_mib']:.1f}",
            ]
        ],
    )
    facts = markdown_table(
        ["fact", "value"],
        [
            ["papers / chunks / texts embedded", f"{papers} / {result['chunks']} / {result['texts']}"],
            ["batch size (papers, with their chunks)", result["batch_size"]],
            ["model batch (texts per onnxruntime call)", result["model_batch_size"]],
            ["bare model runs (s)", ", ".join(f"{s:.2f}" for s in result["bare_seconds"])],
            ["parse (read_sources), warm", f"{result['parse_seconds']:.2f} s"],
            ["chunk all papers, warm splitter", f"{result['chunk_seconds_warm']:.2f} s"],
            ["model load", f"{result['model_load_seconds']:.2f} s"],
            ["peak RSS after model load", f"{result['peak_rss_mib_after_model_load']:.0f} MiB"],
            ["peak RSS after pipeline run 1", f"{result['peak_rss_mib_after_first_pipeline']:.0f} MiB"],
            ["peak RSS after bare run 1", f"{result['peak_rss_mib_after_first_bare_run']:.0f} MiB"],
            ["peak RSS at the end", f"{result['peak_rss_mib']:.0f} MiB"],
        ],
    )
    return "\n".join(
        [
            f"# Ingest throughput: {papers} papers (repeat {result['repeat']}), {result['runs']} runs",
            "",
            f"{machine_line()} · `{command}`",
            "",
            summary,
            "",
            breakdown,
            "",
            facts,
        ]
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.ingest",
        description="Time the full ingest pipeline (open_store + ingest_paths into a fresh "
        "embedded store) against the bare model on the same texts in the same batches, then a "
        "re-ingest of unchanged input. Prints markdown tables.",
    )
    parser.add_argument("--corpus", type=Path, default=SEEDS, help="corpus directory (default: data/seeds)")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="ingest N times the corpus: copies 2..N get new titles, hence new ids (default 1)",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=2,
        help="pipeline and bare-model runs, interleaved; medians shown (default 2)",
    )
    parser.add_argument("--threads", type=int, help="model threads (default: onnxruntime's choice)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of markdown")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.repeat < 1 or args.runs < 1:
        print("--repeat and --runs must be at least 1", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    result = run(args.corpus, args.repeat, args.runs, args.threads)
    command = "python -m bench.ingest" + (" " + " ".join(argv) if argv else "")
    if args.json:
        print(json.dumps({**result, "command": command}))
    else:
        print(render(result, command))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
