"""A synthetic corpus of any size made of the bundled abstracts' real sentences, for the scale
benchmark. Each distinct sentence is embedded once; a synthetic paper's vector is the normalised
mean of its sentences' vectors. Papers are written through `PaperStore.write_papers`.

Worker: `.venv/bin/python -m bench.synthetic --pool FILE --store DIR --start N --stop M` adds
papers [N, M) to the store and prints one JSON line (the scale benchmark runs it in a subprocess).
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bench.corpus import load_listing_corpus
from bench.measure import peak_rss_mib
from ingest.chunk import chunk_embedding_text, chunk_paper, split_sentences
from rag.embed import DEFAULT_MODEL, Embedder
from rag.model import Chunk, Paper
from rag.names import title_name
from rag.store import PaperWrite, StoreLocation, open_store

SYNTHETIC_PREFIX = "synthetic-"
_CONSONANTS = "bdfgklmnprstvz"
_VOWELS = "aeiou"
_SYLLABLES = [c + v for c in _CONSONANTS for v in _VOWELS]  # 70: three make 343,000 names


@dataclass(frozen=True)
class SentencePool:
    """The bundled papers (with their real vectors) and every distinct sentence of their
    abstracts (with its vector): all a synthetic corpus of any size is made from."""

    papers: list[Paper]
    paper_vectors: np.ndarray  # (papers, dim): the model on `text_for_embedding()`
    texts: list[str]  # distinct sentences, then any real chunk text that is not a sentence
    vectors: np.ndarray  # (texts, dim)
    sentence_count: int  # texts[:sentence_count] are the sentences synthetic papers draw from
    tails: list[str]  # real titles without their short name, for synthetic titles
    named_share: float  # share of real titles that lead with a short name ("InfAlign: ...")

    def save(self, path: Path) -> None:
        np.savez(path.with_suffix(".npz"), paper_vectors=self.paper_vectors, vectors=self.vectors)
        path.with_suffix(".json").write_text(
            json.dumps({"texts": self.texts, "sentence_count": self.sentence_count}), encoding="utf-8"
        )

    @classmethod
    def load(cls, path: Path) -> SentencePool:
        arrays = np.load(path.with_suffix(".npz"))
        meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        papers = load_listing_corpus()
        return cls(
            papers,
            arrays["paper_vectors"],
            meta["texts"],
            arrays["vectors"],
            meta["sentence_count"],
            *_titles(papers),
        )

    @functools.cached_property
    def row_of(self) -> dict[str, int]:
        """Text -> its row in `vectors` (not slotted: this is cached on the instance)."""
        return {text: index for index, text in enumerate(self.texts)}


def _titles(papers: Sequence[Paper]) -> tuple[list[str], float]:
    tails, named = [], 0
    for paper in papers:
        name = title_name(paper.title)
        if name:
            named += 1
            tails.append(paper.title.partition(":")[2].strip())
        else:
            tails.append(paper.title)
    return tails, named / len(papers)


def build_pool(model: Embedder) -> tuple[SentencePool, dict[str, float]]:
    """Embed the bundled papers once and each distinct sentence (and real chunk) once."""
    papers = load_listing_corpus()
    sentences = list(dict.fromkeys(s for paper in papers for s in split_sentences(paper.abstract)))
    chunk_texts = [chunk_embedding_text(p, c) for p in papers for c in chunk_paper(p)]
    extra = [text for text in dict.fromkeys(chunk_texts) if text not in set(sentences)]
    started = time.perf_counter()
    paper_vectors = model.embed_documents([paper.text_for_embedding() for paper in papers])
    papers_seconds = time.perf_counter() - started
    started = time.perf_counter()
    vectors = model.embed_documents(sentences + extra)
    sentence_seconds = time.perf_counter() - started
    pool = SentencePool(papers, paper_vectors, sentences + extra, vectors, len(sentences), *_titles(papers))
    timings = {
        "papers": len(papers),
        "sentences": len(sentences),
        "extra_chunk_texts": len(extra),
        "embed_papers_seconds": papers_seconds,
        "embed_sentences_seconds": sentence_seconds,
    }
    return pool, timings


def synthetic_name(index: int) -> str:
    """A made-up short name, unique per index below 343,000 ("Bokari")."""
    syllables = []
    for _ in range(3):
        index, digit = divmod(index, len(_SYLLABLES))
        syllables.append(_SYLLABLES[digit])
    return "".join(syllables).capitalize()


def synthetic_write(pool: SentencePool, index: int, seed: int) -> PaperWrite:
    """Synthetic paper number `index`: 4-8 random real sentences, a title in the corpus' style,
    plausible metadata. Deterministic in (seed, index), so a store can grow in steps."""
    rng = np.random.default_rng([seed, index])
    chosen = rng.choice(pool.sentence_count, size=int(rng.integers(4, 9)), replace=False)
    sentences = [pool.texts[i] for i in chosen]
    sentence_vectors = pool.vectors[chosen].astype(np.float32)
    mean = sentence_vectors.mean(axis=0)
    vector = (mean / np.linalg.norm(mean)).astype(np.float32)
    tail = pool.tails[int(rng.integers(len(pool.tails)))]
    title = f"{synthetic_name(index)}: {tail}" if rng.random() < pool.named_share else tail
    paper_id = f"{SYNTHETIC_PREFIX}{index:06d}"
    paper = Paper(
        id=paper_id,
        title=title,
        abstract=" ".join(sentences),
        date=f"{int(rng.integers(2023, 2026))}-{int(rng.integers(1, 13)):02d}-{int(rng.integers(1, 29)):02d}",
        upvotes=int(rng.integers(0, 300)) if rng.random() < 0.8 else None,
        author_count=int(rng.integers(1, 30)),
        sources=("synthetic",),
    )
    chunks = tuple(Chunk(paper_id, n, sentence) for n, sentence in enumerate(sentences))
    return PaperWrite(paper, vector, chunks, sentence_vectors)


def real_write(pool: SentencePool, index: int) -> PaperWrite:
    """Bundled paper `index` as the pipeline stores it: its real vector, its real chunks."""
    paper = pool.papers[index]
    chunks = tuple(chunk_paper(paper))
    vectors = np.stack([pool.vectors[pool.row_of[chunk_embedding_text(paper, c)]] for c in chunks])
    return PaperWrite(paper, pool.paper_vectors[index].astype(np.float32), chunks, vectors)


def corpus_writes(pool: SentencePool, start: int, stop: int, seed: int) -> Iterator[PaperWrite]:
    """Papers [start, stop) of the scale corpus: the bundled papers first, then synthetic ones."""
    real = len(pool.papers)
    for position in range(start, stop):
        yield real_write(pool, position) if position < real else synthetic_write(pool, position - real, seed)


def corpus_vectors(pool: SentencePool, size: int, seed: int) -> tuple[list[str], np.ndarray]:
    """Ids and paper vectors of the first `size` papers, for exact search (no store involved)."""
    ids, rows = [], []
    for write in corpus_writes(pool, 0, size, seed):
        ids.append(write.paper.id)
        rows.append(write.vector)
    return ids, np.stack(rows)


def build(pool_path: Path, store_path: Path, start: int, stop: int, seed: int, batch: int) -> dict[str, Any]:
    """Add papers [start, stop) to the embedded store at `store_path`, `batch` per write."""
    pool = SentencePool.load(pool_path)
    store = open_store(StoreLocation(path=store_path), _NoModel(pool.vectors.shape[1]))
    generate = write = 0.0
    records = 0
    pending: list[PaperWrite] = []
    started = time.perf_counter()
    for position in range(start, stop, batch):
        tick = time.perf_counter()
        pending = list(corpus_writes(pool, position, min(position + batch, stop), seed))
        generate += time.perf_counter() - tick
        tick = time.perf_counter()
        store.write_papers(pending)
        write += time.perf_counter() - tick
        records += sum(1 + len(w.chunks) for w in pending)
    papers, chunks = store.counts()
    return {
        "start": start,
        "stop": stop,
        "batch": batch,
        "seconds": time.perf_counter() - started,
        "generate_seconds": generate,
        "write_seconds": write,
        "records_written": records,
        "papers": papers,
        "chunks": chunks,
        "peak_rss_mib": peak_rss_mib(),
    }


class _NoModel:
    """Stands in for the model when only precomputed vectors are written: same name and size,
    so the store's model check passes; embedding anything is a bug in the benchmark."""

    def __init__(self, dimension: int) -> None:
        self._dimension = dimension

    @property
    def name(self) -> str:
        return DEFAULT_MODEL

    @property
    def dimension(self) -> int:
        return self._dimension

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        raise AssertionError("the synthetic build writes precomputed vectors only")

    def embed_query(self, text: str) -> np.ndarray:
        raise AssertionError("the synthetic build writes precomputed vectors only")


def worker_parser(prog: str, description: str, seed: int) -> argparse.ArgumentParser:
    """The options of a worker that adds papers [start, stop) of a corpus to a store."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--pool", type=Path, required=True, help="sentence pool written by bench.scale")
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--start", type=int, required=True)
    parser.add_argument("--stop", type=int, required=True)
    parser.add_argument("--seed", type=int, default=seed)
    parser.add_argument("--batch", type=int, default=128, help="papers per write_papers call")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = worker_parser(
        "python -m bench.synthetic",
        "Worker of bench.scale: add papers [start, stop) of the synthetic corpus to an "
        "embedded store and print one JSON line.",
        seed=7,
    )
    args = parser.parse_args(argv)
    print(json.dumps(build(args.pool, args.store, args.start, args.stop, args.seed, args.batch)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
