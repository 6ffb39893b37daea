"""A title recalled loosely (rag.recall), with word cosines given by hand: the real model's are
exercised through the answerer in tests/integration/test_answer.py."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from rag.recall import LIKENESS, likeness, recalled_title

# Pairs of words of like meaning, as the embedding model would put them (cosines 0.56-0.84 there).
_ALIKE = {
    frozenset(("merging", "combining")),
    frozenset(("roof", "ceiling")),
    frozenset(("viewpoint", "perspective")),
    frozenset(("topology", "topological")),
}


def _cosines(first: dict[str, str], second: dict[str, str]) -> npt.NDArray[np.float32]:
    return np.array(
        [
            [1.0 if a == b else 0.8 if frozenset((a, b)) in _ALIKE else 0.1 for b in second.values()]
            for a in first.values()
        ],
        dtype=np.float32,
    ).reshape(len(first), len(second))


TITLES = [
    "Transforming and Combining Rewards for Aligning Large Language Models",
    "The Alignment Ceiling: Objective Mismatch in Reinforcement Learning from Human Feedback",
    "Reward Generalization in RLHF: A Topological Perspective",
    "Secrets of RLHF in Large Language Models Part I: PPO",
    "Diffusion Model Alignment Using Direct Preference Optimization",
]


def test_a_title_recalled_with_other_words_finds_its_paper() -> None:
    # a word said otherwise, an acronym for the words it stands for ("LLMs", "RLHF")
    assert recalled_title("Transforming and Merging Rewards to Align LLMs", TITLES, _cosines) == 0
    assert recalled_title("The Alignment Roof (?) objective mismatch in RLHF", TITLES, _cosines) == 1
    # a spelling of one's own ("Generalisation")
    assert recalled_title("Reward Generalisation in RLHF: a Topology Viewpoint", TITLES, _cosines) == 2


def test_another_part_another_method_or_the_fields_words_recall_no_title() -> None:
    # another part of a series: its number is a word the title does not hold
    part_two = "Secrets of RLHF in Large Language Models Part II: Reward Modeling"
    assert likeness(part_two, TITLES[3], _cosines) == 0.0
    assert recalled_title(part_two, TITLES, _cosines) is None
    # another method's name
    kto = "Diffusion Model Alignment Using Kahneman-Tversky Optimization"
    assert likeness(kto, TITLES[4], _cosines) == 0.0
    # a description in the field's words holds too little of any title
    assert recalled_title("a survey of reward models for language model alignment", TITLES, _cosines) is None
    # too few words to tell
    assert recalled_title("RLHF rewards", TITLES, _cosines) is None


def test_two_titles_recalled_alike_are_not_told_apart() -> None:
    twins = ["Reward Models for Alignment Ceiling", "Reward Models for Alignment Roof"]
    asked = "Reward Models for Alignment Ceiling"
    assert likeness(asked, twins[0], _cosines) == 1.0
    assert likeness(asked, twins[1], _cosines) >= LIKENESS
    assert recalled_title(asked, twins, _cosines) is None


def test_a_title_recalled_by_its_name_before_the_colon() -> None:
    # "'Search, Don't Sample'": the name before the colon, its words in another order
    titles = [*TITLES, "Sample, Don't Search: Rethinking Test-Time Alignment for Language Models"]
    assert recalled_title("Search, Don't Sample", titles, _cosines) == len(titles) - 1
    # ... which the whole title alone does not recall (three of its eight words)
    assert likeness("Search, Don't Sample", titles[-1], _cosines) < LIKENESS
