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
    # A follow-up about one paper is refused when a term of it that at most this share of the
    # papers use is missing from that paper's abstract.
    specific_term_share: float
    provenance: str


POLICY = Policy(
    reranker=LinearReranker(
        weights=(0.7562, 0.2311, 0.6254, 1.4798, 0.0714),
        mean=(0.0623, 0.3813, 0.4374, 0.1626, 0.1799),
        scale=(0.0210, 0.1014, 0.0985, 0.1586, 0.2178),
        pool=20,
    ),
    refusal=RefusalModel(
        weights=(
            0.0000,
            0.0000,
            -1.3703,
            0.0000,
            -0.6251,
            -0.5302,
            -0.0588,
            0.0000,
            0.5786,
            1.1018,
            -2.9699,
            -1.2838,
            0.1295,
        ),
        bias=-3.0590,
        mean=(
            0.4891,
            0.6049,
            0.4413,
            0.1846,
            0.4764,
            0.5699,
            0.0648,
            0.4004,
            0.0926,
            0.7733,
            2.6349,
            0.1435,
            0.0324,
        ),
        scale=(
            0.3031,
            0.2724,
            0.3116,
            0.1972,
            0.1521,
            0.1456,
            0.2462,
            0.1278,
            0.3610,
            0.3698,
            0.7670,
            0.3506,
            0.1771,
        ),
        cut=0.7754,
        provenance="logistic regression on 216 questions and turns of "
        "data/eval/dev.jsonl, data/eval/tune.jsonl, L2 0.003 and the cut on out-of-fold "
        "probabilities (5-fold) "
        "(22 unanswerable; out of fold it refuses 0.64 of them "
        "and 0.026 of the rest), "
        "scripts/fit_policy.py, 2026-12-01",
    ),
    list_member=Logistic(
        weights=(-0.6801, 1.0948, 0.3468, 1.1164),
        bias=-1.2098,
        mean=(0.1393, 0.2715, 0.5389, 0.1835),
        scale=(0.0941, 0.2825, 0.2015, 0.2227),
        cut=0.56,
    ),
    list_max=8,
    also_close_cut=0.96,
    specific_term_share=0.05,  # set a priori: "used by at most 1 paper in 20"; see --help
    provenance="reranker: softmax over the fused head (20) of 168 topical, lookup "
    "and multi questions of data/eval/dev.jsonl, data/eval/tune.jsonl, first right 0.780 -> 0.857 "
    "cross-validated (L2 0.01); "
    "list membership: logistic regression over the candidates of 33 multi "
    "questions and turns of data/eval/dev.jsonl, data/eval/tune.jsonl; cut for the best mean F1 (0.742); "
    "also-close cut for the best mean F1 over 159 single-paper answers (0.826), "
    "scripts/fit_policy.py, 2026-12-01",
)
