"""paperbot's BM25 ranks exactly as llama-index's BM25Retriever over the same texts (it replaced
it to drop the retriever's in-memory copy of every document)."""

from __future__ import annotations

import pytest
from llama_index.core.schema import TextNode
from llama_index.retrievers.bm25 import BM25Retriever

from ingest.pipeline import read_sources
from rag.lexicon import Bm25 as _Bm25
from rag.model import Paper
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def papers() -> list[Paper]:
    return read_sources([SEEDS]).papers


@pytest.mark.parametrize(
    "query",
    [
        "reward hacking in RLHF",
        "vision language models hallucination preference optimization",
        "RewardDance",
        "the of and",  # stop words only: no ranking
        "zebra quantum annealing",  # unknown words
        "DPO",
    ],
)
def test_ranks_as_llama_index_bm25(papers: list[Paper], query: str) -> None:
    ours = _Bm25(papers)
    nodes = [TextNode(id_=p.id, text=f"{p.title}. {p.title}. {p.abstract}") for p in papers]
    reference = BM25Retriever.from_defaults(nodes=nodes, similarity_top_k=20)
    expected = [hit.node.node_id for hit in reference.retrieve(query) if (hit.score or 0.0) > 0]
    assert ours.rank(query, 20) == expected
    if query == "RewardDance":
        assert expected[0] == "rewarddance-reward-scaling-in-visual-generation"
