"""The bot's own state (feedback, thread conversations): SQLite in the data directory, WAL, schema
versioned, created owner-only. One class owns it; adapters call its methods, never SQL."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from rag.errors import PaperbotError
from rag.model import Turn

log = logging.getLogger(__name__)
SCHEMA_VERSION = 5
_MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE feedback (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        platform TEXT NOT NULL,
        answer_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
        question TEXT NOT NULL,
        answer TEXT NOT NULL,
        citations TEXT NOT NULL,
        created_at REAL NOT NULL,
        UNIQUE (platform, answer_id, user_id)
    );
    CREATE TABLE answers (
        answer_id TEXT PRIMARY KEY,
        question TEXT NOT NULL,
        answer TEXT NOT NULL,
        citations TEXT NOT NULL,
        created_at REAL NOT NULL
    );
    CREATE TABLE conversations (
        thread_key TEXT NOT NULL,
        turn INTEGER NOT NULL,
        question TEXT NOT NULL,
        answer TEXT NOT NULL,
        created_at REAL NOT NULL,
        PRIMARY KEY (thread_key, turn)
    );
    """,
    2: """
    CREATE TABLE announced_papers (
        paper_id TEXT NOT NULL,
        destination TEXT NOT NULL,
        day TEXT NOT NULL,
        message_ref TEXT NOT NULL,
        posted_at REAL NOT NULL,
        PRIMARY KEY (paper_id, destination)
    );
    CREATE TABLE announced_days (
        day TEXT NOT NULL,
        destination TEXT NOT NULL,
        papers INTEGER NOT NULL,
        finished_at REAL NOT NULL,
        PRIMARY KEY (day, destination)
    );
    CREATE TABLE watches (
        platform TEXT NOT NULL,
        user_id TEXT NOT NULL,
        topic TEXT NOT NULL,
        created_at REAL NOT NULL,
        PRIMARY KEY (platform, user_id, topic)
    );
    """,
    # Follow-ups resolve against what earlier turns cited ("the second one", "bibtex for it").
    3: """
    ALTER TABLE conversations ADD COLUMN cited TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE conversations ADD COLUMN kind TEXT NOT NULL DEFAULT '';
    ALTER TABLE conversations ADD COLUMN more TEXT NOT NULL DEFAULT '[]'
    """,
    # Threads the bot started (a question put to it, a paper it announced): only there does it
    # answer questions that do not mention it.
    4: """
    CREATE TABLE threads (
        thread_key TEXT PRIMARY KEY,
        started_at REAL NOT NULL
    )
    """,
    # A refusal's papers, shown but not cited: what "github link?" after it points at.
    5: """
    ALTER TABLE conversations ADD COLUMN related TEXT NOT NULL DEFAULT '[]'
    """,
}


class StateError(PaperbotError):
    """The state database cannot be opened or is from a newer paperbot."""


@dataclass(frozen=True, slots=True)
class Feedback:
    platform: str
    answer_id: str
    user_id: str
    vote: int
    question: str
    answer: str
    citations: tuple[str, ...]
    created_at: float


@dataclass(frozen=True, slots=True)
class Watch:
    platform: str
    user_id: str
    topic: str


class StateStore(Protocol):
    """The seam for a server database later: adapters only use these methods."""

    def remember_answer(
        self, answer_id: str, question: str, answer: str, citations: Sequence[str]
    ) -> None: ...

    def record_feedback(self, platform: str, answer_id: str, user_id: str, vote: int) -> bool: ...

    def feedback(self) -> list[Feedback]: ...

    def add_turn(self, thread_key: str, turn: Turn, keep: int = 6) -> None: ...

    def turns(self, thread_key: str, since: float | None = None) -> list[Turn]: ...

    def clear_turns(self, thread_key: str) -> None: ...

    def start_thread(self, thread_key: str) -> None: ...

    def started_thread(self, thread_key: str) -> bool: ...

    def announced_on(self, paper_id: str, destination: str) -> str | None: ...

    def announcement_ref(self, paper_id: str, destination: str) -> str | None: ...

    def mark_announced(self, day: str, paper_id: str, destination: str, message_ref: str) -> None: ...

    def day_done(self, day: str, destination: str) -> bool: ...

    def mark_day_done(self, day: str, destination: str, papers: int) -> None: ...

    def last_done_day(self, destination: str) -> str | None: ...

    def add_watch(self, platform: str, user_id: str, topic: str) -> bool: ...

    def remove_watch(self, platform: str, user_id: str, topic: str) -> bool: ...

    def watches(self, platform: str | None = None, user_id: str | None = None) -> list[Watch]: ...


