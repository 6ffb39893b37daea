"""Slack's Block Kit as plain dicts (no slack_sdk here): answers within Block Kit's limits, with
👍/👎, the features' replies and menus, the digest's items, shared files, and Slack's help."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from bot.chat import CitationLookup, Feature
from bot.render.answer import answer_body, answer_text, emphasise_titles, paper_facts
from bot.render.features import (
    ADDRESSING_HELP,
    FEATURE_HELP,
    FEEDBACK_HELP,
    INTRO,
    NO_PAPERS,
    PICK_ANOTHER,
    Surface,
    ingest_summary,
    no_match_text,
)
from bot.render.layout import ZERO_WIDTH, clip, split_text
from ingest.pipeline import IngestReport
from rag.cite import bibtex
from rag.markup import display_title
from rag.model import Answer, AnswerKind, Paper
from rag.similar import Similar

SLACK_BLOCKS = 50
SLACK_SECTION_CHARS = 3000
SLACK_FALLBACK_CHARS = 3000
SLACK_OPTION_CHARS = 75
SLACK_TITLE_CHARS = 300
SLACK_URL_CHARS = 1000
_SLACK_BROADCAST = re.compile(r"@(channel|here|everyone)\b", re.IGNORECASE)


def slack_escape(text: str) -> str:
    """Text shown as written: `&`, `<`, `>` escaped, so `<!here>`, `<@U…>`, `<#C…>` or
    `<!subteam^…>` in paper text or questions cannot ping or link anyone, and a bare
    @here/@channel/@everyone is broken by a zero-width space."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SLACK_BROADCAST.sub(lambda match: f"@{ZERO_WIDTH}{match.group(1)}", text)


def slack_plain(text: str, limit: int) -> str:
    """For `plain_text` objects (no markup is parsed there): only broadcasts are broken."""
    return clip(_SLACK_BROADCAST.sub(lambda match: f"@{ZERO_WIDTH}{match.group(1)}", text), limit)


def slack_link(url: str | None, label: str) -> str:
    """`<url|label>` in mrkdwn; just the escaped label when there is no http(s) URL."""
    text = slack_escape(clip(label, SLACK_TITLE_CHARS))
    if not url or not url.startswith(("https://", "http://")):
        return text
    safe = url.replace("<", "%3C").replace(">", "%3E").replace("|", "%7C").replace(" ", "%20")
    return f"<{safe}|{text}>" if len(safe) <= SLACK_URL_CHARS else text


def slack_paper_line(paper: Paper, prefix: str = "") -> str:
    facts = paper_facts(paper)
    return f"{prefix}{slack_link(paper.reader_link, display_title(paper.title))}" + (
        f" · {facts}" if facts else ""
    )


def slack_feedback_action(vote: str, answer_id: str) -> str:
    """The button's action id carries the answer id, so a click needs no server-side session."""
    return f"fb:{vote}:{answer_id}"


