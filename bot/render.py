"""Pure rendering, the one place that writes what users read: answers and the chat features'
results -> terminal text and JSON, Discord embeds and Slack Block Kit, within each platform's
limits. No I/O and no chat library: plain dicts in each platform's shape."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, assert_never

from bot.announce import DayReport, Digest
from bot.chat import CitationLookup, Failure, Feature, QuestionProblem, TopicChange, TurnedAway
from ingest.pipeline import IngestReport
from rag.cite import bibtex, tidy_spacing
from rag.markup import display_title
from rag.model import (
    Answer,
    AnswerKind,
    Card,
    Citation,
    Comparison,
    EmptyStore,
    Fact,
    FactComparison,
    Field,
    Generated,
    Listing,
    Matches,
    NoSameDay,
    Paper,
    Quote,
    Refusal,
)
from rag.retrieve import SearchResult
from rag.similar import Similar


def paper_facts(paper: Paper) -> str:
    votes = paper.upvotes
    facts = [paper.date or "", f"{votes} upvote{'' if votes == 1 else 's'}" if votes is not None else ""]
    return ", ".join(f for f in facts if f)


def source_line(citation: Citation) -> str:
    paper = citation.paper
    facts = paper_facts(paper)
    line = f"[{citation.n}] {display_title(paper.title)}" + (f" ({facts})" if facts else "")
    return line + f"\n    {paper.reader_link}"


# ---- what an answer says: its parts in words, with [n] markers for its citations --------------

NOT_COVERED = "The corpus does not cover this."
NO_PAPERS = "No papers are stored yet."
# A fact as a sentence names it, and as a note about papers that lack it names it.
_FACT_LABELS = {
    Field.AUTHORS: "authors",
    Field.UPVOTES: "upvotes",
    Field.DATE: "date",
    Field.ORGANISATION: "organisation",
}
_FACT_NAMES = {Field.DATE: "date", Field.AUTHORS: "author count", Field.UPVOTES: "upvote count"}


def answer_body(answer: Answer) -> str:
    """What the answer says, as users read it on every surface, citing by [n]."""
    numbers = {c.paper.id: c.n for c in answer.citations}

    def cite(paper: Paper) -> str:
        return f"[{numbers[paper.id]}]" if paper.id in numbers else ""

    part = answer.part
    match part:
        case Generated():
            return part.text
        case EmptyStore():
            return NO_PAPERS
        case Refusal():
            return _refusal_text(part)
        case NoSameDay():
            return _no_same_day_text(part)
        case Matches() if not part.shown:
            return _count_text(part)
        case Quote():
            lines = [f"{_heading(part.paper)}: {' '.join(part.sentences)} {cite(part.paper)}"]
            if part.also_close:
                lines.append(f"Also close: {_titles_cited(part.also_close, cite)}.")
        case Listing():
            lines = [
                f"- {display_title(row.paper.title)}: {row.sentence} {cite(row.paper)}" for row in part.rows
            ]
            if answer.more:
                lines.append(f"…and {len(answer.more)} more: say “more”.")
        case Comparison():
            lines = [f"{_heading(side.paper)}: {side.sentence} {cite(side.paper)}" for side in part.sides]
        case Card():
            lines = [f"{_heading(part.paper)} {cite(part.paper)}", part.paper.reader_link]
            if part.also_close:
                lines.append(f"Not sure? Also close: {_titles_cited(part.also_close, cite)}.")
            lines += ["", part.bibtex]
        case Matches():
            lines = [f"Also dated {part.dated}:"] if part.dated else []
            if part.count:
                lines.append(_papers_count(part.total))
            lines += [f"{_facts_line(paper)} {cite(paper)}" for paper in part.shown]
            if part.total > len(part.shown):
                lines.append(f"…and {part.total - len(part.shown)} more.")
            if part.missing:
                lines.append(f"({_left_out(part)})")
        case Fact():
            lines = [_fact_text(part, cite)]
        case FactComparison():
            lines = [_fact_comparison_text(part, cite)]
        case _:
            assert_never(part)
    # Cited text is spaced as the citation contract spaces it (rag.cite), BibTeX included.
    return tidy_spacing("\n".join(lines))


def _refusal_text(part: Refusal) -> str:
    lines = [NOT_COVERED]
    if part.related:
        titles = "; ".join(display_title(p.title) for p in part.related)
        lines.append(f"Related, but not an answer: {titles}.")
    return "\n".join(lines)


def _no_same_day_text(part: NoSameDay) -> str:
    anchor = part.anchor
    if anchor is None or not anchor.date:
        return "That paper's date is not in its listing."
    return f"No other paper is dated {anchor.date}, the date of {display_title(anchor.title)}."


def _count_text(part: Matches) -> str:
    """A metadata answer that shows no papers: the count asked for, or that none matches."""
    if part.total:
        body = _papers_count(part.total)
    else:
        # "0 papers" answers a count; "no paper matches" says the corpus has none to show.
        body = "0 papers." if part.count else "No paper in the corpus matches that."
    return body + (f" ({_left_out(part)})" if part.missing else "")


def _papers_count(count: int) -> str:
    return f"{count} paper{'s' if count != 1 else ''}."


def _left_out(part: Matches) -> str:
    facts = " or ".join(_FACT_NAMES.get(f, f.value) for f in part.missing_fields) or "this fact"
    return f"{part.missing} papers whose listing gives no {facts} were left out."


def _fact_text(part: Fact, cite: Callable[[Paper], str]) -> str:
    title, label = display_title(part.paper.title), _FACT_LABELS.get(part.name, "value")
    if part.value is None:
        return f"{title}: its listing does not give the {label} {cite(part.paper)}."
    if part.name is Field.DATE:
        return f"{title} is dated {part.value} {cite(part.paper)}."
    if part.name is Field.ORGANISATION:
        return f"{title} is listed under {part.value} {cite(part.paper)}."
    return f"{title} has {part.value} {label} {cite(part.paper)}."


def _fact_comparison_text(part: FactComparison, cite: Callable[[Paper], str]) -> str:
    label = {Field.AUTHORS: "authors", Field.UPVOTES: "upvotes"}.get(part.name, "date")
    if part.unknown is not None:
        return f"The listing gives no {label} for {display_title(part.unknown.title)} {cite(part.unknown)}."
    first, second = part.first, part.second
    a, b = first.fact(part.name), second.fact(part.name)
    one, other = display_title(first.title), display_title(second.title)
    if part.tied:
        both = f"{one} {cite(first)} and {other} {cite(second)}"
        dated = part.name is Field.DATE
        return f"Both are dated {a}: {both}." if dated else f"Both have {a} {label}: {both}."
    if part.name is Field.DATE:
        return f"{one} is dated {a} {cite(first)}; {other} {b} {cite(second)}."
    return f"{one} has {a} {label} {cite(first)}; {other} has {b} {cite(second)}."


def _titles_cited(papers: Sequence[Paper], cite: Callable[[Paper], str]) -> str:
    return "; ".join(f"{display_title(p.title)} {cite(p)}" for p in papers)


def _heading(paper: Paper) -> str:
    title = display_title(paper.title)
    return f"{title} ({paper.year})" if paper.year else title


def _facts_line(paper: Paper) -> str:
    """A paper with every fact its listing gives: date, authors, upvotes, organisation."""
    facts = []
    if paper.date:
        facts.append(paper.date)
    if paper.author_count is not None:
        facts.append(f"{paper.author_count} authors")
    if paper.upvotes is not None:
        facts.append(f"{paper.upvotes} upvote{'s' if paper.upvotes != 1 else ''}")
    if paper.organisation:
        facts.append(paper.organisation)
    title = display_title(paper.title)
    return f"{title} ({', '.join(facts)})" if facts else title


def answer_notes(answer: Answer) -> list[str]:
    """Why the answer is as it is (for `--json`): its notes, and the papers a metadata answer
    left out for lacking a fact."""
    part = answer.part
    left_out = [_left_out(part)] if isinstance(part, Matches) and part.missing else []
    return [*answer.notes, *left_out]


# ---- answers on the terminal and as JSON ----------------------------------------------------


def answer_text(answer: Answer) -> str:
    """The answer, then a numbered Sources list of exactly the cited papers. A metadata answer
    already lists its papers with their facts: its Sources are the links alone."""
    lines = [answer_body(answer)]
    if answer.citations and answer.kind is AnswerKind.METADATA:
        lines += ["", "Links:"] + [f"[{c.n}] {c.paper.reader_link}" for c in answer.citations]
    elif answer.citations:
        lines += ["", "Sources:"] + [source_line(c) for c in answer.citations]
    return "\n".join(lines)


def emphasise_titles(text: str, citations: Sequence[Citation], marker: str) -> str:
    """Each cited paper's title, where the answer first names it, between `marker`s (bold in
    Discord's `**` and Slack's `*`); the terminal shows it plain."""
    for citation in citations:
        title = display_title(citation.paper.title)
        at = text.find(title)
        if at >= 0 and marker not in title:
            text = f"{text[:at]}{marker}{title}{marker}{text[at + len(title) :]}"
    return text


def answer_json(answer: Answer, item_id: Any = None) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "answer": answer_body(answer),
        "grounded": answer.grounded,
        "kind": answer.kind,
        "citations": [
            {
                "n": c.n,
                "paper_id": c.paper.id,
                "title": c.paper.title,
                "link": c.paper.link,
                "search_link": None if c.paper.link else c.paper.reader_link,
                "date": c.paper.date,
                "upvotes": c.paper.upvotes,
                "snippet": c.snippet,
            }
            for c in answer.citations
        ],
        "sources": list(answer.sources),
        "related": [p.id for p in answer.related],
        "notes": answer_notes(answer),
    }
    if item_id is not None:
        payload = {"id": item_id, **payload}
    return payload


# ---- Discord: plain dicts in Discord's embed shape, so this module stays free of discord.py ----

DISCORD_MESSAGE_CHARS = 2000
DISCORD_DESCRIPTION_CHARS = 4096
DISCORD_EMBED_TOTAL_CHARS = 6000
DISCORD_FIELDS = 25
DISCORD_EMBEDS_PER_MESSAGE = 10
DISCORD_FIELD_NAME_CHARS = 256
DISCORD_FIELD_VALUE_CHARS = 1024
COLOURS = {"answer": 0x2E8B57, "metadata": 0x3B82F6, "refusal": 0x9CA3AF}
_ZERO_WIDTH = "\u200b"


def neutralize_mentions(text: str) -> str:
    """Paper text and questions can never ping anyone, even if allowed_mentions were lost."""
    text = text.replace("@everyone", f"@{_ZERO_WIDTH}everyone").replace("@here", f"@{_ZERO_WIDTH}here")
    return text.replace("<@", f"<@{_ZERO_WIDTH}").replace("<!", f"<{_ZERO_WIDTH}!")


def split_text(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters, cut at a line, then a sentence, then a word."""
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[:limit]
        cut = max(window.rfind("\n"), window.rfind(". ") + 1, 0)
        if cut < limit // 2:
            cut = window.rfind(" ")
        if cut < limit // 4:
            cut = limit
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _embed_size(embed: dict[str, Any]) -> int:
    size = len(embed.get("title", "")) + len(embed.get("description", ""))
    size += len(embed.get("footer", {}).get("text", ""))
    return size + sum(len(f["name"]) + len(f["value"]) for f in embed.get("fields", []))


