"""Admin-only ingest on Slack: an admin shares files with the bot in a DM, with the message
"ingest"; each is downloaded from Slack's file host and ingested."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from slack_sdk.web.async_client import AsyncWebClient

from bot.render.citation import ENRICH_DISABLED, enrich_stopped_text, enrich_summary
from bot.render.features import (
    ADMINS_ONLY_INGEST,
    FILE_TOO_LARGE,
    FRIENDLY_ERROR,
    INGEST_DISABLED,
    SHARE_TO_INGEST,
    unsupported_format,
)
from bot.render.slack import NOT_SLACK_FILE, file_withheld, shared_files_summary, slack_text_message
from bot.slack.shared import IngestCallback, SlackBot
from ingest.enrich import EnrichStoppedError
from ingest.pipeline import SUPPORTED_SUFFIXES, IngestReport

log = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_FILES = 5


async def ingest_shared_files(bot: SlackBot, client: AsyncWebClient, event: dict[str, Any]) -> None:
    """Each shared file ingested (at most five), and one reply that says how each went."""
    channel, user = event["channel"], event.get("user", "")
    callback = bot.ingest_callback
    refusal = None
    if not event.get("text", "").strip().lower().startswith("ingest"):
        refusal = SHARE_TO_INGEST
    elif not bot.is_admin(user):
        refusal = ADMINS_ONLY_INGEST
    elif callback is None:
        refusal = INGEST_DISABLED
    if refusal is not None or callback is None:
        await client.chat_postMessage(channel=channel, text=refusal)
        return
    results: list[tuple[str, str | IngestReport]] = []
    for shared in event.get("files", [])[:MAX_FILES]:
        name = str(shared.get("name", "file"))
        try:
            results.append((name, await _ingest_one(callback, client, shared)))
        except Exception:
            log.exception("slack: ingesting file %s from user %s failed", shared.get("id"), user)
            results.append((name, FRIENDLY_ERROR))
    await client.chat_postMessage(channel=channel, **slack_text_message(shared_files_summary(results)))


async def _ingest_one(
    ingest: IngestCallback, client: AsyncWebClient, shared: dict[str, Any]
) -> str | IngestReport:
    """The file's ingest report, or why it was not ingested."""
    suffix = Path(str(shared.get("name", ""))).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        return unsupported_format(SUPPORTED_SUFFIXES)
    if int(shared.get("size") or 0) > MAX_UPLOAD_BYTES:
        return FILE_TOO_LARGE
    url = str(shared.get("url_private_download") or shared.get("url_private") or "")
    if not _is_slack_file_url(url, client.base_url):
        return NOT_SLACK_FILE
    # The bot token goes only to Slack's own file host (checked above), never elsewhere.
    headers = {"Authorization": f"Bearer {client.token}"}
    timeout = aiohttp.ClientTimeout(total=60)
    async with (
        aiohttp.ClientSession(timeout=timeout) as session,
        session.get(url, headers=headers) as response,
    ):
        if response.status != 200:
            return file_withheld(response.status)
        content = await response.content.read(MAX_UPLOAD_BYTES + 1)
    if len(content) > MAX_UPLOAD_BYTES:
        return FILE_TOO_LARGE
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"upload{suffix}"
        path.write_bytes(content)
        return await ingest(path)


async def enrich_from_dm(bot: SlackBot, client: AsyncWebClient, event: dict[str, Any]) -> None:
    """An admin's DM "enrich": stored papers looked up on arXiv, and one reply with the counts."""
    channel, user = event["channel"], event.get("user", "")
    callback = bot.enrich_callback
    refusal = ADMINS_ONLY_INGEST if not bot.is_admin(user) else ENRICH_DISABLED if callback is None else None
    if refusal is not None or callback is None:
        await client.chat_postMessage(channel=channel, text=refusal)
        return
    try:
        summary = enrich_summary(await callback())
    except EnrichStoppedError as stopped:
        summary = enrich_stopped_text(stopped)
    await client.chat_postMessage(channel=channel, **slack_text_message(summary))


def _is_slack_file_url(url: str, api_url: str) -> bool:
    parts, api = urlsplit(url), urlsplit(api_url)
    if parts.hostname in ("files.slack.com",) and parts.scheme == "https":
        return True
    return bool(parts.hostname) and (parts.scheme, parts.netloc) == (api.scheme, api.netloc)
