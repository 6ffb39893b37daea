"""The Chroma store: the ONLY module that imports chromadb. Embedded PersistentClient or HttpClient.

Two collections: one record per paper (whole abstract, the paper's metadata and content hashes)
and one per chunk. Reads and writes go through the Chroma collections alone; results leave this
module as `Hit` and `Paper`, never as Chroma types.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import re
import resource
import shutil
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import chromadb
import chromadb.errors
import httpx
import numpy as np
from chromadb.api.shared_system_client import SharedSystemClient
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.config import Settings as ChromaSettings

from rag.embed import Embedder, Vectors
from rag.errors import PaperbotError
from rag.model import Chunk, Paper
from rag.outage import OutageLog
from rag.papers import from_metadata, slugify, to_metadata
from rag.retry import Backoff, DeadlineError, retrying, within
from rag.sentences import PaperSentences, SentenceSidecar
from rag.snapshot import Snapshot, is_read_only

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
PAPERS = "paperbot-papers"
CHUNKS = "paperbot-chunks"
# HNSW defaults (ef_search 100, M 16) are tuned for speed; recall matters more to a reading
# list. `python -m bench.scale`: with ef_search 200 top-10 recall against exact search fell to 0.98 at
# 10k and 0.96 at 30k papers; 800 gave 1.000 / 0.996 at 30k for about 3 ms more per query. (Chroma
# keeps an existing collection's settings: this applies to stores created from now on.)
HNSW = {"space": "cosine", "ef_construction": 200, "max_neighbors": 32, "ef_search": 800}
# The ids a paper record was also stored under before duplicates were merged into it (a JSON list
# in the paper record's metadata only; `Paper` does not carry it).
ALIASES = "aliases"
# The store generation: a counter in the papers collection's metadata that every write bumps, and
# on each paper record the generation that last wrote it. A long-running reader compares the
# counter with the one its lexicon is from (one cheap read) and fetches only the newer records.
GENERATION = "generation"
_GENERATION_WRITER = "generation_writer"  # the process id of the last writer (set with the generation)
# What a paper record holds besides `to_metadata(paper)`, kept when only its metadata changes.
_BOOKKEEPING = ("text_hash", "chunk_count")
_T = TypeVar("_T")


class StoreError(PaperbotError):
    """Base of the store's errors."""


class StoreUnavailableError(StoreError):
    """The Chroma server cannot be reached (down, restarting, wrong address)."""


class StoreStalledError(StoreUnavailableError):
    """The store did not answer within its deadline (a stalled server, a full disk)."""


class StoreReadOnlyError(StoreError):
    """A write to a store this process may only read."""


class StoreFullError(StoreUnavailableError):
    """The disk holding the store is full, or a file size limit was reached."""


def write_stalled() -> bool:
    """Is a store write still stuck on its worker thread? Then the process must leave without
    waiting for it (the embedded store's own shutdown would wait for it forever)."""
    return any(thread.name == _WRITE_THREAD and thread.is_alive() for thread in threading.enumerate())


class ModelMismatchError(StoreError):
    """The collection was built with another embedding model than the one configured."""


@dataclass(frozen=True, slots=True)
class StoreLocation:
    """Where the store lives: a directory (embedded) or a Chroma server."""

    path: Path | None = None
    host: str | None = None
    port: int = 8000
    ssl: bool = False
    headers: dict[str, str] = field(default_factory=dict, repr=False)  # may carry credentials
    # Where the sentence sidecar lives (rag/sentences.py; None: sentences are read from Chroma).
    sentences: Path | None = None

    def describe(self) -> str:
        if self.host:
            scheme = "https" if self.ssl else "http"
            return f"{scheme}://{self.host}:{self.port}"
        return str(self.path)


