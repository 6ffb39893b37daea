"""The daily schedule both bots run, over the real announcer (store, model, ledger): a day due at
start-up is run at once, a failed run is retried with backoff within the day, a done day is not."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from bot.announce import AnnounceConfig, Announcer, last_complete_day
from bot.schedule import DailySchedule, next_run
from bot.state import SqliteState
from ingest.errors import ParseResult
from ingest.fetch import FetchError, fetch_hf_day
from rag.store import StoreLocation, open_store
from tests.conftest import FIXTURES
from tests.integration.test_announce import DAY, RecordingPoster


class StopError(Exception):
    """Ends the schedule's endless loop once the test has seen enough."""


class FakeTime:
    """A clock that a sleep moves forward; `sleeps` records every wait the schedule asked for."""

    def __init__(self, now: dt.datetime, stop_after: int) -> None:
        self.now, self.sleeps, self.stop_after = now, [], stop_after

    def clock(self) -> dt.datetime:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        if len(self.sleeps) >= self.stop_after:
            raise StopError
        self.now += dt.timedelta(seconds=seconds)


@pytest.fixture
def announcer(tmp_path: Path, embedder: Any) -> tuple[Announcer, list[dt.date]]:
    """The announcer over the recorded day, whatever day is asked; its first fetch fails."""
    asked: list[dt.date] = []

    def fetch(day: dt.date) -> ParseResult:
        asked.append(day)
        if len(asked) == 1:
            raise FetchError("http://127.0.0.1:9/api/daily_papers: gave up after 4 attempts (refused)")
        return fetch_hf_day(str(FIXTURES / "hf_daily_papers"), DAY)

    store = open_store(StoreLocation(path=tmp_path / "chroma"), embedder)
    state = SqliteState(tmp_path / "state.sqlite3")
    return Announcer(store, state, [fetch], AnnounceConfig(top_n=2)), asked


async def test_a_due_day_runs_at_start_and_a_failure_is_retried_with_backoff(
    announcer: tuple[Announcer, list[dt.date]],
) -> None:
    job, asked = announcer
    poster = RecordingPoster("discord:903")
    at = dt.time(8, 0, tzinfo=dt.UTC)
    start = dt.datetime.combine(
        dt.datetime.now(dt.UTC).date(), dt.time(9, 30), dt.UTC
    )  # after today's run time
    time = FakeTime(start, stop_after=2)
    today = last_complete_day(start)
    schedule = DailySchedule(
        lambda: job.run([poster], today),
        lambda: job.unfinished([poster.destination], time.now),
        at,
        clock=time.clock,
        sleep=time.sleep,
    )
    with pytest.raises(StopError):
        await schedule.forever()
    assert schedule.attempts == 2  # at start (the source down), then the retry
    assert time.sleeps[0] == 5 * 60  # the first backoff
    assert asked == [today, today]
    assert [day for day, _ in poster.items] == [today, today]  # the retry posted the day's two papers
    assert job.state.day_done(today.isoformat(), "discord:903")
    # Then it waits for tomorrow's run, not sooner.
    retried_at = start + dt.timedelta(minutes=5)
    assert time.sleeps[1] == (next_run(retried_at, at) - retried_at).total_seconds()


async def test_a_done_day_is_not_run_again_at_start(announcer: tuple[Announcer, list[dt.date]]) -> None:
    job, asked = announcer
    start = dt.datetime.combine(dt.datetime.now(dt.UTC).date(), dt.time(9, 30), dt.UTC)
    job.state.mark_day_done(last_complete_day(start).isoformat(), "discord:903", 2)
    time = FakeTime(start, stop_after=1)
    schedule = DailySchedule(
        lambda: job.run([RecordingPoster("discord:903")], last_complete_day(start)),
        lambda: job.unfinished(["discord:903"], time.now),
        dt.time(8, 0, tzinfo=dt.UTC),
        clock=time.clock,
        sleep=time.sleep,
    )
    with pytest.raises(StopError):
        await schedule.forever()
    assert schedule.attempts == 0 and asked == []
    assert time.sleeps == [(next_run(start, dt.time(8, 0)) - start).total_seconds()]


async def test_before_the_run_time_it_waits(announcer: tuple[Announcer, list[dt.date]]) -> None:
    job, _ = announcer
    start = dt.datetime.combine(dt.datetime.now(dt.UTC).date(), dt.time(6, 0), dt.UTC)
    time = FakeTime(start, stop_after=1)
    schedule = DailySchedule(
        lambda: asyncio.sleep(0),
        lambda: job.unfinished(["discord:903"], time.now),
        dt.time(8, 0),
        clock=time.clock,
        sleep=time.sleep,
    )
    with pytest.raises(StopError):
        await schedule.forever()
    assert schedule.attempts == 0
    assert time.sleeps == [2 * 3600]
