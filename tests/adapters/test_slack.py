"""The real bolt AsyncApp and slack_sdk clients against a fake Slack on 127.0.0.1, with the real
answerer: signed HTTP requests through bolt's own aiohttp server, and one Socket Mode session."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import re
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
import yaml
from aiohttp import web
from slack_bolt.app.async_server import AsyncSlackAppServer

from bot.chat import Chat
from bot.render.answer import answer_body
from bot.render.features import FRIENDLY_ERROR
from bot.render.slack import (
    SLACK_BLOCKS,
    SLACK_SECTION_CHARS,
    slack_answer_message,
    slack_escape,
    slack_text_message,
)
from bot.settings import SettingsError, load_settings
from bot.slack.app import EVENTS_PATH, SlackStartError, build_slack_app, serve
from bot.slack.shared import SlackConfig, question_text
from bot.state import SqliteState, export_feedback
from ingest.pipeline import IngestReport
from rag.answer import ExtractiveAnswerer
from rag.model import Answer, Citation, Generated, Paper, Turn
from rag.retrieve import HybridRetriever
from tests.adapters.fake_slack import (
    APP_TOKEN,
    BOT_TOKEN,
    BOT_USER_ID,
    CHANNEL_ID,
    DM_CHANNEL_ID,
    SIGNING_SECRET,
    FakeSlack,
    action_form,
    command_form,
    event_body,
    mention,
    message,
    settle,
    signed_headers,
)
from tests.conftest import REPO

JSON, FORM = "application/json", "application/x-www-form-urlencoded"
BROADCASTS = ("<!channel>", "<!here>", "<!everyone>", "<@U", "<#C", "<!subteam^")


@pytest.fixture(scope="module")
def answerer(opened_bundled_store: Any) -> ExtractiveAnswerer:
    return ExtractiveAnswerer(HybridRetriever(opened_bundled_store))


class GatedAnswerer:
    """The real answerer, held until the test opens the gate: proves an ack does not wait."""

    def __init__(self, inner: ExtractiveAnswerer) -> None:
        self.inner, self.gate, self.calls = inner, asyncio.Event(), 0

    @property
    def retriever(self) -> HybridRetriever:
        return self.inner.retriever

    async def answer(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        self.calls += 1
        await self.gate.wait()
        return await self.inner.answer(question, history)

    def answer_sync(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        return self.inner.answer_sync(question, history)


class BrokenAnswerer(GatedAnswerer):
    async def answer(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        raise RuntimeError("the store went away")


@pytest_asyncio.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = FakeSlack()
    await server.start()
    yield server
    await server.stop()


@dataclass
class HttpSlack:
    """The bolt app served over HTTP exactly as `paperbot slack` with SLACK_MODE=http serves it."""

    fake: FakeSlack
    state: SqliteState
    url: str
    session: aiohttp.ClientSession
    ingested: list[bytes]

    async def post(self, body: str, headers: dict[str, str]) -> tuple[int, str]:
        async with self.session.post(self.url, data=body.encode(), headers=headers) as response:
            return response.status, await response.text()

    async def event(self, event: dict[str, Any], event_id: str = "Ev0001", retry: int | None = None) -> int:
        body = json.dumps(event_body(event, event_id))
        headers = signed_headers(body, JSON)
        if retry is not None:
            headers.update({"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"})
        status, _ = await self.post(body, headers)
        return status

    async def command(self, name: str, text: str, user: str = "U0ADA", hook: str = "1") -> tuple[int, str]:
        body = command_form(name, text, self.fake.url(f"/respond/{hook}"), user=user)
        return await self.post(body, signed_headers(body, FORM))

    async def action(self, action: dict[str, Any], user: str = "U0ADA", hook: str = "9") -> int:
        body = action_form(action, self.fake.url(f"/respond/{hook}"), user=user)
        status, _ = await self.post(body, signed_headers(body, FORM))
        return status


def config_for(fake: FakeSlack, **overrides: Any) -> SlackConfig:
    settings: dict[str, Any] = {
        "bot_token": BOT_TOKEN,
        "app_token": APP_TOKEN,
        "signing_secret": SIGNING_SECRET,
        "mode": "http",
        "cooldown_seconds": 0.0,
        "admin_user_ids": frozenset({"U0ADMIN"}),
        "api_url": fake.api_url,
        **overrides,
    }
    return SlackConfig(**settings)


async def serve_http(
    fake: FakeSlack, answerer: Any, tmp_path: Path, enrich: Any = None, **overrides: Any
) -> AsyncIterator[HttpSlack]:
    state = SqliteState(tmp_path / "state.sqlite3")
    ingested: list[bytes] = []

    async def ingest(path: Path) -> IngestReport:
        ingested.append(path.read_bytes())
        return IngestReport(added=1)

    app = build_slack_app(Chat(answerer, answer_body), state, config_for(fake, **overrides), ingest, enrich)
    server = AsyncSlackAppServer(port=0, path=EVENTS_PATH, app=app, host="127.0.0.1")
    runner = web.AppRunner(server.web_app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    async with aiohttp.ClientSession() as session:
        yield HttpSlack(fake, state, f"http://127.0.0.1:{port}{EVENTS_PATH}", session, ingested)
    await runner.cleanup()
    state.close()


@pytest_asyncio.fixture
async def slack(fake: FakeSlack, answerer: ExtractiveAnswerer, tmp_path: Path) -> AsyncIterator[HttpSlack]:
    async for harness in serve_http(fake, answerer, tmp_path):
        yield harness


def answers(fake: FakeSlack) -> list[dict[str, Any]]:
    """Posted messages that carry an answer (Block Kit sections), not headers or errors."""
    return [p for p in fake.posts() if p.get("blocks")]


def all_text(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False)


# ---- mentions, threads, DMs ------------------------------------------------------------------


async def test_a_mention_is_answered_in_its_thread_with_blocks_and_a_fallback(
    fake: FakeSlack, slack: HttpSlack
) -> None:
    assert (
        await slack.event(mention("GRAPE robot policy preference alignment", ts="1699999999.000100")) == 200
    )
    await settle(lambda: len(answers(fake)) == 1)
    [post] = answers(fake)
    assert post["channel"] == CHANNEL_ID
    assert post["thread_ts"] == "1699999999.000100"  # in the message's thread
    assert "[1]" in post["text"] and "Sources:" in post["text"]  # the plain-text fallback
    blocks = post["blocks"]
    assert blocks[0]["type"] == "section" and "[1]" in blocks[0]["text"]["text"]
    sources = next(b for b in blocks if b["type"] == "section" and b["text"]["text"].startswith("*Sources*"))
    assert re.search(r"^\[1\] (<https?://[^|>]+\|)?GRAPE", sources["text"]["text"], flags=re.M)
    actions = next(b for b in blocks if b["type"] == "actions")
    assert [e["action_id"].split(":")[:2] for e in actions["elements"]] == [["fb", "up"], ["fb", "down"]]
    assert post["unfurl_links"] is False
    assert fake.called("auth.test")  # bolt authorised the request with the bot token
    assert all(
        c.headers.get("Authorization") == f"Bearer {BOT_TOKEN}" for c in fake.called("chat.postMessage")
    )


async def test_follow_ups_in_the_thread_keep_the_context_without_a_mention(
    fake: FakeSlack, slack: HttpSlack
) -> None:
    root = "1699999999.000200"
    await slack.event(mention("papers on image-goal navigation for robots", ts=root), "Ev0001")
    await settle(lambda: len(answers(fake)) == 1)
    await slack.event(
        message("and which of those is zero-shot?", "1699999999.000300", thread_ts=root), "Ev0002"
    )
    await settle(lambda: len(answers(fake)) == 2)
    follow_up = answers(fake)[1]
    assert follow_up["thread_ts"] == root
    assert "UniGoal" in all_text(follow_up)
    assert len(slack.state.turns(f"slack:{CHANNEL_ID}:{root}")) == 2


async def test_channel_messages_without_a_mention_are_ignored(fake: FakeSlack, slack: HttpSlack) -> None:
    await slack.event(message("just chatting about GRAPE", "1699999999.000400"), "Ev0003")
    await slack.event(message("a thread I never answered in", "1699999999.000500", thread_ts="1.0"), "Ev0004")
    await slack.event(message("ignored", "1699999999.000600", bot_id="B999"), "Ev0005")
    await asyncio.sleep(0.5)
    assert fake.posts() == []


async def test_a_dm_needs_no_mention(fake: FakeSlack, slack: HttpSlack) -> None:
    dm = message("InfAlign", "1699999999.000700", channel=DM_CHANNEL_ID, channel_type="im")
    await slack.event(dm, "Ev0006")
    await settle(lambda: len(answers(fake)) == 1)
    [post] = answers(fake)
    assert post["channel"] == DM_CHANNEL_ID
    assert "thread_ts" not in post or post["thread_ts"] is None
    assert len(slack.state.turns(f"slack:{DM_CHANNEL_ID}")) == 1


async def test_a_mention_in_a_followed_thread_is_answered_once(fake: FakeSlack, slack: HttpSlack) -> None:
    root = "1699999999.000800"
    await slack.event(mention("InfAlign", ts=root), "Ev0007")
    await settle(lambda: len(answers(fake)) == 1)
    # Slack sends both an app_mention and a message event for one message in a thread.
    ts = "1699999999.000900"
    await slack.event(mention("GRAPE robot policy", ts=ts, thread_ts=root), "Ev0008")
    await slack.event(message(f"<@{BOT_USER_ID}> GRAPE robot policy", ts, thread_ts=root), "Ev0009")
    await settle(lambda: len(answers(fake)) >= 2)
    await asyncio.sleep(0.5)
    assert len(answers(fake)) == 2


# ---- slash commands ---------------------------------------------------------------------------


async def test_slash_ask_is_acknowledged_at_once_then_answered_in_a_thread(
    fake: FakeSlack, answerer: ExtractiveAnswerer, tmp_path: Path
) -> None:
    gated = GatedAnswerer(answerer)
    async for slack in serve_http(fake, gated, tmp_path):
        status, body = await slack.command("/paper-ask", "GRAPE robot policy preference alignment")
        # Acknowledged while the answerer is still held: the ack never waits for the answer.
        assert (status, body) == (200, "")
        await settle(lambda: gated.calls == 1)
        assert answers(fake) == []
        gated.gate.set()
        await settle(lambda: len(answers(fake)) == 1)
        header, answer = fake.posts()
        assert header["text"] == "❓ GRAPE robot policy preference alignment"
        assert "thread_ts" not in header
        root = fake.called("chat.postMessage")[0]
        assert answer["thread_ts"].startswith("1700000000.")
        assert answer["channel"] == CHANNEL_ID and root.params["channel"] == CHANNEL_ID
        assert len(slack.state.turns(f"slack:{CHANNEL_ID}:{answer['thread_ts']}")) == 1


async def test_slash_ask_answers_through_the_response_url_where_the_bot_cannot_post(
    fake: FakeSlack, slack: HttpSlack
) -> None:
    fake.not_in_channels.add(CHANNEL_ID)
    await slack.command("/paper-ask", "InfAlign", hook="7")
    await settle(lambda: len(fake.responses()) == 1)
    [reply] = fake.responses()
    assert reply["response_type"] == "in_channel"
    assert "[1]" in reply["text"] and reply["blocks"][0]["type"] == "section"


async def test_slash_ask_refuses_kindly_over_the_cooldown_or_the_cap(
    fake: FakeSlack, answerer: ExtractiveAnswerer, tmp_path: Path
) -> None:
    async for slack in serve_http(fake, answerer, tmp_path, cooldown_seconds=600.0, max_question_chars=50):
        status, body = await slack.command("/paper-ask", "x" * 51)
        assert status == 200 and "too long (51 characters; the limit is 50)" in body
        await slack.command("/paper-ask", "InfAlign")
        status, body = await slack.command("/paper-ask", "GRAPE")
        # A plain-text ack is shown to the asker only.
        assert body.startswith("Easy there! You can ask again in")


async def test_slash_cite_gives_bibtex_and_a_menu_when_unsure(fake: FakeSlack, slack: HttpSlack) -> None:
    status, body = await slack.command("/paper-cite", "alignment survey", hook="3")
    assert (status, body) == (200, "")
    await settle(lambda: len(fake.responses()) == 1)
    [reply] = fake.responses()
    assert reply["response_type"] == "in_channel"
    assert "Not sure this is the one" in all_text(reply["blocks"])
    assert any("```@misc{" in b.get("text", {}).get("text", "") for b in reply["blocks"])
    menu = next(b for b in reply["blocks"] if b["type"] == "actions")["elements"][0]
    assert menu["type"] == "static_select" and len(menu["options"]) >= 2
    picked = menu["options"][0]["text"]["text"].rstrip("…")
    await slack.action(
        {"type": "static_select", "action_id": "cite_pick", "selected_option": menu["options"][0]}
    )
    await settle(lambda: len(fake.responses()) == 2)
    chosen = fake.responses()[1]
    assert chosen["replace_original"] is True
    assert chosen["text"].startswith(picked)  # the picked paper replaces the unsure one
    assert "Not sure" not in all_text(chosen["blocks"]) and "@misc{" in chosen["text"]


async def test_slash_cite_and_similar_say_when_no_paper_matches(fake: FakeSlack, slack: HttpSlack) -> None:
    await slack.command("/paper-cite", "Quantum annealing for protein folding", hook="3")
    await slack.command("/paper-similar", "sourdough starter hydration", hook="4")
    await settle(lambda: len(fake.responses()) == 2)
    for reply in fake.responses():
        assert reply["response_type"] == "ephemeral"
        assert reply["text"].startswith("No paper in the corpus matches that. The closest titles:")
        assert "@misc" not in reply["text"]


async def test_slash_similar_lists_five_neighbours(fake: FakeSlack, slack: HttpSlack) -> None:
    await slack.command("/paper-similar", "InfAlign", hook="4")
    await settle(lambda: len(fake.responses()) == 1)
    [reply] = fake.responses()
    text = reply["blocks"][0]["text"]["text"]
    assert text.startswith("Papers like *InfAlign")
    assert len(re.findall(r"^\d\. \S", text, flags=re.M)) == 5


async def test_slash_watch_adds_lists_and_removes_topics(fake: FakeSlack, slack: HttpSlack) -> None:
    replies = []
    for text in ("  reward   hacking ", "", "reward hacking", "remove reward hacking", "list"):
        status, body = await slack.command("/paper-watch", text)
        assert status == 200
        replies.append(body)  # a plain-text ack: shown to the user who typed it, only
    assert replies == [
        "Watching “reward hacking”.",
        "You watch: “reward hacking”",
        "You already watch “reward hacking”.",
        "Stopped watching it.",
        "You watch no topics yet: `/paper-watch reward hacking` pings you when a new paper matches.",
    ]


# ---- feedback and admin actions ----------------------------------------------------------------


async def test_a_feedback_click_is_recorded_in_the_shared_state_store(
    fake: FakeSlack, slack: HttpSlack
) -> None:
    await slack.event(mention("InfAlign", ts="1699999999.001000"), "Ev0010")
    await settle(lambda: len(answers(fake)) == 1)
    buttons = next(b for b in answers(fake)[0]["blocks"] if b["type"] == "actions")["elements"]
    up = buttons[0]
    assert (
        await slack.action(
            {"type": "button", "action_id": up["action_id"], "value": up["value"]}, user="U0BOB"
        )
        == 200
    )
    await settle(lambda: len(slack.state.feedback()) == 1)
    [record] = list(export_feedback(slack.state))
    assert (record["platform"], record["vote"], record["user_id"], record["question"]) == (
        "slack",
        1,
        "U0BOB",
        "InfAlign",
    )
    assert record["gold"] == ["infalign-inference-aware-language-model-alignment"]
    await settle(lambda: len(fake.responses()) == 1)
    [thanks] = fake.responses()
    assert thanks == {
        "text": "Thanks for the feedback!",
        "response_type": "ephemeral",
        "replace_original": False,
    }


async def test_only_admins_can_ingest_files_shared_in_a_dm(fake: FakeSlack, slack: HttpSlack) -> None:
    fake.files["papers.jsonl"] = b'{"title": "A", "abstract": "B"}\n'
    shared = {
        "id": "F1",
        "name": "papers.jsonl",
        "size": 32,
        "url_private_download": fake.url("/files/papers.jsonl"),
    }
    upload = message(
        "ingest", "1699999999.001100", channel=DM_CHANNEL_ID, channel_type="im", subtype="file_share"
    )
    await slack.event({**upload, "files": [shared]}, "Ev0011")
    await settle(lambda: len(fake.posts()) == 1)
    assert fake.posts()[0]["text"] == "Only the group's admins can add papers."
    assert not [c for c in fake.calls if c.method.startswith("file:")]  # nothing downloaded
    admin_upload = {**upload, "ts": "1699999999.001200", "user": "U0ADMIN", "files": [shared]}
    await slack.event(admin_upload, "Ev0012")
    await settle(lambda: len(fake.posts()) == 2)
    assert slack.ingested == [fake.files["papers.jsonl"]]
    assert "papers.jsonl: Ingested: 1 added" in fake.posts()[1]["text"]


# ---- HTTP mode: signatures and retries ---------------------------------------------------------


@pytest.mark.parametrize(
    ("secret", "age"),
    [("not-the-signing-secret", 0), (SIGNING_SECRET, 6 * 60)],
    ids=["bad-signature", "stale-timestamp"],
)
async def test_a_bad_or_stale_signature_gets_401_and_nothing_runs(
    fake: FakeSlack, answerer: ExtractiveAnswerer, tmp_path: Path, secret: str, age: int
) -> None:
    gated = GatedAnswerer(answerer)
    gated.gate.set()
    async for slack in serve_http(fake, gated, tmp_path):
        body = json.dumps(event_body(mention("InfAlign"), "Ev0013"))
        status, _ = await slack.post(body, signed_headers(body, JSON, int(time.time()) - age, secret))
        assert status == 401
        form = command_form("/paper-ask", "InfAlign", fake.url("/respond/5"))
        status, _ = await slack.post(form, signed_headers(form, FORM, int(time.time()) - age, secret))
        assert status == 401
        await asyncio.sleep(0.5)
        assert gated.calls == 0
        assert fake.calls == []  # not even auth.test: verification runs first


async def test_a_slack_retry_does_not_answer_twice(fake: FakeSlack, slack: HttpSlack) -> None:
    event = mention("InfAlign", ts="1699999999.001300")
    assert await slack.event(event, "Ev0014") == 200
    assert await slack.event(event, "Ev0014", retry=1) == 200
    assert await slack.event(event, "Ev0014", retry=2) == 200
    await settle(lambda: len(answers(fake)) == 1)
    await asyncio.sleep(0.5)
    assert len(answers(fake)) == 1
    assert len(slack.state.turns(f"slack:{CHANNEL_ID}:1699999999.001300")) == 1


async def test_a_rate_limited_post_is_retried_after_retry_after(fake: FakeSlack, slack: HttpSlack) -> None:
    fake.rate_limit_next["chat.postMessage"] = 1
    await slack.event(mention("GRAPE robot policy preference alignment", ts="1699999999.001400"), "Ev0015")
    await settle(lambda: len(answers(fake)) == 1)
    [limited] = fake.called("chat.postMessage (rate limited)")
    assert limited.params["blocks"] == answers(fake)[0]["blocks"]  # the same message, sent again


# ---- Socket Mode -------------------------------------------------------------------------------


async def test_socket_mode_acks_the_envelope_then_answers(
    fake: FakeSlack, answerer: ExtractiveAnswerer, tmp_path: Path
) -> None:
    state = SqliteState(tmp_path / "state.sqlite3")
    config = config_for(fake, mode="socket", signing_secret=None)
    app = build_slack_app(Chat(answerer, answer_body), state, config)
    running = asyncio.create_task(serve(app, config))
    try:
        await settle(lambda: len(fake.called("apps.connections.open")) == 2)  # the check, then the socket
        for opened in fake.called("apps.connections.open"):
            assert opened.headers["Authorization"] == f"Bearer {APP_TOKEN}"
        envelope = {
            "envelope_id": "env-1",
            "type": "events_api",
            "accepts_response_payload": False,
            "retry_attempt": 0,
            "retry_reason": "",
            "payload": event_body(mention("InfAlign", ts="1699999999.001500"), "Ev0016"),
        }
        await fake.send_envelope(envelope)
        await settle(lambda: any(m.get("envelope_id") == "env-1" for m in fake.socket_messages))
        await settle(lambda: len(answers(fake)) == 1)
        assert answers(fake)[0]["thread_ts"] == "1699999999.001500"
        # The same envelope redelivered (Slack retries unacknowledged ones): acked, not re-answered.
        await fake.send_envelope({**envelope, "envelope_id": "env-2", "retry_attempt": 1})
        await settle(lambda: any(m.get("envelope_id") == "env-2" for m in fake.socket_messages))
        await asyncio.sleep(0.3)
        assert len(answers(fake)) == 1
    finally:
        running.cancel()
        with pytest.raises(asyncio.CancelledError):
            await running
        state.close()


@pytest.mark.parametrize(
    ("method", "key"), [("auth.test", "SLACK_BOT_TOKEN"), ("apps.connections.open", "SLACK_APP_TOKEN")]
)
async def test_a_refused_token_stops_start_up_with_one_clear_line(
    fake: FakeSlack, answerer: ExtractiveAnswerer, tmp_path: Path, method: str, key: str
) -> None:
    fake.refused.add(method)
    config = config_for(fake, mode="socket")
    state = SqliteState(tmp_path / "state.sqlite3")
    app = build_slack_app(Chat(answerer, answer_body), state, config)
    with pytest.raises(SlackStartError) as raised:
        await asyncio.wait_for(serve(app, config), 30)
    assert str(raised.value).startswith(f"Slack refused {key} (invalid_auth)")
    assert BOT_TOKEN not in str(raised.value) and APP_TOKEN not in str(raised.value)
    state.close()


def test_the_manifest_matches_what_the_app_listens_to() -> None:
    manifest = yaml.safe_load((REPO / "bot" / "slack_manifest.yaml").read_text(encoding="utf-8"))
    commands = {c["command"] for c in manifest["features"]["slash_commands"]}
    assert commands == {"/paper-ask", "/paper-cite", "/paper-similar", "/paper-watch"}
    source = "".join((REPO / "bot" / "slack" / name).read_text() for name in ("commands.py", "events.py"))
    assert commands == set(re.findall(r'@app\.command\("([^"]+)"\)', source))
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert {"app_mention", "message.channels", "message.im"} <= events
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"app_mentions:read", "chat:write", "commands", "im:history", "channels:history"} <= scopes
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert manifest["settings"]["interactivity"]["is_enabled"] is True


# ---- errors, secrets, start-up -----------------------------------------------------------------


async def test_a_failure_is_logged_with_context_and_shown_as_one_friendly_line(
    fake: FakeSlack, answerer: ExtractiveAnswerer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async for slack in serve_http(fake, BrokenAnswerer(answerer), tmp_path):
        await slack.event(mention("InfAlign", ts="1699999999.001600"), "Ev0017")
        await settle(lambda: len(fake.posts()) == 1)
        [sorry] = fake.posts()
        assert (sorry["thread_ts"], sorry["text"]) == ("1699999999.001600", FRIENDLY_ERROR)
        assert "blocks" not in sorry
        await slack.command("/paper-ask", "InfAlign", hook="8")
        await settle(lambda: len(fake.responses()) == 1)
        assert fake.responses()[0]["text"] == FRIENDLY_ERROR
    failures = [r for r in caplog.records if r.levelno == logging.ERROR and r.name.startswith("bot.slack")]
    assert any("1699999999.001600" in r.getMessage() and CHANNEL_ID in r.getMessage() for r in failures)
    assert any("/paper-ask" in r.getMessage() and "U0ADA" in r.getMessage() for r in failures)
    assert all(r.exc_info for r in failures)


async def test_tokens_and_the_signing_secret_are_never_logged(
    fake: FakeSlack, answerer: ExtractiveAnswerer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async for slack in serve_http(fake, answerer, tmp_path):
        await slack.event(mention("InfAlign", ts="1699999999.001700"), "Ev0018")
        await settle(lambda: len(answers(fake)) == 1)
        body = json.dumps(event_body(mention("InfAlign"), "Ev0019"))
        await slack.post(body, signed_headers(body, JSON, secret="wrong"))
    config = config_for(fake)
    for secret in (BOT_TOKEN, APP_TOKEN, SIGNING_SECRET):
        assert secret not in caplog.text
        assert secret not in repr(config)


def test_missing_tokens_stop_start_up_with_one_clear_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli import main

    code = main(["--env-file", "/nonexistent", "slack"], out=io.StringIO())
    assert code == 1
    error = capsys.readouterr().err
    assert "SLACK_BOT_TOKEN and SLACK_APP_TOKEN are not set (socket mode)" in error
    assert "bot/slack_manifest.yaml" in error
    monkeypatch.setenv("SLACK_MODE", "http")
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    assert main(["--env-file", "/nonexistent", "slack"], out=io.StringIO()) == 1
    error = capsys.readouterr().err
    assert "SLACK_SIGNING_SECRET is not set (http mode)" in error
    assert BOT_TOKEN not in error


def test_slack_settings_are_read_and_checked_without_echoing_secrets() -> None:
    settings = load_settings(
        {
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_APP_TOKEN": APP_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_MODE": "HTTP",
            "SLACK_PORT": "8080",
            "SLACK_ADMIN_USER_IDS": "U0ADMIN, W0OTHER",
        },
        env_file=None,
    )
    assert (settings.slack_mode, settings.slack_port) == ("http", 8080)
    assert settings.slack_admin_user_ids == frozenset({"U0ADMIN", "W0OTHER"})
    assert settings.slack_bot_token == BOT_TOKEN
    for secret in (BOT_TOKEN, APP_TOKEN, SIGNING_SECRET):
        assert secret not in repr(settings)
    assert load_settings({}, env_file=None).slack_mode == "socket"
    with pytest.raises(SettingsError) as raised:
        load_settings(
            {
                "SLACK_BOT_TOKEN": APP_TOKEN,  # pasted into the wrong key
                "SLACK_MODE": "webhook",
                "SLACK_PORT": "0",
                "SLACK_ADMIN_USER_IDS": "ada",
            },
            env_file=None,
        )
    message = str(raised.value)
    for key in ("SLACK_BOT_TOKEN", "SLACK_MODE", "SLACK_PORT", "SLACK_ADMIN_USER_IDS"):
        assert key in message
    assert APP_TOKEN not in message


# ---- rendering: limits and neutralised mentions -------------------------------------------------


def paper(n: int, title: str = "", link: str | None = None) -> Paper:
    return Paper(
        id=f"p{n}",
        title=title or f"Paper number {n} on reward models",
        abstract="An abstract.",
        url=link or f"https://huggingface.co/papers/2501.{n:05d}",
        date="2025-01-02",
        upvotes=n,
    )


def test_a_huge_answer_fits_block_kit_limits_and_says_it_was_shortened() -> None:
    sentence = "Reward models are trained on noisy preferences and this sentence is long. "
    citations = tuple(Citation(n, paper(n, "T" * 400)) for n in range(1, 201))
    text = " ".join(f"{sentence * 5}[{(i % 200) + 1}]" for i in range(2000))  # ~750,000 characters
    huge = Answer("q", Generated(text), citations, True)
    message = slack_answer_message(huge, "abc123")
    blocks = message["blocks"]
    assert len(blocks) <= SLACK_BLOCKS
    for block in blocks:
        if block["type"] == "section":
            assert 0 < len(block["text"]["text"]) <= SLACK_SECTION_CHARS
    assert blocks[-1]["type"] == "actions"  # the feedback buttons survive the trimming
    assert "Shortened to fit Slack" in all_text(blocks)
    assert any(b["text"]["text"].startswith("*Sources*") for b in blocks if b["type"] == "section")
    assert 0 < len(message["text"]) <= 3000


def test_long_text_splits_into_sections_without_breaking_escapes() -> None:
    text = ("R&D <b> " * 2000).strip()
    message = slack_text_message(text)
    sections = [b["text"]["text"] for b in message["blocks"]]
    assert len(sections) > 1
    assert all(len(s) <= SLACK_SECTION_CHARS for s in sections)
    assert all(not re.search(r"&[a-z]*$", s) for s in sections)  # no entity cut in two
    assert "".join(s.replace(" ", "") for s in sections) == slack_escape(text).replace(" ", "")


def test_mentions_in_paper_text_and_questions_are_neutralised() -> None:
    hostile = "Ping <!channel> <!here> <!everyone> <@U123> <#C123|general> <!subteam^S123> @here @channel"
    citation = Citation(1, paper(1, f"A title {hostile}", link="https://example.org/x|<!here>"))
    answer = Answer(hostile, Generated(f"{hostile} [1]"), (citation,), True)
    rendered = all_text(slack_answer_message(answer, "abc123"))
    for broadcast in BROADCASTS:
        assert broadcast not in rendered
    assert "@here" not in rendered and "@channel" not in rendered
    assert "&lt;!channel&gt;" in rendered  # shown as written, not as a ping
    assert "<https://example.org/x%7C%3C!here%3E|" in rendered
    assert question_text(
        f"<@{BOT_USER_ID}> what about <https://arxiv.org/abs/2501.1|this> &amp; R&lt;D?", BOT_USER_ID
    ) == ("what about this & R<D?")


async def test_mentions_in_a_question_are_not_echoed_as_pings(fake: FakeSlack, slack: HttpSlack) -> None:
    await slack.command("/paper-ask", "<!channel> <@U999> <!subteam^S1|team> InfAlign", hook="6")
    await settle(lambda: len(answers(fake)) == 1)
    for post in fake.posts():
        for broadcast in BROADCASTS:
            assert broadcast not in all_text(post)
