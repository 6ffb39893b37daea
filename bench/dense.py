"""Dense-only search, the baseline the benchmarks set paperbot's hybrid search against: the
query's cosine to each paper's title + abstract (Chroma's HNSW), the hit papers read back from
the store. Uses the store's public reads only; the product searches through `HybridRetriever`."""

from __future__ import annotations

from bench.measure import Parts, TimedEmbedder, TimedStore
from rag.retrieve import SearchResult, clean_query
from rag.store import PaperStore


class DenseSearch:
    """`search(query, k)`: the k papers whose abstracts are nearest to the query, best first."""

    def __init__(self, store: PaperStore) -> None:
        self.store = store

    def search(self, query: str, k: int = 10) -> list[SearchResult]:
        vector = self.store.embedder.embed_query(clean_query(query))
        hits = self.store.search_papers(vector, k)
        papers = {paper.id: paper for paper in self.store.papers([hit.paper_id for hit in hits])}
        return [SearchResult(papers[hit.paper_id], hit.score) for hit in hits if hit.paper_id in papers]


def dense_parts(store: TimedStore, embedder: TimedEmbedder) -> Parts:
    """A dense search split into the query's embedding, Chroma's HNSW query, the fetch of the
    hit papers, and the rest (Python)."""
    watches = {"embed_query": embedder.queries, **{n: store.watches[n] for n in ("search_papers", "papers")}}
    return Parts(watches, rest="rest")
