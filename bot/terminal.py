"""The terminal front end: what each `paperbot` command prints (text or JSON, written by
bot/render/), the interactive chat, and the digest's dry run. bot/cli.py hands it built parts;
nothing here reads settings or builds the store."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import json
import logging
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn, TextIO

from bot.announce import Announcer, DayReport, Digest, DigestItem
from bot.chat import Chat, Session, add_watch, remove_watch
from bot.render.answer import answer_body, answer_json, answer_text
from bot.render.citation import enrich_report_json, enrich_report_text, enrich_stopped_text
from bot.render.discord import digest_item_text
from bot.render.features import digest_empty, help_text
from bot.render.terminal import (
    CHAT_FORGOTTEN,
    CHAT_GREETING,
    TERMINAL,
    WATCH_NEEDS,
    chat_unknown,
    chat_usage,
    cite_json,
    cite_text,
    day_report_text,
    dry_run_days,
    dry_run_header,
    eval_table_text,
    feedback_written,
    ingest_report_json,
    ingest_report_text,
    search_batch_json,
    search_json,
    search_text,
    similar_json,
    similar_text,
    stats_text,
    watch_change_text,
    watches_json,
    watches_text,
)
from bot.state import StateStore, export_feedback
from ingest.check import check_store
from ingest.enrich import ArxivSearch, AttemptLedger, EnrichStoppedError, enrich_store
from ingest.limits import DEFAULT_LIMITS, RecordLimits
from ingest.lock import writer_lock
from ingest.pipeline import ingest_paths
from rag.answer import Answerer
from rag.errors import PaperbotError
from rag.evaluate import load_questions, run, summarize
from rag.retrieve import HybridRetriever, QueryError
from rag.store import PaperStore, write_stalled

EXIT_OK, EXIT_ERROR = 0, 1
NOTHING_STORED = "no papers stored yet: run 'paperbot ingest' first"

log = logging.getLogger(__name__)


# Escape sequences (CSI `ESC[2J`, OSC `ESC]0;title BEL`, and the rest) whole, then any other
# control character but tab and newline: text from papers must not retitle or clear a terminal.
_ESCAPE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]|\x9b[0-?]*[ -/]*[@-~]"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_safe(text: str) -> str:
    return _CONTROL.sub("", _ESCAPE.sub("", text))


class SafeText(io.TextIOBase):
    """A text stream that writes through `terminal_safe`: every command's output passes it
    (JSON output is unaffected: json.dumps already escapes control characters)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(terminal_safe(text))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()


def leave(code: int) -> NoReturn:
    """Exit with `code`; at once (output flushed) if a store write is stuck on its worker thread,
    since the embedded store's shutdown would wait for it forever."""
    if write_stalled():
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


class CommandError(PaperbotError):
    """A user-facing failure of a command: printed as one line, exit code 1."""


def ingest(
    store: PaperStore,
    paths: list[Path],
    as_json: bool,
    progress: bool,
    out: TextIO,
    then_enrich: Enricher | None = None,
    limits: RecordLimits = DEFAULT_LIMITS,
) -> int:
    """`paperbot ingest`, called under the data directory's writer lock (a second ingest is
    refused, naming the pid of the first; readers never take it); with `then_enrich` (`--enrich`),
    `enrich` right after it (with --json, one object: the ingest report with the enrich report
    under "enrich")."""
    with _progress(enabled=progress and not as_json) as on_progress:
        report = ingest_paths(store, paths, on_progress=on_progress, limits=limits)
    papers, chunks = store.counts()
    if not as_json:
        print(ingest_report_text(report, papers, chunks, store.location.describe()), file=out)
    elif then_enrich is None:
        print(json.dumps(ingest_report_json(report, papers, chunks)), file=out)
    status = EXIT_OK if report.failed == 0 else EXIT_ERROR
    if then_enrich is None:
        return status
    enriching = io.StringIO()
    try:
        return max(
            status,
            enrich(store, then_enrich, False, as_json, progress, enriching if as_json else out),
        )
    finally:
        if as_json:
            papers, chunks = store.counts()
            said = enriching.getvalue()
            both = {
                **ingest_report_json(report, papers, chunks),
                "enrich": json.loads(said) if said else None,
            }
            print(json.dumps(both), file=out)


# What `enrich` is handed: the arXiv API to ask and the ledger of papers tried in vain.
Enricher = tuple[ArxivSearch, AttemptLedger]


def enrich(
    store: PaperStore,
    enricher: Enricher,
    retry_unmatched: bool,
    as_json: bool,
    progress: bool,
    out: TextIO,
) -> int:
    """`paperbot enrich`: stored papers without an arXiv id looked up there; matches merged;
    called under the data directory's writer lock (enrich writes, as ingest does)."""
    search, ledger = enricher
    try:
        with _progress(enabled=progress and not as_json, what="enrich") as on_progress:
            report = enrich_store(
                store, search, ledger, retry_unmatched=retry_unmatched, on_progress=on_progress
            )
    except EnrichStoppedError as stopped:
        if as_json:
            print(json.dumps({**enrich_report_json(stopped.report), "error": str(stopped)}), file=out)
        raise CommandError(enrich_stopped_text(stopped)) from stopped
    print(json.dumps(enrich_report_json(report)) if as_json else enrich_report_text(report), file=out)
    return EXIT_OK


