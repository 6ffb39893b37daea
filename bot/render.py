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
