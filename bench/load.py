"""Load through the Discord adapter: N questions from U users over a time window, against the fake
Discord API on 127.0.0.1 (the real discord.py client, the real answerer and store).

    .venv/bin/python -m bench.load [--questions 200] [--users 20] [--seconds 60] [--cooldown 2]

Reports: answered, refused by the cooldown, dropped (neither: must be 0), latency p50/p95 of
handling one message (answer + thread + post), and peak RSS before and after.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import discord.http

from bot.discord_app import DiscordConfig, PaperBot
from bot.state import SqliteState
from ingest.pipeline import ingest_paths
from rag.answer import ExtractiveAnswerer
from rag.embed import load_embedder
from rag.retrieve import HybridRetriever
from rag.store import StoreLocation, open_store
from tests.adapters.fake_discord import FakeDiscord, guild_payload, message_payload

REPO = Path(__file__).resolve().parents[1]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def run(args: argparse.Namespace) -> dict[str, Any]:
    questions = [
        json.loads(line)["question"] for line in (REPO / "data/eval/dev.jsonl").read_text().splitlines()
    ]
    work = Path(args.data_dir or tempfile.mkdtemp(prefix="paperbot-load-"))
    store = open_store(StoreLocation(path=work / "chroma"), load_embedder())
    if store.counts()[0] == 0:
        ingest_paths(store, [REPO / "data/seeds"])
    answerer = ExtractiveAnswerer(HybridRetriever(store))
    answerer.answer_sync("warm up: reward models")
    fake = FakeDiscord()
    await fake.start()
    discord.http.Route.BASE = fake.base
    bot = PaperBot(
        answerer,
        SqliteState(work / "state.sqlite3"),
        DiscordConfig(token="load-test", guild_id=902, cooldown_seconds=args.cooldown),
    )
    await bot.login("load-test")
    bot._connection.parse_guild_create(guild_payload())
    latencies: list[float] = []
    outcomes = {"answered": 0, "cooldown": 0, "error": 0}
    real_handle = bot._handle_message

    async def timed(message: Any, question: str, in_thread: bool) -> None:
        started = time.perf_counter()
        before_replies = len(fake.posted("/messages"))
        await real_handle(message, question, in_thread)
        latencies.append(time.perf_counter() - started)
        replies = fake.posted("/messages")[before_replies:]
        if any(r.body and r.body.get("message_reference") for r in replies):
            outcomes["cooldown"] += 1
        else:
            outcomes["answered"] += 1

    bot._handle_message = timed  # type: ignore[method-assign]
    rss_before = rss_mb()
    rng = random.Random(7)
    schedule = sorted((rng.uniform(0, args.seconds), n) for n in range(args.questions))
    started = time.perf_counter()
    for at, n in schedule:
        delay = at - (time.perf_counter() - started)
        if delay > 0:
            await asyncio.sleep(delay)
        user = str(1000 + n % args.users)
        bot._connection.parse_message_create(
            message_payload(rng.choice(questions), message_id=n + 1, user_id=user)
        )
    deadline = time.perf_counter() + 300
    while len(latencies) < args.questions and time.perf_counter() < deadline:
        await asyncio.sleep(0.1)
    elapsed = time.perf_counter() - started
    await bot.close()
    await fake.stop()
    latencies.sort()
    return {
        "questions": args.questions,
        "users": args.users,
        "window_s": args.seconds,
        "cooldown_s": args.cooldown,
        "answered": outcomes["answered"],
        "cooldown_replies": outcomes["cooldown"],
        "dropped": args.questions - len(latencies),
        "p50_ms": round(1000 * statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(1000 * latencies[int(0.95 * (len(latencies) - 1))], 1) if latencies else None,
        "elapsed_s": round(elapsed, 1),
        "rss_mb_before": round(rss_before, 1),
        "rss_mb_after": round(rss_mb(), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
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
