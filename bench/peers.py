"""paperbot's retrieval side by side with what a user would otherwise write: the llama-index
default pipeline (VectorStoreIndex over ChromaVectorStore, same embedder) and TF-IDF in the style
of arxiv-sanity-lite, on the dev questions over the bundled corpus: quality per question type
and latency.

Run: .venv/bin/python -m bench.peers [--rounds 5] [--json]

This benchmark imports chromadb and llama-index directly: the peer pipeline is user code, not
paperbot's, so the library's rule (chromadb only in rag/store.py) does not apply here.
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import math
import re
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from bench.corpus import DEV_SET, SEEDS, Question, load_listing_corpus, load_questions
from bench.dense import DenseSearch
from bench.measure import machine, machine_line, markdown_table, replay
from ingest.pipeline import ingest_paths
from rag.embed import Embedder, MiniLMEmbedder
from rag.model import Paper
from rag.retrieve import HybridRetriever, clean_query
from rag.store import StoreLocation, open_store

RANKED_TYPES = ("topical", "lookup", "multi")
Rank = Callable[[str, int], list[str]]


@dataclass(frozen=True, slots=True)
class System:
    """One retrieval system under test: `rank(query, k)` returns paper ids, best first."""

    key: str
    label: str
    rank: Rank
    build_seconds: float
    notes: str


# ---- paperbot -------------------------------------------------------------------------------


def paperbot_systems(embedder: Embedder, directory: Path) -> list[System]:
    started = time.perf_counter()
    store = open_store(StoreLocation(path=directory), embedder)
    report = ingest_paths(store, [SEEDS])
    hybrid = HybridRetriever(store)
    hybrid.refresh()
    seconds = time.perf_counter() - started
    dense = DenseSearch(store)
    note = f"`paperbot ingest` pipeline ({report.added} papers, whole-abstract + sentence records)"
    return [
        System(
            "paperbot-hybrid",
            "paperbot HybridRetriever (dense 1 + BM25 0.3 + fuzzy title 0.25, RRF k=10, names first, "
            "fitted reranker on the top 20)",
            lambda q, k: [r.paper.id for r in hybrid.search(q, k)],
            seconds,
            note,
        ),
        System(
            "paperbot-dense",
            "paperbot's store, dense only (whole abstracts, same store; bench/dense.py)",
            lambda q, k: [r.paper.id for r in dense.search(q, k)],
            0.0,
            "shares the store above",
        ),
    ]


# ---- (a) llama-index default pipeline -------------------------------------------------------


class LlamaIndexEmbedding(BaseEmbedding):
    """paperbot's model as a llama-index embedding: the peer embeds with the same model, and no
    llama-index default (OpenAI) is ever loaded."""

    _embedder: Embedder = PrivateAttr()

    def __init__(self, embedder: Embedder, **kwargs: Any) -> None:
        super().__init__(model_name=embedder.name, embed_batch_size=32, **kwargs)
        self._embedder = embedder

    @classmethod
    def class_name(cls) -> str:
        return "PaperbotEmbedding"

    def _get_query_embedding(self, query: str) -> list[float]:
        return [float(x) for x in self._embedder.embed_query(query)]

    def _get_text_embedding(self, text: str) -> list[float]:
        return [float(x) for x in self._embedder.embed_documents([text])[0]]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return [[float(x) for x in row] for row in self._embedder.embed_documents(texts)]

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    async def _aget_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embedding(text)


def llama_index_default(papers: Sequence[Paper], embedder: Embedder, directory: Path) -> System:
    """The pipeline from llama-index's Chroma starter example, with our embedder passed in
    explicitly: one Document per paper (title as metadata, which the default embeds with the
    text), default transformations (SentenceSplitter, 1024 tokens, overlap 200), default Chroma
    collection settings, top-k retriever. No LLM is involved in retrieval; nothing sets
    llama-index's global Settings."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from llama_index.core import Document, StorageContext, VectorStoreIndex
    from llama_index.vector_stores.chroma import ChromaVectorStore

    started = time.perf_counter()
    client = chromadb.PersistentClient(
        path=str(directory), settings=ChromaSettings(anonymized_telemetry=False)
    )
    collection = client.get_or_create_collection("quickstart")
    storage_context = StorageContext.from_defaults(
        vector_store=ChromaVectorStore(chroma_collection=collection)
    )
    documents = [Document(text=p.abstract, metadata={"title": p.title}, id_=p.id) for p in papers]
    index = VectorStoreIndex.from_documents(
        documents, storage_context=storage_context, embed_model=LlamaIndexEmbedding(embedder)
    )
    nodes = collection.count()
    # A paper can own several nodes: keep its best rank (fetch extra so k papers remain).
    top_k = 20 if nodes > len(documents) else 10
    retriever = index.as_retriever(similarity_top_k=top_k)
    seconds = time.perf_counter() - started

    def rank(query: str, k: int) -> list[str]:
        if k > top_k:
            raise ValueError(f"this retriever was built for k <= {top_k}")
        ranked = list(dict.fromkeys(str(hit.node.ref_doc_id) for hit in retriever.retrieve(query)))
        return ranked[:k]

    return System(
        "llama-index",
        "(a) llama-index default: VectorStoreIndex + ChromaVectorStore, same MiniLM",
        rank,
        seconds,
        f"{len(documents)} documents -> {nodes} nodes (default SentenceSplitter); Chroma defaults "
        "(l2 space, HNSW M 16 / ef 100)",
    )


