"""Slack messages: a mention answered in its thread, follow-ups in that thread without a mention,
DMs without one, and the 👍/👎 buttons under an answer. Registered by `build_slack_app`."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack_app import FRIENDLY_ERROR, HELP_TEXT, question_text
from bot.slack_commands import ingest_shared_files

if TYPE_CHECKING:
    from bot.slack_app import SlackBot

log = logging.getLogger(__name__)

_FEEDBACK_ACTION = re.compile(r"^fb:(up|down):(\w+)$")


def register_events(app: AsyncApp, bot: SlackBot) -> None:
    @app.event("app_mention")
    async def on_mention(event: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext) -> None:
        channel, ts = event["channel"], event["ts"]
        if not bot.recent.claim(f"message:{channel}:{ts}"):
            return
        root = event.get("thread_ts") or ts
        question = question_text(event.get("text", ""), context.bot_user_id)
        await bot.reply(client, event, question, root, f"slack:{channel}:{root}")

    @app.event("message")
    async def on_message(event: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext) -> None:
        subtype = event.get("subtype")
        if event.get("bot_id") or subtype not in (None, "file_share", "thread_broadcast"):
            return
        channel, ts, thread_ts = event["channel"], event["ts"], event.get("thread_ts")
        is_dm = event.get("channel_type") == "im"
        if subtype == "file_share":
            if is_dm and bot.recent.claim(f"message:{channel}:{ts}"):
                await ingest_shared_files(bot, client, event)
            return
        if is_dm:
            key = f"slack:{channel}:{thread_ts}" if thread_ts else f"slack:{channel}"
        elif thread_ts:
            # A follow-up needs no mention in a thread the bot answered in.
            key = f"slack:{channel}:{thread_ts}"
            if not await asyncio.to_thread(bot.state.turns, key):
                return
        else:
            return
        if not bot.recent.claim(f"message:{channel}:{ts}"):
            return
        question = question_text(event.get("text", ""), context.bot_user_id)
        if is_dm and question.lower() in ("help", "?"):
            await client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=HELP_TEXT)
            return
        await bot.reply(client, event, question, thread_ts, key)

    @app.action(_FEEDBACK_ACTION)
    async def on_feedback(
        ack: Callable[..., Awaitable[Any]],
        action: dict[str, Any],
        body: dict[str, Any],
        respond: Callable[..., Awaitable[Any]],
    ) -> None:
        await ack()
        match = _FEEDBACK_ACTION.match(action["action_id"])
        assert match is not None  # the listener only runs for matching action ids
        vote, answer_id, user = 1 if match[1] == "up" else -1, match[2], body["user"]["id"]
        try:
            known = await asyncio.to_thread(bot.state.record_feedback, "slack", answer_id, user, vote)
            text = "Thanks for the feedback!" if known else "That answer is too old to rate, sorry."
        except Exception:
            log.exception("slack: could not record feedback on answer %s from user %s", answer_id, user)
            text = FRIENDLY_ERROR
        await respond(text=text, response_type="ephemeral", replace_original=False)
