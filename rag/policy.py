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
            -1.4374,
            0.0000,
            -0.3394,
            0.0000,
            0.0000,
            -0.9342,
            0.5871,
            0.7867,
            -2.9969,
            -1.3950,
            0.2104,
            0.2440,
        ),
        bias=-1.5526,
        mean=(
            0.6280,
            0.7277,
            0.5782,
            0.1262,
            0.4450,
            0.5635,
            0.0271,
            0.5327,
            0.0840,
            0.5721,
            2.2047,
            0.1301,
            0.0352,
            0.1707,
        ),
        scale=(
            0.3300,
            0.2812,
            0.3598,
            0.1852,
            0.1521,
            0.1488,
            0.1624,
            0.2550,
            0.3390,
            0.4506,
            0.8585,
            0.3364,
            0.1844,
            0.3763,
        ),
        cut=0.7517,
        provenance="logistic regression on 291 questions and turns of "
        "dev + tune + probe (data/eval/) and 78 two-word title phrases (answerable), "
        "L2 0.003 and the cut on out-of-fold "
        "probabilities (5-fold) "
        "(58 unanswerable; out of fold it refuses 0.69 of them "
        "and 0.030 of the rest), "
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
    specific_term_share=0.05,  # set a priori: "used by at most 1 paper in 20"; see --help
    implied_subject_coverage=0.6,  # set a priori: most of what is asked; see scripts/fit_policy.py
    provenance="reranker: softmax over the fused head (20) of 211 topical, lookup "
    "and multi questions of dev + tune + probe (data/eval/), first right 0.763 -> 0.872 "
    "cross-validated (L2 0.01); "
    "list membership: logistic regression over the candidates of 57 multi "
    "questions and turns of dev + tune + probe (data/eval/); "
    "cut for the best recall at mean precision >= 0.75 "
    "(precision 0.764, recall 0.883); "
    "also-close cut for the best mean F1 over 210 single-paper answers (0.875), "
    "scripts/fit_policy.py, 2026-12-02",
)
