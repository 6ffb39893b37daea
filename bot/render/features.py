"""The chat features' words every surface shares: failures, help (each front end's `Surface`),
watches, "no paper matches", ingest and announcement summaries, the digest's header."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.announce import DayReport, Digest
from bot.chat import Failure, Feature, QuestionProblem, TopicChange, TurnedAway
from ingest.pipeline import IngestReport
from rag.markup import display_title
from rag.model import Paper

NO_PAPERS = "No papers are stored yet."
FRIENDLY_ERROR = "Sorry, something went wrong on my side. Please try again in a moment."
STORE_UNAVAILABLE = (
    "I can't reach the paper store right now, so I can't answer. Please try again in a few minutes."
)
PAPER_GONE = "That paper is gone from the store."
PICK_ANOTHER = "Did you mean…"
ADMINS_ONLY = "Only the group's admins can do that."
ADMINS_ONLY_INGEST = "Only the group's admins can add papers."
INGEST_DISABLED = "Ingest is not enabled on this bot."
ANNOUNCE_DISABLED = "Announcements are not configured."
UPLOAD_ONE = "Attach one file or give one URL."
UPLOAD_TOO_LARGE = "That file is too large (20 MB at most)."
SHARE_TO_INGEST = 'To add papers, share the file with the message "ingest" (admins only).'
FILE_TOO_LARGE = "too large (20 MB at most)"
CONVERSATION_RESET = "Starting afresh: your next question stands on its own."
URL_NOT_HTTPS = "Give an https:// address of the file (other schemes are refused)."
# How the chat platforms decide what to answer without a mention (README, "Who the bot answers").
ADDRESSING_HELP = (
    'In a thread I started, ask follow-ups without mentioning me ("more", "bibtex", "which of '
    'those …?"); I stay quiet for thanks and chat between people. In a DM, a conversation starts '
    'afresh after 30 minutes of silence or when you say "new question"'
)
# What each feature does, said once; each surface names its own command for it.
FEATURE_HELP = {
    Feature.ASK: "I answer in a thread, citing the papers I quote; follow-ups there keep the context",
    Feature.CITE: "the paper, its link and BibTeX",
    Feature.SIMILAR: "the papers nearest to it",
    Feature.PAPER: "its card (abstract, link, date, upvotes)",
    Feature.WATCH: "a mention in the daily digest when a new paper matches it",
    Feature.FEEDBACK: "tell us how it did",
}
# What the chat platforms' help says first, and last.
INTRO = "I answer questions about the group's reading list, citing the papers I quote."
FEEDBACK_HELP = ("👍/👎 under an answer", "", FEATURE_HELP[Feature.FEEDBACK])


@dataclass(frozen=True, slots=True)
class Surface:
    """One front end as its users meet it: help's opening line and commands (command, what it
    takes, what it does), an example question, its watch commands, and how its text is escaped
    so that paper text and questions never ping anyone."""

    intro: str
    commands: tuple[tuple[str, str, str], ...]
    example: str = ""
    watches_command: str = ""
    watch_example: str = ""
    escape: Callable[[str], str] = str
    columns: bool = False  # the terminal's help is a table; chat platforms' a bulleted list
    examples: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


def help_text(surface: Surface) -> str:
    lines = [surface.intro]
    for command, takes, does in surface.commands:
        usage = f"{command} {takes}" if takes else command
        lines.append(f"  {usage:<21} {does}" if surface.columns else f"• {usage}: {does}.")
    lines.extend(f"{note}." for note in surface.notes)
    if surface.examples:
        lines.append("Examples:")
        lines.extend(f"  {example}" if surface.columns else f"• {example}" for example in surface.examples)
    return "\n".join(lines)


def question_problem_text(problem: QuestionProblem, surface: Surface) -> str:
    if problem.kind is TurnedAway.TOO_LONG:
        text = f"That question is too long ({problem.length} characters; the limit is {problem.limit})."
    elif problem.kind is TurnedAway.EMPTY:
        text = f"Ask me something about the papers, e.g. {surface.example}"
    else:
        text = f"Easy there! You can ask again in {problem.wait:.0f} s."
    return surface.escape(text)


def failure_text(failure: Failure) -> str:
    return STORE_UNAVAILABLE if failure is Failure.STORE_DOWN else FRIENDLY_ERROR


def feedback_text(known: bool) -> str:
    return "Thanks for the feedback!" if known else "That answer is too old to rate, sorry."


def watch_text(change: TopicChange, surface: Surface) -> str:
    if not change.topic:
        return "Tell me a topic to watch."
    topic = change.topic
    return surface.escape(f"Watching “{topic}”." if change.changed else f"You already watch “{topic}”.")


def unwatch_text(change: TopicChange, surface: Surface) -> str:
    if change.changed:
        return "Stopped watching it."
    return surface.escape(f"You were not watching that: {surface.watches_command} lists your topics.")


def watches_text(topics: Sequence[str], surface: Surface) -> str:
    if not topics:
        example = surface.watch_example
        return surface.escape(f"You watch no topics yet: {example} pings you when a new paper matches.")
    return surface.escape("You watch: " + ", ".join(f"“{t}”" for t in topics))


def no_match_text(closest: Sequence[Paper]) -> str:
    titles = "; ".join(display_title(p.title) for p in closest)
    return f"No paper in the corpus matches that. The closest titles: {titles}."


def ingest_summary(report: IngestReport) -> str:
    """An admin's upload, ingested: the counts and the first problems."""
    problems = "".join(f"\n• {problem}" for problem in report.problems[:10])
    return (
        f"Ingested: {report.added} added, {report.updated} updated, {report.unchanged} unchanged, "
        f"{report.failed} failed, {report.merged} duplicates merged.{problems}"
    )


def unsupported_format(suffixes: Sequence[str]) -> str:
    return f"not a supported format (use {', '.join(suffixes)})"


def ingest_failed(error: Exception) -> str:
    return f"Nothing ingested: {error}"


def days_text(days: Sequence[dt.date]) -> str:
    return ", ".join(day.isoformat() for day in days) or "no day"


def announce_summary(reports: Sequence[DayReport], latest: dt.date) -> str:
    """An admin's announce-now: how many papers went out for which days (`latest`, the last
    complete day, when the channels had every day already), and what failed."""
    posted = sum(len(ids) for report in reports for ids in report.posted.values())
    problems = [p for report in reports for p in report.problems]
    days = days_text([report.day for report in reports] or [latest])
    return f"Posted {posted} papers for {days}." + (
        f" Problems: {'; '.join(problems)[:1500]}" if problems else ""
    )


def digest_header(digest: Digest, bold: str) -> str:
    """The day's first post, its papers threaded under it; `bold` is the platform's marker."""
    day, count = digest.day.isoformat(), len(digest.items)
    return f"📰 {bold}New papers for {day}{bold}: {count} of the day's most upvoted"


def digest_empty(day: dt.date) -> str:
    return f"No new papers for {day.isoformat()}."
