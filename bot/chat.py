"""The chat core every surface calls: ask, cite, similar, paper card, watch and feedback (and the
`Feature`s each surface's help lists). `Chat` serves them over one answerer; `Room` adds what a
chat platform needs around it. Transport-agnostic; the sentences users read are bot/render/'s."""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections.abc import Callable, Hashable
from contextlib import nullcontext
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from bot.state import StateStore
from ingest.lock import writer_lock
from ingest.pipeline import IngestReport, ingest_paths
from rag.answer import Answerer
from rag.cite import Lookup, lookup_paper
from rag.model import Answer, Paper, Turn, turn_of
from rag.outage import OutageLog
from rag.similar import NoPaperError, Similar, find_similar
from rag.store import StoreUnavailableError

log = logging.getLogger(__name__)

MAX_TOPIC_CHARS = 200


class Feature(StrEnum):
    """What a surface can offer its users; each surface's help lists the ones it has."""

    ASK = "ask"
    CITE = "cite"
    SIMILAR = "similar"
    PAPER = "paper"
    WATCH = "watch"
    FEEDBACK = "feedback"


# ---- conversations --------------------------------------------------------------------------


class Conversation(Protocol):
    """A thread's earlier turns (what follow-ups resolve against), and where the next is kept."""

    def turns(self) -> list[Turn]: ...

    def add(self, turn: Turn) -> None: ...


class Session:
    """A conversation held in memory while the process runs: the terminal chat, `ask --batch`."""

    def __init__(self) -> None:
        self._turns: list[Turn] = []

    def turns(self) -> list[Turn]:
        return list(self._turns)

    def add(self, turn: Turn) -> None:
        self._turns.append(turn)


class StoredThread:
    """A chat platform's thread, kept in the state store (its last turns), across restarts. With
    `since` (a Unix time), a conversation silent since before then is over: it starts afresh."""

    def __init__(self, state: StateStore, key: str, since: float | None = None) -> None:
        self._state, self._key, self._since = state, key, since

    def turns(self) -> list[Turn]:
        turns = self._state.turns(self._key, self._since)
        if not turns and self._since is not None:
            self._state.clear_turns(self._key)  # what is left of an expired conversation
        return turns

    def add(self, turn: Turn) -> None:
        self._state.add_turn(self._key, turn)


# ---- what the features return ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CitationLookup:
    """What a citation query found: the best paper (with its confidence and runners-up), and
    whether anything in the corpus matches at all; when not, `closest` are the titles to offer."""

    found: Lookup
    matched: bool

    @property
    def paper(self) -> Paper:
        assert self.found.paper is not None  # a lookup is only made when papers are stored
        return self.found.paper

    @property
    def offered(self) -> tuple[Paper, ...]:
        """The runners-up to offer in a "did you mean" menu: only when the match is unsure."""
        return self.found.alternatives if self.matched and self.found.ambiguous else ()

    @property
    def closest(self) -> tuple[Paper, ...]:
        return tuple(p for p in (self.found.paper, *self.found.alternatives) if p is not None)[:3]


@dataclass(frozen=True, slots=True)
class TopicChange:
    """A watch added or removed (`changed` False: it already was, or never was, there). An empty
    `topic` means the user gave none."""

    topic: str
    changed: bool


# ---- the features ---------------------------------------------------------------------------


# How long a question waits for a catch-up with other processes' writes before it is answered
# from what the bot knew (a few papers take well under a second; a rebuild at 100k, minutes).
CATCH_UP_WAIT_SECONDS = 3.0


