"""Asking on Discord: /ask, mentions, follow-ups in a thread the bot started, DMs, and /reset.
The answer goes into a thread of its own; where the bot may not start one, it says which
permission it lacks and answers in place. The question is parsed here, answered by the room."""

from __future__ import annotations

import logging
import re

import discord
from discord import app_commands

from bot.addressing import Message, is_for_the_bot, new_conversation
from bot.discord.client import MAX_QUESTION_OPTION_CHARS, NO_MENTIONS, PaperBot, missing_permission
from bot.render.discord import (
    DISCORD,
    discord_missing_permission,
    discord_question_header,
    discord_thread_name,
)
from bot.render.features import CONVERSATION_RESET, failure_text, question_problem_text
from rag.retrieve import QueryError

log = logging.getLogger("bot.discord")


def register(bot: PaperBot) -> None:
    @bot.tree.command(
        name="ask", description="Ask about the papers; I answer in a thread, citing what I quote."
    )
    @app_commands.describe(question="e.g. 'how do reward models cope with noisy preference labels?'")
    async def ask(
        interaction: discord.Interaction,
        question: app_commands.Range[str, 1, MAX_QUESTION_OPTION_CHARS],
    ) -> None:
        problem = bot.room.check_question(interaction.user.id, question)
        if problem:
            text = question_problem_text(problem, DISCORD)
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        await interaction.response.defer(thinking=True)
        channel = interaction.channel
        try:
            if interaction.guild is not None and isinstance(channel, discord.TextChannel):
                header = await interaction.followup.send(
                    discord_question_header(question), wait=True, allowed_mentions=NO_MENTIONS
                )
                try:
                    thread = await channel.create_thread(name=discord_thread_name(question), message=header)
                except discord.Forbidden as error:
                    note = _cannot(error, channel, "create_public_threads")
                    asked = await bot.room.ask(question, None)
                    await bot.send_answer(interaction.followup.send, asked, note=note)
                    return
                await bot.room.start_thread(f"discord:{thread.id}")
                await bot.send_answer(thread.send, await bot.room.ask(question, f"discord:{thread.id}"))
                return
            # A DM, or a thread: the command's own question is answered there, in place.
            in_place = f"discord:{channel.id}" if channel is not None else None
            asked = await bot.room.ask(question, in_place, direct=interaction.guild is None)
            await bot.send_answer(interaction.followup.send, asked)
        except QueryError as error:
            await interaction.followup.send(str(error), ephemeral=True)

    @bot.tree.command(name="reset", description="Start a new conversation here (DM or thread).")
    async def reset(interaction: discord.Interaction) -> None:
        if interaction.channel is not None:
            await bot.room.reset(f"discord:{interaction.channel.id}")
        await interaction.response.send_message(
            CONVERSATION_RESET, ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    @bot.event
    async def on_message(message: discord.Message) -> None:
        """A mention, a DM, or, in a thread the bot started, a message for it (bot/addressing.py)."""
        if message.author.bot or bot.user is None:
            return
        channel = message.channel
        in_thread = isinstance(channel, discord.Thread)
        mentioned = bot.user in message.mentions
        is_dm = message.guild is None
        text = re.sub(rf"<@!?{bot.user.id}>", "", message.content).strip()
        if not (mentioned or is_dm):
            if not (isinstance(channel, discord.Thread) and channel.owner_id == bot.user.id):
                return  # a human's thread: only a mention (or /ask) is for the bot
            if not is_for_the_bot(_seen(bot, message, text)):
                return
        try:
            await _answer_message(bot, message, text, in_thread)
        except Exception as error:
            channel_id = channel.id
            failure = bot.room.report_failure(
                error, "discord: failed to answer message %s in channel %s", message.id, channel_id
            )
            try:
                await channel.send(failure_text(failure), allowed_mentions=NO_MENTIONS)
            except Exception as failed:
                context = "discord: could not tell channel %s that answering failed"
                bot.room.report_failure(failed, context, channel_id)


def _seen(bot: PaperBot, message: discord.Message, text: str) -> Message:
    """The message as the addressing rule reads it: who it mentions, whom it replies to."""
    reference = message.reference.resolved if message.reference else None
    replies_to_bot = isinstance(reference, discord.Message) and reference.author == bot.user
    others = any(user != bot.user for user in message.mentions)
    return Message(
        text, False, replies_to_bot, others or bool(message.role_mentions) or message.mention_everyone
    )


def _cannot(error: discord.Forbidden, channel: discord.abc.GuildChannel, permission: str) -> str:
    """The one WARNING (no traceback) for a refused action, and what to tell the channel."""
    named = missing_permission(channel, permission)
    log.warning(
        "discord: %s (HTTP %d, code %d): I need %s in #%s",
        error.text,
        error.status,
        error.code,
        named,
        channel.name,
    )
    return discord_missing_permission(named, channel.name)


async def _answer_message(bot: PaperBot, message: discord.Message, question: str, in_thread: bool) -> None:
    channel = message.channel
    is_dm = message.guild is None
    key: str | None = f"discord:{channel.id}"
    fresh, question = new_conversation(question)
    if fresh:
        await bot.room.reset(f"discord:{channel.id}")
        if not question:
            await message.reply(CONVERSATION_RESET, allowed_mentions=NO_MENTIONS)
            return
    problem = bot.room.check_question(message.author.id, question)
    if problem:
        await message.reply(question_problem_text(problem, DISCORD), allowed_mentions=NO_MENTIONS)
        return
    target: discord.abc.Messageable = channel
    note = None
    if not in_thread and isinstance(channel, discord.TextChannel):
        try:
            target = await message.create_thread(
                name=discord_thread_name(question), auto_archive_duration=1440
            )
            key = f"discord:{target.id}"
            await bot.room.start_thread(key)
        except discord.Forbidden as error:
            note = _cannot(error, channel, "create_public_threads")
            target, key = channel, None  # a one-off: the channel itself holds no conversation
    try:
        async with target.typing():
            asked = await bot.room.ask(question, key, direct=is_dm)
    except QueryError as error:
        await target.send(str(error), allowed_mentions=NO_MENTIONS)
        return
    await bot.send_answer(target.send, asked, note=note)
