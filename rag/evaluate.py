"""Evaluation of the answering core on a JSONL question set, scored as the project is judged
(`../shared/eval/score.py`): single questions (`id`, `type`, `question`, `gold`,
`answer_contains`) and conversations (`type: conversation`, `turns`: question, gold, kind). What
the answers say is scored as users read it: the caller passes the render layer's writer."""

from __future__ import annotations

import json
import re
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rag.answer import Answerer
from rag.errors import PaperbotError
from rag.model import Answer, Turn, turn_of
from rag.papers import slugify

# The targets of issues 13 and 14; `_max` marks an upper bound.
TARGETS = {
    "topical_r1": 0.75,
    "topical_r5": 0.95,
    "topical_mrr": 0.85,
    "lookup_r1": 0.98,
    "lookup_answered": 0.95,
    "multi_recall10": 0.90,
    "multi_cited_recall": 0.80,
    "unans_refused": 0.90,
    "answerable_wrongly_refused_max": 0.05,
    "metadata_acc": 0.80,
    "citation_precision": 0.90,
    "followup_acc": 0.80,
    "names_paper_first": 0.90,
    "markup_leaks_max": 0.0,
}
_MARKUP = re.compile(r"\\[A-Za-z]+|\\%|\{\\|\$[^$]{1,40}\$")


class EvalError(PaperbotError, ValueError):
    """The evaluation file is missing or malformed."""


@dataclass(frozen=True, slots=True)
class Outcome:
    id: str
    type: str  # the question's type, or "conversation"
    gold: tuple[str, ...]
    answer: Answer
    text: str  # the answer as users read it
    seconds: float
    ranked: tuple[str, ...] = ()  # the retriever's top 10, for R@k
    kind: str = ""  # a conversation turn's kind
    turn: int = 0  # a conversation turn's index
    contains: tuple[str, ...] = field(default=())

    @property
    def cited(self) -> list[str]:
        return [c.paper.id for c in self.answer.citations]


def load_questions(path: Path, on_bad_line: Callable[[int, str], None] | None = None) -> list[dict[str, Any]]:
    """Every question of a JSONL file. A bad line raises EvalError, or, given `on_bad_line`, is
    handed to it (line number, reason) and skipped."""
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
            if not isinstance(item, dict):
                raise ValueError("each line must be a JSON object")
            if item.get("type") == "conversation":
                turns = item.get("turns")
                if not isinstance(turns, list) or not all(
                    isinstance(t, dict) and isinstance(t.get("question"), str) for t in turns
                ):
                    raise ValueError("a conversation needs 'turns', each with a 'question' string")
            elif not isinstance(item.get("question"), str):
                raise ValueError("needs a 'question' string")
        except (ValueError, RecursionError) as error:
            reason = "JSON nested too deeply to read" if isinstance(error, RecursionError) else str(error)
            if on_bad_line is None:
                raise EvalError(f"{path}:{number}: {reason}") from error
            on_bad_line(number, reason)
            continue
        item.setdefault("id", f"line-{number}")
        item.setdefault("type", "unknown")
        item.setdefault("gold", [])
        questions.append(item)
    return questions


def run(
    answerer: Answerer, questions: Sequence[dict[str, Any]], write: Callable[[Answer], str]
) -> list[Outcome]:
    """Every question answered (a conversation's turns in order, each with the thread so far);
    `write` gives an answer's text as users read it."""
    # Gold ids are title slugs; a paper stored under its arXiv id is matched by its title's slug.
    papers = answerer.retriever.papers()
    by_slug = {slugify(paper.title): paper.id for paper in papers.values()}

    def resolve(gold: Sequence[str]) -> tuple[str, ...]:
        return tuple(g if g in papers else by_slug.get(g, g) for g in gold)

    outcomes = []
    for item in questions:
        if item["type"] == "conversation":
            history: list[Turn] = []
            for index, turn in enumerate(item["turns"]):
                started = time.perf_counter()
                answer = answerer.answer_sync(turn["question"], history)
                seconds = time.perf_counter() - started
                text = write(answer)
                history.append(turn_of(answer, text))
                outcomes.append(
                    Outcome(
                        f"{item['id']}#{index}",
                        "conversation",
                        resolve(turn.get("gold", [])),
                        answer,
                        text,
                        seconds,
                        kind=str(turn.get("kind", "")),
                        turn=index,
                    )
                )
            continue
        started = time.perf_counter()
        answer = answerer.answer_sync(item["question"])
        seconds = time.perf_counter() - started
        ranked: tuple[str, ...] = ()
        if item["type"] in ("topical", "lookup", "multi"):
            ranked = tuple(r.paper.id for r in answerer.retriever.search(item["question"], k=10))
        outcomes.append(
            Outcome(
                str(item["id"]),
                str(item["type"]),
                resolve(item["gold"]),
                answer,
                write(answer),
                seconds,
                ranked,
                contains=tuple(item.get("answer_contains") or ()),
            )
        )
    return outcomes


