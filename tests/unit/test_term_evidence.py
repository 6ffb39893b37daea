"""Term evidence the decisions weigh (rag/decide.py): words and phrases of a question that a
paper's text holds."""

from __future__ import annotations

import pytest

from rag.decide import TermStatistics, coverage, phrase_coverage, term_gaps, writes_acronym
from rag.model import Paper

CONTINUAL = Paper(
    "a", "Slow learners for continual learning", "We study continual learning on pretrained models."
)
CONTINUOUS = Paper(
    "b", "Rule refinement for vision models", "Continuous improvement of the rules keeps learning stable."
)
OTHER = Paper("c", "Reward hacking in RLHF", "Models exploit flaws of the reward model.")


def statistics() -> TermStatistics:
    return TermStatistics([CONTINUAL, CONTINUOUS, OTHER])


def test_a_phrase_counts_only_where_its_words_stand_together() -> None:
    terms = statistics()
    question = "continual learning papers?"
    # The stemmer makes "continual" and "continuous" one term: word coverage cannot tell them apart.
    assert coverage(question, CONTINUAL, terms) == coverage(question, CONTINUOUS, terms) == 1.0
    assert phrase_coverage(question, CONTINUAL, terms) == 1.0
    assert phrase_coverage(question, CONTINUOUS, terms) == 0.0
    assert phrase_coverage(question, OTHER, terms) == 0.0


def test_phrase_coverage_weighs_pairs_by_rarity_and_falls_back_to_words() -> None:
    terms = statistics()
    # "reward hacking" is held, "hacking continual" is not: the share is between 0 and 1.
    mixed = phrase_coverage("reward hacking continual", OTHER, terms)
    assert 0.0 < mixed < 1.0
    # One known term has no pair: the word coverage stands in.
    assert phrase_coverage("hacking", OTHER, terms) == coverage("hacking", OTHER, terms) == 1.0
    assert phrase_coverage("hacking", CONTINUAL, terms) == 0.0


def test_an_acronym_is_written_as_is_or_spelled_out_never_by_its_stem() -> None:
    assert not writes_acronym("we aim to replicate o1 on MATH", "AIME")  # not "aim"
    assert writes_acronym("trained with reinforcement learning from human feedback", "RLHF")
    assert writes_acronym("trained with reinforcement learning", "RL")
    assert writes_acronym("open LLM agents", "LLMs")
    assert not writes_acronym("trained with reward models", "RL")
    # A hyphenated compound spelled out, function words and all; not initials met by chance.
    assert writes_acronym("surpasses the previous state-of-the-art by 9 points", "SOTA")
    assert not writes_acronym("the diffusion model is aligned with direct preference optimization", "DDPO")


def test_the_off_topic_steps_need_both_unknown_words_and_no_close_sentence() -> None:
    from rag.decide import Evidence, RefusalModel

    n = len(Evidence.__dataclass_fields__)
    model = RefusalModel(
        weights=(0.0,) * n,
        bias=-10.0,  # the linear model alone never refuses
        mean=(0.0,) * n,
        scale=(1.0,) * n,
        cut=0.5,
        provenance="test",
        off_topic_steps=((0.3, 0.2), (0.6, 0.3)),
    )
    values = dict.fromkeys(Evidence.__dataclass_fields__, 0.0)

    def evidence(unknown: float, sentence: float) -> Evidence:
        return Evidence(**{**values, "unknown": unknown, "sentence_top": sentence})

    assert model.refuses(evidence(0.4, 0.05))
    assert not model.refuses(evidence(0.4, 0.25))  # a sentence comes close: a typo, a new word
    # More of the question unknown, a sentence must come closer still.
    assert model.refuses(evidence(0.7, 0.25))
    assert not model.refuses(evidence(0.7, 0.35))
    assert not model.refuses(evidence(0.1, 0.05))  # the words are the corpus's own
    default = RefusalModel((0.0,) * n, -10.0, (0.0,) * n, (1.0,) * n, 0.5, "test")
    assert not default.refuses(evidence(1.0, -1.0))  # unfitted, no step applies


def test_a_list_candidate_holds_the_question_s_rare_names_or_not() -> None:
    from rag.decide import LIST_FEATURES, list_features, rare_names

    evaluated = [
        Paper(f"e{n}", f"Method {n}", f"Gains on AlpacaEval and MT-Bench with Stable Diffusion {n}.")
        for n in range(2)
    ]
    plain = [Paper(f"p{n}", f"Study {n}", f"We study learning models, case {n}.") for n in range(28)]
    terms = TermStatistics([*evaluated, *plain])
    # A name few papers use is rare; "Study" (in most titles) is not a name a question turns on.
    assert rare_names("which papers report AlpacaEval numbers?", terms) == [frozenset({"alpacaev"})]
    assert rare_names("papers evaluated on MT-Bench", terms) == [frozenset({"mt", "bench"})]
    assert rare_names("Study papers", terms) == []
    # Capitalised words side by side are one name, held when a paper has all of them.
    assert rare_names("any work on Stable Diffusion?", terms) == [frozenset({"stabl", "diffus"})]
    column = LIST_FEATURES.index("name_held")
    ranked = [(paper, 0.1, 0.5, 0.5, 0.5) for paper in (evaluated[0], plain[0])]
    rows = list_features("which papers report AlpacaEval numbers?", ranked, terms)
    assert [row[column] for row in rows] == [1.0, -1.0]
    # Without a rare name, nothing to hold: neutral for every candidate.
    rows = list_features("which papers study learning?", ranked, terms)
    assert [row[column] for row in rows] == [0.0, 0.0]


def test_term_gaps_single_out_the_one_term_a_paper_lacks() -> None:
    # A near miss: every term held but one rare one ("... in German?").
    near = term_gaps([2.0, 2.0, 8.0], [1.0, 1.0, 0.2], most=10.0)
    assert near["surprise"] == pytest.approx(0.8 * 0.8)
    assert near["unmatched"] == pytest.approx(8.0 / 12.0)
    assert near["isolated_gap"] == pytest.approx(near["surprise"])  # the others are held whole
    # A paraphrase: every term comes about as close, none held as written.
    spread = term_gaps([2.0, 2.0, 8.0], [0.6, 0.6, 0.6], most=10.0)
    assert spread["surprise"] < near["surprise"] and spread["unmatched"] == 0.0
    assert spread["isolated_gap"] == pytest.approx(spread["surprise"] * 0.6)
    assert term_gaps([], [], most=10.0) == {"surprise": 0.0, "unmatched": 0.0, "isolated_gap": 0.0}


def test_an_acronym_the_answering_paper_spells_out_is_no_missing_name() -> None:
    from rag.decide import gather_evidence

    spelled = Paper("d", "Secrets of RLHF in Large Language Models", "PPO for large language models.")
    llm = Paper("e", "LLM judges", "An LLM grades answers with GRPO.")
    terms = TermStatistics([spelled, llm, OTHER])

    def missing(question: str) -> float:
        return gather_evidence(question, [spelled], terms, 0.5, 0.5, named=False).missing_names

    assert missing("secrets of RLHF in LLM") == 0.0  # "LLM": "Large Language Models"
    assert missing("secrets of RLHF in LLMs") == 0.0
    # a name another paper uses and this one neither writes nor spells out is still missing
    assert missing("secrets of RLHF in LLM with GRPO") == 1.0
