"""The sentence sidecar (rag/sentences.py): the question path reads sentence vectors and texts by
paper id from files next to the store instead of loading Chroma's chunk collection. Chroma's
chunk collection is the oracle: the same hits, scores, texts and order, through every kind of
write, another writer, and a missing, foreign or damaged sidecar (rebuilt, never a crash)."""

from __future__ import annotations

import dataclasses
import logging
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ingest.pipeline import ingest_papers, read_sources
from rag.model import Chunk
from rag.sentences import MANIFEST, SentenceSidecar
from rag.store import PaperStore, PaperWrite, StoreLocation, open_store
from tests.conftest import FIXTURES, REPO

pytestmark = pytest.mark.slow

NEWEST = FIXTURES / "hf_daily_papers" / "daily_papers_2025-07-07_single.json"  # one paper, 2507.01853
QUERIES = (
    "reward model overoptimization in preference learning",
    "which benchmark evaluates agents on web browsing?",
    "diffusion transformers for video generation",
    "Renyi divergence best-of-N alignment",
)


class _NoChunkReads:
    """Stands in for the chunk collection of a reader that must not read it."""

    def __init__(self, real: Any) -> None:
        self._real = real

    def __getattr__(self, name: str) -> Any:
        if name in ("get", "query", "count", "peek"):
            raise AssertionError(f"the chunk collection was read ({name})")
        return getattr(self._real, name)


def _sidecar_store(data_dir: Path, embedder: Any, sentences: Path | None = None) -> PaperStore:
    return open_store(
        StoreLocation(path=data_dir / "chroma", sentences=sentences or data_dir / "sentences"), embedder
    )


def _chroma_store(data_dir: Path, embedder: Any) -> PaperStore:
    return open_store(StoreLocation(path=data_dir / "chroma"), embedder)


def _assert_same_answers(reader: PaperStore, oracle: PaperStore, embedder: Any) -> int:
    """Every paper's sentences, in groups, for every query, with and without texts: identical
    hits (ids, owners, texts, scores to the bit, order). The number of hits compared."""
    reader.generation()  # what a bot reads before each question: it answers from what it knows
    ids = sorted(oracle.paper_ids())
    groups = [ids[n : n + 20] for n in range(0, len(ids), 20)] + [ids[::-7], ids[:1]]
    compared = 0
    for query in QUERIES:
        vector = embedder.embed_query(query)
        for group in groups:
            for texts in (True, False):
                got = reader.search_chunks(vector, k=12 * len(group), paper_ids=group, texts=texts)
                expected = oracle.search_chunks(vector, k=12 * len(group), paper_ids=group, texts=texts)
                assert got == expected
                compared += len(got)
    return compared


def _forbid_chunk_reads(store: PaperStore) -> None:
    store._chunks = _NoChunkReads(store._chunks)


