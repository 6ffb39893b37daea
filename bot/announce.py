"""Daily new-paper announcements: fetch a day's papers, ingest them, post each new one once per
destination, mention the members whose topic watches it matches. One job, used by
`paperbot announce` (cron) and by the bots' schedulers.

Exactly once: a ledger in the state store records every paper posted to every destination and
every finished day; a re-run (after a crash, a restart, or twice the same day) posts only what
the ledger lacks. The narrow window between a post (the day's header or a paper) and its ledger
row is closed on Discord by a nonce derived from (day, paper or header, destination), which
Discord de-duplicates for a few minutes; Slack has no such key, so there a crash in that window
can repeat one message.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import logging
import re
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from bot.chat import paper_turn
from bot.state import StateStore, Watch
from ingest.chunk import split_sentences
from ingest.errors import ParseResult, Problem
from ingest.fetch import FetchError
from ingest.lock import writer_lock
from ingest.pipeline import IngestReport, ingest_papers
from rag.embed import Embedder
from rag.errors import PaperbotError
from rag.model import Paper
from rag.papers import merge_all
from rag.store import PaperStore

log = logging.getLogger(__name__)
_WORD = re.compile(r"[a-z0-9]+")


class PostError(PaperbotError):
    """A destination failed a post (its API down, a permission lost). That destination stops for
    this run; what it missed goes out on the next run, in order."""


@dataclass(frozen=True, slots=True)
class AnnounceConfig:
    top_n: int = 10
    catch_up_days: int = 3
    empty_days: str = "skip"  # skip | notice
    # Cosine between a watch topic and a paper (title + abstract), or-ed with "every topic word
    # occurs in the paper". Calibrated with the dev set's multi-paper topics against the 205
    # papers: 0.45 finds 81% of the right papers with 0.7% false alarms (docs/design.md).
    watch_threshold: float = 0.45


@dataclass(frozen=True, slots=True)
class DigestItem:
    paper: Paper
    summary: str
    watchers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Digest:
    day: dt.date
    items: tuple[DigestItem, ...]


class Poster(Protocol):
    """One destination (a Discord channel, a Slack channel, the terminal). A post that fails
    raises PostError."""

    @property
    def destination(self) -> str: ...

    @property
    def platform(self) -> str: ...

    async def post_header(self, digest: Digest, nonce: str) -> str: ...

    async def post_item(self, day: dt.date, item: DigestItem, nonce: str, header: str) -> str: ...

    async def post_empty(self, day: dt.date) -> None: ...

    def thread_key(self, reference: str) -> str | None:
        """The conversation key of the thread a posted paper (`reference`) opens, if any."""
        ...


@dataclass
class DayReport:
    day: dt.date
    fetched: int = 0
    ingest: IngestReport | None = None
    posted: dict[str, list[str]] = field(default_factory=dict)
    already_announced: int = 0
    problems: list[str] = field(default_factory=list)
    # Papers of this day a destination already has (a dry run shows them as such).
    already_posted: dict[str, list[str]] = field(default_factory=dict)
    pinged: dict[str, list[str]] = field(default_factory=dict)  # paper id -> user ids
    fetch_failed: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "fetched": self.fetched,
            "ingest": self.ingest.as_dict() if self.ingest else None,
            "posted": self.posted,
            "already_announced": self.already_announced,
            "already_posted": self.already_posted,
            "pinged": self.pinged,
            "problems": self.problems,
        }


FetchDay = Callable[[dt.date], ParseResult]


def last_complete_day(now: dt.datetime | None = None) -> dt.date:
    """Yesterday in UTC: papers keep being added to a day's list until that day ends, so the
    newest day that can be announced in full is the one before today."""
    return (now or dt.datetime.now(dt.UTC)).date() - dt.timedelta(days=1)


def one_sentence(paper: Paper, limit: int = 280) -> str:
    """The feed's own summary when it has one, else the abstract's first sentence."""
    text = paper.summary or next(iter(split_sentences(paper.abstract)), paper.abstract)
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def nonce_for(day: dt.date, paper_id: str, destination: str) -> str:
    digest = hashlib.sha256(f"{day}|{paper_id}|{destination}".encode()).hexdigest()
    return str(int(digest[:15], 16))  # Discord nonces are at most 25 characters


class Announcer:
    """Runs the daily job. Every dependency is handed in; nothing here reads settings."""

    def __init__(
        self,
        store: PaperStore | None,
        state: StateStore,
        fetch_days: Sequence[FetchDay],
        config: AnnounceConfig = AnnounceConfig(),
        on_ingested: Callable[[], None] | None = None,
        embedder: Callable[[], Embedder] | None = None,
        data_dir: Path | None = None,
        lock_wait: float = 60.0,
    ) -> None:
        """`store` None: only dry runs (nothing is ingested); `embedder` then loads the model that
        matches watches, once, when a watch needs it. `data_dir`: whose writer lock the day's
        ingest takes, waiting `lock_wait` seconds for another writer (then the day fails, and the
        schedule retries it)."""
        self.store, self.state, self.fetch_days, self.config = store, state, fetch_days, config
        self._data_dir, self._lock_wait = data_dir, lock_wait
        self.on_ingested = on_ingested
        self._load_embedder = embedder
        self._embedder: Embedder | None = store.embedder if store is not None else None
        self._lock = asyncio.Lock()  # a scheduled run and /announce-now never overlap
        self._topic_vectors: dict[str, Any] = {}

    def days_to_run(self, today: dt.date, destinations: Sequence[str]) -> list[dt.date]:
        """Today, plus the missed days since the last finished one (bounded), oldest first."""
        earliest = today - dt.timedelta(days=max(self.config.catch_up_days, 1) - 1)
        finished = [self.state.last_done_day(d) for d in destinations]
        if not destinations or any(day is None for day in finished):
            start = today if all(day is None for day in finished) else earliest
        else:
            last = min(dt.date.fromisoformat(day) for day in finished if day)
            start = max(last + dt.timedelta(days=1), earliest)
        return [start + dt.timedelta(days=n) for n in range((today - start).days + 1)]

    async def unfinished(self, destinations: Sequence[str], now: dt.datetime | None = None) -> bool:
        """Whether some destination still lacks the last complete day (the schedule's "due")."""
        day = last_complete_day(now).isoformat()

        def lacking() -> bool:
            return any(not self.state.day_done(day, destination) for destination in destinations)

        return await asyncio.to_thread(lacking)

    async def run(
        self, posters: Sequence[Poster], today: dt.date, day: dt.date | None = None, dry_run: bool = False
    ) -> list[DayReport]:
        async with self._lock:
            days = [day] if day else self.days_to_run(today, [p.destination for p in posters])
            failing: set[str] = set()
            reports: list[DayReport] = []
            for each in days:
                reports.append(await self.run_day(each, posters, dry_run, failing))
                if reports[-1].fetch_failed:
                    break  # the source is down: the later days would fail the same way
            return reports

    async def run_day(
        self,
        day: dt.date,
        posters: Sequence[Poster],
        dry_run: bool = False,
        failing: set[str] | None = None,
    ) -> DayReport:
        """One day for every destination but those in `failing` (they failed an earlier day of
        this run); a destination whose post fails is added to it."""
        failing = set() if failing is None else failing
        report = DayReport(day)
        papers: list[Paper] = []
        problems: list[Problem] = []
        for fetch in self.fetch_days:
            try:
                result = await asyncio.to_thread(fetch, day)
            except FetchError as error:
                # Nothing of a broken response is applied, and the day stays unfinished so the
                # next run retries it.
                # A dry run reports it once, in its report; a real run logs it too.
                log.log(logging.DEBUG if dry_run else logging.ERROR, "announce %s: %s", day, error)
                report.problems.append(str(error))
                report.fetch_failed = True
                return report
            papers.extend(result.papers)
            problems.extend(result.problems)
        papers = merge_all(papers)
        report.fetched = len(papers)
        report.problems.extend(str(p) for p in problems)
        if not dry_run:
            if self.store is None:
                raise PostError("no paper store: this announcer only does dry runs")
            store = self.store

            def locked() -> IngestReport:
                with writer_lock(self._data_dir, self._lock_wait) if self._data_dir else nullcontext():
                    return ingest_papers(store, papers, problems)

            report.ingest = await asyncio.to_thread(locked)
            if self.on_ingested:
                await asyncio.to_thread(self.on_ingested)
        ranked = sorted(papers, key=lambda p: (-(p.upvotes or 0), p.title))
        watches = await asyncio.to_thread(self.state.watches)
        for poster in posters:
            if poster.destination in failing:
                continue  # finishing a later day first would leave the earlier one behind for good
            try:
                await self._post(day, ranked, watches, poster, report, dry_run)
            except PostError as error:
                failing.add(poster.destination)
                log.error(
                    "announce %s: posting to %s failed (%s); what is missing goes out on the next run",
                    day,
                    poster.destination,
                    error,
                )
                report.problems.append(f"{poster.destination}: {error}")
        return report

    async def _post(
        self,
        day: dt.date,
        ranked: list[Paper],
        watches: list[Watch],
        poster: Poster,
        report: DayReport,
        dry_run: bool,
    ) -> None:
        destination = poster.destination
        # The ledger is SQLite: every call runs in a worker thread, off the bot's event loop.
        done = await asyncio.to_thread(self.state.day_done, day.isoformat(), destination)
        if done and not dry_run:
            return
        # Papers announced on an earlier day are skipped; those already posted today (a run that
        # crashed half-way) still count towards today's top N, so a re-run only finishes the list.
        today = day.isoformat()
        seen_on = await asyncio.to_thread(
            lambda: {p.id: self.state.announced_on(p.id, destination) for p in ranked}
        )
        todays = [p for p in ranked if seen_on[p.id] in (None, today)][: self.config.top_n]
        report.already_announced += sum(1 for p in ranked if seen_on[p.id] not in (None, today))
        # A dry run of a finished day shows what went out, posting nothing again.
        chosen = [] if done else [p for p in todays if seen_on[p.id] is None]
        report.already_posted[destination] = [p.id for p in todays if p not in chosen]
        posted = report.posted.setdefault(destination, [])
        if dry_run and (done or (todays and not chosen)):
            return  # nothing would go out (a real run would only record the day as done)
        if not todays:
            if self.config.empty_days == "notice":
                await poster.post_empty(day)
            if not dry_run:
                await asyncio.to_thread(self.state.mark_day_done, day.isoformat(), destination, 0)
            return
        # The embedding model works in a worker thread, never on a bot's event loop.
        watchers = await asyncio.to_thread(
            lambda: [self._watchers(p, watches, poster.platform) for p in chosen]
        )
        items = [DigestItem(p, one_sentence(p), who) for p, who in zip(chosen, watchers, strict=True)]
        # The header's reference (Slack threads the day's papers under it) is kept in the ledger,
        # so a resumed run threads the rest of the day under the same header.
        header_key = f"header:{day.isoformat()}"
        header = (
            None if dry_run else await asyncio.to_thread(self.state.announcement_ref, header_key, destination)
        )
        if header is None:
            header = await poster.post_header(
                Digest(day, tuple(items)), nonce_for(day, header_key, destination)
            )
            if not dry_run:
                await asyncio.to_thread(
                    self.state.mark_announced, day.isoformat(), header_key, destination, header
                )
        for item in items:
            if item.watchers:
                report.pinged[item.paper.id] = [f"{poster.platform}:{user}" for user in item.watchers]
            nonce = nonce_for(day, item.paper.id, destination)
            reference = await poster.post_item(day, item, nonce, header)
            posted.append(item.paper.id)
            if not dry_run:
                await asyncio.to_thread(
                    self._record, day, item.paper, destination, reference, poster.thread_key(reference)
                )
        if not dry_run:
            # All of the day's papers, also those a crashed run posted before this one resumed.
            await asyncio.to_thread(self.state.mark_day_done, day.isoformat(), destination, len(todays))

    def _record(
        self, day: dt.date, paper: Paper, destination: str, reference: str, thread: str | None
    ) -> None:
        """A posted paper in the ledger; its thread (if it opened one) the bot's, about it."""
        self.state.mark_announced(day.isoformat(), paper.id, destination, reference)
        if thread and not self.state.started_thread(thread):
            # Questions in the paper's own thread are about it (bot.chat.paper_turn).
            self.state.start_thread(thread)
            self.state.add_turn(thread, paper_turn(paper))

    def _embedder_now(self) -> Embedder:
        if self._embedder is None:
            if self._load_embedder is None:
                raise PostError("no embedding model to match watches with")
            self._embedder = self._load_embedder()
        return self._embedder

    def _watchers(self, paper: Paper, watches: list[Watch], platform: str) -> tuple[str, ...]:
        relevant = [w for w in watches if w.platform == platform]
        if not relevant:
            return ()
        paper_words = set(_WORD.findall(f"{paper.title} {paper.abstract}".lower()))
        embedder = self._embedder_now()
        paper_vector = embedder.embed_documents([paper.text_for_embedding()])[0]
        users: list[str] = []
        for watch in relevant:
            words = [w for w in _WORD.findall(watch.topic.lower()) if len(w) > 2]
            keyword_hit = bool(words) and all(w in paper_words for w in words)
            if watch.topic not in self._topic_vectors:
                self._topic_vectors[watch.topic] = embedder.embed_query(watch.topic)
            similarity = float(np.dot(self._topic_vectors[watch.topic], paper_vector))
            if (keyword_hit or similarity >= self.config.watch_threshold) and watch.user_id not in users:
                users.append(watch.user_id)
        return tuple(users)