def discord_messages(answer: Answer, title: str | None = None) -> list[dict[str, Any]]:
    """The answer as Discord messages ({"content", "embeds"}), every limit respected.

    The text goes in embed descriptions (split when long), the Sources in fields (one per cited
    paper, 25 per embed); embeds are packed into messages of at most 10 embeds and 6,000 chars.
    """
    colour = COLOURS.get(answer.kind, COLOURS["answer"])
    embeds: list[dict[str, Any]] = []
    shown = emphasise_titles(neutralize_mentions(answer_body(answer)), answer.citations, "**")
    for index, piece in enumerate(split_text(shown, DISCORD_DESCRIPTION_CHARS)):
        embed: dict[str, Any] = {"description": piece, "color": colour}
        if index == 0 and title:
            embed["title"] = _clip(neutralize_mentions(title), 256)
        embeds.append(embed)
    fields: list[dict[str, Any]] = []
    for citation in answer.citations:
        paper = citation.paper
        facts = paper_facts(paper)
        # The long arXiv title search is a link text, not a 200-character URL.
        link = paper.link or f"[search arXiv]({paper.reader_link})"
        value = " · ".join(x for x in (link, facts) if x)
        fields.append(
            {
                "name": _clip(
                    neutralize_mentions(f"[{citation.n}] {display_title(paper.title)}"),
                    DISCORD_FIELD_NAME_CHARS,
                ),
                "value": _clip(neutralize_mentions(value), DISCORD_FIELD_VALUE_CHARS),
                "inline": False,
            }
        )
    # Sources embeds: at most 25 fields each, and small enough to share a message with others.
    groups: list[list[dict[str, Any]]] = [[]]
    for item in fields:
        size = sum(len(f["name"]) + len(f["value"]) for f in groups[-1])
        if len(groups[-1]) == DISCORD_FIELDS or size + len(item["name"]) + len(item["value"]) > 5000:
            groups.append([])
        groups[-1].append(item)
    for index, group in enumerate(g for g in groups if g):
        title_text = "Sources" if index == 0 else "Sources (continued)"
        embeds.append({"title": title_text, "fields": group, "color": colour})
    if answer.kind is AnswerKind.REFUSAL:
        embeds[0]["footer"] = {"text": "Not in the corpus"}
    messages: list[dict[str, Any]] = []
    current: list[dict[str, Any]] = []
    for embed in embeds:
        size = sum(_embed_size(e) for e in current)
        if current and (
            len(current) == DISCORD_EMBEDS_PER_MESSAGE
            or size + _embed_size(embed) > DISCORD_EMBED_TOTAL_CHARS
        ):
            messages.append({"content": "", "embeds": current})
            current = []
        current.append(embed)
    if current:
        messages.append({"content": "", "embeds": current})
    return messages


