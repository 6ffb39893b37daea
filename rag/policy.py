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
        weights=(0.7970, 0.1172, 0.6115, 1.4860, 0.0113),
        mean=(0.0622, 0.3708, 0.4320, 0.1703, 0.1799),
        scale=(0.0211, 0.1067, 0.1032, 0.1752, 0.2178),
        pool=20,
    ),
    refusal=RefusalModel(
        weights=(
            0.0000,
            0.0000,
            -0.8010,
            0.0000,
            -0.2769,
            -0.1423,
            -0.4460,
            0.0000,
            0.4951,
            0.4115,
            -2.0631,
            -1.1101,
            -0.1185,
        ),
        bias=-1.2319,
        mean=(
            0.5405,
            0.6460,
            0.4787,
            0.1661,
            0.4541,
            0.5646,
            0.0846,
            0.4238,
            0.1097,
            0.7045,
            2.4162,
            0.1505,
            0.0596,
        ),
        scale=(
            0.3150,
            0.2830,
            0.3364,
            0.2032,
            0.1561,
            0.1520,
            0.2783,
            0.1425,
            0.4005,
            0.3987,
            0.7666,
            0.3575,
            0.2367,
        ),
        cut=0.8678,
        provenance="logistic regression on 319 questions and turns of "
        "dev + tune + probe (data/eval/), L2 0.01 and the cut on out-of-fold "
        "probabilities (5-fold) "
        "(57 unanswerable; out of fold it refuses 0.46 of them "
        "and 0.038 of the rest), "
        "scripts/fit_policy.py, 2026-12-01",
    ),
    list_member=Logistic(
        weights=(-0.5693, 0.9472, 0.4571, 1.1916),
        bias=-1.4323,
        mean=(0.1395, 0.2671, 0.5379, 0.1820),
        scale=(0.0902, 0.2611, 0.1978, 0.2206),
        cut=0.70,
    ),
    list_max=8,
    also_close_cut=0.96,
    specific_term_share=0.05,  # set a priori: "used by at most 1 paper in 20"; see --help
    provenance="reranker: softmax over the fused head (20) of 212 topical, lookup "
    "and multi questions of dev + tune + probe (data/eval/), first right 0.774 -> 0.854 "
    "cross-validated (L2 0.01); "
    "list membership: logistic regression over the candidates of 57 multi "
    "questions and turns of dev + tune + probe (data/eval/); cut for the best mean F1 (0.765); "
    "also-close cut for the best mean F1 over 211 single-paper answers (0.828), "
    "scripts/fit_policy.py, 2026-12-01",
)
