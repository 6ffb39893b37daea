"""Questions answered while a catch-up runs (issue 18: a bot catches up with new papers without
stopping its questions). Each answer given meanwhile is the one the lexicon before the catch-up
gives or the one after it, never a mix or an error; after it, every answer (a misspelling of a
word only the new paper's title has included) is what a process that loads the final store
gives. The catch-up makes the new words' spelling indexes and vectors before it swaps."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from ingest.pipeline import ingest_papers, read_sources
from rag.answer import ExtractiveAnswerer
from rag.model import Answer
from rag.retrieve import HybridRetriever
from rag.store import StoreLocation, open_store
from tests.conftest import SEEDS

pytestmark = pytest.mark.slow

NEW = "asymptotics-of-language-model-alignment"
QUESTIONS = (
    "How does the Renyi divergence bound relate to best-of-N alignment asymptotics?",
    "Asymptotcs of langauge model alignmnet",  # "asymptotics": only the new paper's title has it
    "What does the paper on reward model ensembles find?",
)


def _key(answer: Answer) -> tuple[bool, tuple[str, ...]]:
    return answer.grounded, tuple(citation.paper.id for citation in answer.citations)


def test_answers_during_a_catch_up_are_those_before_or_after_it(tmp_path: Path, embedder: Any) -> None:
    papers = read_sources([SEEDS]).papers
    new = next(p for p in papers if p.id == NEW)
    store = open_store(StoreLocation(path=tmp_path / "chroma"), embedder)
    ingest_papers(store, [p for p in papers[:12] if p.id != NEW])
    retriever = HybridRetriever(store, lexicon_dir=tmp_path / "lexicon")
    answerer = ExtractiveAnswerer(retriever)
    before = {q: _key(answerer.answer_sync(q)) for q in QUESTIONS}

    ingest_papers(store, [new])
    seen: list[tuple[str, tuple[bool, tuple[str, ...]]]] = []
    errors: list[BaseException] = []
    stop = threading.Event()

    def ask() -> None:
        while not stop.is_set():
            for question in QUESTIONS:
                try:
                    seen.append((question, _key(answerer.answer_sync(question))))
                except BaseException as error:  # reported below, not lost in the thread
                    errors.append(error)

    asker = threading.Thread(target=ask)
    asker.start()
    try:
        caught_up = retriever.refresh()
        answered = len(seen)
        while len(seen) < answered + len(QUESTIONS) and asker.is_alive():
            stop.wait(0.05)  # a few answers after the swap as well
    finally:
        stop.set()
        asker.join()
    assert caught_up and not errors

    loaded = ExtractiveAnswerer(HybridRetriever(store))  # a new process's view of the final store
    after = {q: _key(loaded.answer_sync(q)) for q in QUESTIONS}
    assert after[QUESTIONS[0]] != before[QUESTIONS[0]]  # the catch-up changes what is answered
    assert NEW in after[QUESTIONS[1]][1] and NEW not in before[QUESTIONS[1]][1]
    assert seen and all(key in (before[q], after[q]) for q, key in seen)
    assert {q: _key(answerer.answer_sync(q)) for q in QUESTIONS} == after
