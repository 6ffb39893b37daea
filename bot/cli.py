"""`paperbot ...`: the argument parser and the dispatch. Loads Settings once and hands them to
bot/commands.py (compose builds, terminal prints); one error type ends a command with one line.
The front end's only module that reads Settings besides the composition root."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TextIO, cast

from bot import enrich_command
from bot.arguments import iso_day, positive_int
from bot.health import DEFAULT_MAX_AGE, PLATFORMS
from ingest.formats import SUPPORTED_SUFFIXES
from rag.errors import PaperbotError, QueryError

# No heavy library is imported before the arguments are parsed (tests/unit/test_lazy_imports.py).
log = logging.getLogger("paperbot")

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
DEV_SET = Path(__file__).resolve().parents[1] / "data" / "eval" / "dev.jsonl"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="paperbot",
        description="A chat companion for a research group's reading list: ingest paper "
        "abstracts into Chroma and search them from the terminal.",
        epilog="Settings come from the environment and .env (see .env.example). "
        "Run 'paperbot COMMAND --help' for a command's options.",
    )
    parser.add_argument("--env-file", type=Path, default=Path(".env"), help="settings file (default: ./.env)")
    parser.add_argument(
        "--data-dir", type=Path, help="where the store and state live (overrides PAPERBOT_DATA_DIR)"
    )
    verbosity = parser.add_mutually_exclusive_group()
    verbosity.add_argument("-v", "--verbose", action="store_true", help="log progress details")
    verbosity.add_argument("-q", "--quiet", action="store_true", help="only log errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str, summary: str, description: str | None = None) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=summary, description=description or summary)

    def as_json(command: argparse.ArgumentParser, what: str = "as JSON") -> None:
        command.add_argument("--json", action="store_true", help=f"print {what}")

    ingest = command(
        "ingest",
        "parse papers and store them (default: the bundled corpus)",
        "Parse papers from files or directories and store them in Chroma. Re-running "
        "is safe: unchanged papers are skipped, changed ones updated, none duplicated. "
        f"Formats by extension: {', '.join(SUPPORTED_SUFFIXES)} (.txt = Hugging Face listing "
        "pages, .json = daily_papers API, .xml/.atom = arXiv API, .jsonl = one paper per line).",
    )
    ingest.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or directories")
    as_json(ingest, "the summary as JSON")
    ingest.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    stats = command("stats", "what the store holds", "Papers, chunks, model and store location.")
    as_json(stats)
    stats.add_argument(
        "--check", action="store_true", help="verify every paper's chunks; repair by re-embedding"
    )
    batch = "answer every line of a JSONL file"
    search = command(
        "search",
        "rank papers for a query",
        "Rank stored papers by similarity to a query. With --batch, read JSONL lines "
        "with 'id' and 'question' (or 'query') and write one JSON line per input.",
    )
    search.add_argument("query", nargs="?", help="what to look for")
    search.add_argument("--k", type=positive_int, default=10, help="how many papers (default 10)")
    search.add_argument("--batch", type=Path, metavar="FILE.jsonl", help=batch)
    as_json(search)
    ask = command(
        "ask",
        "answer a question with cited papers",
        "Answer from the corpus: quoted sentences, each cited [n], then the Sources. "
        "Says plainly when the corpus does not cover the question. With --batch, read JSONL lines "
        "with 'id' and 'question' and write one JSON line per input.",
    )
    ask.add_argument("question", nargs="?", help="what to ask")
    ask.add_argument("--batch", type=Path, metavar="FILE.jsonl", help=batch)
    as_json(ask)
    cite = command(
        "cite",
        "find a paper from a fuzzy title, acronym or arXiv id; print its BibTeX",
        "Find the paper a (misspelled, partial or acronym-only) title or an arXiv id "
        "means; print its link, a confidence, alternatives when ambiguous, and BibTeX.",
    )
    cite.add_argument("query", help="title, acronym, paper id or arXiv id")
    as_json(cite)
    similar = command("similar", "papers nearest to one paper", "List the nearest papers to one paper.")
    similar.add_argument("paper", help="paper id, arXiv id or title fragment")
    similar.add_argument("--k", type=positive_int, default=5, help="how many (default 5)")
    as_json(similar)
    evaluate = command(
        "eval",
        "score answering on a JSONL question set",
        "Run every question of a JSONL file (id, type, question, gold paper ids) and "
        "print R@1, R@5, MRR, recall@10, refusal and metadata accuracy, citation precision and "
        "latency per question type.",
    )
    evaluate.add_argument("file", type=Path, nargs="?", default=DEV_SET, help=f"default: {DEV_SET}")
    as_json(evaluate, "the table as JSON")
    command(
        "discord",
        "run the Discord bot (needs DISCORD_TOKEN)",
        "Run paperbot in Discord: /ask, /cite, /similar, /paper, /watch, /help, mentions and "
        "thread follow-ups. Settings: DISCORD_TOKEN, DISCORD_GUILD_ID, DISCORD_ADMIN_USER_IDS, "
        "DISCORD_ADMIN_ROLE_IDS (see .env.example).",
    )
    command(
        "slack",
        "run the Slack app (needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN)",
        "Run paperbot in Slack: mentions and DMs answered in threads with follow-ups, "
        "/paper-ask, /paper-cite, /paper-similar, /paper-watch, 👍/👎 feedback. Socket Mode by default "
        "(SLACK_BOT_TOKEN, SLACK_APP_TOKEN); SLACK_MODE=http serves the Events API on SLACK_PORT "
        "instead (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET). App manifest: bot/slack_manifest.yaml.",
    )

    announce = command(
        "announce",
        "fetch, ingest and post a day's new papers (for cron)",
        "Fetch the day's new papers (Hugging Face Daily Papers, and arXiv when "
        "ARXIV_QUERY is set), ingest them, and post the most upvoted to the configured channels, "
        "each paper once. Without --date, also catches up missed days (ANNOUNCE_CATCHUP_DAYS). "
        "--dry-run prints what would be posted and changes nothing.",
    )
    day_help = "the day to announce, YYYY-MM-DD (default: yesterday in UTC, the last complete day)"
    announce.add_argument("--date", type=iso_day, help=day_help)
    announce.add_argument(
        "--dry-run", action="store_true", help="print what would be posted; post and ingest nothing"
    )
    as_json(announce, "the run's report as JSON")

    feedback = command("feedback", "export the 👍/👎 feedback users gave")
    feedback_commands = feedback.add_subparsers(dest="feedback_command", metavar="ACTION", required=True)
    export = feedback_commands.add_parser(
        "export",
        help="write feedback as JSONL (readable by 'paperbot eval')",
        description="One JSON line per vote: question, answer, cited papers, vote, user id, time; "
        "a 👍 answer's citations become its gold papers, so 'paperbot eval' can score it.",
    )
    export.add_argument("--output", type=Path, help="file to write (default: standard output)")
    watch = command("watch", "list, add or remove members' topic watches (whom the daily digest pings)")
    watch.add_argument("action", choices=("list", "add", "remove"))
    watch.add_argument("--topic", default="", help="the topic, e.g. 'reward hacking' (add, remove)")
    watch.add_argument("--platform", choices=("discord", "slack"), help="where the member is (add, remove)")
    watch.add_argument("--user", help="the member's user id there (add, remove)")
    as_json(watch, "the watches as JSON")
    enrich_command.add_arguments(commands.choices, command, as_json)
    health = command("health", "exit 0 when a bot's heartbeat is fresh and connected (container checks)")
    health.add_argument("--platform", choices=PLATFORMS, help="the bot to check (default: those running)")
    health.add_argument("--max-age", type=float, default=DEFAULT_MAX_AGE, metavar="SECONDS", help="120")
    as_json(health, "the status as JSON")
    command(
        "chat",
        "interactive terminal chat (with /cite, /similar, /help)",
        "Ask questions in a loop; follow-ups keep the context of the session.",
    )
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    args = build_parser().parse_args(argv)
    from bot.settings import SettingsError, load_settings

    try:
        settings = load_settings(env_file=args.env_file)
    except SettingsError as error:
        print(f"paperbot: {error}", file=sys.stderr)
        return EXIT_USAGE
    if args.data_dir:
        settings = replace(settings, data_dir=args.data_dir)
    level = "DEBUG" if args.verbose else "ERROR" if args.quiet else settings.log_level
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    if not args.verbose:
        # Third-party libraries log routine progress at INFO/DEBUG; keep the terminal for answers.
        for noisy in ("bm25s", "chromadb", "httpx", "llama_index", "openai"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        if args.command == "health":  # the container's healthcheck, every minute: nothing else loads
            from bot.health import run_health

            return run_health(settings.data_dir, args.platform, args.max_age, args.json, out or sys.stdout)
        from bot.commands import run_command  # the store's stack loads here, not for --help
        from bot.terminal import SafeText

        out = cast(TextIO, SafeText(out or sys.stdout))  # paper text cannot drive a terminal

        return run_command(args, settings, out) or EXIT_OK
    except QueryError as error:
        print(f"paperbot: {error}", file=sys.stderr)
        return EXIT_USAGE
    except PaperbotError as error:  # every error of paperbot's own shares this root
        log.debug("command failed", exc_info=True)
        print(f"paperbot: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("paperbot: interrupted (re-run to resume; nothing is lost)", file=sys.stderr)
        return 130


def entry_point() -> None:
    try:
        code = main()
        if "rag.store" not in sys.modules:
            sys.exit(code)  # no store was opened: nothing can be stuck on a write
        from bot.terminal import leave

        leave(code)
    except BrokenPipeError:
        # `paperbot search … | head`: the reader left; say nothing more (Python's own advice).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_ERROR)
