"""Slack events: a mention answered in its thread, follow-ups in that thread without a mention,
DMs without one (and an admin's files shared in a DM, for ingest)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.render import SLACK, help_text
from bot.slack.ingest import ingest_shared_files
from bot.slack.shared import SlackBot, question_text


def register(app: AsyncApp, bot: SlackBot) -> None:
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
            if not await bot.room.follows(key):
                return
        else:
            return
        if not bot.recent.claim(f"message:{channel}:{ts}"):
            return
        question = question_text(event.get("text", ""), context.bot_user_id)
        if is_dm and question.lower() in ("help", "?"):
            await client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=help_text(SLACK))
            return
        await bot.reply(client, event, question, thread_ts, key)
