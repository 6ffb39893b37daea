"""Evaluation of the answering core on a JSONL question set (`id`, `type`, `question`, `gold`)."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rag.answer import Answer, Answerer
from rag.papers import slugify


class EvalError(ValueError):
    """The evaluation file is missing or malformed."""


@dataclass(frozen=True, slots=True)
class Outcome:
    id: str
    type: str
    gold: tuple[str, ...]
    answer: Answer
    seconds: float


def load_questions(path: Path) -> list[dict[str, Any]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise EvalError(f"{path}: cannot read ({error})") from error
    questions = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict) or not isinstance(item.get("question"), str):
                raise ValueError("needs a 'question' string")
        except ValueError as error:
            raise EvalError(f"{path}:{number}: {error}") from error
        item.setdefault("id", f"line-{number}")
        item.setdefault("type", "unknown")
        item.setdefault("gold", [])
        questions.append(item)
    return questions


def run(answerer: Answerer, questions: Sequence[dict[str, Any]]) -> list[Outcome]:
    # Gold ids are title slugs; a paper stored under its arXiv id is matched by its title's slug.
    papers = answerer.retriever.papers()
    by_slug = {slugify(paper.title): paper.id for paper in papers.values()}
    outcomes = []
    for item in questions:
        gold = tuple(g if g in papers else by_slug.get(g, g) for g in item["gold"])
        started = time.perf_counter()
        answer = answerer.answer_sync(item["question"])
        seconds = time.perf_counter() - started
        outcomes.append(Outcome(str(item["id"]), str(item["type"]), gold, answer, seconds))
    return outcomes


def _rank(outcome: Outcome) -> int | None:
    return next((i for i, pid in enumerate(outcome.answer.sources) if pid in outcome.gold), None)


def summarize(outcomes: Sequence[Outcome]) -> dict[str, dict[str, float]]:
    """Per question type: the figures the issue's targets are stated in."""
    table: dict[str, dict[str, float]] = {}
    for kind in sorted({o.type for o in outcomes}):
        group = [o for o in outcomes if o.type == kind]
        row: dict[str, float] = {"n": len(group)}
        answerable = [o for o in group if o.gold]
        if kind in ("topical", "lookup", "multi"):
            ranks = [_rank(o) for o in group]
            row["R@1"] = sum(r == 0 for r in ranks) / len(group)
            row["R@5"] = sum(r is not None and r < 5 for r in ranks) / len(group)
            row["MRR"] = sum(1 / (r + 1) for r in ranks if r is not None) / len(group)
            row["recall@10"] = statistics.mean(
                sum(g in o.answer.sources[:10] for g in o.gold) / len(o.gold) for o in group
            )
        if kind == "metadata":
            row["metadata_acc"] = statistics.mean(
                {c.paper.id for c in o.answer.citations} == set(o.gold) for o in group
            )
        if kind == "unanswerable":
            row["refused"] = statistics.mean(not o.answer.grounded for o in group)
        else:
            row["wrongly_refused"] = statistics.mean(not o.answer.grounded for o in group)
        cited = [(c.paper.id in o.gold) for o in answerable for c in o.answer.citations]
        if cited:
            row["citation_precision"] = statistics.mean(cited)
        times = sorted(o.seconds for o in group)
        row["p50_ms"] = 1000 * times[len(times) // 2]
        row["p95_ms"] = 1000 * times[min(len(times) - 1, int(len(times) * 0.95))]
        table[kind] = row
    everything = [o for o in outcomes]
    times = sorted(o.seconds for o in everything)
    cited_all = [(c.paper.id in o.gold) for o in everything if o.gold for c in o.answer.citations]
    table["all"] = {
        "n": len(everything),
        "wrongly_refused": statistics.mean(not o.answer.grounded for o in everything if o.gold)
        if any(o.gold for o in everything)
        else 0.0,
        "citation_precision": statistics.mean(cited_all) if cited_all else 0.0,
        "p50_ms": 1000 * times[len(times) // 2] if times else 0.0,
        "p95_ms": 1000 * times[min(len(times) - 1, int(len(times) * 0.95))] if times else 0.0,
    }
    return table


COLUMNS = (
    "n",
    "R@1",
    "R@5",
    "MRR",
    "recall@10",
    "refused",
    "wrongly_refused",
    "metadata_acc",
    "citation_precision",
    "p50_ms",
    "p95_ms",
)


def format_table(table: dict[str, dict[str, float]]) -> str:
    header = "| type | " + " | ".join(COLUMNS) + " |"
    lines = [header, "|" + "---|" * (len(COLUMNS) + 1)]
    for kind, row in table.items():
        cells = []
        for column in COLUMNS:
            value = row.get(column)
            if value is None:
                cells.append("")
            elif column == "n":
                cells.append(str(int(value)))
            elif column.endswith("_ms"):
                cells.append(f"{value:.0f}")
            else:
                cells.append(f"{value:.2f}")
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