@dataclass(frozen=True, slots=True)
class PaperWrite:
    """One paper to store: its whole-abstract vector and its chunks with their vectors."""

    paper: Paper
    vector: Vectors
    chunks: tuple[Chunk, ...]
    chunk_vectors: Vectors
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result: cosine similarity in [-1, 1], and the matched text."""

    paper_id: str
    score: float
    text: str
    chunk_id: str | None = None


@dataclass(frozen=True, slots=True)
class StoredVersion:
    """What ingest needs to know of a stored paper without reading its abstract: its hashes, and
    what identifies it across sources (title slug, arXiv id, the ids merged into it)."""

    text_hash: str
    content_hash: str
    title_slug: str = ""
    arxiv_id: str | None = None
    aliases: tuple[str, ...] = ()


class _PaperbotEmbeddingFunction(EmbeddingFunction[Documents]):
    """Registered on every collection so Chroma never falls back to its downloading default."""

    def __init__(self, embedder: Embedder | None = None) -> None:
        self._embedder = embedder

    def __call__(self, input: Documents) -> Embeddings:
        if self._embedder is None:
            raise StoreError("no embedder attached: paperbot always passes embeddings")
        return list(self._embedder.embed_documents(list(input)))

    @staticmethod
    def name() -> str:
        return "paperbot"

    def get_config(self) -> dict[str, Any]:
        return {}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> _PaperbotEmbeddingFunction:
        return _PaperbotEmbeddingFunction()


# Seconds one Chroma call may take (CHROMA_TIMEOUT): a server's connect and each read, and an
# embedded write. Chroma's own HTTP client waits forever, and its embedded store retries a write
# to a full disk forever (issue 19).
DEFAULT_TIMEOUT = 30.0
_WRITE_THREAD = "paperbot-store-write"  # the name of the thread a bounded store call runs on
_DAMAGED = re.compile(r"malformed|file is not a database|database corrupt", re.I)
_DISK_FULL = re.compile(
    r"no space left|disk is full|file too large|database or disk is full|os error 2[78]\b", re.I
)


def _is_transient(error: Exception) -> bool:
    """Worth another attempt: a lost connection, not our own error, a refused argument or a
    server that accepted the connection and then said nothing (another wait would double it)."""
    ignored = (StoreError, chromadb.errors.InvalidArgumentError, httpx.TimeoutException)
    return not isinstance(error, ignored) and _is_connection_error(error)


def _is_connection_error(error: BaseException) -> bool:
    text = f"{type(error).__name__} {error}".lower()
    return any(
        word in text for word in ("connect", "connection", "refused", "timed out", "timeout", "unavailable")
    )


class PaperStore:
    """Papers and chunks in Chroma, keyed by stable ids so every write is idempotent."""

    def __init__(
        self,
        location: StoreLocation,
        embedder: Embedder,
        retries: int = 3,
        backoff_seconds: float = 0.5,
        timeout_seconds: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.location = location
        self.embedder = embedder
        self._retries = retries
        self._backoff = backoff_seconds
        self._timeout = timeout_seconds
        self._outage = OutageLog(log, f"Chroma at {location.describe()}")
        self._snapshot: Snapshot | None = None  # what is read of a read-only embedded store
        self._sentences: SentenceSidecar | None = None
        self._open_collections()
        self._known_generation, _ = self._read_generation()
        if location.sentences is not None:
            self._sentences = SentenceSidecar(location.sentences, self.identity, embedder.dimension)
        self._sentences_updating = threading.Lock()
        self._sentences_given_up: int | None = None  # the generation a catch-up last failed at

    def _open_collections(self, warm: bool = False) -> None:
        """Open the client and both collections, and only then put them in place: with `warm`,
        loaded first (a reopened store), so that a question running meanwhile goes on with the
        previous client instead of waiting for the new one to load (`_warm`)."""
        client = self._call(self._connect)
        embedder = self.embedder
        metadata = {
            "embedding_model": embedder.name,
            "embedding_dimension": embedder.dimension,
            "schema_version": SCHEMA_VERSION,
        }
        function = _PaperbotEmbeddingFunction(embedder)
        papers = self._call(
            lambda: client.get_or_create_collection(
                PAPERS, metadata=metadata, configuration={"hnsw": HNSW}, embedding_function=function
            )
        )
        chunks = self._call(
            lambda: client.get_or_create_collection(
                CHUNKS, metadata=metadata, configuration={"hnsw": HNSW}, embedding_function=function
            )
        )
        for collection in (papers, chunks):
            self._check_model(collection.metadata or {})
            self._raise_ef_search(collection)
        if warm:
            for collection in self._loaded(papers, chunks):
                self._warm(collection)
        self._client, self._function, self._papers, self._chunks = client, function, papers, chunks

    def _connect(self) -> Any:
        settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
        if self.location.host:
            # Chroma's HTTP client has no timeouts (httpx with timeout=None) and asks the server
            # for the tenant while it is built: built under our deadline, then given timeouts.
            client = self._bounded(
                lambda: chromadb.HttpClient(
                    host=self.location.host or "",
                    port=self.location.port,
                    ssl=self.location.ssl,
                    headers=self.location.headers or None,
                    settings=settings,
                ),
                f"the Chroma server at {self.location.describe()} did not answer within "
                f"{self._timeout:g} s (CHROMA_TIMEOUT)",
            )
            _give_timeouts(client, self._timeout)
            return client
        if self.location.path is None:
            raise StoreError("no store location: set PAPERBOT_DATA_DIR or CHROMA_HOST")
        path = self.location.path
        if is_read_only(path):
            # Chroma writes to its database as it opens it (even to read): read a private copy.
            self._snapshot = Snapshot(path)
            path = self._snapshot.path
        else:
            path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=settings)

    def _check_model(self, metadata: dict[str, Any]) -> None:
        stored = metadata.get("embedding_model")
        if stored != self.embedder.name or metadata.get("embedding_dimension") != self.embedder.dimension:
            raise ModelMismatchError(
                f"the store at {self.location.describe()} was built with the embedding model "
                f"{stored!r} ({metadata.get('embedding_dimension')} dims), but paperbot is "
                f"configured for {self.embedder.name!r} ({self.embedder.dimension} dims). Use the "
                f"same PAPERBOT_EMBEDDING_MODEL, or ingest into a new PAPERBOT_DATA_DIR."
            )

    def _raise_ef_search(self, collection: Any) -> None:
        """Chroma keeps a collection's HNSW settings from its creation: a store made with a lower
        ef_search (less recall on large stores) is brought up to ours. Chroma applies it the next
        time the collection is opened."""
        stored = (collection.configuration_json or {}).get("hnsw") or {}
        current, wanted = stored.get("ef_search"), HNSW["ef_search"]
        if isinstance(current, int) and isinstance(wanted, int) and current < wanted:
            log.info(
                "raising HNSW ef_search of %s from %d to %d (applies from the next start)",
                collection.name,
                current,
                wanted,
            )
            self._call(lambda: collection.modify(configuration={"hnsw": {"ef_search": wanted}}))

    def _call(self, operation: Callable[[], _T]) -> _T:
        """Run one Chroma call; retry connection failures with backoff, then fail clearly."""
        try:
            result = retrying(
                operation, Backoff(self._retries, self._backoff), _is_transient, on_retry=self._retrying
            )
        except (StoreError, chromadb.errors.InvalidArgumentError):
            raise
        except httpx.TimeoutException as error:
            raise StoreStalledError(
                f"the Chroma server at {self.location.describe()} did not answer within "
                f"{self._timeout:g} s (CHROMA_TIMEOUT)"
            ) from error
        except Exception as error:
            if _DISK_FULL.search(str(error)):
                raise StoreFullError(self._full_message()) from error
            if _DAMAGED.search(str(error)):
                raise StoreError(self._damaged_message(error)) from error
            if not _is_connection_error(error):
                raise StoreError(f"Chroma at {self.location.describe()} failed: {_brief(error)}") from error
            raise StoreUnavailableError(
                f"cannot reach the Chroma server at {self.location.describe()} "
                f"after {self._retries + 1} attempts: {_brief(error)}"
            ) from error
        except BaseException as error:
            # The embedded store's Rust side panics on some damaged pages (pyo3's PanicException
            # is a BaseException): one line, not a traceback.
            if type(error).__name__ != "PanicException":
                raise
            raise StoreError(self._damaged_message(error)) from None
        self._outage.succeeded()
        return result

    def _damaged_message(self, error: BaseException) -> str:
        return (
            f"the store at {self.location.describe()} is damaged ({_brief(error, 120)}): restore it "
            "from a backup, or move it away and run 'paperbot ingest' again"
        )

    def _write(self, operation: Callable[[], _T]) -> _T:
        """A write, bounded: the embedded store retries a write to a full disk forever. Given up
        after the deadline (the process is expected to stop; a re-run converges)."""
        if self._snapshot is not None:
            raise StoreReadOnlyError(
                f"the store at {self.location.describe()} is read-only here: it can be read, not written"
            )
        if self.location.host:
            return self._call(operation)  # the HTTP client's own timeouts bound it
        try:
            return self._bounded(
                lambda: self._call(operation),
                f"a write to the store at {self.location.describe()} did not finish within "
                f"{self._timeout:g} s (CHROMA_TIMEOUT)",
            )
        except StoreUnavailableError:
            raise
        except StoreError as error:
            # SQLite reports a write past the disk or the size limit as "disk I/O error".
            if self._disk_is_full():
                raise StoreFullError(self._full_message()) from error
            raise

    def _bounded(self, operation: Callable[[], _T], stalled: str) -> _T:
        """`operation` under the deadline; a stuck call is left on its thread (`write_stalled`
        tells the CLI to leave without waiting for it)."""
        try:
            return within(self._timeout, operation, _WRITE_THREAD)
        except DeadlineError:
            if self._disk_is_full():
                raise StoreFullError(self._full_message()) from None
            raise StoreStalledError(stalled) from None

    def _disk_is_full(self) -> bool:
        """Little space left, or a file of the store at the process's file size limit."""
        path = self.location.path
        if path is None or not path.exists():
            return False
        if shutil.disk_usage(path).free < 16 * 1024 * 1024:
            return True
        limit, _ = resource.getrlimit(resource.RLIMIT_FSIZE)
        if limit == resource.RLIM_INFINITY:
            return False
        largest = max((f.stat().st_size for f in path.rglob("*") if f.is_file()), default=0)
        return largest + 1024 * 1024 >= limit

    def _full_message(self) -> str:
        return (
            f"the disk holding the store at {self.location.describe()} is full (or a file size limit "
            "was reached): free some space and re-run; what was written is kept"
        )

    def _retrying(self, error: Exception, attempt: int, delay: float) -> None:
        # One warning per outage, not one per retry or per question: a server that is down for
        # an hour while questions keep coming must not flood the log.
        self._outage.failed(
            "Chroma at %s unreachable (%s); retrying with backoff (up to %d more attempts)",
            self.location.describe(),
            error,
            self._retries - attempt,
        )

    # ---- reads -------------------------------------------------------------------------------

    def index_settings(self) -> dict[str, Any]:
        """The papers collection's HNSW settings as Chroma stored them."""
        return dict((self._call(lambda: self._papers.configuration_json) or {}).get("hnsw") or {})

    @property
    def timeout_seconds(self) -> float:
        """How long one Chroma operation may take (another process opening this store uses it too)."""
        return self._timeout

    @property
    def identity(self) -> str:
        """What tells this store from another at the same place (a re-created one included)."""
        return f"{self.location.describe()}#{self._papers.id}"

    def generation(self) -> int:
        """The store generation, read afresh (another process may have written since): one small
        read of the papers collection's record, whatever the number of papers. An embedded store
        another process wrote to is reopened: Chroma keeps each process's vector index in memory,
        and would not find the other writer's records in it."""
        if self._snapshot is not None and self._snapshot.stale():
            self._read_afresh()  # a new copy, opened: nothing left to reopen for
            self._known_generation, _ = self._read_generation()
            return self._known_generation
        current, writer = self._read_generation()
        if current != self._known_generation:
            # Clients of one process share Chroma's state: only another process's write hides.
            if self.location.path is not None and writer != os.getpid():
                log.info(
                    "store generation %d -> %d: reopening the embedded store", self._known_generation, current
                )
                SharedSystemClient.clear_system_cache()
                self._open_collections(warm=True)
            self._known_generation = current
        return current

    def load(self) -> None:
        """Load what answering reads now (Chroma loads a collection on its first read in a
        client: seconds at 100k papers), with reads that release the GIL: a process that is about
        to answer runs this on a thread while it reads its lexicon, and is ready after the longer
        of the two instead of their sum (docs/design.md, "Persisted lexicon"). With a sentence
        sidecar that is the papers collection and the sidecar (caught up if it is behind); the
        chunk collection is left unloaded."""
        for collection in self._loaded(self._papers, self._chunks):
            self._warm(collection)
        if self._sentences is not None:
            self._update_sentences()

    def _loaded(self, papers: Any, chunks: Any) -> tuple[Any, ...]:
        """The collections a reader loads ahead: the chunk collection only without a sidecar."""
        return (papers,) if self._sentences is not None else (papers, chunks)

    def _warm(self, collection: Any) -> None:
        """Load a reopened collection now, with a read that lets other threads run: the first
        read of a collection in a new client loads it (0.7-1.5 s at 10k papers), and a `count`
        does that holding the GIL, which stalled every question answered meanwhile
        (`bench.first_use`, the catch-up; docs/design.md)."""
        self._call(lambda: collection.get(limit=1, include=[]))

    def _read_afresh(self) -> None:
        """A read-only store a writer changed: read a new copy of it."""
        log.info("the read-only store at %s changed: reading a new copy", self.location.describe())
        old = self._snapshot
        SharedSystemClient.clear_system_cache()
        self._open_collections(warm=True)
        if old is not None:
            old.remove()

    def _read_generation(self) -> tuple[int, int | None]:
        """(the generation, the process id of its writer)."""
        collection = self._call(
            lambda: self._client.get_collection(PAPERS, embedding_function=self._function)
        )
        metadata = collection.metadata or {}
        value, writer = metadata.get(GENERATION, 0), metadata.get(_GENERATION_WRITER)
        return (value if isinstance(value, int) else 0), (writer if isinstance(writer, int) else None)

    def written_since(self, generation: int) -> list[Paper]:
        """The papers written or updated after `generation` (by any process)."""
        where = {GENERATION: {"$gt": generation}}
        return [
            from_metadata(dict(m), d or "")
            for m, d in self._scan(self._papers, ["metadatas", "documents"], where=where)
        ]

    def paper_ids(self) -> set[str]:
        """The ids of every stored paper (no metadata, no text)."""
        return {record_id for record_id, _, _ in self._scan_ids(self._papers)}

    def counts(self) -> tuple[int, int]:
        """(papers, chunks). Loads the chunk collection (seconds at 100k papers, holding the GIL):
        `paper_count` when that is all that is wanted."""
        return self._call(self._papers.count), self._call(self._chunks.count)

    def paper_count(self) -> int:
        return int(self._call(self._papers.count))

    def stored_versions(self) -> dict[str, StoredVersion]:
        """Every stored paper's hashes and identity: what ingest compares against to skip
        unchanged papers and to find copies of one paper stored under another id."""
        return {
            str(metadata["paper_id"]): StoredVersion(
                str(metadata.get("text_hash", "")),
                str(metadata.get("content_hash", "")),
                slugify(str(metadata.get("title", ""))),
                str(metadata["arxiv_id"]) if metadata.get("arxiv_id") else None,
                _aliases(metadata),
            )
            for metadata, _ in self._scan(self._papers, ["metadatas"])
        }

    def _scan(
        self, collection: Any, include: list[str], page: int = 1000, where: dict[str, Any] | None = None
    ) -> Iterable[tuple[dict[str, Any], str]]:
        """Every record of `collection` (matching `where`), a page at a time (bounded memory at
        any corpus size)."""
        for _, metadata, document in self._scan_ids(collection, include, page, where):
            yield metadata, document

    def _scan_ids(
        self,
        collection: Any,
        include: list[str] | None = None,
        page: int = 1000,
        where: dict[str, Any] | None = None,
    ) -> Iterable[tuple[str, dict[str, Any], str]]:
        offset = 0
        while True:
            result = self._call(
                functools.partial(
                    collection.get, include=include or [], limit=page, offset=offset, where=where
                )
            )
            ids = result["ids"]
            metadatas = result["metadatas"] or [{}] * len(ids)
            documents = result["documents"] or [""] * len(ids)
            yield from zip(ids, metadatas, documents, strict=True)
            if len(ids) < page:
                return
            offset += page

    def papers(self, ids: Sequence[str] | None = None) -> list[Paper]:
        """The given papers (in that order, unknown ids skipped), or all of them sorted by id."""
        if ids is None:
            everything = [
                from_metadata(dict(m), d or "")
                for m, d in self._scan(self._papers, ["metadatas", "documents"])
            ]
            return sorted(everything, key=lambda p: p.id)
        if not ids:
            return []
        result = self._call(lambda: self._papers.get(ids=list(ids), include=["metadatas", "documents"]))
        found = {
            paper.id: paper
            for paper in (
                from_metadata(dict(m), d or "")
                for m, d in zip(result["metadatas"] or [], result["documents"] or [], strict=True)
            )
        }
        return [found[i] for i in ids if i in found]

    def chunks_of(self, paper_id: str) -> list[Chunk]:
        result = self._call(
            lambda: self._chunks.get(where={"paper_id": paper_id}, include=["metadatas", "documents"])
        )
        chunks = [
            Chunk(paper_id, int(meta["chunk_index"]), doc or "")
            for meta, doc in zip(result["metadatas"] or [], result["documents"] or [])
        ]
        return sorted(chunks, key=lambda c: c.index)

    def paper_vectors(self, ids: Sequence[str]) -> dict[str, Vectors]:
        result = self._call(lambda: self._papers.get(ids=list(ids), include=["embeddings"]))
        return {
            paper_id: np.asarray(vector, dtype=np.float32)
            for paper_id, vector in zip(
                result["ids"], result["embeddings"] if result["embeddings"] is not None else []
            )
        }

    def search_papers(self, vector: Vectors, k: int = 10) -> list[Hit]:
        """Dense search over whole abstracts: one hit per paper."""
        return self._nearest(self._papers, vector, k, chunks=False)

    def rank_papers(self, vector: Vectors, k: int = 50) -> list[tuple[str, float]]:
        """Paper ids and cosine similarities of the nearest abstracts, without their text: for a
        ranking that is fused with others before any paper is read."""
        result = self._call(
            lambda: self._papers.query(
                query_embeddings=[np.asarray(vector, dtype=np.float32)], n_results=k, include=["distances"]
            )
        )
        ids = result["ids"][0] if result["ids"] else []
        distances = result["distances"][0] if result["distances"] else []
        return [(paper_id, _cosine(distance)) for paper_id, distance in zip(ids, distances, strict=True)]

    def search_chunks(
        self, vector: Vectors, k: int = 10, paper_ids: Sequence[str] | None = None, texts: bool = True
    ) -> list[Hit]:
        """Dense search over chunks (several hits may share a paper), optionally within papers;
        `texts` False: the hits within papers come without their text (a score is all a caller
        wants: Chroma reads the texts of 200 chunks in 40-60 ms, their vectors in ~12)."""
        if paper_ids:
            return self._score_chunks_of(vector, k, paper_ids, texts)
        return self._nearest(self._chunks, vector, k, chunks=True)

    def _score_chunks_of(self, vector: Vectors, k: int, paper_ids: Sequence[str], texts: bool) -> list[Hit]:
        """The given papers' chunks, scored exactly. Fetched by id (each paper record knows its
        chunk count), not by a filtered vector query: Chroma's `paper_id $in` filter scans the
        whole chunk collection (~300 ms at 30k papers, docs/design.md) where this stays ~5 ms."""
        wanted = list(dict.fromkeys(paper_ids))
        return _scored(self._chunk_rows(wanted, texts), vector, k, wanted)

    def sentence_vectors(self, paper_ids: Sequence[str]) -> dict[str, Vectors]:
        """Each given paper's chunk (sentence) vectors, unit length, one row each; papers with no
        chunks are left out. Read as `search_chunks` within papers reads them."""
        rows = self._chunk_rows(list(dict.fromkeys(paper_ids)), texts=False)
        grouped: dict[str, list[Any]] = {}
        for _, paper_id, _, vector in rows:
            grouped.setdefault(paper_id, []).append(vector)
        out: dict[str, Vectors] = {}
        for paper_id, vectors in grouped.items():
            matrix = np.asarray(vectors, dtype=np.float32)
            out[paper_id] = matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)
        return out

    def _chunk_rows(self, wanted: list[str], texts: bool) -> list[tuple[str, str, str, Any]]:
        """(chunk id, paper id, text or "", vector) of the chunks of the `wanted` papers: from the
        sentence sidecar when it is current, else from Chroma."""
        sidecar = self._current_sentences()
        if sidecar is not None:
            found = sidecar.rows(wanted) if texts else sidecar.vectors(wanted)
            if found is not None:
                return [(r.chunk_id, r.paper_id, r.text, r.vector) for r in found]
        records = self._call(lambda: self._papers.get(ids=wanted, include=["metadatas"]))
        owners: dict[str, str] = {}  # chunk id -> paper id
        uncounted: list[str] = []
        for paper_id, metadata in zip(records["ids"], records["metadatas"] or [], strict=True):
            count = metadata.get("chunk_count")
            if isinstance(count, int):
                owners.update((Chunk(paper_id, index, "").id, paper_id) for index in range(count))
            else:
                uncounted.append(paper_id)
        chunk_ids = list(owners)
        if not chunk_ids:
            rows = []
        elif texts:
            rows = _rows(
                self._call(
                    lambda: self._chunks.get(ids=chunk_ids, include=["embeddings", "documents", "metadatas"])
                )
            )
        else:
            found = self._call(lambda: self._chunks.get(ids=chunk_ids, include=["embeddings"]))
            vectors = found["embeddings"] if found["embeddings"] is not None else []
            rows = [(i, owners[i], "", v) for i, v in zip(found["ids"], vectors, strict=True)]
        if uncounted:  # written before chunk counts were recorded
            rows += _rows(
                self._call(
                    lambda: self._chunks.get(
                        where={"paper_id": {"$in": uncounted}},
                        include=["embeddings", "documents", "metadatas"],
                    )
                )
            )
        return rows

    # ---- the sentence sidecar ----------------------------------------------------------------

    def _current_sentences(self) -> SentenceSidecar | None:
        """The sidecar if it reflects the store generation this process knows (another process's
        write: its manifest read again), else None (Chroma is read meanwhile, and the sidecar is
        caught up on a thread of its own)."""
        sidecar = self._sentences
        if sidecar is None:
            return None
        known = self._known_generation
        if sidecar.generation == known:
            return sidecar
        have = sidecar.reload()
        if have == known or (have is not None and have > known and self.generation() == have):
            return sidecar  # (a writer's sidecar ahead of what this process knew of the store)
        if self._sentences_given_up != known and not self._sentences_updating.locked():
            threading.Thread(target=self._update_sentences, name="paperbot-sentences", daemon=True).start()
        return None

    def _update_sentences(self) -> None:
        """Bring the sidecar to the store generation: read again if another process wrote it,
        else the papers written since it are read from Chroma (all of them when it is missing,
        foreign or damaged). A sidecar that cannot be written is logged and left: Chroma is
        read instead."""
        sidecar = self._sentences
        if sidecar is None:
            return
        with self._sentences_updating:
            target = self.generation()
            have = sidecar.reload()
            if have == target or self._sentences_given_up == target:
                return
            try:
                if have is None or have > target:
                    log.info("sentence sidecar: writing it from the store (%d papers)", self.paper_count())
                    done = sidecar.rebuilt(self._sentences_of(self._all_paper_ids()), target)
                else:
                    written = [
                        r for r, _, _ in self._scan_ids(self._papers, where={GENERATION: {"$gt": have}})
                    ]
                    stored = self.paper_count()
                    known = set(sidecar.papers()) | set(written)
                    removed = known - self.paper_ids() if stored != len(known) else set()
                    log.info(
                        "sentence sidecar: from generation %d to %d (%d papers written, %d removed)",
                        have,
                        target,
                        len(written),
                        len(removed),
                    )
                    done = sidecar.changed(lambda: list(self._sentences_of(written)), removed, have, target)
            except StoreError as error:
                log.warning("could not catch the sentence sidecar up (%s): reading Chroma instead", error)
                done = False
            if not done:
                self._sentences_given_up = target

    def _all_paper_ids(self) -> Iterable[str]:
        return (record_id for record_id, _, _ in self._scan_ids(self._papers))

    def _sentences_of(self, paper_ids: Iterable[str], batch: int = 256) -> Iterable[PaperSentences]:
        """These papers' chunks read from the chunk collection, a batch of papers at a time, in
        the order Chroma holds them (the order `_score_chunks_of` reads them in, so ties between
        equal scores fall as they did)."""
        pending: list[str] = []
        for paper_id in paper_ids:
            pending.append(paper_id)
            if len(pending) == batch:
                yield from self._sentences_batch(pending)
                pending = []
        if pending:
            yield from self._sentences_batch(pending)

    def _sentences_batch(self, paper_ids: list[str]) -> Iterable[PaperSentences]:
        records = self._call(lambda: self._papers.get(ids=paper_ids, include=["metadatas"]))
        chunk_ids: list[str] = []
        uncounted: list[str] = []
        for paper_id, metadata in zip(records["ids"], records["metadatas"] or [], strict=True):
            count = metadata.get("chunk_count")
            if isinstance(count, int):
                chunk_ids += [Chunk(paper_id, index, "").id for index in range(count)]
            else:
                uncounted.append(paper_id)
        rows = (
            _rows(
                self._call(
                    lambda: self._chunks.get(ids=chunk_ids, include=["embeddings", "documents", "metadatas"])
                )
            )
            if chunk_ids
            else []
        )
        if uncounted:
            rows += _rows(
                self._call(
                    lambda: self._chunks.get(
                        where={"paper_id": {"$in": uncounted}},
                        include=["embeddings", "documents", "metadatas"],
                    )
                )
            )
        grouped: dict[str, list[tuple[int, str, Any]]] = {paper_id: [] for paper_id in records["ids"]}
        for chunk_id, paper_id, text, embedding in rows:
            grouped.setdefault(paper_id, []).append((int(chunk_id.rsplit("#", 1)[1]), text, embedding))
        dimension = self.embedder.dimension
        for paper_id, chunks in grouped.items():
            chunks.sort(key=lambda chunk: chunk[0])
            vectors = np.asarray([c[2] for c in chunks], dtype=np.float32).reshape(-1, dimension)
            yield PaperSentences(paper_id, tuple(c[1] for c in chunks), vectors)

    def _record_sentences(
        self, written: Sequence[PaperWrite], removed: Sequence[str], generation: int
    ) -> None:
        """A write of this process, recorded in the sidecar (when it was current before it)."""
        sidecar = self._sentences
        if sidecar is None:
            return
        with self._sentences_updating:
            sidecar.changed(lambda: self._as_stored(written), removed, generation - 1, generation)

    def _as_stored(self, written: Sequence[PaperWrite]) -> list[PaperSentences]:
        """The sentences just written, with their vectors as Chroma returns them (normalised by its
        cosine index, a few units in the last place off the model's): the sidecar holds exactly
        what the chunk collection would give a reader."""
        chunk_ids = [chunk.id for write in written for chunk in write.chunks]
        stored: dict[str, Any] = {}
        for start in range(0, len(chunk_ids), 4096):
            part = chunk_ids[start : start + 4096]
            found = self._call(functools.partial(self._chunks.get, ids=part, include=["embeddings"]))
            embeddings = found["embeddings"] if found["embeddings"] is not None else []
            stored.update(zip(found["ids"], embeddings, strict=True))
        dimension = self.embedder.dimension
        return [
            PaperSentences(
                write.paper.id,
                tuple(chunk.text for chunk in write.chunks),
                np.asarray([stored[chunk.id] for chunk in write.chunks], dtype=np.float32).reshape(
                    -1, dimension
                ),
            )
            for write in written
        ]

    def _nearest(self, collection: Any, vector: Vectors, k: int, chunks: bool) -> list[Hit]:
        """The `k` records of `collection` nearest to `vector` (HNSW), with their text."""
        result = self._call(
            lambda: collection.query(
                query_embeddings=[np.asarray(vector, dtype=np.float32)],
                n_results=k,
                include=["documents", "metadatas", "distances"],
            )
        )
        if not result["ids"]:
            return []
        rows = zip(
            result["ids"][0],
            (result["documents"] or [[]])[0],
            (result["metadatas"] or [[]])[0],
            (result["distances"] or [[]])[0],
            strict=True,
        )
        return [
            Hit(str(metadata["paper_id"]), _cosine(distance), document or "", record_id if chunks else None)
            for record_id, document, metadata, distance in rows
        ]

    # ---- writes ------------------------------------------------------------------------------

    def write_paper(
        self, paper: Paper, paper_vector: Vectors, chunks: Sequence[Chunk], chunk_vectors: Vectors
    ) -> None:
        """Replace everything stored for one paper (see `write_papers`)."""
        self.write_papers([PaperWrite(paper, paper_vector, tuple(chunks), chunk_vectors)])

    def write_papers(self, writes: Sequence[PaperWrite]) -> None:
        """Replace everything stored for these papers, in four Chroma calls whatever their number
        (each embedded call costs tens of milliseconds, so per-paper calls dominate ingest).

        Old records go first, chunks next, paper records last: a crash part-way leaves papers
        without a record, and the next ingest redoes exactly those.
        """
        if not writes:
            return
        generation = self.generation() + 1
        ids = [w.paper.id for w in writes]
        self._write(lambda: self._papers.delete(ids=ids))
        self._write(lambda: self._chunks.delete(where={"paper_id": {"$in": ids}}))
        chunks = _Records()
        papers = _Records()
        for write in writes:
            paper = write.paper
            metadata = to_metadata(paper)
            for chunk, vector in zip(write.chunks, write.chunk_vectors, strict=True):
                chunks.append(chunk.id, chunk.text, {**metadata, "chunk_index": chunk.index}, vector)
            papers.append(
                paper.id,
                paper.abstract,
                {
                    **metadata,
                    **_aliases_metadata(write.aliases),
                    "text_hash": paper.text_hash(),
                    "content_hash": paper.content_hash(),
                    "chunk_count": len(write.chunks),
                    GENERATION: generation,
                },
                write.vector,
            )
        if chunks.ids:
            self._write(lambda: self._chunks.add(**chunks.arguments()))
        self._write(lambda: self._papers.add(**papers.arguments()))
        self._set_generation(generation)
        self._record_sentences(writes, (), generation)

    def update_metadata(self, paper: Paper, aliases: Sequence[str] = ()) -> None:
        """Metadata changed but the text did not (e.g. upvotes): no re-embedding needed.
        `aliases` replaces the record's aliases (none given: the record has none)."""
        metadata = to_metadata(paper)
        generation = self.generation() + 1
        stored_chunks = self._call(
            lambda: self._chunks.get(where={"paper_id": paper.id}, include=["metadatas"])
        )
        if stored_chunks["ids"]:
            self._write(
                lambda: self._chunks.update(
                    ids=stored_chunks["ids"],
                    metadatas=[
                        _replacing(chunk, {**metadata, "chunk_index": chunk["chunk_index"]})
                        for chunk in stored_chunks["metadatas"] or []
                    ],
                )
            )
        current = self._call(lambda: self._papers.get(ids=[paper.id], include=["metadatas"]))
        if current["metadatas"]:
            stored = current["metadatas"][0]
            kept = {k: v for k, v in stored.items() if k in _BOOKKEEPING}
            new = {
                **kept,
                **metadata,
                **_aliases_metadata(aliases),
                "content_hash": paper.content_hash(),
                GENERATION: generation,
            }
            self._write(lambda: self._papers.update(ids=[paper.id], metadatas=[_replacing(stored, new)]))
            self._set_generation(generation)
            self._record_sentences((), (), generation)

    def delete_paper(self, paper_id: str) -> None:
        self.delete_papers([paper_id])

    def delete_papers(self, paper_ids: Sequence[str]) -> None:
        """Remove these papers and their chunks, in two Chroma calls whatever their number.

        Chunks first: a crash in between leaves a paper record without chunks, which the next
        ingest sees and deals with, never chunks that no paper record points to.
        """
        ids = list(paper_ids)
        if not ids:
            return
        generation = self.generation() + 1
        self._write(lambda: self._chunks.delete(where={"paper_id": {"$in": ids}}))
        self._write(lambda: self._papers.delete(ids=ids))
        self._set_generation(generation)
        self._record_sentences((), ids, generation)

    def _set_generation(self, generation: int) -> None:
        """Publish a write: readers that see the new counter fetch what it stamped. Set after the
        records, so a reader never sees the counter before what it counts. (Chroma replaces a
        collection's metadata as a whole: the model's name and the schema are written again.)"""

        def publish() -> None:
            collection = self._client.get_collection(PAPERS, embedding_function=self._function)
            metadata = {
                **(collection.metadata or {}),
                GENERATION: generation,
                _GENERATION_WRITER: os.getpid(),
            }
            collection.modify(metadata=metadata)

        self._write(publish)
        self._known_generation = generation  # this process's own write: nothing to reopen for


