"""After an ingest the answerer knows the new papers: its retrieval and vocabularies are rebuilt,
not kept from the first question."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ingest.pipeline import ingest_papers, read_sources
from rag.answer import ExtractiveAnswerer
from rag.retrieve import HybridRetriever
from rag.store import StoreLocation, open_store
from tests.conftest import SEEDS

pytestmark = pytest.mark.slow

NEW = "asymptotics-of-language-model-alignment"
QUESTION = "How does the Renyi divergence bound relate to best-of-N alignment asymptotics?"


def test_a_paper_ingested_later_is_answered_after_refresh(tmp_path: Path, embedder: Any) -> None:
    papers = read_sources([SEEDS]).papers
    first, later = papers[:5], next(p for p in papers if p.id == NEW)
    store = open_store(StoreLocation(path=tmp_path / "chroma"), embedder)
    ingest_papers(store, first)
    answerer = ExtractiveAnswerer(HybridRetriever(store))
    answerer.prepare()

    before = answerer.answer_sync(QUESTION)
    assert NEW not in [c.paper.id for c in before.citations]

    ingest_papers(store, [later])
    answerer.refresh()
    after = answerer.answer_sync(QUESTION)
    assert after.grounded, after.notes
    assert after.citations[0].paper.id == NEW
