"""Every fitted constant of the answering decisions, with where it came from. Regenerate with
`python scripts/fit_policy.py` (it fits on data/eval/dev.jsonl + tune.jsonl, never holdout)."""

from __future__ import annotations

from dataclasses import dataclass

from rag.decide import Logistic, RefusalModel


@dataclass(frozen=True, slots=True)
class Policy:
    refusal: RefusalModel
    # A list answer keeps the candidates this model gives P(belongs) >= its cut
    # (features: rag.decide.LIST_FEATURES).
    list_member: Logistic
    list_max: int  # shown at once; the rest on "more"
    # A single-paper answer also names runners-up the list model puts at or above this.
    also_close_cut: float
    provenance: str


POLICY = Policy(
    refusal=RefusalModel(
        weights=(-0.6978, 0.3285, -0.6568, 0.0850, -0.5888, -0.1769, 0.1163, 0.5346, 0.2991, 0.5892, -1.3108),
        bias=-1.7469,
        mean=(0.4627, 0.5729, 0.4165, 0.1785, 0.4731, 0.5633, 0.1131, 0.4039, 0.1041, 0.7583, 2.5614),
        scale=(0.3222, 0.2919, 0.3365, 0.2039, 0.1544, 0.1470, 0.3167, 0.1346, 0.4180, 0.3735, 0.7994),
        cut=0.7457,
        provenance="logistic regression on 221 questions and turns of "
        "data/eval/dev.jsonl, data/eval/tune.jsonl, L2 0.03 by 5-fold cross-validation "
        "(21 unanswerable; refuses 0.71 of them "
        "and 0.040 of the rest), "
        "scripts/fit_policy.py, 2026-12-01",
    ),
    list_member=Logistic(
        weights=(-0.6042, 1.2723, 0.6073, 0.5165),
        bias=-1.2459,
        mean=(0.1392, 0.2712, 0.5482, 0.1835),
        scale=(0.0941, 0.2826, 0.2008, 0.2227),
        cut=0.68,
    ),
    list_max=8,
    also_close_cut=0.85,
    provenance="list membership: logistic regression over the candidates of 33 multi "
    "questions and turns of data/eval/dev.jsonl, data/eval/tune.jsonl; cut for the best mean F1 (0.734); "
    "also-close cut for the best mean F1 over 155 single-paper answers (0.758), "
    "scripts/fit_policy.py, 2026-12-01",
)
