"""A bot's catch-up saves through a child process (issue 18): another process writes, the bot's
answers see the write at once, and a child of the bot (`python -m rag.catch_up`) writes the
caught-up lexicon and word vectors beside the old files and renames them into place; the bot
itself pickles and writes nothing, and the file it maps is never rewritten in place."""

from __future__ import annotations

import logging
import os
import pickle
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

import rag.retrieve
from ingest.pipeline import ingest_papers, read_sources
from rag.catch_up import SaveRequest, save_in_child
from rag.lexicon import FILE_NAME, load_lexicon, saved_generation
from rag.retrieve import HybridRetriever
from rag.store import StoreLocation, open_store
from rag.words import FILE_NAME as WORDS_FILE
from rag.words import load_words
from tests.conftest import REPO, SEEDS

pytestmark = pytest.mark.slow

NEW = "asymptotics-of-language-model-alignment"
NEW_TITLE = "Asymptotics of Language Model Alignment"

# Another process: what `paperbot ingest` writes, without the lexicon's save it does after (so
# that the bot's catch-up has the file to save).
_WRITER = """
import sys
from pathlib import Path
from ingest.pipeline import ingest_papers, read_sources
from rag.embed import load_embedder
from rag.store import StoreLocation, open_store
store = open_store(StoreLocation(path=Path(sys.argv[1])), load_embedder())
papers = [p for p in read_sources([Path(sys.argv[2])]).papers if p.id == sys.argv[3]]
assert len(papers) == 1
ingest_papers(store, papers)
"""


def _join(name: str) -> None:
    for thread in threading.enumerate():
        if thread.name == name:
            thread.join(timeout=300)
            assert not thread.is_alive(), f"{name} did not finish"


def test_a_bots_catch_up_is_saved_by_a_child_process(
    tmp_path: Path, embedder: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    papers = [p for p in read_sources([SEEDS]).papers if p.id != NEW][:5]
    location = StoreLocation(path=tmp_path / "chroma")
    store = open_store(location, embedder)
    ingest_papers(store, papers)
    lexicon_dir = tmp_path / "lexicon"
    HybridRetriever(store, lexicon_dir=lexicon_dir).prepare()  # saved, as `paperbot ingest` leaves it
    start = store.generation()
    assert saved_generation(lexicon_dir, store.identity) == start

    # Saves made in this process are noted (none is expected from a bot's catch-up).
    in_process: list[str] = []
    monkeypatch.setattr(rag.retrieve, "save_lexicon", lambda *args: in_process.append("lexicon"))
    monkeypatch.setattr(rag.retrieve, "save_words", lambda *args: in_process.append("words"))

    bot = HybridRetriever(store, lexicon_dir=lexicon_dir, resident=True)
    assert NEW not in bot.papers()
    bot.search("reward model ensembles")  # the word vectors are loaded by the first question
    _join("paperbot-lexicon-whole")
    mapped = load_lexicon(lexicon_dir, store.identity)  # the file as it is now, mapped
    assert mapped is not None
    lexicon_inode = (lexicon_dir / FILE_NAME).stat().st_ino
    words_inode = (lexicon_dir / WORDS_FILE).stat().st_ino

    writer = [sys.executable, "-c", _WRITER, str(location.path), str(SEEDS), NEW]
    subprocess.run(writer, cwd=REPO, check=True, capture_output=True, timeout=600)
    assert store.generation() > start

    with caplog.at_level(logging.INFO, logger="rag.catch_up"):
        assert bot.refresh()
        # The bot's answers see the write at once, before any file is saved.
        assert NEW in bot.papers()
        assert bot.search(NEW_TITLE, k=1)[0].paper.id == NEW
        _join("paperbot-lexicon-save")
    assert in_process == []
    assert "a child process left generation" in caplog.text

    # The child saved what the bot caught up with, beside the old files, renamed into place.
    assert saved_generation(lexicon_dir, store.identity) == bot.generation() == store.generation()
    assert (lexicon_dir / FILE_NAME).stat().st_ino != lexicon_inode
    assert (lexicon_dir / WORDS_FILE).stat().st_ino != words_inode
    assert sorted(p.name for p in lexicon_dir.iterdir() if p.name.startswith(".")) == []  # no leftovers
    # The old file's mapping still reads what it held (a file rewritten in place would not).
    assert {paper.id for paper in mapped.papers.values()} == {p.id for p in papers}

    # A new process loads the child's file with nothing to catch up, the new paper included.
    saved = load_lexicon(lexicon_dir, store.identity)
    assert saved is not None and NEW in saved.papers and saved.generation == store.generation()
    words = load_words(lexicon_dir, embedder.name, embedder.dimension)
    assert set(bot.term_statistics().frequency) <= set(words.rows)
    assert "asymptot" in words.rows


def test_a_child_that_fails_is_logged_and_the_bot_answers_on(
    tmp_path: Path, embedder: Any, caplog: pytest.LogCaptureFixture
) -> None:
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where the lexicon's directory should be")
    request = SaveRequest(StoreLocation(path=tmp_path / "chroma"), "no-such-model", 5.0, blocked, 1)
    with caplog.at_level(logging.WARNING, logger="rag.catch_up"):
        assert save_in_child(request) is None
    assert "the lexicon's save in a child process failed (exit 1)" in caplog.text
    assert "no-such-model" in caplog.text  # the child's own last line, passed on

    garbage = subprocess.run(
        [sys.executable, "-m", "rag.catch_up"],
        input=pickle.dumps({"not": "a request"}),
        capture_output=True,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    assert garbage.returncode == 1 and garbage.stdout == b""
    assert b"expected a SaveRequest" in garbage.stderr
    assert len(garbage.stderr.decode().strip().splitlines()) == 1
    assert not os.path.exists(tmp_path / "chroma")  # nothing was opened, let alone written