def discord_plain(text: str) -> list[str]:
    """Plain text as Discord messages of at most 2,000 characters, mentions neutralised."""
    return split_text(neutralize_mentions(text), DISCORD_MESSAGE_CHARS) or ["(empty)"]


# ---- daily digest ----------------------------------------------------------------------------


def digest_item_text(paper: Paper, summary: str, mentions: tuple[str, ...], limit: int = 2000) -> str:
    """One announced paper: title and link, upvotes, one sentence, code/project links, watchers.

    `mentions` are already formatted for the platform (e.g. `<@123>`); they are the only text
    that is not neutralised, and the caller allows exactly those users to be pinged.
    """
    title = _clip(neutralize_mentions(paper.title), 250)
    head = f"**{title}**"
    facts = [f"{paper.upvotes} upvotes" if paper.upvotes is not None else "", paper.date or ""]
    lines = [head + (f" · {' · '.join(f for f in facts if f)}" if any(facts) else "")]
    if paper.link:
        lines.append(f"<{paper.link}>")
    lines.append(_clip(neutralize_mentions(summary), 600))
    extras = [
        f"[code](<{paper.github_url}>)" if paper.github_url else "",
        f"[project](<{paper.project_url}>)" if paper.project_url else "",
    ]
    if any(extras):
        lines.append(" · ".join(e for e in extras if e))
    if mentions:
        lines.append("👀 for " + " ".join(mentions))
    return _clip("\n".join(lines), limit)