@pytest.fixture
def data_dir(bundled_store: dict[str, Any], tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(bundled_store["data_dir"], copy)
    return copy


def test_ingest_writes_it_and_a_reader_answers_from_it_as_from_chroma(
    bundled_store: dict[str, Any], embedder: Any
) -> None:
    data_dir = bundled_store["data_dir"]
    assert (data_dir / "sentences" / MANIFEST).is_file()  # written by `paperbot ingest`
    reader = _sidecar_store(data_dir, embedder)
    reader.load()
    _forbid_chunk_reads(reader)  # loading, scoring and quoting never touch the chunk collection
    oracle = _chroma_store(data_dir, embedder)
    assert _assert_same_answers(reader, oracle, embedder) > 5000
    sidecar = SentenceSidecar(data_dir / "sentences", reader.identity, embedder.dimension)
    assert sidecar.reload() == reader.generation()
    assert sorted(sidecar.papers()) == sorted(oracle.paper_ids())
    assert reader.search_chunks(embedder.embed_query("x"), k=5, paper_ids=["no-such-paper"]) == []


def _rewrite(store: PaperStore, sidecar: SentenceSidecar, paper_ids: list[str], change: bool) -> None:
    """Write these papers again (the second chunk's text changed and its vector negated when
    `change`), from what is stored: no model needed."""
    papers = {paper.id: paper for paper in store.papers(paper_ids)}
    vectors = store.paper_vectors(paper_ids)
    rows = sidecar.rows(paper_ids) or []
    writes = []
    for paper_id in paper_ids:
        mine = [row for row in rows if row.paper_id == paper_id]
        texts = [row.text + (" (revised)" if change and row.index == 1 else "") for row in mine]
        chunk_vectors = np.stack([-row.vector if change and row.index == 1 else row.vector for row in mine])
        chunks = tuple(Chunk(paper_id, n, text) for n, text in enumerate(texts))
        writes.append(PaperWrite(papers[paper_id], vectors[paper_id], chunks, chunk_vectors))
    store.write_papers(writes)


def test_every_write_keeps_it_current_and_a_compaction_keeps_the_answers(
    data_dir: Path, embedder: Any
) -> None:
    writer = _sidecar_store(data_dir, embedder)
    writer.load()  # the copy's sidecar names the original store (its path): written anew for this one
    oracle = _chroma_store(data_dir, embedder)
    sidecar = SentenceSidecar(data_dir / "sentences", writer.identity, embedder.dimension)
    assert sidecar.reload() == writer.generation()
    ids = sorted(oracle.paper_ids())

    _rewrite(writer, sidecar, ids[:5], change=True)  # new texts and vectors
    paper = writer.papers([ids[7]])[0]
    writer.update_metadata(dataclasses.replace(paper, upvotes=(paper.upvotes or 0) + 1))
    writer.delete_papers(ids[10:12])
    ingest_papers(writer, read_sources([NEWEST]).papers)  # a new paper, embedded by the model
    assert sidecar.reload() == writer.generation()
    assert "2507.01853" in sidecar.papers() and ids[10] not in sidecar.papers()
    revised = [row for row in sidecar.rows([ids[0]]) or [] if row.index == 1]
    assert revised[0].text.endswith("(revised)")

    reader = _sidecar_store(data_dir, embedder)
    reader.load()
    _forbid_chunk_reads(reader)
    assert _assert_same_answers(reader, oracle, embedder) > 0

    # Rewriting every paper twice leaves more dead rows than live ones: the files are rewritten.
    before = {path.name for path in (data_dir / "sentences").iterdir()}
    live = sorted(oracle.paper_ids())
    _rewrite(writer, sidecar, live, change=False)
    _rewrite(writer, sidecar, live, change=False)
    after = {path.name for path in (data_dir / "sentences").iterdir()}
    assert not {name for name in before if name.endswith(".vectors")} & after  # a new file set
    assert sidecar.reload() == writer.generation()
    assert _assert_same_answers(reader, oracle, embedder) > 0


def test_a_writer_without_the_sidecar_is_caught_up_with(data_dir: Path, embedder: Any) -> None:
    reader = _sidecar_store(data_dir, embedder)
    reader.load()
    plain = _chroma_store(data_dir, embedder)  # writes Chroma only (older code, another machine)
    gone = sorted(plain.paper_ids())[3]
    ingest_papers(plain, read_sources([NEWEST]).papers)
    plain.delete_paper(gone)

    reader.generation()  # what a bot reads before each question
    vector = embedder.embed_query(QUERIES[0])
    # Behind: this question reads Chroma (right answers), and the sidecar catches up meanwhile.
    assert reader.search_chunks(vector, k=12, paper_ids=["2507.01853"]) == plain.search_chunks(
        vector, k=12, paper_ids=["2507.01853"]
    )
    reader.load()  # waits for the catch-up (and does it if the thread has not yet)
    _forbid_chunk_reads(reader)
    assert _assert_same_answers(reader, plain, embedder) > 0
    sidecar = SentenceSidecar(data_dir / "sentences", reader.identity, embedder.dimension)
    assert sidecar.reload() == plain.generation()
    assert "2507.01853" in sidecar.papers() and gone not in sidecar.papers()


def _foreign(directory: Path, embedder: Any) -> None:
    manifest = directory / MANIFEST
    saved = pickle.loads(manifest.read_bytes())
    saved["manifest"] = dataclasses.replace(saved["manifest"], store="/elsewhere#another-store")
    manifest.write_bytes(pickle.dumps(saved))


def _truncated_vectors(directory: Path, embedder: Any) -> None:
    (vectors,) = directory.glob("*.vectors")
    with vectors.open("r+b") as file:
        file.truncate(vectors.stat().st_size // 2)


@pytest.mark.parametrize(
    "damage",
    [
        lambda directory, embedder: shutil.rmtree(directory),
        lambda directory, embedder: (directory / MANIFEST).write_bytes(b"not a pickle"),
        lambda directory, embedder: (directory / MANIFEST).write_bytes(
            (directory / MANIFEST).read_bytes()[:50]
        ),
        _truncated_vectors,
        _foreign,
    ],
    ids=["missing", "garbage", "truncated-manifest", "truncated-vectors", "another-store"],
)
def test_a_missing_foreign_or_damaged_sidecar_is_rebuilt(
    data_dir: Path, embedder: Any, damage: Any, caplog: pytest.LogCaptureFixture
) -> None:
    damage(data_dir / "sentences", embedder)
    reader = _sidecar_store(data_dir, embedder)
    with caplog.at_level(logging.INFO, logger="rag"):
        reader.load()
    assert "sentence sidecar: writing it from the store (205 papers)" in caplog.text
    _forbid_chunk_reads(reader)
    assert _assert_same_answers(reader, _chroma_store(data_dir, embedder), embedder) > 0


def test_a_sidecar_that_cannot_be_written_leaves_chroma_answering(
    data_dir: Path, embedder: Any, caplog: pytest.LogCaptureFixture
) -> None:
    blocked = data_dir / "not-a-directory"
    blocked.write_text("a file where the sidecar's directory would go\n")
    reader = _sidecar_store(data_dir, embedder, sentences=blocked / "sentences")
    with caplog.at_level(logging.WARNING, logger="rag"):
        reader.load()
    assert "could not write the sentence sidecar" in caplog.text
    assert caplog.text.count("could not write the sentence sidecar") == 1
    assert _assert_same_answers(reader, _chroma_store(data_dir, embedder), embedder) > 0
    assert caplog.text.count("could not write the sentence sidecar") == 1  # not once a question


def test_a_reader_uses_the_sidecar_another_process_wrote(data_dir: Path, embedder: Any) -> None:
    reader = _sidecar_store(data_dir, embedder)
    reader.load()
    command = [sys.executable, "-m", "bot", "--env-file", "/nonexistent", "--data-dir", str(data_dir)]
    env = {key: value for key, value in os.environ.items() if not key.startswith("PAPERBOT_")}
    done = subprocess.run(
        [*command, "ingest", str(NEWEST)], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr

    reader.generation()  # another process wrote: the store is reopened
    _forbid_chunk_reads(reader)  # its sidecar is read again, not the chunk collection
    oracle = _chroma_store(data_dir, embedder)
    assert "2507.01853" in oracle.paper_ids()
    assert _assert_same_answers(reader, oracle, embedder) > 0