class SqliteState:
    """The embedded default. Thread-safe (one connection, one lock); every write is a transaction."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._open()
        self._migrate()

    def _open(self) -> None:
        path = self.path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists():
                # Created owner-only: it holds user ids and the questions people asked.
                os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
            self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA busy_timeout=5000")
            self._tighten()
            self._inode: int | None = path.stat().st_ino
        except (OSError, sqlite3.Error) as error:
            raise StateError(f"cannot open the state database {path}: {error}") from error

    def _tighten(self) -> None:
        """An existing file (and its WAL files) readable by others is made owner-only."""
        for file in (self.path, *(self.path.with_name(self.path.name + end) for end in ("-wal", "-shm"))):
            try:
                mode = file.stat().st_mode & 0o777
                if mode & 0o077:
                    os.chmod(file, mode & 0o700)
                    log.warning("%s was readable by others (%o): made owner-only", file, mode)
            except FileNotFoundError:
                continue
            except OSError as error:  # a read-only data directory: reading still works
                log.warning("cannot make %s owner-only: %s", file, error)

    def _reading(self) -> threading.Lock:
        self._notice_replacement()
        return self._lock

    def _notice_replacement(self) -> None:
        """A state file deleted or replaced under a running process: say so and open the new one
        (the old one's rows went with it), instead of writing on into an unlinked file."""
        if self._inode is None:
            return
        try:
            current: int | None = self.path.stat().st_ino
        except FileNotFoundError:
            current = None
        if current == self._inode:
            return
        log.error(
            "the state database %s was %s while paperbot was running: reopening it (feedback, "
            "threads, watches and the announcement ledger start again from what it holds)",
            self.path,
            "deleted" if current is None else "replaced",
        )
        with self._lock:
            self._db.close()
            self._open()
        self._migrate()

    @classmethod
    def read_only(cls, path: Path) -> SqliteState:
        """The state as it is, for a dry run: opened read-only, so nothing in the data directory
        is created or changed; a database that does not exist yet reads as an empty one."""
        state = cls.__new__(cls)
        state.path, state._lock = path, threading.Lock()
        state._inode = None  # read-only: a replaced file is not reopened (nothing is written)
        try:
            if path.is_file():
                # No writer has a WAL open: read the file as it is, creating no -wal/-shm beside it.
                # A running bot's WAL holds recent rows: read through it (its files exist already).
                running = path.with_name(path.name + "-wal").exists()
                uri = f"{path.resolve().as_uri()}?{'mode=ro' if running else 'immutable=1'}"
                state._db = sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)
                state._db.execute("PRAGMA query_only = 1")
                state._db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            else:
                state._db = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
                state._migrate()
        except sqlite3.Error as error:
            raise StateError(f"cannot read the state database {path}: {error}") from error
        return state

    def _migrate(self) -> None:
        with self._transaction() as db:
            db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            row = db.execute("SELECT version FROM schema_version").fetchone()
            version = row[0] if row else 0
            if version > SCHEMA_VERSION:
                raise StateError(
                    f"{self.path} has schema version {version}; this paperbot knows {SCHEMA_VERSION}: "
                    "upgrade paperbot."
                )
            for target in range(version + 1, SCHEMA_VERSION + 1):
                for statement in filter(str.strip, _MIGRATIONS[target].split(";")):
                    db.execute(statement)
            if row is None:
                db.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))
            elif version != SCHEMA_VERSION:
                db.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION,))

    def _transaction(self) -> Any:
        store = self

        class _Transaction:
            def __enter__(self) -> sqlite3.Connection:
                store._notice_replacement()
                store._lock.acquire()
                store._db.execute("BEGIN IMMEDIATE")
                return store._db

            def __exit__(self, kind: object, error: object, trace: object) -> None:
                try:
                    store._db.execute("ROLLBACK" if error else "COMMIT")
                finally:
                    store._lock.release()

        return _Transaction()

    def remember_answer(self, answer_id: str, question: str, answer: str, citations: Sequence[str]) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?)",
                (answer_id, question, answer, json.dumps(list(citations)), time.time()),
            )

    def record_feedback(self, platform: str, answer_id: str, user_id: str, vote: int) -> bool:
        """Record (or change) one user's vote on one answer; False if the answer is unknown."""
        with self._transaction() as db:
            row = db.execute(
                "SELECT question, answer, citations FROM answers WHERE answer_id = ?", (answer_id,)
            ).fetchone()
            if row is None:
                return False
            db.execute(
                "INSERT INTO feedback"
                " (platform, answer_id, user_id, vote, question, answer, citations, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (platform, answer_id, user_id) DO UPDATE SET vote = excluded.vote,"
                " created_at = excluded.created_at",
                (platform, answer_id, user_id, vote, row[0], row[1], row[2], time.time()),
            )
            return True

    def feedback(self) -> list[Feedback]:
        with self._reading():
            rows = self._db.execute(
                "SELECT platform, answer_id, user_id, vote, question, answer, citations, created_at"
                " FROM feedback ORDER BY id"
            ).fetchall()
        return [Feedback(r[0], r[1], r[2], r[3], r[4], r[5], tuple(json.loads(r[6])), r[7]) for r in rows]

    def add_turn(self, thread_key: str, turn: Turn, keep: int = 6) -> None:
        with self._transaction() as db:
            row = db.execute(
                "SELECT MAX(turn) FROM conversations WHERE thread_key = ?", (thread_key,)
            ).fetchone()
            number = (row[0] or 0) + 1
            db.execute(
                "INSERT INTO conversations "
                "(thread_key, turn, question, answer, created_at, cited, kind, more, related) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    thread_key,
                    number,
                    turn.question,
                    turn.answer,
                    time.time(),
                    json.dumps(list(turn.cited)),
                    turn.route,
                    json.dumps(list(turn.more)),
                    json.dumps(list(turn.related)),
                ),
            )
            db.execute(
                "DELETE FROM conversations WHERE thread_key = ? AND turn <= ?", (thread_key, number - keep)
            )

    def turns(self, thread_key: str, since: float | None = None) -> list[Turn]:
        """The thread's kept turns; with `since` (a Unix time), only if its last turn is that recent
        (a conversation idle longer than that is over: none of its turns count)."""
        with self._reading():
            if since is not None:
                last = self._db.execute(
                    "SELECT MAX(created_at) FROM conversations WHERE thread_key = ?", (thread_key,)
                ).fetchone()[0]
                if last is None or last < since:
                    return []
            rows = self._db.execute(
                "SELECT question, answer, cited, kind, more, related FROM conversations WHERE thread_key = ? "
                "ORDER BY turn",
                (thread_key,),
            ).fetchall()
        return [
            Turn(r[0], r[1], tuple(json.loads(r[2])), r[3], tuple(json.loads(r[4])), tuple(json.loads(r[5])))
            for r in rows
        ]

    def clear_turns(self, thread_key: str) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM conversations WHERE thread_key = ?", (thread_key,))

    def start_thread(self, thread_key: str) -> None:
        with self._transaction() as db:
            db.execute("INSERT OR IGNORE INTO threads VALUES (?, ?)", (thread_key, time.time()))

    def started_thread(self, thread_key: str) -> bool:
        with self._lock:
            row = self._db.execute("SELECT 1 FROM threads WHERE thread_key = ?", (thread_key,)).fetchone()
        return row is not None

    # ---- the announcement ledger: what was posted where --------------------------------------

    def announced_on(self, paper_id: str, destination: str) -> str | None:
        """The day `paper_id` was posted to `destination`, or None."""
        with self._reading():
            row = self._db.execute(
                "SELECT day FROM announced_papers WHERE paper_id = ? AND destination = ?",
                (paper_id, destination),
            ).fetchone()
        return str(row[0]) if row else None

    def announcement_ref(self, paper_id: str, destination: str) -> str | None:
        """The platform's reference (message id, Slack ts) of what was posted, or None."""
        with self._reading():
            row = self._db.execute(
                "SELECT message_ref FROM announced_papers WHERE paper_id = ? AND destination = ?",
                (paper_id, destination),
            ).fetchone()
        return str(row[0]) if row else None

    def mark_announced(self, day: str, paper_id: str, destination: str, message_ref: str) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO announced_papers VALUES (?, ?, ?, ?, ?)",
                (paper_id, destination, day, message_ref, time.time()),
            )

    def day_done(self, day: str, destination: str) -> bool:
        with self._reading():
            row = self._db.execute(
                "SELECT 1 FROM announced_days WHERE day = ? AND destination = ?", (day, destination)
            ).fetchone()
        return row is not None

    def mark_day_done(self, day: str, destination: str, papers: int) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO announced_days VALUES (?, ?, ?, ?)",
                (day, destination, papers, time.time()),
            )

    def last_done_day(self, destination: str) -> str | None:
        with self._reading():
            row = self._db.execute(
                "SELECT MAX(day) FROM announced_days WHERE destination = ?", (destination,)
            ).fetchone()
        return str(row[0]) if row and row[0] else None

    # ---- topic watches ---------------------------------------------------------------------------

    def add_watch(self, platform: str, user_id: str, topic: str) -> bool:
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO watches VALUES (?, ?, ?, ?)", (platform, user_id, topic, time.time())
            )
            return bool(cursor.rowcount == 1)

    def remove_watch(self, platform: str, user_id: str, topic: str) -> bool:
        with self._transaction() as db:
            cursor = db.execute(
                "DELETE FROM watches WHERE platform = ? AND user_id = ? AND topic = ?",
                (platform, user_id, topic),
            )
            return bool(cursor.rowcount > 0)

    def watches(self, platform: str | None = None, user_id: str | None = None) -> list[Watch]:
        query = "SELECT platform, user_id, topic FROM watches WHERE 1 = 1"
        values: list[str] = []
        if platform is not None:
            query, values = query + " AND platform = ?", [*values, platform]
        if user_id is not None:
            query, values = query + " AND user_id = ?", [*values, user_id]
        with self._reading():
            rows = self._db.execute(query + " ORDER BY created_at", values).fetchall()
        return [Watch(r[0], r[1], r[2]) for r in rows]

    def close(self) -> None:
        with self._lock:
            self._db.close()


def export_feedback(state: StateStore) -> Iterator[dict[str, Any]]:
    """Feedback as eval-ready JSONL records: a 👍 answer's citations become its gold papers."""
    for item in state.feedback():
        yield {
            "id": f"{item.platform}-{item.answer_id}-{item.user_id}",
            "type": "feedback-up" if item.vote > 0 else "feedback-down",
            "question": item.question,
            "gold": list(item.citations) if item.vote > 0 else [],
            "answer": item.answer,
            "citations": list(item.citations),
            "vote": item.vote,
            "user_id": item.user_id,
            "platform": item.platform,
            "time": item.created_at,
        }
