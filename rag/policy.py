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
        weights=(-0.6450, 0.2814, -0.6449, 0.0816, -0.6063, -0.1638, 0.0996, 0.5774, 0.2657, 0.5764, -1.2568),
        bias=-1.6963,
        mean=(0.4532, 0.5694, 0.4079, 0.1794, 0.4711, 0.5631, 0.1370, 0.4031, 0.1050, 0.7644, 2.5642),
        scale=(0.3213, 0.2909, 0.3348, 0.2044, 0.1551, 0.1460, 0.3438, 0.1322, 0.4197, 0.3677, 0.8013),
        cut=0.8200,
        provenance="logistic regression on 219 questions and turns of "
        "data/eval/dev.jsonl, data/eval/tune.jsonl, L2 0.03 by 5-fold cross-validation "
        "(21 unanswerable; refuses 0.52 of them "
        "and 0.035 of the rest), "
        "scripts/fit_policy.py, 2026-12-01",
    ),
    list_margin=0.20,
    list_coverage=0.6,
    list_max=8,
    provenance="list cut: grid search for the best mean F1 (0.668) over 32 multi "
    "questions and turns of data/eval/dev.jsonl, data/eval/tune.jsonl, scripts/fit_policy.py, 2026-12-01",
)