# ---- Slack: Block Kit as plain dicts, so this module stays free of slack_sdk ------------------

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
    return _SLACK_BROADCAST.sub(lambda match: f"@{_ZERO_WIDTH}{match.group(1)}", text)


def slack_plain(text: str, limit: int) -> str:
    """For `plain_text` objects (no markup is parsed there): only broadcasts are broken."""
    return _clip(_SLACK_BROADCAST.sub(lambda match: f"@{_ZERO_WIDTH}{match.group(1)}", text), limit)


def slack_link(url: str | None, label: str) -> str:
    """`<url|label>` in mrkdwn; just the escaped label when there is no http(s) URL."""
    text = slack_escape(_clip(label, SLACK_TITLE_CHARS))
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
    lines.append(slack_escape(_clip(summary, 600)))
    extras = [
        slack_link(paper.github_url, "code") if paper.github_url else "",
        slack_link(paper.project_url, "project") if paper.project_url else "",
    ]
    if any(extras):
        lines.append(" · ".join(e for e in extras if e))
    blocks: list[dict[str, Any]] = [_section(_clip("\n".join(lines), SLACK_SECTION_CHARS))]
    # Slack user ids are [A-Z0-9]; anything else is dropped rather than rendered as markup.
    mentions = [f"<@{user}>" for user in watchers if re.fullmatch(r"[A-Z0-9]{2,30}", user)]
    if mentions:
        blocks.append(_context("👀 for " + " ".join(mentions)))
    fallback = _clip(f"{paper.title} ({facts}): {summary}" if facts else f"{paper.title}: {summary}", 2000)
    return {"text": slack_escape(fallback), "blocks": blocks}


