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
        weights=(0.7573, 0.2319, 0.6213, 1.4799, 0.0710),
        mean=(0.0623, 0.3813, 0.4374, 0.1626, 0.1799),
        scale=(0.0210, 0.1014, 0.0985, 0.1586, 0.2178),
        pool=20,
    ),
    refusal=RefusalModel(
        weights=(
            -0.0730,
            0.0110,
            -1.5220,
            -0.2184,
            -1.3738,
            -0.5330,
            -0.3849,
            1.3754,
            0.3949,
            1.2420,
            -2.1805,
        ),
        bias=-2.9779,
        mean=(0.5041, 0.6137, 0.4572, 0.1789, 0.4647, 0.5651, 0.1126, 0.4053, 0.0901, 0.7414, 2.5594),
        scale=(0.3127, 0.2801, 0.3240, 0.2021, 0.1583, 0.1486, 0.3161, 0.1308, 0.3688, 0.3893, 0.7987),
        cut=0.9217,
        provenance="logistic regression on 222 questions and turns of "
        "data/eval/dev.jsonl, data/eval/tune.jsonl, L2 0.003 and the cut on out-of-fold "
        "probabilities (5-fold) "
        "(23 unanswerable; out of fold it refuses 0.52 of them "
        "and 0.025 of the rest), "
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
    specific_term_share=0.05,
    also_close_cut=0.95,
    provenance="reranker: softmax over the fused head (20) of 168 topical, lookup "
    "and multi questions of data/eval/dev.jsonl, data/eval/tune.jsonl, first right 0.780 -> 0.857 "
    "cross-validated (L2 0.01); "
    "list membership: logistic regression over the candidates of 33 multi "
    "questions and turns of data/eval/dev.jsonl, data/eval/tune.jsonl; cut for the best mean F1 (0.739); "
    "also-close cut for the best mean F1 over 157 single-paper answers (0.814), "
    "scripts/fit_policy.py, 2026-12-01",
)
