from __future__ import annotations

import dataclasses
from typing import Any

from bot.render.answer import NOT_COVERED, answer_body, answer_json, answer_text
from bot.render.discord import discord_messages, discord_plain, neutralize_mentions
from bot.render.layout import split_text
from bot.render.slack import slack_answer_message
from rag.model import (
    Answer,
    Card,
    Citation,
    Comparison,
    EmptyStore,
    Fact,
    FactComparison,
    Field,
    Generated,
    Help,
    Listing,
    Matches,
    Neighbour,
    Neighbours,
    NoSameDay,
    Paper,
    Quote,
    Refusal,
    Row,
)


def _answer(text: str, cited: int = 1, refused: bool = False, title_chars: int = 40) -> Answer:
    """An answer worded `text` (as a model words one) citing `cited` papers; `refused`: a refusal."""
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
    if refused:
        return Answer("q", Refusal(), (), False)
    return Answer("q", Generated(text), citations, True)


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
    assert described.replace(" ", "") == answer_body(answer).replace(" ", "")


def test_refusals_look_different_from_answers() -> None:
    refusal = discord_messages(_answer("", cited=0, refused=True))
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
    text = answer_text(Answer("q", Generated("Claim [1]."), (Citation(1, paper, "s"),), True))
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
    answer = Answer("q", Quote(LISTING, ("we train fast",)), (Citation(1, LISTING, "s"),), True)
    [message] = discord_messages(answer)
    assert message["embeds"][0]["description"].startswith("**PixArt-α: Fast Training** (2023)")
    assert answer_text(answer).startswith("PixArt-α: Fast Training (2023)")
    blocks = slack_answer_message(answer)["blocks"]
    assert blocks[0]["text"]["text"].startswith("*PixArt-α: Fast Training* (2023)")


def test_a_title_search_link_is_link_text_and_titles_are_clean() -> None:
    answer = Answer("q", Generated("x [1]"), (Citation(1, LISTING, "s"),), True)
    [message] = discord_messages(answer)
    field = message["embeds"][-1]["fields"][0]
    assert field["name"] == "[1] PixArt-α: Fast Training"  # no LaTeX
    assert field["value"].startswith("[search arXiv](https://arxiv.org/search/?")


def test_a_metadata_answer_lists_its_papers_once() -> None:
    paper = _answer("", cited=1).citations[0].paper
    answer = Answer("q", Matches((paper,), 1), (Citation(1, paper, paper.title),))
    text = answer_text(answer)
    assert text.startswith(f"{paper.title} (2025-01-02, 1 upvote) [1]\n")
    assert text.count("Paper 1") == 1
    assert "Links:\n[1] https://example.org/1" in text


# ---- what each kind of answer says (rag/ returns parts; these are their words) ---------------

ONE = Paper(id="a", title="Reward Dance: Scaling", abstract=".", date="2024-12-18", upvotes=7, author_count=3)
TWO = Paper(id="b", title="Aegis 2.0", abstract=".", date="2025-01-02", upvotes=1)
THREE = Paper(id="c", title="Undated", abstract=".")


def _cited(*papers: Paper) -> tuple[Citation, ...]:
    return tuple(Citation(n, p, p.title) for n, p in enumerate(papers, 1))


def test_a_quote_names_its_paper_and_the_papers_also_close() -> None:
    part = Quote(ONE, ("We scale rewards.", "It works."), (TWO, THREE))
    assert answer_body(Answer("q", part, _cited(ONE, TWO, THREE))) == (
        "Reward Dance: Scaling (2024): We scale rewards. It works. [1]\n"
        "Also close: Aegis 2.0 [2]; Undated [3]."
    )


def test_a_list_holds_back_the_rest_for_more() -> None:
    part = Listing((Row(ONE, "We scale rewards."), Row(TWO, "A guard.")))
    answer = Answer("q", part, _cited(ONE, TWO), more=("c", "d"))
    assert answer_body(answer) == (
        "- Reward Dance: Scaling: We scale rewards. [1]\n- Aegis 2.0: A guard. [2]\n…and 2 more: say “more”."
    )