def _names_paper_first(outcome: Outcome) -> bool:
    title = outcome.answer.citations[0].paper.title.lower()
    head = outcome.text[:300].lower()
    short = title.split(":")[0].strip()
    return title[:60] in head or (len(short) >= 3 and short in head)


def summarize(outcomes: Sequence[Outcome]) -> dict[str, dict[str, float]]:
    """Each metric: its value, how many items it is over, and its target."""
    rows: dict[str, list[float]] = {}

    def add(metric: str, value: float) -> None:
        rows.setdefault(metric, []).append(float(value))

    for o in outcomes:
        gold, cited = set(o.gold), o.cited
        if o.type == "conversation":
            if o.kind == "unanswerable" or not gold:
                ok = not o.answer.grounded or not cited
            elif len(gold) == 1:
                ok = bool(cited) and cited[0] in gold
            else:
                hit = len(gold & set(cited))
                ok = hit / len(gold) >= 0.5 and hit / max(1, len(set(cited))) >= 0.5
            add("followup_acc" if o.turn else "conversation_first_acc", ok)
            continue
        if o.type in ("topical", "lookup"):
            position = next((i for i, pid in enumerate(o.ranked) if pid in gold), None)
            add(f"{o.type}_r1", position == 0)
            add(f"{o.type}_r5", position is not None and position < 5)
            add(f"{o.type}_mrr", 0.0 if position is None else 1 / (position + 1))
            if cited and cited[0] in gold:
                add("names_paper_first", _names_paper_first(o))
        if o.type == "lookup":
            add("lookup_answered", bool(cited) and cited[0] in gold)
        if o.type == "multi" and gold:
            add("multi_recall10", len(gold & set(o.ranked)) / len(gold))
            add("multi_cited_recall", len(gold & set(cited)) / len(gold))
        if o.text:
            add("markup_leaks", bool(_MARKUP.search(o.text)))
        if o.type == "metadata":
            if not gold:
                ok = not cited
            elif len(gold) > 1:
                found = gold & set(cited)
                ok = found == gold and len(found) / max(1, len(set(cited))) >= 0.75
            else:
                ok = bool(cited) and cited[0] in gold
            ok = ok and all(want.lower() in o.text.lower() for want in o.contains)
            add("metadata_acc", ok)
        if o.type == "unanswerable":
            add("unans_refused", not o.answer.grounded)
        elif gold:
            add("answerable_wrongly_refused", not o.answer.grounded)
            if o.type in ("topical", "lookup") and cited:
                add("citation_precision", sum(c in gold for c in cited) / len(cited))
    table = {metric: {"value": statistics.mean(values), "n": len(values)} for metric, values in rows.items()}
    for key, target in TARGETS.items():
        metric = key.removesuffix("_max")
        if metric in table:
            table[metric]["target"] = target
            table[metric]["upper_bound"] = float(key.endswith("_max"))
    times = sorted(o.seconds for o in outcomes)
    if times:
        table["latency_ms"] = {
            "value": 1000 * times[len(times) // 2],
            "n": len(times),
            "p95": 1000 * times[min(len(times) - 1, int(len(times) * 0.95))],
        }
    return table
