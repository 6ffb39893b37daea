"""Topic watches on Discord: /watch, /unwatch, /watches. A watcher is mentioned next to the
day's new papers that match the topic (bot/announce.py decides which)."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.discord.client import NO_MENTIONS, PaperBot
from bot.render.discord import DISCORD
from bot.render.features import unwatch_text, watch_text, watches_text


def register(bot: PaperBot) -> None:
    room = bot.room

    @bot.tree.command(name="watch", description="Get pinged when a new paper matches a topic.")
    @app_commands.describe(topic="e.g. 'reward hacking' or 'image-goal navigation'")
    async def watch(interaction: discord.Interaction, topic: str) -> None:
        change = await room.watch(str(interaction.user.id), topic)
        text = watch_text(change, DISCORD)
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)

    @bot.tree.command(name="unwatch", description="Stop watching a topic.")
    @app_commands.describe(topic="the topic exactly as listed by /watches")
    async def unwatch(interaction: discord.Interaction, topic: str) -> None:
        change = await room.unwatch(str(interaction.user.id), topic)
        text = unwatch_text(change, DISCORD)
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)

    @bot.tree.command(name="watches", description="The topics you watch.")
    async def watches(interaction: discord.Interaction) -> None:
        text = watches_text(await room.watches(str(interaction.user.id)), DISCORD)
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)
