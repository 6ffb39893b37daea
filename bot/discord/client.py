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
import discord.http
from discord import app_commands

from bot.announce import Announcer
from bot.chat import Asked, Room
from bot.health import Heartbeat
from bot.render.discord import DISCORD, discord_messages
from bot.render.features import failure_text, feedback_text, help_text
from ingest.enrich import EnrichReport
from ingest.pipeline import IngestReport
from rag.errors import PaperbotError

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()
# The question option's cap (Discord enforces it in the client); the room's own limit applies too.
MAX_QUESTION_OPTION_CHARS = 1000
# What the bot needs where it answers and announces, as Discord's settings name each permission.
NEEDED_PERMISSIONS = {
    "view_channel": "View Channel",
    "send_messages": "Send Messages",
    "create_public_threads": "Create Public Threads",
    "send_messages_in_threads": "Send Messages in Threads",
    "embed_links": "Embed Links",
    "read_message_history": "Read Message History",
}
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
    data_dir: Path | None = None  # where the heartbeat goes (None: no heartbeat)
    conversation_idle_seconds: float = 30 * 60
    ingest_url_schemes: tuple[str, ...] = ("https",)  # /ingest url: (tests add http for 127.0.0.1)


def discord_outage(error: BaseException) -> str | None:
    """Why Discord failed (a 5xx after discord.py's own retries, no connection); None otherwise."""
    error = getattr(error, "original", error)  # a slash command's error wraps the real one
    if isinstance(error, discord.DiscordServerError):
        return f"HTTP {error.status}"
    if isinstance(error, aiohttp.ClientConnectionError | TimeoutError):
        return f"{type(error).__name__}: {error}"
    return None


class DiscordStartError(PaperbotError):
    """The bot cannot start: Discord refused the token, or cannot be reached; the message says which."""


async def log_in(client: discord.Client, token: str) -> None:
    """Log in once, failing with one clear line (no traceback) on a bad token or no network."""
    try:
        await client.login(token)
    except discord.LoginFailure:
        raise DiscordStartError(
            "Discord refused DISCORD_TOKEN: copy the bot's token again from "
            "https://discord.com/developers/applications (Bot > Reset Token)"
        ) from None
    except (aiohttp.ClientError, TimeoutError, OSError) as error:
        raise DiscordStartError(
            f"cannot reach Discord ({type(error).__name__}: {error}); check the network and try again"
        ) from None
    except discord.HTTPException as error:
        raise DiscordStartError(f"Discord refused the login (HTTP {error.status}): {error.text}") from None


async def run_bot(
    client: discord.Client, token: str, when_logged_in: Callable[[], None] = lambda: None
) -> None:
    """Log in (one clear DiscordStartError if that fails), then stay connected until closed;
    `when_logged_in` starts what is worth starting only once Discord has accepted the token."""
    async with client:
        await log_in(client, token)
        when_logged_in()
        await client.connect(reconnect=True)


def use_api(base_url: str) -> None:
    """Send every REST call to `base_url` (…/api/v10) instead of discord.com: a proxy, a fake."""
    discord.http.Route.BASE = base_url


def quiet_voice() -> None:
    """paperbot never joins a voice channel: no warning that voice libraries are missing."""
    discord.VoiceClient.warn_nacl = False
    discord.VoiceClient.warn_dave = False


def missing_permission(channel: object, permission: str) -> str:
    """The name Discord's settings give a permission the bot lacks in `channel`: the one asked
    for, unless the channel's computed permissions show a more basic one missing first."""
    lacking = channel_lacks(channel)
    named = lacking[0] if lacking and permission not in lacking else permission
    return NEEDED_PERMISSIONS.get(named, named)


def channel_lacks(channel: object) -> list[str]:
    """The needed permissions the bot lacks in a guild channel, as far as its cache knows."""
    guild = getattr(channel, "guild", None)
    me = getattr(guild, "me", None)
    if guild is None or me is None or not hasattr(channel, "permissions_for"):
        return []
    allowed = channel.permissions_for(me)
    return [name for name in NEEDED_PERMISSIONS if not getattr(allowed, name)]


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
        quiet_voice()
        intents = discord.Intents.default()
        intents.message_content = True
        super().__init__(intents=intents, allowed_mentions=NO_MENTIONS)
        self.room, self.config, self.ingest_callback, self.announcer = room, config, ingest, announcer
        self.enrich_callback = enrich
        # What features start once the client runs its event loop (the daily schedule).
        self.at_start: list[Callable[[], object]] = []
        self.started: list[object] = []
        self.tree = app_commands.CommandTree(self)
        self.tree.error(self._on_command_error)
        self.connected = False  # to the gateway: READY or RESUMED seen since the last disconnect
        self.heartbeat = (
            Heartbeat(config.data_dir, "discord", self._is_connected) if config.data_dir else None
        )

        @self.tree.command(name="help", description="What paperbot can do.")
        async def help_command(interaction: discord.Interaction) -> None:
            text = help_text(DISCORD)
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)

    async def setup_hook(self) -> None:
        self.add_dynamic_items(FeedbackButton)
        self.started = [start() for start in self.at_start]  # kept: their tasks must not be collected
        if self.config.guild_id:
            guild = discord.Object(id=self.config.guild_id)
            self.tree.copy_global_to(guild=guild)
            await self.tree.sync(guild=guild)  # instant in one test guild
        else:
            await self.tree.sync()  # global: can take up to an hour to appear
        log.info("discord: %d commands synced", len(self.tree.get_commands()))

    async def _is_connected(self) -> bool:
        return self.connected

    async def on_ready(self) -> None:
        log.info("discord: connected as %s to %d servers", self.user, len(self.guilds))
        self.connected = True
        self.check_permissions()
        if self.heartbeat:
            self.heartbeat.start()  # beats at once, then every 30 s

    async def on_resumed(self) -> None:
        self.connected = True
        if self.heartbeat:
            await self.heartbeat.beat()

    async def on_disconnect(self) -> None:
        self.connected = False
        if self.heartbeat:
            await self.heartbeat.beat()  # says "not connected" until the gateway is back

    async def close(self) -> None:
        if self.heartbeat:
            await self.heartbeat.stop()
        await super().close()

    def check_permissions(self) -> None:
        """One WARNING per channel where the bot lacks what it needs: the announcement channels,
        and every text channel it can see (where members may ask it)."""
        for guild in self.guilds:
            for channel in guild.text_channels:
                lacking = channel_lacks(channel)
                visible = "view_channel" not in lacking
                if lacking and (visible or channel.id in self.config.announce_channel_ids):
                    names = ", ".join(NEEDED_PERMISSIONS[name] for name in lacking)
                    log.warning(
                        "discord: in #%s (%d) of %s I lack: %s", channel.name, channel.id, guild.name, names
                    )

    def is_admin(self, user: discord.abc.User) -> bool:
        if user.id in self.config.admin_user_ids:
            return True
        roles = getattr(user, "roles", [])
        return any(role.id in self.config.admin_role_ids for role in roles)

    async def send_answer(
        self, send: Callable[..., Awaitable[Any]], asked: Asked, note: str | None = None
    ) -> None:
        """Send an answer through `send` (a channel's, or an interaction's follow-up), split
        within Discord's limits, the 👍/👎 buttons under its last message; `note` goes first."""
        messages = discord_messages(asked.answer)
        for index, message in enumerate(messages):
            extra: dict[str, Any] = {}
            content = "\n".join(part for part in (note if index == 0 else None, message["content"]) if part)
            if content:
                extra["content"] = content[:2000]
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
