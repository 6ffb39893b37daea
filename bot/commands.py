"""What each `paperbot` command runs, once bot/cli.py has parsed its arguments and loaded the
settings: bot/compose.py builds the parts, bot/terminal.py prints. Imported only after parsing, so
`paperbot --help` and a usage error load none of the store's stack."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TextIO

from bot import compose, enrich_command, terminal
from bot.announce import last_complete_day
from bot.settings import Settings


def _announce(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    today = last_complete_day()
    if args.dry_run:
        reports = terminal.dry_run(*compose.build_dry_run(settings), today, args.date, out)
    else:
        state = compose.open_state(settings)
        announcer = compose.build_announcer(settings, compose.build_answerer(settings), state)
        reports = compose.announce(settings, announcer, today, args.date)
    return terminal.day_reports(reports, args.json, out)


# A command returns its exit code; the bots return when they stop (nothing: success).
Command = Callable[[argparse.Namespace, Settings, TextIO], int | None]


def run_command(args: argparse.Namespace, settings: Settings, out: TextIO) -> int | None:
    """Run the parsed command `args.command`."""
    return _COMMANDS[args.command](args, settings, out)


_COMMANDS: dict[str, Command] = {
    "ingest": enrich_command.ingest,
    "enrich": enrich_command.enrich,
    "stats": lambda a, s, out: terminal.stats(
        compose.open_paper_store(s), a.json, out, s.data_dir if a.check else None
    ),
    "search": lambda a, s, out: terminal.search(
        compose.build_retriever(s), a.query, a.batch, a.k, a.json, out
    ),
    "ask": lambda a, s, out: terminal.ask(compose.build_chat(s), a.question, a.batch, a.json, out),
    "cite": lambda a, s, out: terminal.cite(compose.build_chat(s), a.query, a.json, out, a.format),
    "similar": lambda a, s, out: terminal.similar(compose.build_chat(s), a.paper, a.k, a.json, out),
    "eval": lambda a, s, out: terminal.evaluate(compose.build_answerer(s), a.file, a.json, out),
    "chat": lambda a, s, out: terminal.interactive(compose.build_chat(s), out),
    "announce": _announce,
    "feedback": lambda a, s, out: terminal.export(compose.open_state(s, reading=True), a.output, out),
    "watch": lambda a, s, out: terminal.watch(
        compose.open_state(s, reading=a.action == "list"), a.action, a.platform, a.user, a.topic, a.json, out
    ),
    "discord": lambda a, s, out: compose.run_discord(s),
    "slack": lambda a, s, out: compose.run_slack(s, lambda line: print(f"paperbot: {line}", file=sys.stderr)),
}