def test_a_comparison_gives_each_side_its_sentence() -> None:
    part = Comparison((Row(ONE, "We scale."), Row(THREE, "We guard.")))
    assert answer_body(Answer("q", part, _cited(ONE, THREE))) == (
        "Reward Dance: Scaling (2024): We scale. [1]\nUndated: We guard. [2]"
    )


def test_neighbours_name_the_paper_and_what_each_shares_with_it() -> None:
    part = Neighbours(ONE, (Neighbour(TWO, 0.8, ("safety", "reward models")), Neighbour(THREE, 0.7, ())))
    answer = Answer("papers like Reward Dance", part, _cited(TWO, THREE))
    assert answer.kind == "similar"
    assert answer_body(answer) == (
        "Papers like Reward Dance: Scaling:\n"
        "- Aegis 2.0 (both about safety, reward models) [1]\n"
        "- Undated [2]"
    )
    alone = answer_body(Answer("q", Neighbours(ONE, ()), ()))
    assert alone.endswith("No other paper is stored.")


def test_help_is_the_same_words_on_every_surface() -> None:
    answer = Answer("help", Help())
    text = answer_body(answer)
    assert answer.kind == "help" and "bibtex for URIAL" in text and "similar" in text
    shown = " ".join(embed["description"] for m in discord_messages(answer) for embed in m["embeds"])
    assert "bibtex for URIAL" in shown
    assert "bibtex for URIAL" in str(slack_answer_message(answer)["blocks"])


def test_a_lookup_card_offers_others_when_unsure_and_spaces_bibtex_as_cited_text() -> None:
    card = Card(ONE, "@misc{x,\n  title = {{Reward Dance}}\n}", (TWO,))
    assert answer_body(Answer("q", card, _cited(ONE, TWO))).splitlines() == [
        "Reward Dance: Scaling (2024) [1]",
        ONE.reader_link,
        "Not sure? Also close: Aegis 2.0 [2].",
        "",
        "@misc{x,",
        " title = {{Reward Dance}}",  # the citation contract's spacing, as answers always had it
        "}",
    ]


def test_a_card_asked_for_an_arxiv_id_gives_it_or_says_the_listing_has_none() -> None:
    bib = "@misc{x}"
    lacking = answer_body(Answer("q", Card(ONE, bib, (), frozenset({"arxiv"})), _cited(ONE)))
    assert "The listing gives no arXiv id; the link above searches arXiv for the title." in lacking
    known = dataclasses.replace(ONE, arxiv_id="2412.14093")
    having = answer_body(Answer("q", Card(known, bib, (), frozenset({"arxiv"})), _cited(known)))
    assert "arXiv: 2412.14093" in having and "https://arxiv.org/abs/2412.14093" in having
    assert "arXiv" not in answer_body(Answer("q", Card(ONE, bib), _cited(ONE))).split("\n")[2]


def test_a_card_asked_for_code_gives_the_abstract_s_addresses_or_says_it_has_none() -> None:
    # "is the code available?" after the MaPO answer quoted another sentence of its abstract.
    bib = "@misc{x}"
    links = ("https://github.com/GengDavid/SLCA",)
    having = answer_body(Answer("q", Card(ONE, bib, (), frozenset({"code"}), links), _cited(ONE)))
    assert "Code and pages its abstract gives: https://github.com/GengDavid/SLCA" in having
    lacking = answer_body(Answer("q", Card(ONE, bib, (), frozenset({"code"})), _cited(ONE)))
    assert "Its abstract gives no code link." in lacking
    assert "github" not in answer_body(Answer("q", Card(ONE, bib, (), frozenset(), links), _cited(ONE)))


def test_a_card_asked_for_a_doi_gives_arxiv_s_or_says_why_not() -> None:
    # "doi for the VideoReward paper" was answered with a quote, not the paper's card.
    bib = "@misc{x}"
    known = dataclasses.replace(ONE, arxiv_id="2412.14093")
    having = answer_body(Answer("q", Card(known, bib, (), frozenset({"doi"})), _cited(known)))
    assert "DOI: 10.48550/arXiv.2412.14093 (arXiv's)" in having
    lacking = answer_body(Answer("q", Card(ONE, bib, (), frozenset({"doi"})), _cited(ONE)))
    assert "The listing gives no DOI, nor the arXiv id arXiv's DOI is made from." in lacking


