"""Every fitted constant of the answering decisions, with where it came from. Regenerate with
`python scripts/fit_policy.py` (it fits on data/eval/dev.jsonl + tune.jsonl, never holdout)."""

from __future__ import annotations

from dataclasses import dataclass

from rag.decide import LinearReranker, Logistic, RefusalModel


@dataclass(frozen=True, slots=True)
class Policy:
    refusal: RefusalModel
    reranker: LinearReranker | None  # orders the head of the fused ranking (rag.retrieve)
    # A list answer keeps the candidates this model gives P(belongs) >= its cut
    # (features: rag.decide.LIST_FEATURES).
    list_member: Logistic
    list_max: int  # shown at once; the rest on "more"
    # A single-paper answer also names runners-up the list model puts at or above this.
    also_close_cut: float
    provenance: str


POLICY = Policy(
    reranker=LinearReranker(
        weights=(0.7974, 0.2537, 0.6614, 1.5759, 0.0344),
        mean=(0.0622, 0.3799, 0.4364, 0.1614, 0.1799),
        scale=(0.0210, 0.1028, 0.0995, 0.1586, 0.2178),
        pool=20,
    ),
    refusal=RefusalModel(
        weights=(
            -0.0391,
            -0.0110,
            -1.2535,
            -0.2174,
            -0.8754,
            -0.4541,
            -0.1104,
            0.9377,
            0.3234,
            0.8741,
            -1.7333,
        ),
        bias=-2.2291,
        mean=(0.5058, 0.6162, 0.4580, 0.1785, 0.4646, 0.5667, 0.1131, 0.4072, 0.1041, 0.7402, 2.5614),
        scale=(0.3125, 0.2794, 0.3249, 0.2039, 0.1594, 0.1470, 0.3167, 0.1334, 0.4180, 0.3898, 0.7994),
        cut=0.7829,
        provenance="logistic regression on 221 questions and turns of "
        "data/eval/dev.jsonl, data/eval/tune.jsonl, L2 0.01 by 5-fold cross-validation "
        "(21 unanswerable; refuses 0.76 of them "
        "and 0.040 of the rest), "
        "scripts/fit_policy.py, 2026-12-01",
    ),
    list_member=Logistic(
        weights=(-0.5565, 1.1012, 0.6002, 0.7955),
        bias=-1.2413,
        mean=(0.1389, 0.2715, 0.5515, 0.1835),
        scale=(0.0942, 0.2825, 0.2013, 0.2227),
        cut=0.59,
    ),
    list_max=8,
    also_close_cut=0.95,
    provenance="reranker: softmax over the fused head (20) of 168 topical, lookup "
    "and multi questions of data/eval/dev.jsonl, data/eval/tune.jsonl, first right 0.780 -> 0.863 "
    "cross-validated (L2 0.001); "
    "list membership: logistic regression over the candidates of 33 multi "
    "questions and turns of data/eval/dev.jsonl, data/eval/tune.jsonl; cut for the best mean F1 (0.750); "
    "also-close cut for the best mean F1 over 157 single-paper answers (0.805), "
    "scripts/fit_policy.py, 2026-12-01",
)
