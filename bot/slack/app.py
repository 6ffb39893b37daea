"""The Slack app (slack-bolt, async): built with every listener registered (`register(app, bot)`
per listener kind: events, commands, actions), and served over Socket Mode or HTTP."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.app.async_server import AsyncSlackAppServer
from slack_bolt.async_app import AsyncApp
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError

from bot.chat import Chat, Limits, Room
from bot.health import Heartbeat
from bot.slack import actions, commands, events
from bot.slack.shared import (
    EnrichCallback,
    IngestCallback,
    SlackBot,
    SlackConfig,
    build_web_client,
    slack_outage,
)
from bot.state import StateStore
from rag.errors import PaperbotError

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"


class SlackStartError(PaperbotError):
    """Slack refused to start the app (a revoked token, a missing scope); the message says which."""


class _NoTokenWarning(logging.Filter):
    """Bolt warns that SLACK_BOT_TOKEN in the environment is unused when it is handed a client:
    it is the same token, and the client is ours on purpose (its retries)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "will be unused" not in record.getMessage()


logging.getLogger("slack_bolt.AsyncApp").addFilter(_NoTokenWarning())


def build_slack_app(
    chat: Chat,
    state: StateStore,
    config: SlackConfig,
    ingest: IngestCallback | None = None,
    enrich: EnrichCallback | None = None,
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
    room = Room(
        chat,
        state,
        "slack",
        Limits(config.cooldown_seconds, config.max_question_chars, config.conversation_idle_seconds),
        api_name="Slack Web",
        platform_outage=slack_outage,
        logger=logging.getLogger("bot.slack"),
    )
    bot = SlackBot(room, config, ingest, enrich)

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

    for listeners in (events, commands, actions):
        listeners.register(app, bot)
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
    except (aiohttp.ClientError, TimeoutError, OSError) as error:
        raise SlackStartError(
            f"cannot reach Slack ({type(error).__name__}: {error}); check the network and try again"
        ) from None
    return str(response.get("user", "paperbot"))


async def serve(app: AsyncApp, config: SlackConfig, started: Callable[[], None] = lambda: None) -> None:
    """Run until cancelled: Socket Mode (an outbound WebSocket), or HTTP on `config.port`.
    `started` runs once Slack has accepted the tokens; the heartbeat beats while connected."""
    name = await check_token(app)
    if config.mode == "http":
        server = AsyncSlackAppServer(port=config.port, path=EVENTS_PATH, app=app, host=config.host)
        runner = web.AppRunner(server.web_app)
        await runner.setup()
        await web.TCPSite(runner, config.host, config.port).start()
        log.info("slack: %s listening on http://%s:%d%s", name, config.host, config.port, EVENTS_PATH)
        started()
        try:
            await _until_cancelled(config, _always)
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
    started()
    try:
        await _until_cancelled(config, handler.client.is_connected)
    finally:
        await handler.close_async()  # type: ignore[no-untyped-call]


async def _always() -> bool:
    return True


async def _until_cancelled(config: SlackConfig, connected: Callable[[], Awaitable[bool]]) -> None:
    """Wait until cancelled, beating the heartbeat (when there is a data directory)."""
    if config.data_dir is None:
        await asyncio.Event().wait()
        return
    heartbeat = Heartbeat(config.data_dir, "slack", connected)
    heartbeat.start()
    try:
        await asyncio.Event().wait()
    finally:
        await heartbeat.stop()
