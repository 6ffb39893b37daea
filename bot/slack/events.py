"""Slack events: a mention answered in its thread; in a thread the bot started, the messages meant
for it (bot/addressing.py) without a mention; DMs without one, afresh after a silence or on "new
question" (and an admin's files shared in a DM, for ingest)."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.addressing import Message, is_for_the_bot, new_conversation
from bot.render.features import CONVERSATION_RESET, failure_text, help_text, question_problem_text
from bot.render.slack import SLACK, slack_escape
from bot.slack.ingest import enrich_from_dm, ingest_shared_files
from bot.slack.shared import SlackBot, question_text
from rag.retrieve import QueryError


def register(app: AsyncApp, bot: SlackBot) -> None:
    @app.event("app_mention")
    async def on_mention(event: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext) -> None:
        channel, ts = event["channel"], event["ts"]
        if not bot.recent.claim(f"message:{channel}:{ts}"):
            return
        root = event.get("thread_ts") or ts
        key = f"slack:{channel}:{root}"
        if not event.get("thread_ts"):
            await bot.room.start_thread(key)  # asked at the top: the thread is the bot's
        # In a thread a person started, only this question is answered.
        question = question_text(event.get("text", ""), context.bot_user_id)
        await _reply(bot, client, event, question, root, key)

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
        text = str(event.get("text", ""))
        if is_dm:
            key = f"slack:{channel}:{thread_ts}" if thread_ts else f"slack:{channel}"
        elif thread_ts:
            # In a thread the bot started, what is meant for it needs no mention.
            key = f"slack:{channel}:{thread_ts}"
            bot_id = context.bot_user_id
            mentions_bot = bool(bot_id) and f"<@{bot_id}" in text
            others = re.search(
                r"<@(?!" + re.escape(bot_id or "-") + r")[UW]|<!(?:here|channel|everyone)", text
            )
            heard = Message(question_text(text, bot_id), mentions_bot, False, bool(others))
            if not is_for_the_bot(heard) or not await bot.room.started(key):
                return
        else:
            return
        if not bot.recent.claim(f"message:{channel}:{ts}"):
            return
        question = question_text(text, context.bot_user_id)
        if is_dm and question.lower() == "enrich":
            await enrich_from_dm(bot, client, event)
            return
        if is_dm and question.lower() in ("help", "?"):
            await client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=help_text(SLACK))
            return
        if is_dm:
            fresh, question = new_conversation(question)
            if fresh:
                await bot.room.reset(key)
                if not question:
                    await client.chat_postMessage(
                        channel=channel, thread_ts=thread_ts, text=CONVERSATION_RESET
                    )
                    return
        await _reply(bot, client, event, question, thread_ts, key, direct=is_dm)


async def _reply(
    bot: SlackBot,
    client: AsyncWebClient,
    event: dict[str, Any],
    question: str,
    thread_ts: str | None,
    key: str,
    direct: bool = False,
) -> None:
    """Answer one message: in `thread_ts` (None: in the DM itself), remembering the turn."""
    channel, user = event["channel"], event.get("user", "")
    try:
        problem = bot.room.check_question(user, question)
        if problem:
            text = question_problem_text(problem, SLACK)
            await client.chat_postEphemeral(channel=channel, user=user, thread_ts=thread_ts, text=text)
            return
        try:
            asked = await bot.room.ask(question, key, direct=direct)
        except QueryError as error:
            text = slack_escape(str(error))
            await client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=text)
            return
        await bot.post_answer(client, channel, thread_ts, asked)
    except Exception as error:
        failure = bot.room.report_failure(
            error, "slack: failed to answer message %s in channel %s", event.get("ts"), channel
        )
        await _say_sorry(bot, client, channel, thread_ts, failure_text(failure))


async def _say_sorry(
    bot: SlackBot, client: AsyncWebClient, channel: str, thread_ts: str | None, text: str
) -> None:
    """The one line; if even that fails, the failure is logged, never raised again."""
    try:
        await client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=text)
    except Exception as error:
        bot.room.report_failure(error, "slack: could not tell channel %s that answering failed", channel)
