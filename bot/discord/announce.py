"""The daily digest on Discord: posting to channels (each paper its own message and thread), the
daily schedule, and the admins' /announce-now."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager

import aiohttp
import discord
from discord import app_commands

from bot.announce import DayReport, Digest, DigestItem, PostError, last_complete_day
from bot.discord.client import NO_MENTIONS, PaperBot, missing_permission
from bot.render.discord import digest_item_text, discord_thread_name
from bot.render.features import ADMINS_ONLY, ANNOUNCE_DISABLED, announce_summary, digest_empty, digest_header
from bot.schedule import DailySchedule

log = logging.getLogger(__name__)
THREAD_ALREADY_CREATED = 160004  # Discord's error code: this message already has its thread


@contextmanager
def _as_post_error(channel_id: int) -> Iterator[None]:
    try:
        yield
    except discord.HTTPException as error:
        raise PostError(f"Discord refused a post to channel {channel_id}: HTTP {error.status}") from error
    except (aiohttp.ClientError, TimeoutError) as error:
        raise PostError(f"cannot reach Discord: {type(error).__name__}: {error}") from error


class DiscordPoster:
    """One channel. Each paper is its own message with its own thread for discussion."""

    def __init__(self, client: discord.Client, channel_id: int) -> None:
        self._client = client
        self._channel_id = channel_id
        self._channel: discord.abc.Messageable | None = None
        self._warned = False

    @property
    def destination(self) -> str:
        return f"discord:{self._channel_id}"

    @property
    def platform(self) -> str:
        return "discord"

    async def _target(self) -> discord.abc.Messageable:
        if self._channel is None:
            channel = self._client.get_channel(self._channel_id) or await self._client.fetch_channel(
                self._channel_id
            )
            if not isinstance(channel, discord.abc.Messageable):
                raise TypeError(f"Discord channel {self._channel_id} cannot take messages")
            self._channel = channel
        return self._channel

    async def post_header(self, digest: Digest, nonce: str) -> str:
        with _as_post_error(self._channel_id):
            channel = await self._target()
            message = await channel.send(
                digest_header(digest, "**"), allowed_mentions=NO_MENTIONS, nonce=nonce
            )
        return str(message.id)

    async def post_item(self, day: dt.date, item: DigestItem, nonce: str, header: str) -> str:
        mentions = tuple(f"<@{user_id}>" for user_id in item.watchers)
        # Only the watchers of this paper may be pinged, and nobody else, whatever the text says.
        allowed = discord.AllowedMentions(
            everyone=False,
            roles=False,
            replied_user=False,
            users=[discord.Object(int(u)) for u in item.watchers],
        )
        with _as_post_error(self._channel_id):
            channel = await self._target()
            # A resumed run sends with the same nonce: Discord returns the message it already has.
            message = await channel.send(
                digest_item_text(item.paper, item.summary, mentions),
                allowed_mentions=allowed,
                nonce=nonce,
                suppress_embeds=True,
            )
            if isinstance(channel, discord.TextChannel):
                name = discord_thread_name(item.paper.title, fallback="paper")
                try:
                    await channel.create_thread(name=name, message=message, auto_archive_duration=10080)
                except discord.Forbidden:
                    # The paper is out; its discussion just has no thread. Said once per run.
                    if not self._warned:
                        self._warned = True
                        named = missing_permission(channel, "create_public_threads")
                        log.warning(
                            "announce: I need %s in #%s to open each paper's thread", named, channel.name
                        )
                except discord.HTTPException as error:
                    if error.code != THREAD_ALREADY_CREATED:  # else: a crashed run started it
                        raise
        return str(message.id)

    def thread_key(self, reference: str) -> str | None:
        # A thread started on a message has the message's id: bot/discord/ask.py keys it so.
        return f"discord:{reference}"

    async def post_empty(self, day: dt.date) -> None:
        with _as_post_error(self._channel_id):
            channel = await self._target()
            await channel.send(digest_empty(day), allowed_mentions=NO_MENTIONS)


@asynccontextmanager
async def discord_posters(token: str, channel_ids: Sequence[int]) -> AsyncIterator[list[DiscordPoster]]:
    """Posters for `paperbot announce` from cron: a client logged in for the run, no gateway."""
    client = discord.Client(intents=discord.Intents.none(), allowed_mentions=NO_MENTIONS)
    async with client:
        await client.login(token)
        yield [DiscordPoster(client, channel) for channel in channel_ids]


def register(bot: PaperBot) -> None:
    if bot.announcer is not None and bot.config.announce_channel_ids:
        bot.at_start.append(lambda: start_scheduler(bot))

    @bot.tree.command(
        name="announce-now", description="(admins) Post the last complete day's new papers now."
    )
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def announce_now(interaction: discord.Interaction) -> None:
        if not bot.is_admin(interaction.user):
            await interaction.response.send_message(ADMINS_ONLY, ephemeral=True)
            return
        if bot.announcer is None or not bot.config.announce_channel_ids:
            await interaction.response.send_message(ANNOUNCE_DISABLED, ephemeral=True)
            return
        await interaction.response.defer(thinking=True, ephemeral=True)
        summary = announce_summary(await run_announcements(bot), last_complete_day())
        await interaction.followup.send(summary, ephemeral=True, allowed_mentions=NO_MENTIONS)


async def run_announcements(bot: PaperBot) -> list[DayReport]:
    assert bot.announcer is not None
    posters = [DiscordPoster(bot, channel_id) for channel_id in bot.config.announce_channel_ids]
    return await bot.announcer.run(posters, last_complete_day())


def start_scheduler(bot: PaperBot) -> DailySchedule:
    """The daily job at ANNOUNCE_AT (UTC), at start when due, retried after a failure; missed
    days are caught up by the job itself."""
    assert bot.announcer is not None
    announcer = bot.announcer
    destinations = [f"discord:{channel_id}" for channel_id in bot.config.announce_channel_ids]

    async def due() -> bool:
        await bot.wait_until_ready()  # posting needs the channels in the cache
        return await announcer.unfinished(destinations)

    schedule = DailySchedule(lambda: run_announcements(bot), due, bot.config.announce_at)
    schedule.start()
    return schedule
