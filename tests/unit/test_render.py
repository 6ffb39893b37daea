from __future__ import annotations

from typing import Any

from bot.render import (
    answer_text,
    discord_messages,
    discord_plain,
    neutralize_mentions,
    slack_answer_message,
    split_text,
)
from rag.answer import Answer
from rag.cite import Citation
from rag.papers import Paper


def _answer(text: str, cited: int = 1, kind: str = "answer", title_chars: int = 40) -> Answer:
    citations = tuple(
        Citation(
            n,
            Paper(
                id=f"p{n}",
                title=f"Paper {n} " + "t" * title_chars,
                abstract=".",
                date="2025-01-0" + str(n % 9 + 1),
                upvotes=n,
                url=f"https://example.org/{n}",
            ),
            "snippet",
        )
        for n in range(1, cited + 1)
    )
    return Answer("q", text, citations, kind != "refusal", kind=kind)


def _embed_chars(embed: dict[str, Any]) -> int:
    return (
        len(embed.get("title", ""))
        + len(embed.get("description", ""))
        + len(embed.get("footer", {}).get("text", ""))
        + sum(len(f["name"]) + len(f["value"]) for f in embed.get("fields", []))
    )


def test_terminal_text_lists_exactly_the_cited_sources() -> None:
    text = answer_text(_answer("Claim [1]. Other [2].", cited=2))
    assert text.splitlines()[0] == "Claim [1]. Other [2]."
    assert "Sources:" in text
    assert "[1] Paper 1" in text and "[2] Paper 2" in text
    assert "https://example.org/2" in text
    assert "2025-01-03, 2 upvotes" in text


def test_split_text_respects_the_limit_and_prefers_sentence_ends() -> None:
    text = ("This is a sentence that ends. " * 200).strip()
    pieces = split_text(text, 500)
    assert all(len(p) <= 500 for p in pieces)
    assert all(p.endswith(".") for p in pieces)
    assert " ".join(pieces) == text
    unbroken = "x" * 1234
    assert [len(p) for p in split_text(unbroken, 500)] == [500, 500, 234]


def test_discord_messages_stay_within_every_limit() -> None:
    answer = _answer("A long answer sentence [1]. " * 600, cited=60, title_chars=240)
    messages = discord_messages(answer)
    assert len(messages) > 1
    fields = 0
    for message in messages:
        assert len(message["content"]) <= 2000
        assert len(message["embeds"]) <= 10
        assert sum(_embed_chars(e) for e in message["embeds"]) <= 6000
        for embed in message["embeds"]:
            assert len(embed.get("description", "")) <= 4096
            assert len(embed.get("fields", [])) <= 25
            for field in embed.get("fields", []):
                assert len(field["name"]) <= 256
                assert len(field["value"]) <= 1024
            fields += len(embed.get("fields", []))
    assert fields == 60  # every source is listed, none dropped
    described = "".join(e.get("description", "") for m in messages for e in m["embeds"])
    assert described.replace(" ", "") == answer.text.replace(" ", "")


def test_refusals_look_different_from_answers() -> None:
    refusal = discord_messages(_answer("The corpus does not cover this.", cited=0, kind="refusal"))
    answer = discord_messages(_answer("Claim [1].", cited=1))
    assert refusal[0]["embeds"][0]["color"] != answer[0]["embeds"][0]["color"]
    assert refusal[0]["embeds"][0]["footer"]["text"] == "Not in the corpus"
    assert len(refusal[0]["embeds"]) == 1  # no Sources embed


def test_mentions_are_neutralised_everywhere() -> None:
    hostile = "@everyone @here <@123> <@&456> <@!789>"
    safe = neutralize_mentions(hostile)
    for ping in ("@everyone", "@here", "<@123>", "<@&456>", "<@!789>"):
        assert ping not in safe
    answer = _answer(f"{hostile} [1]", cited=1)
    rendered = str(discord_messages(answer))
    assert "@everyone" not in rendered and "<@123>" not in rendered
    assert all("@here" not in piece for piece in discord_plain(hostile * 100))
    assert all(len(piece) <= 2000 for piece in discord_plain(hostile * 100))


def test_a_source_without_a_link_gets_an_arxiv_title_search() -> None:
    paper = Paper(id="p", title="RewardDance: Reward Scaling & More?", abstract=".", upvotes=1)
    text = answer_text(Answer("q", "Claim [1].", (Citation(1, paper, "s"),), True))
    assert "(1 upvote)" in text
    assert (
        "https://arxiv.org/search/?query=%22RewardDance%3A+Reward+Scaling+%26+More%3F%22&searchtype=title"
        in text
    )
    assert Paper(id="q", title="T", abstract=".", arxiv_id="2401.00001").reader_link == (
        "https://arxiv.org/abs/2401.00001"
    )


LISTING = Paper(id="l", title="PixArt-$α$: Fast Training", abstract=".", date="2023-09-30")


def test_the_lead_title_is_bold_in_chat_and_plain_in_the_terminal() -> None:
    answer = Answer(
        "q", "PixArt-α: Fast Training (2023): we train fast [1]", (Citation(1, LISTING, "s"),), True
    )
    [message] = discord_messages(answer)
    assert message["embeds"][0]["description"].startswith("**PixArt-α: Fast Training** (2023)")
    assert answer_text(answer).startswith("PixArt-α: Fast Training (2023)")
    blocks = slack_answer_message(answer)["blocks"]
    assert blocks[0]["text"]["text"].startswith("*PixArt-α: Fast Training* (2023)")


def test_a_title_search_link_is_link_text_and_titles_are_clean() -> None:
    answer = Answer("q", "x [1]", (Citation(1, LISTING, "s"),), True)
    [message] = discord_messages(answer)
    field = message["embeds"][-1]["fields"][0]
    assert field["name"] == "[1] PixArt-α: Fast Training"  # no LaTeX
    assert field["value"].startswith("[search arXiv](https://arxiv.org/search/?")


def test_a_metadata_answer_lists_its_papers_once() -> None:
    answer = _answer("Paper 1 tttt (2025-01-02, 1 upvote) [1]", kind="metadata")
    text = answer_text(answer)
    assert text.count("Paper 1") == 1
    assert "Links:\n[1] https://example.org/1" in text
