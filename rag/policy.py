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
    # A lookup shows one paper, no "did you mean", when the reranker gives its first at least
    # this share (out of fold, at most 2 % of firsts that sure were wrong).
    sure_share: float
    # A follow-up about one paper is refused when a term of it that at most this share of the
    # papers use is missing from that paper's abstract.
    specific_term_share: float
    # A question that points at no earlier paper is still about the thread's last paper when the
    # corpus at large would not answer it and that paper's abstract holds this share of its terms.
    implied_subject_coverage: float
    provenance: str


POLICY = Policy(
    reranker=LinearReranker(
        weights=(0.6461, 0.4425, 0.0422, 0.3609, 0.2549, -0.3591, 0.2139, 1.4474, -0.1535, 1.0883),
        mean=(0.0594, 0.3635, 0.4271, 0.1728, 0.1700, 0.1643, 0.3608, 0.5497, 0.4782, 0.3317),
        scale=(0.0227, 0.1093, 0.1038, 0.1682, 0.2125, 0.2158, 0.0900, 0.0955, 0.0740, 0.0961),
        pool=20,
    ),
    refusal=RefusalModel(
        weights=(
            -0.0157,
            0.0000,
            -0.8428,
            0.0000,
            -0.4040,
            -0.1043,
            0.0000,
            -0.4558,
            0.4457,
            0.3453,
            -1.3304,
            -0.6837,
            0.2466,
            0.0556,
        ),
        bias=-0.9331,
        mean=(
            0.6237,
            0.7264,
            0.5764,
            0.1253,
            0.4453,
            0.5671,
            0.0272,
            0.5264,
            0.0842,
            0.5756,
            2.2114,
            0.1304,
            0.0353,
            0.1712,
        ),
        scale=(
            0.3317,
            0.2794,
            0.3582,
            0.1848,
            0.1494,
            0.1444,
            0.1626,
            0.2553,
            0.3394,
            0.4487,
            0.8612,
            0.3368,
            0.1846,
            0.3767,
        ),
        cut=0.7039,
        provenance="logistic regression on 290 questions and turns of "
        "dev + tune + probe (data/eval/) and 78 two-word title phrases (answerable), "
        "L2 0.03 and the cut on out-of-fold "
        "probabilities (5-fold) "
        "(58 unanswerable; out of fold it refuses 0.66 of them "
        "and 0.022 of the rest), "
        "scripts/fit_policy.py, 2026-12-02",
    ),
    list_member=Logistic(
        weights=(-0.5733, 0.1659, 0.4272, 0.9327, 0.3169, 1.1630),
        bias=-1.5704,
        mean=(0.1437, 0.2834, 0.5307, 0.1820, 0.0742, 0.6267),
        scale=(0.0932, 0.2653, 0.2054, 0.2206, 0.2399, 0.1498),
        cut=0.55,
    ),
    list_max=8,
    also_close_cut=0.97,
    sure_share=0.999,
    specific_term_share=0.05,  # set a priori: "used by at most 1 paper in 20"; see --help
    implied_subject_coverage=0.6,  # set a priori: most of what is asked; see scripts/fit_policy.py
    provenance="reranker: softmax over the fused head (20) of 211 topical, lookup "
    "and multi questions of dev + tune + probe (data/eval/), first right 0.763 -> 0.886 "
    "cross-validated (L2 0.001); "
    "list membership: logistic regression over the candidates of 57 multi "
    "questions and turns of dev + tune + probe (data/eval/); "
    "cut for the best recall at mean precision >= 0.75 "
    "(precision 0.758, recall 0.877); "
    "also-close cut for the best mean F1 over 214 single-paper answers (0.888); "
    "sure share over 226 one-paper questions out of fold, "
    "scripts/fit_policy.py, 2026-12-02",
)
