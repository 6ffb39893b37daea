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
        weights=(0.6618, 0.4651, 0.5718, 0.4754, 0.2693, -0.3572, 0.1887, 1.4269, -0.1422),
        mean=(0.0594, 0.3635, 0.4271, 0.1728, 0.1700, 0.1643, 0.3608, 0.5497, 0.4782),
        scale=(0.0227, 0.1093, 0.1038, 0.1682, 0.2125, 0.2158, 0.0900, 0.0955, 0.0740),
        pool=20,
    ),
    refusal=RefusalModel(
        weights=(
            0.0000,
            0.0000,
            -0.8634,
            0.0000,
            -0.4356,
            -0.1246,
            0.0000,
            -0.4449,
            0.4449,
            0.3447,
            -1.3159,
            -0.6619,
            0.2433,
            0.0552,
        ),
        bias=-0.9460,
        mean=(
            0.6270,
            0.7285,
            0.5773,
            0.1253,
            0.4462,
            0.5647,
            0.0272,
            0.5326,
            0.0842,
            0.5732,
            2.2114,
            0.1304,
            0.0353,
            0.1712,
        ),
        scale=(
            0.3302,
            0.2795,
            0.3596,
            0.1848,
            0.1514,
            0.1477,
            0.1626,
            0.2549,
            0.3394,
            0.4498,
            0.8612,
            0.3368,
            0.1846,
            0.3767,
        ),
        cut=0.7093,
        provenance="logistic regression on 290 questions and turns of "
        "dev + tune + probe (data/eval/) and 78 two-word title phrases (answerable), "
        "L2 0.03 and the cut on out-of-fold "
        "probabilities (5-fold) "
        "(58 unanswerable; out of fold it refuses 0.66 of them "
        "and 0.022 of the rest), "
        "scripts/fit_policy.py, 2026-12-02",
    ),
    list_member=Logistic(
        weights=(-0.5862, 0.1496, 0.4171, 0.9606, 0.2710, 1.1334),
        bias=-1.5561,
        mean=(0.1442, 0.2843, 0.5308, 0.1820, 0.0793, 0.6271),
        scale=(0.0939, 0.2651, 0.2056, 0.2206, 0.2446, 0.1496),
        cut=0.55,
    ),
    list_max=8,
    also_close_cut=0.96,
    sure_share=0.999,
    specific_term_share=0.05,  # set a priori: "used by at most 1 paper in 20"; see --help
    implied_subject_coverage=0.6,  # set a priori: most of what is asked; see scripts/fit_policy.py
    provenance="reranker: softmax over the fused head (20) of 211 topical, lookup "
    "and multi questions of dev + tune + probe (data/eval/), first right 0.763 -> 0.872 "
    "cross-validated (L2 0.01); "
    "list membership: logistic regression over the candidates of 57 multi "
    "questions and turns of dev + tune + probe (data/eval/); "
    "cut for the best recall at mean precision >= 0.75 "
    "(precision 0.764, recall 0.883); "
    "also-close cut for the best mean F1 over 214 single-paper answers (0.879); "
    "sure share over 226 one-paper questions out of fold, "
    "scripts/fit_policy.py, 2026-12-02",
)
