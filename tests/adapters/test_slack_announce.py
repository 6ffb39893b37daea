"""The daily digest on Slack: the real slack_sdk client against the fake Slack on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest_asyncio
from slack_sdk.web.async_client import AsyncWebClient

from bot.announce import AnnounceConfig, Announcer
from bot.render.slack import SLACK_SECTION_CHARS, slack_digest_item
from bot.slack.announce import SlackPoster
from bot.state import SqliteState
from ingest.fetch import fetch_hf_day
from rag.model import Paper
from rag.store import StoreLocation, open_store
from tests.adapters.fake_slack import BOT_TOKEN, CHANNEL_ID, USER_ID, FakeSlack
from tests.conftest import FIXTURES


@pytest_asyncio.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    server = FakeSlack()
    await server.start()
    yield server
    await server.stop()


async def test_the_digest_posts_each_paper_once_as_its_own_message_with_its_own_thread(
    slack: FakeSlack, tmp_path: Path, embedder: Any
) -> None:
    store = open_store(StoreLocation(path=tmp_path / "chroma"), embedder)
    state = SqliteState(tmp_path / "state.sqlite3")
    state.add_watch("slack", USER_ID, "closed-loop embodied harness")
    state.add_watch("discord", "111", "closed-loop embodied harness")
    job = Announcer(
        store,
        state,
        [lambda day: fetch_hf_day(str(FIXTURES / "hf_daily_papers"), day)],
        AnnounceConfig(top_n=3),
    )
    poster = SlackPoster(AsyncWebClient(token=BOT_TOKEN, base_url=slack.api_url), CHANNEL_ID)
    await job.run([poster], today=dt.date(2026, 8, 20))
    await job.run([poster], today=dt.date(2026, 8, 20), day=dt.date(2026, 8, 20))
    header, *items = slack.posts()
    assert header["text"].startswith("📰 *New papers for 2026-08-20*")
    assert "thread_ts" not in header
    assert len(items) == 3  # once, in spite of the second run
    header_ts = slack.called("chat.postMessage")[0]
    assert all("thread_ts" not in item for item in items)  # each opens its own thread, as on Discord
    # Each paper's thread is the bot's, and starts with its paper (what "this paper" means there).
    started = [key for key in _thread_keys(state) if key.startswith(f"slack:{CHANNEL_ID}:")]
    assert len(started) == 3
    assert all(len(state.turns(key)) == 1 and state.turns(key)[0].cited for key in started)
    zetta = next(item for item in items if "Zetta" in json.dumps(item["blocks"]))
    assert f"<@{USER_ID}>" in json.dumps(zetta["blocks"])
    assert "111" not in json.dumps(zetta["blocks"])  # a Discord watcher is not pinged on Slack
    others = [item for item in items if item is not zetta]
    assert all("<@" not in json.dumps(item["blocks"]) for item in others)
    assert header_ts.params["channel"] == CHANNEL_ID


def _thread_keys(state: SqliteState) -> list[str]:
    import sqlite3

    with sqlite3.connect(state.path) as db:
        return [row[0] for row in db.execute("SELECT thread_key FROM threads")]


def test_a_slack_digest_item_is_within_limits_and_pings_nobody_else() -> None:
    paper = Paper(
        id="x",
        title="<!channel> " + "T" * 400,
        abstract=".",
        upvotes=3,
        date="2026-08-20",
        url="https://arxiv.org/abs/2608.00001",
        github_url="https://github.com/x/y",
    )
    message = slack_digest_item(paper, "<!here> <@U999> " + "S" * 5000, ("U0ADA", "<!everyone>"))
    rendered = json.dumps(message)
    assert "<!channel>" not in rendered and "<!here>" not in rendered and "<@U999>" not in rendered
    assert "<!everyone>" not in rendered
    assert "<@U0ADA>" in rendered
    assert len(message["blocks"]) <= 50
    assert all(len(b.get("text", {}).get("text", "")) <= SLACK_SECTION_CHARS for b in message["blocks"])
    assert "<https://github.com/x/y|code>" in rendered
