"""Asking on Discord: /ask, mentions, and follow-ups in a thread the bot answered in. The answer
goes into a thread of its own; the question is parsed here, answered by the room."""

from __future__ import annotations

import re

import discord
from discord import app_commands

from bot.discord.client import NO_MENTIONS, PaperBot
from bot.render.discord import DISCORD, discord_question_header, discord_thread_name
from bot.render.features import failure_text, question_problem_text
from rag.retrieve import QueryError


def register(bot: PaperBot) -> None:
    @bot.tree.command(
        name="ask", description="Ask about the papers; I answer in a thread, citing what I quote."
    )
    @app_commands.describe(question="e.g. 'how do reward models cope with noisy preference labels?'")
    async def ask(interaction: discord.Interaction, question: str) -> None:
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
                thread = await channel.create_thread(name=discord_thread_name(question), message=header)
                await bot.send_answer(thread.send, await bot.room.ask(question, f"discord:{thread.id}"))
                return
            key = f"discord:{channel.id}" if channel is not None else None
            await bot.send_answer(interaction.followup.send, await bot.room.ask(question, key))
        except QueryError as error:
            await interaction.followup.send(str(error), ephemeral=True)

    @bot.event
    async def on_message(message: discord.Message) -> None:
        """A mention, a DM, or a follow-up in a thread the bot answered in (no mention needed)."""
        if message.author.bot or bot.user is None:
            return
        in_thread = isinstance(message.channel, discord.Thread)
        mentioned = bot.user in message.mentions
        is_dm = message.guild is None
        follow_up = in_thread and await bot.room.follows(f"discord:{message.channel.id}")
        if not (mentioned or follow_up or is_dm):
            return
        question = re.sub(rf"<@!?{bot.user.id}>", "", message.content).strip()
        try:
            await _answer_message(bot, message, question, in_thread)
        except Exception as error:
            channel_id = message.channel.id
            failure = bot.room.report_failure(
                error, "discord: failed to answer message %s in channel %s", message.id, channel_id
            )
            try:
                await message.channel.send(failure_text(failure), allowed_mentions=NO_MENTIONS)
            except Exception as failed:
                context = "discord: could not tell channel %s that answering failed"
                bot.room.report_failure(failed, context, channel_id)


async def _answer_message(bot: PaperBot, message: discord.Message, question: str, in_thread: bool) -> None:
    problem = bot.room.check_question(message.author.id, question)
    if problem:
        await message.reply(question_problem_text(problem, DISCORD), allowed_mentions=NO_MENTIONS)
        return
    target: discord.abc.Messageable = message.channel
    if not in_thread and message.guild is not None:
        target = await message.create_thread(name=discord_thread_name(question), auto_archive_duration=1440)
    thread_key = f"discord:{getattr(target, 'id', message.channel.id)}"
    try:
        async with target.typing():
            asked = await bot.room.ask(question, thread_key)
    except QueryError as error:
        await target.send(str(error), allowed_mentions=NO_MENTIONS)
        return
    await bot.send_answer(target.send, asked)
