"""Slack slash commands: /paper-ask, /paper-cite, /paper-similar and /paper-watch. Each is
acknowledged at once (Slack allows 3 seconds) and answered after, through the response URL."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.render.features import (
    failure_text,
    help_text,
    question_problem_text,
    unwatch_text,
    watch_text,
    watches_text,
)
from bot.render.slack import (
    SLACK,
    SLACK_CITE_USAGE,
    SLACK_SIMILAR_USAGE,
    slack_answer_message,
    slack_cite_reply,
    slack_escape,
    slack_question_header,
    slack_similar_reply,
)
from bot.slack.shared import Ack, Respond, SlackBot, question_text
from rag.retrieve import QueryError

MAX_QUERY_CHARS = 300
# Channels the bot cannot post to by itself; /paper-ask then answers through the response URL.
_CANNOT_POST = frozenset({"not_in_channel", "channel_not_found", "is_archived", "restricted_action"})


def register(app: AsyncApp, bot: SlackBot) -> None:
    chat = bot.room.chat

    @app.command("/paper-ask")
    async def ask(ack: Ack, command: dict[str, Any], client: AsyncWebClient, respond: Respond) -> None:
        question = question_text(command.get("text", ""), None)
        if question.lower() in ("", "help"):
            await ack(text=help_text(SLACK))
            return
        problem = bot.room.check_question(command["user_id"], question)
        if problem:
            await ack(text=question_problem_text(problem, SLACK))  # ephemeral: only the asker sees it
            return
        await ack()
        await _guarded(bot, respond, "/paper-ask", command, _ask(bot, client, respond, command, question))

    @app.command("/paper-cite")
    async def cite(ack: Ack, command: dict[str, Any], respond: Respond) -> None:
        query = " ".join(command.get("text", "").split())[:MAX_QUERY_CHARS]
        if not query:
            await ack(text=SLACK_CITE_USAGE)
            return
        await ack()

        async def reply() -> None:
            looked = await chat.cite(query)
            visible = "in_channel" if looked is not None and looked.matched else "ephemeral"
            await respond(response_type=visible, **slack_cite_reply(looked))

        await _guarded(bot, respond, "/paper-cite", command, reply())

    @app.command("/paper-similar")
    async def similar(ack: Ack, command: dict[str, Any], respond: Respond) -> None:
        query = " ".join(command.get("text", "").split())[:MAX_QUERY_CHARS]
        if not query:
            await ack(text=SLACK_SIMILAR_USAGE)
            return
        await ack()

        async def reply() -> None:
            found = await chat.similar(query)
            visible = "in_channel" if found is not None and found.paper is not None else "ephemeral"
            await respond(response_type=visible, **slack_similar_reply(found))

        await _guarded(bot, respond, "/paper-similar", command, reply())

    @app.command("/paper-watch")
    async def watch(ack: Ack, command: dict[str, Any]) -> None:
        """`/paper-watch TOPIC` watches, `/paper-watch remove TOPIC` stops, `/paper-watch` lists."""
        user, words = command["user_id"], " ".join(command.get("text", "").split())
        action, _, rest = words.partition(" ")
        if action.lower() in ("remove", "unwatch", "stop") and rest:
            text = unwatch_text(await bot.room.unwatch(user, rest), SLACK)
        elif not words or words.lower() == "list":
            text = watches_text(await bot.room.watches(user), SLACK)
        else:
            text = watch_text(await bot.room.watch(user, words), SLACK)
        await ack(text=text)


async def _guarded(
    bot: SlackBot, respond: Respond, name: str, command: dict[str, Any], work: Awaitable[None]
) -> None:
    """Run a command's slow part; any failure is logged with context and shown as one line."""
    try:
        await work
    except QueryError as error:
        await respond(text=slack_escape(str(error)), response_type="ephemeral")
    except Exception as error:
        user, channel = command.get("user_id"), command.get("channel_id")
        context = "slack: %s failed for user %s in channel %s"
        failure = bot.room.report_failure(error, context, name, user, channel)
        try:
            await respond(text=failure_text(failure), response_type="ephemeral")
        except Exception as failed:
            bot.room.report_failure(failed, "slack: could not tell user %s that %s failed", user, name)


async def _ask(
    bot: SlackBot, client: AsyncWebClient, respond: Respond, command: dict[str, Any], question: str
) -> None:
    """The question as a message in the channel, the answer in its thread (follow-ups keep the
    context); where the bot may not post, the answer comes through the response URL instead."""
    channel = command["channel_id"]
    try:
        header = await client.chat_postMessage(channel=channel, text=slack_question_header(question))
    except SlackApiError as error:
        if error.response.get("error") not in _CANNOT_POST:
            raise
        asked = await bot.room.ask(question, None)
        await respond(response_type="in_channel", **slack_answer_message(asked.answer, asked.answer_id))
        return
    root = str(header["ts"])
    await bot.room.start_thread(f"slack:{channel}:{root}")
    await bot.post_answer(client, channel, root, await bot.room.ask(question, f"slack:{channel}:{root}"))
