"""The list cue (rag.phrasing): a question's wording read as a request for several papers where
the router's list patterns find none."""

from __future__ import annotations

import math

import pytest

from rag.phrasing import ListCue, grams, list_cue
from rag.understand import Route, understand


def test_grams_are_words_pairs_and_the_first_word() -> None:
    assert grams("Methods that steer, a FROZEN model?") == {
        "methods",
        "that",
        "steer",
        "a",
        "frozen",
        "model",
        "methods_that",
        "that_steer",
        "steer_a",
        "a_frozen",
        "frozen_model",
        "^methods",
    }
    assert grams("?!") == frozenset()


def test_the_probability_is_the_logistic_of_the_weights_the_question_holds() -> None:
    cue = ListCue({"methods": 2.0, "^methods": 1.0, "paper": -3.0}, bias=-1.0, cut=0.8, provenance="test")
    assert cue.probability("methods that steer") == pytest.approx(1 / (1 + math.exp(-2.0)))
    # A gram counts once, however often it is written.
    assert cue.probability("the paper, the paper") == pytest.approx(1 / (1 + math.exp(4.0)))
    assert cue.probability("nothing known here") == pytest.approx(1 / (1 + math.exp(1.0)))
    assert cue.asks_for_several("methods methods") is True  # 0.88
    assert cue.asks_for_several("steer methods") is False  # no first-word bonus: 0.73


def _route(question: str, cue: ListCue | None, named: tuple[str, ...] = ()) -> Route:
    return understand(question, [], lambda text: list(named), frozenset(), 2025, asks_several=cue).route


def test_the_router_asks_the_cue_only_where_its_patterns_left_a_topical_question() -> None:
    always = ListCue({}, bias=30.0, cut=0.5, provenance="always a list")
    question = "methods that swap the reverse-KL regularizer for a new divergence"
    assert _route(question, None) is Route.TOPICAL
    assert _route(question, always) is Route.LIST
    # A question that names a paper asks of it; lookups and metadata keep their routes.
    assert _route(question, always, named=("some-paper",)) is Route.TOPICAL
    assert _route("bibtex for the URIAL paper", always) is Route.LOOKUP
    assert _route("which paper has the most upvotes?", always) is Route.METADATA
    never = ListCue({}, bias=-30.0, cut=0.5, provenance="never")
    assert _route("which papers study reward hacking?", never) is Route.LIST  # the patterns' own


@pytest.mark.parametrize(
    "question",
    [
        # Sets asked for in words the patterns do not know (written for this test, in no set).
        "methods that steer a frozen LLM with a value network at decoding time",
        "reward models evaluated on multimodal inputs - what do we have",
        "methods that relabel failed robot episodes with the goal they actually reached",
    ],
)
def test_the_shipped_cue_reads_sets_asked_for_in_other_words(question: str) -> None:
    assert _route(question, None) is Route.TOPICAL
    assert _route(question, list_cue()) is Route.LIST


@pytest.mark.parametrize(
    "question",
    [
        # (a paper asked for in the singular is one paper, whatever else its wording suggests)
        "Which paper introduced odds-ratio preference optimization without a reference model?",
        "what does the alignment faking paper find about free-tier users?",
        "the one that uses BLEU as a reward for instruction following",
    ],
)
def test_the_shipped_cue_leaves_one_paper_questions_alone(question: str) -> None:
    assert _route(question, list_cue()) is Route.TOPICAL


def test_the_shipped_cue_says_where_it_came_from() -> None:
    cue = list_cue()
    assert "scripts/fit_list_cue.py" in cue.provenance and "holdout" not in cue.provenance
    assert 0.5 < cue.cut < 1.0 and len(cue.weights) > 100
