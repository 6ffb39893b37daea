"""The evaluation's figures: gold ids are title slugs, whatever id the store keeps a paper under."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rag.answer import Answer, Turn
from rag.cite import Citation
from rag.evaluate import run, summarize
from rag.papers import Paper

MERGED = Paper(id="2401.00001", title="RewardDance: Reward Scaling in Visual Generation", abstract=".")
PLAIN = Paper(
    id="infalign-inference-aware-alignment", title="InfAlign: Inference-aware alignment", abstract="."
)


class _Papers:
    def papers(self) -> dict[str, Paper]:
        return {MERGED.id: MERGED, PLAIN.id: PLAIN}


class _Answerer:
    """Answers every question with both papers, the merged one first and cited."""

    retriever: Any = _Papers()

    def answer_sync(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        return Answer(question, "x [1]", (Citation(1, MERGED, "x"),), True, (), (MERGED.id, PLAIN.id))


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
    outcomes = run(_Answerer(), questions)  # type: ignore[arg-type]
    assert [o.gold for o in outcomes] == [(MERGED.id,), (PLAIN.id,), ("not-in-the-corpus",)]
    row = summarize(outcomes)["lookup"]
    assert row["R@1"] == 1 / 3
    assert row["R@5"] == 2 / 3
    assert row["citation_precision"] == 1 / 3
