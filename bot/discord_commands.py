"""Discord slash commands: /ask, /cite, /similar, /paper, /help, and the admin-only /ingest.

Every command acknowledges at once (defer) and does the slow work off the event loop.
"""

from __future__ import annotations

import asyncio
import logging
import tempfile
import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from bot.discord_app import HELP_TEXT, NO_MENTIONS, cite_text, feedback_view, paper_card
from bot.render import discord_messages, discord_plain, neutralize_mentions, paper_facts
from ingest.errors import IngestError
from ingest.fetch import FetchError, fetch_text
from rag.cite import bibtex, lookup_paper
from rag.markup import display_title
from rag.retrieve import QueryError
from rag.similar import NoPaperError, find_similar

if TYPE_CHECKING:
    from bot.discord_app import PaperBot

log = logging.getLogger(__name__)
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class CiteChoice(discord.ui.Select[discord.ui.View]):
    """When a citation query is ambiguous, the user picks the paper they meant."""

    def __init__(self, bot: PaperBot, papers: list[Any]) -> None:
        options = [
            discord.SelectOption(label=p.title[:100], value=p.id, description=p.id[:100]) for p in papers[:25]
        ]
        super().__init__(placeholder="Did you mean…", options=options)
        self.bot = bot

    async def callback(self, interaction: discord.Interaction) -> None:
        paper = self.bot.answerer.retriever.papers().get(self.values[0])
        if paper is None:
            await interaction.response.send_message("That paper is gone from the store.", ephemeral=True)
            return
        text = f"**{paper.title}**" + (f"\n<{paper.link}>" if paper.link else "")
        await interaction.response.send_message(
            neutralize_mentions(f"{text}\n```bibtex\n{bibtex(paper)}\n```"), allowed_mentions=NO_MENTIONS
        )


