"""What embedding every sentence at ingest costs and buys (issue 18, item 5).

Ingest embeds each abstract and each of its sentence chunks (1,742 texts for the 205 bundled
papers); the sentence vectors are only read by paper id, to score the sentences of the papers a
question is about (the reranker's best-sentence feature, the quoted sentences). This times, in
new processes and in CPU seconds (user + system, the children's own accounting):

- `paperbot ingest` of the bundled corpus into a fresh data directory, as a user runs it;
- llama-index's default build over the same papers (bench.peers: one Document per paper, the
  default SentenceSplitter, the same MiniLM, Chroma's defaults);
- the model alone on the abstracts and on the sentences (where ingest's CPU goes);

then, with the ingested store, the alternative: the sentences of a question's candidates (the
reranker's pool, whose sentences answering scores) embedded when the question comes, with no
cache and with an LRU cache of sentence vectors kept across the questions, and how far the
scores from those vectors are from the stored ones (the same model on the same text).

Run: .venv/bin/python -m bench.sentence_vectors [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from bench.corpus import DEV_SET, REPO, SEEDS, load_questions
from bench.measure import machine_line, markdown_table, percentile

PAPERBOT = REPO / ".venv" / "bin" / "paperbot"

_LLAMA_BUILD = """
import sys, tempfile
from pathlib import Path
from bench.corpus import load_listing_corpus
from bench.peers import llama_index_default
from rag.embed import load_embedder
with tempfile.TemporaryDirectory() as scratch:
    built = llama_index_default(load_listing_corpus(), load_embedder(), Path(scratch))
print(len(load_listing_corpus()))
"""

_MODEL_ALONE = """
import sys
from bench.corpus import load_listing_corpus
from ingest.chunk import chunk_embedding_text, chunk_paper
from rag.embed import load_embedder
papers = load_listing_corpus()
model = load_embedder()
if sys.argv[1] == "abstracts":
    texts = [paper.text_for_embedding() for paper in papers]
else:
    texts = [chunk_embedding_text(p, c) for p in papers for c in chunk_paper(p)]
for start in range(0, len(texts), 16):
    model.embed_documents(texts[start : start + 16])
print(len(texts))
"""


def child_cpu(command: Sequence[str], env: dict[str, str] | None = None) -> dict[str, float]:
    """CPU seconds (user + system) and wall seconds of one new process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(command)} failed")
    last = (process.stdout.read().decode() if process.stdout else "").split()[-1:]
    count = float(last[0]) if last and last[0].isdigit() else 0.0  # what the child printed last
    return {"cpu_s": usage.ru_utime + usage.ru_stime, "wall_s": wall, "out": count}


def ingest_cpu(data_dir: Path) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PAPERBOT_", "LLM_", "CHROMA_"))}
    env["PAPERBOT_DATA_DIR"] = str(data_dir)
    paperbot = child_cpu([str(PAPERBOT), "ingest", "--no-progress", "--json", str(SEEDS)], env)
    llama = child_cpu([sys.executable, "-c", _LLAMA_BUILD])
    abstracts = child_cpu([sys.executable, "-c", _MODEL_ALONE, "abstracts"])
    sentences = child_cpu([sys.executable, "-c", _MODEL_ALONE, "sentences"])
    return {"paperbot": paperbot, "llama_index": llama, "abstracts": abstracts, "sentences": sentences}


