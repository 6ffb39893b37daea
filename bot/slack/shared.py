"""What every Slack listener shares: the adapter's settings, the Web API client with its retries,
telling a Slack outage from our own faults, reading a message's question, and posting an
answer (`SlackBot`). Nothing here reads the environment, and tokens are never logged."""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web.async_client import AsyncWebClient

from bot.chat import Asked, Room
from bot.render.slack import slack_answer_message
from ingest.enrich import EnrichReport
from ingest.pipeline import IngestReport

SLACK_API_URL = "https://slack.com/api/"
IngestCallback = Callable[[Path], Awaitable[IngestReport]]
# The admin's enrich (a DM saying "enrich"): stored papers resolved to arXiv (bot/compose.py).
EnrichCallback = Callable[[], Awaitable[EnrichReport]]
Ack = Callable[..., Awaitable[Any]]
Respond = Callable[..., Awaitable[Any]]


@dataclass(frozen=True, slots=True)
class SlackConfig:
    bot_token: str = field(repr=False)
    app_token: str | None = field(default=None, repr=False)
    signing_secret: str | None = field(default=None, repr=False)
    mode: str = "socket"  # socket | http
    port: int = 3000
    host: str = "0.0.0.0"
    admin_user_ids: frozenset[str] = frozenset()
    cooldown_seconds: float = 10.0
    max_question_chars: int = 1000
    api_url: str = SLACK_API_URL
    rate_limit_retries: int = 3
    server_error_retries: int = 2
    data_dir: Path | None = None  # where the heartbeat goes (None: no heartbeat)
    conversation_idle_seconds: float = 30 * 60


class RecentKeys:
    """Keys seen lately (event ids, channel:ts): Slack redelivers an event it thinks was lost, and
    a mention in a followed thread arrives twice (app_mention and message). Only the first counts."""

    def __init__(self, capacity: int = 5000) -> None:
        self._keys: OrderedDict[str, None] = OrderedDict()
        self._capacity = capacity

    def claim(self, key: str) -> bool:
        if key in self._keys:
            return False
        self._keys[key] = None
        if len(self._keys) > self._capacity:
            self._keys.popitem(last=False)
        return True


class ServerErrorRetryHandler(AsyncRetryHandler):
    """Retries any 5xx with backoff (0.5 s, 1 s, ...); the SDK's own handler knows only 500 and 503.
    A post Slack stored before failing could go out twice: rarer than a lost answer."""

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return response is not None and response.status_code >= 500


def build_web_client(config: SlackConfig) -> AsyncWebClient:
    """The Web API client, retrying 429s (after Retry-After), 5xx and dropped connections: the SDK
    retries neither rate limits, server errors nor more than one connection error by default."""
    return AsyncWebClient(
        token=config.bot_token,
        base_url=config.api_url,
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(max_retry_count=2),
            AsyncRateLimitErrorRetryHandler(max_retry_count=config.rate_limit_retries),
            ServerErrorRetryHandler(max_retry_count=config.server_error_retries),
        ],
    )


def slack_outage(error: BaseException) -> str | None:
    """Why Slack failed (a 5xx, no connection) after the client's retries; None for our faults."""
    if isinstance(error, SlackApiError):
        status = int(getattr(error.response, "status_code", 200))
        return f"HTTP {status}" if status >= 500 else None
    if isinstance(error, aiohttp.ClientConnectionError | TimeoutError):
        return f"{type(error).__name__}: {error}"
    return None


class SlackBot:
    """What the listeners share: the room (the chat core with the state store), the settings,
    the admin ingest, and the events already handled. Nothing here retrieves or answers."""

    def __init__(
        self,
        room: Room,
        config: SlackConfig,
        ingest: IngestCallback | None = None,
        enrich: EnrichCallback | None = None,
    ) -> None:
        self.room, self.config, self.ingest_callback = room, config, ingest
        self.enrich_callback = enrich
        self.recent = RecentKeys()

    def is_admin(self, user_id: str) -> bool:
        return user_id in self.config.admin_user_ids

    async def post_answer(
        self, client: AsyncWebClient, channel: str, thread_ts: str | None, asked: Asked
    ) -> None:
        message = slack_answer_message(asked.answer, asked.answer_id)
        await client.chat_postMessage(
            channel=channel, thread_ts=thread_ts, unfurl_links=False, unfurl_media=False, **message
        )
        self.room.delivered()


def question_text(text: str, bot_user_id: str | None) -> str:
    """Slack's markup -> what the user typed: the bot's mention dropped, links to their labels,
    other mentions dropped, and `&amp;`, `&lt;`, `&gt;` unescaped (last, so none re-forms markup)."""
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(\|[^>]*)?>", " ", text)
    text = re.sub(r"<(?:https?|mailto):[^|>]*\|([^>]*)>", r"\1", text)
    text = re.sub(r"<((?:https?|mailto):[^>]*)>", r"\1", text)
    text = re.sub(r"<#[A-Z0-9]+\|([^>]*)>", r"#\1", text)
    text = re.sub(r"<[@#!][^>]*>", " ", text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return " ".join(text.split())
