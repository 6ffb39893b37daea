"""A realistic synthetic corpus for the scale benchmarks (issue 18), replacing bench/synthetic.py's
optimistic one: abstracts as long as the real ones (their length drawn from the bundled
abstracts'), a vocabulary that grows with the corpus as Heaps' law fitted to the real abstracts
says, a unique title per paper, authors (1-30, median 6) and organisations (thousands, drawn with a
Zipf law), dates over three years, and ids that can never merge with a real paper (a `synthetic-`
id, a title no real paper has, no arXiv id).

Sentences are real (each keeps its vector, so dense search stays meaningful); the new words a
paper brings are made-up words put in place of some of its words. A paper is deterministic in
(seed, index), so a store can be grown in steps by several worker processes.

Worker: `.venv/bin/python -m bench.realistic --pool FILE --store DIR --start N --stop M
[--organisations 5000]` adds papers [N, M) to the store and prints one JSON line.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
import re
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bench.measure import peak_rss_mib
from bench.synthetic import SentencePool, _NoModel, real_write, synthetic_name, worker_parser
from rag.model import Chunk, Paper
from rag.names import paper_names
from rag.store import PaperWrite, StoreLocation, open_store

PREFIX = "synthetic-"
_WORD = re.compile(r"[a-z]+")
_REPLACEABLE = re.compile(r"\b[a-z]{6,}\b")  # a content word a made-up word may stand in for
_CONSONANTS = "bcdfghjklmnprstvwz"
_VOWELS = "aeiouy"


@dataclass(frozen=True, slots=True)
class Heaps:
    """Heaps' law: distinct words V = k * n^beta after n word tokens."""

    k: float
    beta: float

    def vocabulary(self, tokens: float) -> float:
        return float(self.k * tokens**self.beta)


def fit_heaps(abstracts: Sequence[str]) -> Heaps:
    """Least squares on log V against log n over the real abstracts read in order."""
    seen: set[str] = set()
    points: list[tuple[float, float]] = []
    tokens = 0
    for abstract in abstracts:
        for word in _WORD.findall(abstract.lower()):
            tokens += 1
            seen.add(word)
        points.append((math.log(tokens), math.log(len(seen))))
    xs = np.array([x for x, _ in points])
    ys = np.array([y for _, y in points])
    beta, intercept = np.polyfit(xs, ys, 1)
    return Heaps(float(math.exp(intercept)), float(beta))


def made_up_word(index: int) -> str:
    """A pronounceable made-up word, unique per index ("vokatremi"); never an English word in
    practice, so every one is new to the vocabulary."""
    letters = []
    index += 1
    while index:
        index, consonant = divmod(index, len(_CONSONANTS))
        index, vowel = divmod(index, len(_VOWELS))
        letters.append(_CONSONANTS[consonant] + _VOWELS[vowel])
    return "".join(letters) + "x"  # the x keeps short ones from being real words ("bax")


