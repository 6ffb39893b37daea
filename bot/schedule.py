"""The daily announcement schedule both bots run: at ANNOUNCE_AT (UTC) each day, at start-up
when that day's run is due and not done, and again with backoff after a run that left it undone,
until the day ends. It decides when; bot/announce.py does the work."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Sequence

log = logging.getLogger(__name__)

# Minutes between attempts after a failed run (then hourly): an outage of minutes costs minutes.
RETRY_MINUTES = (5, 10, 20, 40, 60)


def next_run(now: dt.datetime, at: dt.time) -> dt.datetime:
    """The next time of day `at` (UTC) after `now`."""
    today = dt.datetime.combine(now.date(), at.replace(tzinfo=None), dt.UTC)
    return today if today > now else today + dt.timedelta(days=1)


class DailySchedule:
    """Runs `run()` every day at `at`, and whenever `due()` says the latest day is not yet done
    at or after that time (at start-up, after a failure). Clock and sleep are handed in."""

    def __init__(
        self,
        run: Callable[[], Awaitable[object]],
        due: Callable[[], Awaitable[bool]],
        at: dt.time,
        *,
        retry_minutes: Sequence[float] = RETRY_MINUTES,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self._run, self._due, self._at = run, due, at
        self._retry_minutes, self._clock, self._sleep = tuple(retry_minutes), clock, sleep
        self.attempts = 0  # runs started, for the logs and tests
        self.task: asyncio.Task[None] | None = None

    def start(self) -> asyncio.Task[None]:
        self.task = asyncio.get_running_loop().create_task(self.forever(), name="daily-announcements")
        return self.task

    async def forever(self) -> None:
        failures = 0
        while True:
            now = self._clock()
            time_today = dt.datetime.combine(now.date(), self._at.replace(tzinfo=None), dt.UTC)
            if now >= time_today and await self._due():
                await self._attempt()
                if await self._due():
                    wait = self._retry_minutes[min(failures, len(self._retry_minutes) - 1)] * 60
                    failures += 1
                    retry_at = self._clock() + dt.timedelta(seconds=wait)
                    if retry_at < next_run(self._clock(), self._at):
                        log.warning(
                            "announce: the run left the day unfinished; retrying in %.0f min", wait / 60
                        )
                        await self._sleep(wait)
                        continue
                    log.error("announce: the run left the day unfinished; the next run is at %s", self._at)
            failures = 0
            await self._sleep(max((next_run(self._clock(), self._at) - self._clock()).total_seconds(), 1.0))

    async def _attempt(self) -> None:
        self.attempts += 1
        try:
            reports = await self._run()
            log.info("announce: %s", reports)
        except Exception:
            log.exception("announce: the scheduled run failed")
