"""Posting the daily digest to Discord channels, the topic-watch commands, and the scheduler."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import aiohttp
import discord
from discord import app_commands
from discord.ext import tasks

from bot.announce import Digest, DigestItem, PostError, last_complete_day
from bot.discord_app import NO_MENTIONS
from bot.render import digest_item_text, neutralize_mentions

if TYPE_CHECKING:
    from bot.discord_app import PaperBot

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
        day, count = digest.day.isoformat(), len(digest.items)
        text = f"📰 **New papers for {day}**: {count} of the day's most upvoted"
        with _as_post_error(self._channel_id):
            channel = await self._target()
            message = await channel.send(text, allowed_mentions=NO_MENTIONS, nonce=nonce)
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
                name = neutralize_mentions(item.paper.title)[:95] or "paper"
                try:
                    await channel.create_thread(name=name, message=message, auto_archive_duration=10080)
                except discord.HTTPException as error:
                    if error.code != THREAD_ALREADY_CREATED:  # else: a crashed run started it
                        raise
        return str(message.id)

    async def post_empty(self, day: dt.date) -> None:
        with _as_post_error(self._channel_id):
            channel = await self._target()
            await channel.send(f"No new papers for {day.isoformat()}.", allowed_mentions=NO_MENTIONS)


def register_announce_commands(bot: PaperBot) -> None:
    tree = bot.tree

    @tree.command(name="watch", description="Get pinged when a new paper matches a topic.")
    @app_commands.describe(topic="e.g. 'reward hacking' or 'image-goal navigation'")
    async def watch(interaction: discord.Interaction, topic: str) -> None:
        topic = " ".join(topic.split())[:200]
        if not topic:
            await interaction.response.send_message("Tell me a topic to watch.", ephemeral=True)
            return
        added = bot.state.add_watch("discord", str(interaction.user.id), topic)
        text = f"Watching “{topic}”." if added else f"You already watch “{topic}”."
        await interaction.response.send_message(
            neutralize_mentions(text), ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    @tree.command(name="unwatch", description="Stop watching a topic.")
    @app_commands.describe(topic="the topic exactly as listed by /watches")
    async def unwatch(interaction: discord.Interaction, topic: str) -> None:
        removed = bot.state.remove_watch("discord", str(interaction.user.id), " ".join(topic.split()))
        text = "Stopped watching it." if removed else "You were not watching that; see /watches."
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)

    @tree.command(name="watches", description="The topics you watch.")
    async def watches(interaction: discord.Interaction) -> None:
        topics = [w.topic for w in bot.state.watches("discord", str(interaction.user.id))]
        text = (
            "You watch: " + ", ".join(f"“{t}”" for t in topics)
            if topics
            else "You watch no topics yet: /watch one."
        )
        await interaction.response.send_message(
            neutralize_mentions(text), ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    @tree.command(name="announce-now", description="(admins) Post today's new papers now.")
    async def announce_now(interaction: discord.Interaction) -> None:
        if not bot.is_admin(interaction.user):
            await interaction.response.send_message("Only the group's admins can do that.", ephemeral=True)
            return
        if bot.announcer is None or not bot.config.announce_channel_ids:
            await interaction.response.send_message("Announcements are not configured.", ephemeral=True)
            return
        await interaction.response.defer(thinking=True, ephemeral=True)
        reports = await run_announcements(bot)
        posted = sum(len(ids) for report in reports for ids in report.posted.values())
        problems = [p for report in reports for p in report.problems]
        summary = f"Posted {posted} papers." + (
            f" Problems: {'; '.join(problems)[:1500]}" if problems else ""
        )
        await interaction.followup.send(summary, ephemeral=True, allowed_mentions=NO_MENTIONS)


async def run_announcements(bot: PaperBot) -> list:  # type: ignore[type-arg]
    assert bot.announcer is not None
    posters = [DiscordPoster(bot, channel_id) for channel_id in bot.config.announce_channel_ids]
    today = last_complete_day()
    return await bot.announcer.run(posters, today)


def start_scheduler(bot: PaperBot) -> tasks.Loop:  # type: ignore[type-arg]
    """Run the job every day at ANNOUNCE_AT (UTC); missed days are caught up by the job itself."""

    @tasks.loop(time=bot.config.announce_at)
    async def daily() -> None:
        try:
            reports = await run_announcements(bot)
            log.info("announce: %s", [r.as_dict() for r in reports])
        except Exception:
            log.exception("announce: the daily run failed; it will retry tomorrow or on /announce-now")

    daily.start()
    return daily
