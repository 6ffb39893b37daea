"""A catch-up with the store's later writes, and a bot's saves of it done by a child process
(`python -m rag.catch_up`): the child reads the papers written since from the store, updates
the saved lexicon and word vectors and writes them beside the old files (renamed into place),
so a bot never pickles or writes them while it answers. Knows the lexicon, the word vectors and
the store; not the retriever or the chat."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import pickle
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rag.embed import Embedder, load_embedder
from rag.lexicon import Lexicon, build_lexicon, load_lexicon, save_lexicon, saved_generation, updated_lexicon
from rag.store import PaperStore, StoreLocation
from rag.words import WordVectors, load_words, save_words

log = logging.getLogger(__name__)

# The child runs below the bot's own priority: its seconds of CPU at 100k papers (reading the
# file, pickling and writing ~750 MB) take a core only when the bot's threads leave it idle.
_CHILD_NICENESS = 10
_CHILD_TIMEOUT = 3600.0  # seconds: a scan that rebuilds a lost 100k-paper lexicon takes minutes


def caught_up(store: PaperStore, lexicon: Lexicon, generation: int) -> Lexicon:
    """`lexicon` with the papers written after its generation, and without deleted ones (looked
    for only when the count says some are gone: listing every id costs a scan)."""
    changed = store.written_since(lexicon.generation)
    known = lexicon.papers.keys() | {paper.id for paper in changed}
    stored = store.paper_count()
    removed = known - store.paper_ids() if stored != len(known) else set()
    log.info(
        "lexicon: catching up from generation %d to %d (%d papers written, %d removed)",
        lexicon.generation,
        generation,
        len(changed),
        len(removed),
    )
    return updated_lexicon(lexicon, changed, removed, generation)


def extended_words(words: WordVectors, lexicon: Lexicon, embedder: Embedder) -> WordVectors:
    """`words` with vectors for the lexicon's stems they lack (the newest papers read first for
    their written forms): itself when none is missing."""
    missing = words.missing(lexicon.statistics.frequency)
    if not missing:
        return words
    papers = lexicon.papers
    texts = (f"{papers[i].title} {papers[i].abstract}" for i in reversed(papers))
    return words.extended(texts, missing, lambda batch: embedder.embed_documents(batch))


@dataclass(frozen=True, slots=True)
class SaveRequest:
    """What the child needs to open the same store and files as its parent. Sent on its standard
    input, never its command line: a server's headers may carry credentials."""

    location: StoreLocation
    model: str
    timeout_seconds: float
    lexicon_dir: Path
    generation: int  # the parent's lexicon's: the child saves this one or a later one


@dataclass(frozen=True, slots=True)
class SaveOutcome:
    """What the child did: the generation of the file it leaves, whether it wrote the lexicon,
    how many stems it added to the word vectors, and its seconds."""

    generation: int
    saved: bool
    words_added: int
    seconds: float


def save_in_child(request: SaveRequest) -> SaveOutcome | None:
    """Run the child and wait for it (waiting holds no lock a question needs, nor the GIL). None
    when it failed: logged with the child's last words; the next catch-up, or the next process,
    saves again (the files are caches of the store, never the only copy of data)."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "rag.catch_up"],
            input=pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL),
            capture_output=True,
            timeout=_CHILD_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as error:
        log.warning("could not run the lexicon's save in a child process (%s)", error)
        return None
    lines = done.stdout.decode("utf-8", "replace").strip().splitlines()
    if done.returncode != 0 or not lines:
        last = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        log.warning("the lexicon's save in a child process failed (exit %d): %s", done.returncode, last[0])
        return None
    outcome = SaveOutcome(**json.loads(lines[-1]))
    log.info(
        "lexicon: a child process left generation %d in %s (%s, %d new word vectors, %.1f s)",
        outcome.generation,
        request.lexicon_dir,
        "written" if outcome.saved else "already there",
        outcome.words_added,
        outcome.seconds,
    )
    return outcome


def save_caught_up(
    request: SaveRequest, load_model: Callable[[str], Embedder] = load_embedder
) -> SaveOutcome:
    """The child's work: the saved lexicon (or a scan, when there is none) caught up with the
    store as it is now, then saved unless the file is as recent; the word vectors extended with
    the stems it lacks, then saved. Both files are written beside and renamed over the old ones
    (a running bot maps the old lexicon file: rewriting it in place would kill the bot)."""
    started = time.perf_counter()
    embedder = load_model(request.model)
    store = PaperStore(request.location, embedder, timeout_seconds=request.timeout_seconds)
    directory = request.lexicon_dir
    generation = store.generation()
    lexicon = load_lexicon(directory, store.identity)
    if lexicon is None:
        lexicon = build_lexicon(store.papers(), generation)
    elif lexicon.generation < generation:
        lexicon = caught_up(store, lexicon, generation)
    on_file = saved_generation(directory, store.identity)
    saved = on_file is None or on_file < lexicon.generation
    if saved:
        save_lexicon(lexicon, directory, store.identity)
    words = load_words(directory, embedder.name, embedder.dimension)
    extended = extended_words(words, lexicon, embedder)
    if extended is not words:
        save_words(extended, directory)
    added = len(extended.stems) - len(words.stems)
    return SaveOutcome(lexicon.generation, saved, added, time.perf_counter() - started)


def main() -> int:
    """The child: a `SaveRequest` on standard input, a `SaveOutcome` as one JSON line on standard
    output; a failure is one line on standard error and exit status 1."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    with contextlib.suppress(OSError):  # not allowed here: run at the parent's priority
        os.nice(_CHILD_NICENESS)
    request = pickle.loads(sys.stdin.buffer.read())
    if not isinstance(request, SaveRequest):
        log.error("expected a SaveRequest on standard input, got %s", type(request).__name__)
        return 1
    try:
        outcome = save_caught_up(request, lambda name: load_embedder(name, threads=1))
    except Exception as error:  # reported to the parent, which logs it and answers on
        log.error("%s: %s", type(error).__name__, error)
        return 1
    print(json.dumps({name: getattr(outcome, name) for name in SaveOutcome.__slots__}))
    return 0


if __name__ == "__main__":
    # Through the module's own name: the request's classes are rag.catch_up's, not __main__'s.
    from rag import catch_up

    sys.exit(catch_up.main())
