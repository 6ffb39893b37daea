"""Pure rendering: Answer -> terminal text and JSON. (Discord and Slack renderers join here.)"""

from __future__ import annotations

from typing import Any

from rag.answer import Answer
from rag.cite import Citation
from rag.papers import Paper


def paper_facts(paper: Paper) -> str:
    facts = [paper.date or "", f"{paper.upvotes} upvotes" if paper.upvotes is not None else ""]
    return ", ".join(f for f in facts if f)


def source_line(citation: Citation) -> str:
    paper = citation.paper
    facts = paper_facts(paper)
    line = f"[{citation.n}] {paper.title}" + (f" ({facts})" if facts else "")
    return line + (f"\n    {paper.link}" if paper.link else "")


def answer_text(answer: Answer) -> str:
    """The answer, then a numbered Sources list of exactly the cited papers."""
    lines = [answer.text]
    if answer.citations:
        lines += ["", "Sources:"] + [source_line(c) for c in answer.citations]
    return "\n".join(lines)


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
    for index, piece in enumerate(split_text(neutralize_mentions(answer.text), DISCORD_DESCRIPTION_CHARS)):
        embed: dict[str, Any] = {"description": piece, "color": colour}
        if index == 0 and title:
            embed["title"] = _clip(neutralize_mentions(title), 256)
        embeds.append(embed)
    fields: list[dict[str, Any]] = []
    for citation in answer.citations:
        paper = citation.paper
        facts = paper_facts(paper)
        value = " · ".join(x for x in (paper.link or "", facts) if x) or "no link or date known"
        fields.append(
            {
                "name": _clip(neutralize_mentions(f"[{citation.n}] {paper.title}"), DISCORD_FIELD_NAME_CHARS),
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