def _escaped_pieces(text: str, limit: int, raw_limit: int | None = None) -> list[str]:
    """Escaped pieces of at most `limit` characters; escaping never pushes one over, and an
    entity like `&amp;` is never cut in two (the raw text is split, then escaped)."""
    pieces: list[str] = []
    for piece in split_text(text, raw_limit or limit):
        escaped = slack_escape(piece)
        if len(escaped) <= limit:
            pieces.append(escaped)
        else:
            # Escaping grew this piece past the limit: split its raw text finer (an entity is at
            # most 5 characters, so a raw piece of limit // 5 always fits).
            finer = min(len(piece) - 1, len(piece) * limit // len(escaped))
            pieces += _escaped_pieces(piece, limit, max(finer, limit // 5, 4))
    return pieces


def _section(mrkdwn: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn}}


def _context(mrkdwn: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": mrkdwn}]}


def _packed_sections(lines: Sequence[str], heading: str) -> list[dict[str, Any]]:
    """Lines packed into as few sections as fit 3,000 characters each (a line never splits)."""
    sections: list[str] = []
    for line in lines:
        if sections and len(sections[-1]) + 1 + len(line) <= SLACK_SECTION_CHARS:
            sections[-1] += "\n" + line
        else:
            sections.append(f"{heading}\n{line}" if not sections else line)
    return [_section(text) for text in sections]


def _fallback(text: str) -> str:
    pieces = _escaped_pieces(text, SLACK_FALLBACK_CHARS - 1) or ["(empty)"]
    return pieces[0] + ("…" if len(pieces) > 1 else "")


def slack_answer_message(answer: Answer, answer_id: str | None = None) -> dict[str, Any]:
    """The answer as one Slack message ({"text", "blocks"}) within Block Kit's limits.

    The text (with its [n] markers) fills sections of at most 3,000 characters, then a Sources
    list of exactly the cited papers with links, date and upvotes, then 👍/👎 when `answer_id` is
    given and the answer is grounded. Past 50 blocks the answer is trimmed, and says so.
    """
    text = answer_body(answer)
    shown = emphasise_titles(text, answer.citations, "*")
    body = [_section(piece) for piece in _escaped_pieces(shown, SLACK_SECTION_CHARS)]
    body = body or [_section("(empty)")]
    sources = _packed_sections(
        [slack_paper_line(c.paper, f"[{c.n}] ") for c in answer.citations], "*Sources*"
    )
    tail: list[dict[str, Any]] = []
    if answer.kind is AnswerKind.REFUSAL:
        tail.append(_context("Not in the corpus"))
    if answer_id and answer.grounded:
        tail.append(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": emoji, "emoji": True},
                        "action_id": slack_feedback_action(vote, answer_id),
                        "value": answer_id,
                    }
                    for vote, emoji in (("up", "👍"), ("down", "👎"))
                ],
            }
        )
    room = SLACK_BLOCKS - len(tail)
    if len(body) + len(sources) > room:
        room -= 1  # for the note that says what was left out
        kept_sources = sources[: max(1, room // 2)] if sources else []
        kept_body = body[: room - len(kept_sources)]
        note = f"Shortened to fit Slack: the full answer has {len(text):,} characters"
        note += f" and {len(answer.citations)} sources." if answer.citations else "."
        body, sources, tail = kept_body, kept_sources, [_context(note), *tail]
    blocks = body + sources + tail
    return {"text": _fallback(answer_text(answer)), "blocks": blocks}


def slack_text_message(text: str) -> dict[str, Any]:
    """Any other reply (escaped): sections for the text, the same text as the fallback."""
    body = [_section(piece) for piece in _escaped_pieces(text, SLACK_SECTION_CHARS)][:SLACK_BLOCKS]
    return {"text": _fallback(text), "blocks": body or [_section("(empty)")]}


def slack_cite_message(
    paper: Paper, bibtex_entry: str, confidence: float, alternatives: Sequence[Paper] = ()
) -> dict[str, Any]:
    """A paper's link and BibTeX; with `alternatives`, a menu to pick the paper meant instead."""
    blocks: list[dict[str, Any]] = []
    if alternatives:
        blocks.append(
            _context(f"Not sure this is the one (confidence {confidence:.2f}); pick another below.")
        )
    blocks.append(_section(f"*{slack_link(paper.link, paper.title)}*"))
    code = _escaped_pieces(bibtex_entry, SLACK_SECTION_CHARS - 8)
    blocks += [_section(f"```{piece}```") for piece in code[:5]]
    if alternatives:
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "static_select",
                        "action_id": "cite_pick",
                        "placeholder": {"type": "plain_text", "text": PICK_ANOTHER},
                        "options": [
                            {
                                "text": {
                                    "type": "plain_text",
                                    "text": slack_plain(p.title, SLACK_OPTION_CHARS),
                                },
                                "value": p.id[:150],
                            }
                            for p in alternatives[:100]
                        ],
                    }
                ],
            }
        )
    fallback = f"{paper.title}\n{paper.link or ''}\n{bibtex_entry}"
    return {"text": _fallback(fallback), "blocks": blocks}


def slack_similar_message(paper: Paper, neighbours: Sequence[Paper]) -> dict[str, Any]:
    if not neighbours:
        return slack_text_message(f"No other papers are stored near {paper.title}.")
    lines = [slack_paper_line(other, f"{rank}. ") for rank, other in enumerate(neighbours, 1)]
    blocks = _packed_sections(lines, f"Papers like *{slack_link(paper.link, paper.title)}*:")
    fallback = "\n".join(
        [f"Papers like {paper.title}:"] + [f"{r}. {p.title}" for r, p in enumerate(neighbours, 1)]
    )
    return {"text": _fallback(fallback), "blocks": blocks[:SLACK_BLOCKS]}