def test_metadata_rows_count_and_say_what_was_left_out() -> None:
    part = Matches((ONE, TWO), 12, count=True, missing=3, missing_fields=(Field.UPVOTES,))
    answer = Answer("q", part, _cited(ONE, TWO), sources=("a", "b"))
    note = "3 papers whose listing gives no upvote count were left out."
    assert answer_body(answer).splitlines() == [
        "12 papers.",
        "Reward Dance: Scaling (2024-12-18, 3 authors, 7 upvotes) [1]",
        "Aegis 2.0 (2025-01-02, 1 upvote) [2]",
        "…and 10 more.",
        f"({note})",
    ]
    assert answer_json(answer)["notes"] == [note]


def test_metadata_without_rows_answers_the_count_or_says_none_matches() -> None:
    assert answer_body(Answer("q", Matches((), 2, count=True, listing=False))) == "2 papers."
    assert answer_body(Answer("q", Matches((), 0, count=True))) == "0 papers."
    unmatched = Answer("q", Matches((), 0, missing=1), grounded=False)
    assert answer_body(unmatched) == (
        "No paper in the corpus matches that. (1 paper whose listing gives no this fact was left out.)"
    )
    # An organisation no listing credits is named as asked ("anything from DeepMind?").
    uncredited = Answer("q", Matches((), 0, uncredited="DeepMind"), grounded=False)
    assert answer_body(uncredited) == "No paper here is credited to DeepMind."
    # Asked of the thread's set ("how many of those have more than 5 authors?"): said so.
    assert answer_body(Answer("q", Matches((), 0, count=True, missing=3, among=3))) == (
        "Of the 3 papers above: 0 papers. (3 papers whose listing gives no this fact were left out.)"
    )
    assert answer_body(Answer("q", Matches((), 0, among=2), grounded=False)) == (
        "None of the 2 papers above matches that."
    )
    # A bound nothing met says what the corpus has instead.
    above = Matches(
        (), 0, missing=3, missing_fields=(Field.UPVOTES,), extreme=(Field.UPVOTES, True, 7, False)
    )
    assert answer_body(Answer("q", above, grounded=False)) == (
        "No paper in the corpus matches that. The most upvotes any paper here has is 7. "
        "(3 papers whose listing gives no upvote count were left out.)"
    )
    before = Matches((), 0, count=True, extreme=(Field.DATE, False, "2022-06-05", True))
    assert (
        answer_body(Answer("q", before))
        == "0 papers. The oldest date of any paper that matches the rest is 2022-06-05."
    )
    # Every paper asked of lacks the field sorted by: said of them, not "no paper matches".
    unknown = Matches((), 0, missing=5, missing_fields=(Field.UPVOTES,), unknown=True)
    assert answer_body(Answer("q", unknown, grounded=False)) == (
        "None of the 5 papers that match gives its upvote count in its listing."
    )
    one = Matches((), 0, missing=1, missing_fields=(Field.DATE,), among=1, unknown=True)
    assert (
        answer_body(Answer("q", one, grounded=False)) == "The one paper above gives no date in its listing."
    )


def test_same_day_answers_head_their_rows_with_the_date_or_say_why_not() -> None:
    rows = Answer("q", Matches((TWO,), 1, dated="2025-01-02"), _cited(TWO))
    assert answer_body(rows).splitlines()[0] == "Also dated 2025-01-02:"
    assert answer_body(Answer("q", NoSameDay(None))) == "That paper's date is not in its listing."
    undated = dataclasses.replace(ONE, date=None)
    assert (
        answer_body(Answer("q", NoSameDay(undated))) == "The listing of Reward Dance: Scaling gives no date."
    )
    assert answer_body(Answer("q", NoSameDay(ONE))) == (
        "No other paper is dated 2024-12-18, the date of Reward Dance: Scaling."
    )


