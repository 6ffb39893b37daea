"""Pure rendering: Answer -> terminal text and JSON, Discord embeds and Slack Block Kit, each
within its platform's limits. No I/O and no chat library: plain dicts in each platform's shape."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from rag.answer import Answer
from rag.cite import Citation
from rag.markup import display_title
from rag.papers import Paper


def paper_facts(paper: Paper) -> str:
    votes = paper.upvotes
    facts = [paper.date or "", f"{votes} upvote{'' if votes == 1 else 's'}" if votes is not None else ""]
    return ", ".join(f for f in facts if f)


def source_line(citation: Citation) -> str:
    paper = citation.paper
    facts = paper_facts(paper)
    line = f"[{citation.n}] {display_title(paper.title)}" + (f" ({facts})" if facts else "")
    return line + f"\n    {paper.reader_link}"


def answer_text(answer: Answer) -> str:
    """The answer, then a numbered Sources list of exactly the cited papers. A metadata answer
    already lists its papers with their facts: its Sources are the links alone."""
    lines = [answer.text]
    if answer.citations and answer.kind == "metadata":
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
        "answer": answer.text,
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
        "notes": list(answer.notes),
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
    shown = emphasise_titles(neutralize_mentions(answer.text), answer.citations, "**")
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
    if answer.kind == "refusal":
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
    shown = emphasise_titles(answer.text, answer.citations, "*")
    body = [_section(piece) for piece in _escaped_pieces(shown, SLACK_SECTION_CHARS)]
    body = body or [_section("(empty)")]
    sources = _packed_sections(
        [slack_paper_line(c.paper, f"[{c.n}] ") for c in answer.citations], "*Sources*"
    )
    tail: list[dict[str, Any]] = []
    if answer.kind == "refusal":
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
        note = f"Shortened to fit Slack: the full answer has {len(answer.text):,} characters"
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
                        "placeholder": {"type": "plain_text", "text": "Did you mean…"},
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
