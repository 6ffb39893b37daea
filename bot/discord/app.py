"""Assembles the Discord bot: the chat room for Discord, and every feature's commands and
listeners registered on one client. What the composition root calls."""

from __future__ import annotations

import logging

from bot.announce import Announcer
from bot.chat import Chat, Limits, Room
from bot.discord import admin, announce, ask, papers, watch
from bot.discord.client import DiscordConfig, EnrichCallback, IngestCallback, PaperBot, discord_outage
from bot.state import StateStore


def build_bot(
    chat: Chat,
    state: StateStore,
    config: DiscordConfig,
    ingest: IngestCallback | None = None,
    announcer: Announcer | None = None,
    enrich: EnrichCallback | None = None,
) -> PaperBot:
    room = Room(
        chat,
        state,
        "discord",
        Limits(config.cooldown_seconds, config.max_question_chars, config.conversation_idle_seconds),
        api_name="Discord",
        platform_outage=discord_outage,
        logger=logging.getLogger("bot.discord"),
    )
    bot = PaperBot(room, config, ingest, announcer, enrich)
    for feature in (ask, papers, watch, admin, announce):
        feature.register(bot)
    return bot