def test_facts_of_one_paper() -> None:
    def said(name: Field, paper: Paper = ONE) -> str:
        return answer_body(Answer("q", Fact(paper, name, paper.fact(name)), _cited(paper)))

    # the stored date, and as people write it (a question may quote either)
    assert said(Field.DATE) == "Reward Dance: Scaling is dated 2024-12-18 (December 18, 2024) [1]."
    assert said(Field.AUTHORS) == "Reward Dance: Scaling has 3 authors [1]."
    assert said(Field.UPVOTES, THREE) == "Undated: its listing does not give the upvotes [1]."
    lab = Paper(id="e", title="Guard", abstract=".", organisation="Acme Lab")
    assert said(Field.ORGANISATION, lab) == "Guard is listed under Acme Lab [1]."
    # Who wrote it: the names arXiv gives (enrich); a listing gives at most their number.
    assert (
        said(Field.AUTHOR_NAMES)
        == "Reward Dance: Scaling: its listing counts 3 authors but does not name them [1]."
    )
    assert said(Field.AUTHOR_NAMES, lab) == "Guard: its listing does not name its authors [1]."
    solo = Paper(id="s", title="Solo", abstract=".", author_count=1)
    assert said(Field.AUTHOR_NAMES, solo) == "Solo: its listing counts 1 author but does not name them [1]."
    pair = Paper(id="p", title="Pair", abstract=".", authors=("Ada Lovelace", "Alan Turing"))
    assert said(Field.AUTHOR_NAMES, pair) == "Pair is by Ada Lovelace and Alan Turing [1]."
    many = Paper(id="m", title="Many", abstract=".", authors=tuple(f"Author {n}" for n in range(1, 21)))
    assert said(Field.AUTHOR_NAMES, many).endswith("Author 10 and 10 others [1].")


def test_fact_comparisons_name_the_winner_first_a_tie_or_the_unknown() -> None:
    def said(part: FactComparison, *cited: Paper) -> str:
        return answer_body(Answer("q", part, _cited(*cited)))

    assert said(FactComparison(Field.UPVOTES, ONE, TWO), ONE, TWO) == (
        "Reward Dance: Scaling has 7 upvotes [1]; Aegis 2.0 has 1 [2]."
    )
    assert said(FactComparison(Field.DATE, TWO, ONE), TWO, ONE) == (
        "Aegis 2.0 [1] was posted after Reward Dance: Scaling [2]: 2025-01-02 against 2024-12-18, "
        "15 days (about 2 weeks) apart."
    )
    # "how many days between X and Y?": the days, with both dates (months once it is two or more)
    between = FactComparison(Field.DATE, ONE, TWO, arithmetic="difference")
    assert said(between, ONE, TWO) == (
        "15 days (about 2 weeks) apart: Reward Dance: Scaling [1] is dated 2024-12-18 and Aegis 2.0 [2] "
        "2025-01-02."
    )
    later = Paper(id="l", title="Later", abstract=".", date="2025-05-04")
    assert said(FactComparison(Field.DATE, ONE, later, arithmetic="difference"), ONE, later).startswith(
        "137 days (about 5 months) apart:"
    )
    dated_once = FactComparison(Field.DATE, THREE, ONE, unknown=THREE)
    assert said(dated_once, ONE, THREE).startswith("Reward Dance: Scaling [1] is dated 2024-12-18")
    same_day = Paper(id="d", title="Same Day", abstract=".", date="2024-12-18")
    tied = FactComparison(Field.DATE, ONE, same_day, tied=True)
    assert said(tied, ONE, same_day) == (
        "Both are dated 2024-12-18: Reward Dance: Scaling [1] and Same Day [2]."
    )
    # the paper whose listing gives it first, with its value, then the one that lacks it; or
    # neither has one
    unknown = FactComparison(Field.UPVOTES, THREE, ONE, unknown=THREE)
    assert said(unknown, ONE, THREE) == (
        "Reward Dance: Scaling [1] is listed with 7 upvotes; the listing gives no upvotes for "
        "Undated [2], so the two cannot be compared."
    )
    # the two counts added or subtracted, as asked
    summed = FactComparison(Field.UPVOTES, ONE, TWO, arithmetic="sum")
    assert said(summed, ONE, TWO) == (
        "8 upvotes in all: Reward Dance: Scaling has 7 upvotes [1] and Aegis 2.0 has 1 upvote [2]."
    )
    apart = FactComparison(Field.UPVOTES, TWO, ONE, arithmetic="difference")
    assert said(apart, TWO, ONE).startswith("A difference of 6 upvotes: Aegis 2.0 has 1 upvote [1]")
    bare = Paper(id="f", title="Bare", abstract=".")
    neither = FactComparison(Field.DATE, THREE, bare, unknown=THREE)
    assert said(neither, THREE, bare) == "Neither listing gives a date: Undated [1]; Bare [2]."


