"""Slack when its dependencies fail: the Web API answering 5xx (answers and the daily digest), the
Chroma server stopped mid-question, and an LLM endpoint returning garbage under a burst of
questions. The real bolt app and slack_sdk client against the fake Slack on 127.0.0.1."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.announce import AnnounceConfig, Announcer
from bot.render.features import STORE_UNAVAILABLE
from bot.render.slack import slack_answer_message
from bot.slack.announce import SlackPoster
from bot.slack.shared import SlackConfig, build_web_client
from bot.state import SqliteState
from ingest.fetch import fetch_hf_day
from ingest.pipeline import ingest_papers, read_sources
from rag.answer import ExtractiveAnswerer
from rag.llm import LLMAnswerer, build_llm
from rag.retrieve import HybridRetriever
from rag.store import PaperStore, StoreLocation, open_store
from tests.adapters import test_slack
from tests.adapters.fake_slack import BOT_TOKEN, CHANNEL_ID, FakeSlack, mention, settle
from tests.adapters.test_slack import answers, serve_http
from tests.conftest import FIXTURES, SEEDS, dev_questions, tune_questions
from tests.integration.fake_openai import FakeOpenAI, Reply, Request
from tests.integration.test_server_mode import CHROMA, free_port, wait_for_heartbeat

# The module's answerer over the bundled store and the fake Slack, shared with test_slack.py.
answerer = test_slack.answerer
fake = test_slack.fake


def bot_errors(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.ERROR and r.name.startswith("bot.")]


def in_thread(fake: FakeSlack, ts: str) -> list[dict[str, Any]]:
    return [post for post in fake.posts() if post.get("thread_ts") == ts]


# ---- the Web API answering 5xx -----------------------------------------------------------------


async def test_a_5xx_on_an_answer_is_retried_and_the_answer_posted_once(
    fake: FakeSlack, answerer: ExtractiveAnswerer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake.server_error_next["chat.postMessage"] = 1
    async for slack in serve_http(fake, answerer, tmp_path):
        await slack.event(
            mention("GRAPE robot policy preference alignment", ts="1699999999.005100"), "Ev5100"
        )
        await settle(lambda: len(answers(fake)) == 1)
    assert [c.method for c in fake.calls if c.method.startswith("chat.postMessage")] == [
        "chat.postMessage (server error)",
        "chat.postMessage",
    ]
    assert "GRAPE" in json.dumps(answers(fake)[0]["blocks"])
    assert bot_errors(caplog) == []


async def test_a_slack_outage_is_logged_once_and_the_next_question_is_answered(
    fake: FakeSlack, answerer: ExtractiveAnswerer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Every post fails (after the client's retries) while Slack is down: each failure is one
    attempt to say sorry, the log gets one ERROR for the outage, not one traceback per question."""
    fake.server_error_if = lambda method, params: method == "chat.postMessage"
    async for slack in serve_http(fake, answerer, tmp_path):
        questions = ["InfAlign", "GRAPE robot policy", "EditReward image editing"]
        for n, question in enumerate(questions):
            await slack.event(mention(question, ts=f"1699999999.0052{n:02d}"), f"Ev52{n:02d}")
        # Each question: its answer, then the sorry, each tried three times.
        await settle(lambda: len(fake.called("chat.postMessage (server error)")) == 3 * 2 * 3)
        fake.server_error_if = None
        await slack.event(mention("InfAlign alignment", ts="1699999999.005300"), "Ev5300")
        await settle(lambda: len(answers(fake)) == 1)
    assert answers(fake)[0]["thread_ts"] == "1699999999.005300"
    [outage] = bot_errors(caplog)
    assert "the Slack Web API is failing (HTTP 503)" in outage.getMessage()
    assert outage.exc_info is None  # an outage is not a bug: no traceback
    assert CHANNEL_ID in outage.getMessage()