def slack_digest_item(paper: Paper, summary: str, watchers: Sequence[str]) -> dict[str, Any]:
    """One announced paper for Slack: a section (title link, upvotes, one sentence, code and project
    links) and a context line mentioning its watchers, the only users it may ping."""
    facts = " · ".join(
        x for x in (f"{paper.upvotes} upvotes" if paper.upvotes is not None else "", paper.date or "") if x
    )
    lines = [f"*{slack_link(paper.link, paper.title)}*" + (f" · {facts}" if facts else "")]
    lines.append(slack_escape(clip(summary, 600)))
    extras = [
        slack_link(paper.github_url, "code") if paper.github_url else "",
        slack_link(paper.project_url, "project") if paper.project_url else "",
    ]
    if any(extras):
        lines.append(" · ".join(e for e in extras if e))
    blocks: list[dict[str, Any]] = [_section(clip("\n".join(lines), SLACK_SECTION_CHARS))]
    # Slack user ids are [A-Z0-9]; anything else is dropped rather than rendered as markup.
    mentions = [f"<@{user}>" for user in watchers if re.fullmatch(r"[A-Z0-9]{2,30}", user)]
    if mentions:
        blocks.append(_context("👀 for " + " ".join(mentions)))
    fallback = clip(f"{paper.title} ({facts}): {summary}" if facts else f"{paper.title}: {summary}", 2000)
    return {"text": slack_escape(fallback), "blocks": blocks}


NOT_SLACK_FILE = "not a file hosted by Slack"


def file_withheld(status: int) -> str:
    return f"Slack would not hand over the file (HTTP {status})"


def shared_files_summary(results: Sequence[tuple[str, str | IngestReport]]) -> str:
    """Each file shared for ingest: its report, or why it was not ingested."""
    lines = [
        f"{name}: {ingest_summary(result) if isinstance(result, IngestReport) else result}"
        for name, result in results
    ]
    return "\n".join(lines) or "No files."


SLACK_CITE_USAGE = "Usage: `/paper-cite` a title, an acronym like InfAlign, or an arXiv id."
SLACK_SIMILAR_USAGE = "Usage: `/paper-similar` a paper id, arXiv id or title words."


def slack_question_header(question: str) -> str:
    return f"❓ {slack_escape(question)}"


def slack_cite_reply(looked: CitationLookup | None) -> dict[str, Any]:
    """The /paper-cite reply: link and BibTeX, a menu when unsure, or why there is none."""
    if looked is None:
        return {"text": NO_PAPERS}
    if not looked.matched:
        return {"text": slack_escape(no_match_text(looked.closest))}
    paper = looked.paper
    return slack_cite_message(paper, bibtex(paper), looked.found.confidence, looked.offered)


def slack_similar_reply(result: Similar | None) -> dict[str, Any]:
    if result is None:
        return {"text": NO_PAPERS}
    if result.paper is None:
        return {"text": slack_escape(no_match_text(result.closest))}
    return slack_similar_message(result.paper, [n.paper for n in result.neighbours])


def slack_picked_cite(paper: Paper) -> dict[str, Any]:
    """The paper picked from the "did you mean" menu, replacing the unsure reply."""
    return slack_cite_message(paper, bibtex(paper), 1.0)


SLACK = Surface(
    INTRO,
    (
        ("`/paper-ask`, a mention or a DM with", "a question", FEATURE_HELP[Feature.ASK]),
        ("`/paper-cite`", "a title, acronym or arXiv id", FEATURE_HELP[Feature.CITE]),
        ("`/paper-similar`", "a paper", FEATURE_HELP[Feature.SIMILAR]),
        ("`/paper-watch`", "a topic", FEATURE_HELP[Feature.WATCH]),
        ("`/paper-watch remove`", "a topic", "stop watching it"),
        ("`/paper-watch`", "alone", "the topics you watch"),
        ("`new question`", "in a DM", "start a new conversation"),
        FEEDBACK_HELP,
    ),
    notes=(ADDRESSING_HELP,),
    examples=(
        "`/paper-ask which papers evaluate on robot manipulation benchmarks?`",
        "`/paper-cite InfAlign`, or in an answer's thread: `bibtex`",
        "`/paper-watch reward hacking` (pinged in the daily digest when a paper matches)",
    ),
    example="`/paper-ask how do reward models handle noise?`",
    watches_command="`/paper-watch`",
    watch_example="`/paper-watch reward hacking`",
    escape=slack_escape,
)