def register_commands(bot: PaperBot) -> None:
    tree = bot.tree

    @tree.command(name="ask", description="Ask about the papers; I answer in a thread, citing what I quote.")
    @app_commands.describe(question="e.g. 'how do reward models cope with noisy preference labels?'")
    async def ask(interaction: discord.Interaction, question: str) -> None:
        problem = bot.check_question(interaction.user.id, question)
        if problem:
            await interaction.response.send_message(problem, ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        await interaction.response.defer(thinking=True)
        channel = interaction.channel
        try:
            if interaction.guild is not None and isinstance(channel, discord.TextChannel):
                header = await interaction.followup.send(
                    neutralize_mentions(f"❓ {question}")[:2000], wait=True, allowed_mentions=NO_MENTIONS
                )
                thread = await channel.create_thread(
                    name=neutralize_mentions(question)[:95] or "paperbot", message=header
                )
                answer, answer_id = await bot.answer(question, f"discord:{thread.id}")
                await bot.send_answer(thread, answer, answer_id)
                return
            key = f"discord:{channel.id}" if channel is not None else None
            answer, answer_id = await bot.answer(question, key)
            messages = discord_messages(answer)
            for index, message in enumerate(messages):
                last = index == len(messages) - 1
                await interaction.followup.send(
                    embeds=[discord.Embed.from_dict(e) for e in message["embeds"]],
                    view=feedback_view(answer_id) if last and answer.grounded else discord.utils.MISSING,
                    allowed_mentions=NO_MENTIONS,
                )
        except QueryError as error:
            await interaction.followup.send(str(error), ephemeral=True)

    @tree.command(
        name="cite", description="Find a paper from a fuzzy title, acronym or arXiv id; get its BibTeX."
    )
    @app_commands.describe(query="title words, an acronym like 'InfAlign', or an arXiv id")
    async def cite(interaction: discord.Interaction, query: str) -> None:
        await interaction.response.defer(thinking=True)
        text, alternatives = await asyncio.to_thread(cite_text, bot, query[:300])
        view = discord.utils.MISSING
        if alternatives:
            view = discord.ui.View(timeout=300)
            view.add_item(CiteChoice(bot, alternatives))
        await interaction.followup.send(discord_plain(text)[0], view=view, allowed_mentions=NO_MENTIONS)

    @tree.command(name="similar", description="Papers nearest to one paper.")
    @app_commands.describe(paper="paper id, arXiv id or title words")
    async def similar(interaction: discord.Interaction, paper: str) -> None:
        await interaction.response.defer(thinking=True)
        lines = await asyncio.to_thread(_similar_lines, bot, paper[:300])
        await interaction.followup.send(discord_plain("\n".join(lines))[0], allowed_mentions=NO_MENTIONS)

    @tree.command(name="paper", description="One paper's card: abstract, link, date, upvotes.")
    @app_commands.describe(paper="paper id, arXiv id or title words")
    async def paper_command(interaction: discord.Interaction, paper: str) -> None:
        await interaction.response.defer(thinking=True)
        found = await asyncio.to_thread(lookup_paper, bot.answerer.retriever, paper[:300])
        if found.paper is None:
            await interaction.followup.send("No papers are stored yet.")
            return
        await interaction.followup.send(embed=paper_card(found.paper), allowed_mentions=NO_MENTIONS)

    @tree.command(name="help", description="What paperbot can do.")
    async def help_command(interaction: discord.Interaction) -> None:
        await interaction.response.send_message(HELP_TEXT, ephemeral=True, allowed_mentions=NO_MENTIONS)

    @tree.command(name="ingest", description="(admins) Add papers from an attached file or a URL.")
    @app_commands.describe(
        file="a .jsonl, .json (daily_papers), .xml (arXiv) or .txt listing page",
        url="or the address of such a file (its name must end in one of those extensions)",
    )
    async def ingest(
        interaction: discord.Interaction, file: discord.Attachment | None = None, url: str | None = None
    ) -> None:
        if not bot.is_admin(interaction.user):
            await interaction.response.send_message(
                "Only the group's admins can add papers.", ephemeral=True, allowed_mentions=NO_MENTIONS
            )
            return
        if bot.ingest_callback is None:
            await interaction.response.send_message("Ingest is not enabled on this bot.", ephemeral=True)
            return
        if (file is None) == (url is None):
            await interaction.response.send_message("Attach one file or give one URL.", ephemeral=True)
            return
        if file is not None and file.size > MAX_UPLOAD_BYTES:
            await interaction.response.send_message("That file is too large (20 MB at most).", ephemeral=True)
            return
        await interaction.response.defer(thinking=True, ephemeral=True)
        name = file.filename if file is not None else urllib.parse.urlparse(url or "").path
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / f"upload{Path(name).suffix.lower()}"
            try:
                if file is not None:
                    await file.save(path)
                else:
                    path.write_text(await asyncio.to_thread(fetch_text, url or ""), encoding="utf-8")
                summary = await bot.ingest_callback(path)
            except (FetchError, IngestError) as error:
                summary = f"Nothing ingested: {error}"
        await interaction.followup.send(summary[:2000], ephemeral=True, allowed_mentions=NO_MENTIONS)

    @tree.error
    async def on_error(interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        command = interaction.command.name if interaction.command else "?"
        cause = getattr(error, "original", error)  # a failed command's own exception
        text = bot.chat.report_failure(cause, "discord: /%s failed for user %s", command, interaction.user.id)
        try:
            if interaction.response.is_done():
                await interaction.followup.send(text, ephemeral=True)
            else:
                await interaction.response.send_message(text, ephemeral=True)
        except Exception as failure:
            context = "discord: could not tell user %s that /%s failed"
            bot.chat.report_failure(failure, context, interaction.user.id, command)


def _similar_lines(bot: PaperBot, query: str, k: int = 5) -> list[str]:
    answerer = bot.answerer
    try:
        result = find_similar(answerer.retriever, query, k, matches=not answerer.finds_nothing(query))
    except NoPaperError:
        return ["No papers are stored yet."]
    if result.paper is None:
        closest = "; ".join(display_title(p.title) for p in result.closest)
        return [f"No paper in the corpus matches that. The closest titles: {closest}."]
    lines = [f"Papers like **{display_title(result.paper.title)}**:"]
    for rank, neighbour in enumerate(result.neighbours, 1):
        other = neighbour.paper
        facts = paper_facts(other)
        link = f" <{other.link}>" if other.link else ""
        shared = f" — both about {', '.join(neighbour.shared)}" if neighbour.shared else ""
        lines.append(
            f"{rank}. {display_title(other.title)}" + (f" ({facts})" if facts else "") + link + shared
        )
    return lines