_TAG = re.compile(r"<[^>]*>")


def _brief(error: BaseException, limit: int = 200) -> str:
    """An error's text as one short line: a non-Chroma server's HTML page is not dumped into it."""
    text = str(error)
    if "<html" in text.lower() or "<!doctype" in text.lower():
        title = re.search(r"<title>(.*?)</title>", text, re.I | re.S)
        named = f": {title.group(1).strip()}" if title else ""
        text = f"not a Chroma server (it answered with an HTML page{named})"
    text = " ".join(_TAG.sub(" ", text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _give_timeouts(client: Any, seconds: float) -> None:
    """Connect and read timeouts on the HTTP client's session. Chroma offers no setting for them,
    so this reaches its FastAPI server object; if a Chroma upgrade moves it, the connect deadline
    still holds and the log says so (tests/integration/test_deadlines.py notices)."""
    session = getattr(getattr(client, "_server", None), "_session", None)
    if isinstance(session, httpx.Client):
        session.timeout = httpx.Timeout(seconds, connect=min(seconds, 5.0))
    else:
        log.warning("cannot set timeouts on Chroma's HTTP client: calls to the server are unbounded")


def _replacing(stored: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Metadata for a Chroma `update` that leaves exactly `new`: Chroma merges an update into the
    stored metadata, and removes only the keys set to None (a fact that disappeared from the
    paper, and the keys llama-index wrote on records stored through it before)."""
    return {**dict.fromkeys(stored), **new}


def _cosine(distance: float) -> float:
    """Chroma's cosine space stores distances: 1 - cosine similarity."""
    return 1.0 - float(distance)


@dataclass(slots=True)
class _Records:
    """Columns of one Chroma `add`: ids, documents, metadatas and embeddings, row by row."""

    ids: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    metadatas: list[dict[str, Any]] = field(default_factory=list)
    embeddings: list[Vectors] = field(default_factory=list)

    def append(self, record_id: str, document: str, metadata: dict[str, Any], vector: Vectors) -> None:
        self.ids.append(record_id)
        self.documents.append(document)
        self.metadatas.append(metadata)
        self.embeddings.append(np.asarray(vector, dtype=np.float32))

    def arguments(self) -> dict[str, Any]:
        return {
            "ids": self.ids,
            "documents": self.documents,
            "metadatas": self.metadatas,
            "embeddings": np.stack(self.embeddings),
        }


def _aliases(metadata: dict[str, Any]) -> tuple[str, ...]:
    raw = metadata.get(ALIASES)
    return tuple(json.loads(raw)) if isinstance(raw, str) and raw else ()


def _aliases_metadata(aliases: Sequence[str]) -> dict[str, str]:
    # Absent when empty, like every other unknown fact: records without duplicates stay as before.
    return {ALIASES: json.dumps(sorted(aliases), ensure_ascii=False)} if aliases else {}


def _scored(
    rows: Sequence[tuple[str, str, str, Any]], vector: Vectors, k: int, papers: Sequence[str]
) -> list[Hit]:
    """The `k` best of (chunk id, paper id, text, embedding) rows by cosine with `vector`. Rows go
    in the order of `papers`, then of their chunk number, whatever order they were read in: the
    sidecar and Chroma give the same matrix, so the same scores to the bit (a matrix product's
    rounding depends on where a row sits) and the same order among equal scores."""
    if not rows:
        return []
    position = {paper_id: n for n, paper_id in enumerate(papers)}
    rows = sorted(rows, key=lambda row: (position.get(row[1], len(position)), int(row[0].rsplit("#", 1)[1])))
    matrix = np.asarray([row[3] for row in rows], dtype=np.float32)
    query = np.asarray(vector, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1) * max(float(np.linalg.norm(query)), 1e-12)
    scores = (matrix @ query) / np.maximum(norms, 1e-12)
    order = np.argsort(-scores, kind="stable")[:k]
    return [Hit(rows[i][1], float(scores[i]), rows[i][2], rows[i][0]) for i in order]


def _rows(result: Any) -> list[tuple[str, str, str, Any]]:
    """(chunk id, paper id, text, embedding) of a Chroma `get` result."""
    if not result:
        return []
    embeddings = result["embeddings"] if result["embeddings"] is not None else []
    return [
        (chunk_id, str(metadata["paper_id"]), document or "", embedding)
        for chunk_id, metadata, document, embedding in zip(
            result["ids"], result["metadatas"] or [], result["documents"] or [], embeddings, strict=True
        )
    ]


def open_store(
    location: StoreLocation, embedder: Embedder, timeout_seconds: float = DEFAULT_TIMEOUT
) -> PaperStore:
    """Open (creating if needed) the store; fails with ModelMismatchError on another model."""
    return PaperStore(location, embedder, timeout_seconds=timeout_seconds)
