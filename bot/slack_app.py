"""The Slack adapter (slack-bolt, async): builds and runs the app and holds what its listeners
share (`bot/slack_events.py`: mentions, threads, DMs, feedback; `bot/slack_commands.py`: slash
commands, admin ingest). The answering core, the state store and the ingest callback are handed
in by the composition root; nothing here reads the environment, and tokens are never logged."""

from __future__ import annotations

import asyncio
import logging
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.app.async_server import AsyncSlackAppServer
from slack_bolt.async_app import AsyncApp
from slack_bolt.response import BoltResponse
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

from bot.chat import FRIENDLY_ERROR, ChatCore
from bot.render import slack_answer_message, slack_escape
from bot.state import StateStore
from rag.answer import Answer, Answerer
from rag.retrieve import QueryError

log = logging.getLogger(__name__)

SLACK_API_URL = "https://slack.com/api/"
EVENTS_PATH = "/slack/events"
HELP_TEXT = (
    "I answer questions about the group's reading list, citing the papers I quote.\n"
    "• Mention me with a question (or DM me): I answer in a thread; follow-ups there keep the context.\n"
    "• `/paper-ask` a question, `/paper-cite` a title, acronym or arXiv id (link and BibTeX), "
    "`/paper-similar` a paper (its nearest neighbours).\n"
    "• 👍/👎 under an answer tell us how it did."
)
IngestCallback = Callable[[Path], Awaitable[str]]


class SlackStartError(Exception):
    """Slack refused to start the app (a revoked token, a missing scope); the message says which."""


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
    """What the listeners share. Nothing here retrieves or answers: `answerer` does."""

    def __init__(
        self,
        answerer: Answerer,
        state: StateStore,
        config: SlackConfig,
        ingest: IngestCallback | None = None,
    ) -> None:
        self.answerer, self.state, self.config, self.ingest_callback = answerer, state, config, ingest
        self.chat = ChatCore(
            answerer,
            state,
            config.cooldown_seconds,
            config.max_question_chars,
            "`/paper-ask how do reward models handle noise?`",
            platform="Slack Web",
            platform_outage=slack_outage,
            logger=log,
        )
        self.recent = RecentKeys()

    def is_admin(self, user_id: str) -> bool:
        return user_id in self.config.admin_user_ids

    def check_question(self, user_id: Any, question: str) -> str | None:
        return self.chat.check_question(user_id, question)

    async def answer(self, question: str, thread_key: str | None) -> tuple[Answer, str]:
        return await self.chat.answer(question, thread_key)

    async def post_answer(
        self, client: AsyncWebClient, channel: str, thread_ts: str | None, answer: Answer, answer_id: str
    ) -> None:
        message = slack_answer_message(answer, answer_id)
        await client.chat_postMessage(
            channel=channel, thread_ts=thread_ts, unfurl_links=False, unfurl_media=False, **message
        )
        self.chat.platform_outage.succeeded()

    async def reply(
        self, client: AsyncWebClient, event: dict[str, Any], question: str, thread_ts: str | None, key: str
    ) -> None:
        """Answer one message: in `thread_ts` (None: in the DM itself), remembering the turn."""
        channel, user = event["channel"], event.get("user", "")
        try:
            problem = self.check_question(user, question)
            if problem:
                await client.chat_postEphemeral(channel=channel, user=user, thread_ts=thread_ts, text=problem)
                return
            try:
                answer, answer_id = await self.answer(question, key)
            except QueryError as error:
                text = slack_escape(str(error))
                await client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=text)
                return
            await self.post_answer(client, channel, thread_ts, answer, answer_id)
        except Exception as error:
            text = self.chat.report_failure(
                error, "slack: failed to answer message %s in channel %s", event.get("ts"), channel
            )
            await self.say_sorry(client, channel, thread_ts, text)

    async def say_sorry(self, client: AsyncWebClient, channel: str, thread_ts: str | None, text: str) -> None:
        """The one line; if even that fails, the failure is logged, never raised again."""
        try:
            await client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=text)
        except Exception as error:
            self.chat.report_failure(error, "slack: could not tell channel %s that answering failed", channel)


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