def on_demand(data_dir: Path, cache_size: int) -> dict[str, Any]:
    """Per question: the reranker's pool, its papers' sentences embedded (no cache / LRU cache),
    and the largest gap between a stored-vector score and the on-demand score of a sentence."""
    from bot import compose
    from bot.settings import load_settings
    from rag.policy import POLICY

    environ = {k: v for k, v in os.environ.items() if not k.startswith(("PAPERBOT_", "LLM_", "CHROMA_"))}
    settings = load_settings(
        env_file=Path("/nonexistent"), environ={**environ, "PAPERBOT_DATA_DIR": str(data_dir)}
    )
    retriever = compose.build_retriever(settings)
    store, embedder = retriever.store, retriever.store.embedder
    pool = POLICY.reranker.pool if POLICY.reranker is not None else 20
    questions = [q.question for q in load_questions(DEV_SET)]
    retriever.papers()
    cache: OrderedDict[str, np.ndarray] = OrderedDict()
    cold_ms, cached_ms, counts, gap = [], [], [], 0.0
    reused = total = 0
    for question in questions:
        head, _ = retriever.fused_head(question, pool)
        chunks = [chunk for pid in head for chunk in store.chunks_of(pid)]
        texts = [chunk.text for chunk in chunks]
        counts.append(len(texts))
        started = time.perf_counter()
        vectors = np.vstack([embedder.embed_documents(texts[i : i + 16]) for i in range(0, len(texts), 16)])
        cold_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        missing = [n for n, chunk in enumerate(chunks) if chunk.id not in cache]
        for start in range(0, len(missing), 16):
            batch = missing[start : start + 16]
            for n, vector in zip(batch, embedder.embed_documents([texts[i] for i in batch]), strict=True):
                cache[chunks[n].id] = vector
        for chunk in chunks:
            cache.move_to_end(chunk.id)
        while len(cache) > cache_size:
            cache.popitem(last=False)
        cached_ms.append((time.perf_counter() - started) * 1000)
        reused += len(chunks) - len(missing)
        total += len(chunks)
        query = embedder.embed_query(question)
        stored = {
            hit.chunk_id: hit.score for hit in store.search_chunks(query, k=len(chunks), paper_ids=head)
        }
        norms = np.linalg.norm(vectors, axis=1) * np.linalg.norm(query)
        fresh = (vectors @ query) / np.maximum(norms, 1e-12)
        for chunk, score in zip(chunks, fresh, strict=True):
            if chunk.id in stored:
                gap = max(gap, abs(stored[chunk.id] - float(score)))
    return {
        "questions": len(questions),
        "pool": pool,
        "sentences_p50": statistics.median(counts),
        "cold_p50_ms": percentile(cold_ms, 50),
        "cold_p95_ms": percentile(cold_ms, 95),
        "cached_p50_ms": percentile(cached_ms, 50),
        "cached_p95_ms": percentile(cached_ms, 95),
        "cache_size": cache_size,
        "reused_share": reused / max(total, 1),
        "largest_score_gap": gap,
    }


def render(result: dict[str, Any], command: str) -> str:
    cpu = result["cpu"]
    papers = result["papers"]
    llama = cpu["llama_index"]["cpu_s"]
    rows = [
        [
            name,
            f"{cpu[key]['cpu_s']:.1f}",
            f"{cpu[key]['wall_s']:.1f}",
            f"{cpu[key]['cpu_s'] / papers * 1000:.0f}",
            f"{cpu[key]['cpu_s'] / llama:.2f}x",
        ]
        for name, key in (
            ("`paperbot ingest` (abstracts + sentences)", "paperbot"),
            ("llama-index default build (same papers, same MiniLM)", "llama_index"),
            (f"the model alone on the {cpu['abstracts']['out']:.0f} abstracts", "abstracts"),
            (f"the model alone on the {cpu['sentences']['out']:.0f} sentence chunks", "sentences"),
        )
    ]
    demand = result["on_demand"]
    return "\n".join(
        [
            f"{machine_line()} · `{command}`",
            "",
            markdown_table(
                ["new process", "CPU s", "wall s", f"CPU ms per paper ({papers})", "CPU vs llama-index"], rows
            ),
            "",
            f"Sentences embedded when the question comes ({demand['questions']} dev questions, the "
            f"reranker's pool of {demand['pool']} papers, {demand['sentences_p50']:.0f} sentences p50): "
            f"{demand['cold_p50_ms']:.0f} ms p50 / {demand['cold_p95_ms']:.0f} ms p95 per question "
            "with no cache; "
            f"with an LRU cache of {demand['cache_size']} sentence vectors kept across the questions "
            f"{demand['cached_p50_ms']:.0f} / {demand['cached_p95_ms']:.0f} ms "
            f"({demand['reused_share']:.0%} of the sentences found in it). Largest gap between a "
            "stored-vector score and the on-demand score: "
            f"{demand['largest_score_gap']:.2g}.",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sentence_vectors", description=__doc__)
    parser.add_argument("--cache", type=int, default=2000, help="sentence vectors the LRU cache keeps")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="paperbot-sentences-") as scratch:
        data_dir = Path(scratch) / "data"
        cpu = ingest_cpu(data_dir)
        result = {
            "cpu": cpu,
            "papers": int(cpu["llama_index"]["out"]),
            "on_demand": on_demand(data_dir, args.cache),
        }
    command = "python -m bench.sentence_vectors " + " ".join(argv if argv is not None else sys.argv[1:])
    print(json.dumps(result, indent=2) if args.json else render(result, command))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