class RealisticCorpus:
    """Papers [0, n) of the realistic corpus: the bundled papers first, then synthetic ones."""

    def __init__(self, pool: SentencePool, seed: int = 11, organisations: int = 5000) -> None:
        self.pool = pool
        self.seed = seed
        real = [paper.abstract for paper in pool.papers]
        self.heaps = fit_heaps(real)
        self.lengths = np.array(sorted(len(text) for text in real))
        self.tokens_per_paper = float(np.mean([len(_WORD.findall(text.lower())) for text in real]))
        self.real_vocabulary = len({w for text in real for w in _WORD.findall(text.lower())})
        self.organisations = [self._organisation(i) for i in range(organisations)]
        weights = 1.0 / np.arange(1, organisations + 1) ** 1.1
        self.organisation_weights = weights / weights.sum()

    def describe(self) -> dict[str, Any]:
        return {
            "heaps_k": round(self.heaps.k, 3),
            "heaps_beta": round(self.heaps.beta, 4),
            "real_vocabulary": self.real_vocabulary,
            "abstract_chars_median": float(np.median(self.lengths)),
            "organisations": len(self.organisations),
        }

    def _organisation(self, index: int) -> str:
        kind = ("{} Lab", "{} AI", "University of {}", "{} Research", "{} Institute", "{}-Lab")[index % 6]
        return kind.format(synthetic_name(index * 7 + 3))

    def new_words_before(self, synthetic_index: int) -> int:
        """How many made-up words the synthetic papers before this one brought in: the Heaps'
        law vocabulary at their token count, beyond the real papers' own."""
        papers = len(self.pool.papers) + synthetic_index
        expected = self.heaps.vocabulary(papers * self.tokens_per_paper)
        return max(0, int(expected) - self.real_vocabulary)

    def write(self, position: int) -> PaperWrite:
        real = len(self.pool.papers)
        return real_write(self.pool, position) if position < real else self._synthetic(position - real)

    def writes(self, start: int, stop: int) -> Iterator[PaperWrite]:
        for position in range(start, stop):
            yield self.write(position)

    def _synthetic(self, index: int) -> PaperWrite:
        pool = self.pool
        rng = np.random.default_rng([self.seed, index])
        target = int(self.lengths[int(rng.integers(len(self.lengths)))])
        chosen: list[int] = []
        length = 0
        while length < target or len(chosen) < 3:
            row = int(rng.integers(pool.sentence_count))
            if row not in chosen:
                chosen.append(row)
                length += len(pool.texts[row]) + 1
        sentences = [pool.texts[row] for row in chosen]
        # The words this paper brings to the vocabulary, and a few earlier made-up words it
        # shares with other papers (earlier words more often, as in a real field).
        first, last = self.new_words_before(index), self.new_words_before(index + 1)
        words = [made_up_word(n) for n in range(first, last)]
        if first:
            reused = np.minimum((rng.pareto(1.2, size=int(rng.integers(0, 4))) * 50).astype(int), first - 1)
            words += [made_up_word(int(first - 1 - n)) for n in reused]
        for word in words:
            at = int(rng.integers(len(sentences)))
            replaceable = list(_REPLACEABLE.finditer(sentences[at]))
            if replaceable:
                hit = replaceable[int(rng.integers(len(replaceable)))]
                sentences[at] = sentences[at][: hit.start()] + word + sentences[at][hit.end() :]
            else:
                sentences[at] = f"{sentences[at].rstrip('.')} with {word}."
        vectors = pool.vectors[chosen].astype(np.float32)
        mean = vectors.mean(axis=0)
        name = synthetic_name(index)
        tail = pool.tails[int(rng.integers(len(pool.tails)))]
        # Unique: the made-up name is unique per index, and no real title has it.
        title = f"{name}: {tail}" if rng.random() < pool.named_share else f"{tail} with {name}"
        paper_id = f"{PREFIX}{index:07d}"
        authors = min(30, 1 + int(rng.geometric(1 / 6)))
        organisation = (
            self.organisations[int(rng.choice(len(self.organisations), p=self.organisation_weights))]
            if rng.random() < 0.7
            else None
        )
        paper = Paper(
            id=paper_id,
            title=title,
            abstract=" ".join(sentences),
            date=f"{rng.integers(2023, 2026)}-{rng.integers(1, 13):02d}-{rng.integers(1, 29):02d}",
            upvotes=int(rng.integers(0, 300)) if rng.random() < 0.8 else None,
            authors=tuple(
                f"{synthetic_name(int(rng.integers(300_000)))} {synthetic_name(int(rng.integers(300_000)))}"
                for _ in range(authors)
            ),
            author_count=authors,
            organisation=organisation,
            sources=("synthetic",),
        )
        # The names ingest finds and stores with every paper (rag/names.py).
        paper = dataclasses.replace(paper, names=paper_names(paper.title, paper.abstract))
        chunks = tuple(Chunk(paper_id, n, sentence) for n, sentence in enumerate(sentences))
        return PaperWrite(paper, (mean / np.linalg.norm(mean)).astype(np.float32), chunks, vectors)


@functools.cache
def _corpus(pool_path: Path, seed: int, organisations: int) -> RealisticCorpus:
    return RealisticCorpus(SentencePool.load(pool_path), seed, organisations)


def build(
    pool_path: Path, store_path: Path, start: int, stop: int, seed: int, batch: int, organisations: int
) -> dict[str, Any]:
    """Add papers [start, stop) to the embedded store at `store_path`, `batch` per write."""
    corpus = _corpus(pool_path, seed, organisations)
    # The sentence sidecar next to the store, where `paperbot` keeps it (bot/settings.py).
    location = StoreLocation(path=store_path, sentences=store_path.parent / "sentences")
    store = open_store(location, _NoModel(corpus.pool.vectors.shape[1]))
    started = time.perf_counter()
    generate = write = 0.0
    for position in range(start, stop, batch):
        tick = time.perf_counter()
        pending = list(corpus.writes(position, min(position + batch, stop)))
        generate += time.perf_counter() - tick
        tick = time.perf_counter()
        store.write_papers(pending)
        write += time.perf_counter() - tick
    papers, chunks = store.counts()
    return {
        "start": start,
        "stop": stop,
        "seconds": time.perf_counter() - started,
        "generate_seconds": generate,
        "write_seconds": write,
        "papers": papers,
        "chunks": chunks,
        "peak_rss_mib": peak_rss_mib(),
        **corpus.describe(),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = worker_parser(
        "python -m bench.realistic",
        "Add papers [start, stop) of the realistic corpus to an embedded store; print one JSON line.",
        seed=11,
    )
    parser.add_argument("--organisations", type=int, default=5000)
    args = parser.parse_args(argv)
    result = build(args.pool, args.store, args.start, args.stop, args.seed, args.batch, args.organisations)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
