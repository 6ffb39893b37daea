"""The Discord client and what every feature module of this package shares: its settings, the
no-ping policy, telling a Discord outage from our own faults, answers sent with their 👍/👎
buttons, /help and the commands' error handler. Dependencies are handed in; nothing here answers."""

from __future__ import annotations

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
from bot.chat import Asked, Room
from bot.render.discord import DISCORD, discord_messages
from bot.render.features import failure_text, feedback_text, help_text
from ingest.enrich import EnrichReport
from ingest.pipeline import IngestReport

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()
IngestCallback = Callable[[Path], Awaitable[IngestReport]]
# The admin's enrich (`/ingest enrich:True`): stored papers resolved to arXiv (bot/compose.py).
EnrichCallback = Callable[[], Awaitable[EnrichReport]]


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


def discord_outage(error: BaseException) -> str | None:
    """Why Discord failed (a 5xx after discord.py's own retries, no connection); None otherwise."""
    error = getattr(error, "original", error)  # a slash command's error wraps the real one
    if isinstance(error, discord.DiscordServerError):
        return f"HTTP {error.status}"
    if isinstance(error, aiohttp.ClientConnectionError | TimeoutError):
        return f"{type(error).__name__}: {error}"
    return None


class PaperBot(discord.Client):
    """paperbot on Discord. The room (the chat core with the state store), the settings, the
    admin ingest and the announcer are handed in; the feature modules register their commands
    and listeners on it (`bot/discord/app.py`)."""

    def __init__(
        self,
        room: Room,
        config: DiscordConfig,
        ingest: IngestCallback | None = None,
        announcer: Announcer | None = None,
        enrich: EnrichCallback | None = None,
    ) -> None:
        intents = discord.Intents.default()
        intents.message_content = True
        super().__init__(intents=intents, allowed_mentions=NO_MENTIONS)
        self.room, self.config, self.ingest_callback, self.announcer = room, config, ingest, announcer
        self.enrich_callback = enrich
        # What features start once the client runs its event loop (the daily schedule).
        self.at_start: list[Callable[[], object]] = []
        self.tree = app_commands.CommandTree(self)
        self.tree.error(self._on_command_error)

        @self.tree.command(name="help", description="What paperbot can do.")
        async def help_command(interaction: discord.Interaction) -> None:
            text = help_text(DISCORD)
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)

    async def setup_hook(self) -> None:
        self.add_dynamic_items(FeedbackButton)
        for start in self.at_start:
            start()
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

    async def send_answer(self, send: Callable[..., Awaitable[Any]], asked: Asked) -> None:
        """Send an answer through `send` (a channel's, or an interaction's follow-up), split
        within Discord's limits, the 👍/👎 buttons under its last message."""
        messages = discord_messages(asked.answer)
        for index, message in enumerate(messages):
            extra: dict[str, Any] = {}
            if message["content"]:
                extra["content"] = message["content"]
            if index == len(messages) - 1 and asked.answer.grounded:
                extra["view"] = feedback_view(asked.answer_id)
            embeds = [discord.Embed.from_dict(embed) for embed in message["embeds"]]
            await send(embeds=embeds, allowed_mentions=NO_MENTIONS, **extra)
        self.room.delivered()

    async def _on_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        command = interaction.command.name if interaction.command else "?"
        cause = getattr(error, "original", error)  # a failed command's own exception
        failure = self.room.report_failure(
            cause, "discord: /%s failed for user %s", command, interaction.user.id
        )
        try:
            if interaction.response.is_done():
                await interaction.followup.send(failure_text(failure), ephemeral=True)
            else:
                await interaction.response.send_message(failure_text(failure), ephemeral=True)
        except Exception as failed:
            context = "discord: could not tell user %s that /%s failed"
            self.room.report_failure(failed, context, interaction.user.id, command)


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
        known = await bot.room.feedback(self.answer_id, str(interaction.user.id), self.vote == "up")
        await interaction.response.send_message(
            feedback_text(known), ephemeral=True, allowed_mentions=NO_MENTIONS
        )


def feedback_view(answer_id: str) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(FeedbackButton("up", answer_id))
    view.add_item(FeedbackButton("down", answer_id))
    return view
