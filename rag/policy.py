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
        weights=(0.7573, 0.2319, 0.6213, 1.4799, 0.0710),
        mean=(0.0623, 0.3813, 0.4374, 0.1626, 0.1799),
        scale=(0.0210, 0.1014, 0.0985, 0.1586, 0.2178),
        pool=20,
    ),
    refusal=RefusalModel(
        weights=(
            -0.0576,
            0.0374,
            -1.2569,
            -0.1986,
            -0.8640,
            -0.4549,
            -0.0914,
            0.9212,
            0.3201,
            0.8835,
            -1.7388,
        ),
        bias=-2.2290,
        mean=(0.5060, 0.6148, 0.4581, 0.1785, 0.4647, 0.5670, 0.1086, 0.4077, 0.1041, 0.7402, 2.5614),
        scale=(0.3120, 0.2798, 0.3245, 0.2039, 0.1594, 0.1469, 0.3111, 0.1331, 0.4180, 0.3898, 0.7994),
        cut=0.7814,
        provenance="logistic regression on 221 questions and turns of "
        "data/eval/dev.jsonl, data/eval/tune.jsonl, L2 0.01 by 5-fold cross-validation "
        "(21 unanswerable; refuses 0.76 of them "
        "and 0.040 of the rest), "
        "scripts/fit_policy.py, 2026-12-01",
    ),
    list_member=Logistic(
        weights=(-0.6878, 1.1058, 0.3462, 1.0323),
        bias=-1.1900,
        mean=(0.1389, 0.2715, 0.5423, 0.1835),
        scale=(0.0942, 0.2825, 0.2021, 0.2227),
        cut=0.59,
    ),
    list_max=8,
    also_close_cut=0.95,
    provenance="reranker: softmax over the fused head (20) of 168 topical, lookup "
    "and multi questions of data/eval/dev.jsonl, data/eval/tune.jsonl, first right 0.780 -> 0.857 "
    "cross-validated (L2 0.01); "
    "list membership: logistic regression over the candidates of 33 multi "
    "questions and turns of data/eval/dev.jsonl, data/eval/tune.jsonl; cut for the best mean F1 (0.739); "
    "also-close cut for the best mean F1 over 157 single-paper answers (0.814), "
    "scripts/fit_policy.py, 2026-12-01",
)
