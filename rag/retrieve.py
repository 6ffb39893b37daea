"""Retrieval over the store: ranked papers for a query. Knows the store and the model, not the chat."""

from __future__ import annotations

from dataclasses import dataclass

from rag.papers import Paper
from rag.store import PaperStore

MAX_QUERY_CHARS = 2000


class QueryError(ValueError):
    """The query cannot be searched as given (empty, only white space)."""


@dataclass(frozen=True, slots=True)
class SearchResult:
    paper: Paper
    score: float


def clean_query(query: str) -> str:
    """Collapse white space and cap the length (the model reads 256 tokens at most anyway)."""
    text = " ".join(query.split())
    if not text:
        raise QueryError("the query is empty")
    return text[:MAX_QUERY_CHARS]


class DenseRetriever:
    """Cosine similarity between the query and each paper's title + abstract."""

    def __init__(self, store: PaperStore) -> None:
        self._store = store

    def search(self, query: str, k: int = 10) -> list[SearchResult]:
        text = clean_query(query)
        hits = self._store.search_papers(self._store.embedder.embed_query(text), k)
        papers = {paper.id: paper for paper in self._store.papers([hit.paper_id for hit in hits])}
        return [SearchResult(papers[hit.paper_id], hit.score) for hit in hits if hit.paper_id in papers]