class Chat:
    """The features over one answerer, for every surface. Async: the blocking work (retrieval,
    the store) runs in worker threads, never on an adapter's event loop."""

    def __init__(
        self,
        answerer: Answerer,
        write: Callable[[Answer], str],
        data_dir: Path | None = None,
        lock_wait: float = 60.0,
    ) -> None:
        """`write` gives an answer's text as users read it (bot.render.answer.answer_body): what the
        state store keeps of an answer, in threads and with feedback. `data_dir`: whose writer lock
        an admin's ingest takes (one writer per data directory, as `paperbot ingest`), waiting
        `lock_wait` seconds for another writer before saying it is busy."""
        self.answerer = answerer
        self.write = write
        self._data_dir = data_dir
        self._lock_wait = lock_wait

    async def ask(self, question: str, conversation: Conversation | None = None) -> Answer:
        """Answer with the conversation's earlier turns, and keep this one in it. Raises
        QueryError for a question retrieval cannot take, StoreUnavailableError while the store
        is down."""
        await self.catch_up()
        turns = await asyncio.to_thread(conversation.turns) if conversation else []
        answer = await self.answerer.answer(question, turns)
        if conversation:
            await asyncio.to_thread(conversation.add, turn_of(answer, self.write(answer)))
        return answer

    async def catch_up(self) -> None:
        """See what other processes stored (an ingest, the announcer, enrich): one cheap read of
        the store generation, the changed papers read only when it moved, in the background; the
        question waits for it a few seconds at most (rag/retrieve.py, `catch_up`)."""
        await asyncio.to_thread(self.answerer.retriever.catch_up, CATCH_UP_WAIT_SECONDS)

    async def cite(self, query: str) -> CitationLookup | None:
        """The paper a title, acronym, name or arXiv id means; None while no paper is stored."""
        await self.catch_up()

        def look_up() -> CitationLookup | None:
            found = lookup_paper(self.answerer.retriever, query)
            if found.paper is None:
                return None
            return CitationLookup(found, not self.answerer.finds_nothing(query))

        return await asyncio.to_thread(look_up)

    async def similar(self, query: str, k: int = 5) -> Similar | None:
        """The paper `query` names and its `k` nearest papers; None while no paper is stored."""
        await self.catch_up()

        def find() -> Similar | None:
            matches = not self.answerer.finds_nothing(query)
            try:
                return find_similar(self.answerer.retriever, query, k, matches=matches)
            except NoPaperError:
                return None

        return await asyncio.to_thread(find)

    async def paper(self, query: str) -> Paper | None:
        """The paper for a card: the best match, even an unsure one; None while none is stored."""
        found = await asyncio.to_thread(lookup_paper, self.answerer.retriever, query)
        return found.paper

    async def paper_by_id(self, paper_id: str) -> Paper | None:
        """A paper picked from a menu of candidates; None if it left the store since."""
        papers = await asyncio.to_thread(self.answerer.retriever.papers)
        return papers.get(paper_id)

    async def ingest(self, path: Path) -> IngestReport:
        """Store one file's papers (an admin's upload) and refresh retrieval, so that they can
        be asked about at once."""

        def locked() -> IngestReport:
            # Waits for a running `paperbot ingest`, then says it is busy (an IngestError).
            with writer_lock(self._data_dir, self._lock_wait) if self._data_dir else nullcontext():
                return ingest_paths(self.answerer.retriever.store, [path])

        report = await asyncio.to_thread(locked)
        await asyncio.to_thread(self.answerer.refresh)
        return report


# ---- a chat platform around the features ----------------------------------------------------


class Cooldown:
    """Per-user spacing between questions; returns how long the user still has to wait."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._seconds = seconds
        self._clock = clock
        self._last: dict[Hashable, float] = {}

    def wait(self, user_id: Hashable) -> float:
        now = self._clock()
        remaining = self._last.get(user_id, -1e18) + self._seconds - now
        if remaining > 0:
            return remaining
        self._last[user_id] = now
        return 0.0


@dataclass(frozen=True, slots=True)
class Limits:
    cooldown_seconds: float = 10.0
    max_question_chars: int = 1000
    # A direct conversation silent this long is over: the next question starts afresh.
    conversation_idle_seconds: float = 30 * 60


class TurnedAway(StrEnum):
    TOO_LONG = "too_long"
    EMPTY = "empty"
    TOO_SOON = "too_soon"


@dataclass(frozen=True, slots=True)
class QuestionProblem:
    """Why a question is turned away: over the cap (`length` > `limit`), empty, or too soon after
    the user's last one (`wait` seconds left)."""

    kind: TurnedAway
    length: int = 0
    limit: int = 0
    wait: float = 0.0


@dataclass(frozen=True, slots=True)
class Asked:
    """An answer given in a chat, and the id its 👍/👎 buttons carry."""

    answer: Answer
    answer_id: str


class Failure(StrEnum):
    """What to tell a user whose request failed."""

    STORE_DOWN = "store_down"  # the paper store cannot be reached: try again in a few minutes
    FAULT = "fault"  # anything else (our bug, the platform's outage): try again in a moment


def add_watch(state: StateStore, platform: str, user_id: str, topic: str) -> TopicChange:
    """A member's topic watch (what the digest pings them for), its topic's white space collapsed
    and capped. Blocking: chat platforms call it off the event loop; the CLI directly."""
    topic = " ".join(topic.split())[:MAX_TOPIC_CHARS]
    if not topic:
        return TopicChange("", False)
    return TopicChange(topic, state.add_watch(platform, user_id, topic))


def remove_watch(state: StateStore, platform: str, user_id: str, topic: str) -> TopicChange:
    topic = " ".join(topic.split())[:MAX_TOPIC_CHARS]
    return TopicChange(topic, state.remove_watch(platform, user_id, topic))


def paper_turn(paper: Paper) -> Turn:
    """The turn an announcement thread starts with: its paper, as if the bot had just named it."""
    return Turn(paper.title, paper.title, (paper.id,), "lookup")


