"""Discord's shapes as plain dicts (no discord.py here): answers as embeds within every limit,
the features' replies, paper cards, the digest's items, and Discord's help."""

from __future__ import annotations

from typing import Any

from bot.chat import CitationLookup, Feature
from bot.render.answer import answer_body, emphasise_titles, paper_facts
from bot.render.features import (
    ADDRESSING_HELP,
    FEATURE_HELP,
    FEEDBACK_HELP,
    INTRO,
    NO_PAPERS,
    Surface,
    no_match_text,
)
from bot.render.layout import ZERO_WIDTH, clip, split_text
from rag.cite import bibtex
from rag.markup import display_title
from rag.model import Answer, AnswerKind, Paper
from rag.similar import Similar

DISCORD_MESSAGE_CHARS = 2000
DISCORD_DESCRIPTION_CHARS = 4096
DISCORD_EMBED_TOTAL_CHARS = 6000
DISCORD_FIELDS = 25
DISCORD_EMBEDS_PER_MESSAGE = 10
DISCORD_FIELD_NAME_CHARS = 256
DISCORD_FIELD_VALUE_CHARS = 1024
DISCORD_TITLE_CHARS = 256
COLOURS = {"answer": 0x2E8B57, "metadata": 0x3B82F6, "refusal": 0x9CA3AF}


def neutralize_mentions(text: str) -> str:
    """Paper text and questions can never ping anyone, even if allowed_mentions were lost."""
    text = text.replace("@everyone", f"@{ZERO_WIDTH}everyone").replace("@here", f"@{ZERO_WIDTH}here")
    return text.replace("<@", f"<@{ZERO_WIDTH}").replace("<!", f"<{ZERO_WIDTH}!")


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
            embed["title"] = clip(neutralize_mentions(title), 256)
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
                "name": clip(
                    neutralize_mentions(f"[{citation.n}] {display_title(paper.title)}"),
                    DISCORD_FIELD_NAME_CHARS,
                ),
                "value": clip(neutralize_mentions(value), DISCORD_FIELD_VALUE_CHARS),
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


def digest_item_text(paper: Paper, summary: str, mentions: tuple[str, ...], limit: int = 2000) -> str:
    """One announced paper: title and link, upvotes, one sentence, code/project links, watchers.

    `mentions` are already formatted for the platform (e.g. `<@123>`); they are the only text
    that is not neutralised, and the caller allows exactly those users to be pinged.
    """
    title = clip(neutralize_mentions(paper.title), 250)
    head = f"**{title}**"
    facts = [f"{paper.upvotes} upvotes" if paper.upvotes is not None else "", paper.date or ""]
    lines = [head + (f" · {' · '.join(f for f in facts if f)}" if any(facts) else "")]
    if paper.link:
        lines.append(f"<{paper.link}>")
    lines.append(clip(neutralize_mentions(summary), 600))
    extras = [
        f"[code](<{paper.github_url}>)" if paper.github_url else "",
        f"[project](<{paper.project_url}>)" if paper.project_url else "",
    ]
    if any(extras):
        lines.append(" · ".join(e for e in extras if e))
    if mentions:
        lines.append("👀 for " + " ".join(mentions))
    return clip("\n".join(lines), limit)


def discord_missing_permission(permission: str, channel: str) -> str:
    """Said in place of a thread the bot may not start (or a post it may not make)."""
    return neutralize_mentions(
        f"I need **{permission}** in #{channel} to answer in a thread, so I answer here."
    )


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
    # Clipped after neutralising: the zero-width spaces count towards Discord's limits.
    embed: dict[str, Any] = {
        "title": clip(neutralize_mentions(paper.title), DISCORD_TITLE_CHARS),
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
        organisation = clip(neutralize_mentions(paper.organisation), DISCORD_FIELD_VALUE_CHARS)
        embed["fields"].append({"name": "Organisation", "value": organisation, "inline": True})
    return embed


DISCORD = Surface(
    INTRO,
    (
        ("`/ask` or mention me with", "a question", FEATURE_HELP[Feature.ASK]),
        ("`/cite`", "a title, acronym or arXiv id", FEATURE_HELP[Feature.CITE]),
        ("`/similar`", "a paper", FEATURE_HELP[Feature.SIMILAR]),
        ("`/paper`", "a paper", FEATURE_HELP[Feature.PAPER]),
        ("`/watch`", "a topic", FEATURE_HELP[Feature.WATCH]),
        ("`/unwatch`", "a topic", "stop watching it"),
        ("`/watches`", "", "the topics you watch"),
        ("`/reset`", "", "start a new conversation in a DM or thread"),
        FEEDBACK_HELP,
    ),
    notes=(ADDRESSING_HELP,),
    examples=(
        "`/ask question: which papers evaluate on robot manipulation benchmarks?`",
        "`/cite query: InfAlign`, then in its thread: `bibtex`",
        "`/watch topic: reward hacking` (pinged in the daily digest when a paper matches)",
    ),
    example="`/ask how do reward models cope with label noise?`",
    watches_command="`/watches`",
    watch_example="`/watch reward hacking`",
    escape=neutralize_mentions,
)
