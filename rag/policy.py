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
            -0.0294,
            0.0000,
            -0.8644,
            0.0000,
            -0.3969,
            -0.1063,
            0.0000,
            -0.4658,
            0.4486,
            0.3125,
            -1.3162,
            -0.7592,
            0.2391,
            0.0701,
            0.0000,
        ),
        bias=-0.9781,
        mean=(
            0.6269,
            0.7262,
            0.5816,
            0.1253,
            0.4463,
            0.5668,
            0.0272,
            0.5274,
            0.0842,
            0.5750,
            2.2114,
            0.1630,
            0.0353,
            0.1712,
            0.0000,
        ),
        scale=(
            0.3297,
            0.2796,
            0.3559,
            0.1848,
            0.1502,
            0.1447,
            0.1626,
            0.2560,
            0.3394,
            0.4493,
            0.8612,
            0.3694,
            0.1846,
            0.3767,
            1.0000,
        ),
        cut=0.6967,
        provenance="logistic regression on 290 questions and turns of "
        "dev + tune + probe (data/eval/) and 78 two-word title phrases (answerable), "
        "L2 0.03 and the cut on out-of-fold "
        "probabilities (5-fold) "
        "(58 unanswerable; out of fold it refuses 0.66 of them "
        "and 0.017 of the rest), "
        "scripts/fit_policy.py, 2026-12-02",
    ),
    list_member=Logistic(
        weights=(-0.6155, 0.0547, 0.4239, 0.9275, 0.3149, 1.1051, 0.2940),
        bias=-1.5504,
        mean=(0.1457, 0.2851, 0.5308, 0.1820, 0.0744, 0.6278, 0.0622),
        scale=(0.0929, 0.2662, 0.2045, 0.2206, 0.2401, 0.1500, 0.1792),
        cut=0.52,
    ),
    list_max=8,
    also_close_cut=0.98,
    sure_share=0.999,
    specific_term_share=0.05,  # set a priori: "used by at most 1 paper in 20"; see --help
    implied_subject_coverage=0.6,  # set a priori: most of what is asked; see scripts/fit_policy.py
    provenance="reranker: softmax over the fused head (20) of 211 topical, lookup "
    "and multi questions of dev + tune + probe (data/eval/), first right 0.763 -> 0.886 "
    "cross-validated (L2 0.001); "
    "list membership: logistic regression over the candidates of 57 multi "
    "questions and turns of dev + tune + probe (data/eval/); "
    "cut for the best recall at mean precision >= 0.75 "
    "(precision 0.762, recall 0.886); "
    "also-close cut for the best mean F1 over 202 single-paper answers (0.893); "
    "sure share over 226 one-paper questions out of fold, "
    "scripts/fit_policy.py, 2026-12-02",
)
