"""The lexical side alone at sizes the store cannot be built at here (issue 18): the realistic
corpus's papers (bench/realistic.py, names found as ingest finds them) in memory, no Chroma. How
long building, saving, loading (in a fresh process) and catching up with changed papers take,
how big the file is, and what the lexical stages of a question cost against it.

Run: .venv/bin/python -m bench.lexicon_scale --work DIR --sizes 10000,100000 [--json]
(the sentence pool at DIR/pool, as bench.first_use --build or bench.scale --work leave it).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.corpus import DEV_SET, load_questions
from bench.first_use import run_timed
from bench.measure import longest_pause, machine_line, markdown_table, percentile
from bench.realistic import RealisticCorpus
from bench.synthetic import SentencePool
from rag.lexicon import FILE_NAME, build_lexicon, save_lexicon, updated_lexicon
from rag.metadata import parse_metadata
from rag.model import Paper
from rag.names import paper_names

_LOAD = """
import sys, time
from pathlib import Path
started = time.perf_counter()
from rag.lexicon import load_lexicon
imported = time.perf_counter()
lexicon = load_lexicon(Path(sys.argv[1]), sys.argv[2])
assert lexicon is not None
print(imported - started, time.perf_counter() - imported)
"""


def papers_of(corpus: RealisticCorpus, start: int, stop: int) -> list[Paper]:
    """Papers as ingest stores them (the synthetic ones carry the names ingest would find)."""
    papers = []
    for write in corpus.writes(start, stop):
        paper = write.paper
        if not paper.names:  # a bundled paper: its names as ingest finds them
            paper = dataclasses.replace(paper, names=paper_names(paper.title, paper.abstract))
        papers.append(paper)
    return papers


def measure(corpus: RealisticCorpus, size: int, rounds: int) -> dict[str, Any]:
    started = time.perf_counter()
    papers = papers_of(corpus, 0, size)
    generate_s = time.perf_counter() - started
    started = time.perf_counter()
    lexicon = build_lexicon(papers, 1)
    build_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        started = time.perf_counter()
        save_lexicon(lexicon, directory, "bench")
        save_s = time.perf_counter() - started
        file_mib = (directory / FILE_NAME).stat().st_size / 2**20
        loads = []
        for _ in range(rounds):
            seconds, mib, out = run_timed([sys.executable, "-c", _LOAD, str(directory), "bench"])
            imports_s, load_s = (float(x) for x in out.split())
            loads.append((seconds, mib, imports_s, load_s))
    changed = papers_of(corpus, size, size + 50)
    with longest_pause() as pause:
        started = time.perf_counter()
        updated_lexicon(lexicon, changed, [papers[300].id], 2)
        catch_up_s = time.perf_counter() - started
    # The same with only new papers (no removal: a removal renumbers BM25's rows).
    with longest_pause() as added_pause:
        started = time.perf_counter()
        updated_lexicon(lexicon, changed, [], 2)
        added_s = time.perf_counter() - started
    # The lexical stages of a question, against this lexicon.
    questions = [q.question for q in load_questions(DEV_SET)]
    organisations = lexicon.organisations
    org_questions = [f"which papers are from {o}?" for o in sorted(organisations)[:20]]
    org_questions += ["which papers are from meta?", "papers with more than 100 upvotes in 2024"]
    timings: dict[str, list[float]] = {"names": [], "bm25": [], "organisations (parse_metadata)": []}
    assert lexicon.bm25 is not None
    for _ in range(rounds):
        for question in questions:
            tick = time.perf_counter()
            lexicon.names.find(question)
            timings["names"].append(time.perf_counter() - tick)
            tick = time.perf_counter()
            lexicon.bm25.rank(question, 50)
            timings["bm25"].append(time.perf_counter() - tick)
        for question in org_questions:
            tick = time.perf_counter()
            parse_metadata(question, organisations, 2025)
            timings["organisations (parse_metadata)"].append(time.perf_counter() - tick)
    best = min(loads, key=lambda row: row[0])
    return {
        "size": size,
        "organisations": len(organisations),
        "generate_s": generate_s,
        "build_s": build_s,
        "save_s": save_s,
        "file_mib": file_mib,
        "load_process_s": best[0],
        "load_process_mib": best[1],
        "load_imports_s": best[2],
        "load_s": best[3],
        "catch_up_50_s": catch_up_s,
        "catch_up_pause_ms": pause[0] * 1000,
        "catch_up_added_s": added_s,
        "catch_up_added_pause_ms": added_pause[0] * 1000,
        "stages_ms": {
            stage: {"p50": percentile(samples, 50) * 1000, "p95": percentile(samples, 95) * 1000}
            for stage, samples in timings.items()
        },
    }


def render(results: list[dict[str, Any]], command: str) -> str:
    lines = [f"{machine_line()} · `{command}`", ""]
    lines.append(
        markdown_table(
            [
                "papers",
                "organisations",
                "build s",
                "save s",
                "file MiB",
                "load s (in a fresh process: imports + load)",
                "process peak MiB",
                "catch-up, 50 papers + 1 removed s (longest pause ms)",
                "catch-up, 50 papers s (longest pause ms)",
            ],
            [
                [
                    f"{r['size']:,}",
                    f"{r['organisations']:,}",
                    f"{r['build_s']:.1f}",
                    f"{r['save_s']:.1f}",
                    f"{r['file_mib']:.0f}",
                    f"{r['load_process_s']:.2f} ({r['load_imports_s']:.2f} + {r['load_s']:.2f})",
                    f"{r['load_process_mib']:.0f}",
                    f"{r['catch_up_50_s']:.2f} ({r['catch_up_pause_ms']:.0f})",
                    f"{r['catch_up_added_s']:.2f} ({r['catch_up_added_pause_ms']:.0f})",
                ]
                for r in results
            ],
        )
    )
    lines.append("")
    stages = list(results[0]["stages_ms"])
    lines.append(
        markdown_table(
            ["papers", *(f"{stage} p50 / p95 ms" for stage in stages)],
            [
                [
                    f"{r['size']:,}",
                    *(f"{r['stages_ms'][s]['p50']:.2f} / {r['stages_ms'][s]['p95']:.2f}" for s in stages),
                ]
                for r in results
            ],
        )
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.lexicon_scale", description=__doc__)
    parser.add_argument("--work", type=Path, required=True, help="holds the sentence pool (DIR/pool)")
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--organisations", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    corpus = RealisticCorpus(SentencePool.load(args.work / "pool"), organisations=args.organisations)
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        results.append(measure(corpus, size, args.rounds))
    text = "python -m bench.lexicon_scale " + " ".join(argv if argv is not None else sys.argv[1:])
    print(json.dumps(results, indent=2) if args.json else render(results, text))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
