"""`paperbot enrich`, `paperbot ingest [--enrich]` and `cite --format`: their arguments and their
dispatch, kept next to bot/cli.py (which stays a short table of commands)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:  # at run time these load with the command, not for --help
    from bot.settings import Settings
    from bot.terminal import Enricher

from bot.arguments import CITATION_FORMATS

AddCommand = Callable[..., argparse.ArgumentParser]


def add_arguments(
    parsers: dict[str, Any], command: AddCommand, as_json: Callable[[argparse.ArgumentParser, str], None]
) -> None:
    """The `enrich` command, `ingest --enrich` and `cite --format`, on the parser's commands."""
    parsers["ingest"].add_argument(
        "--enrich", action="store_true", help="then run 'paperbot enrich' (needs the network)"
    )
    parsers["cite"].add_argument(
        "--format",
        choices=CITATION_FORMATS,
        default="bibtex",
        help="the citation: bibtex (default), text (one line) or ris (reference managers)",
    )
    enrich = command(
        "enrich",
        "resolve stored papers to arXiv: ids, every author, links (needs the network)",
        "Look up the stored papers that have no arXiv id in the arXiv API (ARXIV_BASE_URL; several "
        "titles per request, one request per ARXIV_MIN_INTERVAL seconds, default 3) and merge each "
        "match under its arXiv id with every author, the abs link, the primary category and the "
        "first version's date; the old id stays an alias, so 'cite' still finds it. A match needs "
        "titles equal after normalisation, or close titles and an agreeing author count or date. "
        "Unmatched and ambiguous papers are left exactly as they were and not asked about again "
        "for a week (--retry-unmatched asks now). Exit 1 when the API cannot be reached.",
    )
    enrich.add_argument("--retry-unmatched", action="store_true", help="ask again about papers tried lately")
    enrich.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    as_json(enrich, "the report as JSON")


def _enricher(settings: Settings) -> Enricher:
    from bot import compose  # the store's stack loads when a command runs, not for --help

    return compose.arxiv_search(settings), compose.enrich_ledger(settings)


def ingest(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Store the papers (then enrich them, with --enrich), and bring the saved lexicon up to date:
    the next command loads it instead of scanning the store. The writer lock is taken first and
    held to the end: two ingests starting together never open (or create) the store at once, and
    the lexicon is saved by the one writer."""
    from bot import compose, terminal
    from ingest.lock import ensure_writable, writer_lock

    ensure_writable(settings.data_dir)  # said before the model and the store load
    # The arXiv side is built (and its settings checked) before anything is ingested.
    enricher = _enricher(settings) if args.enrich else None
    with writer_lock(settings.data_dir):
        store = compose.open_paper_store(settings)
        code = terminal.ingest(
            store,
            args.paths or [settings.corpus_dir],
            args.json,
            not args.no_progress,
            out,
            enricher,
            settings.record_limits,
        )
        compose.build_retriever(settings, store).prepare()  # catches up, makes new words' vectors, saves
    return code


def enrich(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from bot import compose, terminal
    from ingest.lock import ensure_writable, writer_lock

    ensure_writable(settings.data_dir)
    enricher = _enricher(settings)
    with writer_lock(settings.data_dir):  # before the store opens, as ingest
        store = compose.open_paper_store(settings)
        return terminal.enrich(store, enricher, args.retry_unmatched, args.json, not args.no_progress, out)
