"""Admin-only /ingest on Discord: papers from an attached file or a URL, stored at once and
searchable right after."""

from __future__ import annotations

import asyncio
import tempfile
import urllib.parse
from pathlib import Path

import discord
from discord import app_commands

from bot.discord.client import NO_MENTIONS, PaperBot
from bot.render.citation import ENRICH_DISABLED, enrich_stopped_text, enrich_summary
from bot.render.features import (
    ADMINS_ONLY_INGEST,
    INGEST_DISABLED,
    UPLOAD_ONE,
    UPLOAD_TOO_LARGE,
    URL_NOT_HTTPS,
    ingest_failed,
    ingest_summary,
    unsupported_format,
)
from ingest.enrich import EnrichStoppedError
from ingest.errors import IngestError
from ingest.fetch import FetchError, fetch_text
from ingest.pipeline import SUPPORTED_SUFFIXES

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def register(bot: PaperBot) -> None:
    @bot.tree.command(name="ingest", description="(admins) Add papers from an attached file or a URL.")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    @app_commands.describe(
        file="a .jsonl, .json (daily_papers), .xml (arXiv) or .txt listing page",
        url="or the address of such a file (its name must end in one of those extensions)",
        enrich="then look stored papers up on arXiv: ids, every author, links (alone: only that)",
    )
    async def ingest(
        interaction: discord.Interaction,
        file: discord.Attachment | None = None,
        url: str | None = None,
        enrich: bool = False,
    ) -> None:
        if enrich and file is None and url is None:
            await _enrich_only(bot, interaction)
            return
        callback = bot.ingest_callback
        refusal = _refusal(bot.is_admin(interaction.user), callback is not None, file, url)
        refusal = refusal or _not_fetchable(file, url, bot.config.ingest_url_schemes)
        if refusal is not None or callback is None:
            await interaction.response.send_message(refusal, ephemeral=True, allowed_mentions=NO_MENTIONS)
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
                summary = ingest_summary(await callback(path))
            except (FetchError, IngestError) as error:
                summary = ingest_failed(error)
        if enrich:
            summary += "\n" + await _enriched(bot)
        await interaction.followup.send(summary[:2000], ephemeral=True, allowed_mentions=NO_MENTIONS)


async def _enrich_only(bot: PaperBot, interaction: discord.Interaction) -> None:
    refusal = None if bot.is_admin(interaction.user) else ADMINS_ONLY_INGEST
    if refusal is None and bot.enrich_callback is None:
        refusal = ENRICH_DISABLED
    if refusal is not None:
        await interaction.response.send_message(refusal, ephemeral=True, allowed_mentions=NO_MENTIONS)
        return
    await interaction.response.defer(thinking=True, ephemeral=True)
    summary = await _enriched(bot)
    await interaction.followup.send(summary[:2000], ephemeral=True, allowed_mentions=NO_MENTIONS)


async def _enriched(bot: PaperBot) -> str:
    """The admin's enrich, run and summed up (or why it did not run or stopped)."""
    if bot.enrich_callback is None:
        return ENRICH_DISABLED
    try:
        return enrich_summary(await bot.enrich_callback())
    except EnrichStoppedError as stopped:
        return enrich_stopped_text(stopped)


def _not_fetchable(file: discord.Attachment | None, url: str | None, schemes: tuple[str, ...]) -> str | None:
    """Why a file or URL is refused before anything is downloaded: a scheme other than https
    (no file://, no plain http), or a name whose format ingest cannot read."""
    name = file.filename if file is not None else urllib.parse.urlparse(url or "").path
    if url is not None:
        parts = urllib.parse.urlparse(url)
        if parts.scheme.lower() not in schemes or not parts.hostname:
            return URL_NOT_HTTPS
    if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
        return unsupported_format(SUPPORTED_SUFFIXES).capitalize() + "."
    return None


def _refusal(admin: bool, enabled: bool, file: discord.Attachment | None, url: str | None) -> str | None:
    if not admin:
        return ADMINS_ONLY_INGEST
    if not enabled:
        return INGEST_DISABLED
    if (file is None) == (url is None):
        return UPLOAD_ONE
    if file is not None and file.size > MAX_UPLOAD_BYTES:
        return UPLOAD_TOO_LARGE
    return None
