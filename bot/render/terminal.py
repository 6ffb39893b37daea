"""`paperbot ...` on the terminal: each command's text and JSON (ingest, stats, search, cite,
similar, eval, announce, feedback), the interactive chat's lines, and the terminal's help."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from bot.announce import DayReport, Digest
from bot.chat import CitationLookup, Feature, TopicChange
from bot.render.answer import paper_facts
from bot.render.citation import citation
from bot.render.features import FEATURE_HELP, Surface
from bot.state import Watch
from ingest.limits import SHOWN_PROBLEMS
from ingest.pipeline import IngestReport
from rag.cite import bibtex
from rag.markup import display_title
from rag.model import Paper
from rag.retrieve import SearchResult
from rag.similar import Similar


def ingest_report_json(report: IngestReport, papers: int, chunks: int) -> dict[str, Any]:
    return {**report.as_dict(), "papers": papers, "chunks": chunks}


def ingest_report_text(report: IngestReport, papers: int, chunks: int, where: str) -> str:
    lines = [
        f"ingested: {report.added} added, {report.updated} updated, "
        f"{report.unchanged} unchanged, {report.failed} failed, {report.merged} duplicates merged"
    ]
    lines += [f"  skipped {problem}" for problem in report.problems[:SHOWN_PROBLEMS]]
    if len(report.problems) > SHOWN_PROBLEMS:
        lines.append(f"  … and {len(report.problems) - SHOWN_PROBLEMS:,} more problems not shown")
    lines.append(f"store: {papers} papers, {chunks} chunks at {where}")
    return "\n".join(lines)


def stats_text(stats: dict[str, Any]) -> str:
    return "\n".join(f"{key:>10}: {value}" for key, value in stats.items())


def search_result_json(result: SearchResult) -> dict[str, Any]:
    return {"paper_id": result.paper.id, "title": result.paper.title, "score": round(result.score, 6)}


def search_json(query: str, results: Sequence[SearchResult]) -> dict[str, Any]:
    return {"query": query, "results": [search_result_json(r) for r in results]}


def search_batch_json(
    item_id: Any, results: Sequence[SearchResult] = (), error: Exception | None = None
) -> dict[str, Any]:
    """One line of `search --batch`: the results, or the error that line had."""
    if error is not None:
        return {"id": item_id, "error": str(error), "results": []}
    return {"id": item_id, "results": [search_result_json(r) for r in results]}


def search_text(results: Sequence[SearchResult], k: int) -> str:
    """Best first; the scores (JSON only) order the list and mean nothing on their own."""
    if not results:
        return "no papers stored yet: run 'paperbot ingest' first"
    lines = []
    for rank, result in enumerate(results, 1):
        paper = result.paper
        facts = paper_facts(paper)
        lines.append(f"{rank:>2}. {display_title(paper.title)}" + (f" ({facts})" if facts else ""))
        lines.append(f"    {paper.reader_link}")
    if len(results) < k:
        lines.append(f"({len(results)} papers are stored; --k {k} asked for more)")
    return "\n".join(lines)


def _paper_refs(papers: Sequence[Paper]) -> list[dict[str, str]]:
    return [{"paper_id": p.id, "title": p.title} for p in papers]


def _closest_lines(query: str, closest: Sequence[Paper]) -> str:
    lines = [f"No paper in the corpus matches “{query}”. The closest titles:"]
    lines += [f"  - {display_title(paper.title)}  [{paper.id}]" for paper in closest]
    return "\n".join(lines)


def cite_json(looked: CitationLookup, query: str, style: str = "bibtex") -> dict[str, Any]:
    """The match, its facts and its citation: `bibtex` always, and `citation` in `style`."""
    if not looked.matched:
        return {"paper_id": None, "query": query, "alternatives": _paper_refs(looked.closest)}
    paper, found = looked.paper, looked.found
    return {
        "paper_id": paper.id,
        "title": paper.title,
        "link": paper.link,
        "pdf": paper.pdf_link,
        "arxiv_id": paper.arxiv_id,
        "authors": list(paper.authors),
        "confidence": found.confidence,
        "ambiguous": found.ambiguous,
        "bibtex": bibtex(paper),
        "format": style,
        "citation": citation(paper, style),
        "alternatives": _paper_refs(found.alternatives),
    }


def cite_text(looked: CitationLookup, query: str, style: str = "bibtex") -> str:
    if not looked.matched:
        return _closest_lines(query, looked.closest)
    paper, found = looked.paper, looked.found
    lines = [f"{display_title(paper.title)}  (confidence {found.confidence:.2f})"]
    if paper.link:
        lines.append(paper.link)
    lines.append("\n" + citation(paper, style))
    if found.ambiguous:
        lines.append("\nDid you mean one of these?")
        lines += [f"  - {display_title(p.title)}  [{p.id}]" for p in found.alternatives]
    return "\n".join(lines)


def similar_json(result: Similar, query: str) -> dict[str, Any]:
    if result.paper is None:
        return {"paper_id": None, "query": query, "closest": _paper_refs(result.closest)}
    similar = [
        {"paper_id": n.paper.id, "title": n.paper.title, "score": round(n.score, 6), "shared": list(n.shared)}
        for n in result.neighbours
    ]
    return {"paper_id": result.paper.id, "title": result.paper.title, "similar": similar}


def similar_text(result: Similar, query: str, k: int) -> str:
    if result.paper is None:
        return _closest_lines(query, result.closest)
    lines = [f"Papers like: {display_title(result.paper.title)}"]
    for rank, neighbour in enumerate(result.neighbours, 1):
        facts = paper_facts(neighbour.paper)
        lines.append(f"{rank}. {display_title(neighbour.paper.title)}" + (f" ({facts})" if facts else ""))
        if neighbour.shared:
            lines.append(f"   both about: {', '.join(neighbour.shared)}")
    if len(result.neighbours) < k:
        lines.append(f"(only {len(result.neighbours)} other papers are stored)")
    return "\n".join(lines)


def eval_table_text(table: dict[str, dict[str, float]]) -> str:
    """`paperbot eval`: each metric, its value, over how many items, and its target (met or short)."""
    lines = ["| metric | value | n | target |", "|---|---|---|---|"]
    for metric, row in table.items():
        if metric == "latency_ms":
            lines.append(
                f"| latency p50 / p95 ms | {row['value']:.0f} / {row['p95']:.0f} | {int(row['n'])} | |"
            )
            continue
        target = ""
        if "target" in row:
            bound = "<=" if row.get("upper_bound") else ">="
            ok = row["value"] <= row["target"] if row.get("upper_bound") else row["value"] >= row["target"]
            target = f"{bound} {row['target']:.2f} {'ok' if ok else 'short'}"
        lines.append(f"| {metric} | {row['value']:.3f} | {int(row['n'])} | {target} |")
    return "\n".join(lines)


def day_report_text(report: DayReport) -> str:
    if report.fetch_failed and not report.fetched:
        return f"{report.day}: nothing fetched: {'; '.join(report.problems)}"
    posted = sum(len(ids) for ids in report.posted.values())
    already = report.already_announced
    lines = [f"{report.day}: fetched {report.fetched}, posted {posted}, already announced {already}"]
    for destination, ids in report.already_posted.items():
        if ids:
            lines.append(f"  {destination} already has {len(ids)} of this day's papers: {', '.join(ids)}")
    for paper_id, users in report.pinged.items():
        lines.append(f"  {paper_id} pings {', '.join(users)}")
    lines += [f"  problem: {problem}" for problem in report.problems]
    return "\n".join(lines)


def dry_run_days(days: Sequence[dt.date], today: dt.date) -> str:
    """The missed days a dry run would catch up before the last complete one."""
    named = ", ".join(day.isoformat() for day in days if day != today)
    return f"Catching up {named} before {today.isoformat()} (a dry run: nothing is posted)."


def dry_run_header(destination: str, digest: Digest) -> str:
    return f"── {destination}: {digest.day.isoformat()}, {len(digest.items)} new papers would go out"


WATCH_NEEDS = "'add' and 'remove' need --platform, --user and --topic"


def watch_change_text(action: str, platform: str, user_id: str, change: TopicChange) -> str:
    if action == "add":
        done = f"now watching “{change.topic}”" if change.changed else f"already watched “{change.topic}”"
    else:
        done = (
            f"stopped watching “{change.topic}”" if change.changed else f"was not watching “{change.topic}”"
        )
    return f"{platform} user {user_id}: {done}"


def watches_json(watches: Sequence[Watch]) -> list[dict[str, str]]:
    return [{"platform": w.platform, "user_id": w.user_id, "topic": w.topic} for w in watches]


def watches_text(watches: Sequence[Watch]) -> str:
    if not watches:
        return "No topic watches yet (members add them with /watch in Discord or /paper-watch in Slack)."
    return "\n".join(f"{w.platform:8} {w.user_id:24} {w.topic}" for w in watches)


def feedback_written(count: int, path: object) -> str:
    return f"wrote {count} feedback records to {path}"


def slack_starting(mode: str, port: int) -> str:
    where = "over Socket Mode" if mode == "socket" else f"on port {port}"
    return f"the Slack app is running {where} (Ctrl-C to stop)"


CHAT_GREETING = "paperbot chat: ask about the papers (/help for commands, /quit to leave)"
CHAT_FORGOTTEN = "(conversation forgotten)"


def chat_usage(command: str) -> str:
    return f"usage: {command} TITLE-OR-ID"


def chat_unknown(command: str) -> str:
    return f"unknown command {command}; /help lists them"


TERMINAL = Surface(
    "Ask anything about the papers; follow-ups keep the context.",
    (
        ("/cite", "TITLE-OR-ID", FEATURE_HELP[Feature.CITE]),
        ("/similar", "PAPER", FEATURE_HELP[Feature.SIMILAR]),
        ("/reset", "", "forget the conversation"),
        ("/help", "", "this text"),
        ("/quit", "", "leave (or Ctrl-D)"),
    ),
    columns=True,
)
