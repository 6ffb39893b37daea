"""Every fitted constant of the answering decisions, with where it came from. Regenerate with
`python scripts/fit_policy.py` (it fits on data/eval/dev.jsonl + tune.jsonl, never holdout)."""

from __future__ import annotations

from dataclasses import dataclass

from rag.decide import RefusalModel


@dataclass(frozen=True, slots=True)
class Policy:
    refusal: RefusalModel
    # A list answer keeps papers whose cosine to the question is within `list_margin` of the
    # best one's and that hold at least `list_coverage` of its terms (IDF-weighted).
    list_margin: float
    list_coverage: float
    list_max: int  # shown at once; the rest on "more"
    provenance: str


POLICY = Policy(
    refusal=RefusalModel(
        weights=(-0.7600, 0.4333, -0.7890, 0.4977, -0.5012, 0.0507, -0.1669, -1.7321),
        bias=-1.3271,
        mean=(0.4461, 0.6147, 0.3923, 0.1571, 0.4252, 0.5362, 0.4342, 2.4539),
        scale=(0.3462, 0.3001, 0.3626, 0.1976, 0.1656, 0.1550, 0.4957, 0.8294),
        cut=0.8654,
        provenance="logistic regression on 228 questions and turns of data/eval/dev.jsonl, data/eval/tune.jsonl "
        "(20 unanswerable; refuses 0.45 of them and 0.038 of the rest), "
        "scripts/fit_policy.py, 2026-12-01",
    ),
    list_margin=0.18,
    list_coverage=0.3,
    list_max=8,
    provenance="list cut: grid search for the best mean F1 (0.639) over 31 multi "
    "questions and turns of data/eval/dev.jsonl, data/eval/tune.jsonl, scripts/fit_policy.py, 2026-12-01",
)