def test_refusals_name_the_related_papers_uncited() -> None:
    refused = Answer("q", Refusal((ONE, TWO)), grounded=False, notes=("evidence too weak",))
    assert answer_text(refused) == (
        "The corpus does not cover this.\nRelated, but not an answer: Reward Dance: Scaling; Aegis 2.0."
    )
    payload = answer_json(refused)
    assert payload["related"] == ["a", "b"] and payload["notes"] == ["evidence too weak"]
    assert answer_body(Answer("q", EmptyStore(), grounded=False)) == "No papers are stored yet."


def test_a_follow_up_refused_says_what_the_thread_s_papers_do_not_mention() -> None:
    counts = Answer("most cited?", Refusal((TWO,), unrecorded="citation counts"), grounded=False)
    assert answer_text(counts).startswith(f"{NOT_COVERED} The listings here give no citation counts.")
    one = Answer("did they test Llama Guard 3?", Refusal((TWO,), ("Llama Guard 3",)), grounded=False)
    assert answer_text(one) == "Its abstract does not mention Llama Guard 3: Aegis 2.0."
    both = Answer("which of these mention Minecraft?", Refusal((ONE, TWO), ("Minecraft",)), grounded=False)
    assert answer_text(both) == (
        "None of these papers' abstracts mentions Minecraft: Reward Dance: Scaling; Aegis 2.0."
    )
    assert answer_json(both)["related"] == ["a", "b"]


def test_a_count_the_abstract_does_not_give_is_said_so() -> None:
    refused = Answer(
        "how many languages does Aegis cover?", Refusal((TWO,), uncounted=("languages",)), grounded=False
    )
    assert answer_text(refused) == "Its abstract gives no number for languages: Aegis 2.0."


# ---- the chat features' texts ----------------------------------------------------------------


def _discord_commands() -> dict[str, str]:
    """Every slash command the Discord package registers (`tree.command(name=..., description=...)`)."""
    import ast

    from tests.conftest import REPO

    commands: dict[str, str] = {}
    for path in (REPO / "bot" / "discord").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            func = node.func if isinstance(node, ast.Call) else None
            if isinstance(func, ast.Attribute) and func.attr == "command":
                keywords = {k.arg: k.value for k in node.keywords if isinstance(k.value, ast.Constant)}
                if "name" in keywords and isinstance(node, ast.Call):
                    commands[str(keywords["name"].value)] = str(keywords["description"].value)
    return commands


def test_each_surface_help_lists_every_command_it_has() -> None:
    """The help texts were written three times and had drifted: Discord's and Slack's never
    mentioned watching topics."""
    import yaml

    from bot.render.discord import DISCORD
    from bot.render.features import help_text
    from bot.render.slack import SLACK
    from bot.render.terminal import TERMINAL
    from tests.conftest import REPO

    discord = _discord_commands()
    assert {"ask", "cite", "similar", "paper", "help", "watch", "unwatch", "watches"} <= set(discord)
    for name, description in discord.items():
        if not description.startswith("(admins)") and name != "help":
            assert f"`/{name}`" in help_text(DISCORD), name
    manifest = yaml.safe_load((REPO / "bot" / "slack_manifest.yaml").read_text(encoding="utf-8"))
    for command in manifest["features"]["slash_commands"]:
        assert f"`{command['command']}`" in help_text(SLACK), command["command"]
    for command in ("/cite TITLE-OR-ID", "/similar PAPER", "/reset", "/help", "/quit"):
        assert f"\n  {command}" in help_text(TERMINAL)


def test_a_no_match_reply_on_slack_cannot_ping_through_a_title() -> None:
    """The closest titles were sent to Slack unescaped: a title holding `<!channel>` pinged."""
    from bot.chat import CitationLookup
    from bot.render.discord import discord_cite_text
    from bot.render.slack import slack_cite_reply
    from rag.cite import Lookup

    hostile = Paper(id="p1", title="Alignment <!channel> for <@U123> everyone", abstract=".")
    looked = CitationLookup(Lookup(hostile, 0.3), matched=False)
    reply = slack_cite_reply(looked)
    assert reply["text"].startswith("No paper in the corpus matches that. The closest titles: ")
    assert "<!channel>" not in reply["text"] and "<@U123>" not in reply["text"]
    assert "&lt;!channel&gt;" in reply["text"]
    assert "<@U123>" not in discord_cite_text(looked)


