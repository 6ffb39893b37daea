"""`paperbot ...`: the composition root. Loads Settings once, builds the parts, hands them in.

The only place that prints; everything else returns values or raises the package's errors.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import functools
import json
import logging
import os
import sys
import threading
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from bot.announce import AnnounceConfig, Announcer, DayReport, Poster, PrintPoster, last_complete_day
from bot.chat import look_up
from bot.render import answer_json, answer_text, paper_facts
from bot.settings import REPO_ROOT, Settings, SettingsError, load_settings
from bot.state import SqliteState, StateError, export_feedback
from ingest.errors import IngestError, ParseResult
from ingest.fetch import fetch_arxiv, fetch_hf_day
from ingest.pipeline import SUPPORTED_SUFFIXES, IngestReport, ingest_paths
from rag.answer import Answerer, ExtractiveAnswerer, Turn, turn_of
from rag.cite import bibtex
from rag.embed import EmbeddingError, load_embedder
from rag.evaluate import EvalError, format_table, load_questions, run, summarize
from rag.markup import display_title
from rag.retrieve import HybridRetriever, QueryError, SearchResult
from rag.similar import NoPaperError, find_similar
from rag.store import PaperStore, StoreError, open_store

log = logging.getLogger("paperbot")

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
DEV_SET = REPO_ROOT / "data" / "eval" / "dev.jsonl"


class CommandError(Exception):
    """A user-facing failure: printed as one line, exit code 1."""


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

    ingest = commands.add_parser(
        "ingest",
        help="parse papers and store them (default: the bundled corpus)",
        description="Parse papers from files or directories and store them in Chroma. Re-running "
        "is safe: unchanged papers are skipped, changed ones updated, none duplicated. "
        f"Formats by extension: {', '.join(SUPPORTED_SUFFIXES)} (.txt = Hugging Face listing "
        "pages, .json = daily_papers API, .xml/.atom = arXiv API, .jsonl = one paper per line).",
    )
    ingest.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or directories")
    ingest.add_argument("--json", action="store_true", help="print the summary as JSON")
    ingest.add_argument("--no-progress", action="store_true", help="hide the progress bar")

    stats = commands.add_parser(
        "stats", help="what the store holds", description="Papers, chunks, model and store location."
    )
    stats.add_argument("--json", action="store_true", help="print as JSON")

    search = commands.add_parser(
        "search",
        help="rank papers for a query",
        description="Rank stored papers by similarity to a query. With --batch, read JSONL lines "
        "with 'id' and 'question' (or 'query') and write one JSON line per input.",
    )
    search.add_argument("query", nargs="?", help="what to look for")
    search.add_argument("--k", type=_positive_int, default=10, help="how many papers (default 10)")
    search.add_argument("--batch", type=Path, metavar="FILE.jsonl", help="answer every line of a JSONL file")
    search.add_argument("--json", action="store_true", help="print as JSON")
    ask = commands.add_parser(
        "ask",
        help="answer a question with cited papers",
        description="Answer from the corpus: quoted sentences, each cited [n], then the Sources. "
        "Says plainly when the corpus does not cover the question. With --batch, read JSONL lines "
        "with 'id' and 'question' and write one JSON line per input.",
    )
    ask.add_argument("question", nargs="?", help="what to ask")
    ask.add_argument("--batch", type=Path, metavar="FILE.jsonl", help="answer every line of a JSONL file")
    ask.add_argument("--json", action="store_true", help="print as JSON")

    cite = commands.add_parser(
        "cite",
        help="find a paper from a fuzzy title, acronym or arXiv id; print its BibTeX",
        description="Find the paper a (misspelled, partial or acronym-only) title or an arXiv id "
        "means; print its link, a confidence, alternatives when ambiguous, and BibTeX.",
    )
    cite.add_argument("query", help="title, acronym, paper id or arXiv id")
    cite.add_argument("--json", action="store_true", help="print as JSON")

    similar = commands.add_parser(
        "similar", help="papers nearest to one paper", description="List the nearest papers to one paper."
    )
    similar.add_argument("paper", help="paper id, arXiv id or title fragment")
    similar.add_argument("--k", type=_positive_int, default=5, help="how many (default 5)")
    similar.add_argument("--json", action="store_true", help="print as JSON")

    evaluate = commands.add_parser(
        "eval",
        help="score answering on a JSONL question set",
        description="Run every question of a JSONL file (id, type, question, gold paper ids) and "
        "print R@1, R@5, MRR, recall@10, refusal and metadata accuracy, citation precision and "
        "latency per question type.",
    )
    evaluate.add_argument("file", type=Path, nargs="?", default=DEV_SET, help=f"default: {DEV_SET}")
    evaluate.add_argument("--json", action="store_true", help="print the table as JSON")

    commands.add_parser(
        "discord",
        help="run the Discord bot (needs DISCORD_TOKEN)",
        description="Run paperbot in Discord: /ask, /cite, /similar, /paper, /help, mentions and "
        "thread follow-ups. Settings: DISCORD_TOKEN, DISCORD_GUILD_ID, DISCORD_ADMIN_USER_IDS, "
        "DISCORD_ADMIN_ROLE_IDS (see .env.example).",
    )

    commands.add_parser(
        "slack",
        help="run the Slack app (needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN)",
        description="Run paperbot in Slack: mentions and DMs answered in threads with follow-ups, "
        "/paper-ask, /paper-cite, /paper-similar, 👍/👎 feedback. Socket Mode by default "
        "(SLACK_BOT_TOKEN, SLACK_APP_TOKEN); SLACK_MODE=http serves the Events API on SLACK_PORT "
        "instead (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET). App manifest: bot/slack_manifest.yaml.",
    )

    announce = commands.add_parser(
        "announce",
        help="fetch, ingest and post a day's new papers (for cron)",
        description="Fetch the day's new papers (Hugging Face Daily Papers, and arXiv when "
        "ARXIV_QUERY is set), ingest them, and post the most upvoted to the configured channels, "
        "each paper once. Without --date, also catches up missed days (ANNOUNCE_CATCHUP_DAYS). "
        "--dry-run prints what would be posted and changes nothing.",
    )
    announce.add_argument(
        "--date",
        type=_iso_day,
        help="the day to announce, YYYY-MM-DD (default: yesterday in UTC, the last complete day)",
    )
    announce.add_argument(
        "--dry-run", action="store_true", help="print what would be posted; post and ingest nothing"
    )
    announce.add_argument("--json", action="store_true", help="print the run's report as JSON")

    feedback = commands.add_parser("feedback", help="export the 👍/👎 feedback users gave")
    feedback_commands = feedback.add_subparsers(dest="feedback_command", metavar="ACTION", required=True)
    export = feedback_commands.add_parser(
        "export",
        help="write feedback as JSONL (readable by 'paperbot eval')",
        description="One JSON line per vote: question, answer, cited papers, vote, user id, time; "
        "a 👍 answer's citations become its gold papers, so 'paperbot eval' can score it.",
    )
    export.add_argument("--output", type=Path, help="file to write (default: standard output)")

    commands.add_parser(
        "chat",
        help="interactive terminal chat (with /cite, /similar, /help)",
        description="Ask questions in a loop; follow-ups keep the context of the session.",
    )
    return parser


def _iso_day(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a date as YYYY-MM-DD") from None


def _positive_int(raw: str) -> int:
    if not raw.isdigit() or int(raw) < 1:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a positive whole number")
    return int(raw)


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings(env_file=args.env_file)
    except SettingsError as error:
        print(f"paperbot: {error}", file=sys.stderr)
        return EXIT_USAGE
    if args.data_dir:
        settings = _with_data_dir(settings, args.data_dir)
    level = "DEBUG" if args.verbose else "ERROR" if args.quiet else settings.log_level
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    if not args.verbose:
        # Third-party libraries log routine progress at INFO/DEBUG; keep the terminal for answers.
        for noisy in ("bm25s", "chromadb", "httpx", "llama_index", "openai"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
    handler = _COMMANDS[args.command]
    try:
        return handler(args, settings, out)
    except (CommandError, QueryError) as error:
        print(f"paperbot: {error}", file=sys.stderr)
        return EXIT_USAGE if isinstance(error, QueryError) else EXIT_ERROR
    except (StoreError, EmbeddingError, IngestError, EvalError, StateError) as error:
        log.debug("command failed", exc_info=True)
        print(f"paperbot: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("paperbot: interrupted (re-run to resume; nothing is lost)", file=sys.stderr)
        return 130


def _with_data_dir(settings: Settings, data_dir: Path) -> Settings:
    from dataclasses import replace

    return replace(settings, data_dir=data_dir)


def _open(settings: Settings) -> PaperStore:
    return open_store(settings.store_location(), load_embedder(settings.embedding_model))


def run_ingest(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    paths = args.paths or [settings.corpus_dir]
    store = _open(settings)
    with _progress(enabled=not args.no_progress and not args.json) as on_progress:
        report = ingest_paths(store, paths, on_progress=on_progress)
    papers, chunks = store.counts()
    if args.json:
        print(json.dumps({**report.as_dict(), "papers": papers, "chunks": chunks}), file=out)
    else:
        _print_report(report, papers, chunks, settings, out)
    return EXIT_OK if report.failed == 0 else EXIT_ERROR


def _print_report(report: IngestReport, papers: int, chunks: int, settings: Settings, out: TextIO) -> None:
    print(
        f"ingested: {report.added} added, {report.updated} updated, "
        f"{report.unchanged} unchanged, {report.failed} failed, {report.merged} duplicates merged",
        file=out,
    )
    for problem in report.problems:
        print(f"  skipped {problem}", file=out)
    print(f"store: {papers} papers, {chunks} chunks at {settings.store_location().describe()}", file=out)


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[int, int], None] | None]:
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from tqdm import tqdm

    bar: Any = None

    def update(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, unit="paper", desc="ingest", file=sys.stderr)
        bar.n = done
        bar.refresh()

    try:
        yield update
    finally:
        if bar is not None:
            bar.close()


def run_stats(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    store = _open(settings)
    papers, chunks = store.counts()
    stats = {
        "papers": papers,
        "chunks": chunks,
        "model": store.embedder.name,
        "dimension": store.embedder.dimension,
        "store": settings.store_location().describe(),
        "mode": "server" if settings.chroma_host else "embedded",
    }
    if args.json:
        print(json.dumps(stats), file=out)
    else:
        for key, value in stats.items():
            print(f"{key:>10}: {value}", file=out)
    return EXIT_OK


def run_search(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    if (args.query is None) == (args.batch is None):
        raise CommandError("give either a QUERY or --batch FILE.jsonl")
    retriever = HybridRetriever(_open(settings))
    if args.batch:
        return _search_batch(retriever, args.batch, args.k, out)
    results = retriever.search(args.query, args.k)
    if args.json:
        print(json.dumps({"query": args.query, "results": [_result_json(r) for r in results]}), file=out)
    elif not results:
        print("no papers stored yet: run 'paperbot ingest' first", file=out)
    else:
        # Best first; the scores (JSON only) order the list and mean nothing on their own.
        for rank, result in enumerate(results, 1):
            paper = result.paper
            facts = paper_facts(paper)
            print(f"{rank:>2}. {display_title(paper.title)}" + (f" ({facts})" if facts else ""), file=out)
            print(f"    {paper.reader_link}", file=out)
        if len(results) < args.k:
            print(f"({len(results)} papers are stored; --k {args.k} asked for more)", file=out)
    return EXIT_OK


def _result_json(result: SearchResult) -> dict[str, Any]:
    return {"paper_id": result.paper.id, "title": result.paper.title, "score": round(result.score, 6)}


def _search_batch(retriever: HybridRetriever, path: Path, k: int, out: TextIO) -> int:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"{path}: cannot read ({error})") from error
    status = EXIT_OK
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        item_id: Any = None
        try:
            item = json.loads(line)
            if not isinstance(item, dict):
                raise ValueError("each line must be a JSON object")
            item_id = item.get("id")
            question = item.get("question", item.get("query"))
            if not isinstance(question, str):
                raise ValueError("needs a 'question' string")
            results = retriever.search(question, k)
        except (ValueError, QueryError) as error:
            print(f"paperbot: {path}:{number}: {error}", file=sys.stderr)
            status = EXIT_ERROR
            print(json.dumps({"id": item_id, "error": str(error), "results": []}), file=out)
            continue
        print(json.dumps({"id": item_id, "results": [_result_json(r) for r in results]}), file=out)
    return status


def _answerer(settings: Settings) -> Answerer:
    """The one place that chooses: extractive by default, an LLM when LLM_BASE_URL/LLM_MODEL say so."""
    extractive = ExtractiveAnswerer(HybridRetriever(_open(settings)))
    if not (settings.llm_base_url and settings.llm_model):
        return extractive
    # Imported here: without LLM settings the OpenAI client is never loaded.
    from rag.llm import LLMAnswerer, build_llm

    llm = build_llm(settings.llm_base_url, settings.llm_model, settings.llm_api_key, settings.llm_timeout)
    return LLMAnswerer(extractive, llm, max_retries=settings.llm_max_retries)


def run_ask(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    if (args.question is None) == (args.batch is None):
        raise CommandError("give either a QUESTION or --batch FILE.jsonl")
    answerer = _answerer(settings)
    if args.batch:
        status = EXIT_OK
        # Lines sharing a "thread" value are one conversation, answered in order.
        threads: dict[str, list[Turn]] = {}
        for item in load_questions(args.batch):
            thread = item.get("thread")
            history = threads.setdefault(str(thread), []) if thread is not None else []
            try:
                answer = answerer.answer_sync(item["question"], history)
            except QueryError as error:
                print(json.dumps({"id": item["id"], "error": str(error)}), file=out)
                status = EXIT_ERROR
                continue
            history.append(turn_of(answer))
            print(json.dumps(answer_json(answer, item["id"])), file=out)
        return status
    answer = answerer.answer_sync(args.question)
    print(json.dumps(answer_json(answer)) if args.json else answer_text(answer), file=out)
    return EXIT_OK


def run_cite(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    looked = look_up(ExtractiveAnswerer(HybridRetriever(_open(settings))), args.query)
    if looked is None:
        raise CommandError("no papers stored yet: run 'paperbot ingest' first")
    found = looked.found
    assert found.paper is not None
    if not looked.matched:
        closest = looked.closest
        if args.json:
            payload = {
                "paper_id": None,
                "query": args.query,
                "alternatives": [{"paper_id": p.id, "title": p.title} for p in closest],
            }
            print(json.dumps(payload), file=out)
        else:
            print(f"No paper in the corpus matches “{args.query}”. The closest titles:", file=out)
            for paper in closest:
                print(f"  - {display_title(paper.title)}  [{paper.id}]", file=out)
        return EXIT_ERROR
    paper = found.paper
    if args.json:
        payload = {
            "paper_id": paper.id,
            "title": paper.title,
            "link": paper.link,
            "confidence": found.confidence,
            "ambiguous": found.ambiguous,
            "bibtex": bibtex(paper),
            "alternatives": [{"paper_id": p.id, "title": p.title} for p in found.alternatives],
        }
        print(json.dumps(payload), file=out)
        return EXIT_OK
    print(f"{display_title(paper.title)}  (confidence {found.confidence:.2f})", file=out)
    if paper.link:
        print(paper.link, file=out)
    print("\n" + bibtex(paper), file=out)
    if found.ambiguous:
        print("\nDid you mean one of these?", file=out)
        for alternative in found.alternatives:
            print(f"  - {display_title(alternative.title)}  [{alternative.id}]", file=out)
    return EXIT_OK


def run_similar(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    answerer = ExtractiveAnswerer(HybridRetriever(_open(settings)))
    try:
        result = find_similar(
            answerer.retriever, args.paper, args.k, matches=not answerer.finds_nothing(args.paper)
        )
    except NoPaperError as error:
        raise CommandError("no papers stored yet: run 'paperbot ingest' first") from error
    if result.paper is None:
        if args.json:
            closest = [{"paper_id": p.id, "title": p.title} for p in result.closest]
            print(json.dumps({"paper_id": None, "query": args.paper, "closest": closest}), file=out)
        else:
            print(f"No paper in the corpus matches “{args.paper}”. The closest titles:", file=out)
            for paper in result.closest:
                print(f"  - {display_title(paper.title)}  [{paper.id}]", file=out)
        return EXIT_ERROR
    paper = result.paper
    if args.json:
        similar = [
            {
                "paper_id": n.paper.id,
                "title": n.paper.title,
                "score": round(n.score, 6),
                "shared": list(n.shared),
            }
            for n in result.neighbours
        ]
        print(json.dumps({"paper_id": paper.id, "title": paper.title, "similar": similar}), file=out)
        return EXIT_OK
    print(f"Papers like: {display_title(paper.title)}", file=out)
    for rank, neighbour in enumerate(result.neighbours, 1):
        facts = paper_facts(neighbour.paper)
        title = display_title(neighbour.paper.title)
        print(f"{rank}. {title}" + (f" ({facts})" if facts else ""), file=out)
        if neighbour.shared:
            print(f"   both about: {', '.join(neighbour.shared)}", file=out)
    if len(result.neighbours) < args.k:
        print(f"(only {len(result.neighbours)} other papers are stored)", file=out)
    return EXIT_OK


def run_eval(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    answerer = _answerer(settings)
    questions = load_questions(args.file)
    answerer.answer_sync("warm-up: reward models")  # latency is reported warm
    table = summarize(run(answerer, questions))
    print(json.dumps(table) if args.json else format_table(table), file=out)
    return EXIT_OK


CHAT_HELP = """Ask anything about the papers; follow-ups keep the context.
  /cite TITLE-OR-ID     the paper, its link and BibTeX
  /similar PAPER        the nearest papers
  /reset                forget the conversation
  /help                 this text
  /quit                 leave (or Ctrl-D)"""


def run_chat(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    answerer = _answerer(settings)
    history: list[Turn] = []
    print("paperbot chat: ask about the papers (/help for commands, /quit to leave)", file=out)
    while True:
        try:
            line = input("you> ").strip()
        except EOFError:
            print(file=out)
            return EXIT_OK
        if not line:
            continue
        command, _, rest = line.partition(" ")
        try:
            if command in ("/quit", "/exit"):
                return EXIT_OK
            if command == "/help":
                print(CHAT_HELP, file=out)
            elif command == "/reset":
                history.clear()
                print("(conversation forgotten)", file=out)
            elif command in ("/cite", "/similar"):
                if not rest.strip():
                    print(f"usage: {command} TITLE-OR-ID", file=out)
                    continue
                sub = argparse.Namespace(query=rest, paper=rest, json=False, k=5)
                (run_cite if command == "/cite" else run_similar)(sub, settings, out)
            elif command.startswith("/"):
                print(f"unknown command {command}; /help lists them", file=out)
            else:
                answer = answerer.answer_sync(line, history)
                history.append(turn_of(answer))
                print(answer_text(answer), file=out)
        except (QueryError, CommandError) as error:
            print(f"paperbot: {error}", file=out)


def _state(settings: Settings) -> SqliteState:
    return SqliteState(settings.data_dir / "state.sqlite3")


def _ingest_callback(answerer: Answerer) -> Callable[[Path], Awaitable[str]]:
    """What the chat adapters' admin ingest calls: store the file's papers, refresh retrieval."""
    store = answerer.retriever.store

    async def ingest(path: Path) -> str:
        report = await asyncio.to_thread(ingest_paths, store, [path])
        await asyncio.to_thread(answerer.refresh)
        problems = "".join(f"\n• {problem}" for problem in report.problems[:10])
        return (
            f"Ingested: {report.added} added, {report.updated} updated, {report.unchanged} unchanged, "
            f"{report.failed} failed, {report.merged} duplicates merged.{problems}"
        )

    return ingest


def _prepare_in_background(answerer: Answerer) -> None:
    """Build the lexical index while the bot connects, so the first question does not wait for
    it (questions that arrive sooner wait on the answerer's lock, not on a second build)."""

    def prepare() -> None:
        try:
            answerer.prepare()
        except Exception:  # the first question will retry the build and report the error
            log.exception("could not prepare the answerer at start")

    threading.Thread(target=prepare, name="paperbot-prepare", daemon=True).start()


def run_discord(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    if not settings.discord_token:
        raise CommandError(
            "DISCORD_TOKEN is not set: create a bot at https://discord.com/developers/applications, "
            "copy its token into .env (see .env.example), and invite it with the applications.commands "
            "and bot scopes"
        )
    from bot.discord_app import DiscordConfig, PaperBot

    answerer = _answerer(settings)
    ingest = _ingest_callback(answerer)
    config = DiscordConfig(
        token=settings.discord_token,
        guild_id=settings.discord_guild_id,
        admin_user_ids=settings.admin_user_ids,
        admin_role_ids=settings.admin_role_ids,
        cooldown_seconds=settings.cooldown_seconds,
        max_question_chars=settings.max_question_chars,
        announce_channel_ids=settings.announce_discord_channel_ids,
        announce_at=settings.announce_at,
    )
    state = _state(settings)
    announcer = _announcer(settings, answerer, state) if settings.announce_discord_channel_ids else None
    bot = PaperBot(answerer, state, config, ingest, announcer)
    _prepare_in_background(answerer)
    bot.run(settings.discord_token, log_handler=None)
    return EXIT_OK


def run_slack(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    mode = settings.slack_mode
    needed = {
        "SLACK_BOT_TOKEN": settings.slack_bot_token,
        "SLACK_APP_TOKEN" if mode == "socket" else "SLACK_SIGNING_SECRET": (
            settings.slack_app_token if mode == "socket" else settings.slack_signing_secret
        ),
    }
    missing = [key for key, value in needed.items() if not value]
    if missing:
        raise CommandError(
            f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} not set ({mode} mode): "
            "create the app at https://api.slack.com/apps from bot/slack_manifest.yaml, install it, "
            "and copy the tokens into .env (see the README's Slack section and .env.example)"
        )
    assert settings.slack_bot_token is not None
    from bot.slack_app import SlackConfig, SlackStartError, build_slack_app, serve

    answerer = _answerer(settings)
    config = SlackConfig(
        bot_token=settings.slack_bot_token,
        app_token=settings.slack_app_token,
        signing_secret=settings.slack_signing_secret,
        mode=mode,
        port=settings.slack_port,
        admin_user_ids=settings.slack_admin_user_ids,
        cooldown_seconds=settings.cooldown_seconds,
        max_question_chars=settings.max_question_chars,
    )
    state = _state(settings)
    _prepare_in_background(answerer)

    async def run() -> None:
        app = build_slack_app(answerer, state, config, _ingest_callback(answerer))
        await serve(app, config)

    where = "over Socket Mode" if mode == "socket" else f"on port {settings.slack_port}"
    print(f"paperbot: starting the Slack app {where} (Ctrl-C to stop)", file=sys.stderr)
    try:
        asyncio.run(run())
    except SlackStartError as error:
        raise CommandError(str(error)) from None
    return EXIT_OK


def _announcer(settings: Settings, answerer: Any, state: SqliteState) -> Announcer:
    fetchers: list[Callable[[dt.date], ParseResult]] = []
    if settings.hf_papers_base_url:
        fetchers.append(functools.partial(_fetch_hf, settings.hf_papers_base_url))
    if settings.arxiv_query:
        fetchers.append(functools.partial(_fetch_arxiv, settings.arxiv_base_url, settings.arxiv_query))
    if not fetchers:
        raise CommandError("no source: set HF_PAPERS_BASE_URL and/or ARXIV_QUERY")
    config = AnnounceConfig(
        top_n=settings.announce_top_n,
        catch_up_days=settings.announce_catch_up_days,
        empty_days=settings.announce_empty_days,
        watch_threshold=settings.watch_threshold,
    )
    return Announcer(answerer.retriever.store, state, fetchers, config, on_ingested=answerer.refresh)


def _fetch_hf(base: str, day: dt.date) -> ParseResult:
    return fetch_hf_day(base, day)


def _fetch_arxiv(base: str, query: str, day: dt.date) -> ParseResult:
    # The arXiv API has no "papers of day D" query: take the newest, the ledger skips the known.
    return fetch_arxiv(base, query)


def run_announce(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    answerer = _answerer(settings)
    state = _state(settings)
    announcer = _announcer(settings, answerer, state)
    today = last_complete_day()

    async def job() -> list[DayReport]:
        if args.dry_run:
            poster = PrintPoster(lambda line: print(line, file=out))
            return await announcer.run([poster], today, args.date, dry_run=True)
        discord_ready = bool(settings.discord_token and settings.announce_discord_channel_ids)
        slack_ready = bool(settings.slack_bot_token and settings.announce_slack_channel_ids)
        if not (discord_ready or slack_ready):
            raise CommandError(
                "no destination: set DISCORD_TOKEN and ANNOUNCE_DISCORD_CHANNEL_IDS, or SLACK_BOT_TOKEN "
                "and ANNOUNCE_SLACK_CHANNEL_IDS, or use --dry-run"
            )
        posters: list[Poster] = []
        if slack_ready and settings.slack_bot_token:
            from bot.slack_announce import SlackPoster
            from bot.slack_app import SlackConfig, build_web_client

            slack = build_web_client(SlackConfig(bot_token=settings.slack_bot_token))
            posters += [SlackPoster(slack, channel) for channel in settings.announce_slack_channel_ids]
        if not discord_ready or not settings.discord_token:
            return await announcer.run(posters, today, args.date)
        import discord

        from bot.discord_announce import DiscordPoster

        client = discord.Client(
            intents=discord.Intents.none(), allowed_mentions=discord.AllowedMentions.none()
        )
        async with client:
            await client.login(settings.discord_token)
            posters += [DiscordPoster(client, channel) for channel in settings.announce_discord_channel_ids]
            return await announcer.run(posters, today, args.date)

    reports = asyncio.run(job())
    if args.json:
        print(json.dumps([report.as_dict() for report in reports]), file=out)
    else:
        for report in reports:
            posted = sum(len(ids) for ids in report.posted.values())
            print(
                f"{report.day}: fetched {report.fetched}, posted {posted}, "
                f"already announced {report.already_announced}",
                file=out,
            )
            for problem in report.problems:
                print(f"  problem: {problem}", file=out)
    return EXIT_ERROR if any(report.problems for report in reports) else EXIT_OK


def run_feedback(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    records = list(export_feedback(_state(settings)))
    lines = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    if args.output:
        args.output.write_text(lines, encoding="utf-8")
        print(f"wrote {len(records)} feedback records to {args.output}", file=sys.stderr)
    else:
        out.write(lines)
    return EXIT_OK


_COMMANDS: dict[str, Callable[[argparse.Namespace, Settings, TextIO], int]] = {
    "discord": run_discord,
    "slack": run_slack,
    "feedback": run_feedback,
    "announce": run_announce,
    "ingest": run_ingest,
    "stats": run_stats,
    "search": run_search,
    "ask": run_ask,
    "cite": run_cite,
    "similar": run_similar,
    "eval": run_eval,
    "chat": run_chat,
}


def entry_point() -> None:
    try:
        sys.exit(main())
    except BrokenPipeError:
        # `paperbot search … | head`: the reader left; say nothing more (Python's own advice).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_ERROR)
