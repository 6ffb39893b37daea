"""Slack as a server uses it (the real bolt app over HTTP against the fake Slack on 127.0.0.1):
who the bot answers in threads, DMs that expire, and each announced paper's own thread, posted by
the bot's daily schedule at start-up."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from slack_sdk.web.async_client import AsyncWebClient

from bot.announce import AnnounceConfig, Announcer
from bot.render.features import CONVERSATION_RESET
from bot.slack.announce import start_schedule
from bot.state import SqliteState
from ingest.fetch import fetch_hf_day
from rag.answer import ExtractiveAnswerer
from rag.retrieve import HybridRetriever
from rag.store import StoreLocation, open_store
from tests.adapters.fake_slack import (
    BOT_TOKEN,
    CHANNEL_ID,
    DM_CHANNEL_ID,
    FakeSlack,
    mention,
    message,
    settle,
)
from tests.adapters.test_slack import HttpSlack, all_text, answers, serve_http
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def answerer(opened_bundled_store: Any) -> ExtractiveAnswerer:
    return ExtractiveAnswerer(HybridRetriever(opened_bundled_store))


@pytest_asyncio.fixture
async def fake() -> Any:
    server = FakeSlack()
    await server.start()
    yield server
    await server.stop()


@pytest_asyncio.fixture
async def slack(fake: FakeSlack, answerer: ExtractiveAnswerer, tmp_path: Path) -> Any:
    async for harness in serve_http(fake, answerer, tmp_path):
        yield harness


async def test_in_its_thread_the_bot_answers_questions_but_not_thanks_or_chatter(
    fake: FakeSlack, slack: HttpSlack
) -> None:
    root = "1699999999.001000"
    await slack.event(mention("papers on image-goal navigation for robots", ts=root), "Ev1001")
    await settle(lambda: len(answers(fake)) == 1)
    chatter = [
        "thanks, that's really helpful!",
        "lol same, let's discuss it friday",
        "<@U0BOB> want to present this on friday?",
    ]
    for number, text in enumerate(chatter, 2):
        await slack.event(message(text, f"1699999999.00{number}000", thread_ts=root), f"Ev100{number}")
    await slack.event(
        message("and which of those is zero-shot?", "1699999999.009000", thread_ts=root), "Ev1009"
    )
    await settle(lambda: len(answers(fake)) == 2)
    await asyncio.sleep(0.5)  # time for any (wrong) reply to the chatter
    assert len(fake.posts()) == 2
    assert "UniGoal" in all_text(answers(fake)[1])


async def test_in_a_thread_people_started_only_a_mention_is_answered(
    fake: FakeSlack, slack: HttpSlack
) -> None:
    human_root = "1699999999.002000"
    await slack.event(mention("GRAPE robot policy", ts="1699999999.002100", thread_ts=human_root), "Ev2001")
    await settle(lambda: len(answers(fake)) == 1)
    assert answers(fake)[0]["thread_ts"] == human_root
    await slack.event(
        message("what does it evaluate on?", "1699999999.002200", thread_ts=human_root), "Ev2002"
    )
    await asyncio.sleep(1.0)
    assert len(fake.posts()) == 1


async def test_a_dm_after_thirty_minutes_of_silence_does_not_use_the_old_history(
    fake: FakeSlack, slack: HttpSlack
) -> None:
    dm = {"channel": DM_CHANNEL_ID, "channel_type": "im"}
    await slack.event(message("InfAlign inference-aware alignment", "1699999999.003000", **dm), "Ev3001")
    await settle(lambda: len(answers(fake)) == 1)
    assert "InfAlign" in all_text(answers(fake)[0])
    with sqlite3.connect(slack.state.path) as db:  # the conversation's last turn, 31 minutes ago
        db.execute("UPDATE conversations SET created_at = created_at - 31 * 60")
    await slack.event(
        message("What benchmarks evaluate video generation?", "1699999999.003100", **dm), "Ev3002"
    )
    await settle(lambda: len(answers(fake)) == 2)
    assert "InfAlign" not in all_text(answers(fake)[1])
    key = f"slack:{DM_CHANNEL_ID}"
    assert [turn.question for turn in slack.state.turns(key)] == [
        "What benchmarks evaluate video generation?"
    ]
    await slack.event(message("new question", "1699999999.003200", **dm), "Ev3003")
    await settle(lambda: len(fake.posts()) == 3)
    assert fake.posts()[2]["text"] == CONVERSATION_RESET
    assert slack.state.turns(key) == []


async def test_the_schedule_posts_a_due_day_at_start_and_its_threads_are_about_their_papers(
    fake: FakeSlack, tmp_path: Path, embedder: Any
) -> None:
    store = open_store(StoreLocation(path=tmp_path / "papers"), embedder)
    answerer = ExtractiveAnswerer(HybridRetriever(store))
    job = Announcer(
        store,
        SqliteState(tmp_path / "state.sqlite3"),  # the one the app below keeps its threads in
        [lambda day: fetch_hf_day(str(FIXTURES / "hf_daily_papers"), dt.date(2026, 8, 20))],
        AnnounceConfig(top_n=3),
        on_ingested=answerer.refresh,
    )
    async for slack in serve_http(fake, answerer, tmp_path):
        client = AsyncWebClient(token=BOT_TOKEN, base_url=fake.api_url)
        schedule = start_schedule(job, client, [CHANNEL_ID], dt.time(0, 0, tzinfo=dt.UTC))
        try:
            await settle(lambda: len(fake.posts()) == 4)  # at start: no /announce-now, no wait
        finally:
            assert schedule.task is not None
            schedule.task.cancel()
        header, *papers = fake.called("chat.postMessage")
        assert header.params["text"].startswith("📰 *New papers for ")
        assert all("thread_ts" not in paper.params for paper in papers)
        replies = [json.loads(json.dumps(p.params)) for p in papers]
        co_rl = next(i for i, p in enumerate(replies) if "Co-RL" in all_text(p))
        paper_ts = fake_ts(fake, co_rl + 1)
        question = message(
            "what benchmarks does this paper evaluate on?", "1700000001.000100", thread_ts=paper_ts
        )
        await slack.event(question, "Ev4001")
        await settle(lambda: len(answers(fake)) == 4)
        answer = answers(fake)[-1]
        assert answer["thread_ts"] == paper_ts
        sources = next(
            b for b in answer["blocks"] if b["type"] == "section" and "*Sources*" in b["text"]["text"]
        )
        assert re.search(r"^\[1\] [^\n]*Co-RL", sources["text"]["text"], flags=re.M)


def fake_ts(fake: FakeSlack, index: int) -> str:
    """The ts the fake gave the `index`th message posted (its ts counter runs in order)."""
    return f"1700000000.{index + 1:06d}"


async def test_over_socket_mode_the_heartbeat_says_connected_until_it_stops(
    fake: FakeSlack, answerer: ExtractiveAnswerer, tmp_path: Path
) -> None:
    from bot.chat import Chat
    from bot.health import check_health
    from bot.render.answer import answer_body
    from bot.slack.app import build_slack_app, serve
    from tests.adapters.test_slack import config_for

    config = config_for(fake, mode="socket", signing_secret=None, data_dir=tmp_path)
    app = build_slack_app(Chat(answerer, answer_body), SqliteState(tmp_path / "state.sqlite3"), config)
    told: list[str] = []
    running = asyncio.create_task(serve(app, config, lambda: told.append("started")))
    try:
        await settle(lambda: check_health(tmp_path, "slack").healthy)
        assert told == ["started"]  # said once Slack took both tokens
        beat = json.loads((tmp_path / "heartbeat-slack.json").read_text())
        assert beat["platform"] == "slack" and beat["connected"] is True
    finally:
        running.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await running
    health = check_health(tmp_path, "slack")
    assert not health.healthy and "not connected" in health.reason