@contextmanager
def _progress(enabled: bool, what: str = "ingest") -> Iterator[Callable[[int, int], None] | None]:
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from tqdm import tqdm

    bar: Any = None

    def update(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, unit="paper", desc=what, file=sys.stderr)
        bar.n = done
        bar.refresh()

    try:
        yield update
    finally:
        if bar is not None:
            bar.close()


def stats(store: PaperStore, as_json: bool, out: TextIO, check_dir: Path | None = None) -> int:
    """What the store holds; with `check_dir` (the data directory, whose writer lock a repair
    takes), also verify every paper's chunks against its text and re-embed those that differ."""
    checked = None
    if check_dir is not None:
        with writer_lock(check_dir):
            checked = check_store(store)
    papers, chunks = store.counts()
    facts = {
        "papers": papers,
        "chunks": chunks,
        "model": store.embedder.name,
        "dimension": store.embedder.dimension,
        "store": store.location.describe(),
        "mode": "server" if store.location.host else "embedded",
    }
    if checked is not None:
        facts |= {
            "checked": checked.checked,
            "damaged": len(checked.damaged),
            "repaired": len(checked.repaired),
        }
    print(json.dumps(facts) if as_json else stats_text(facts), file=out)
    return EXIT_OK if checked is None or len(checked.repaired) == len(checked.damaged) else EXIT_ERROR


def search(
    retriever: HybridRetriever, query: str | None, batch: Path | None, k: int, as_json: bool, out: TextIO
) -> int:
    if (query is None) == (batch is None):
        raise CommandError("give either a QUERY or --batch FILE.jsonl")
    if batch:
        return _search_batch(retriever, batch, k, out)
    assert query is not None
    results = retriever.search(query, k)
    print(json.dumps(search_json(query, results)) if as_json else search_text(results, k), file=out)
    return EXIT_OK


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
        except RecursionError:
            print(f"paperbot: {path}:{number}: JSON nested too deeply to read", file=sys.stderr)
            status = EXIT_ERROR
            print(json.dumps(search_batch_json(None, error=ValueError("JSON nested too deeply"))), file=out)
            continue
        except (ValueError, QueryError) as error:
            print(f"paperbot: {path}:{number}: {error}", file=sys.stderr)
            status = EXIT_ERROR
            print(json.dumps(search_batch_json(item_id, error=error)), file=out)
            continue
        print(json.dumps(search_batch_json(item_id, results)), file=out)
    return status


def ask(chat: Chat, question: str | None, batch: Path | None, as_json: bool, out: TextIO) -> int:
    if (question is None) == (batch is None):
        raise CommandError("give either a QUESTION or --batch FILE.jsonl")
    if batch:
        return asyncio.run(_ask_batch(chat, batch, out))
    assert question is not None
    answer = asyncio.run(chat.ask(question))
    print(json.dumps(answer_json(answer)) if as_json else answer_text(answer), file=out)
    return EXIT_OK


async def _ask_batch(chat: Chat, path: Path, out: TextIO) -> int:
    """One JSON line per question; lines sharing a "thread" value are one conversation."""
    status = EXIT_OK
    threads: dict[str, Session] = {}

    def bad_line(number: int, reason: str) -> None:
        nonlocal status
        status = EXIT_ERROR
        print(f"paperbot: {path}:{number}: {reason}", file=sys.stderr)
        print(json.dumps({"id": f"line-{number}", "error": reason}), file=out)

    for item in load_questions(path, bad_line):
        thread = item.get("thread")
        conversation = threads.setdefault(str(thread), Session()) if thread is not None else None
        try:
            answer = await chat.ask(item["question"], conversation)
        except QueryError as error:
            print(json.dumps({"id": item["id"], "error": str(error)}), file=out)
            status = EXIT_ERROR
            continue
        except Exception as error:  # a fault in one answer loses none of the others
            log.error("%s: question %s failed", path, item["id"], exc_info=error)
            print(json.dumps({"id": item["id"], "error": f"internal error: {error!r}"}), file=out)
            status = EXIT_ERROR
            continue
        print(json.dumps(answer_json(answer, item["id"])), file=out)
    return status


def cite(chat: Chat, query: str, as_json: bool, out: TextIO, style: str = "bibtex") -> int:
    looked = asyncio.run(chat.cite(query))
    if looked is None:
        raise CommandError(NOTHING_STORED)
    print(
        json.dumps(cite_json(looked, query, style)) if as_json else cite_text(looked, query, style), file=out
    )
    return EXIT_OK if looked.matched else EXIT_ERROR