async def test_a_digest_post_that_fails_is_not_marked_and_goes_out_once_on_the_next_run(
    fake: FakeSlack, tmp_path: Path, embedder: Any, caplog: pytest.LogCaptureFixture
) -> None:
    saved = tmp_path / "saved"
    saved.mkdir()
    day = dt.date(2026, 8, 20)
    day_file = f"daily_papers_{day}.json"
    (saved / day_file).write_text(
        json.dumps(json.loads((FIXTURES / "hf_daily_papers" / day_file).read_text())[:4])
    )
    state = SqliteState(tmp_path / "state.sqlite3")
    store = open_store(StoreLocation(path=tmp_path / "chroma"), embedder)
    job = Announcer(store, state, [lambda d: fetch_hf_day(str(saved), d)], AnnounceConfig(top_n=3))
    poster = SlackPoster(build_web_client(SlackConfig(bot_token=BOT_TOKEN, api_url=fake.api_url)), CHANNEL_ID)

    def second_paper(method: str, params: dict[str, Any]) -> bool:
        posted = [p for p in fake.posts() if p.get("blocks")]  # papers; the header is text only
        return method == "chat.postMessage" and bool(params.get("blocks")) and len(posted) == 1

    fake.server_error_if = second_paper
    [first] = await job.run([poster], today=day)
    assert len(fake.called("chat.postMessage (server error)")) == 3  # tried, retried twice, given up
    assert first.posted == {poster.destination: [first.posted[poster.destination][0]]}
    assert first.problems == [f"{poster.destination}: Slack refused a post to channel {CHANNEL_ID}: HTTP 503"]
    assert not state.day_done(day.isoformat(), poster.destination)
    [failure] = [r for r in caplog.records if r.name == "bot.announce" and r.levelno == logging.ERROR]
    assert "goes out on the next run" in failure.getMessage()

    fake.server_error_if = None
    [second] = await job.run([poster], today=day)
    assert second.problems == []
    header, *items = fake.posts()
    assert header["text"].startswith("📰")
    assert len(items) == 3
    titles = [json.dumps(item["blocks"]) for item in items]
    assert len(set(titles)) == 3  # each paper exactly once
    assert all("thread_ts" not in item for item in items)  # each paper its own message and thread
    assert state.day_done(day.isoformat(), poster.destination)


# ---- the Chroma server stopped mid-question ------------------------------------------------------


