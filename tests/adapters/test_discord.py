"""The real discord.py client against a fake Discord API on 127.0.0.1, with the real answerer."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import discord
import discord.http
import pytest
import pytest_asyncio

from bot.chat import Chat
from bot.discord.app import build_bot
from bot.discord.client import DiscordConfig, PaperBot
from bot.render.answer import answer_body
from bot.state import SqliteState, export_feedback
from ingest.errors import Problem
from ingest.pipeline import IngestReport
from rag.answer import ExtractiveAnswerer
from rag.retrieve import HybridRetriever
from tests.adapters.fake_discord import (
    CHANNEL_ID,
    GUILD_ID,
    FakeDiscord,
    button_payload,
    guild_payload,
    interaction_payload,
    message_payload,
    settle,
)

TOKEN = "discord-test-token-do-not-log"


@pytest.fixture(scope="module")
def answerer(opened_bundled_store: Any) -> ExtractiveAnswerer:
    return ExtractiveAnswerer(HybridRetriever(opened_bundled_store))


@pytest_asyncio.fixture
async def fake(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    await server.start()
    monkeypatch.setattr(discord.http.Route, "BASE", server.base)
    yield server
    await server.stop()


async def start_bot(answerer: ExtractiveAnswerer, tmp_path: Path, **config: Any) -> PaperBot:
    settings = {"token": TOKEN, "guild_id": GUILD_ID, "cooldown_seconds": 0.0, **config}
    state = SqliteState(tmp_path / "state.sqlite3")
    bot = build_bot(Chat(answerer, answer_body), state, DiscordConfig(**settings))
    await bot.login(TOKEN)
    bot._connection.parse_guild_create(guild_payload())
    return bot


@pytest_asyncio.fixture
async def bot(fake: FakeDiscord, answerer: ExtractiveAnswerer, tmp_path: Path) -> AsyncIterator[PaperBot]:
    client = await start_bot(answerer, tmp_path)
    yield client
    await client.close()


def embeds_of(requests: list[Any]) -> list[dict[str, Any]]:
    return [embed for r in requests for embed in (r.body or {}).get("embeds", [])]


async def test_login_syncs_commands_to_the_test_guild(fake: FakeDiscord, bot: PaperBot) -> None:
    [sync] = fake.posted(f"/guilds/{GUILD_ID}/commands", method="PUT")
    names = {command["name"] for command in sync.body}
    assert names == {
        "ask",
        "cite",
        "similar",
        "paper",
        "help",
        "ingest",
        "watch",
        "unwatch",
        "watches",
        "announce-now",
        "reset",
    }
    assert all(command["description"] for command in sync.body)


async def test_ask_defers_then_answers_in_a_thread(fake: FakeDiscord, bot: PaperBot) -> None:
    question = "GRAPE robot policy preference alignment"
    bot._connection.parse_interaction_create(interaction_payload("ask", {"question": question}))
    await settle(lambda: any(r.body and r.body.get("embeds") for r in fake.posted("/channels/")))
    [callback] = fake.posted("/callback")
    assert callback.body["type"] == 5  # deferred: acknowledged inside Discord's 3 seconds
    [header] = fake.posted("/webhooks/")
    assert question in header.body["content"]
    [thread] = fake.posted("/threads")
    assert thread.body["name"] == question
    answers = [r for r in fake.posted("/channels/") if r.body and r.body.get("embeds")]
    embeds = embeds_of(answers)
    assert "[1]" in embeds[0]["description"]
    sources = next(e for e in embeds if e.get("title") == "Sources")
    assert sources["fields"][0]["name"].startswith("[1] GRAPE")
    buttons = answers[-1].body["components"][0]["components"]
    assert [b["custom_id"].split(":")[1] for b in buttons] == ["up", "down"]
    assert answers[-1].body["allowed_mentions"] == {"parse": []}


async def test_a_long_answer_is_split_within_discord_limits(fake: FakeDiscord, bot: PaperBot) -> None:
    bot._connection.parse_interaction_create(interaction_payload("ask", {"question": "most upvoted papers"}))
    await settle(lambda: any(r.body and r.body.get("embeds") for r in fake.posted("/channels/")))
    for request in fake.posted("/channels/"):
        body = request.body or {}
        assert len(body.get("content") or "") <= 2000
        embeds = body.get("embeds", [])
        assert len(embeds) <= 10
        assert (
            sum(
                len(e.get("description", ""))
                + sum(len(f["name"]) + len(f["value"]) for f in e.get("fields", []))
                + len(e.get("title", ""))
                for e in embeds
            )
            <= 6000
        )
        for embed in embeds:
            assert len(embed.get("description", "")) <= 4096
            assert len(embed.get("fields", [])) <= 25


async def test_a_mention_is_answered_in_a_thread_and_follow_ups_keep_context(
    fake: FakeDiscord, bot: PaperBot
) -> None:
    bot._connection.parse_message_create(message_payload("papers on image-goal navigation for robots"))
    await settle(lambda: len([r for r in fake.posted("/channels/") if r.body and r.body.get("embeds")]) >= 1)
    [thread] = fake.posted("/threads")
    assert "/messages/" in thread.path  # started on the question message
    thread_id = int(
        next(r for r in fake.posted("/channels/") if r.body and r.body.get("embeds")).path.split("/")[2]
    )
    # A follow-up inside that thread, without a mention.
    thread_data = fake.thread(CHANNEL_ID, "papers on image-goal navigation")
    thread_data["id"] = str(thread_id)
    bot._connection.parse_thread_create(thread_data)
    before = len(fake.requests)
    bot._connection.parse_message_create(
        message_payload(
            "and which of those is zero-shot?", channel_id=thread_id, mention_bot=False, message_id=2
        )
    )
    await settle(lambda: any(r.body and r.body.get("embeds") for r in fake.requests[before:]))
    follow_up = next(r for r in fake.requests[before:] if r.body and r.body.get("embeds"))
    assert follow_up.path == f"/channels/{thread_id}/messages"
    assert "UniGoal" in json.dumps(follow_up.body)
    assert len(bot.room.state.turns(f"discord:{thread_id}")) == 2


async def test_messages_without_a_mention_outside_threads_are_ignored(
    fake: FakeDiscord, bot: PaperBot
) -> None:
    before = len(fake.requests)
    bot._connection.parse_message_create(message_payload("just chatting", mention_bot=False))
    bot._connection.parse_message_create(
        message_payload("@everyone look at this", mention_bot=False, message_id=3)
    )
    import asyncio

    await asyncio.sleep(0.5)
    assert fake.requests[before:] == []


async def test_a_429_is_retried(fake: FakeDiscord, bot: PaperBot) -> None:
    fake.rate_limit_next = 1
    bot._connection.parse_message_create(message_payload("GRAPE robot policy preference alignment"))
    await settle(lambda: len([r for r in fake.posted("/messages") if r.body and r.body.get("embeds")]) == 2)
    answers = [r for r in fake.posted("/messages") if r.body and r.body.get("embeds")]
    assert len(answers) == 2  # the rate-limited attempt, then the retry that got through
    assert answers[0].body == answers[1].body


async def test_a_discord_5xx_is_retried(fake: FakeDiscord, bot: PaperBot) -> None:
    fake.server_error_next = 1
    bot._connection.parse_message_create(message_payload("GRAPE robot policy preference alignment"))
    await settle(lambda: len([r for r in fake.posted("/messages") if r.body and r.body.get("embeds")]) == 2)
    first, retried = [r for r in fake.posted("/messages") if r.body and r.body.get("embeds")]
    assert first.body == retried.body  # the 502'd post was sent again, once


async def test_a_feedback_click_is_recorded(fake: FakeDiscord, bot: PaperBot) -> None:
    bot._connection.parse_interaction_create(interaction_payload("ask", {"question": "InfAlign"}))
    await settle(lambda: any(r.body and r.body.get("components") for r in fake.posted("/channels/")))
    answer = next(r for r in fake.posted("/channels/") if r.body and r.body.get("components"))
    up = answer.body["components"][0]["components"][0]["custom_id"]
    message = fake.message(CHANNEL_ID, answer.body)
    bot._connection.parse_interaction_create(button_payload(up, message, user_id="701"))
    await settle(lambda: len(bot.room.state.feedback()) == 1)
    [record] = list(export_feedback(bot.room.state))
    assert (record["vote"], record["user_id"], record["question"]) == (1, "701", "InfAlign")
    assert record["gold"] == ["infalign-inference-aware-language-model-alignment"]
    await settle(lambda: len(fake.posted("/callback")) == 2)
    reply = fake.posted("/callback")[-1].body
    assert reply["data"]["flags"] == 64  # ephemeral thanks


async def test_the_cooldown_replies_kindly(
    fake: FakeDiscord, answerer: ExtractiveAnswerer, tmp_path: Path
) -> None:
    client = await start_bot(answerer, tmp_path, cooldown_seconds=600.0)
    try:
        client._connection.parse_interaction_create(interaction_payload("ask", {"question": "InfAlign"}))
        client._connection.parse_interaction_create(
            interaction_payload("ask", {"question": "GRAPE"}, interaction_id=2)
        )
        await settle(lambda: len(fake.posted("/callback")) == 2)
        replies = [r.body for r in fake.posted("/callback")]
        refusal = next(r for r in replies if r["type"] == 4)
        assert "ask again in" in refusal["data"]["content"]
        assert refusal["data"]["flags"] == 64
    finally:
        await client.close()


async def test_admin_commands_are_refused_for_others(fake: FakeDiscord, bot: PaperBot) -> None:
    payload = interaction_payload("ingest", {})
    payload["data"]["options"] = [{"name": "file", "type": 11, "value": "77"}]
    payload["data"]["resolved"] = {
        "attachments": {
            "77": {
                "id": "77",
                "filename": "papers.jsonl",
                "size": 10,
                "url": "http://127.0.0.1:1/x",
                "proxy_url": "http://127.0.0.1:1/x",
            }
        }
    }
    bot._connection.parse_interaction_create(payload)
    await settle(lambda: len(fake.posted("/callback")) == 1)
    reply = fake.posted("/callback")[0].body
    assert reply["type"] == 4
    assert reply["data"]["content"] == "Only the group's admins can add papers."
    assert reply["data"]["flags"] == 64


async def test_paper_text_cannot_ping_anyone(fake: FakeDiscord, bot: PaperBot) -> None:
    bot._connection.parse_interaction_create(
        interaction_payload("cite", {"query": "@everyone <@&123> InfAlign"})
    )
    await settle(lambda: len(fake.posted("/webhooks/")) == 1)
    [reply] = fake.posted("/webhooks/")
    assert reply.body["allowed_mentions"] == {"parse": []}
    assert "@everyone" not in reply.body["content"]


async def test_the_token_is_never_logged(
    fake: FakeDiscord, answerer: ExtractiveAnswerer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    client = await start_bot(answerer, tmp_path)
    client._connection.parse_interaction_create(interaction_payload("help", {}))
    await settle(lambda: len(fake.posted("/callback")) == 1)
    await client.close()
    assert TOKEN not in caplog.text
    assert TOKEN not in repr(client.config)


async def test_an_unsure_cite_offers_a_menu_of_candidates(fake: FakeDiscord, bot: PaperBot) -> None:
    bot._connection.parse_interaction_create(interaction_payload("cite", {"query": "alignment survey"}))
    await settle(lambda: len(fake.posted("/webhooks/")) == 1)
    [reply] = fake.posted("/webhooks/")
    assert "```bibtex" in reply.body["content"]
    assert "Not sure this is the one" in reply.body["content"]
    [menu] = reply.body["components"][0]["components"]
    assert menu["type"] == 3  # a select menu
    assert len(menu["options"]) >= 2


async def test_cite_and_similar_say_when_no_paper_matches(fake: FakeDiscord, bot: PaperBot) -> None:
    query = {"query": "Quantum annealing for protein folding"}
    bot._connection.parse_interaction_create(interaction_payload("cite", query))
    bot._connection.parse_interaction_create(
        interaction_payload("similar", {"paper": "sourdough starter hydration"}, interaction_id=2)
    )
    await settle(lambda: len(fake.posted("/webhooks/")) == 2)
    for reply in fake.posted("/webhooks/"):
        assert reply.body["content"].startswith("No paper in the corpus matches that. The closest titles:")
        assert "bibtex" not in reply.body["content"]


async def test_similar_and_paper_cards(fake: FakeDiscord, bot: PaperBot) -> None:
    bot._connection.parse_interaction_create(interaction_payload("similar", {"paper": "InfAlign"}))
    bot._connection.parse_interaction_create(
        interaction_payload("paper", {"paper": "EditReward"}, interaction_id=2)
    )
    await settle(lambda: len(fake.posted("/webhooks/")) == 2)
    bodies = [r.body for r in fake.posted("/webhooks/")]
    similar = next(b for b in bodies if b.get("content", "").startswith("Papers like"))
    assert similar["content"].count("\n") == 5
    card = next(b for b in bodies if b.get("embeds"))["embeds"][0]
    assert card["title"].startswith("EditReward")
    assert {f["name"] for f in card["fields"]} >= {"Date and upvotes", "Organisation"}


async def test_announcements_post_once_with_threads_and_ping_only_watchers(
    fake: FakeDiscord, answerer: ExtractiveAnswerer, tmp_path: Path, embedder: Any
) -> None:
    import datetime as dt

    from bot.announce import AnnounceConfig, Announcer
    from bot.discord.announce import DiscordPoster
    from ingest.fetch import fetch_hf_day
    from rag.store import StoreLocation, open_store
    from tests.conftest import FIXTURES

    store = open_store(StoreLocation(path=tmp_path / "chroma"), embedder)
    state = SqliteState(tmp_path / "announce.sqlite3")
    state.add_watch("discord", "111", "closed-loop embodied harness")
    job = Announcer(
        store,
        state,
        [lambda day: fetch_hf_day(str(FIXTURES / "hf_daily_papers"), day)],
        AnnounceConfig(top_n=3),
    )
    client = discord.Client(intents=discord.Intents.none())
    await client.login(TOKEN)
    try:
        poster = DiscordPoster(client, CHANNEL_ID)
        await job.run([poster], today=dt.date(2026, 8, 20))
        await job.run([poster], today=dt.date(2026, 8, 20), day=dt.date(2026, 8, 20))  # a second run
    finally:
        await client.close()
    posts = [r for r in fake.posted(f"/channels/{CHANNEL_ID}/messages") if r.path.endswith("/messages")]
    assert len(posts) == 4  # a header and three papers, once
    assert posts[0].body["content"].startswith("📰 **New papers for 2026-08-20**")
    assert len(fake.posted("/threads")) == 3  # each paper gets its own thread
    zetta = next(p.body for p in posts if "Zetta" in p.body["content"])
    assert "<@111>" in zetta["content"]
    assert zetta["allowed_mentions"] == {"parse": [], "users": [111]}
    others = [p.body for p in posts[1:] if "Zetta" not in p.body["content"]]
    assert all(o["allowed_mentions"]["users"] == [] for o in others)
    assert len({p.body["nonce"] for p in posts[1:]}) == 3


async def test_watch_commands(fake: FakeDiscord, bot: PaperBot) -> None:
    bot._connection.parse_interaction_create(interaction_payload("watch", {"topic": "  reward   hacking "}))
    await settle(lambda: len(fake.posted("/callback")) == 1)
    bot._connection.parse_interaction_create(interaction_payload("watches", {}, interaction_id=2))
    await settle(lambda: len(fake.posted("/callback")) == 2)
    bot._connection.parse_interaction_create(
        interaction_payload("unwatch", {"topic": "reward hacking"}, interaction_id=3)
    )
    await settle(lambda: len(fake.posted("/callback")) == 3)
    replies = [r.body["data"]["content"] for r in fake.posted("/callback")]
    assert replies == ["Watching “reward hacking”.", "You watch: “reward hacking”", "Stopped watching it."]
    assert bot.room.state.watches("discord") == []


async def test_an_admin_can_ingest_from_a_url(
    fake: FakeDiscord, answerer: ExtractiveAnswerer, tmp_path: Path
) -> None:
    import http.server
    import threading

    body = json.dumps({"title": "A Paper From A URL", "abstract": "We study things carefully. " * 5}).encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/x-ndjson")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    received: list[str] = []

    async def ingest(path: Path) -> IngestReport:
        received.append(path.read_text(encoding="utf-8"))
        return IngestReport(added=1, problems=(Problem(path.name, 1, "a problem to report"),))

    client = await start_bot(
        answerer, tmp_path, admin_user_ids=frozenset({700}), ingest_url_schemes=("https", "http")
    )
    client.ingest_callback = ingest
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/new/papers.jsonl"
        client._connection.parse_interaction_create(interaction_payload("ingest", {"url": url}))
        await settle(lambda: len(fake.posted("/webhooks/")) == 1)
    finally:
        await client.close()
        server.shutdown()
    assert received == [body.decode()]
    [reply] = fake.posted("/webhooks/")
    assert reply.body["content"] == (
        "Ingested: 1 added, 0 updated, 0 unchanged, 0 failed, 0 duplicates merged.\n"
        "• upload.jsonl:1: a problem to report"
    )
    assert reply.body["flags"] == 64


async def test_a_store_outage_mid_question_gets_one_clear_line(
    fake: FakeDiscord, bot: PaperBot, caplog: pytest.LogCaptureFixture
) -> None:
    from bot.render.features import STORE_UNAVAILABLE
    from rag.store import StoreUnavailableError

    def down(*args: Any, **kwargs: Any) -> Any:
        raise StoreUnavailableError("cannot reach the Chroma server at http://127.0.0.1:9 after 4 attempts")

    store = bot.room.chat.answerer.retriever.store
    searches = ("search_papers", "rank_papers", "search_chunks")
    for search in searches:
        setattr(store, search, down)
    try:
        bot._connection.parse_interaction_create(
            interaction_payload("ask", {"question": "reward model ensembles"})
        )
        await settle(lambda: any(STORE_UNAVAILABLE in json.dumps(r.body) for r in fake.requests))
    finally:
        for search in searches:
            delattr(store, search)  # the server is back
    assert "cannot reach the Chroma server" in caplog.text  # logged with context for the operator
    bot._connection.parse_interaction_create(
        interaction_payload("ask", {"question": "GRAPE robot policy"}, interaction_id=2)
    )
    await settle(lambda: any(r.body and r.body.get("embeds") for r in fake.posted("/channels/")))  # recovered


async def test_a_discord_outage_is_logged_once_and_the_next_question_is_answered(
    fake: FakeDiscord, bot: PaperBot, caplog: pytest.LogCaptureFixture
) -> None:
    """503s (which discord.py does not retry) on every post: each question's answer and its
    apology fail, the log gets one ERROR for the outage and no traceback; then it recovers."""
    from bot.render.features import FRIENDLY_ERROR

    def apologies() -> list[Any]:
        return [r for r in fake.posted("/messages") if r.body and r.body.get("content") == FRIENDLY_ERROR]

    fake.server_error_status, fake.server_error_next = 503, 10**6
    for n in (1, 2, 3):
        bot._connection.parse_message_create(message_payload("GRAPE robot policy", message_id=n))
    await settle(lambda: len(apologies()) == 3)
    fake.server_error_next = 0
    bot._connection.parse_message_create(message_payload("InfAlign alignment", message_id=4))
    await settle(lambda: any(m["embeds"] for m in fake.created))
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert [r.name for r in errors] == ["bot.discord"], [r.getMessage() for r in errors]
    assert "the Discord API is failing (HTTP 503)" in errors[0].getMessage()
    assert errors[0].exc_info is None


async def test_a_digest_post_that_fails_is_not_marked_and_goes_out_once_on_the_next_run(
    fake: FakeDiscord, tmp_path: Path, embedder: Any
) -> None:
    import datetime as dt
    import sqlite3

    from bot.announce import AnnounceConfig, Announcer
    from bot.discord.announce import DiscordPoster
    from ingest.fetch import fetch_hf_day
    from rag.store import StoreLocation, open_store
    from tests.conftest import FIXTURES

    day = dt.date(2026, 8, 20)
    saved = tmp_path / "saved"
    saved.mkdir()
    day_file = f"daily_papers_{day}.json"
    papers = json.loads((FIXTURES / "hf_daily_papers" / day_file).read_text())[:4]
    (saved / day_file).write_text(json.dumps(papers))
    state = SqliteState(tmp_path / "announce.sqlite3")
    store = open_store(StoreLocation(path=tmp_path / "chroma"), embedder)
    job = Announcer(store, state, [lambda d: fetch_hf_day(str(saved), d)], AnnounceConfig(top_n=3))

    def second_paper(path: str, body: Any) -> bool:
        # The fake records a request before answering it: the second paper is the third post.
        posts = [r for r in fake.posted("/messages") if r.path.endswith("/messages")]
        return len(posts) == 3

    client = discord.Client(intents=discord.Intents.none())
    await client.login(TOKEN)
    try:
        poster = DiscordPoster(client, CHANNEL_ID)
        fake.server_error_status, fake.server_error_if = 503, second_paper
        [first] = await job.run([poster], today=day)
        assert first.problems == [
            f"discord:{CHANNEL_ID}: Discord refused a post to channel {CHANNEL_ID}: HTTP 503"
        ]
        assert not state.day_done(day.isoformat(), poster.destination)
        fake.server_error_if = None
        [second] = await job.run([poster], today=day)
        # Then a crash right after the posts, before their ledger rows: Discord's nonce and the
        # thread that already exists mean the third run posts nothing twice.
        with sqlite3.connect(tmp_path / "announce.sqlite3") as db:
            db.execute("DELETE FROM announced_papers WHERE paper_id NOT LIKE 'header:%'")
            db.execute("DELETE FROM announced_days")
        [third] = await job.run([poster], today=day)
    finally:
        await client.close()
    assert (second.problems, third.problems) == ([], [])
    assert len(fake.created) == 4  # the header and three papers, once each
    assert len({m["content"] for m in fake.created}) == 4
    assert state.day_done(day.isoformat(), poster.destination)
