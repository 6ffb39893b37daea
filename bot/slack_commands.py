"""Slack slash commands (/paper-ask, /paper-cite, /paper-similar), the "did you mean" menu, and
the admin-only ingest of files shared with the bot in a DM.

Every command is acknowledged at once (Slack allows 3 seconds) and answered after.
"""

from __future__ import annotations

import asyncio
import logging
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import aiohttp
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.chat import look_up
from bot.render import (
    slack_answer_message,
    slack_cite_message,
    slack_escape,
    slack_similar_message,
    slack_text_message,
)
from bot.slack_app import FRIENDLY_ERROR, HELP_TEXT, question_text
from ingest.pipeline import SUPPORTED_SUFFIXES
from rag.answer import Answerer
from rag.cite import bibtex
from rag.markup import display_title
from rag.retrieve import QueryError
from rag.similar import NoPaperError, Similar, find_similar

if TYPE_CHECKING:
    from bot.slack_app import SlackBot

log = logging.getLogger(__name__)

Ack = Callable[..., Awaitable[Any]]
Respond = Callable[..., Awaitable[Any]]
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_QUERY_CHARS = 300
# Channels the bot cannot post to by itself; /paper-ask then answers through the response URL.
_CANNOT_POST = frozenset({"not_in_channel", "channel_not_found", "is_archived", "restricted_action"})


def register_commands(app: AsyncApp, bot: SlackBot) -> None:
    @app.command("/paper-ask")
    async def ask(ack: Ack, command: dict[str, Any], client: AsyncWebClient, respond: Respond) -> None:
        question = question_text(command.get("text", ""), None)
        if question.lower() in ("", "help"):
            await ack(text=HELP_TEXT)
            return
        problem = bot.check_question(command["user_id"], question)
        if problem:
            await ack(text=problem)  # ephemeral: only the asker sees it
            return
        await ack()
        await _guarded(bot, respond, "/paper-ask", command, _ask(bot, client, respond, command, question))

    @app.command("/paper-cite")
    async def cite(ack: Ack, command: dict[str, Any], respond: Respond) -> None:
        query = " ".join(command.get("text", "").split())[:MAX_QUERY_CHARS]
        if not query:
            await ack(text="Usage: `/paper-cite` a title, an acronym like InfAlign, or an arXiv id.")
            return
        await ack()
        await _guarded(bot, respond, "/paper-cite", command, _cite(bot.answerer, respond, query))

    @app.command("/paper-similar")
    async def similar(ack: Ack, command: dict[str, Any], respond: Respond) -> None:
        query = " ".join(command.get("text", "").split())[:MAX_QUERY_CHARS]
        if not query:
            await ack(text="Usage: `/paper-similar` a paper id, arXiv id or title words.")
            return
        await ack()
        await _guarded(bot, respond, "/paper-similar", command, _similar(bot.answerer, respond, query))

    @app.command("/paper-watch")
    async def watch(ack: Ack, command: dict[str, Any]) -> None:
        """`/paper-watch TOPIC` watches, `/paper-watch remove TOPIC` stops, `/paper-watch` lists."""
        await ack(
            text=await asyncio.to_thread(_watch_reply, bot, command["user_id"], command.get("text", ""))
        )

    @app.action("cite_pick")
    async def cite_pick(ack: Ack, action: dict[str, Any], respond: Respond) -> None:
        await ack()
        paper_id = action.get("selected_option", {}).get("value", "")
        paper = bot.answerer.retriever.papers().get(paper_id)
        if paper is None:
            await respond(text="That paper is gone from the store.", response_type="ephemeral")
            return
        await respond(replace_original=True, **slack_cite_message(paper, bibtex(paper), 1.0))


def _watch_reply(bot: SlackBot, user_id: str, text: str) -> str:
    words = " ".join(text.split())[:200]
    action, _, rest = words.partition(" ")
    if action.lower() in ("remove", "unwatch", "stop") and rest:
        removed = bot.state.remove_watch("slack", user_id, rest)
        return (
            "Stopped watching it."
            if removed
            else "You were not watching that: `/paper-watch` lists your topics."
        )
    if not words or words.lower() == "list":
        topics = [w.topic for w in bot.state.watches("slack", user_id)]
        if not topics:
            return (
                "You watch no topics yet: `/paper-watch reward hacking` pings you when a new paper matches."
            )
        return slack_escape("You watch: " + ", ".join(f"“{t}”" for t in topics))
    added = bot.state.add_watch("slack", user_id, words)
    return slack_escape(f"Watching “{words}”." if added else f"You already watch “{words}”.")


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
        text = bot.chat.report_failure(error, context, name, user, channel)
        try:
            await respond(text=text, response_type="ephemeral")
        except Exception as failure:
            bot.chat.report_failure(failure, "slack: could not tell user %s that %s failed", user, name)


