from __future__ import annotations

import sqlite3
import stat
import time
from pathlib import Path

import pytest

from bot.state import SCHEMA_VERSION, SqliteState, StateError, export_feedback
from rag.model import Turn


def test_the_database_is_owner_only_wal_and_versioned(tmp_path: Path) -> None:
    state = SqliteState(tmp_path / "state.sqlite3")
    mode = stat.S_IMODE((tmp_path / "state.sqlite3").stat().st_mode)
    assert mode == 0o600
    with sqlite3.connect(tmp_path / "state.sqlite3") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("SELECT version FROM schema_version").fetchone()[0] == SCHEMA_VERSION
    state.close()
    SqliteState(tmp_path / "state.sqlite3").close()  # reopening migrates nothing and fails nothing


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    SqliteState(tmp_path / "s.db").close()
    with sqlite3.connect(tmp_path / "s.db") as db:
        db.execute("UPDATE schema_version SET version = 99")
    with pytest.raises(StateError, match="schema version 99"):
        SqliteState(tmp_path / "s.db")


def test_feedback_is_one_vote_per_user_and_answer(tmp_path: Path) -> None:
    state = SqliteState(tmp_path / "s.db")
    state.remember_answer("a1", "what is InfAlign?", "It is ... [1]", ["infalign"])
    assert state.record_feedback("discord", "a1", "u1", 1)
    assert state.record_feedback("discord", "a1", "u1", -1)  # changed their mind
    assert state.record_feedback("discord", "a1", "u2", 1)
    assert not state.record_feedback("discord", "unknown", "u1", 1)
    votes = [(f.user_id, f.vote) for f in state.feedback()]
    assert votes == [("u1", -1), ("u2", 1)]
    records = list(export_feedback(state))
    assert records[0]["gold"] == [] and records[0]["type"] == "feedback-down"
    assert records[1]["gold"] == ["infalign"] and records[1]["question"] == "what is InfAlign?"


def test_conversations_keep_the_last_turns(tmp_path: Path) -> None:
    state = SqliteState(tmp_path / "s.db")
    for n in range(10):
        state.add_turn("thread-1", Turn(f"q{n}", f"a{n}", (f"p{n}", "x"), "list", ("y",)), keep=3)
    assert [(t.question, t.answer) for t in state.turns("thread-1")] == [
        ("q7", "a7"),
        ("q8", "a8"),
        ("q9", "a9"),
    ]
    assert state.turns("thread-1")[-1] == Turn("q9", "a9", ("p9", "x"), "list", ("y",))  # citations kept
    assert state.turns("other") == []


def test_a_refusal_s_related_papers_are_kept_with_its_turn(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    state = SqliteState(path)
    state.add_turn("thread-1", Turn("q", "The corpus does not cover this.", (), "refusal", (), ("p1", "p2")))
    state.close()
    assert SqliteState(path).turns("thread-1") == [
        Turn("q", "The corpus does not cover this.", (), "refusal", (), ("p1", "p2"))
    ]


def test_a_version_4_database_gains_the_related_column_and_keeps_its_turns(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    SqliteState(path).close()
    with sqlite3.connect(path) as db:  # as paperbot before the column was added
        db.execute("ALTER TABLE conversations DROP COLUMN related")
        db.execute("UPDATE schema_version SET version = 4")
        db.execute(
            "INSERT INTO conversations (thread_key, turn, question, answer, created_at, cited, kind, more) "
            "VALUES ('t', 1, 'q', 'a', 0, '[\"p1\"]', 'answer', '[]')"
        )
    state = SqliteState(path)
    assert state.turns("t") == [Turn("q", "a", ("p1",), "answer")]
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT version FROM schema_version").fetchone()[0] == SCHEMA_VERSION


def test_the_cooldown_spaces_each_user_separately() -> None:
    from bot.chat import Cooldown

    now = [100.0]
    cooldown = Cooldown(10.0, clock=lambda: now[0])
    assert cooldown.wait("ada") == 0.0
    assert cooldown.wait("alan") == 0.0  # another user is not slowed down
    now[0] = 104.0
    assert cooldown.wait("ada") == 6.0
    now[0] = 110.0
    assert cooldown.wait("ada") == 0.0


def test_read_only_creates_nothing_and_sees_a_running_writer(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    assert SqliteState.read_only(path).last_done_day("discord:1") is None
    assert list(tmp_path.iterdir()) == []  # a missing database reads as an empty one
    writer = SqliteState(path)
    writer.mark_day_done("2026-11-30", "discord:1", 3)  # still in the writer's WAL
    assert SqliteState.read_only(path).last_done_day("discord:1") == "2026-11-30"
    writer.close()
    before = sorted(p.name for p in tmp_path.iterdir())
    assert SqliteState.read_only(path).day_done("2026-11-30", "discord:1")
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_dm_conversation_idle_too_long_reads_as_empty(tmp_path: Path) -> None:
    state = SqliteState(tmp_path / "state.sqlite3")
    state.add_turn("slack:D1", Turn("InfAlign", "…", ("infalign",)))
    assert len(state.turns("slack:D1", since=time.time() - 60)) == 1
    assert state.turns("slack:D1", since=time.time() + 1) == []
    state.clear_turns("slack:D1")
    assert state.turns("slack:D1") == []


def test_an_existing_world_readable_database_is_made_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    SqliteState(path).close()
    path.chmod(0o644)
    SqliteState(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_database_deleted_under_a_running_process_is_noticed_and_reopened(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "state.sqlite3"
    state = SqliteState(path)
    state.add_turn("thread", Turn("q1", "a1", ("p1",)))
    for file in tmp_path.iterdir():
        file.unlink()
    state.add_turn("thread", Turn("q2", "a2", ("p2",)))
    assert "was deleted while paperbot was running" in caplog.text
    assert path.exists()  # written where an operator looks, not into the unlinked file
    assert [turn.question for turn in SqliteState(path).turns("thread")] == ["q2"]
