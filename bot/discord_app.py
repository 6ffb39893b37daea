"""The Discord adapter: parses input, defers, answers in threads, renders. The answering core,
the state store and the ingest callback are handed in by the composition root (`bot/cli.py`)."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import discord
from discord import app_commands

from bot.announce import Announcer
from bot.chat import FRIENDLY_ERROR, ChatCore, look_up
from bot.render import discord_messages, discord_plain, neutralize_mentions, paper_facts
from bot.state import StateStore
from rag.answer import Answer, Answerer
from rag.cite import bibtex
from rag.markup import display_title
from rag.retrieve import QueryError

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()
HELP_TEXT = (
    "I answer questions about the group's reading list, citing the papers I quote.\n"
    "• `/ask` or mention me with a question: I answer in a thread; follow-ups there keep the context.\n"
    "• `/cite` a title, acronym or arXiv id: the paper, its link and BibTeX.\n"
    "• `/similar` a paper: its nearest neighbours. `/paper` one paper's card.\n"
    "• 👍/👎 under an answer tell us how it did."
)
IngestCallback = Callable[[Path], Awaitable[str]]


@dataclass(frozen=True, slots=True)
class DiscordConfig:
    token: str = field(repr=False)
    guild_id: int | None = None
    admin_user_ids: frozenset[int] = frozenset()
    admin_role_ids: frozenset[int] = frozenset()
    cooldown_seconds: float = 10.0
    max_question_chars: int = 1000
    announce_channel_ids: tuple[int, ...] = ()
    announce_at: dt.time = dt.time(8, 0, tzinfo=dt.UTC)


class FeedbackButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"fb:(?P<vote>up|down):(?P<answer>\w+)"
):
    """👍/👎 under an answer; survives restarts because the answer id lives in the custom id."""

    def __init__(self, vote: str, answer_id: str) -> None:
        super().__init__(
            discord.ui.Button(
                emoji="👍" if vote == "up" else "👎",
                style=discord.ButtonStyle.secondary,
                custom_id=f"fb:{vote}:{answer_id}",
            )
        )
        self.vote, self.answer_id = vote, answer_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> FeedbackButton:
        return cls(match["vote"], match["answer"])

    async def callback(self, interaction: discord.Interaction) -> None:
        bot = interaction.client
        assert isinstance(bot, PaperBot)
        vote = 1 if self.vote == "up" else -1
        known = await asyncio.to_thread(
            bot.state.record_feedback, "discord", self.answer_id, str(interaction.user.id), vote
        )
        text = "Thanks for the feedback!" if known else "That answer is too old to rate, sorry."
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)


def discord_outage(error: BaseException) -> str | None:
    """Why Discord failed (a 5xx after discord.py's own retries, no connection); None otherwise."""
    error = getattr(error, "original", error)  # a slash command's error wraps the real one
    if isinstance(error, discord.DiscordServerError):
        return f"HTTP {error.status}"
    if isinstance(error, aiohttp.ClientConnectionError | TimeoutError):
        return f"{type(error).__name__}: {error}"
    return None


def feedback_view(answer_id: str) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(FeedbackButton("up", answer_id))
    view.add_item(FeedbackButton("down", answer_id))
    return view


class PaperBot(discord.Client):
    """paperbot on Discord. Nothing here retrieves or answers: `answerer` does."""

    def __init__(
        self,
        answerer: Answerer,
        state: StateStore,
        config: DiscordConfig,
        ingest: IngestCallback | None = None,
        announcer: Announcer | None = None,
    ) -> None:
        intents = discord.Intents.default()
        intents.message_content = True
        super().__init__(intents=intents, allowed_mentions=NO_MENTIONS)
        self.answerer, self.state, self.config, self.ingest_callback = answerer, state, config, ingest
        self.announcer = announcer
        self.chat = ChatCore(
            answerer,
            state,
            config.cooldown_seconds,
            config.max_question_chars,
            "`/ask how do reward models cope with label noise?`",
            platform="Discord",
            platform_outage=discord_outage,
            logger=log,
        )
        self.tree = app_commands.CommandTree(self)
        from bot.discord_announce import register_announce_commands
        from bot.discord_commands import register_commands

        register_commands(self)
        register_announce_commands(self)

    async def setup_hook(self) -> None:
        self.add_dynamic_items(FeedbackButton)
        if self.announcer is not None and self.config.announce_channel_ids:
            from bot.discord_announce import start_scheduler

            start_scheduler(self)
        if self.config.guild_id:
            guild = discord.Object(id=self.config.guild_id)
            self.tree.copy_global_to(guild=guild)
            await self.tree.sync(guild=guild)  # instant in one test guild
        else:
            await self.tree.sync()  # global: can take up to an hour to appear
        log.info("discord: %d commands synced", len(self.tree.get_commands()))

    def is_admin(self, user: discord.abc.User) -> bool:
        if user.id in self.config.admin_user_ids:
            return True
        roles = getattr(user, "roles", [])
        return any(role.id in self.config.admin_role_ids for role in roles)

    # ---- answering, shared by /ask and mentions ------------------------------------------------

    def check_question(self, user_id: Any, question: str) -> str | None:
        return self.chat.check_question(user_id, question)

    async def answer(self, question: str, thread_key: str | None) -> tuple[Answer, str]:
        return await self.chat.answer(question, thread_key)

    async def send_answer(self, channel: discord.abc.Messageable, answer: Answer, answer_id: str) -> None:
        messages = discord_messages(answer)
        for index, message in enumerate(messages):
            last = index == len(messages) - 1
            await channel.send(
                content=message["content"] or None,
                embeds=[discord.Embed.from_dict(e) for e in message["embeds"]],
                view=feedback_view(answer_id) if last and answer.grounded else discord.utils.MISSING,
                allowed_mentions=NO_MENTIONS,
            )
        self.chat.platform_outage.succeeded()

    # ---- mentions and thread follow-ups ---------------------------------------------------------

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or self.user is None:
            return
        in_thread = isinstance(message.channel, discord.Thread)
        mentioned = self.user in message.mentions
        is_dm = message.guild is None
        follow_up = in_thread and bool(
            await asyncio.to_thread(self.state.turns, f"discord:{message.channel.id}")
        )
        if not (mentioned or follow_up or is_dm):
            return
        question = re.sub(rf"<@!?{self.user.id}>", "", message.content).strip()
        try:
            await self._handle_message(message, question, in_thread)
        except Exception as error:
            channel_id = message.channel.id
            text = self.chat.report_failure(
                error, "discord: failed to answer message %s in channel %s", message.id, channel_id
            )
            try:
                await message.channel.send(text, allowed_mentions=NO_MENTIONS)
            except Exception as failure:
                context = "discord: could not tell channel %s that answering failed"
                self.chat.report_failure(failure, context, channel_id)

    async def _handle_message(self, message: discord.Message, question: str, in_thread: bool) -> None:
        problem = self.check_question(message.author.id, question)
        if problem:
            await message.reply(problem, allowed_mentions=NO_MENTIONS)
            return
        target: discord.abc.Messageable = message.channel
        if not in_thread and message.guild is not None:
            target = await message.create_thread(name=_thread_name(question), auto_archive_duration=1440)
        thread_key = f"discord:{getattr(target, 'id', message.channel.id)}"
        try:
            async with target.typing():
                answer, answer_id = await self.answer(question, thread_key)
        except QueryError as error:
            await target.send(str(error), allowed_mentions=NO_MENTIONS)
            return
        await self.send_answer(target, answer, answer_id)


def _thread_name(question: str) -> str:
    name = " ".join(question.split())
    return neutralize_mentions(name[:95] + ("…" if len(name) > 95 else "")) or "paperbot"


def paper_card(paper: Any) -> discord.Embed:
    facts = paper_facts(paper)
    description = paper.abstract if len(paper.abstract) <= 3500 else paper.abstract[:3500] + "…"
    embed = discord.Embed(
        title=neutralize_mentions(paper.title[:256]),
        url=paper.link,
        description=neutralize_mentions(description),
    )
    if facts:
        embed.add_field(name="Date and upvotes", value=facts, inline=True)
    if paper.author_count:
        embed.add_field(name="Authors", value=str(paper.author_count), inline=True)
    if paper.organisation:
        embed.add_field(name="Organisation", value=neutralize_mentions(paper.organisation), inline=True)
    embed.set_footer(text=f"id: {paper.id}")
    return embed


def cite_text(bot: PaperBot, query: str) -> tuple[str, list[Any]]:
    """The /cite reply and the alternatives to offer when the match is unsure."""
    looked = look_up(bot.answerer, query)
    if looked is None:
        return "No papers are stored yet.", []
    if not looked.matched:
        closest = "; ".join(display_title(p.title) for p in looked.closest)
        return neutralize_mentions(f"No paper in the corpus matches that. The closest titles: {closest}."), []
    found = looked.found
    assert found.paper is not None
    paper = found.paper
    head = f"**{paper.title}**" + (f"\n<{paper.link}>" if paper.link else "")
    body = f"{head}\n```bibtex\n{bibtex(paper)}\n```"
    if found.ambiguous:
        body = f"Not sure this is the one (confidence {found.confidence:.2f}); pick another below.\n" + body
    return neutralize_mentions(body), list(found.alternatives) if found.ambiguous else []


__all__ = [
    "FRIENDLY_ERROR",
    "DiscordConfig",
    "PaperBot",
    "cite_text",
    "discord_plain",
    "feedback_view",
    "paper_card",
]
