"""The Discord bot as a server uses it: the real discord.py client connected over a fake gateway
WebSocket on 127.0.0.1 (HELLO, IDENTIFY, READY, GUILD_CREATE, then the members' messages), with
the fake REST API and the real answerer. Who it answers, DMs that expire, announcement threads,
missing permissions, admin commands, and start-up without Discord."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import discord
import discord.http
import pytest
import pytest_asyncio
import yarl
from discord.gateway import DiscordWebSocket

from bot.announce import AnnounceConfig, Announcer, last_complete_day
from bot.chat import Chat
from bot.discord.app import build_bot
from bot.discord.client import DiscordConfig, PaperBot, run_bot
from bot.health import check_health
from bot.render.answer import answer_body
from bot.render.discord import DISCORD_FIELD_VALUE_CHARS, DISCORD_TITLE_CHARS, discord_paper_card
from bot.render.features import CONVERSATION_RESET, URL_NOT_HTTPS
from bot.state import SqliteState
from ingest.fetch import fetch_hf_day
from rag.answer import ExtractiveAnswerer
from rag.model import Paper
from rag.retrieve import HybridRetriever
from rag.store import StoreLocation, open_store
from tests.adapters.fake_discord import (
    CHANNEL_ID,
    GUILD_ID,
    USER,
    FakeDiscord,
    interaction_payload,
    message_payload,
    settle,
)
from tests.conftest import FIXTURES, REPO

TOKEN = "discord-test-token-do-not-log"
BOB = {"id": "701", "username": "bob", "discriminator": "0", "global_name": "Bob", "avatar": None}
DM_CHANNEL_ID = 555


@pytest.fixture(scope="module")
def answerer(opened_bundled_store: Any) -> ExtractiveAnswerer:
    return ExtractiveAnswerer(HybridRetriever(opened_bundled_store))


@pytest_asyncio.fixture
async def fake(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    await server.start()
    monkeypatch.setattr(discord.http.Route, "BASE", server.base)
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(server.gateway_url))
    yield server
    await server.stop()


async def connect(
    answerer: ExtractiveAnswerer,
    tmp_path: Path,
    state: SqliteState | None = None,
    announcer: Announcer | None = None,
    **config: Any,
) -> tuple[PaperBot, asyncio.Task[None]]:
    """The bot as `paperbot discord` runs it (run_bot), until READY has come over the gateway."""
    settings = {"token": TOKEN, "guild_id": GUILD_ID, "cooldown_seconds": 0.0, "data_dir": tmp_path, **config}
    state = state or SqliteState(tmp_path / "state.sqlite3")
    bot = build_bot(Chat(answerer, answer_body), state, DiscordConfig(**settings), None, announcer)
    task = asyncio.create_task(run_bot(bot, TOKEN))
    await settle(lambda: bot.connected or task.done())
    assert not task.done(), task.exception()
    return bot, task


@pytest_asyncio.fixture
async def bot(fake: FakeDiscord, answerer: ExtractiveAnswerer, tmp_path: Path) -> AsyncIterator[PaperBot]:
    client, task = await connect(answerer, tmp_path)
    yield client
    await client.close()
    await asyncio.wait_for(task, 10)


def answers_in(fake: FakeDiscord, channel_id: int | str, since: int = 0) -> list[dict[str, Any]]:
    """Messages the bot posted to a channel after request number `since`."""
    path = f"/channels/{channel_id}/messages"
    return [r.body for r in fake.requests[since:] if r.method == "POST" and r.path == path and r.body]


def thread_payload(thread_id: int | str, name: str) -> dict[str, Any]:
    fake = FakeDiscord()
    return {**fake.thread(CHANNEL_ID, name), "id": str(thread_id), "newly_created": True}


async def test_the_gateway_delivers_ready_and_the_heartbeat_says_so(
    fake: FakeDiscord, bot: PaperBot, tmp_path: Path
) -> None:
    identify = next(event for event in fake.gateway_events if event["op"] == 2)
    assert identify["d"]["token"] == TOKEN
    assert bot.get_guild(GUILD_ID) is not None  # GUILD_CREATE came over the socket
    await settle(lambda: check_health(tmp_path, "discord").healthy)
    beat = json.loads((tmp_path / "heartbeat-discord.json").read_text())
    assert beat["platform"] == "discord" and beat["connected"] is True and abs(beat["at"] - time.time()) < 60
    await bot.close()
    health = check_health(tmp_path, "discord")
    assert not health.healthy and "not connected" in health.reason


async def test_in_its_thread_the_bot_answers_questions_but_not_thanks_or_chatter(
    fake: FakeDiscord, bot: PaperBot
) -> None:
    await fake.dispatch("MESSAGE_CREATE", message_payload("papers on image-goal navigation for robots"))
    [started] = await _threads_started(fake, 1)
    thread_id = started.path.split("/")[4]  # the question's message: its thread has its id
    await settle(lambda: any(b.get("embeds") for b in answers_in(fake, thread_id)))
    await fake.dispatch("THREAD_CREATE", thread_payload(thread_id, "papers on image-goal navigation"))
    before = len(fake.requests)
    chatter = [
        ("thanks, that's really helpful!", ()),
        ("lol same, let's discuss it friday", ()),
        ("want to present this on friday?", (BOB,)),  # to Bob, mentioned
    ]
    for number, (text, others) in enumerate(chatter, 2):
        payload = message_payload(text, int(thread_id), mention_bot=False, message_id=number, others=others)
        await fake.dispatch("MESSAGE_CREATE", payload)
    follow_up = message_payload(
        "and which of those is zero-shot?", int(thread_id), mention_bot=False, message_id=9
    )
    await fake.dispatch("MESSAGE_CREATE", follow_up)
    await settle(lambda: any(b.get("embeds") for b in answers_in(fake, thread_id, before)))
    await asyncio.sleep(0.5)  # time for any (wrong) reply to the chatter to arrive
    [answer] = answers_in(fake, thread_id, before)
    assert "UniGoal" in json.dumps(answer)
    assert [turn.question for turn in bot.room.state.turns(f"discord:{thread_id}")] == [
        "papers on image-goal navigation for robots",
        "and which of those is zero-shot?",
    ]


async def test_in_a_thread_people_started_only_a_mention_is_answered(
    fake: FakeDiscord, bot: PaperBot
) -> None:
    human_thread = {**thread_payload(4242, "friday reading"), "owner_id": USER["id"]}
    await fake.dispatch("THREAD_CREATE", human_thread)
    await fake.dispatch("MESSAGE_CREATE", message_payload("GRAPE robot policy preference alignment", 4242))
    await settle(lambda: any(b.get("embeds") for b in answers_in(fake, 4242)))
    before = len(fake.requests)
    question = message_payload("what does it evaluate on?", 4242, mention_bot=False, message_id=2)
    await fake.dispatch("MESSAGE_CREATE", question)
    await asyncio.sleep(1.0)
    assert answers_in(fake, 4242, before) == []  # a question, but not to the bot: not its thread
    assert fake.posted("/threads") == []  # answered in the thread it was asked in


async def test_a_dm_after_thirty_minutes_of_silence_does_not_use_the_old_history(
    fake: FakeDiscord, bot: PaperBot
) -> None:
    first = message_payload(
        "InfAlign inference-aware alignment", DM_CHANNEL_ID, mention_bot=False, in_guild=False
    )
    await fake.dispatch("MESSAGE_CREATE", first)
    await settle(lambda: any(b.get("embeds") for b in answers_in(fake, DM_CHANNEL_ID)))
    assert "InfAlign" in json.dumps(answers_in(fake, DM_CHANNEL_ID))
    bot.room.clock = lambda: time.time() + 31 * 60  # half an hour later
    before = len(fake.requests)
    later = message_payload(
        "What benchmarks evaluate video generation?", DM_CHANNEL_ID, False, message_id=2, in_guild=False
    )
    await fake.dispatch("MESSAGE_CREATE", later)
    await settle(lambda: any(b.get("embeds") for b in answers_in(fake, DM_CHANNEL_ID, before)))
    assert "InfAlign" not in json.dumps(answers_in(fake, DM_CHANNEL_ID, before))
    turns = bot.room.state.turns(f"discord:{DM_CHANNEL_ID}")
    assert [turn.question for turn in turns] == ["What benchmarks evaluate video generation?"]
    # "new question" starts over at once.
    before = len(fake.requests)
    fresh = message_payload("new question", DM_CHANNEL_ID, mention_bot=False, message_id=3, in_guild=False)
    await fake.dispatch("MESSAGE_CREATE", fresh)
    await settle(lambda: bool(answers_in(fake, DM_CHANNEL_ID, before)))
    assert answers_in(fake, DM_CHANNEL_ID, before)[0]["content"] == CONVERSATION_RESET
    assert bot.room.state.turns(f"discord:{DM_CHANNEL_ID}") == []


async def test_the_schedule_posts_a_due_day_at_start_and_a_question_in_a_paper_thread_is_about_it(
    fake: FakeDiscord, tmp_path: Path, embedder: Any
) -> None:
    store = open_store(StoreLocation(path=tmp_path / "chroma"), embedder)
    answerer = ExtractiveAnswerer(HybridRetriever(store))
    state = SqliteState(tmp_path / "state.sqlite3")
    job = Announcer(
        store,
        state,
        [lambda day: fetch_hf_day(str(FIXTURES / "hf_daily_papers"), dt.date(2026, 8, 20))],
        AnnounceConfig(top_n=3),
        on_ingested=answerer.refresh,
    )
    admin = frozenset({int(USER["id"])})
    bot, task = await connect(
        answerer,
        tmp_path,
        state,
        job,
        announce_channel_ids=(CHANNEL_ID,),
        announce_at=dt.time(0, 0, tzinfo=dt.UTC),  # today's run is due: it runs at start
        admin_user_ids=admin,
    )
    try:
        await settle(lambda: len(fake.created) == 4 and len(fake.posted("/threads")) == 3)
        assert fake.created[0]["content"].startswith(f"📰 **New papers for {last_complete_day()}**")
        co_rl = next(p for p in fake.created if p["content"].startswith("**Co-RL"))
        thread_id = co_rl["id"]
        await fake.dispatch("THREAD_CREATE", thread_payload(thread_id, "Co-RL"))
        question = message_payload(
            "what benchmarks does this paper evaluate on?", int(thread_id), message_id=5
        )
        await fake.dispatch("MESSAGE_CREATE", question)
        await settle(lambda: any(b.get("embeds") for b in answers_in(fake, thread_id)))
        [answer] = answers_in(fake, thread_id)
        sources = next(e for e in answer["embeds"] if e.get("title") == "Sources")
        assert sources["fields"][0]["name"].startswith("[1] Co-RL")
        # /announce-now names the day it posts (the last complete one), here already done.
        await fake.dispatch("INTERACTION_CREATE", interaction_payload("announce-now", {}, interaction_id=7))
        await settle(lambda: bool(fake.posted("/webhooks/")))
        [summary] = fake.posted("/webhooks/")
        assert summary.body["content"] == f"Posted 0 papers for {last_complete_day()}."
    finally:
        await bot.close()
        await asyncio.wait_for(task, 10)


async def test_a_missing_thread_permission_is_named_and_the_answer_given_in_place(
    fake: FakeDiscord, bot: PaperBot, caplog: pytest.LogCaptureFixture
) -> None:
    fake.forbid_threads = True
    caplog.set_level(logging.INFO)
    await fake.dispatch("MESSAGE_CREATE", message_payload("GRAPE robot policy preference alignment"))
    await settle(lambda: any(b.get("embeds") for b in answers_in(fake, CHANNEL_ID)))
    [answer] = answers_in(fake, CHANNEL_ID)
    assert answer["content"].startswith("I need **Create Public Threads** in #papers")
    assert "GRAPE" in json.dumps(answer["embeds"])
    [warning] = [r for r in caplog.records if r.levelno >= logging.WARNING and r.name.startswith("bot.")]
    assert warning.levelno == logging.WARNING and warning.exc_info is None
    assert "Create Public Threads" in warning.getMessage()


async def test_missing_permissions_are_logged_per_channel_at_start(
    fake: FakeDiscord, answerer: ExtractiveAnswerer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    everything = discord.Permissions.all()
    everything.administrator = False
    everything.create_public_threads = False
    everything.embed_links = False
    fake.guild_permissions = str(everything.value)
    caplog.set_level(logging.WARNING)
    client, task = await connect(answerer, tmp_path)
    try:
        lines = [r.getMessage() for r in caplog.records if "I lack" in r.getMessage()]
        assert lines == [
            f"discord: in #papers ({CHANNEL_ID}) of reading group I lack: Create Public Threads, Embed Links"
        ]
    finally:
        await client.close()
        await asyncio.wait_for(task, 10)


async def test_admin_commands_need_manage_server_and_a_server(fake: FakeDiscord, bot: PaperBot) -> None:
    [sync] = fake.posted(f"/guilds/{GUILD_ID}/commands", method="PUT")
    commands = {command["name"]: command for command in sync.body}
    manage_guild = str(discord.Permissions(manage_guild=True).value)
    for name in ("ingest", "announce-now"):
        assert str(commands[name]["default_member_permissions"]) == manage_guild
        assert commands[name]["contexts"] == [0]  # servers only: not in DMs
    assert commands["ask"]["default_member_permissions"] is None
    [question] = commands["ask"]["options"]
    assert question["max_length"] == 1000


async def test_ingest_refuses_a_file_url_before_reading_anything(
    fake: FakeDiscord, answerer: ExtractiveAnswerer, tmp_path: Path
) -> None:
    secret = tmp_path / "papers.jsonl"
    secret.write_text('{"title": "Local", "abstract": "A local file."}\n', encoding="utf-8")
    ingested: list[Path] = []

    async def ingest(path: Path) -> Any:
        ingested.append(path)
        raise AssertionError("nothing may be ingested")

    client, task = await connect(answerer, tmp_path, admin_user_ids=frozenset({int(USER["id"])}))
    client.ingest_callback = ingest
    try:
        for number, url in enumerate((secret.as_uri(), "http://example.org/papers.jsonl"), 1):
            payload = interaction_payload("ingest", {"url": url}, interaction_id=number)
            await fake.dispatch("INTERACTION_CREATE", payload)
        await settle(lambda: len(fake.posted("/callback")) == 2)
    finally:
        await client.close()
        await asyncio.wait_for(task, 10)
    replies = [r.body["data"]["content"] for r in fake.posted("/callback")]
    assert replies == [URL_NOT_HTTPS, URL_NOT_HTTPS]
    assert ingested == []


def test_a_paper_card_stays_within_discord_limits_after_neutralising() -> None:
    paper = Paper(
        id="long",
        title="@everyone " + "A" * 246,  # 256 characters before a zero-width space is added
        abstract="An abstract.",
        organisation="<@123> " * 215,  # 1,505 characters
    )
    card = discord_paper_card(paper)
    assert len(card["title"]) <= DISCORD_TITLE_CHARS
    assert "@\u200beveryone" in card["title"]
    [organisation] = [f for f in card["fields"] if f["name"] == "Organisation"]
    assert len(organisation["value"]) <= DISCORD_FIELD_VALUE_CHARS
    assert "<@1" not in organisation["value"]


async def _threads_started(fake: FakeDiscord, count: int) -> list[Any]:
    await settle(lambda: len(fake.posted("/threads")) >= count)
    return fake.posted("/threads")


def _run_paperbot(data_dir: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "--env-file", "/nonexistent", "--data-dir", str(data_dir), *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "HOME": str(data_dir), **env},
        check=False,
    )


def test_discord_without_network_exits_1_with_one_line(bundled_store: dict[str, Any], tmp_path: Path) -> None:
    # A filled store: the start-up that crashed (exit 139) had the lexical index building meanwhile.
    refused = "http://127.0.0.1:9/api/v10"  # the discard port: nothing listens
    result = _run_paperbot(
        bundled_store["data_dir"], "discord", DISCORD_TOKEN="x.y.z", DISCORD_API_URL=refused
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith("paperbot: cannot reach Discord")
    assert "Traceback" not in result.stderr and "voice" not in result.stderr


def test_slack_without_network_exits_1_with_one_line(tmp_path: Path) -> None:
    result = _run_paperbot(
        tmp_path,
        "slack",
        SLACK_BOT_TOKEN="xoxb-1",
        SLACK_APP_TOKEN="xapp-1",
        SLACK_API_URL="http://127.0.0.1:9/api",
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith("paperbot: cannot reach Slack")


async def test_a_bad_discord_token_exits_1_with_one_line(fake: FakeDiscord, tmp_path: Path) -> None:
    fake.token_valid = False
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "--env-file",
        "/nonexistent",
        "--data-dir",
        str(tmp_path),
        "discord",
        cwd=REPO,
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path),
            "DISCORD_TOKEN": "x.y.z",
            "DISCORD_API_URL": fake.base,
        },
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await asyncio.wait_for(process.communicate(), 300)
    assert process.returncode == 1
    assert err.decode().splitlines() == ["paperbot: " + err.decode().strip().removeprefix("paperbot: ")]
    assert "Discord refused DISCORD_TOKEN" in err.decode()


def test_health_reports_a_stale_or_missing_heartbeat(tmp_path: Path) -> None:
    missing = _run_paperbot(tmp_path, "health", "--platform", "slack")
    assert missing.returncode == 1
    assert missing.stderr.count("\n") == 1 and "no heartbeat" in missing.stderr
    beat = {"platform": "slack", "pid": 1, "connected": True, "at": time.time() - 3000}
    (tmp_path / "heartbeat-slack.json").write_text(json.dumps(beat))
    stale = _run_paperbot(tmp_path, "health", "--platform", "slack", "--max-age", "120")
    assert stale.returncode == 1 and "s old (at most 120 s)" in stale.stderr
    beat["at"] = time.time()
    (tmp_path / "heartbeat-slack.json").write_text(json.dumps(beat))
    fresh = _run_paperbot(tmp_path, "health", "--json")
    assert fresh.returncode == 0
    assert json.loads(fresh.stdout)["bots"][0]["platform"] == "slack"


async def test_the_bot_answers_from_a_paper_another_process_ingested_on_its_next_question(
    fake: FakeDiscord, tmp_path: Path, embedder: Any
) -> None:
    """Issue 19: a running bot never saw papers another process (`paperbot ingest`, the
    announcer's container) stored. Its next question reads the store generation and catches up."""
    from ingest.pipeline import read_sources
    from ingest.sources.jsonl import write_jsonl
    from tests.conftest import SEEDS

    papers = read_sources([SEEDS]).papers
    new = next(paper for paper in papers if paper.id == "asymptotics-of-language-model-alignment")
    first, later = tmp_path / "first.jsonl", tmp_path / "later.jsonl"
    write_jsonl([paper for paper in papers[:6] if paper.id != new.id], first)
    write_jsonl([new], later)
    data_dir = tmp_path / "data"
    assert _run_paperbot(data_dir, "ingest", "--no-progress", str(first)).returncode == 0
    store = open_store(StoreLocation(path=data_dir / "chroma"), embedder)
    answerer = ExtractiveAnswerer(HybridRetriever(store, lexicon_dir=data_dir / "lexicon"))
    bot, task = await connect(answerer, tmp_path)
    question = "How does the Renyi divergence bound relate to best-of-N alignment asymptotics?"
    try:
        ask = message_payload(question, DM_CHANNEL_ID, mention_bot=False, in_guild=False)
        await fake.dispatch("MESSAGE_CREATE", ask)
        await settle(lambda: any(b.get("embeds") for b in answers_in(fake, DM_CHANNEL_ID)))
        assert new.title not in json.dumps(answers_in(fake, DM_CHANNEL_ID), ensure_ascii=False)

        # Another process stores the paper while the bot runs.
        stored = await asyncio.to_thread(_run_paperbot, data_dir, "ingest", "--no-progress", str(later))
        assert stored.returncode == 0, stored.stderr

        before = len(fake.requests)
        again = message_payload(question, DM_CHANNEL_ID, mention_bot=False, message_id=2, in_guild=False)
        await fake.dispatch("MESSAGE_CREATE", again)
        await settle(lambda: any(b.get("embeds") for b in answers_in(fake, DM_CHANNEL_ID, before)))
        assert new.title in json.dumps(answers_in(fake, DM_CHANNEL_ID, before), ensure_ascii=False)
    finally:
        await bot.close()
        await asyncio.wait_for(task, 10)
