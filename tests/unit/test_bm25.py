"""paperbot's BM25 ranks exactly as llama-index's BM25Retriever over the same texts (it replaced
it to drop the retriever's in-memory copy of every document)."""

from __future__ import annotations

import dataclasses
import json

import bm25s
import pytest
import Stemmer
from llama_index.core.schema import TextNode
from llama_index.retrievers.bm25 import BM25Retriever

from ingest.pipeline import read_sources
from rag.asked_terms import ASKED_TERMS
from rag.lexicon import Bm25 as _Bm25
from rag.lexicon import bm25_text
from rag.model import Paper
from tests.conftest import REPO, SEEDS

PLAIN: dict[str, float] = {}  # no stem weighed by how askers use it: BM25 as the libraries rank


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
    nodes = [TextNode(id_=p.id, text=bm25_text(p)) for p in papers]
    reference = BM25Retriever.from_defaults(nodes=nodes, similarity_top_k=20)
    expected = [hit.node.node_id for hit in reference.retrieve(query) if (hit.score or 0.0) > 0]
    assert ours.rank(query, 20, PLAIN) == expected
    if query == "RewardDance":
        assert expected[0] == "rewarddance-reward-scaling-in-visual-generation"


def _bm25s_ranking(papers: list[Paper], query: str, k: int) -> list[str]:
    """What bm25s itself ranks over the same texts (the index paperbot kept before it updated its
    own per paper): the oracle for scores and ties."""
    stemmer = Stemmer.Stemmer("english")
    texts = [bm25_text(p) for p in papers]
    pattern = r"(?u)\b\w\w+\b"
    index = bm25s.BM25()
    index.index(
        bm25s.tokenize(texts, stopwords="en", stemmer=stemmer, token_pattern=pattern, show_progress=False)
    )
    tokens = bm25s.tokenize(query, stemmer=stemmer, token_pattern=pattern, show_progress=False)
    rows, scores = index.retrieve(tokens, k=min(k, len(papers)), show_progress=False)
    return [papers[int(row)].id for row, score in zip(rows[0], scores[0], strict=True) if score > 0]


def _questions() -> list[str]:
    lines = (REPO / "data" / "eval" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    asked = [json.loads(line)["question"] for line in lines if line.strip()]
    return [q for q in asked if isinstance(q, str)] + ["DPO", "the of and", "reward reward reward hacking"]


def test_ranks_as_bm25s_on_every_dev_question(papers: list[Paper]) -> None:
    ours = _Bm25(papers)
    for query in _questions():
        assert ours.rank(query, 50, PLAIN) == _bm25s_ranking(papers, query, 50), query


def test_a_changed_index_ranks_as_one_built_from_the_new_papers(papers: list[Paper]) -> None:
    """Papers added, rewritten in place and removed: the updated index ranks exactly as an index
    built from scratch over the resulting papers, in the same order (the catch-up's order: a
    rewritten paper keeps its place, new ones go last, removed ones leave no gap)."""
    first, later = papers[:150], papers[150:]
    rewritten = [
        dataclasses.replace(first[3], abstract=first[3].abstract + " We also study zebra annealing."),
        dataclasses.replace(first[40], title="A shorter title", abstract="Reward hacking, briefly."),
    ]
    removed = {first[7].id, first[120].id, later[5].id}
    before = _Bm25(first)
    after = before.changed([*rewritten, *later], [first[7].id, first[120].id]).changed([], [later[5].id])
    current = {p.id: p for p in first}
    current.update((p.id, p) for p in [*rewritten, *later])
    expected = [p for pid, p in current.items() if pid not in removed]
    rebuilt = _Bm25(expected)
    for query in [*_questions()[::3], "zebra annealing", "A shorter title"]:
        ranking = after.rank(query, 50, PLAIN)
        assert ranking == rebuilt.rank(query, 50, PLAIN) == _bm25s_ranking(expected, query, 50), query
    assert after.knows("zebra") and not before.knows("zebra")
    # The index it was made from is left as it was.
    assert before.rank("zebra annealing", 50) == []
    assert before.rank("reward hacking", 50, PLAIN) == _bm25s_ranking(first, "reward hacking", 50)


def test_a_hyphenated_query_word_also_matches_its_joined_spelling(papers: list[Paper]) -> None:
    # The Alignment Waltz writes "overrefusal"; a user writes "over-refusal".
    ours = _Bm25(papers)
    waltz = next(p.id for p in papers if p.id.startswith("the-alignment-waltz"))
    assert ours.rank("models that refuse too much / over-refusal", 3)[0] == waltz
    assert ours.rank("overrefusal", 1) == [waltz]


def test_words_askers_use_and_papers_seldom_do_weigh_less(papers: list[Paper]) -> None:
    # "chatbot": one abstract here uses it (the survey of ChatGPT alternatives), and the fitting
    # questions use it for assistants of every kind: as plain BM25 weighs it, that survey leads.
    assert ASKED_TERMS["chatbot"] < 0.5 and "reward" not in ASKED_TERMS
    ours = _Bm25(papers)
    survey = "chatgpt-alternative-solutions-large-language-models-survey"
    query = "picture chatbots spatial questions"
    plain, weighed = ours.rank(query, 3, PLAIN), ours.rank(query, 3)
    assert survey in plain and survey not in weighed
    assert plain[0] == weighed[0] == "locality-alignment-improves-vision-language-models"


def test_an_acronym_counts_as_the_words_it_stands_for(papers: list[Paper]) -> None:
    from rag.names import spelled_acronyms

    # "process reward models (PRMs)" once, then "PRM" throughout: the paper most about process
    # reward models ranked below papers on reward models at large
    assert spelled_acronyms(
        "Is PRM Necessary? PRM Capability",
        "RL and process reward models (PRMs) are used. A PRM may not help.",
    ) == " ".join(["process reward models"] * 3)
    assert spelled_acronyms("A title", "No acronym is defined here, though DPO is used.") == ""
    ours = _Bm25(papers)
    assert ours.rank("process reward models", 5, PLAIN)[0].startswith("is-prm-necessary")