class Room:
    """The core as a chat platform serves it: per-user limits, threads and answers kept in the
    state store (follow-ups, 👍/👎), topic watches, and failure reports that log an outage once."""

    def __init__(
        self,
        chat: Chat,
        state: StateStore,
        platform: str,
        limits: Limits = Limits(),
        *,
        api_name: str = "chat",
        platform_outage: Callable[[BaseException], str | None] = lambda error: None,
        logger: logging.Logger = log,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """`platform` keys watches and votes in the state store ("discord", "slack");
        `platform_outage(error)` says why the platform's API failed ("HTTP 503"), or None;
        `clock` is the wall clock that ends idle direct conversations."""
        self.chat, self.state, self.platform, self.clock = chat, state, platform, clock
        self._limits = limits
        self.cooldown = Cooldown(limits.cooldown_seconds)
        self._api_name, self._outage_cause, self._log = api_name, platform_outage, logger
        # While the store or the platform is down every question fails: one ERROR per outage.
        self.store_outage = OutageLog(logger, "the paper store", level=logging.ERROR)
        self.platform_outage = OutageLog(logger, f"the {api_name} API", level=logging.ERROR)

    def check_question(self, user_id: Hashable, question: str) -> QuestionProblem | None:
        """A question over the cap, an empty one, or a user within the cooldown."""
        if len(question) > self._limits.max_question_chars:
            return QuestionProblem(TurnedAway.TOO_LONG, len(question), self._limits.max_question_chars)
        if not question.strip():
            return QuestionProblem(TurnedAway.EMPTY)
        wait = self.cooldown.wait(user_id)
        if wait:
            return QuestionProblem(TurnedAway.TOO_SOON, wait=wait)
        return None

    async def ask(self, question: str, thread_key: str | None, *, direct: bool = False) -> Asked:
        """Answer in a thread (None: a one-off), remembering the answer for 👍/👎. A `direct`
        conversation (a DM) that was idle longer than the limit starts afresh.
        While the store is down this raises StoreUnavailableError (see `report_failure`)."""
        since = self.clock() - self._limits.conversation_idle_seconds if direct else None
        thread = StoredThread(self.state, thread_key, since) if thread_key else None
        answer = await self.chat.ask(question, thread)
        self.store_outage.succeeded()
        answer_id = secrets.token_hex(8)
        cited = [c.paper.id for c in answer.citations]
        text = self.chat.write(answer)
        await asyncio.to_thread(self.state.remember_answer, answer_id, question, text, cited)
        return Asked(answer, answer_id)

    async def follows(self, thread_key: str) -> bool:
        """Whether the bot answered in this thread, so follow-ups there need no mention."""
        return bool(await asyncio.to_thread(self.state.turns, thread_key))

    async def reset(self, thread_key: str) -> None:
        """Forget a conversation ("new question", /reset): the next question stands alone."""
        await asyncio.to_thread(self.state.clear_turns, thread_key)

    async def start_thread(self, thread_key: str, paper: Paper | None = None) -> None:
        """A thread the bot started (where it answers questions without a mention); a paper's
        announcement thread remembers its paper, so "this paper" there means it."""
        await asyncio.to_thread(self.state.start_thread, thread_key)
        if paper is not None:
            await asyncio.to_thread(self.state.add_turn, thread_key, paper_turn(paper))

    async def started(self, thread_key: str) -> bool:
        return await asyncio.to_thread(self.state.started_thread, thread_key)

    def delivered(self) -> None:
        """An answer reached the platform: ends a logged platform outage."""
        self.platform_outage.succeeded()

    async def watch(self, user_id: str, topic: str) -> TopicChange:
        return await asyncio.to_thread(add_watch, self.state, self.platform, user_id, topic)

    async def unwatch(self, user_id: str, topic: str) -> TopicChange:
        return await asyncio.to_thread(remove_watch, self.state, self.platform, user_id, topic)

    async def watches(self, user_id: str) -> list[str]:
        found = await asyncio.to_thread(self.state.watches, self.platform, user_id)
        return [watch.topic for watch in found]

    async def feedback(self, answer_id: str, user_id: str, up: bool) -> bool:
        """Record a 👍 or 👎; False when the answer is unknown (too old, or never given)."""
        vote = 1 if up else -1
        return await asyncio.to_thread(self.state.record_feedback, self.platform, answer_id, user_id, vote)

    def report_failure(self, error: BaseException, message: str, *args: object) -> Failure:
        """Log a failure to serve a user, with `message % args` as context, and say what to tell
        them. An outage (the store unreachable, the platform's API failing after its client's
        retries) is logged once per outage; anything else every time, with its traceback."""
        if isinstance(error, StoreUnavailableError):
            self.store_outage.failed(f"{message}: %s", *args, error)
            return Failure.STORE_DOWN
        cause = self._outage_cause(error)
        if cause:
            self.platform_outage.failed(f"{message}: the {self._api_name} API is failing (%s)", *args, cause)
            return Failure.FAULT
        self._log.error(message, *args, exc_info=error)
        return Failure.FAULT
