"""Stores written before the store read and wrote Chroma directly stay readable: their records
came through llama-index's ChromaVectorStore, which adds its own keys (`_node_content`,
`_node_type`, `document_id`, `doc_id`, `ref_doc_id`) to every record's metadata."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import chromadb
import numpy as np
import pytest
from chromadb.config import Settings as ChromaSettings
from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode
from llama_index.vector_stores.chroma import ChromaVectorStore

from ingest.chunk import chunk_embedding_text, chunk_paper
from ingest.pipeline import ingest_papers, read_sources
from rag.markup import clean_paper
from rag.model import Paper
from rag.names import paper_names
from rag.papers import to_metadata
from rag.store import CHUNKS, PAPERS, PaperStore, StoreLocation, open_store
from tests.conftest import SEEDS

pytestmark = pytest.mark.slow

LLAMA_INDEX_KEYS = {"_node_content", "_node_type", "document_id", "doc_id", "ref_doc_id"}


def _as_stored(paper: Paper) -> Paper:
    """The paper as ingest stores it: markup cleaned, its names found."""
    cleaned = clean_paper(paper)
    return dataclasses.replace(cleaned, names=paper_names(cleaned.title, cleaned.abstract))


@pytest.fixture(scope="module")
def papers() -> list[Paper]:
    return [_as_stored(p) for p in read_sources([SEEDS]).papers if p.date][:4]


def _client(path: Path) -> Any:
    return chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))


def _write_through_llama_index(path: Path, papers: list[Paper], embedder: Any) -> None:
    """The records `PaperStore.write_papers` made before: TextNodes with the paper as their source,
    added through ChromaVectorStore to the collections paperbot created."""
    open_store(StoreLocation(path=path), embedder)
    client = _client(path)
    paper_nodes, chunk_nodes = [], []
    for paper in papers:
        chunks = chunk_paper(paper)
        vectors = embedder.embed_documents(
            [paper.text_for_embedding(), *(chunk_embedding_text(paper, chunk) for chunk in chunks)]
        )
        metadata = to_metadata(paper)
        source = {NodeRelationship.SOURCE: RelatedNodeInfo(node_id=paper.id)}
        chunk_nodes += [
            TextNode(
                id_=chunk.id,
                text=chunk.text,
                metadata={**metadata, "chunk_index": chunk.index},
                embedding=[float(x) for x in vector],
                relationships=source,
            )
            for chunk, vector in zip(chunks, vectors[1:], strict=True)
        ]
        paper_nodes.append(
            TextNode(
                id_=paper.id,
                text=paper.abstract,
                metadata={
                    **metadata,
                    "text_hash": paper.text_hash(),
                    "content_hash": paper.content_hash(),
                    "chunk_count": len(chunks),
                },
                embedding=[float(x) for x in vectors[0]],
                relationships=source,
            )
        )
    ChromaVectorStore(chroma_collection=client.get_collection(CHUNKS)).add(chunk_nodes)
    ChromaVectorStore(chroma_collection=client.get_collection(PAPERS)).add(paper_nodes)


def _metadata(path: Path, collection: str, record_id: str) -> dict[str, Any]:
    found = _client(path).get_collection(collection).get(ids=[record_id], include=["metadatas"])
    return dict(found["metadatas"][0])


@pytest.fixture
def legacy(tmp_path: Path, papers: list[Paper], embedder: Any) -> tuple[Path, PaperStore]:
    path = tmp_path / "chroma"
    _write_through_llama_index(path, papers, embedder)
    assert _metadata(path, PAPERS, papers[0].id).keys() >= LLAMA_INDEX_KEYS
    return path, open_store(StoreLocation(path=path), embedder)


def test_records_written_through_llama_index_are_read_as_before(
    legacy: tuple[Path, PaperStore], papers: list[Paper]
) -> None:
    _, store = legacy
    assert store.papers() == sorted(papers, key=lambda p: p.id)
    assert store.counts() == (len(papers), sum(len(chunk_paper(p)) for p in papers))
    assert [c.text for c in store.chunks_of(papers[0].id)] == [c.text for c in chunk_paper(papers[0])]

    query = store.embedder.embed_query(papers[1].title)
    vectors = store.paper_vectors([p.id for p in papers])
    hits = store.search_papers(query, k=len(papers))
    assert hits[0].paper_id == papers[1].id
    assert hits[0].text == papers[1].abstract
    # Scores are cosines, exactly as numpy computes them from the stored vectors.
    assert [hit.score for hit in hits] == pytest.approx(
        [float(np.dot(query, vectors[hit.paper_id])) for hit in hits], abs=1e-5
    )
    assert [hit.score for hit in hits] == pytest.approx([score for _, score in store.rank_papers(query, k=4)])
    for hit in store.search_chunks(query, k=3):
        assert hit.chunk_id and hit.chunk_id.startswith(f"{hit.paper_id}#") and hit.text


def test_ingest_over_records_written_through_llama_index_stays_idempotent(
    legacy: tuple[Path, PaperStore], papers: list[Paper]
) -> None:
    path, store = legacy
    report = ingest_papers(store, papers)
    assert (report.added, report.updated, report.unchanged) == (0, 0, len(papers))

    upvoted = dataclasses.replace(papers[0], upvotes=(papers[0].upvotes or 0) + 7)
    new_abstract = "A brand new abstract. It has two sentences."
    rewritten = _as_stored(dataclasses.replace(papers[1], abstract=new_abstract))
    report = ingest_papers(store, [upvoted, rewritten, *papers[2:]])
    assert (report.added, report.updated, report.unchanged) == (0, 2, len(papers) - 2)
    assert store.papers([upvoted.id, rewritten.id]) == [upvoted, rewritten]
    assert [c.text for c in store.chunks_of(rewritten.id)] == [rewritten.abstract]
    # Both rewritten records now hold paperbot's keys only; the untouched ones keep theirs.
    for paper in (upvoted, rewritten):
        assert not LLAMA_INDEX_KEYS & _metadata(path, PAPERS, paper.id).keys()
    assert not LLAMA_INDEX_KEYS & _metadata(path, CHUNKS, f"{upvoted.id}#0").keys()
    assert _metadata(path, PAPERS, papers[2].id).keys() >= LLAMA_INDEX_KEYS

    again = ingest_papers(store, [upvoted, rewritten, *papers[2:]])
    assert (again.added, again.updated, again.unchanged) == (0, 0, len(papers))