# ---- the chat features, on every surface ----------------------------------------------------

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
NOT_SLACK_FILE = "not a file hosted by Slack"
# What each feature does, said once; each surface names its own command for it.
FEATURE_HELP = {
    Feature.ASK: "I answer in a thread, citing the papers I quote; follow-ups there keep the context",
    Feature.CITE: "the paper, its link and BibTeX",
    Feature.SIMILAR: "the papers nearest to it",
    Feature.PAPER: "its card (abstract, link, date, upvotes)",
    Feature.WATCH: "a mention in the daily digest when a new paper matches it",
    Feature.FEEDBACK: "tell us how it did",
}


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


def help_text(surface: Surface) -> str:
    lines = [surface.intro]
    for command, takes, does in surface.commands:
        usage = f"{command} {takes}" if takes else command
        lines.append(f"  {usage:<21} {does}" if surface.columns else f"• {usage}: {does}.")
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


def file_withheld(status: int) -> str:
    return f"Slack would not hand over the file (HTTP {status})"


def shared_files_summary(results: Sequence[tuple[str, str | IngestReport]]) -> str:
    """Each file shared for ingest: its report, or why it was not ingested."""
    lines = [
        f"{name}: {ingest_summary(result) if isinstance(result, IngestReport) else result}"
        for name, result in results
    ]
    return "\n".join(lines) or "No files."


def ingest_failed(error: Exception) -> str:
    return f"Nothing ingested: {error}"


def announce_summary(reports: Sequence[DayReport]) -> str:
    """An admin's announce-now: how many papers went out, and what failed."""
    posted = sum(len(ids) for report in reports for ids in report.posted.values())
    problems = [p for report in reports for p in report.problems]
    return f"Posted {posted} papers." + (f" Problems: {'; '.join(problems)[:1500]}" if problems else "")


def digest_header(digest: Digest, bold: str) -> str:
    """The day's first post, its papers threaded under it; `bold` is the platform's marker."""
    day, count = digest.day.isoformat(), len(digest.items)
    return f"📰 {bold}New papers for {day}{bold}: {count} of the day's most upvoted"