# ---- (b) TF-IDF in the style of arxiv-sanity-lite -------------------------------------------

_TOKEN = re.compile(r"(?u)\b[a-zA-Z_][a-zA-Z0-9_]+\b")  # arxiv-sanity-lite's token_pattern


def _stop_words() -> frozenset[str]:
    """NLTK's English list as bundled with llama-index-core (scikit-learn, whose list
    arxiv-sanity-lite uses, is not installed)."""
    import llama_index.core

    path = Path(llama_index.core.__file__).parent / "_static/nltk_cache/corpora/stopwords/english"
    return frozenset(path.read_text(encoding="utf-8").split())


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


class TfidfIndex:
    """scikit-learn's TfidfVectorizer as arxiv-sanity-lite configures it (strip accents,
    lowercase, English stop words removed before n-grams, 1-2 grams, sublinear tf, smoothed idf,
    l2 rows, max_df / min_df, max_features), in numpy; cosine ranking of the query's vector."""

    def __init__(
        self, texts: Sequence[str], min_df: int = 5, max_df: float = 0.5, max_features: int = 10_000
    ) -> None:
        self._stop = _stop_words()
        counts = [Counter(self._terms(text)) for text in texts]
        document_frequency: Counter[str] = Counter()
        corpus_frequency: Counter[str] = Counter()
        for count in counts:
            document_frequency.update(count.keys())
            corpus_frequency.update(count)
        n = len(texts)
        kept = [t for t, df in document_frequency.items() if min_df <= df <= max_df * n]
        kept.sort(key=lambda t: (-corpus_frequency[t], t))
        vocabulary = sorted(kept[:max_features])
        self.vocabulary = {term: column for column, term in enumerate(vocabulary)}
        df = np.array([document_frequency[t] for t in vocabulary], dtype=np.float64)
        self._idf = np.log((1 + n) / (1 + df)) + 1
        self.matrix = np.stack([self._vector(count) for count in counts])

    def _terms(self, text: str) -> list[str]:
        words = [w for w in _TOKEN.findall(_strip_accents(text).lower()) if w not in self._stop]
        return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]

    def _vector(self, count: Counter[str]) -> np.ndarray:
        row = np.zeros(len(self.vocabulary), dtype=np.float64)
        for term, tf in count.items():
            column = self.vocabulary.get(term)
            if column is not None:
                row[column] = 1 + math.log(tf)
        row *= self._idf
        norm = np.linalg.norm(row)
        return (row / norm if norm else row).astype(np.float32)

    def scores(self, query: str) -> np.ndarray:
        scores: np.ndarray = self.matrix @ self._vector(Counter(self._terms(query)))
        return scores


