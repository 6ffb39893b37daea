"""Load through the Discord adapter: N questions from U users over a time window, delivered through
the gateway of a stand-in Discord on 127.0.0.1 (bench/fake_discord.py) to the real discord.py
client running paperbot's Discord bot with the real answerer and store.

    .venv/bin/python -m bench.load [--questions 200] [--users 20] [--seconds 60] [--cooldown 2]

Reports: answered, refused by the cooldown, dropped (neither: must be 0), latency p50/p95 from a
message leaving the gateway to the bot's last post about it (thread, answer) or its cooldown
reply, and peak RSS before and after.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import discord.http
import yarl
from discord.gateway import DiscordWebSocket

from bench.corpus import DEV_SET, SEEDS, load_questions
from bench.fake_discord import GUILD_ID, FakeDiscord, Post
from bench.measure import peak_rss_mib
from bot.chat import Chat
from bot.discord.app import build_bot
from bot.discord.client import DiscordConfig
from bot.render.answer import answer_body
from bot.state import SqliteState
from ingest.pipeline import ingest_paths
from rag.answer import ExtractiveAnswerer
from rag.embed import load_embedder
from rag.retrieve import HybridRetriever
from rag.store import StoreLocation, open_store

_QUIET_SECONDS = 1.0  # after every question has its first reply: time for the rest of its posts
_FIRST_ID = 20_000  # message ids of the questions; users are 1000..1000+U


def _outcomes(fake: FakeDiscord, sent: dict[str, float]) -> tuple[dict[str, str], dict[str, float], int]:
    """Per question: how the bot replied ("answered" in a thread started on it, "cooldown" in a
    reply to it) and the time of its last post about it; and how many failure notices it posted
    in the channel (a post that is neither)."""
    kind: dict[str, str] = {}
    last: dict[str, float] = {}
    notices = 0
    for post in fake.posts:
        question = fake.threads.get(post.channel_id) or post.reply_to
        if question not in sent:
            notices += 1
            continue
        kind[question] = "answered" if post.channel_id in fake.threads else "cooldown"
        last[question] = max(last.get(question, 0.0), post.at)
    return kind, last, notices


async def _wait_for_replies(fake: FakeDiscord, sent: dict[str, float], seconds: float) -> None:
    """Until every question has a reply and nothing more is posted for a moment (or `seconds`)."""
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        kind, _, notices = _outcomes(fake, sent)
        newest: Post | None = fake.posts[-1] if fake.posts else None
        quiet = newest is None or time.perf_counter() - newest.at > _QUIET_SECONDS
        if len(kind) + notices >= len(sent) and quiet:
            return
        await asyncio.sleep(0.1)


async def run(args: argparse.Namespace) -> dict[str, Any]:
    questions = [question.question for question in load_questions(DEV_SET)]
    work = Path(args.data_dir or tempfile.mkdtemp(prefix="paperbot-load-"))
    store = open_store(StoreLocation(path=work / "chroma"), load_embedder())
    if store.counts()[0] == 0:
        ingest_paths(store, [SEEDS])
    answerer = ExtractiveAnswerer(HybridRetriever(store))
    answerer.answer_sync("warm up: reward models")
    fake = FakeDiscord()
    await fake.start()
    discord.http.Route.BASE = fake.api
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway)
    bot = build_bot(
        Chat(answerer, answer_body),
        SqliteState(work / "state.sqlite3"),
        DiscordConfig(token="load-test", guild_id=GUILD_ID, cooldown_seconds=args.cooldown),
    )
    running = asyncio.create_task(bot.start("load-test"))
    ready = asyncio.create_task(bot.wait_until_ready())
    await asyncio.wait({running, ready}, timeout=60, return_when=asyncio.FIRST_COMPLETED)
    if not ready.done():
        ready.cancel()
        await bot.close()
        why = running.exception() if running.done() else "no READY within 60 s"
        raise RuntimeError(f"the bot did not get ready: {why}")
    rss_before = peak_rss_mib()
    rng = random.Random(7)
    schedule = sorted((rng.uniform(0, args.seconds), n) for n in range(args.questions))
    sent: dict[str, float] = {}
    started = time.perf_counter()
    for at, n in schedule:
        delay = at - (time.perf_counter() - started)
        if delay > 0:
            await asyncio.sleep(delay)
        message_id = _FIRST_ID + n
        sent[str(message_id)] = time.perf_counter()
        await fake.send_message(message_id, 1000 + n % args.users, rng.choice(questions))
    await _wait_for_replies(fake, sent, seconds=300)
    elapsed = time.perf_counter() - started
    await bot.close()
    with contextlib.suppress(asyncio.CancelledError):
        await running
    await fake.stop()
    kind, last, notices = _outcomes(fake, sent)
    latencies = sorted(last[question] - sent[question] for question in last)
    return {
        "questions": args.questions,
        "users": args.users,
        "window_s": args.seconds,
        "cooldown_s": args.cooldown,
        "answered": sum(1 for k in kind.values() if k == "answered"),
        "cooldown_replies": sum(1 for k in kind.values() if k == "cooldown"),
        "failure_notices": notices,
        "dropped": args.questions - len(kind) - notices,
        "p50_ms": round(1000 * statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(1000 * latencies[int(0.95 * (len(latencies) - 1))], 1) if latencies else None,
        "elapsed_s": round(elapsed, 1),
        "rss_mb_before": round(rss_before, 1),
        "rss_mb_after": round(peak_rss_mib(), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.load", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--cooldown", type=float, default=2.0, help="per-user cooldown in seconds")
    parser.add_argument("--data-dir", help="reuse an ingested store (default: ingest into a temp dir)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = asyncio.run(run(args))
    if args.json:
        print(json.dumps(result))
        return
    print("| " + " | ".join(result) + " |")
    print("|" + "---|" * len(result))
    print("| " + " | ".join(str(v) for v in result.values()) + " |")


if __name__ == "__main__":
    main()