def digest_empty(day: dt.date) -> str:
    return f"No new papers for {day.isoformat()}."


# ---- the terminal: `paperbot ...` output, text and JSON --------------------------------------


def ingest_report_json(report: IngestReport, papers: int, chunks: int) -> dict[str, Any]:
    return {**report.as_dict(), "papers": papers, "chunks": chunks}


def ingest_report_text(report: IngestReport, papers: int, chunks: int, where: str) -> str:
    lines = [
        f"ingested: {report.added} added, {report.updated} updated, "
        f"{report.unchanged} unchanged, {report.failed} failed, {report.merged} duplicates merged"
    ]
    lines += [f"  skipped {problem}" for problem in report.problems]
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


def cite_json(looked: CitationLookup, query: str) -> dict[str, Any]:
    if not looked.matched:
        return {"paper_id": None, "query": query, "alternatives": _paper_refs(looked.closest)}
    paper, found = looked.paper, looked.found
    return {
        "paper_id": paper.id,
        "title": paper.title,
        "link": paper.link,
        "confidence": found.confidence,
        "ambiguous": found.ambiguous,
        "bibtex": bibtex(paper),
        "alternatives": _paper_refs(found.alternatives),
    }


def cite_text(looked: CitationLookup, query: str) -> str:
    if not looked.matched:
        return _closest_lines(query, looked.closest)
    paper, found = looked.paper, looked.found
    lines = [f"{display_title(paper.title)}  (confidence {found.confidence:.2f})"]
    if paper.link:
        lines.append(paper.link)
    lines.append("\n" + bibtex(paper))
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
    posted = sum(len(ids) for ids in report.posted.values())
    already = report.already_announced
    lines = [f"{report.day}: fetched {report.fetched}, posted {posted}, already announced {already}"]
    lines += [f"  problem: {problem}" for problem in report.problems]
    return "\n".join(lines)


def digest_terminal_header(digest: Digest) -> str:
    return f"Daily papers for {digest.day.isoformat()}: {len(digest.items)} new"


def feedback_written(count: int, path: object) -> str:
    return f"wrote {count} feedback records to {path}"


def slack_starting(mode: str, port: int) -> str:
    where = "over Socket Mode" if mode == "socket" else f"on port {port}"
    return f"starting the Slack app {where} (Ctrl-C to stop)"


CHAT_GREETING = "paperbot chat: ask about the papers (/help for commands, /quit to leave)"
CHAT_FORGOTTEN = "(conversation forgotten)"


def chat_usage(command: str) -> str:
    return f"usage: {command} TITLE-OR-ID"


def chat_unknown(command: str) -> str:
    return f"unknown command {command}; /help lists them"


# ---- Discord: the features' replies -----------------------------------------------------------


def discord_thread_name(text: str, fallback: str = "paperbot") -> str:
    """A thread's name from a question or a title: one line, at most 95 characters."""
    name = " ".join(text.split())
    return neutralize_mentions(name[:95] + ("…" if len(name) > 95 else "")) or fallback


def discord_question_header(question: str) -> str:
    return neutralize_mentions(f"❓ {question}")[:DISCORD_MESSAGE_CHARS]


def discord_bibtex(paper: Paper, unsure: float | None = None) -> str:
    """A paper's title, link and BibTeX; `unsure` (the confidence) says a menu offers others."""
    head = f"**{paper.title}**" + (f"\n<{paper.link}>" if paper.link else "")
    body = f"{head}\n```bibtex\n{bibtex(paper)}\n```"
    if unsure is not None:
        body = f"Not sure this is the one (confidence {unsure:.2f}); pick another below.\n" + body
    return discord_plain(body)[0]


