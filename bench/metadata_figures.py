"""Metadata figures at scale (issue 13, issue 18's budget: a metadata question p50 <= 50 ms at
100k papers): averages, medians, totals and counts by group, parsed and computed over N papers
in memory (no Chroma: the store is not what a figure reads). The papers carry the bundled
corpus's shares of known metadata (about 60% dated, 58% with an author count, 19% with upvotes,
2% with an organisation) with values drawn at random; the index (`SortedPapers`) is built once,
as the answerer's is once per lexicon, and timed apart.

Run: .venv/bin/python -m bench.metadata_figures [--sizes 10000,100000] [--rounds 7] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Sequence
from typing import Any

from bench.measure import machine_line, markdown_table, percentile
from rag.metadata import SortedPapers, count_by, parse_metadata, run_metadata, statistic_of
from rag.model import Paper

QUESTIONS = (
    "What's the average number of authors per paper, counting only papers where the author count is known?",
    "which year had the most papers?",
    "which organisation has the most papers?",
    "total number of upvotes across all the 2025 papers that have an upvote count?",
    "which month of 2024 had the most papers?",
    "which organisation has the most papers in 2025?",
    "median author count of papers from Q1 2024",
)


def synthetic_papers(size: int, organisations: int, seed: int = 13) -> list[Paper]:
    rng = random.Random(seed)
    names = [f"Org{n} Lab" for n in range(organisations)]
    papers = []
    for n in range(size):
        dated = rng.random() < 0.6
        day = f"{rng.randint(2022, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        papers.append(
            Paper(
                f"p{n}",
                f"Paper {n}",
                "An abstract.",
                date=day if dated else None,
                upvotes=rng.randint(0, 40) if rng.random() < 0.19 else None,
                author_count=rng.randint(1, 40) if rng.random() < 0.58 else None,
                organisation=rng.choice(names) if rng.random() < 0.02 else None,
            )
        )
    return papers


def measure(size: int, rounds: int, organisations: int) -> dict[str, Any]:
    papers = synthetic_papers(size, organisations)
    known = frozenset(p.organisation for p in papers if p.organisation)
    started = time.perf_counter()
    index = SortedPapers(papers)
    for question in QUESTIONS:  # the index's orders are built on first use, once per lexicon
        query = parse_metadata(question, known, 2025, "2025-12-02")
        assert query is not None and (query.measure or query.group), question
        _figure(query, papers, index)
    first_s = time.perf_counter() - started
    timings: dict[str, list[float]] = {question: [] for question in QUESTIONS}
    for _ in range(rounds):
        for question in QUESTIONS:
            tick = time.perf_counter()
            query = parse_metadata(question, known, 2025, "2025-12-02")
            assert query is not None
            _figure(query, papers, index)
            timings[question].append(time.perf_counter() - tick)
    return {
        "size": size,
        "first_use_s": first_s,
        "questions_ms": {
            q: {"p50": percentile(t, 50) * 1000, "p95": percentile(t, 95) * 1000} for q, t in timings.items()
        },
    }


def _figure(query: Any, papers: Sequence[Paper], index: SortedPapers) -> object:
    """What the answerer does: over every paper read off the index, else filter then compute."""
    selected = papers if index.whole(query) else run_metadata(query, papers, index).papers
    return count_by(query, selected, index) if query.group else statistic_of(query, selected, index)


def render(results: list[dict[str, Any]], command: str) -> str:
    lines = [f"{machine_line()} · `{command}`", ""]
    lines.append(
        markdown_table(
            ["question", *(f"{r['size']:,} papers p50 / p95 ms" for r in results)],
            [
                [
                    q,
                    *(
                        f"{r['questions_ms'][q]['p50']:.1f} / {r['questions_ms'][q]['p95']:.1f}"
                        for r in results
                    ),
                ]
                for q in QUESTIONS
            ],
        )
    )
    lines.append("")
    lines.append(
        "First use (the index's orders built): "
        + ", ".join(f"{r['size']:,}: {r['first_use_s']:.2f} s" for r in results)
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.metadata_figures", description=__doc__)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--organisations", type=int, default=5000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    results = [measure(int(size), args.rounds, args.organisations) for size in args.sizes.split(",")]
    text = "python -m bench.metadata_figures " + " ".join(argv if argv is not None else sys.argv[1:])
    print(json.dumps(results, indent=2) if args.json else render(results, text))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
