"""Posting the daily digest to a Slack channel: a header message, and each paper as a reply in
its thread, so the day stays together and each paper's discussion has a place."""

from __future__ import annotations

import datetime as dt

from slack_sdk.web.async_client import AsyncWebClient

from bot.announce import Digest, DigestItem
from bot.render import slack_digest_item, slack_escape


class SlackPoster:
    def __init__(self, client: AsyncWebClient, channel: str) -> None:
        self._client = client
        self._channel = channel

    @property
    def destination(self) -> str:
        return f"slack:{self._channel}"

    @property
    def platform(self) -> str:
        return "slack"

    async def post_header(self, digest: Digest, nonce: str) -> str:
        # chat.postMessage takes no idempotency key: the nonce has nowhere to go on Slack.
        text = f"📰 *New papers for {digest.day.isoformat()}*: {len(digest.items)} of the day's most upvoted"
        response = await self._client.chat_postMessage(
            channel=self._channel, text=slack_escape(text), unfurl_links=False
        )
        return str(response["ts"])

    async def post_item(self, day: dt.date, item: DigestItem, nonce: str, header: str) -> str:
        message = slack_digest_item(item.paper, item.summary, item.watchers)
        response = await self._client.chat_postMessage(
            channel=self._channel,
            thread_ts=header,
            text=message["text"],
            blocks=message["blocks"],
            unfurl_links=False,
            unfurl_media=False,
        )
        return str(response["ts"])

    async def post_empty(self, day: dt.date) -> None:
        await self._client.chat_postMessage(
            channel=self._channel, text=f"No new papers for {day.isoformat()}."
        )