async def _ask(
    bot: SlackBot, client: AsyncWebClient, respond: Respond, command: dict[str, Any], question: str
) -> None:
    """The question as a message in the channel, the answer in its thread (follow-ups keep the
    context); where the bot may not post, the answer comes through the response URL instead."""
    channel = command["channel_id"]
    try:
        header = await client.chat_postMessage(channel=channel, text=f"❓ {slack_escape(question)}")
    except SlackApiError as error:
        if error.response.get("error") not in _CANNOT_POST:
            raise
        answer, answer_id = await bot.answer(question, None)
        await respond(response_type="in_channel", **slack_answer_message(answer, answer_id))
        return
    root = str(header["ts"])
    answer, answer_id = await bot.answer(question, f"slack:{channel}:{root}")
    await bot.post_answer(client, channel, root, answer, answer_id)


async def _cite(answerer: Answerer, respond: Respond, query: str) -> None:
    looked = await asyncio.to_thread(look_up, answerer, query)
    if looked is None:
        await respond(text="No papers are stored yet.", response_type="ephemeral")
        return
    if not looked.matched:
        closest = "; ".join(display_title(p.title) for p in looked.closest)
        await respond(
            text=f"No paper in the corpus matches that. The closest titles: {closest}.",
            response_type="ephemeral",
        )
        return
    found = looked.found
    assert found.paper is not None
    alternatives = found.alternatives if found.ambiguous else ()
    message = slack_cite_message(found.paper, bibtex(found.paper), found.confidence, alternatives)
    await respond(response_type="in_channel", **message)


async def _similar(answerer: Answerer, respond: Respond, query: str) -> None:
    def find() -> Similar | None:
        try:
            return find_similar(answerer.retriever, query, 5, matches=not answerer.finds_nothing(query))
        except NoPaperError:
            return None

    result = await asyncio.to_thread(find)
    if result is None:
        await respond(text="No papers are stored yet.", response_type="ephemeral")
        return
    if result.paper is None:
        closest = "; ".join(display_title(p.title) for p in result.closest)
        await respond(
            text=f"No paper in the corpus matches that. The closest titles: {closest}.",
            response_type="ephemeral",
        )
        return
    neighbours = [n.paper for n in result.neighbours]
    await respond(response_type="in_channel", **slack_similar_message(result.paper, neighbours))


# ---- admin: ingest files shared with the bot in a DM ----------------------------------------


async def ingest_shared_files(bot: SlackBot, client: AsyncWebClient, event: dict[str, Any]) -> None:
    """An admin DMs the bot files with the word "ingest": each is downloaded and ingested."""
    channel, user = event["channel"], event.get("user", "")
    if not event.get("text", "").strip().lower().startswith("ingest"):
        await client.chat_postMessage(
            channel=channel, text='To add papers, share the file with the message "ingest" (admins only).'
        )
        return
    if not bot.is_admin(user):
        await client.chat_postMessage(channel=channel, text="Only the group's admins can add papers.")
        return
    if bot.ingest_callback is None:
        await client.chat_postMessage(channel=channel, text="Ingest is not enabled on this bot.")
        return
    summaries = []
    for shared in event.get("files", [])[:5]:
        name = str(shared.get("name", "file"))
        try:
            summaries.append(f"{name}: {await _ingest_one(bot, client, shared)}")
        except Exception:
            log.exception("slack: ingesting file %s from user %s failed", shared.get("id"), user)
            summaries.append(f"{name}: {FRIENDLY_ERROR}")
    await client.chat_postMessage(channel=channel, **slack_text_message("\n".join(summaries) or "No files."))


async def _ingest_one(bot: SlackBot, client: AsyncWebClient, shared: dict[str, Any]) -> str:
    assert bot.ingest_callback is not None
    suffix = Path(str(shared.get("name", ""))).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        return f"not a supported format (use {', '.join(SUPPORTED_SUFFIXES)})"
    if int(shared.get("size") or 0) > MAX_UPLOAD_BYTES:
        return "too large (20 MB at most)"
    url = str(shared.get("url_private_download") or shared.get("url_private") or "")
    if not _is_slack_file_url(url, client.base_url):
        return "not a file hosted by Slack"
    # The bot token goes only to Slack's own file host (checked above), never elsewhere.
    headers = {"Authorization": f"Bearer {client.token}"}
    timeout = aiohttp.ClientTimeout(total=60)
    async with (
        aiohttp.ClientSession(timeout=timeout) as session,
        session.get(url, headers=headers) as response,
    ):
        if response.status != 200:
            return f"Slack would not hand over the file (HTTP {response.status})"
        content = await response.content.read(MAX_UPLOAD_BYTES + 1)
    if len(content) > MAX_UPLOAD_BYTES:
        return "too large (20 MB at most)"
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"upload{suffix}"
        path.write_bytes(content)
        return await bot.ingest_callback(path)


def _is_slack_file_url(url: str, api_url: str) -> bool:
    parts, api = urlsplit(url), urlsplit(api_url)
    if parts.hostname in ("files.slack.com",) and parts.scheme == "https":
        return True
    return bool(parts.hostname) and (parts.scheme, parts.netloc) == (api.scheme, api.netloc)
