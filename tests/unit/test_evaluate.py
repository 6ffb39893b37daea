"""The evaluation's figures: gold ids are title slugs, whatever id the store keeps a paper under."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.render.answer import answer_body
from rag.evaluate import run, summarize
from rag.model import Answer, Citation, Paper, Quote, Turn
from rag.retrieve import SearchResult

MERGED = Paper(id="2401.00001", title="RewardDance: Reward Scaling in Visual Generation", abstract=".")
PLAIN = Paper(
    id="infalign-inference-aware-alignment", title="InfAlign: Inference-aware alignment", abstract="."
)


class _Papers:
    def papers(self) -> dict[str, Paper]:
        return {MERGED.id: MERGED, PLAIN.id: PLAIN}

    def search(self, query: str, k: int = 10) -> list[SearchResult]:
        return [SearchResult(MERGED, 0.9), SearchResult(PLAIN, 0.5)][:k]


class _Answerer:
    """Answers every question with both papers, the merged one first and cited."""

    retriever: Any = _Papers()

    def answer_sync(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        cited = (Citation(1, MERGED, "x"),)
        return Answer(question, Quote(MERGED, ("x",)), cited, True, (MERGED.id, PLAIN.id))


def test_a_paper_stored_under_its_arxiv_id_matches_its_title_slug_gold() -> None:
    questions: list[dict[str, Any]] = [
        {
            "id": "a",
            "type": "lookup",
            "question": "reward dance",
            "gold": ["rewarddance-reward-scaling-in-visual-generation"],
        },
        {"id": "b", "type": "lookup", "question": "infalign", "gold": [PLAIN.id]},
        {"id": "c", "type": "lookup", "question": "other", "gold": ["not-in-the-corpus"]},
    ]
    outcomes = run(_Answerer(), questions, answer_body)  # type: ignore[arg-type]
    assert [o.gold for o in outcomes] == [(MERGED.id,), (PLAIN.id,), ("not-in-the-corpus",)]
    table = summarize(outcomes)
    assert table["lookup_r1"]["value"] == 1 / 3
    assert table["lookup_r5"]["value"] == 2 / 3
    assert table["citation_precision"]["value"] == 1 / 3


class _ThreadAnswerer(_Answerer):
    """Cites the merged paper first, then, once the thread has a turn, the plain one alone."""

    def answer_sync(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        paper = PLAIN if history and history[-1].cited == (MERGED.id,) else MERGED
        return Answer(question, Quote(paper, ("x",)), (Citation(1, paper, "x"),), True)


def test_conversations_are_answered_in_order_and_scored_per_turn() -> None:
    conversation = {
        "id": "c",
        "type": "conversation",
        "turns": [
            {
                "question": "first",
                "gold": ["rewarddance-reward-scaling-in-visual-generation"],
                "kind": "topical",
            },
            {"question": "and then?", "gold": [PLAIN.id], "kind": "topical"},
            {"question": "and then?", "gold": [PLAIN.id], "kind": "topical"},  # it cites MERGED again
        ],
    }
    outcomes = run(_ThreadAnswerer(), [conversation], answer_body)  # type: ignore[arg-type]
    assert [o.turn for o in outcomes] == [0, 1, 2]
    table = summarize(outcomes)
    assert table["conversation_first_acc"]["value"] == 1.0
    assert table["followup_acc"] == {"value": 0.5, "n": 2, "target": 0.8, "upper_bound": 0.0}