class ChromaServer:
    """`chroma run` on 127.0.0.1 that can be stopped and started again on the same port and data."""

    def __init__(self, path: Path) -> None:
        self.path, self.port = path, free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        chroma = str(CHROMA) if CHROMA.exists() else shutil.which("chroma")
        assert chroma, "the chroma CLI is installed with chromadb"
        command = [chroma, "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_heartbeat(self.port, self.process)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[ChromaServer]:
    server = ChromaServer(tmp_path / "chroma-server")
    server.start()
    yield server
    server.stop()


@pytest.mark.server
async def test_the_store_going_down_mid_question_is_one_clear_line_then_answers_resume(
    fake: FakeSlack,
    chroma_server: ChromaServer,
    embedder: Any,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    location = StoreLocation(host="127.0.0.1", port=chroma_server.port)
    store = PaperStore(location, embedder, retries=1, backoff_seconds=0.05)
    wanted = ("InfAlign", "EditReward", "GRAPE")
    ingest_papers(store, [p for p in read_sources([SEEDS]).papers if p.title.startswith(wanted)])
    answerer = ExtractiveAnswerer(HybridRetriever(store))
    async for slack in serve_http(fake, answerer, tmp_path):
        await slack.event(mention("InfAlign inference-aware alignment", ts="1699999999.006100"), "Ev6100")
        await settle(lambda: len(answers(fake)) == 1)
        chroma_server.stop()
        for n in (2, 3):
            ts = f"1699999999.00610{n}"
            await slack.event(mention("GRAPE robot policy alignment", ts=ts), f"Ev610{n}")
            await settle(lambda ts=ts: len(in_thread(fake, ts)) == 1)
            [reply] = in_thread(fake, ts)
            assert reply["text"] == STORE_UNAVAILABLE
            assert "blocks" not in reply
        chroma_server.start()
        await slack.event(mention("EditReward image editing reward", ts="1699999999.006104"), "Ev6104")
        await settle(lambda: len(answers(fake)) == 2)
    assert "EditReward" in json.dumps(answers(fake)[1]["blocks"])
    [outage] = bot_errors(caplog)  # two questions failed: one line for the outage
    assert "cannot reach the Chroma server" in outage.getMessage()
    assert outage.exc_info is None


# ---- an LLM endpoint answering garbage under a burst of questions --------------------------------

LLM_TEXT = "The sources answer this directly [1]."
KINDS: dict[str, Reply] = {
    "good": Reply(LLM_TEXT),
    "slow": Reply(LLM_TEXT, delay=0.3),
    "not-json": Reply(body=b'{"choices": [{"message": '),
    "no-choices": Reply(body=b'{"choices": []}'),
    "html-502": Reply(status=502, body=b"<html><body><h1>502 Bad Gateway</h1></body></html>"),
    "html-200": Reply(body=b"<!DOCTYPE html><html><body>Down for maintenance</body></html>"),
    "uncited": Reply("The papers cover this well; no need to say which."),
    "too-slow": Reply(LLM_TEXT, delay=2.5),
}
FAILING = ("not-json", "no-choices", "html-502", "html-200", "too-slow")


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def garbage_by_question(kinds: dict[str, str]) -> Any:
    def respond(request: Request) -> Reply:
        asked = re.search(r"<question>\n(.*)\n</question>", request.messages[1]["content"], re.S)
        assert asked, "the prompt holds the question"
        return KINDS[kinds[asked[1]]]

    return respond


async def test_an_llm_answering_garbage_under_load_drops_no_question_and_logs_one_warning(
    fake: FakeSlack, answerer: ExtractiveAnswerer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """48 questions from 8 users at once, the model failing a different way for most of them:
    every question gets one reply (the model's, the extractive fallback, or the contract's
    refusal), and the log one WARNING for the outage and one INFO when it is over."""
    # Single-paper answers are the ones a model rewords (lists, lookups and metadata are not).
    candidates = [q["question"] for q in dev_questions() + tune_questions() if q["type"] == "topical"][:40]
    expected = {q: answerer.answer_sync(q) for q in candidates}
    questions = [q for q in candidates if expected[q].grounded and expected[q].kind == "answer"][:24]
    assert len(questions) == 24
    kinds = {" ".join(q.split()): list(KINDS)[n % len(KINDS)] for n, q in enumerate(questions)}
    llm = FakeOpenAI(responder=garbage_by_question(kinds)).start()
    clock = Clock()
    model = build_llm(llm.base_url, "fake-model", None, timeout=0.8)
    llm_answerer = LLMAnswerer(answerer, model, max_retries=2, backoff_seconds=0.01, clock=clock)
    asked = {f"1699999999.{7000 + n:06d}": questions[n % 24] for n in range(48)}
    try:
        caplog.set_level(logging.INFO)
        async for slack in serve_http(fake, llm_answerer, tmp_path):
            await asyncio.gather(
                *(
                    slack.event(mention(q, ts=ts, user=f"U0USER{n % 8}"), f"Ev7{n:03d}")
                    for n, (ts, q) in enumerate(asked.items())
                )
            )
            await settle(lambda: len(fake.posts()) >= 48, seconds=240)
            await asyncio.sleep(0.5)  # nothing else arrives: one reply per question
            replies = {ts: in_thread(fake, ts) for ts in asked}
            warnings = [r for r in caplog.records if r.name == "rag.llm" and r.levelno == logging.WARNING]

            clock.now += 120  # the endpoint has been quiet a while; now it answers again
            assert kinds[" ".join(questions[0].split())] == "good"
            await slack.event(mention(questions[0], ts="1699999999.008000"), "Ev8000")
            await settle(lambda: len(in_thread(fake, "1699999999.008000")) == 1)
    finally:
        llm.stop()

    for ts, question in asked.items():
        [reply] = replies[ts]  # exactly one, whatever the model did
        kind = kinds[" ".join(question.split())]
        if kind in ("good", "slow"):
            assert LLM_TEXT in reply["text"], (kind, question)
        else:  # a fault, garbage or an uncited reply: the quoted (extractive) answer
            assert reply["text"] == slack_answer_message(expected[question])["text"], (kind, question)
    assert len(warnings) == 1, [w.getMessage() for w in warnings]  # one outage, one warning
    assert "using the extractive answer" in warnings[0].getMessage()
    failed = sum(1 for q in asked.values() if kinds[" ".join(q.split())] in FAILING)
    back = [r.getMessage() for r in caplog.records if r.name == "rag.llm" and "is back" in r.getMessage()]
    assert back == [f"the LLM endpoint is back after an outage ({failed} failed requests)"]
    assert LLM_TEXT in in_thread(fake, "1699999999.008000")[0]["text"]
    assert bot_errors(caplog) == []