def tfidf_system(papers: Sequence[Paper], min_df: int, max_df: float, key: str, label: str) -> System:
    started = time.perf_counter()
    # arxiv-sanity-lite embeds title + summary + author names; the listings have no names.
    index = TfidfIndex([f"{p.title} {p.abstract}" for p in papers], min_df=min_df, max_df=max_df)
    seconds = time.perf_counter() - started
    ids = [p.id for p in papers]

    def rank(query: str, k: int) -> list[str]:
        scores = index.scores(query)
        order = np.argsort(-scores, kind="stable")[:k]
        return [ids[i] for i in order if scores[i] > 0]

    return System(
        key, label, rank, seconds, f"{len(index.vocabulary):,} terms (min_df {min_df}, max_df {max_df})"
    )


def keyword_system(papers: Sequence[Paper]) -> System:
    """arxiv-sanity-lite's own search box (`search_rank` in serve.py): 20 x query words found in
    the title + occurrences (max 3 each) in the abstract; substring counts, as it does."""

    def rank(query: str, k: int) -> list[str]:
        words = query.lower().strip().split()
        scored = []
        for paper in papers:
            title, abstract = paper.title.lower(), paper.abstract.lower()
            score = 20.0 * sum(int(w in title) for w in words)
            score += sum(min(3, abstract.count(w)) for w in words)
            if score > 0:
                scored.append((score, paper.id))
        scored.sort(reverse=True)
        return [paper_id for _, paper_id in scored[:k]]

    return System(
        "keyword",
        "arxiv-sanity-lite search box (keyword counts)",
        rank,
        0.0,
        "title hits x20 + abstract counts",
    )


# ---- measuring ------------------------------------------------------------------------------


def quality(system: System, questions: Sequence[Question], k: int) -> dict[str, Any]:
    """Per type, as `paperbot eval` computes them: R@1 / R@5 / MRR from the first gold paper's
    rank, recall@10 = share of the gold papers in the top 10."""
    table: dict[str, Any] = {}
    ranks: dict[str, list[int | None]] = {}
    for kind in RANKED_TYPES:
        group = [q for q in questions if q.type == kind]
        rows = []
        for question in group:
            ranked = system.rank(clean_query(question.question), k)
            first = next((i for i, pid in enumerate(ranked) if pid in question.gold), None)
            recall = sum(g in ranked[:10] for g in question.gold) / len(question.gold)
            rows.append((first, recall))
        ranks[kind] = [first for first, _ in rows]
        table[kind] = {
            "n": len(group),
            "R@1": float(np.mean([f == 0 for f, _ in rows])),
            "R@5": float(np.mean([f is not None and f < 5 for f, _ in rows])),
            "MRR": float(np.mean([1 / (f + 1) if f is not None else 0.0 for f, _ in rows])),
            "recall@10": float(np.mean([r for _, r in rows])),
        }
    return {"by_type": table, "first_gold_rank": ranks}


def run(k: int, warmup: int, rounds: int) -> dict[str, Any]:
    questions = load_questions(DEV_SET)
    papers = load_listing_corpus()
    embedder = MiniLMEmbedder()
    embedder.embed_documents(["warm-up text"] * 4)
    with tempfile.TemporaryDirectory(prefix="paperbot-peers-") as scratch:
        systems = paperbot_systems(embedder, Path(scratch) / "paperbot")
        systems.append(llama_index_default(papers, embedder, Path(scratch) / "llama-index"))
        systems.append(
            tfidf_system(
                papers, 5, 0.5, "tfidf", "(b) TF-IDF, arxiv-sanity-lite settings (min_df 5, max_df 0.5)"
            )
        )
        systems.append(tfidf_system(papers, 1, 0.5, "tfidf-min1", "(b') TF-IDF, same but min_df 1"))
        systems.append(keyword_system(papers))
        queries = [clean_query(q.question) for q in questions]
        results = {}
        for system in systems:
            logging.getLogger("bench.peers").info("measuring %s", system.key)
            results[system.key] = {
                "label": system.label,
                "build_seconds": system.build_seconds,
                "notes": system.notes,
                **quality(system, questions, k),
                # Every timed query is a new question to the model (its recent-query memory cleared).
                "latency_ms": replay(system.rank, queries, k, warmup, rounds, embedder.forget_queries)[
                    "latency_ms"
                ],
            }
    return {
        "machine": machine(),
        "papers": len(papers),
        "questions": {kind: sum(q.type == kind for q in questions) for kind in RANKED_TYPES},
        "timed_queries": len(questions),
        "k": k,
        "rounds": rounds,
        "systems": results,
    }


