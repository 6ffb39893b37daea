"""Posting the daily digest to a Slack channel: the day's header, then each paper as its own
message, whose thread is that paper's discussion (as on Discord)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.announce import Announcer, Digest, DigestItem, PostError, last_complete_day
from bot.render.features import digest_empty, digest_header
from bot.render.slack import slack_digest_item, slack_escape
from bot.schedule import DailySchedule
from bot.slack.shared import slack_outage


class SlackPoster:
    """One channel: a header message for the day, each paper its own message and thread."""

    def __init__(self, client: AsyncWebClient, channel: str) -> None:
        self._client = client
        self._channel = channel

    @property
    def destination(self) -> str:
        return f"slack:{self._channel}"

    @property
    def platform(self) -> str:
        return "slack"

    async def _post(self, **message: Any) -> str:
        """chat.postMessage (the client retries 429, 5xx and dropped connections); PostError after."""
        try:
            response = await self._client.chat_postMessage(channel=self._channel, **message)
        except SlackApiError as error:
            cause = slack_outage(error) or error.response.get("error", "unknown error")
            raise PostError(f"Slack refused a post to channel {self._channel}: {cause}") from error
        except (aiohttp.ClientError, TimeoutError) as error:
            raise PostError(f"cannot reach Slack: {slack_outage(error)}") from error
        return str(response["ts"])

    async def post_header(self, digest: Digest, nonce: str) -> str:
        # chat.postMessage takes no idempotency key: the nonce has nowhere to go on Slack.
        return await self._post(text=slack_escape(digest_header(digest, "*")), unfurl_links=False)

    async def post_item(self, day: dt.date, item: DigestItem, nonce: str, header: str) -> str:
        message = slack_digest_item(item.paper, item.summary, item.watchers)
        return await self._post(
            text=message["text"],
            blocks=message["blocks"],
            unfurl_links=False,
            unfurl_media=False,
        )

    async def post_empty(self, day: dt.date) -> None:
        await self._post(text=digest_empty(day))

    def thread_key(self, reference: str) -> str | None:
        return f"slack:{self._channel}:{reference}"  # as bot/slack/events.py keys a thread


def start_schedule(
    announcer: Announcer, client: AsyncWebClient, channels: Sequence[str], at: dt.time
) -> DailySchedule:
    """The daily digest in the Slack channels, on the same schedule as Discord's."""
    posters = [SlackPoster(client, channel) for channel in channels]
    schedule = DailySchedule(
        lambda: announcer.run(posters, last_complete_day()),
        lambda: announcer.unfinished([poster.destination for poster in posters]),
        at,
    )
    schedule.start()
    return schedule