def test_watch_replies_name_each_surface_s_own_commands() -> None:
    from bot.chat import TopicChange
    from bot.render.discord import DISCORD
    from bot.render.features import unwatch_text, watch_text, watches_text
    from bot.render.slack import SLACK

    assert watch_text(TopicChange("@everyone papers", True), DISCORD) == "Watching “@\u200beveryone papers”."
    assert watch_text(TopicChange("", False), SLACK) == "Tell me a topic to watch."
    assert unwatch_text(TopicChange("x", False), DISCORD).endswith("`/watches` lists your topics.")
    assert unwatch_text(TopicChange("x", False), SLACK).endswith("`/paper-watch` lists your topics.")
    assert watches_text([], DISCORD).startswith("You watch no topics yet: `/watch reward hacking`")
    assert watches_text(["a <b>", "c"], SLACK) == "You watch: “a &lt;b&gt;”, “c”"


def test_a_thread_name_is_one_line_within_discord_s_limit() -> None:
    from bot.render.discord import discord_thread_name

    assert discord_thread_name("what   about\nreward models?") == "what about reward models?"
    long = discord_thread_name("word " * 40)
    assert len(long) == 96 and long.endswith("…")
    assert discord_thread_name("   ") == "paperbot"


def test_chat_help_has_three_examples_and_every_watch_command() -> None:
    from bot.render.discord import DISCORD
    from bot.render.features import help_text
    from bot.render.slack import SLACK

    for surface, commands in (
        (DISCORD, ("/watch", "/unwatch", "/watches", "/reset")),
        (SLACK, ("/paper-watch", "/paper-watch remove", "new question")),
    ):
        text = help_text(surface)
        examples = text.split("Examples:\n", 1)[1].splitlines()
        assert len(examples) == 3, text
        assert all(f"`{command}" in text for command in commands), text
        assert "I stay quiet for thanks" in text


def test_a_title_no_paper_has_is_said_with_the_related_papers() -> None:
    refused = Answer(
        "Sleeper Agents: ... - pull it up", Refusal((ONE,), untitled="Sleeper Agents: X"), grounded=False
    )
    assert answer_text(refused) == (
        "The corpus does not cover this. No paper here is titled “Sleeper Agents: X”.\n"
        "Related, but not an answer: Reward Dance: Scaling."
    )


def test_a_name_no_paper_goes_by_is_said_with_the_papers_that_mention_it() -> None:
    refused = Answer("the DeepSeek-R1 paper?", Refusal((ONE,), unheld="DeepSeek-R1"), grounded=False)
    assert answer_text(refused) == (
        "The corpus does not cover this. No paper here goes by “DeepSeek-R1”.\n"
        "Related, but not that paper: Reward Dance: Scaling."
    )
    alone = Answer("the LIMA paper?", Refusal(unheld="LIMA"), grounded=False)
    assert answer_text(alone) == "The corpus does not cover this. No paper here goes by “LIMA”."


def test_a_paper_cited_by_its_authors_alone_is_said_to_be_unfindable_here() -> None:
    refused = Answer("the LoRA paper (Hu et al.)", Refusal((ONE,), authors="Hu et al."), grounded=False)
    assert answer_text(refused) == (
        "The corpus does not cover this. The listings here give no authors to find Hu et al.'s paper by, "
        "and no paper here goes by a name the question gives.\n"
        "Related, but not shown to be that paper: Reward Dance: Scaling."
    )


def test_a_day_no_paper_has_names_the_nearest_dates() -> None:
    # "papers posted on the 5th of august" said only that none matches
    near = Matches((), 0, nearest=(ONE, TWO))
    assert answer_body(Answer("q", near, grounded=False)) == (
        "No paper in the corpus matches that. The nearest dates: 2024-12-18 (Reward Dance: Scaling) "
        "and 2025-01-02 (Aegis 2.0)."
    )
    assert "The nearest date: 2025-01-02 (Aegis 2.0)." in answer_body(
        Answer("q", Matches((), 0, nearest=(TWO,)))
    )