def _ratio(value: float) -> str:
    return f"{value:.3f}x" if value < 0.1 else f"{value:.2f}x"


def render(result: dict[str, Any], command: str) -> str:
    systems = result["systems"]
    baseline = systems["paperbot-hybrid"]["latency_ms"]["p50"]
    counts = ", ".join(f"{kind} {n}" for kind, n in result["questions"].items())
    quality_rows = []
    for kind in RANKED_TYPES:
        for key, values in systems.items():
            row = values["by_type"][kind]
            quality_rows.append([kind, key, *(f"{row[m]:.2f}" for m in ("R@1", "R@5", "MRR", "recall@10"))])
    answerable_rows = []
    for key, values in systems.items():
        weights = [values["by_type"][kind]["n"] for kind in RANKED_TYPES]
        averaged = [
            np.average([values["by_type"][kind][m] for kind in RANKED_TYPES], weights=weights)
            for m in ("R@1", "R@5", "MRR", "recall@10")
        ]
        latency_ms = values["latency_ms"]
        answerable_rows.append(
            [
                key,
                *(f"{v:.2f}" for v in averaged),
                f"{latency_ms['p50']:.1f}",
                f"{latency_ms['p95']:.1f}",
                _ratio(latency_ms["p50"] / baseline),
                f"{values['build_seconds']:.1f}",
            ]
        )
    return "\n".join(
        [
            f"# Peers: {result['papers']} papers, dev questions ({counts})",
            "",
            f"{machine_line()} · `{command}`",
            "",
            markdown_table(["system", "what"], [[key, v["label"]] for key, v in systems.items()]),
            "",
            markdown_table(
                [
                    "system",
                    "R@1",
                    "R@5",
                    "MRR",
                    "recall@10",
                    "p50 ms",
                    "p95 ms",
                    "p50 vs paperbot",
                    "build s",
                ],
                answerable_rows,
            ),
            "",
            markdown_table(["type", "system", "R@1", "R@5", "MRR", "recall@10"], quality_rows),
            "",
            markdown_table(["system", "index"], [[key, v["notes"]] for key, v in systems.items()]),
            "",
            f"Latency: all {result['timed_queries']} dev questions x {result['rounds']} rounds, warm, "
            f"k={result['k']}; the first columns average the {sum(result['questions'].values())} "
            "answerable questions (weighted by type).",
        ]
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.peers",
        description="paperbot's HybridRetriever against the llama-index default pipeline and "
        "TF-IDF (arxiv-sanity-lite style) on the dev questions over the bundled corpus: R@1, R@5, "
        "MRR, recall@10 per question type, and latency. Prints markdown tables.",
    )
    parser.add_argument("--warmup", type=int, default=5, help="untimed queries per system (default 5)")
    parser.add_argument("--rounds", type=int, default=5, help="timed passes over the 40 questions (5)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of markdown")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.rounds < 1:
        print("--rounds must be at least 1", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s", stream=sys.stderr)
    for noisy in ("rag", "ingest", "httpx", "chromadb"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    result = run(10, args.warmup, args.rounds)
    command = "python -m bench.peers" + (" " + " ".join(argv) if argv else "")
    print(json.dumps({**result, "command": command}) if args.json else render(result, command))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
