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
        weights=(-1.2851, 0.1938, -0.5953, 0.3576, -0.8405, -0.0434, -0.1142, 0.8248, -1.4965),
        bias=-1.8997,
        mean=(0.4812, 0.6139, 0.4294, 0.1571, 0.4618, 0.5654, 0.2061, 0.4176, 2.4539),
        scale=(0.3342, 0.2987, 0.3530, 0.1976, 0.1608, 0.1437, 0.4045, 0.1509, 0.8294),
        cut=0.8334,
        provenance="logistic regression on 228 questions and turns of "
        "data/eval/dev.jsonl, data/eval/tune.jsonl (20 unanswerable; refuses 0.50 of them "
        "and 0.038 of the rest), "
        "scripts/fit_policy.py, 2026-12-01",
    ),
    list_margin=0.18,
    list_coverage=0.3,
    list_max=8,
    provenance="list cut: grid search for the best mean F1 (0.655) over 31 multi "
    "questions and turns of data/eval/dev.jsonl, data/eval/tune.jsonl, scripts/fit_policy.py, 2026-12-01",
)
