"""Long-running processes notice other writers (issue 19, item 6; issue 18): every write bumps the
store generation, a running `paperbot chat` reads it before each question and catches up with the
papers another process stored; a new process loads the saved lexicon instead of scanning."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

import numpy as np
import pytest

from ingest.pipeline import ingest_papers, read_sources
from ingest.sources.jsonl import write_jsonl
from rag.lexicon import FILE_NAME, load_lexicon, save_lexicon
from rag.retrieve import HybridRetriever
from rag.store import PaperStore, StoreLocation, StoreUnavailableError, open_store
from rag.words import load_words
from tests.conftest import SEEDS

pytestmark = pytest.mark.slow

NEW = "asymptotics-of-language-model-alignment"
QUESTION = "How does the Renyi divergence bound relate to best-of-N alignment asymptotics?"
PROMPT = "you> "


def _paperbot(data_dir: Path, *args: str, **kwargs: Any) -> Any:
    command = [sys.executable, "-m", "bot", "--env-file", "/nonexistent", "--data-dir", str(data_dir), *args]
    env = {key: value for key, value in os.environ.items() if not key.startswith("PAPERBOT_")}
    env["PYTHONUNBUFFERED"] = "1"
    return command, env


def _read_until_prompt(stream: IO[str], deadline: float) -> str:
    """What the chat printed up to its next prompt (it prints the prompt without a newline)."""
    seen = ""
    while not seen.endswith(PROMPT):
        if time.monotonic() > deadline:
            raise AssertionError(f"the chat did not answer in time; it printed: {seen!r}")
        char = stream.read(1)
        if not char:
            raise AssertionError(f"the chat exited; it printed: {seen!r}")
        seen += char
    return seen


def test_a_running_chat_sees_a_paper_another_process_ingested(tmp_path: Path) -> None:
    papers = read_sources([SEEDS]).papers
    first = tmp_path / "first.jsonl"
    later = tmp_path / "later.jsonl"
    write_jsonl(papers[:4], first)
    write_jsonl([p for p in papers if p.id == NEW], later)
    data_dir = tmp_path / "data"
    command, env = _paperbot(data_dir, "ingest", "--no-progress", str(first))
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=600)

    command, env = _paperbot(data_dir, "chat")
    chat = subprocess.Popen(
        command, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert chat.stdin is not None and chat.stdout is not None
    try:
        deadline = time.monotonic() + 600
        _read_until_prompt(chat.stdout, deadline)
        chat.stdin.write(QUESTION + "\n")
        chat.stdin.flush()
        before = _read_until_prompt(chat.stdout, deadline)
        assert "Asymptotics of Language Model Alignment" not in before

        # Another process stores the paper while the chat runs.
        command, env = _paperbot(data_dir, "ingest", "--no-progress", str(later))
        subprocess.run(command, env=env, check=True, capture_output=True, timeout=600)

        chat.stdin.write(QUESTION + "\n")
        chat.stdin.flush()
        after = _read_until_prompt(chat.stdout, deadline)
        assert "Asymptotics of Language Model Alignment" in after, after
    except AssertionError:
        chat.kill()
        print(chat.stderr.read() if chat.stderr else "")
        raise
    finally:
        chat.kill()
        chat.wait(timeout=30)


def test_the_lexicon_is_saved_loaded_and_caught_up(tmp_path: Path, embedder: Any) -> None:
    papers = read_sources([SEEDS]).papers
    store = open_store(StoreLocation(path=tmp_path / "chroma"), embedder)
    lexicon_dir = tmp_path / "lexicon"
    ingest_papers(store, papers[:5])
    start = store.generation()
    assert start >= 1

    built = HybridRetriever(store, lexicon_dir=lexicon_dir)
    assert len(built.papers()) == 5 and (lexicon_dir / FILE_NAME).exists()
    saved = load_lexicon(lexicon_dir, store.identity)
    assert saved is not None and saved.generation == start and set(saved.papers) == set(built.papers())
    assert load_lexicon(lexicon_dir, "another store") is None

    # A write by anyone moves the generation; a running retriever catches up (added, then
    # deleted papers), and the saved file follows.
    assert not built.refresh()  # nothing changed: nothing rebuilt
    ingest_papers(store, [p for p in papers if p.id == NEW])
    assert store.generation() > start
    assert built.refresh()
    assert NEW in built.papers() and NEW in built.named("Asymptotics of Language Model Alignment")
    store.delete_papers([papers[0].id])
    # What a bot does before a question: the catch-up runs in the background; a question that
    # does not wait is answered from the current lexicon, the next one sees the change.
    built.catch_up(wait_seconds=0)
    built.catch_up(wait_seconds=120)
    assert papers[0].id not in built.papers() and len(built.papers()) == 5
    assert not built.refresh()  # caught up already
    reloaded = HybridRetriever(store, lexicon_dir=lexicon_dir)
    assert set(reloaded.papers()) == set(built.papers())

    # The caught-up lexicon equals one built from scratch, statistics included.
    fresh = HybridRetriever(store)
    assert set(fresh.papers()) == set(built.papers())
    assert fresh.term_statistics().frequency == built.term_statistics().frequency
    assert fresh.term_statistics().papers == built.term_statistics().papers
    assert fresh.organisations() == built.organisations()
    assert fresh.latest_year() == built.latest_year()
    for stems in ({"align"}, {"languag", "model"}, {"asymptot"}, {"no-such-stem"}):
        assert fresh.titled_with(stems) == built.titled_with(stems)
    assert NEW in built.titled_with({"asymptot"})
    for paper_id in fresh.papers():
        assert fresh.names_of(paper_id) == built.names_of(paper_id)
    question = "best-of-N alignment and KL-constrained reinforcement learning"
    assert [r.paper.id for r in fresh.search(question)] == [r.paper.id for r in built.search(question)]


def test_word_vectors_are_made_for_new_papers_and_kept(tmp_path: Path, embedder: Any) -> None:
    papers = read_sources([SEEDS]).papers
    store = open_store(StoreLocation(path=tmp_path / "chroma"), embedder)
    lexicon_dir = tmp_path / "lexicon"
    ingest_papers(store, papers[:3])
    built = HybridRetriever(store, lexicon_dir=lexicon_dir)
    built.prepare()  # what `paperbot ingest` does after writing
    saved = load_words(lexicon_dir, embedder.name, embedder.dimension)
    assert set(saved.rows) == set(built.term_statistics().frequency)
    ingest_papers(store, [p for p in papers if p.id == NEW])
    assert built.refresh()
    built.search("asymptotics of best-of-N alignment")  # the reranker reads the new paper's words
    built.prepare()  # and waits for their file to be written (saved off the question's way)
    caught_up = load_words(lexicon_dir, embedder.name, embedder.dimension)
    assert set(caught_up.rows) == set(built.term_statistics().frequency) > set(saved.rows)
    assert caught_up.stems[: len(saved.stems)] == saved.stems  # the old rows are kept as they were
    # A word's vector is the model's vector of a form it is written in.
    row = caught_up.matrix[caught_up.rows["asymptot"]].astype(np.float32)
    forms = embedder.embed_documents(["asymptotic", "asymptotics", "asymptotically"])
    assert max(float(np.dot(row, form)) for form in forms) > 0.999


def test_a_damaged_or_foreign_lexicon_is_rebuilt_not_a_crash(tmp_path: Path, embedder: Any) -> None:
    papers = read_sources([SEEDS]).papers
    store = open_store(StoreLocation(path=tmp_path / "chroma"), embedder)
    ingest_papers(store, papers[:3])
    lexicon_dir = tmp_path / "lexicon"
    lexicon_dir.mkdir()
    (lexicon_dir / FILE_NAME).write_bytes(b"\x80\x05not a pickle at all")
    assert len(HybridRetriever(store, lexicon_dir=lexicon_dir).papers()) == 3
    assert load_lexicon(lexicon_dir, store.identity) is not None  # rebuilt and saved

    other = open_store(StoreLocation(path=tmp_path / "other"), embedder)
    ingest_papers(other, papers[3:4])
    stale = load_lexicon(lexicon_dir, store.identity)
    assert stale is not None
    save_lexicon(stale, lexicon_dir, other.identity + "-not-this-one")
    assert list(HybridRetriever(other, lexicon_dir=lexicon_dir).papers()) == [papers[3].id]


class _NotedStore(PaperStore):
    """A real store that notes on which thread its collections were loaded (or fails to load)."""

    loaded_on: list[str]
    fail: bool = False

    def load(self) -> None:
        self.loaded_on.append(threading.current_thread().name)
        if self.fail:
            raise StoreUnavailableError("the store is away")
        super().load()


def test_the_collections_load_on_a_thread_while_the_lexicon_is_read(tmp_path: Path, embedder: Any) -> None:
    papers = read_sources([SEEDS]).papers[:5]
    ingest_papers(open_store(StoreLocation(path=tmp_path / "chroma"), embedder), papers)
    HybridRetriever(
        open_store(StoreLocation(path=tmp_path / "chroma"), embedder), lexicon_dir=tmp_path
    ).papers()

    store = _NotedStore(StoreLocation(path=tmp_path / "chroma"), embedder)
    store.loaded_on = []
    retriever = HybridRetriever(store, lexicon_dir=tmp_path)
    assert set(retriever.papers()) == {p.id for p in papers}
    assert store.loaded_on == ["paperbot-store-load"]  # once, on its own thread
    assert retriever.search(papers[0].title, k=1)[0].paper.id == papers[0].id
    assert store.loaded_on == ["paperbot-store-load"]  # the search did not ask again

    # A load that fails ahead of time costs nothing: the searches meet the store themselves.
    failing = _NotedStore(StoreLocation(path=tmp_path / "chroma"), embedder)
    failing.loaded_on, failing.fail = [], True
    retriever = HybridRetriever(failing, lexicon_dir=tmp_path)
    assert set(retriever.papers()) == {p.id for p in papers}
    assert retriever.search(papers[1].title, k=1)[0].paper.id == papers[1].id


def test_an_older_lexicon_is_read_and_saved_again_and_a_bot_reads_it_whole(
    tmp_path: Path, embedder: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """A store whose lexicon an earlier version saved (format 8: each field a pickle, the papers
    in pickles of 5,000) answers at once and is saved in the current format by that first use;
    a bot (resident) then reads the mapped file whole on a thread of its own."""
    import dataclasses
    import logging
    import pickle

    from rag.lexicon import FORMAT_VERSION, Lexicon, saved_format

    papers = read_sources([SEEDS]).papers[:6]
    store = open_store(StoreLocation(path=tmp_path / "chroma"), embedder)
    ingest_papers(store, papers)
    lexicon_dir = tmp_path / "lexicon"
    assert len(HybridRetriever(store, lexicon_dir=lexicon_dir).papers()) == 6  # built and saved
    lexicon = load_lexicon(lexicon_dir, store.identity)
    assert lexicon is not None
    # As format 8 wrote it: beside the file, then renamed over it (never rewritten in place:
    # the loaded lexicon above maps the file, and a mapped file cut short is a bus error).
    with (lexicon_dir / "format-8").open("wb") as file:
        header = {"format": 8, "store": store.identity, "generation": lexicon.generation}
        pickle.dump(header, file)
        for field in dataclasses.fields(Lexicon):
            if field.name != "papers":
                value = getattr(lexicon, field.name)
                pickle.dump(
                    (field.name, dict(value) if field.name.startswith(("title_", "found")) else value), file
                )
        pickle.dump(("papers", dict(lexicon.papers)), file)
        pickle.dump((None, None), file)
    os.replace(lexicon_dir / "format-8", lexicon_dir / FILE_NAME)
    assert saved_format(lexicon_dir, store.identity) == 8
    with caplog.at_level(logging.INFO, logger="rag.retrieve"):
        upgraded = HybridRetriever(store, lexicon_dir=lexicon_dir)
        assert set(upgraded.papers()) == {p.id for p in papers}
    assert f"saving it in format {FORMAT_VERSION}" in caplog.text
    assert saved_format(lexicon_dir, store.identity) == FORMAT_VERSION

    bot = HybridRetriever(store, lexicon_dir=lexicon_dir, resident=True)
    loaded = bot.papers()
    for thread in threading.enumerate():  # when it has not finished already
        if thread.name == "paperbot-lexicon-whole":
            thread.join(timeout=60)
    assert len(loaded._decoded) == 6  # type: ignore[attr-defined]
    assert bot.search(papers[2].title, k=1)[0].paper.id == papers[2].id
