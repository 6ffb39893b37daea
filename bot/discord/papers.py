"""Papers on Discord: /cite (with a "did you mean" menu when unsure), /similar and /paper.
Each defers at once; the room finds, bot/render/ writes the reply."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.chat import Chat
from bot.discord.client import NO_MENTIONS, PaperBot
from bot.render.discord import discord_bibtex, discord_cite_text, discord_paper_card, discord_similar_text
from bot.render.features import NO_PAPERS, PAPER_GONE, PICK_ANOTHER
from rag.model import Paper

MAX_QUERY_CHARS = 300


class CiteChoice(discord.ui.Select[discord.ui.View]):
    """When a citation query is ambiguous, the user picks the paper they meant."""

    def __init__(self, chat: Chat, papers: tuple[Paper, ...]) -> None:
        options = [
            discord.SelectOption(label=p.title[:100], value=p.id, description=p.id[:100]) for p in papers[:25]
        ]
        super().__init__(placeholder=PICK_ANOTHER, options=options)
        self.chat = chat

    async def callback(self, interaction: discord.Interaction) -> None:
        paper = await self.chat.paper_by_id(self.values[0])
        if paper is None:
            await interaction.response.send_message(PAPER_GONE, ephemeral=True)
            return
        await interaction.response.send_message(discord_bibtex(paper), allowed_mentions=NO_MENTIONS)


def register(bot: PaperBot) -> None:
    chat = bot.room.chat

    @bot.tree.command(
        name="cite", description="Find a paper from a fuzzy title, acronym or arXiv id; get its BibTeX."
    )
    @app_commands.describe(query="title words, an acronym like 'InfAlign', or an arXiv id")
    async def cite(interaction: discord.Interaction, query: str) -> None:
        await interaction.response.defer(thinking=True)
        looked = await chat.cite(query[:MAX_QUERY_CHARS])
        view: Any = discord.utils.MISSING
        if looked is not None and looked.offered:
            view = discord.ui.View(timeout=300)
            view.add_item(CiteChoice(chat, looked.offered))
        await interaction.followup.send(discord_cite_text(looked), view=view, allowed_mentions=NO_MENTIONS)

    @bot.tree.command(name="similar", description="Papers nearest to one paper.")
    @app_commands.describe(paper="paper id, arXiv id or title words")
    async def similar(interaction: discord.Interaction, paper: str) -> None:
        await interaction.response.defer(thinking=True)
        found = await chat.similar(paper[:MAX_QUERY_CHARS])
        await interaction.followup.send(discord_similar_text(found), allowed_mentions=NO_MENTIONS)

    @bot.tree.command(name="paper", description="One paper's card: abstract, link, date, upvotes.")
    @app_commands.describe(paper="paper id, arXiv id or title words")
    async def paper_command(interaction: discord.Interaction, paper: str) -> None:
        await interaction.response.defer(thinking=True)
        found = await chat.paper(paper[:MAX_QUERY_CHARS])
        if found is None:
            await interaction.followup.send(NO_PAPERS)
            return
        card = discord.Embed.from_dict(discord_paper_card(found))
        await interaction.followup.send(embed=card, allowed_mentions=NO_MENTIONS)