def discord_cite_text(looked: CitationLookup | None) -> str:
    if looked is None:
        return NO_PAPERS
    if not looked.matched:
        return discord_plain(no_match_text(looked.closest))[0]
    unsure = looked.found.confidence if looked.offered else None
    return discord_bibtex(looked.paper, unsure)


def discord_similar_text(result: Similar | None) -> str:
    if result is None:
        return NO_PAPERS
    if result.paper is None:
        return discord_plain(no_match_text(result.closest))[0]
    lines = [f"Papers like **{display_title(result.paper.title)}**:"]
    for rank, neighbour in enumerate(result.neighbours, 1):
        other = neighbour.paper
        facts = paper_facts(other)
        link = f" <{other.link}>" if other.link else ""
        shared = f" — both about {', '.join(neighbour.shared)}" if neighbour.shared else ""
        lines.append(
            f"{rank}. {display_title(other.title)}" + (f" ({facts})" if facts else "") + link + shared
        )
    return discord_plain("\n".join(lines))[0]


def discord_paper_card(paper: Paper) -> dict[str, Any]:
    """One paper as an embed (Discord's shape): title and link, abstract, date, upvotes, authors."""
    description = paper.abstract if len(paper.abstract) <= 3500 else paper.abstract[:3500] + "…"
    embed: dict[str, Any] = {
        "title": neutralize_mentions(paper.title[:256]),
        "description": neutralize_mentions(description),
        "fields": [],
        "footer": {"text": f"id: {paper.id}"},
    }
    if paper.link:
        embed["url"] = paper.link
    facts = paper_facts(paper)
    if facts:
        embed["fields"].append({"name": "Date and upvotes", "value": facts, "inline": True})
    if paper.author_count:
        embed["fields"].append({"name": "Authors", "value": str(paper.author_count), "inline": True})
    if paper.organisation:
        organisation = neutralize_mentions(paper.organisation)
        embed["fields"].append({"name": "Organisation", "value": organisation, "inline": True})
    return embed


# ---- Slack: the features' replies -------------------------------------------------------------


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


# ---- each surface --------------------------------------------------------------------------

_FEEDBACK = ("👍/👎 under an answer", "", FEATURE_HELP[Feature.FEEDBACK])
_INTRO = "I answer questions about the group's reading list, citing the papers I quote."
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
DISCORD = Surface(
    _INTRO,
    (
        ("`/ask` or mention me with", "a question", FEATURE_HELP[Feature.ASK]),
        ("`/cite`", "a title, acronym or arXiv id", FEATURE_HELP[Feature.CITE]),
        ("`/similar`", "a paper", FEATURE_HELP[Feature.SIMILAR]),
        ("`/paper`", "a paper", FEATURE_HELP[Feature.PAPER]),
        ("`/watch`", "a topic", FEATURE_HELP[Feature.WATCH]),
        ("`/unwatch`", "a topic", "stop watching it"),
        ("`/watches`", "", "the topics you watch"),
        _FEEDBACK,
    ),
    example="`/ask how do reward models cope with label noise?`",
    watches_command="`/watches`",
    watch_example="`/watch reward hacking`",
    escape=neutralize_mentions,
)
SLACK = Surface(
    _INTRO,
    (
        ("`/paper-ask`, a mention or a DM with", "a question", FEATURE_HELP[Feature.ASK]),
        ("`/paper-cite`", "a title, acronym or arXiv id", FEATURE_HELP[Feature.CITE]),
        ("`/paper-similar`", "a paper", FEATURE_HELP[Feature.SIMILAR]),
        ("`/paper-watch`", "a topic", FEATURE_HELP[Feature.WATCH]),
        ("`/paper-watch remove`", "a topic", "stop watching it"),
        ("`/paper-watch`", "alone", "the topics you watch"),
        _FEEDBACK,
    ),
    example="`/paper-ask how do reward models handle noise?`",
    watches_command="`/paper-watch`",
    watch_example="`/paper-watch reward hacking`",
    escape=slack_escape,
)
