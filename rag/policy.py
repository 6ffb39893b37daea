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
    # "which of those use RL?" keeps the earlier set's papers whose abstracts hold this share of
    # the condition's terms (IDF-weighted).
    narrowing_coverage: float
    provenance: str


POLICY = Policy(
    reranker=LinearReranker(
        weights=(0.6615, 0.2374, 0.0877, 0.2902, 0.3160, -0.3513, 0.1554, 1.4533, -0.2713, 0.7801),
        mean=(0.0593, 0.3577, 0.4247, 0.1783, 0.1698, 0.1641, 0.3705, 0.5510, 0.4757, 0.3344),
        scale=(0.0228, 0.1110, 0.1057, 0.1755, 0.2124, 0.2158, 0.0906, 0.1001, 0.0763, 0.0996),
        pool=20,
    ),
    refusal=RefusalModel(
        weights=(
            0.0000,
            0.0000,
            -0.5696,
            0.0000,
            -0.3265,
            -0.1585,
            0.0000,
            -0.1762,
            0.4844,
            0.3859,
            -2.2372,
            -1.3497,
            0.0850,
            0.1616,
            0.2993,
            -0.6373,
        ),
        bias=-1.2565,
        mean=(
            0.6086,
            0.7210,
            0.5587,
            0.1319,
            0.4428,
            0.5648,
            0.0339,
            0.5077,
            0.1056,
            0.6044,
            2.2113,
            0.3247,
            0.0339,
            0.1554,
            0.1414,
            0.7923,
        ),
        scale=(
            0.3213,
            0.2762,
            0.3473,
            0.1887,
            0.1494,
            0.1411,
            0.1809,
            0.2292,
            0.3718,
            0.4306,
            0.7750,
            0.4683,
            0.1809,
            0.3623,
            0.3915,
            0.1671,
        ),
        cut=0.7704,
        provenance="logistic regression on 424 questions and turns of "
        "dev + tune + probe + probe2 (data/eval/) and 78 two-word title phrases (answerable), "
        "L2 0.01 and the cut on out-of-fold "
        "probabilities (5-fold) "
        "(106 unanswerable; out of fold it refuses 0.70 of them "
        "and 0.022 of the rest), "
        "scripts/fit_policy.py, 2026-12-02",
    ),
    list_member=Logistic(
        weights=(-0.3763, 0.0007, 0.5159, 0.9173, 0.3293, 0.9347, 0.4129),
        bias=-1.3668,
        mean=(0.1478, 0.2901, 0.5310, 0.1819, 0.0773, 0.6265, 0.0610),
        scale=(0.0949, 0.2616, 0.2043, 0.2201, 0.2375, 0.1467, 0.1665),
        cut=0.64,
    ),
    list_max=8,
    also_close_cut=0.97,
    sure_share=0.993,
    specific_term_share=0.05,  # set a priori: "used by at most 1 paper in 20"; see --help
    implied_subject_coverage=0.6,  # set a priori: most of what is asked; see scripts/fit_policy.py
    narrowing_coverage=0.6,  # set a priori, as implied_subject_coverage: most of the condition
    provenance="reranker: softmax over the fused head (20) of 283 topical, lookup "
    "and multi questions of dev + tune + probe + probe2 (data/eval/), first right 0.795 -> 0.886 "
    "cross-validated (L2 0.001); "
    "list membership: logistic regression over the candidates of 91 multi "
    "questions and turns of dev + tune + probe + probe2 (data/eval/); "
    "cut for the best recall at mean precision >= 0.75 "
    "(precision 0.775, recall 0.816); "
    "also-close cut for the best mean F1 over 266 single-paper answers (0.881); "
    "sure share over 283 one-paper questions out of fold, "
    "scripts/fit_policy.py, 2026-12-02",
)