def similar(chat: Chat, paper: str, k: int, as_json: bool, out: TextIO) -> int:
    found = asyncio.run(chat.similar(paper, k))
    if found is None:
        raise CommandError(NOTHING_STORED)
    print(json.dumps(similar_json(found, paper)) if as_json else similar_text(found, paper, k), file=out)
    return EXIT_OK if found.paper is not None else EXIT_ERROR


def evaluate(answerer: Answerer, path: Path, as_json: bool, out: TextIO) -> int:
    questions = load_questions(path)
    answerer.answer_sync("warm-up: reward models")  # latency is reported warm
    table = summarize(run(answerer, questions, answer_body))
    print(json.dumps(table) if as_json else eval_table_text(table), file=out)
    return EXIT_OK


def interactive(chat: Chat, out: TextIO) -> int:
    """Questions in a loop, follow-ups keeping the session's context, and /commands."""
    session = Session()
    print(CHAT_GREETING, file=out)
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
                print(help_text(TERMINAL), file=out)
            elif command == "/reset":
                session = Session()
                print(CHAT_FORGOTTEN, file=out)
            elif command in ("/cite", "/similar"):
                if not rest.strip():
                    print(chat_usage(command), file=out)
                elif command == "/cite":
                    cite(chat, rest, False, out)
                else:
                    similar(chat, rest, 5, False, out)
            elif command.startswith("/"):
                print(chat_unknown(command), file=out)
            else:
                print(answer_text(asyncio.run(chat.ask(line, session))), file=out)
        except (QueryError, CommandError) as error:
            print(f"paperbot: {error}", file=out)


class PrintPoster:
    """The digest's dry run: prints what would be posted, to the terminal."""

    def __init__(
        self, write: Callable[[str], None], destination: str = "terminal", platform: str = "terminal"
    ) -> None:
        """`destination` and `platform` as the real poster's (the ledger and watches are keyed so)."""
        self._write = write
        self._destination, self._platform = destination, platform

    @property
    def destination(self) -> str:
        return self._destination

    @property
    def platform(self) -> str:
        return self._platform

    async def post_header(self, digest: Digest, nonce: str) -> str:
        self._write(dry_run_header(self._destination, digest))
        return "printed"

    async def post_item(self, day: dt.date, item: DigestItem, nonce: str, header: str) -> str:
        mentions = tuple(f"@{self._platform}:{user}" for user in item.watchers)
        self._write(digest_item_text(item.paper, item.summary, mentions))
        return "printed"

    def thread_key(self, reference: str) -> str | None:
        return None

    async def post_empty(self, day: dt.date) -> None:
        self._write(digest_empty(day))


def dry_run(
    announcer: Announcer,
    destinations: Sequence[tuple[str, str]],
    today: dt.date,
    day: dt.date | None,
    out: TextIO,
) -> list[DayReport]:
    """What a run would post to each destination (destination, platform), from the ledger as
    it is: the catch-up days, each channel's new papers with who would be pinged, and the papers
    a channel already has. Nothing is posted, ingested or written."""

    def write(line: str) -> None:
        print(line, file=out)

    posters = [PrintPoster(write, destination, platform) for destination, platform in destinations]
    days = [day] if day else announcer.days_to_run(today, [d for d, _ in destinations])
    if day is None and any(each != today for each in days):
        write(dry_run_days(days, today))
    return asyncio.run(announcer.run(posters, today, day, dry_run=True))


def day_reports(reports: list[DayReport], as_json: bool, out: TextIO) -> int:
    if as_json:
        print(json.dumps([report.as_dict() for report in reports]), file=out)
    else:
        for report in reports:
            print(day_report_text(report), file=out)
    return EXIT_ERROR if any(report.problems for report in reports) else EXIT_OK


def watch(
    state: StateStore,
    action: str,
    platform: str | None,
    user_id: str | None,
    topic: str,
    as_json: bool,
    out: TextIO,
) -> int:
    """`paperbot watch list|add|remove`: the same watches members keep with /watch."""
    if action == "list":
        found = state.watches()
        print(json.dumps(watches_json(found)) if as_json else watches_text(found), file=out)
        return EXIT_OK
    if not (platform and user_id and topic.strip()):
        raise CommandError(WATCH_NEEDS)
    change = (add_watch if action == "add" else remove_watch)(state, platform, user_id, topic)
    if as_json:
        print(
            json.dumps(
                {
                    "action": action,
                    "platform": platform,
                    "user_id": user_id,
                    "topic": change.topic,
                    "changed": change.changed,
                }
            ),
            file=out,
        )
    else:
        print(watch_change_text(action, platform, user_id, change), file=out)
    return EXIT_OK


def export(state: StateStore, output: Path | None, out: TextIO) -> int:
    records = list(export_feedback(state))
    lines = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    if output:
        output.write_text(lines, encoding="utf-8")
        print(feedback_written(len(records), output), file=sys.stderr)
    else:
        out.write(lines)
    return EXIT_OK