def build_slack_app(
    answerer: Answerer,
    state: StateStore,
    config: SlackConfig,
    ingest: IngestCallback | None = None,
) -> AsyncApp:
    """The bolt app with every listener registered. Signatures are checked in HTTP mode (a bad or
    stale one gets 401 before anything runs); Socket Mode needs none."""
    app = AsyncApp(
        name="paperbot",
        client=build_web_client(config),
        # Never None: bolt would read SLACK_SIGNING_SECRET from the environment itself.
        signing_secret=config.signing_secret or "",
        request_verification_enabled=True,
    )
    bot = SlackBot(answerer, state, config, ingest)

    @app.middleware
    async def drop_redeliveries(body: dict[str, Any], next: Callable[[], Awaitable[Any]]) -> Any:
        event_id = body.get("event_id")
        if isinstance(event_id, str) and not bot.recent.claim(f"event:{event_id}"):
            log.info("slack: event %s was delivered again (a retry); it is already handled", event_id)
            return BoltResponse(status=200, body="")
        return await next()

    @app.error
    async def on_error(error: Exception, body: dict[str, Any]) -> None:
        kind = body.get("command") or body.get("type") or "request"
        log.error("slack: unhandled error in %s from team %s", kind, body.get("team_id"), exc_info=error)

    from bot.slack_commands import register_commands
    from bot.slack_events import register_events

    register_events(app, bot)
    register_commands(app, bot)
    return app


async def check_token(app: AsyncApp) -> str:
    """Fail fast with one clear line when Slack refuses the bot token; returns the bot's name."""
    try:
        response = await app.client.auth_test()
    except SlackApiError as error:
        code = error.response.get("error", "unknown error")
        raise SlackStartError(
            f"Slack refused SLACK_BOT_TOKEN ({code}): reinstall the app and copy its Bot User OAuth Token"
        ) from None
    return str(response.get("user", "paperbot"))


async def serve(app: AsyncApp, config: SlackConfig) -> None:
    """Run until cancelled: Socket Mode (an outbound WebSocket), or HTTP on `config.port`."""
    name = await check_token(app)
    if config.mode == "http":
        server = AsyncSlackAppServer(port=config.port, path=EVENTS_PATH, app=app, host=config.host)
        runner = web.AppRunner(server.web_app)
        await runner.setup()
        await web.TCPSite(runner, config.host, config.port).start()
        log.info("slack: %s listening on http://%s:%d%s", name, config.host, config.port, EVENTS_PATH)
        try:
            await asyncio.Event().wait()
        finally:
            await runner.cleanup()
        return
    if not config.app_token:
        raise SlackStartError("Socket Mode needs SLACK_APP_TOKEN (an xapp- token with connections:write)")
    try:
        # The Socket Mode client retries a refused token forever; ask once first, and fail clearly.
        await app.client.apps_connections_open(app_token=config.app_token)
    except SlackApiError as error:
        code = error.response.get("error", "unknown error")
        raise SlackStartError(
            f"Slack refused SLACK_APP_TOKEN ({code}): create an app-level token with connections:write"
        ) from None
    handler = AsyncSocketModeHandler(app, config.app_token)
    await handler.connect_async()  # type: ignore[no-untyped-call]
    log.info("slack: %s connected over Socket Mode", name)
    try:
        await asyncio.Event().wait()
    finally:
        await handler.close_async()  # type: ignore[no-untyped-call]


__all__ = [
    "FRIENDLY_ERROR",
    "HELP_TEXT",
    "SlackBot",
    "SlackConfig",
    "SlackStartError",
    "build_slack_app",
    "build_web_client",
    "question_text",
    "serve",
]
