"""The chat core shared by the Discord and Slack adapters: per-user limits, and one answered
turn (history in, answer out, remembered for feedback and follow-ups). Transport-agnostic."""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from bot.state import StateStore
from rag.answer import Answer, Answerer, turn_of
from rag.cite import Lookup, lookup_paper
from rag.outage import OutageLog
from rag.papers import Paper
from rag.store import StoreUnavailableError

log = logging.getLogger(__name__)

FRIENDLY_ERROR = "Sorry, something went wrong on my side. Please try again in a moment."
STORE_UNAVAILABLE = (
    "I can't reach the paper store right now, so I can't answer. Please try again in a few minutes."
)


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


class ChatCore:
    """What both adapters do around the answerer; they only parse input and render output."""

    def __init__(
        self,
        answerer: Answerer,
        state: StateStore,
        cooldown_seconds: float,
        max_question_chars: int,
        example: str,
        platform: str = "chat",
        platform_outage: Callable[[BaseException], str | None] = lambda error: None,
        logger: logging.Logger = log,
    ) -> None:
        self.answerer, self.state = answerer, state
        self.cooldown = Cooldown(cooldown_seconds)
        self._max_chars, self._example = max_question_chars, example
        # platform_outage(error): why the platform failed ("HTTP 503"), or None if it did not.
        self._platform, self._outage_cause, self._log = platform, platform_outage, logger
        # While the store or the platform is down every question fails: one ERROR per outage.
        self.store_outage = OutageLog(logger, "the paper store", level=logging.ERROR)
        self.platform_outage = OutageLog(logger, f"the {platform} API", level=logging.ERROR)

    def check_question(self, user_id: Hashable, question: str) -> str | None:
        """A friendly refusal for a user over the cooldown or a question over the cap."""
        if len(question) > self._max_chars:
            return f"That question is too long ({len(question)} characters; the limit is {self._max_chars})."
        if not question.strip():
            return f"Ask me something about the papers, e.g. {self._example}"
        wait = self.cooldown.wait(user_id)
        if wait:
            return f"Easy there! You can ask again in {wait:.0f} s."
        return None

    async def answer(self, question: str, thread_key: str | None) -> tuple[Answer, str]:
        """Answer with the thread's history; remember the answer (for 👍/👎) and the turn.
        While the store is down this raises StoreUnavailableError (see `report_failure`)."""
        turns = await asyncio.to_thread(self.state.turns, thread_key) if thread_key else []
        answer = await self.answerer.answer(question, turns)
        self.store_outage.succeeded()
        answer_id = secrets.token_hex(8)
        cited = [c.paper.id for c in answer.citations]
        await asyncio.to_thread(self.state.remember_answer, answer_id, question, answer.text, cited)
        if thread_key:
            await asyncio.to_thread(self.state.add_turn, thread_key, turn_of(answer))
        return answer, answer_id

    def report_failure(self, error: BaseException, message: str, *args: object) -> str:
        """Log a failure to serve a user, with `message % args` as context, and return the one
        line to show them. An outage (the store unreachable, the platform's API failing after
        its client's retries) is logged once per outage; anything else every time, with its
        traceback."""
        if isinstance(error, StoreUnavailableError):
            self.store_outage.failed(f"{message}: %s", *args, error)
            return STORE_UNAVAILABLE
        cause = self._outage_cause(error)
        if cause:
            self.platform_outage.failed(f"{message}: the {self._platform} API is failing (%s)", *args, cause)
            return FRIENDLY_ERROR
        self._log.error(message, *args, exc_info=error)
        return FRIENDLY_ERROR


@dataclass(frozen=True, slots=True)
class CitationLookup:
    """What /cite, `paperbot cite` and the lookups of every surface show: the paper (None when
    nothing in the corpus matches the query), and otherwise the closest titles to offer."""

    found: Lookup
    matched: bool

    @property
    def closest(self) -> tuple[Paper, ...]:
        return tuple(p for p in (self.found.paper, *self.found.alternatives) if p is not None)[:3]


def look_up(answerer: Answerer, query: str) -> CitationLookup | None:
    """The citation lookup shared by the CLI, Discord and Slack; None when no paper is stored.
    Blocking: adapters run it off the event loop."""
    found = lookup_paper(answerer.retriever, query)
    if found.paper is None:
        return None
    return CitationLookup(found, not answerer.finds_nothing(query))
