"""The understanding stage, pure parts: metadata parsing, names from abstracts, markup cleaning,
and how a turn is read against its thread (the misreadings issue 13 names are pinned here)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from ingest.pipeline import read_sources
from rag.answer import title_topics
from rag.markup import clean_markup, clean_paper, display_title
from rag.metadata import Condition, fact_cue, pair_comparison, parse_metadata, run_metadata
from rag.model import Field, Paper, Turn
from rag.names import NameIndex, Strength, extract_names, long_forms, named_long_form, title_name
from rag.retrieve import called_by_title, title_phrase
from rag.understand import Query, Route, _cased_titles, _list_topic, understand
from tests.conftest import SEEDS


def _dated(first: str, last: str) -> tuple[Condition, Condition]:
    """The conditions of papers dated from `first` to `last`, both days included."""
    return (Condition(Field.DATE, "ge", first), Condition(Field.DATE, "le", last))


def test_a_count_of_a_topic_is_metadata() -> None:
    about = parse_metadata("how many papers are about diffusion models?", [], 2025)
    assert about is not None and about.count and "diffusion" in about.topic and not about.mentioned
    mention = parse_metadata("how many papers mention GRPO?", [], 2025)
    assert mention is not None and mention.count and mention.topic.strip() == "grpo" and mention.mentioned
    assert parse_metadata("how much does RLHF cost?", [], 2025) is None
    # Counting something other than papers is no count of the corpus.
    assert (
        parse_metadata("the authors hand-built a small number of conversations about safety", [], 2025)
        is None
    )


@pytest.mark.parametrize(
    ("question", "span", "about"),
    [
        ("papers posted after the alignment faking paper", "after", "alignment faking paper"),
        ("which papers are newer than URIAL?", "after", "urial"),
        ("anything published before the PARL paper?", "before", "parl paper"),
        ("how many papers came out after PaCo-RL?", "after", "paco-rl"),
        ("what came out earlier than GenARM?", "before", "genarm"),
        # with a topic before the papers, or no verb: "reward model papers newer than MJ-Bench"
        ("reward model papers newer than MJ-Bench", "after", "mj-bench"),
        ("papers after MJ-Bench", "after", "mj-bench"),
        ("reward model papers older than MJ-Bench", "before", "mj-bench"),
    ],
)
def test_papers_dated_after_or_before_a_paper(question: str, span: str, about: str) -> None:
    parsed = parse_metadata(question, [], 2025)
    assert parsed is not None and parsed.same_day and parsed.same_span == span
    assert parsed.about[0].lower().removeprefix("the ") == about


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("what's new?", ""),
        ("new papers?", ""),
        ("any new papers on reward models?", "reward models"),
        ("what's new in RLHF?", "rlhf"),
    ],
)
def test_what_is_new_asks_for_the_latest_papers(question: str, topic: str) -> None:
    # "what's new?" listed the abstracts that say "new"
    parsed = parse_metadata(question, [], 2025, "2025-12-02")
    assert parsed is not None and parsed.sort is Field.DATE and parsed.descending and not parsed.single
    assert parsed.topic == topic
    # ... but a new thing of a topic is a topic
    assert parse_metadata("is there a new benchmark for web agents?", [], 2025, "2025-12-02") is None


def test_today_s_papers_are_the_day_s_not_today_s_concerns() -> None:
    parsed = parse_metadata("today's papers", [], 2025, "2025-12-02")
    assert parsed is not None and parsed.period == ("2025-12-02", "2025-12-02")
    assert parse_metadata("today's moral blind spots in LLMs", [], 2025, "2025-12-02") is None


@pytest.mark.parametrize(
    "question",
    [
        "what happens to alignment after fine-tuning?",
        "is GenARM newer than URIAL?",  # two papers compared
        "does the model stay aligned after deployment?",
        "a defense prompt which is added before generation",
        "works before training",
    ],
)
def test_after_something_that_dates_no_paper_list_is_no_bound(question: str) -> None:
    parsed = parse_metadata(question, [], 2025)
    assert parsed is None or parsed.same_span not in ("after", "before")


@pytest.mark.parametrize(
    ("question", "about"),
    [
        ("who wrote the alignment faking paper?", "the alignment faking paper"),
        ("Who are the authors of MJ-Bench?", "mj-bench"),
        ("author names for RewardDance", "rewarddance"),
        ("authors of alignment faking paper", "alignment faking paper"),
        ("list the authors of GenARM", "genarm"),
        ("who's first author on the alignment faking paper?", "the alignment faking paper"),
        ("who made URIAL?", "urial"),
        ("who developed the alignment faking paper?", "the alignment faking paper"),
    ],
)
def test_who_wrote_a_paper_asks_for_its_author_names(question: str, about: str) -> None:
    parsed = parse_metadata(question, [], 2025)
    assert parsed is not None and parsed.fact is Field.AUTHOR_NAMES
    assert parsed.about[0].lower() == about


@pytest.mark.parametrize(
    "question",
    [
        "What is the least studied aspect of reward models?",
        "how does it handle the 2048 context?",
        "which papers study reward hacking?",
        "when should I plant tomatoes in a temperate climate?",
        "which new methods for DPO?",
        # "later" of a description, not which of two came out later
        "Which papers show that a model which was already aligned can lose its safety or honesty "
        "afterwards, either through later fine-tuning or through self-evolution while deployed?",
        # "labs" of the topic, not the organisation field
        "Which survey covers LLM safety mechanisms and training paradigms, and summarizes what "
        "leading AI labs do in practice?",
        "our lab flies quadcopters, did any of these papers run experiments on drones?",
    ],
)
def test_words_not_bound_to_a_field_are_not_metadata(question: str) -> None:
    assert parse_metadata(question, [], 2025) is None


@pytest.mark.parametrize(
    "question",
    [
        "which of the preference-optimization variants is least fragile to knob settings? I remember "
        "the finding that the most popular one yields long, mediocre answers.",
        "Which tuning method is least sensitive to hyperparameters? I read one paper that says the most "
        "popular method produce very wordy outputs. They also add a length normalisation.",
        "which agent paper is this? The newest ones plan in the browser, and I think this one does too.",
    ],
)
def test_a_superlative_in_what_a_question_remembers_is_no_sort(question: str) -> None:
    # said in a later sentence that tells, beside one that asks: it describes the paper sought
    assert parse_metadata(question, [], 2025) is None


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("Papers on reward hacking. Which is the most upvoted?", Field.UPVOTES),
        ("I need the newest papers on DPO. Any?", Field.DATE),
        ("what is the newest paper on DPO? thanks.", Field.DATE),
        # asked in the sentence it ends, whatever a later one says
        (
            "Among the papers that deal with diffusion models, which one is the most recent? We want "
            "to start from the latest work.",
            Field.DATE,
        ),
        ("which diffusion paper is the most recent?", Field.DATE),
    ],
)
def test_a_superlative_asked_or_first_said_is_a_sort(question: str, field: Field) -> None:
    parsed = parse_metadata(question, [], 2025)
    assert parsed is not None and parsed.sort is field


@pytest.mark.parametrize(
    ("question", "conditions"),
    [
        ("papers dated 2024-10-10", (Condition(Field.DATE, "in", "2024-10-10"),)),
        ("papers from 18 Dec 2024", (Condition(Field.DATE, "in", "2024-12-18"),)),
        # dotted and dashed days put the day first; a first number over 12 is the day anyway
        ("papers dated 14.03.2024", (Condition(Field.DATE, "in", "2024-03-14"),)),
        ("anything from 05.06.2024?", (Condition(Field.DATE, "in", "2024-06-05"),)),
        ("papers from 14-03-2024", (Condition(Field.DATE, "in", "2024-03-14"),)),
        ("anything on 03.14.2024?", (Condition(Field.DATE, "in", "2024-03-14"),)),
        (
            "papers between 01.01.2025 and 15.01.2025",
            (Condition(Field.DATE, "ge", "2025-01-01"), Condition(Field.DATE, "le", "2025-01-15")),
        ),
        ("papers posted on Dec 18th", (Condition(Field.DATE, "in", "2025-12-18"),)),
        ("show me the 2023-10 papers", (Condition(Field.DATE, "in", "2023-10"),)),
        ("papers from 2021?", (Condition(Field.DATE, "in", "2021"),)),
        ("what came out after 1 November 2025", (Condition(Field.DATE, "gt", "2025-11-01"),)),
        ("papers since January 2025", (Condition(Field.DATE, "ge", "2025-01-01"),)),  # January too
        (
            "papers between March 2024 and May 2024",
            (Condition(Field.DATE, "ge", "2024-03-01"), Condition(Field.DATE, "le", "2024-05-31")),
        ),
        ("papers with at least 4 upvotes", (Condition(Field.UPVOTES, "ge", 4),)),
        # signs, before the number or after the field, and a bound after the field
        ("papers w/ >10 authors", (Condition(Field.AUTHORS, "gt", 10),)),
        ("anything with >= 3 upvotes", (Condition(Field.UPVOTES, "ge", 3),)),
        ("papers with ≤ 2 authors", (Condition(Field.AUTHORS, "le", 2),)),
        ("papers with <3 authors", (Condition(Field.AUTHORS, "lt", 3),)),
        ("papers with upvotes > 3", (Condition(Field.UPVOTES, "gt", 3),)),
        ("authors >= 20?", (Condition(Field.AUTHORS, "ge", 20),)),
        ("papers w/ 5 upvotes or more", (Condition(Field.UPVOTES, "ge", 5),)),
        ("papers with 3 authors or fewer", (Condition(Field.AUTHORS, "le", 3),)),
        (
            "2023 papers that have ten or more authors?",
            (Condition(Field.DATE, "in", "2023"), Condition(Field.AUTHORS, "ge", 10)),
        ),
        ("single-author papers", (Condition(Field.AUTHORS, "eq", 1),)),
        ("papers with fewer than 3 authors", (Condition(Field.AUTHORS, "lt", 3),)),
        # Forms people write that no rule was shaped around (the probe set, data/eval/probe.jsonl).
        ("any papers written by just one person?", (Condition(Field.AUTHORS, "eq", 1),)),
        ("list the two-author papers pls", (Condition(Field.AUTHORS, "eq", 2),)),
        ("Which papers have 20 or more of authors?", (Condition(Field.AUTHORS, "ge", 20),)),
        (
            "how many papers have between 10 and 12 authors, inclusive?",
            (Condition(Field.AUTHORS, "ge", 10), Condition(Field.AUTHORS, "le", 12)),
        ),
        (
            "papers between Feb 1 and Feb 10, 2024 (both days included)?",
            (Condition(Field.DATE, "ge", "2024-02-01"), Condition(Field.DATE, "le", "2024-02-10")),
        ),
        # Parts of a month or year, without a year meaning the capture year.
        (
            "papers from the first week of January 2025?",
            (Condition(Field.DATE, "ge", "2025-01-01"), Condition(Field.DATE, "le", "2025-01-07")),
        ),
        (
            "anything from the last week of Feb 2024",
            (Condition(Field.DATE, "ge", "2024-02-23"), Condition(Field.DATE, "le", "2024-02-29")),
        ),
        (
            "what came out in early march?",
            (Condition(Field.DATE, "ge", "2025-03-01"), Condition(Field.DATE, "le", "2025-03-10")),
        ),
        (
            "papers from late December 2024",
            (Condition(Field.DATE, "ge", "2024-12-21"), Condition(Field.DATE, "le", "2024-12-31")),
        ),
        (
            "papers in the second half of 2024",
            (Condition(Field.DATE, "ge", "2024-07-01"), Condition(Field.DATE, "le", "2024-12-31")),
        ),
        (
            "papers posted in the week of 2024-12-16",
            (Condition(Field.DATE, "ge", "2024-12-16"), Condition(Field.DATE, "le", "2024-12-22")),
        ),
        # "the week of" a Wednesday is the Monday-to-Sunday week that holds it; "starting" counts
        # from the day.
        ("papers posted the week of christmas 2024", _dated("2024-12-23", "2024-12-29")),
        ("anything in the week starting Dec 18 2024?", _dated("2024-12-18", "2024-12-24")),
        # Whether a field is given at all.
        ("how many papers have an upvote count at all?", (Condition(Field.UPVOTES, "present", 0),)),
        ("how many papers have upvotes?", (Condition(Field.UPVOTES, "present", 0),)),
        (
            "among papers that have an upvote count, which has the biggest author list?",
            (Condition(Field.UPVOTES, "present", 0),),
        ),
    ],
)
def test_filters_are_parsed(question: str, conditions: tuple[Condition, ...]) -> None:
    query = parse_metadata(question, [], 2025)
    assert query is not None
    assert set(query.conditions) == set(conditions)


def test_superlatives_counts_facts_and_comparisons() -> None:
    most = parse_metadata("whats the paper with the most authors", [], 2025)
    assert most is not None and most.sort is Field.AUTHORS and most.descending and most.single
    count = parse_metadata("how many papers are from 2023?", [], 2025)
    assert count is not None and count.count and not count.listing
    # "in the list" is the collection; "list them" asks for the papers too
    counted = parse_metadata("how many papers from 2023 are in the list?", [], 2025)
    assert counted is not None and counted.count and not counted.listing
    listed = parse_metadata("how many papers from 2023? list them", [], 2025)
    assert listed is not None and listed.count and listed.listing
    # the organisation with the most papers, its name asked as "org / company"
    busiest = parse_metadata("which org / company posts the most papers here?", ["TIGER-Lab"], 2025)
    assert busiest is not None and busiest.group is not None and busiest.descending
    # A turn that is a date superlative alone sorts by date ("and the first?" may be a row).
    for bare, newest in (("and the oldest?", False), ("what about the newest?", True), ("latest?", True)):
        alone = parse_metadata(bare, [], 2025)
        assert alone is not None and alone.sort is Field.DATE and alone.descending is newest, bare
    assert parse_metadata("and the first?", [], 2025) is None
    fact = parse_metadata("Publication date of Alignment faking in LLMs?", [], 2025)
    assert fact is not None and fact.fact is Field.DATE and fact.about == ("alignment faking in llms",)
    versus = parse_metadata("which got more upvotes, MM-RLHF or the alignment faking paper?", [], 2025)
    assert versus is not None and versus.compare is Field.UPVOTES and len(versus.about) == 2
    org = parse_metadata("Which papers are credited to Google DeepMind?", ["TIGER-Lab"], 2025)
    assert org is not None and org.organisation == "google deepmind"
    # Two papers' dates: a comparison of the two, not a sort of every paper by date.
    for question, later in (
        ("which came out first, DeAL or GenARM?", False),
        ("which was posted last: A or B?", True),
    ):
        first = parse_metadata(question, [], 2025)
        assert first is not None and first.compare is Field.DATE and first.sort is None, question
        assert len(first.about) == 2 and first.descending is later


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        # Words that say how ("strictly", "belong", "written") narrow nothing; a topic sits after
        # "about"/"on", before the noun it qualifies, or is a kind of paper.
        ("Which papers were posted strictly after 1 October 2025?", ""),
        ("Which paper is belong to facebook AI at Meta?", ""),
        ("any papers in here written by just one person?", ""),
        ("of the 2023 survey papers, which one has the biggest author list?", "survey"),
        ("Of the survey / review papers, which one is the most recent?", "survey | review"),
        ("most upvoted paper about reward models?", "reward models"),
        ("What's the earliest survey in the collection?", "survey"),
        # Brackets and quotes set words apart inside the topic; they do not end it.
        ("Segment Anything (SAM) paper from Meta?", "segment sam"),
        ("the 'reward hacking' papers from facebook AI at Meta?", "reward hacking"),
        ("papers (from 2024) on DPO", "dpo"),
    ],
)
def test_a_metadata_topic_comes_from_where_topics_are_named(question: str, topic: str) -> None:
    query = parse_metadata(question, ["facebook AI at Meta"], 2025)
    assert query is not None
    assert query.topic == topic


def test_facts_comparisons_and_superlatives_in_other_words() -> None:
    upvotes = parse_metadata("upvotes of MJ-Bench?", [], 2025)
    assert upvotes is not None and upvotes.fact is Field.UPVOTES and upvotes.about == ("mj-bench",)
    same = parse_metadata("Is there other paper published same date like BLEUBERI?", [], 2025)
    assert same is not None and same.same_day and same.about == ("bleuberi",)
    versus = parse_metadata("GenARM vs BLEUBERI - which one has more upvotes?", [], 2025)
    assert versus is not None and versus.compare is Field.UPVOTES and versus.about == ("genarm", "bleuberi")
    equal = parse_metadata("Do SALMON and the Dromedary paper have the same number of authors?", [], 2025)
    assert (
        equal is not None
        and equal.compare is Field.AUTHORS
        and equal.about == ("salmon", "the dromedary paper")
    )
    # "it" is the superlative's paper, and "how many authors" its fact, not a count of papers.
    biggest = parse_metadata(
        "the paper with the biggest author list, and how many authors does it have?", [], 2025
    )
    assert (
        biggest is not None and biggest.sort is Field.AUTHORS and biggest.fact is None and not biggest.count
    )
    recent = parse_metadata("Of the surveys, which one is the most recent?", [], 2025)
    assert recent is not None and recent.sort is Field.DATE and recent.descending and recent.single
    # ... "how many authors is that?" too; a dash of any length before "which one"; a
    # superlative joined to its word by a hyphen.
    that = parse_metadata("Which paper has the longest author list, and how many authors is that?", [], 2025)
    assert that is not None and that.sort is Field.AUTHORS and that.fact is None and that.about == ()
    for dash in ("\u2014", "\u2013"):
        versus = parse_metadata(f"SALMON vs URIAL {dash} which one has more authors?", [], 2025)
        assert versus is not None and versus.compare is Field.AUTHORS and versus.about == ("salmon", "urial")
    earliest = parse_metadata("whats the earliest-dated paper here", [], 2025)
    assert earliest is not None and earliest.sort is Field.DATE and not earliest.descending


@pytest.mark.parametrize(
    ("question", "conditions"),
    [
        (
            "show papers from Q1 2025",
            (Condition(Field.DATE, "ge", "2025-01-01"), Condition(Field.DATE, "le", "2025-03-31")),
        ),
        ("papers uploaded on 2025/03/23", (Condition(Field.DATE, "in", "2025-03-23"),)),
        (
            "papers from this year with at least 3 upvotes",
            (Condition(Field.DATE, "in", "2025"), Condition(Field.UPVOTES, "ge", 3)),
        ),
        # Days of one month, the month and year written once.
        *(
            (question, (Condition(Field.DATE, "ge", "2024-10-01"), Condition(Field.DATE, "le", "2024-10-15")))
            for question in (
                "Which papers were posted between 1 and 15 October 2024?",
                "papers from October 1-15, 2024",
                "papers between Oct 1 and 15 2024",
                "papers from 1 to 15 October 2024",
                "papers posted 1-15 Oct 2024",
                "papers from October 1st to October 15th 2024",
                "anything posted from the 1st to the 15th of October 2024?",
                "papers between the 1st and the 15th of Oct 2024",
            )
        ),
        (
            "papers from Dec 3rd to 9th",
            (Condition(Field.DATE, "ge", "2025-12-03"), Condition(Field.DATE, "le", "2025-12-09")),
        ),
        # The date itself included: "from … on", "… or later", "… or earlier".
        ("papers from March 2025 onwards", (Condition(Field.DATE, "ge", "2025-03-01"),)),
        (
            "papers posted in October 2025 or later with at least 5 authors",
            (Condition(Field.DATE, "ge", "2025-10-01"), Condition(Field.AUTHORS, "ge", 5)),
        ),
        ("2024 or earlier papers", (Condition(Field.DATE, "le", "2024-12-31"),)),
        (
            "papers with 3-5 authors in March 2025",
            (
                Condition(Field.DATE, "in", "2025-03"),
                Condition(Field.AUTHORS, "ge", 3),
                Condition(Field.AUTHORS, "le", 5),
            ),
        ),
        (
            "papers with 1 to 5 authors",
            (Condition(Field.AUTHORS, "ge", 1), Condition(Field.AUTHORS, "le", 5)),
        ),
        # a month as digits, and days of the year called by their names
        ("What was published in 03/2025? I need the list.", (Condition(Field.DATE, "in", "2025-03"),)),
        (
            "I'm writing a retrospective: what appeared between Christmas 2023 and Valentine's Day 2024?",
            (Condition(Field.DATE, "ge", "2023-12-25"), Condition(Field.DATE, "le", "2024-02-14")),
        ),
        ("papers posted after New Year's Day 2025", (Condition(Field.DATE, "gt", "2025-01-01"),)),
        # "count of papers from H2 2023" was refused, "this summer" was no date
        ("count of papers from H2 2023", _dated("2023-07-01", "2023-12-31")),
        (
            "Which papers from this summer got at least two upvotes?",
            (
                Condition(Field.DATE, "ge", "2025-06-01"),
                Condition(Field.DATE, "le", "2025-08-31"),
                Condition(Field.UPVOTES, "ge", 2),
            ),
        ),
        ("papers from the fall of 2023", _dated("2023-09-01", "2023-11-31")),
        # chat shorthand: "no. of", "w/", "w/o"
        ("no. of papers w/ 2+ upvotes", (Condition(Field.UPVOTES, "ge", 2),)),
        ("papers w/o a date", (Condition(Field.DATE, "missing", 0),)),
        # "Which papers were posted on the fourteenth of March, 2024?" read only the month
        (
            "Which papers were posted on the fourteenth of March, 2024?",
            (Condition(Field.DATE, "in", "2024-03-14"),),
        ),
        ("anything on december twenty-third 2024?", (Condition(Field.DATE, "in", "2024-12-23"),)),
        # "between June and August 2023" read only August
        ("List the papers dated between June and August 2023 inclusive.", _dated("2023-06-01", "2023-08-31")),
        ("papers between june and august", _dated("2025-06-01", "2025-08-31")),
        # "papers from mid-2024" listed every 2024 paper, "papers since early 2024" none
        ("papers from mid-2024", _dated("2024-05-01", "2024-08-31")),
        ("anything from late 2023?", _dated("2023-09-01", "2023-12-31")),
        ("papers since early 2024", (Condition(Field.DATE, "ge", "2024-01-01"),)),
        ("papers from 2019 to early 2024", _dated("2019-01-01", "2024-04-31")),
        ("papers after mid 2024", (Condition(Field.DATE, "gt", "2024-08-31"),)),
        # "papers posted in July '23?" read July 2025; "Jan through June 2025" read only June;
        # "the first half of this year" read the whole year
        ("papers posted in July '23?", (Condition(Field.DATE, "in", "2023-07"),)),
        ("Anything posted between the 1st and the 20th of March '24?", _dated("2024-03-01", "2024-03-20")),
        ("how many papers came out Jan through June 2025?", _dated("2025-01-01", "2025-06-31")),
        ("how many papers came out in jan to june?", _dated("2025-01-01", "2025-06-31")),
        ("How many papers came out in the first half of this year?", _dated("2025-01-01", "2025-06-31")),
        ("papers from early last year", _dated("2024-01-01", "2024-04-31")),
        # a month range in brackets after the period it spells out takes that period's year
        ("what was published in the first half of 2023 (jan-jun)?", _dated("2023-01-01", "2023-06-31")),
        ("how many papers are from summer 2024 (june\u2013august)?", _dated("2024-06-01", "2024-08-31")),
        (
            "roughly how much of this collection is 2025 stuff? just need a count",
            (Condition(Field.DATE, "in", "2025"),),
        ),
        # "what went up on May 16?" was refused
        ("what went up on May 16?", (Condition(Field.DATE, "in", "2025-05-16"),)),
    ],
)
def test_more_date_forms(question: str, conditions: tuple[Condition, ...]) -> None:
    query = parse_metadata(question, [], 2025)
    assert query is not None and set(query.conditions) == set(conditions)


def test_organisation_facts_and_yes_no_comparisons() -> None:
    lab = parse_metadata("which lab published EditReward?", [], 2025)
    assert lab is not None and lab.fact is Field.ORGANISATION and lab.about == ("editreward",)
    origin = parse_metadata("what organisation is EditReward from?", ["TIGER-Lab"], 2025)
    assert origin is not None and origin.fact is Field.ORGANISATION and origin.about == ("editreward",)
    newer = parse_metadata("Is MM-RLHF newer than MJ-Bench?", [], 2025)
    assert newer is not None and newer.compare is Field.DATE and newer.descending
    assert newer.about == ("mm-rlhf", "mj-bench")
    before = parse_metadata("was GenARM posted before BLEUBERI?", [], 2025)
    assert before is not None and before.compare is Field.DATE and not before.descending
    votes = parse_metadata("does MM-RLHF have more upvotes than MJ-Bench?", [], 2025)
    assert votes is not None and votes.compare is Field.UPVOTES and votes.about == ("mm-rlhf", "mj-bench")
    either = parse_metadata("Does MM-RLHF or Align Anything have more authors? Just curious.", [], 2025)
    assert (
        either is not None
        and either.compare is Field.AUTHORS
        and either.about == ("mm-rlhf", "align anything")
    )
    # a team is its authors: "who had the bigger team, X or Y?"
    team = parse_metadata(
        "who had the bigger team, secrets of rlhf or baichuan's alignment report?", [], 2025
    )
    assert team is not None and team.compare is Field.AUTHORS and len(team.about) == 2
    # ... but teams that entered a competition are no authors
    entered = "a big exam for AI shop assistants built off real amazon data? a kdd cup w 500+ teams"
    assert parse_metadata(entered, [], 2025) is None
    dated = parse_metadata("what date is the BLEUBERI paper from?", [], 2025)
    assert dated is not None and dated.fact is Field.DATE and dated.about == ("the bleuberi paper",)
    # A field and two papers set against each other, no word saying which way: which has more.
    for heading in ("upvotes mj-bench vs mm-rlhf", "MJ-Bench vs MM-RLHF upvotes?", "author count: a vs b"):
        against = parse_metadata(heading, [], 2025)
        assert against is not None and against.compare in (Field.UPVOTES, Field.AUTHORS), heading
        assert against.descending and len(against.about) == 2
    # ... and "which came first" with no mark between the two papers and the question
    first = parse_metadata("self-align vs salmon which came first", [], 2025)
    assert first is not None and first.compare is Field.DATE and first.about == ("self-align", "salmon")
    # An organisation the user names that no paper has is still the one asked for.
    for asked, named in (
        ("papers from openai org", "openai"),
        ("anything by the Google DeepMind lab?", "google deepmind"),
        ("Which papers are from Google DeepMind according to the organisation info?", "google deepmind"),
        ("any papers from openai (going by the org field)?", "openai"),
    ):
        origin = parse_metadata(asked, ["TIGER-Lab"], 2025)
        assert origin is not None and (origin.organisation or "").lower() == named, asked
    same = parse_metadata("which papers come from the same lab as EditReward?", ["TIGER-Lab"], 2025)
    assert same is None or same.organisation is None


def test_unknown_metadata_is_left_out_and_counted() -> None:
    papers = [
        Paper(id="a", title="A", abstract=".", author_count=3, date="2024-01-02"),
        Paper(id="b", title="B", abstract=".", author_count=9, date="2024-05-02"),
        Paper(id="c", title="C", abstract="."),
    ]
    query = parse_metadata("which paper has the fewest authors?", [], 2025)
    assert query is not None
    result = run_metadata(query, papers)
    assert [p.id for p in result.papers] == ["a"]
    assert result.missing == 1


def test_whether_a_fact_is_given_is_a_condition_of_its_own() -> None:
    papers = [
        Paper(id="a", title="A", abstract=".", upvotes=3),
        Paper(id="b", title="B", abstract=".", upvotes=0),
        Paper(id="c", title="C", abstract="."),
    ]
    query = parse_metadata("how many papers actually have an upvote count listed?", [], 2025)
    assert query is not None and query.count and not query.listing
    assert query.conditions == (Condition(Field.UPVOTES, "present", 0),)
    result = run_metadata(query, papers)
    assert [p.id for p in result.papers] == ["a", "b"]  # zero upvotes is a count given
    assert result.missing == 0  # the paper without one is an answer here, not an unknown
    listing = parse_metadata("which papers list their author count?", [], 2025)
    assert listing is not None and listing.conditions == (Condition(Field.AUTHORS, "present", 0),)


@pytest.mark.parametrize(
    ("question", "wanted", "rest"),
    [
        (
            "How many people are listed as authors on the alignment faking paper?",
            Field.AUTHORS,
            "alignment faking paper",
        ),
        ("How many researchers contributed to GenARM?", Field.AUTHORS, "genarm"),
        ("which day was BLEUBERI posted?", Field.DATE, "bleuberi"),
        ("MM-RLHF upvotes?", Field.UPVOTES, "mm-rlhf"),
        ("how many people wrote it?", Field.AUTHORS, ""),
        # "what year did the RAFT paper come out?" was asked of its abstract
        ("what year did the RAFT paper come out?", Field.DATE, "raft paper"),
        ("which month was BLEUBERI released?", Field.DATE, "bleuberi"),
        ("RewardDance votes?", Field.UPVOTES, "rewarddance"),
    ],
)
def test_a_field_asked_of_one_paper_in_other_words(question: str, wanted: Field, rest: str) -> None:
    assert fact_cue(question) == (wanted, rest)


def test_a_fact_cue_is_taken_only_when_the_rest_names_a_paper() -> None:
    names = lambda text: ["genarm"] if "genarm" in text.lower() else []  # noqa: E731
    named = understand("How many researchers contributed to GenARM?", [], names, frozenset(), 2025)
    assert named.route is Route.METADATA and named.metadata is not None
    assert named.metadata.fact is Field.AUTHORS and named.metadata.about == ("genarm",)
    titled = understand("how many people wrote the URIAL paper?", [], lambda t: [], frozenset(), 2025)
    assert titled.route is Route.METADATA and titled.metadata is not None
    assert titled.metadata.about == ("urial paper",)
    # Not a fact: no paper named, or a question about what a paper does.
    assert fact_cue("When does GenARM fail?") is None
    assert fact_cue("how many people did the user study include?") is None
    # Votes that another noun holds are no upvotes ("number of votes" is the count itself).
    assert fact_cue("What dataset of people's votes did they use?") is None
    assert fact_cue("number of votes for URIAL?") == (Field.UPVOTES, "urial")
    # ... nor do votes of a kind: "which of those trains a video reward model from human votes?"
    assert fact_cue("which of those also trains a video reward model from human votes?") is None
    assert fact_cue("which one got more votes?") == (Field.UPVOTES, "one more")
    vague = understand("how many people wrote about reward hacking?", [], lambda t: [], frozenset(), 2025)
    assert vague.route is not Route.METADATA or vague.metadata is None or vague.metadata.fact is None
    thread = [Turn("what is GenARM?", "GenARM is ...", ("genarm",), "answer")]
    pointed = understand("how many people wrote it?", thread, lambda t: [], frozenset(), 2025)
    assert pointed.route is Route.METADATA and pointed.subject == ("genarm",)


def test_a_word_like_name_inside_a_longer_name_names_nothing() -> None:
    index = NameIndex(
        [
            Paper("vmas", "VMAS: Video-to-music", "We develop a generative video-music Transformer."),
            Paper("other", "Other", "A transformer model for text."),
        ]
    )
    assert [m.paper_id for m in index.find("the Transformer paper for music")] == ["vmas"]
    assert index.find("attacks tested on Decision Transformer agents") == []  # another name
    assert index.find("a transformer for text") == []  # the everyday word


def test_a_digit_typed_for_the_letter_it_looks_like_still_names_the_paper() -> None:
    index = NameIndex([Paper("uni", "Uni-O4: Unifying Online and Offline Deep RL", "We propose Uni-O4.")])
    assert [m.paper_id for m in index.find("Uni-04: unifying online and offline RL - link?")] == ["uni"]
    assert [m.paper_id for m in index.find("bibtex for uni-o4")] == ["uni"]
    assert index.find("the 2004 paper") == [] and index.find("we used 04 runs") == []


def test_a_title_name_goes_by_it_without_its_article() -> None:
    names = extract_names("The AI Scientist-v2: Workshop-Level Automated Scientific Discovery", ".")
    assert names["theaiscientistv2"] is Strength.TITLE
    assert names["aiscientistv2"] is Strength.TITLE
    index = NameIndex([Paper("p1", "The AI Scientist-v2: Workshop-Level Automated Discovery", ".")])
    assert [m.paper_id for m in index.find("full title of AI Scientist v2?")] == ["p1"]
    assert "traitors" not in extract_names("The Traitors: Deception and Trust", ".")  # one plain word


ABSTRACT = (
    "Aligning models is hard. To address this, we propose GRAO (Group Relative Alignment "
    "Optimization), a unified framework. We also develop an assistant named Dromedary. "
    "It uses DPO and PPO, as does User Satisfaction Estimation (USE)."
)


def test_a_spelled_out_term_of_the_field_is_no_name() -> None:
    # One abstract capitalises "Large Language Models (LLMs)" where it introduces them; the others
    # write the words in lowercase: the phrase names no paper. A coinage of common parts does.
    papers = [Paper("p0", "Pedagogy", "We introduce Large Language Models (LLMs) to teach.")]
    papers += [Paper(f"p{n}", "Other", "large language models align. Guide-Align.") for n in range(1, 3)]
    papers += [Paper(f"q{n}", "More", "large language models guide and align.") for n in range(30)]
    papers += [Paper("g", "Guide", "We propose Guide-Align, a method.")]
    index = NameIndex(papers)
    found = index.find("cite Alignment and Safety in Large Language Models")
    assert [m for m in found if m.strength >= Strength.DEFINED] == []
    assert [m.paper_id for m in index.find("cite Guide-Align")] == ["g"]


def test_words_joined_by_hyphens_are_a_name_in_lowercase_too() -> None:
    papers = [Paper("dd", "Diffusion Model Alignment", "We propose Diffusion-DPO, a method.")]
    papers += [Paper(f"q{n}", "More", "diffusion models and dpo for diffusion.") for n in range(30)]
    index = NameIndex(papers)
    assert [m.paper_id for m in index.find("diffusion-dpo geneval score")] == ["dd"]
    assert [m.paper_id for m in index.find("Diffusion-DPO geneval score")] == ["dd"]
    assert index.find("diffusion dpo for images") == []  # the field's words, side by side


def test_names_an_abstract_introduces_in_passing() -> None:
    # Real phrasings: a name after a comma-separated description, a coinage the sentence calls
    # a kind of artifact, a benchmark the authors construct.
    names = extract_names(
        "Some title",
        "To address this, we introduce a simple, tuning-free alignment method, URIAL. We distilled "
        "our attacks into MISALIGNMENTBENCH, an automated evaluation framework. We construct "
        "CoSApien, a human-authored benchmark. To this end, we introduce mTEMPREASON, a temporal "
        "reasoning dataset.",
    )
    assert names["mtempreason"] is Strength.DEFINED  # a coinage that opens in lowercase
    assert names["urial"] is Strength.DEFINED
    assert names["misalignmentbench"] is Strength.DEFINED
    assert names["cosapien"] is Strength.DEFINED


def test_names_a_contribution_lists_are_its_own_but_not_what_it_is_compared_with() -> None:
    # Real phrasings: the names after a contribution's colon, and the sentence that goes on to
    # list what was introduced; a name in the description of an item, or a baseline, is not.
    names = extract_names(
        "Some title",
        "Building upon this insight, we propose two PPO variants: PPO-M: PPO with Calibrated Reward "
        "Modeling and PPO-C: PPO with Calibrated Reward Calculation, which outperform SimPO, DPO. "
        "We introduce three alignment algorithms for flow-based models. These include two "
        "training-time strategies: direct preference optimization for flow (Flow-DPO) and reward "
        "weighted regression for flow (Flow-RWR), and an inference-time technique, Flow-NRG, which "
        "applies reward guidance. Specifically, GRAPE aligns VLAs, at the trajectory level.",
    )
    for own in ("ppom", "ppoc", "flowdpo", "flowrwr", "flownrg"):
        assert names[own] is Strength.DEFINED, own
    for other in ("simpo", "vlas"):
        assert names[other] is Strength.MENTIONED, other


def test_names_a_contribution_sets_off_or_spells_out_are_its_own() -> None:
    # Real phrasings: a name set off by commas after the contribution it names, and an acronym
    # of "our proposed" mechanism; an acronym of a term the sentence merely uses stays a mention.
    names = extract_names(
        "Some title",
        "Motivated by these findings, we propose an embarrassingly simple extension to the DPO "
        "algorithm, LN-DPO, resulting in more concise responses. Our proposed reward mechanism, "
        '``Follow-up Likelihood as Reward" (FLR), matches strong reward models. Diffusion '
        "Transformers (DiT) are used, and three core designs are proposed.",
    )
    assert names["lndpo"] is Strength.DEFINED
    assert names["flr"] is Strength.DEFINED
    assert names["dit"] is Strength.MENTIONED
    assert "dpo" not in names or names["dpo"] is Strength.MENTIONED


def test_a_title_leading_with_a_question_goes_by_it() -> None:
    assert (
        title_name("Helping or Herding? Reward Model Ensembles Mitigate Reward Hacking")
        == "Helping or Herding"
    )
    assert title_name("InfAlign: Inference-aware alignment") == "InfAlign"
    assert title_name("What are human values, and how do we align AI to them?") is None


def test_names_come_from_titles_and_abstracts() -> None:
    names = extract_names("InfAlign: Inference-aware alignment", ABSTRACT)
    assert names["infalign"] is Strength.TITLE
    assert names["grao"] is Strength.DEFINED
    assert names["dromedary"] is Strength.DEFINED
    index = NameIndex(
        [Paper("p1", "InfAlign: Inference-aware alignment", ABSTRACT), Paper("p2", "Other", "We use DPO.")]
    )
    assert [m.paper_id for m in index.find("arxiv id for GRAO?")] == ["p1"]
    assert index.find("which papers use DPO?") == []  # a term two papers use names neither
    assert index.find("which papers use GRPO") == []  # 'use' is a word, 'USE' a name


def test_markup_is_cleaned() -> None:
    text = r"we built \mname, with 66.92\% success; \textbf{We release code}; 1)~a relabeler; LiPO-{\lambda}"
    cleaned = clean_markup(text, "EditReward")
    assert cleaned == "we built EditReward, with 66.92% success; We release code; 1) a relabeler; LiPO-λ"
    assert display_title("$i$REPO: $i$mplicit Reward") == "iREPO: implicit Reward"


def _understand(question: str, history: list[Turn]) -> Route | tuple[str, ...]:
    query = understand(question, history, lambda text: [], frozenset(), 2025)
    return query.route


def test_follow_ups_resolve_against_the_thread() -> None:
    listed = [Turn("which papers study reward hacking?", "...", ("a", "b", "c"), "list")]
    second = understand("tell me more about the second one", listed, lambda t: [], frozenset(), 2025)
    assert second.subject == ("b",)
    among = understand("which of those use RL?", listed, lambda t: [], frozenset(), 2025)
    assert among.among == ("a", "b", "c")
    single = [Turn("what's Vision-R1 about?", "...", ("v",), "answer")]
    dataset = understand("what dataset did they use?", single, lambda t: [], frozenset(), 2025)
    assert dataset.subject == ("v",)
    bib = understand("bibtex for it", single, lambda t: [], frozenset(), 2025)
    assert bib.subject == ("v",) and bib.route is Route.LOOKUP
    for bare in ("bibtex pls", "link?", "arxiv id?"):  # a bare request: the thread's paper
        asked = understand(bare, single, lambda t: [], frozenset(), 2025)
        assert asked.subject == ("v",) and asked.route is Route.LOOKUP, bare
    other = understand("which other papers use GRPO?", single, lambda t: [], frozenset(), 2025)
    assert other.exclude == ("v",) and other.route is Route.LIST
    elliptic = understand("and medicine?", listed, lambda t: [], frozenset(), 2025)
    assert elliptic.route is Route.LIST and elliptic.topic.strip() == "medicine?"
    fresh = understand("What benchmarks evaluate video generation?", single, lambda t: [], frozenset(), 2025)
    assert fresh.subject == () and not fresh.follow_up


def test_a_pronoun_after_a_list_points_at_its_papers_keeping_what_it_asks() -> None:
    listed = [Turn("are there papers about AI discovering algorithms?", "...", ("a", "b"), "list")]
    bib = understand("bibtex for that one", listed, lambda t: [], frozenset(), 2025)
    assert bib.among == ("a", "b") and bib.pronoun and bib.route is Route.LOOKUP
    assert "bibtex" in bib.wants and bib.subject == ()
    tricks = understand(
        "which tricks do they use to deal with that?", listed, lambda t: [], frozenset(), 2025
    )
    assert tricks.among == ("a", "b") and tricks.pronoun and tricks.route is Route.TOPICAL
    assert "they" not in tricks.topic.split()


def test_a_count_of_them_after_one_paper_counts_things_of_that_paper() -> None:
    one = [Turn("a paper where LLM agents play a social deduction game?", "...", ("traitors",), "answer")]
    count = understand("how many of them were traitors?", one, lambda t: [], frozenset(), 2025)
    assert count.route is not Route.LIST
    listed = [Turn("which papers study reward hacking?", "...", ("a", "b", "c"), "list")]
    among = understand("how many of them use RL?", listed, lambda t: [], frozenset(), 2025)
    assert among.among == ("a", "b", "c")


@pytest.mark.parametrize(
    ("question", "sides"),
    [
        (
            "How do LiPO and PRO (Preference Ranking Optimization) differ?",
            ("LiPO", "PRO (Preference Ranking Optimization)"),
        ),
        ("how does MaPO and Diffusion-DPO compare in memory use?", ("MaPO", "Diffusion-DPO")),
        ("What distinguishes CREAM from Selfie?", ("CREAM", "Selfie")),
        ("Is DPO better than PPO?", ("DPO", "PPO")),
        ("is MaPO really superior to Diffusion-DPO for SDXL?", ("MaPO", "Diffusion-DPO")),
    ],
)
def test_how_two_things_differ_puts_them_side_by_side(question: str, sides: tuple[str, ...]) -> None:
    query = understand(question, [], lambda t: [], frozenset(), 2025)
    assert query.route is Route.COMPARE and query.sides == sides


def test_what_a_list_leaves_out_may_be_a_kind() -> None:
    query = understand(
        "which papers are about recommender systems but not the conversational kind?",
        [],
        lambda t: [],
        frozenset(),
        2025,
    )
    assert query.route is Route.LIST and query.without == "conversational"


def test_a_list_that_first_says_what_it_leaves_out() -> None:
    query = understand(
        "Apart from the alignment-faking paper, which papers test or compare against Claude models?",
        [],
        lambda t: [],
        frozenset(),
        2025,
    )
    assert query.route is Route.LIST and query.without == "alignment-faking"
    assert "alignment" not in query.topic and "Claude" in query.topic


def test_the_two_papers_of_the_last_two_answers_are_compared() -> None:
    thread = [
        Turn("a paper aligning LLMs from bad responses only?", "...", ("neg",), "answer"),
        Turn("what regularizer does it use?", "...", ("neg",), "answer"),
        Turn("and the one on thumbs-up labels?", "...", ("bco",), "answer"),
    ]
    query = understand("which of the two came out first?", thread, lambda t: [], frozenset(), 2025)
    assert query.route is Route.METADATA and query.subject == ("neg", "bco")
    # one paper talked about, however often: nothing to compare it with
    alone = understand("which of the two came out first?", thread[:2], lambda t: [], frozenset(), 2025)
    assert alone.subject == ()


@pytest.mark.parametrize(
    ("question", "narrows"),
    [
        # every paper of the set that qualifies: a list within it
        ("which of those use RL?", True),
        ("any of them with a benchmark?", True),
        ("only the ones that use reward models", True),
        ("keep just those that train with RL", True),
        ("show only the papers about video", True),
        # one of them: the verb in the singular, or "the ... one"
        ("which of those uses an ensemble?", False),
        ("which of those is the Bayesian one?", False),
        ("tell me more about the one that recommends music", False),
    ],
)
def test_a_set_is_narrowed_by_a_plural_and_picked_from_by_a_singular(question: str, narrows: bool) -> None:
    listed = [Turn("which papers study reward hacking?", "...", ("a", "b", "c"), "list")]
    query = understand(question, listed, lambda t: [], frozenset(), 2025)
    assert query.among == ("a", "b", "c") and query.follow_up
    assert (query.route is Route.LIST) is narrows
    if narrows:  # what is searched for is the condition, not the pointing
        assert not re.search(r"\b(?:those|them|ones|only|just|keep)\b", query.topic), query.topic


@pytest.mark.parametrize(
    ("question", "route"),
    [
        ("reward hacking", Route.LIST),
        ("LLMs in medicine?", Route.LIST),
        ("alignment faking", Route.LIST),
        ("multi-agent debate setups", Route.LIST),  # up to five terms: still a topic alone
        ("inverse RL for reward learning?", Route.LIST),
        ("anything involving medical imaging?", Route.LIST),
        ("reward models for robots, anything?", Route.LIST),
        # six terms and more describe something: one paper, searched for
        ("DPO loss variants written as symbolic logic formulas", Route.TOPICAL),
        # a question about the topic, or one paper named by its topic, is not a bare topic
        ("which is better, DPO or PPO?", Route.COMPARE),
        ("Belief Conflict Index paper", Route.TOPICAL),
        ("GPT-4 technical report", Route.TOPICAL),
        ("how does reward hacking arise?", Route.TOPICAL),
    ],
)
def test_a_topic_alone_asks_what_the_corpus_has_on_it(question: str, route: Route) -> None:
    assert understand(question, [], lambda t: [], frozenset(), 2025).route is route


@pytest.mark.parametrize(
    ("frame", "turn", "topic"),
    [
        ("reward models for image generation", "and for video?", "reward models for video"),
        ("LLMs in medicine?", "what about law?", "LLMs in law"),
        ("LLMs for education / tutoring - any papers?", "and medicine?", "LLMs for medicine"),
        # no preposition to hang the new words on: they stand alone
        ("what papers do embodied navigation?", "and web navigation?", "web navigation"),
        # what follows a clause break still holds; a word of the same shape replaces its twin only
        (
            "inference-time alignment for text-to-video diffusion, no retraining",
            "and for text-to-image?",
            "inference-time alignment for text-to-image diffusion, no retraining",
        ),
        # "to" inside "text-to-video" is no preposition to hang the new words on
        ("reward models for text-to-video generation", "and for editing?", "reward models for editing"),
        # a frame that is its topic alone ("papers on X"): a phrase on another preposition
        # qualifies the topic; on the same one it replaces it
        (
            "papers on jailbreaking",
            "what about for diffusion models?",
            "papers on jailbreaking for diffusion models",
        ),
        ("papers on jailbreaking", "and on watermarking?", "on watermarking"),
        # a name that scopes the frame's topic scopes the word that replaces it; a word does not
        ("any papers on LLM honesty?", "and what about calibration?", "LLM calibration"),
        ("papers on reward hacking", "and what about jailbreaking?", "jailbreaking"),
        # "they" in the thread's first question is no paper (none was given yet)
        (
            "test-time scaling for text-to-image diffusion that prunes noise seeds before they're denoised",
            "and for video?",
            "test-time scaling for video that prunes noise seeds before they're denoised",
        ),
    ],
)
def test_an_elliptical_turn_is_read_in_the_frame_it_continues(frame: str, turn: str, topic: str) -> None:
    history = [Turn(frame, "...", ("a", "b"), "list")]
    query = understand(turn, history, lambda t: [], frozenset(), 2025)
    assert query.follow_up and " ".join(query.topic.strip(" ?").split()) == topic
    # what answered the old topic is not what the new one asks for (a turn read as its own words
    # swaps no topic)
    own = turn.removeprefix("and ").removeprefix("what about ").strip(" ?")
    assert query.exclude == (() if topic == own else ("a", "b"))


def test_a_turn_that_asks_its_own_question_of_the_thread_excludes_nothing() -> None:
    history = [
        Turn(
            "any-to-any models tuned on human preference data with language feedback?",
            "...",
            ("a",),
            "answer",
        )
    ]
    query = understand(
        "and what's the evaluation framework called?", history, lambda t: [], frozenset(), 2025
    )
    assert not query.exclude


def test_a_frame_is_no_question_asked_of_a_paper_the_thread_gave() -> None:
    history = [
        Turn("reward models for image generation", "...", ("a",), "answer"),
        Turn("how many prompts did they use?", "...", ("a",), "answer"),
    ]
    query = understand("and for video?", history, lambda t: [], frozenset(), 2025)
    assert " ".join(query.topic.strip(" ?").split()) == "reward models for video"


def test_a_comparison_after_two_papers_compares_those_two() -> None:
    compared = Turn("DeAL vs GenARM - how do they differ?", "...", ("deal", "genarm"), "compare")
    one = Turn("which one has more upvotes?", "...", ("genarm",), "metadata")
    for question, history, field, rising in (
        ("which one has more upvotes?", [compared], Field.UPVOTES, True),
        ("which came out first?", [compared], Field.DATE, False),
        ("and which is newer?", [compared, one], Field.DATE, True),  # the pair, two turns back
        ("which of the two has fewer authors?", [compared], Field.AUTHORS, False),
    ):
        query = understand(question, history, lambda t: [], frozenset(), 2025)
        assert query.route is Route.METADATA and query.subject == ("deal", "genarm"), question
        assert query.metadata is not None and query.metadata.compare is field, question
        assert query.metadata.descending is rising, question
    # without two papers to compare, the corpus is sorted; a quality is not a field
    alone = understand("which paper came out last?", [], lambda t: [], frozenset(), 2025)
    assert alone.metadata is not None and alone.metadata.sort is Field.DATE and not alone.subject
    assert (
        understand("which one is better?", [compared], lambda t: [], frozenset(), 2025).route
        is not Route.METADATA
    )


def test_a_thread_s_other_paper_a_later_work_and_a_change_of_subject() -> None:
    listed = Turn("papers on emergent misalignment?", "...", ("a", "b"), "list")
    picked = Turn("which of those looks at biased users?", "...", ("a",), "answer")
    other = understand(
        "and the other one - which model did they red-team?",
        [listed, picked],
        lambda t: [],
        frozenset(),
        2025,
    )
    assert other.subject == ("b",) and "other" not in other.topic
    three = Turn("papers on reward ensembles?", "...", ("a", "b", "c"), "list")
    rest = understand("what about the other paper?", [three, picked], lambda t: [], frozenset(), 2025)
    assert rest.among == ("b", "c")
    later = understand(
        "is there a follow-up that extends it to VLMs?", [picked], lambda t: [], frozenset(), 2025
    )
    assert later.exclude == ("a",) and later.subject == () and " it " not in f" {later.topic} "
    for shift in ("unrelated: what dataset did they use?", "Different question - what dataset did they use?"):
        fresh = understand(shift, [picked], lambda t: [], frozenset(), 2025)
        assert fresh.subject == () and not fresh.follow_up and fresh.text == "what dataset did they use?"
    # Without the punctuation that closes a change of subject, the thread still counts.
    same = understand("another question about it: what dataset?", [picked], lambda t: [], frozenset(), 2025)
    assert same.subject == ("a",)


def test_routes() -> None:
    assert _understand("bibtex for the Diffusion-DPO paper", []) is Route.LOOKUP
    assert _understand("which papers use GRPO?", []) is Route.LIST
    assert _understand("DeAL vs GenARM - how do they differ?", []) is Route.COMPARE
    assert _understand("how does DPO compare to PPO?", []) is Route.COMPARE
    assert _understand("what's the difference between RLHF and DPO?", []) is Route.COMPARE
    # A comparison mentioned inside the description of one paper is not a comparison asked for:
    # its "sides" are clauses, not things a comparison points at.
    for described in (
        "a method that removes the critic and trains with group-relative advantages on one reward "
        "regressed from several scores, evaluated at three model sizes and compared with PPO and DPO",
        "my assistant takes a trade-off (say, detail versus brevity) as a direction, but fails on "
        "unusual mixes; is there a fix that needs no retraining?",
        "turning preference losses into logic formulas to compare them and invent new ones",
    ):
        assert _understand(described, []) is Route.TOPICAL, described
    assert _understand("Publication date of Alignment faking in LLMs?", []) is Route.METADATA
    assert _understand("What is the least studied aspect of reward models?", []) is Route.TOPICAL
    # a superlative of likeness counts no one: "people" is not the author count here
    assert _understand(
        "which training choices make a model's similarity judgments most like people's?", []
    ) is (Route.TOPICAL)
    assert _understand("which paper has the most people on it?", []) is Route.METADATA
    # Asking for a set by grammar: a plural noun for papers closing the question, "is there work
    # on", "what's in here"; a singular "paper" asks for one.
    for many in (
        "diffusion alignment papers?",
        "is there work on tutoring with LLMs?",
        "inverse RL for LLM alignment - what's in here?",
        "what is there on model merging",
    ):
        assert _understand(many, []) is Route.LIST, many
    for one in ("the model merging paper?", "papers. which one introduced URIAL?"):
        assert _understand(one, []) is not Route.LIST, one


def test_no_markup_is_left_in_the_bundled_abstracts() -> None:
    """The real listing abstracts carry `\\mname`, `66.92\\%`, `\\textbf{`, `$i$`, `~\\cite` keys."""
    markup = re.compile(r"\\[A-Za-z]+|\\%|\{\\|\$[^$]{1,40}\$|~[a-z]+[.,;]")
    papers = read_sources([SEEDS]).papers
    dirty = [p for p in papers if markup.search(p.abstract)]
    assert len(dirty) >= 10  # the test has something to clean
    for paper in dirty:
        cleaned = clean_paper(paper)
        assert not markup.search(cleaned.abstract), cleaned.abstract
        assert not markup.search(display_title(cleaned.title))
    editreward = next(clean_paper(p) for p in papers if p.title.startswith("EditReward"))
    assert "EditReward achieves state-of-the-art" in editreward.abstract  # \mname is its own name


def test_more_metadata_forms() -> None:
    missing = parse_metadata("which papers have no upvotes listed?", [], 2025)
    assert missing is not None and missing.conditions == (Condition(Field.UPVOTES, "missing", 0),)
    papers = [Paper(id="a", title="A", abstract=".", upvotes=2), Paper(id="b", title="B", abstract=".")]
    assert [p.id for p in run_metadata(missing, papers).papers] == ["b"]
    newer = parse_metadata("Which is newer: InfAlign or DeAL?", [], 2025)
    assert newer is not None and newer.compare is Field.DATE and newer.descending
    assert newer.about == ("infalign", "deal")
    fact = parse_metadata("number of authors on the RewardDance paper?", [], 2025)
    assert fact is not None and fact.fact is Field.AUTHORS and fact.about == ("the rewarddance paper",)
    total = parse_metadata("How many papers are there in total?", [], 2025)
    assert total is not None and total.count and not total.conditions
    hyphen = parse_metadata("most-upvoted paper of 2024", [], 2025)
    assert hyphen is not None and hyphen.sort is Field.UPVOTES and hyphen.single
    assert parse_metadata("anything with 10+ authors?", [], 2025).conditions == (  # type: ignore[union-attr]
        Condition(Field.AUTHORS, "ge", 10),
    )
    assert parse_metadata("who won the 2022 World Cup?", [], 2025) is None
    meta = parse_metadata("anything from Meta?", ["facebook AI at Meta", "TIGER-Lab"], 2025)
    assert meta is not None and meta.organisation == "facebook AI at Meta"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("paper count for 2025?", "count"),
        ("what's the upvote count of PaCo-RL", "fact"),
        ("how much upvotes the MJ-Bench paper got?", "fact"),
        ("I would like to know the papers publish in year 2023 with the most of authors", "sort"),
        ("papers released on 10/04/2025", "date"),
    ],
)
def test_casual_metadata_phrasings(question: str, expected: str) -> None:
    query = parse_metadata(question, [], 2025)
    assert query is not None
    if expected == "count":
        assert query.count and query.conditions == (Condition(Field.DATE, "in", "2025"),)
    elif expected == "fact":
        assert query.fact is Field.UPVOTES and query.about
    elif expected == "sort":
        assert query.sort is Field.AUTHORS and Condition(Field.DATE, "in", "2023") in query.conditions
    else:
        assert query.conditions and query.conditions[0].field is Field.DATE


@pytest.mark.parametrize(
    "question",
    [
        "What's the indoor wayfinding paper where the agent first figures out which room it is in?",
        "a review of 400+ papers from HCI, NLP and ML, 2019 to early 2024, on bidirectional alignment",
        "Which model is the most human-like at judging similarity?",
        "Which theory work shows that taking the top-scored sample matches KL-regularised tuning?",
    ],
)
def test_long_topical_questions_are_not_metadata(question: str) -> None:
    assert parse_metadata(question, [], 2025) is None


def test_similar_papers_point_at_a_named_or_the_thread_s_paper() -> None:
    def names(text: str) -> list[str]:
        return ["urial"] if "URIAL" in text else []

    def read(question: str, history: list[Turn] | None = None) -> Query:
        return understand(question, history or [], names, frozenset(), 2025)

    for question in ("papers similar to URIAL", "anything like the URIAL paper?", "URIAL - similar papers?"):
        query = read(question)
        assert query.route is Route.SIMILAR and query.named == ("urial",), question
    listed = [Turn("which papers use GRPO?", "...", ("a", "b", "c"), "list")]
    assert read("similar papers?", listed).subject == ("a",)
    assert read("more like the third one", listed).subject == ("c",)
    # ... the ordinal alone ("more like the third" listed papers on "third")
    assert read("more like the third", listed).subject == ("c",)
    assert read("similar to the last", listed).subject == ("c",)
    assert read("papers similar to it?", listed).subject == ("a",)
    for short in ("anything similar?", "similar?", "any similar work?", "others similar to it"):
        assert read(short, listed).route is Route.SIMILAR and read(short, listed).subject == ("a",), short
    # A paper named by what it is about is resolved by the answerer; a topic is not a paper.
    described = read("papers similar to the alignment faking paper")
    assert described.route is Route.SIMILAR and described.topic == "alignment faking"
    assert read("papers related to reward hacking").route is Route.LIST
    assert read("anything like URIAL but with fine-tuning?").route is not Route.SIMILAR
    assert read("papers similar to reward hacking", listed).route is not Route.SIMILAR
    # Nothing to point at: not a request for neighbours.
    assert read("similar papers?").route is not Route.SIMILAR
    assert read("more like the ninth one", listed).route is not Route.SIMILAR


def test_help_is_a_turn_of_its_own() -> None:
    for question in (
        "help",
        "Help!",
        "what can you do?",
        "how do I use this?",
        "commands",
        "hi",
        "Hey there!",
        "???",
    ):
        assert _understand(question, []) is Route.HELP, question
    for question in (
        "which papers help with reward hacking?",
        "help me find the URIAL paper",
        "hi, what is DPO?",
    ):
        assert _understand(question, []) is not Route.HELP, question


def test_relative_days_count_back_from_the_newest_paper() -> None:
    def dates(question: str) -> list[tuple[str, str]]:
        query = parse_metadata(question, [], 2025, "2025-12-02")
        assert query is not None, question
        return [(c.op, str(c.value)) for c in query.conditions]

    assert dates("what's new this week?") == [("ge", "2025-11-26"), ("le", "2025-12-02")]
    assert dates("anything posted today?") == [("in", "2025-12-02")]
    assert dates("papers from yesterday") == [("in", "2025-12-01")]
    assert dates("papers from last week") == [("ge", "2025-11-19"), ("le", "2025-11-25")]
    assert dates("papers from last month") == [("in", "2025-11")]
    assert dates("most upvoted paper this month") == [("in", "2025-12")]
    assert dates("reward model papers from the past 10 days") == [("ge", "2025-11-23"), ("le", "2025-12-02")]
    assert dates("any papers from the last 3 months?") == [("ge", "2025-09-03"), ("le", "2025-12-02")]
    assert dates("what came out in the past two weeks?") == [("ge", "2025-11-19"), ("le", "2025-12-02")]
    week = parse_metadata("what's new this week?", [], 2025, "2025-12-02")
    assert week is not None and week.period == ("2025-11-26", "2025-12-02")
    plain = parse_metadata("papers from 2025-11-26", [], 2025, "2025-12-02")
    assert plain is not None and plain.period is None  # a date as written needs no gloss
    assert parse_metadata("what's new this week?", [], 2025, "2025-12") is None  # not a day: words
    # Without a newest date, the words are not dates.
    assert parse_metadata("what's new this week?", [], 2025) is None


def test_a_thread_compares_the_papers_it_points_at() -> None:
    listed = [Turn("which papers use GRPO?", "...", ("a", "b", "c"), "list")]

    def read(question: str, history: list[Turn]) -> Query:
        return understand(question, history, lambda t: [], frozenset(), 2025)

    for question, pair in (
        ("compare the first two", ("a", "b")),
        ("how do the first and third differ?", ("a", "c")),
        ("compare the 2nd and the 3rd one", ("b", "c")),
    ):
        query = read(question, listed)
        assert query.route is Route.COMPARE and query.subject == pair, question
    picked = [*listed, Turn("the second one?", "...", ("b",), "answer")]
    # "the third one" after a one-paper answer: the third of the set offered before it.
    assert read("tell me about the third one", picked).subject == ("c",)
    both = [Turn("DeAL vs GenARM", "...", ("d", "g"), "compare")]
    assert read("how do they differ?", both).subject == ("d", "g")
    # "compare them" after a list of three: all three, each quoted on the list's question
    for question in ("compare them", "how do they differ?", "what do they have in common?"):
        query = read(question, listed)
        assert query.route is Route.COMPARE and query.subject == ("a", "b", "c"), question
        assert query.topic.startswith("which papers use GRPO?"), question
    # ... one question of each of them, on its own words
    each = read("what did each of them evaluate on?", listed)
    assert each.route is Route.COMPARE and each.subject == ("a", "b", "c")
    assert each.topic == "what did each of them evaluate on?"
    # a pick of one stays a pick
    assert read("which of them uses an ensemble?", listed).subject == ()
    assert read("did they use a different dataset?", both).route is not Route.COMPARE
    authors = read("who are the authors?", [Turn("what is URIAL?", "...", ("u",), "answer")])
    assert authors.route is Route.METADATA and authors.subject == ("u",)


def test_a_concept_asked_about_is_shown_in_the_papers_that_use_it() -> None:
    for question, topic in (
        ("what is RLHF?", "RLHF"),
        ("explain GRPO", "GRPO"),
        ("tell me about DPO", "DPO"),
    ):
        query = understand(question, [], lambda t: [], frozenset(), 2025)
        assert query.route is Route.LIST and query.topic == topic, question
    # A paper it names is looked at, and a long description is searched as it is.
    assert _understand("what's a good way to keep a sourdough starter alive?", []) is Route.TOPICAL
    named = understand("what is URIAL?", [], lambda t: ["urial"] if "URIAL" in t else [], frozenset(), 2025)
    assert named.route is not Route.LIST and named.named == ("urial",)
    # One work it calls by what it is about is that paper, not a concept many papers use.
    for question in ("tell me about the alignment faking paper", "describe the alignment survey"):
        assert understand(question, [], lambda t: [], frozenset(), 2025).route is Route.TOPICAL, question


def test_how_many_papers_there_are_counts_the_corpus() -> None:
    for question in ("how many papers are there?", "how many papers do you have?"):
        query = parse_metadata(question, [], 2025)
        assert query is not None and query.count and not query.conditions and not query.topic
    about = parse_metadata("how many papers are there about diffusion?", [], 2025)
    assert about is not None and about.topic == "diffusion"
    assert parse_metadata("how many GPU hours did the Baichuan alignment pipeline take?", [], 2025) is None


@pytest.mark.parametrize(
    ("question", "quoted"),
    [
        (
            "Constitutional AI: Harmlessness from AI Feedback - pull it up",
            ("Constitutional AI: Harmlessness from AI Feedback",),
        ),
        (
            "cite Insights into Aligment: Evaluting DPO and its Variants Across Multiple Tasks",
            ("Insights into Aligment: Evaluting DPO and its Variants Across Multiple Tasks",),
        ),
        # a colon that opens a question is no title
        ("RLHF: which papers use it?", ()),
        ("Reward Hacking: Which Papers Study It?", ()),
        ("Alignment Faking in Large Language Models: what do they find?", ()),
    ],
)
def test_a_stretch_in_a_title_s_shape_is_a_title_in_any_turn(question: str, quoted: tuple[str, ...]) -> None:
    assert understand(question, [], lambda t: [], frozenset(), 2025).quoted == quoted


def test_follow_ups_found_by_a_new_question_set() -> None:
    def read(question: str, history: list[Turn], names: Callable[[str], list[str]] = lambda t: []) -> Query:
        return understand(question, history, names, frozenset(), 2025)

    listed = [Turn("drones / UAV papers?", "...", ("a", "b"), "list")]
    assert read("which one uses RL?", listed).among == ("a", "b")
    narrowed = read("only the image-generation ones", listed)
    assert (
        narrowed.route is Route.LIST and narrowed.among == ("a", "b") and narrowed.topic == "image generation"
    )
    # After a one-paper answer, "which of those" is that paper; "the one that …" another paper.
    one = [Turn("RL with sparse rewards - what do we have?", "...", ("t",), "list")]
    assert read("which of those is about image generation?", one).among == ("t",)
    assert read("and the one that explains thumbs-up labels?", one).among == ()
    single = [Turn("what is L2Calib?", "...", ("l",), "answer")]
    assert read("what's the reward?", single).subject == ("l",)
    assert read("what is RLHF?", single).subject == ()  # no article: the concept
    assert read("and once they actually trained it with RL?", single).subject == ("l",)
    fact = [Turn("how many upvotes did it get?", "...", ("s",), "metadata")]
    authors = read("and how many authors?", fact)
    assert authors.route is Route.METADATA and authors.subject == ("s",)
    # "it" is the thread's paper; "cut" only matched a name (CUT) through a lowercase word.
    cut = read("by how much did it cut deceptive behaviour?", single, lambda t: ["cut"] if "cut" in t else [])
    assert cut.subject == ("l",) and cut.named == ()


def test_metadata_questions_about_the_set_a_thread_just_offered() -> None:
    def read(question: str, history: list[Turn]) -> Query:
        return understand(question, history, lambda t: [], frozenset(), 2025)

    listed = [Turn("reward models for image editing", "...", ("a", "b", "c"), "list")]
    # Pointed at the set: filtered, sorted or counted as the corpus would be, over the set only.
    for question, field in (
        ("which one is newest?", Field.DATE),
        ("which of those has the most upvotes?", Field.UPVOTES),
        ("which of them has the most authors?", Field.AUTHORS),
    ):
        query = read(question, listed)
        assert query.route is Route.METADATA and query.among == ("a", "b", "c"), question
        assert query.metadata is not None and query.metadata.sort is field and query.metadata.single
    dated = read("which of those are from 2024?", listed)
    assert dated.route is Route.METADATA and dated.among == ("a", "b", "c")
    assert dated.metadata is not None and dated.metadata.conditions[0].value == "2024"
    counted = read("how many of them have more than 5 authors?", listed)
    assert counted.metadata is not None and counted.metadata.count and counted.among == ("a", "b", "c")
    # A bare superlative right after a list is about the list ...
    first = read("which came out first?", listed)
    assert first.route is Route.METADATA and first.among == ("a", "b", "c")
    # ... but not when it says it asks the whole corpus, or brings a filter of its own.
    assert read("what is the newest paper overall?", listed).among == ()
    assert read("how many papers from 2023?", listed).among == ()
    # A condition that is not metadata still narrows the set by topic.
    assert read("which of those use RL?", listed).route is Route.LIST
    # Without a set in the thread it is the corpus's question.
    assert read("which one is newest?", []).among == ()


def test_follow_ups_and_metadata_forms_found_by_the_fourth_round_of_question_sets() -> None:
    def read(question: str, history: list[Turn]) -> Query:
        return understand(question, history, lambda t: [], frozenset(), 2025)

    single = [Turn("test-time scaling that drops bad noise seeds early", "...", ("t",), "answer")]
    # "that" ending the question points at the thread's paper; "papers that …" does not.
    posted = read("when was that posted", single)
    assert posted.route is Route.METADATA and posted.subject == ("t",)
    assert posted.metadata is not None and posted.metadata.fact is Field.DATE
    # A field asked with nothing else, right after an answer about one paper, is that paper's.
    authors = read("how many authors?", single)
    assert authors.route is Route.METADATA and authors.subject == ("t",)
    assert authors.metadata is not None and authors.metadata.fact is Field.AUTHORS
    listed = [Turn("anything about music in here?", "...", ("m", "v", "w"), "list")]
    # After a list: each of its papers' field, ordered by it (which one of three is not guessed).
    each = read("how many authors?", listed)
    assert each.route is Route.METADATA and each.subject == () and each.among == ("m", "v", "w")
    assert each.metadata is not None and each.metadata.sort is Field.AUTHORS and not each.metadata.single
    # "the recommendation one": a word of it picks one paper of the set.
    picked = read("tell me more about the recommendation one", listed)
    assert picked.route is Route.TOPICAL and picked.among == ("m", "v", "w")
    assert read("papers that use the same one-step sampler", listed).among == ()


def test_metadata_forms_found_by_the_fourth_round_of_question_sets() -> None:
    # A question word typed in a hurry is still the question word; "upvote count" names the field.
    typed = parse_metadata("wich paper has the highest upvote count", [], 2025)
    assert typed is not None and typed.sort is Field.UPVOTES and typed.single and not typed.count
    assert typed.listing
    # "on the day X was posted" asks for the papers of X's day.
    day = parse_metadata("did anything else come out on the day Vision-R1 was posted?", [], 2025)
    assert day is not None and day.same_day and day.about == ("vision-r1",)
    # Any verb of a relative clause on the papers gives the topic the superlative is taken in.
    among = parse_metadata("Of the papers that train with GRPO, which got the most upvotes?", [], 2025)
    assert among is not None and among.sort is Field.UPVOTES and among.topic == "grpo"
    assert (
        parse_metadata("which papers that were posted in 2024 have the most authors?", [], 2025) is not None
    )


def test_list_qualifiers_and_ellipsis_frames_found_by_the_fourth_round_of_question_sets() -> None:
    def read(question: str, history: list[Turn]) -> Query:
        return understand(question, history, lambda t: [], frozenset(), 2025)

    # The words between "any other" and "papers" say which papers: they stay in the topic.
    single = [Turn("generative recommender that replaces retrieve-and-rank", "...", ("o",), "answer")]
    other = read("any other recommendation papers that use language models?", single)
    assert other.route is Route.LIST and other.exclude == ("o",)
    assert "recommendation" in other.topic and "language models" in other.topic
    assert "other" not in read("which other papers here use GRPO?", []).topic
    # "are there any other …" with a qualifier of two words: a list, its words kept
    refused = [Turn("which paper introduced RewardBench?", "...", (), "refusal")]
    more = read("are there any other reward model benchmarks here?", refused)
    assert more.route is Route.LIST and "reward model benchmarks" in more.topic
    # "and for X?" replaces the topic of the last question about a topic, not of a question
    # about the thread's paper ("how many skills did they evaluate on").
    thread = [
        Turn("goal-conditioned imitation from hand-drawn sketches", "...", ("r",), "answer"),
        Turn("how many manipulation skills did they evaluate on", "...", ("r",), "answer"),
    ]
    ellipsis = read("and for navigation where the goal is a photo?", thread)
    assert "manipulation" not in ellipsis.topic and "navigation" in ellipsis.topic


def test_counting_things_other_than_papers_is_no_metadata_question() -> None:
    # "OpenRubrics" is also an organisation of the listing; the question counts the paper's pairs.
    organisations = frozenset({"OpenRubrics"})
    assert parse_metadata("how many prompt-rubric pairs are in OpenRubrics", organisations, 2025) is None
    assert parse_metadata("how many GPU hours did the pipeline take?", organisations, 2025) is None
    counted = parse_metadata("how many papers from OpenRubrics?", organisations, 2025)
    assert counted is not None and counted.count and counted.organisation == "OpenRubrics"
    plain = parse_metadata("how many are from OpenRubrics?", organisations, 2025)
    assert plain is not None and plain.count


def test_an_organisation_given_for_a_named_paper_is_its_fact() -> None:
    for question in (
        "Which organisation is given for the WaltzRL paper?",
        "what organisation is listed for EditReward?",
    ):
        parsed = parse_metadata(question, [], 2025)
        assert parsed is not None and parsed.fact is Field.ORGANISATION, question


def test_before_or_after_and_most_recently_are_date_questions() -> None:
    both = parse_metadata("was GenARM before or after the paper on reward calibration?", [], 2025)
    assert both is not None and both.compare is Field.DATE
    assert both.about == ("genarm", "the paper on reward calibration")
    either = parse_metadata("is it older or newer than URIAL?", [], 2025)
    assert either is not None and either.compare is Field.DATE and either.about == ("it", "urial")
    # A verb other than a date's is no comparison of dates.
    assert parse_metadata("was alignment faking studied before RLHF became popular?", [], 2025) is None
    newest = parse_metadata(
        "among the papers on video generators, which one was posted most recently?", [], 2025
    )
    assert newest is not None and newest.sort is Field.DATE and newest.descending and newest.single


def test_a_dated_comparison_with_the_thread_paper_compares_it() -> None:
    single = [Turn("which paper is GenARM?", "...", ("genarm",), "answer")]
    for question in (
        "was it posted before or after the paper on reward calibration?",
        "Was that before or after the all-modality alignment paper?",
    ):
        query = understand(question, single, lambda t: [], frozenset(), 2025)
        assert query.route is Route.METADATA and query.subject == ("genarm",), question
        assert query.metadata is not None and query.metadata.compare is Field.DATE
        assert len(query.metadata.about) == 1 and "paper" in query.metadata.about[0]


def test_a_turn_that_says_it_is_unrelated_stands_alone() -> None:
    single = [Turn("which paper argues against preferences?", "...", ("beyond",), "answer")]
    for lead in ("Totally unrelated:", "ok unrelated -", "unrelated:"):
        query = understand(
            f"{lead} which paper deploys a generative recommender and evaluates it at Kuaishou?",
            single,
            lambda t: [],
            frozenset(),
            2025,
        )
        assert query.subject == () and query.alone and not query.follow_up, lead
    # Without the lead-in, "it" is the thread's paper.
    pointing = understand("did they evaluate it at Kuaishou?", single, lambda t: [], frozenset(), 2025)
    assert pointing.subject == ("beyond",) and not pointing.alone


def test_a_list_asking_is_there_x_work_keeps_x() -> None:
    query = understand(
        "is there RL work on calibrating lidar extrinsics?", [], lambda t: [], frozenset(), 2025
    )
    assert query.route is Route.LIST and "RL" in query.topic.split()


def test_a_capitalised_word_of_an_introduced_phrase_is_no_name() -> None:
    names = extract_names(
        "Reward Generalization in RLHF: A Topological Perspective",
        "At the micro level, we present induced Bayesian networks as a theory of reward generalization.",
    )
    assert "bayesian" not in names
    # A name the abstract calls something keeps even before a plain word.
    called = extract_names(
        "Thousands of Preferences", "we train a 7B LLM called Janus and test it on 921 prompts."
    )
    assert called.get("janus") == Strength.DEFINED


def test_more_metadata_forms_from_new_questions() -> None:
    month = parse_metadata("september papers? (this year)", [], 2025)
    assert month is not None and Condition(Field.DATE, "in", "2025-09") in month.conditions
    assert parse_metadata("may papers use rlhf?", [], 2025) is None  # "may" before "papers" is a verb
    few = parse_metadata("2025 papers written by just one or two people", [], 2025)
    assert few is not None
    assert {Condition(Field.AUTHORS, "ge", 1), Condition(Field.AUTHORS, "le", 2)} <= set(few.conditions)
    shared = parse_metadata("vision-r1 shares its posting date with which other paper?", [], 2025)
    assert shared is not None and shared.same_day and shared.about == ("vision-r1",)
    newest = parse_metadata("newest of the rubric-based reward model papers?", [], 2025)
    assert newest is not None and newest.sort is Field.DATE and newest.single
    assert newest.topic == "rubric-based reward model"
    listed = parse_metadata("mm-rlhf vs the alignment-faking paper: which one lists more authors?", [], 2025)
    assert listed is not None and listed.compare is Field.AUTHORS
    assert listed.about == ("mm-rlhf", "the alignment-faking paper")


def test_the_x_one_after_a_thread_of_one_paper_is_that_paper() -> None:
    thread = [
        Turn("robot policies aligned with trajectory preferences?", "...", ("grape",), "answer"),
        Turn("is there something similar for driving?", "...", (), "refusal"),
    ]
    query = understand(
        "ok then just give me the bibtex for the robot one", thread, lambda t: [], frozenset(), 2025
    )
    # (the paper the words pick of the thread's one: that paper, or one the question that gave
    # it ranks when its abstract does not write them; session 52)
    assert query.among == ("grape",) and query.route is Route.LOOKUP


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("where does Stable Diffusion 1.5 appear?", "Stable Diffusion 1.5"),
        ("beam search shows up where?", "beam search"),
        ("Gemini (the Google model) - where does it get referenced?", "Gemini (the Google model)"),
        ("where is the UltraFeedback data used?", "the UltraFeedback data"),
    ],
)
def test_where_something_appears_lists_the_papers_using_it(question: str, topic: str) -> None:
    thread = [Turn("what is URIAL?", "...", ("urial",), "answer")]
    for history in ([], thread):
        query = understand(question, history, lambda t: [], frozenset(), 2025)
        assert query.route is Route.LIST and query.topic == topic and query.subject == ()
    # Pointing back at the thread's paper is no such question.
    back = understand("where else is it used?", thread, lambda t: [], frozenset(), 2025)
    assert back.route is not Route.LIST


def test_a_list_of_a_kind_of_paper_keeps_the_kind() -> None:
    kind = understand(
        "which datasets in here were built by crowdsourcing?", [], lambda t: [], frozenset(), 2025
    )
    assert kind.route is Route.LIST and "datasets" in kind.topic.split()
    evaluated = understand(
        "papers evaluated on MuJoCo or DeepMind Control", [], lambda t: [], frozenset(), 2025
    )
    assert evaluated.route is Route.LIST
    # Of the thread's paper, the same words ask about it.
    thread = [Turn("what is URIAL?", "...", ("urial",), "answer")]
    asked = understand("which datasets did they use?", thread, lambda t: [], frozenset(), 2025)
    assert asked.subject == ("urial",)


def test_what_the_paper_calls_its_own_model_is_its_name() -> None:
    names = extract_names(
        "Ensuring Safe and High-Quality Outputs: A Guideline Library Approach for Language Models",
        "Notably, our fine-tuned model, Labrador, even at 13 billion parameters, outperforms GPT-3.5-turbo.",
    )
    assert names.get("labrador") == Strength.DEFINED
    assert "gpt35turbo" not in names or names["gpt35turbo"] < Strength.DEFINED


@pytest.mark.parametrize(
    ("question", "task"),
    [
        ("write me a python function that reverses a linked list", True),
        ("give me a bash one-liner that counts lines across all .py files in a repo", True),
        ("can you write a short poem about reward hacking", True),
        ("give me the code for URIAL", False),  # its repository: a lookup
        ("give me papers on reward hacking", False),
        ("write-ups about DPO?", False),
        ("translate 'the reviewers liked our rebuttal' into german pls", True),
        ("can you proofread my abstract", True),
        ("rewrite this sentence more formally", True),
        ("which papers translate preferences into rewards?", False),
        ("paraphrase detection papers?", False),
    ],
)
def test_a_request_for_work_is_no_question_about_papers(question: str, task: bool) -> None:
    assert understand(question, [], lambda t: [], frozenset(), 2025).task is task


def test_recent_work_on_a_topic_is_looked_up_not_sorted() -> None:
    assert parse_metadata("summarise recent work on the black hole information paradox.", [], 2025) is None
    newest = parse_metadata("what are the newest papers on dpo?", [], 2025)
    assert newest is not None and newest.sort is Field.DATE
    bare = parse_metadata("recent papers?", [], 2025)
    assert bare is not None and bare.sort is Field.DATE


def test_a_list_of_mentions_is_marked_and_keeps_what_is_mentioned() -> None:
    query = understand(
        "Which abstracts bring up hallucination, either as the thing they fix or measure?",
        [],
        lambda t: [],
        frozenset(),
        2025,
    )
    assert query.route is Route.LIST and query.mention and query.topic.startswith("hallucination")
    about = understand("which papers study reward hacking?", [], lambda t: [], frozenset(), 2025)
    assert not about.mention


def _read(question: str, history: list[Turn] | None = None) -> Query:
    return understand(question, history or [], lambda t: [], frozenset(), 2025, "2025-11-27")


def test_a_comparative_within_the_thread_s_set_sorts_the_set() -> None:
    listed = [Turn("other papers that deal with alignment faking?", "...", ("a", "b", "c"), "list")]
    for question, field, descending in [
        ("which of those two has more authors?", Field.AUTHORS, True),
        ("which of them got fewer upvotes?", Field.UPVOTES, False),
        ("which one is older?", Field.DATE, False),
    ]:
        query = _read(question, listed)
        assert query.route is Route.METADATA and query.among == ("a", "b", "c"), question
        assert query.metadata is not None and query.metadata.sort is field, question
        assert query.metadata.descending is descending, question
    # of exactly two, the two compared
    two = _read("which of them got fewer upvotes?", [Turn("papers on X?", "...", ("a", "b"), "list")])
    assert two.route is Route.METADATA and two.subject == ("a", "b")
    assert two.metadata is not None and two.metadata.compare is Field.UPVOTES
    # "than" compares with something else: not a sort of the set
    than = _read("which of those has more authors than GenARM?", listed)
    assert than.metadata is None or than.metadata.sort is None


def test_the_other_one_s_field_is_read_from_the_set() -> None:
    thread = [
        Turn("are there reward models for image editing?", "...", ("a", "b"), "list"),
        Turn("which of those two is trained with GRPO?", "...", ("a",), "answer"),
    ]
    query = _read("and how many upvotes does the other one have?", thread)
    assert query.route is Route.METADATA and query.subject == ("b",)
    assert query.metadata is not None and query.metadata.fact is Field.UPVOTES


def test_the_same_day_points_at_the_thread_s_paper_or_at_nothing() -> None:
    thread = [Turn("which one fine-tunes with LoRA on a FEM course?", "...", ("aiu",), "answer")]
    for question in ("anything else posted the same day?", "was anything else posted the same day as it?"):
        query = _read(question, thread)
        assert query.route is Route.METADATA and query.subject == ("aiu",), question
        assert query.metadata is not None and query.metadata.same_day, question
    # without a thread, "the same day" is no date at all
    assert _read("anything posted the same day?").route is not Route.METADATA
    # ... and the same month or year of it
    for question, span in (
        ("any other papers in here from that year?", "year"),
        ("anything else from the same month?", "month"),
        ("papers posted the same day?", "day"),
    ):
        query = _read(question, thread)
        assert query.route is Route.METADATA and query.subject == ("aiu",), question
        assert query.metadata is not None and query.metadata.same_span == span, question


@pytest.mark.parametrize(
    ("question", "cited"),
    [
        ("who cites URIAL?", "URIAL"),
        ("which papers cite DPO?", "DPO"),
        ("papers citing the alignment faking paper", "the alignment faking paper"),
        ("is URIAL cited by any other paper here?", "URIAL"),
    ],
)
def test_papers_citing_one_are_the_abstracts_that_name_it(question: str, cited: str) -> None:
    def names(text: str) -> list[str]:
        return ["urial"] if "URIAL" in text else []

    query = understand(question, [], names, frozenset(), 2025)
    assert query.route is Route.LIST and query.mention and query.topic == cited
    assert query.unrecorded == "citation links" and query.exclude == query.named[:1]
    # "cite URIAL" asks for its BibTeX
    assert understand("cite URIAL", [], names, frozenset(), 2025).route is Route.LOOKUP


def test_an_ordinal_ending_the_turn_picks_from_the_set() -> None:
    compared = [Turn("compare DeAL and GenARM", "...", ("deal", "genarm"), "compare")]
    query = _read("bibtex for the second", compared)
    assert query.route is Route.LOOKUP and query.subject == ("genarm",)
    listed = [Turn("papers on reward hacking", "...", ("a", "b", "c"), "list")]
    assert _read("tell me about the third", listed).subject == ("c",)
    # after one paper, "and the first?" is no pick of it
    newest = [Turn("what's the newest paper?", "...", ("n",), "metadata")]
    assert _read("and the first?", newest).subject != ("n",)
    # ... and so does one the turn asks of, with no noun after it; not a part or a time of one
    assert _read("what did the second find?", listed).subject == ("b",)
    assert _read("which datasets does the 3rd use?", listed).subject == ("c",)
    assert _read("does the first stage use RL?", listed).subject != ("a",)
    assert _read("did the first two use RL?", listed).subject != ("a",)  # two of them, not the first


def test_a_count_of_nothing_after_a_list_counts_the_list() -> None:
    listed = [Turn("papers on text-to-image alignment", "...", ("a", "b"), "list", more=("c",))]
    for question in (
        "how many are there?",
        "how many in total?",
        "how many papers is that?",  # (these three read as a question about the first paper)
        "how many?",
        "count them",
        "how many of them are there?",
    ):
        query = _read(question, listed)
        assert query.route is Route.METADATA and query.among == ("a", "b", "c"), question
        assert query.metadata is not None and query.metadata.count, question
    # a count with words of its own asks the corpus
    assert _read("how many papers are there in the corpus?", listed).among == ()


def test_a_bare_sort_after_a_sort_of_a_list_sorts_the_list_again() -> None:
    thread = [
        Turn("papers about music", "...", ("a", "b", "c"), "list"),
        Turn("which is the newest?", "...", ("c",), "metadata"),
    ]
    for question, field in (("and the oldest?", Field.DATE), ("and the most upvoted?", Field.UPVOTES)):
        query = _read(question, thread)
        assert query.route is Route.METADATA and query.among == ("a", "b", "c"), question
        assert query.metadata is not None and query.metadata.sort is field, question
    # after a sort of the whole corpus, the corpus
    overall = [thread[0], Turn("what is the newest paper overall?", "...", ("z",), "metadata")]
    assert _read("and the oldest?", overall).among == ()


def test_the_same_year_as_a_named_paper_is_its_year() -> None:
    meta = parse_metadata("papers from the same year as URIAL", [], 2025)
    assert meta is not None and meta.same_day and meta.same_span == "year" and meta.about == ("urial",)
    meta = parse_metadata("what else came out the same day as URIAL?", [], 2025)
    assert meta is not None and meta.same_span == "day"
    # ... and its organisation ("the same org as EditReward" listed every credited paper)
    meta = parse_metadata("papers from the same org as EditReward", [], 2025)
    assert meta is not None and meta.same_span == "organisation" and not meta.has_organisation
    assert meta.about == ("editreward",)


@pytest.mark.parametrize(
    ("question", "about", "facts"),
    [
        (
            "Turing RSA paper: posting date and number of authors?",
            "turing rsa paper",
            ("date", "author_count"),
        ),
        (
            "When was OpenRubrics posted, and which organisation is listed for it?",
            None,
            ("date", "organisation"),
        ),
        ("who published WebLINX and when", "weblinx", ("authors", "date")),
        ("how many upvotes and authors does EditReward have?", "editreward", ("upvotes", "author_count")),
        ("when was PARL posted and how many authors does it have?", None, ("date", "author_count")),
        ("who wrote it? how many authors?", None, ("authors", "author_count")),
        # "authors" alone beside other facts: who they are (their count when none is named)
        ("date, upvotes and authors of the PARL paper", None, ("date", "upvotes", "authors")),
        # one fact asked: no list of them
        ("how many upvotes did the alignment faking paper get?", "the alignment faking paper", ()),
    ],
)
def test_every_fact_asked_of_one_paper_is_read_in_order(
    question: str, about: str | None, facts: tuple[str, ...]
) -> None:
    thread = [Turn("what is PARL?", "...", ("parl",), "answer")]
    query = _read(question, thread)
    assert query.route is Route.METADATA and query.metadata is not None
    assert tuple(field.value for field in query.metadata.also) == facts
    if about is not None:
        assert query.metadata.about == (about,)


@pytest.mark.parametrize(
    "question",
    [
        "are there reward models for image tasks other than plain text-to-image?",
        "who compares against OpenAI's text-davinci-003?",
        "list every paper that reports AlpacaEval results",
        "which papers compare human and model concept similarity judgments?",
    ],
)
def test_plural_asks_are_lists(question: str) -> None:
    assert _read(question).route is Route.LIST


def test_compare_asked_of_two_things_is_still_a_comparison() -> None:
    query = _read("compare DeAL and GenARM")
    assert query.route is Route.COMPARE and query.sides == ("DeAL", "GenARM")


def test_another_paper_sought_by_what_it_does_is_not_the_thread_s_paper() -> None:
    thread = [Turn("the short-video generative recommender paper?", "...", ("onerec",), "answer")]
    query = _read("any other recommender here that says it's deployed in production?", thread)
    assert query.route is Route.LIST and query.exclude == ("onerec",) and query.subject == ()
    assert "recommender" in query.topic and "deployed" in query.topic
    one = _read("is there another benchmark that tests it on video?", thread)
    assert one.route is Route.TOPICAL and one.exclude == ("onerec",)


def test_month_ranges_and_today_s_as_the_present() -> None:
    ranged = parse_metadata("papers from Oct-Dec 2023 with fewer than 6 authors?", [], 2025)
    assert ranged is not None
    assert Condition(Field.DATE, "ge", "2023-10-01") in ranged.conditions
    assert Condition(Field.DATE, "le", "2023-12-31") in ranged.conditions
    present = "a paper warning that AI could lock in today's moral blind spots - which one?"
    assert parse_metadata(present, [], 2025, "2025-11-27") is None
    today = parse_metadata("papers posted today", [], 2025, "2025-11-27")
    assert today is not None and today.conditions == (Condition(Field.DATE, "in", "2025-11-27"),)


def test_the_sort_s_answer_is_what_when_was_it_posted_asks_about() -> None:
    question = (
        "Of the papers about inverse RL for LLM alignment, which is the most recent and when was it posted?"
    )
    query = parse_metadata(question, [], 2025)
    assert query is not None and query.sort is Field.DATE and query.descending and query.fact is None


def test_a_question_citing_authors_is_marked() -> None:
    assert _read("bibtex for the original LoRA paper (Hu et al.)").cites_authors
    assert _read("Schulman et al.'s PPO paper - do we have it?").cites_authors
    assert not _read("which papers study reward hacking?").cites_authors


def test_a_bracketed_name_set_beside_our_approach_is_defined() -> None:
    names = extract_names(
        "Parameter-Efficient Tuning Helps Language Model Alignment",
        "We study control tokens. Our approach, alignMEnt with parameter-Efficient Tuning (MEET), "
        "improves quality. Our method beats direct preference optimization (DPO) by far.",
    )
    assert names["meet"] == Strength.DEFINED
    assert names["dpo"] == Strength.MENTIONED  # compared with, not its own


def test_a_name_the_paper_uses_is_not_its_own() -> None:
    used = extract_names(
        "t",
        "We present a pipeline to fine-tune an open-source LLM with Low-Rank Adaptation (LoRA), and more. "
        "Specifically, on WebArena, a benchmark featuring web tasks, our agent wins.",
    )
    assert used["lora"] == Strength.MENTIONED and used["webarena"] == Strength.MENTIONED
    own = extract_names(
        "t",
        "We term this approach as AI-Driven Research for Systems (ADRS), which iterates. "
        "P-Aligner is trained on UltraPrompt, a new dataset synthesized via principles. "
        "We propose Direct Preference Optimization with an Offset (ODPO), a method.",
    )
    assert own["adrs"] == own["ultraprompt"] == own["odpo"] == Strength.DEFINED


def test_a_question_for_another_thing_is_no_lookup_for_a_later_word() -> None:
    # "reference" ends it, but the question asks for a coefficient.
    asked = _read("what KL coefficient did SALSA use for its model-soup reference?")
    assert asked.route is Route.TOPICAL
    assert _read("RLHS hindsight simulation - reference?").route is Route.LOOKUP
    assert _read("what is the arxiv id of the RLHS paper?").route is Route.LOOKUP
    assert _read("which paper has the link to the PRM code?").route is Route.LOOKUP


def test_a_list_qualified_by_a_hyphenated_or_joined_word_keeps_it() -> None:
    for question, kind in (
        ("Which recommender/search papers report real production deployments?", "recommender/search"),
        ("Which text-to-image papers report DrawBench or HPSv2 numbers?", "text-to-image"),
    ):
        asked = _read(question)
        assert asked.route is Route.LIST and kind in asked.topic, question


def test_a_question_after_a_names_colon_is_no_subtitle() -> None:
    asked = _read("Labrador-13B: which paper's model is that? give me the complete title")
    assert asked.route is Route.LOOKUP and asked.quoted == ()
    # A subtitle may open with "how"; without a question mark it is the title's.
    titled = _read("Barbarians at the gates: how AI is upending system reserach - cite")
    assert titled.quoted[0].startswith("Barbarians at the gates: how AI is upending system reserach")


def test_a_paper_asked_for_by_a_name_is_marked() -> None:
    assert _read("I want the DeepSeek-R1 paper itself, the one on RL").called == ("DeepSeek-R1",)
    assert _read("link to the original Constitutional AI paper").called == ("Constitutional AI",)
    assert _read("cite the Qwen2.5 technical report").called == ("Qwen2.5",)
    # A lookup that opens with a name asks for the paper by it; a plural is a kind of model.
    assert _read("cite LIMA (less is more for alignment)").called == ("LIMA",)
    assert _read("sampel dont serch - rethinking test time aligment for LMs, exact title?").called == ()
    # A sentence's end is no name ("... in the LLM. Which paper ..."), nor a word in lowercase.
    assert _read("tokens confuse the LLM. Which paper fixes that?").called == ()
    assert _read("the reward hacking paper from last week").called == ()
    # "an RLAIF paper" is a paper about RLAIF, one of a kind; "the RLAIF paper" may be its name.
    assert _read("Is there an RLAIF paper where Gemini labels the preferences?").called == ()
    assert _read("Do we have a GAN paper from this year?").called == ()


def test_the_last_word_of_a_longer_name_is_not_its_own_name() -> None:
    names = extract_names(
        "Shopping MMLU: A Massive Multi-Task Online Shopping Benchmark for Large Language Models",
        "Models fall short. Motivated by this, we propose Shopping MMLU, a diverse multi-task online "
        "shopping benchmark derived from real-world Amazon data. Shopping MMLU consists of 57 tasks. "
        "RewardBench, a benchmark of preference pairs, is used too.",
    )
    # "MMLU" alone is the benchmark other papers report on, not this paper's name.
    assert names["shoppingmmlu"] == Strength.TITLE and names["mmlu"] == Strength.MENTIONED
    assert names["rewardbench"] == Strength.DEFINED  # the sentence opens with it: the whole name


def test_two_papers_on_the_same_day_and_a_pick_by_what_it_does() -> None:
    both = parse_metadata(
        "were the CREAM paper and the weak-to-strong pilot study released on the same day?", [], 2025
    )
    assert both is not None and both.compare is Field.DATE and len(both.about) == 2
    listed = [Turn("papers on reward model ensembles", "...", ("a", "b", "c"), "list")]
    picked = _read("the one with bayesian ensembles, when it was posted?", listed)
    assert picked.route is Route.METADATA and picked.among == ("a", "b", "c")
    assert picked.metadata is not None and picked.metadata.fact is Field.DATE
    covering = _read("and the one covering legal reasoning, when was it posted?", listed)
    assert covering.route is Route.METADATA and covering.among == ("a", "b", "c")


def _names_of(known: dict[str, str]) -> Callable[[str], list[str]]:
    """A `names` function that finds each known name written in a text."""
    return lambda text: [pid for name, pid in known.items() if name.lower() in text.lower()]


def test_a_paper_set_up_as_a_model_is_not_the_one_sought() -> None:
    names = _names_of({"MaPO": "mapo", "RAG-RewardBench": "ragrb", "PixArt": "pixart", "Uni-O4": "unio4"})
    like = understand("a preference method like MaPO but for video generation?", [], names, frozenset(), 2025)
    assert like.route is Route.TOPICAL and like.exclude == ("mapo",) and like.named == ()
    assert "MaPO" not in like.topic and "video generation" in like.topic
    bracketed = understand(
        "a benchmark (like RAG-RewardBench) but multilingual?", [], names, frozenset(), 2025
    )
    assert bracketed.exclude == ("ragrb",) and "(" not in bracketed.topic
    styled = understand("Is there a PixArt-style transformer for video?", [], names, frozenset(), 2025)
    assert styled.exclude == ("pixart",)
    # A style in a description of the paper itself, asking no search, names that paper.
    itself = understand(
        "Uni-O4 style idea: one on-policy objective offline and online", [], names, frozenset(), 2025
    )
    assert itself.named == ("unio4",) and itself.exclude == ()


def test_a_comparison_inside_the_one_paper_named_is_a_question_about_it() -> None:
    names = _names_of({"MJ-Bench": "mjbench", "Diffusion-DPO": "ddpo"})
    inside = understand("In MJ-Bench, how did Gemini do compared to GPT-4o?", [], names, frozenset(), 2025)
    assert inside.route is Route.TOPICAL and inside.named == ("mjbench",)
    # A side that describes a paper keeps the comparison of two papers.
    two = understand(
        "how's the Diffusion-DPO approach different from that margin-aware one?", [], names, frozenset(), 2025
    )
    assert two.route is Route.COMPARE
    titled = understand(
        "What's the difference between Locality Alignment and UI-JEPA?",
        [],
        _names_of({"UI-JEPA": "uij"}),
        frozenset(),
        2025,
    )
    assert titled.route is Route.COMPARE


def test_a_coinage_set_beside_a_long_description_of_an_artifact_is_the_papers_own() -> None:
    abstract = (
        "We propose CoPG, a simple and mathematically principled new RL algorithm that learns off-policy."
    )
    assert extract_names("Contrastive Policy Gradient", abstract)["copg"] is Strength.DEFINED


def test_a_bracketed_short_name_ending_a_title_or_its_first_part_is_the_title_s() -> None:
    ending = extract_names("Checklist for Generative Modeling Research (MI-CLAIM-GEN)", ".")
    assert ending["miclaimgen"] is Strength.TITLE
    leading = extract_names("Turing Representational Similarity Analysis (RSA): A Flexible Method", ".")
    assert leading["rsa"] is Strength.TITLE
    # A bracket inside the title is an aside, and a two-letter one no name.
    aside = extract_names("A Survey of Generative Artificial Intelligence (AI) Research Landscape", ".")
    assert "ai" not in aside


def test_a_field_named_before_its_number_is_a_condition() -> None:
    exactly = parse_metadata("I need the papers whose author count is exactly 11.", [], 2025)
    assert exactly is not None and exactly.conditions == (Condition(Field.AUTHORS, "eq", 11),)
    above = parse_metadata("papers with an upvote count above 5", [], 2025)
    assert above is not None and above.conditions == (Condition(Field.UPVOTES, "gt", 5),)
    least = parse_metadata("papers whose number of authors is at least 20", [], 2025)
    assert least is not None and least.conditions == (Condition(Field.AUTHORS, "ge", 20),)
    assert fact_cue("MI-CLAIM-GEN: size of the author team?") == (Field.AUTHORS, "mi-claim-gen")
    assert fact_cue("what's the author count of URIAL?") == (Field.AUTHORS, "urial")


def test_first_as_an_adverb_sorts_nothing() -> None:
    assert (
        parse_metadata("an agent that first works out if its view matches the goal photo", [], 2025) is None
    )
    oldest = parse_metadata("the first works on reward hacking", [], 2025)
    assert oldest is not None and oldest.sort is Field.DATE and not oldest.descending


def test_it_in_a_fact_question_that_names_one_paper_is_that_paper() -> None:
    names = lambda text: ["traitors"] if "traitors" in text.lower() else []  # noqa: E731
    query = understand(
        "Is The Traitors single-authored? How many authors does it list?", [], names, frozenset(), 2025
    )
    assert query.route is Route.METADATA and query.subject == ("traitors",)
    assert query.metadata is not None and query.metadata.fact is Field.AUTHORS


def test_the_x_one_picks_among_every_paper_the_thread_gave() -> None:
    thread = [
        Turn("agent framework tested on LegalAgentBench", "...", ("goalact",), "answer"),
        Turn("and for controlling mobile phones?", "...", ("mobileagent",), "answer"),
    ]
    query = understand("bibtex for that phone one", thread, lambda t: [], frozenset(), 2025)
    assert query.route is Route.LOOKUP and set(query.among) == {"goalact", "mobileagent"}
    # "that no one ..." picks nothing
    plain = understand("a topic that no one studied", thread, lambda t: [], frozenset(), 2025)
    assert plain.among == ()


def test_back_to_the_x_one_picks_among_the_thread_not_only_the_latest_list() -> None:
    thread = [
        Turn("papers on honesty of LLMs?", "...", ("honesty",), "answer"),
        Turn("what about reward hacking?", "...", ("calibration", "ensembles", "overoptimization"), "list"),
    ]
    query = understand("back to the honesty one - who wrote it?", thread, lambda t: [], frozenset(), 2025)
    assert query.among[:3] == ("calibration", "ensembles", "overoptimization") and "honesty" in query.among
    # without the return, the words pick from the latest list alone
    latest = understand("the ensemble one - who wrote it?", thread, lambda t: [], frozenset(), 2025)
    assert latest.among == ("calibration", "ensembles", "overoptimization")


def test_what_the_papers_compared_is_no_contrast_of_them() -> None:
    two = [Turn("LLM tutors that give hints?", "...", ("a", "b"), "list")]
    asked = understand(
        "which RLHF algorithms exactly did they compare?", two, lambda t: [], frozenset(), 2025
    )
    assert asked.route is not Route.COMPARE
    contrast = understand("how do they compare?", two, lambda t: [], frozenset(), 2025)
    assert contrast.route is Route.COMPARE and contrast.subject == ("a", "b")


def test_a_change_of_subject_may_say_how_entirely() -> None:
    single = [Turn("which recommender went live?", "...", ("onerec",), "answer")]
    for lead in ("Switching topics entirely:", "changing the subject -", "moving on:"):
        query = understand(f"{lead} does watermarking hurt it?", single, lambda t: [], frozenset(), 2025)
        assert query.subject == () and query.alone, lead


def test_a_list_question_after_its_topic_asks_only_with_its_pointing_verb() -> None:
    query = understand("sycophancy in LLMs - which papers touch it?", [], lambda t: [], frozenset(), 2025)
    assert query.route is Route.LIST and query.topic.split() == ["sycophancy", "in", "LLMs", "-"]
    # with no topic before it, the verb and its object are what is asked
    assert _list_topic("which papers use it?").split() == ["use", "it?"]


def test_this_or_that_before_a_kind_of_paper_points_at_the_thread_s() -> None:
    single = [Turn("link to the Aegis 2.0 paper", "...", ("aegis",), "lookup")]
    query = understand("how many samples does that dataset have", single, lambda t: [], frozenset(), 2025)
    assert query.subject == ("aegis",)
    verb = understand("which papers that model human preferences?", single, lambda t: [], frozenset(), 2025)
    assert verb.subject == ()


def test_two_papers_named_before_the_question_and_a_field_in_other_words() -> None:
    first = parse_metadata("RAFT vs Preference Ranking Optimization (PRO): which came out first?", [], 2025)
    assert first is not None and first.compare is Field.DATE and not first.descending
    assert first.about == ("raft", "preference ranking optimization (pro)")
    newer = parse_metadata("CREAM or the weak-to-strong pilot study - which one is newer?", [], 2025)
    assert newer is not None and newer.compare is Field.DATE and newer.descending
    bigger = parse_metadata(
        "Who has the bigger author list: the alignment-faking paper or MM-RLHF?", [], 2025
    )
    assert bigger is not None and bigger.compare is Field.AUTHORS and bigger.descending
    assert bigger.about == ("the alignment-faking paper", "mm-rlhf")
    day = parse_metadata(
        "Did any other paper come out on the very day the alignment-faking paper did?", [], 2025
    )
    assert day is not None and day.same_day and day.about == ("the alignment-faking paper",)
    assert fact_cue("how big is the author list on URIAL?") == (Field.AUTHORS, "urial")


def test_before_or_after_a_paper_is_asked_of_the_thread_s_paper() -> None:
    asked = parse_metadata("before or after the alignment faking paper?", [], 2025)
    assert (
        asked is not None
        and asked.compare is Field.DATE
        and asked.about == ("it", "the alignment faking paper")
    )
    thread = [Turn("the paper that formalises DPO-style losses as logic", "...", ("logic",), "answer")]
    read = _read("before or after the alignment faking paper?", thread)
    assert read.route is Route.METADATA and read.subject == ("logic",)


def test_what_else_asks_for_other_papers_and_things_asked_of_that_one_are_the_paper_s() -> None:
    thread = [Turn("which paper scales reward models for visual generation?", "...", ("dance",), "answer")]
    more = _read("what else in the collection deals with rewards for video generation?", thread)
    assert more.route is Route.LIST and more.exclude == ("dance",)
    assert "video generation" in more.topic
    assert _read("what else did they find?", thread).subject == ("dance",)
    listed = [Turn("which other papers here discuss sycophancy?", "...", ("rlhs", "review"), "list")]
    asked = _read("which preference optimization methods did that one apply its fix to?", listed)
    assert asked.route is Route.TOPICAL and asked.among == ("rlhs", "review") and asked.pronoun


def test_first_before_a_pronoun_and_one_of_something_sorts_nothing() -> None:
    described = parse_metadata(
        "a system that picks songs by chatting: first it suggests one piece with a reason?", [], 2025
    )
    assert described is None
    newest = parse_metadata("the newest ones?", [], 2025)
    assert newest is not None and newest.sort is Field.DATE and newest.descending
    assert parse_metadata("which one came out first?", [], 2025) is not None


@pytest.mark.parametrize(
    ("question", "unrecorded"),
    [
        ("which papers are the most cited?", True),
        ("raft citation count", True),
        ("how many times has URIAL been cited?", True),
        ("number of citations of GenARM", True),
        ("RAFT citation?", False),  # a request to cite it
        ("cite the most upvoted paper", False),
        ("which paper cited LIMA?", False),
    ],
)
def test_citation_counts_are_a_figure_no_listing_records(question: str, unrecorded: bool) -> None:
    query = understand(question, [], lambda text: [], frozenset(), 2025)
    assert (query.unrecorded == "citation counts") is unrecorded


def test_a_paper_is_called_by_words_one_title_holds_together() -> None:
    titles = {
        "faking": "Alignment faking in large language models",
        "aqi": "Alignment Quality Index (AQI): Beyond Refusals",
        "tax": "Mitigating the Alignment Tax of RLHF",
        "cream": "CREAM: Consistency Regularized Self-Rewarding Language Models",
        "waltz": "The Alignment Waltz: Jointly Training Agents to Collaborate for Safety",
    }
    ids = list(titles)
    assert title_phrase("the alignment faking", titles["faking"])
    assert not title_phrase("faking alignment", titles["faking"])  # in their order
    assert not title_phrase("alignment", titles["aqi"])  # two words or more
    assert title_phrase("alignment waltz", titles["waltz"], leading=True)  # "The" aside
    assert not title_phrase("alignment tax", titles["tax"], leading=True)
    assert called_by_title("summarize the alignment faking paper", ids, titles) == "faking"
    assert called_by_title("what does the alignment tax paper say?", ids, titles) == "tax"
    assert called_by_title("what does the alignment tax paper say?", ids, titles, leading=True) is None
    # Several titles hold the words, or the question calls nothing a paper: none.
    assert called_by_title("the language models paper", ids, titles) is None
    assert called_by_title("alignment faking in vision models?", ids, titles) is None
    original = "the original Self-Rewarding Language Models paper by Yuan et al."
    assert called_by_title(original, ids, titles) == "cream"
    assert called_by_title(original, ids, titles, leading=True) is None


def test_a_condition_asking_for_a_thing_absent_keeps_what_says_it_does_without() -> None:
    from rag.answer import _stating_absence

    papers = [
        Paper(id="mapo", title="Preference Optimization without Reference", abstract="We align models."),
        Paper(id="dpo", title="DPO for diffusion", abstract="The policy stays close to a reference model."),
        Paper(id="free", title="T", abstract="A reference-free objective."),
        Paper(id="tune", title="U", abstract="It needs no human labels for the target task."),
        Paper(id="bias", title="V", abstract="Eliminating biases during training helps."),
    ]
    assert _stating_absence("which of those don't need a reference model?", papers) == {"mapo", "free"}
    assert _stating_absence("which of them aligns without any reference model", papers) == {"mapo", "free"}
    assert _stating_absence("which of those needs no human labels?", papers) == {"tune"}
    # no paper says it does without training ("eliminating biases during training" does not)
    assert _stating_absence("which of those work without training?", papers) == set()
    # nothing asked absent: the ordinary filter decides
    assert _stating_absence("which of those use a reference model?", papers) == set()
    assert _stating_absence("which of those work without it?", papers) == set()


def test_who_built_something_indefinite_asks_which_paper_did() -> None:
    parsed = parse_metadata("who built a benchmark for web agents?", [], 2025)
    assert parsed is None or parsed.fact is not Field.AUTHOR_NAMES
    # "who made it?" alone is the thread's paper; "it" inside a lookup is the thing it names.
    thread = parse_metadata("who made it?", [], 2025)
    assert thread is not None and thread.fact is Field.AUTHOR_NAMES and thread.about == ("it",)
    inside = parse_metadata("UltraPrompt dataset - who made it? bibtex", [], 2025)
    assert inside is None or inside.fact is not Field.AUTHOR_NAMES


def test_papers_asked_for_by_a_makers_name_ask_the_organisation_field() -> None:
    from rag.understand import _FROM_MAKER

    for asked, maker in (
        ("anything from DeepMind?", "DeepMind"),
        ("papers by Anthropic on honesty?", "Anthropic"),
        ("Do we have any papers from Google Brain?", "Google Brain"),
    ):
        match = _FROM_MAKER.search(asked)
        assert match is not None and match.group(1) == maker, asked
    for asked in (
        "papers from December?",
        "papers from 2023",
        "papers from reward hacking",
        "papers by Lu et al.",
    ):
        assert _FROM_MAKER.search(asked) is None, asked


@pytest.mark.parametrize(
    ("question", "field", "descending", "limit"),
    [
        ("top 5 papers by upvotes", Field.UPVOTES, True, 5),
        ("papers ranked by upvotes", Field.UPVOTES, True, None),
        ("list papers sorted by date, oldest first", Field.DATE, False, None),
        ("rank the reward model papers by number of authors", Field.AUTHORS, True, None),
        ("papers ordered by author count, lowest first", Field.AUTHORS, False, None),
    ],
)
def test_a_sort_asked_for_by_its_field(
    question: str, field: Field, descending: bool, limit: int | None
) -> None:
    parsed = parse_metadata(question, [], 2025)
    assert parsed is not None and parsed.sort is field and parsed.descending is descending
    assert parsed.limit == limit and not parsed.single


def test_by_a_maker_or_a_method_is_no_sort() -> None:
    assert parse_metadata("papers by Meta", ["facebook AI at Meta"], 2025).sort is None  # type: ignore[union-attr]
    assert parse_metadata("alignment by debate", [], 2025) is None


@pytest.mark.parametrize("question", ["thanks!", "ok cool", "thank you so much", "got it, thx", "perfect 👍"])
def test_thanks_alone_gets_a_short_reply(question: str) -> None:
    query = understand(question, [], lambda text: [], frozenset(), 2025)
    assert query.route is Route.HELP and query.thanked


@pytest.mark.parametrize("question", ["ok, and which papers use PPO?", "thanks, now bibtex for URIAL"])
def test_thanks_before_a_question_is_the_question(question: str) -> None:
    query = understand(question, [], lambda text: [], frozenset(), 2025)
    assert query.route is not Route.HELP and not query.thanked


@pytest.mark.parametrize(
    ("question", "acronym"),
    [
        ("what does KTO stand for?", "KTO"),
        ("what does rlhf stand for", "rlhf"),
        ("what is SFT short for?", "SFT"),
        ("full form of LoRA", "LoRA"),
        ("expand GRPO", "GRPO"),
        ("RLHF stands for?", "RLHF"),
        ("what is the meaning of the acronym PAS", "PAS"),
    ],
)
def test_the_long_form_of_an_acronym_asked_in_so_many_words(question: str, acronym: str) -> None:
    assert understand(question, [], lambda text: [], frozenset(), 2025).defines == acronym


@pytest.mark.parametrize("question", ["what does it stand for?", "what is DPO?", "what does the model mean?"])
def test_no_acronym_asked_to_be_spelled_out(question: str) -> None:
    assert not understand(question, [], lambda text: [], frozenset(), 2025).defines


def test_a_work_cited_by_its_authors_and_year_is_no_metadata() -> None:
    query = understand(
        "the first AI Scientist paper (v1, Lu et al. 2024)", [], lambda text: [], frozenset(), 2025
    )
    assert query.route is not Route.METADATA and query.cites_authors


@pytest.mark.parametrize(
    ("text", "acronym", "forms"),
    [
        ("Recently, Kahneman-Tversky Optimization (KTO) has shown", "KTO", ["Kahneman-Tversky Optimization"]),
        (
            "from human feedback: reinforcement learning from human feedback (RLHF) is",
            "rlhf",
            ["reinforcement learning from human feedback"],
        ),
        ("we fine-tune with Low-Rank Adaptation (LoRA) on", "LoRA", ["Low-Rank Adaptation"]),
        (
            "coined margin-aware preference optimization (MaPO).",
            "MaPO",
            ["margin-aware preference optimization"],
        ),
        ("the SFT (supervised fine-tuning) stage", "SFT", ["supervised fine-tuning"]),
        (
            "Recent direct preference alignment algorithms (DPA), such as DPO",
            "DPA",
            ["direct preference alignment"],
        ),
        ("Large Language Models (LLMs) are", "LLM", ["Large Language Models"]),
        ("the model (KTO) is", "KTO", []),
        ("our method, PAS, achieves", "PAS", []),
    ],
)
def test_long_forms_spell_the_acronym(text: str, acronym: str, forms: list[str]) -> None:
    assert long_forms(text, acronym) == forms


@pytest.mark.parametrize(
    ("text", "acronym", "form"),
    [
        # written as a name, never defined as an acronym
        ("QAlign uses Markov chain Monte Carlo at test time.", "MCMC", "Markov chain Monte Carlo"),
        ("it plans with Monte-Carlo Tree Search over", "MCTS", "Monte-Carlo Tree Search"),
        ("sampled by Markov chain Monte Carlo methods", "MCMCs", "Markov chain Monte Carlo"),
        (
            "Reinforcement Learning from Human Feedback is",
            "RLHF",
            "Reinforcement Learning from Human Feedback",
        ),
        # lowercase words with the same initials are chance
        ("a system integrating multimodal user signals", "IMU", None),
        ("an unmanned ground vehicle", "UGV", None),
        # a name's tail, a word a long form does not skip, an acronym inside, another clause
        ("we developed Direct Preference Optimization", "DDPO", None),
        ("both Miscalibration and Side Effects", "MSE", None),
        ("Reward Modeling for LLM alignment", "RML", None),
        ("Markov chain, Monte Carlo", "MCMC", None),
        # the first word of a sentence is capitalised whatever it is
        ("Adding performance Improvements.", "API", None),
        ("and then Adding performance Improvements.", "API", "Adding performance Improvements"),
        ("two letters are too few: Reinforcement Learning", "RL", None),
    ],
)
def test_named_long_form_spells_an_acronym_no_paper_defines(
    text: str, acronym: str, form: str | None
) -> None:
    assert named_long_form(text, acronym) == form


@pytest.mark.parametrize(
    ("text", "titles"),
    [
        ("Attention Is All You Need - full citation please", ["Attention Is All You Need"]),
        (
            "cite Scaling Laws for Reward Model Overoptimization",
            ["Scaling Laws for Reward Model Overoptimization"],
        ),
        # a name, not a title: no small word a title keeps in lowercase
        ("Bibtex for Direct Preference Optimization", []),
        ("I want to cite the DPO paper on Stable Diffusion XL I think", []),
        ("what is the arxiv ID for the URIAL paper", []),
    ],
)
def test_a_title_written_in_a_titles_case_without_a_colon(text: str, titles: list[str]) -> None:
    assert _cased_titles(text) == titles


@pytest.mark.parametrize(
    "question",
    [
        "what topics does the corpus cover?",
        "what's in the reading list?",
        "give me an overview of the papers",
        "summarize the corpus",
        "can you describe your collection?",
    ],
)
def test_what_the_corpus_holds_is_asked_of_the_corpus(question: str) -> None:
    query = understand(question, [], lambda text: [], frozenset(), 2025)
    assert query.route is Route.HELP and query.overview


@pytest.mark.parametrize(
    "question",
    ["what is the paper about?", "what are the papers about reward hacking?", "summarize the papers"],
)
def test_a_question_about_papers_is_no_overview(question: str) -> None:
    assert not understand(question, [], lambda text: [], frozenset(), 2025).overview


def test_title_topics_are_the_phrases_titles_share() -> None:
    titles = [
        "Reward Model Ensembles for Alignment",
        "Scaling Reward Models for Alignment",
        "Reward Model Overoptimization in Alignment",
        "Large Language Models Align Themselves",
        "Large Language Models as Judges of Alignment",
        "Large Language Models and Alignment Taxes",
        "Diffusion Model Alignment",
        "Model Alignment at Scale",
        "Model Alignment Audits",
        *(f"Unrelated Topic Number {n}" for n in ("One", "Two", "Three", "Four", "Five", "Six")),
        *(f"Another Subject Called {n}" for n in ("Seven", "Eight", "Nine", "Ten", "Eleven", "Twelve")),
    ]
    topics = title_topics(titles, 5)
    # "reward model(s)" one phrase; "large language" shown as the longer phrase it sits in;
    # "model alignment": every word the corpus's own vocabulary, so no topic.
    assert topics[:2] == (("large language models", 3), ("reward model", 3))
    assert all("alignment" not in phrase for phrase, _ in topics)


def test_what_it_stands_for_is_asked_of_the_threads_paper() -> None:
    history = [Turn("what is MaPO?", "…", ("mapo",))]
    query = understand("what does it stand for?", history, lambda text: [], frozenset(), 2025)
    assert query.defines == "it" and query.subject == ("mapo",)
    # with no thread there is no paper to ask it of: no definition
    assert not understand("what does it stand for?", [], lambda text: [], frozenset(), 2025).defines


def test_a_doi_is_asked_for_as_a_link_is() -> None:
    # "doi for the VideoReward paper" was read as a question about the paper and quoted it.
    query = understand("doi for the VideoReward paper", [], lambda text: [], frozenset(), 2025)
    assert query.route is Route.LOOKUP and query.wants == {"doi"} and "doi" not in query.topic.lower()


@pytest.mark.parametrize(
    ("question", "wants"),
    [
        ("abstract of URIAL", {"abstract"}),
        ("show me the abstract of the RewardDance paper", {"abstract"}),
        ("full abstract for WebLINX please", {"abstract"}),
        ("abstract and bibtex of URIAL", {"abstract", "bibtex"}),
        ("link and abstract for WebLINX", {"abstract", "link"}),
    ],
)
def test_an_abstract_is_asked_for_as_a_link_is(question: str, wants: set[str]) -> None:
    query = understand(question, [], lambda text: [], frozenset(), 2025)
    assert query.route is Route.LOOKUP and query.wants == wants
    assert "abstract" not in query.topic.lower()


def test_abstract_as_a_word_of_a_topic_asks_for_no_abstract() -> None:
    for question in ("papers on abstract reasoning", "which abstracts mention hallucination?"):
        assert not understand(question, [], lambda text: [], frozenset(), 2025).wants, question
    # in a thread, asked alone: the thread's paper's
    history = [Turn("what is RewardDance?", "…", ("rd",))]
    for question in ("abstract?", "give me the full abstract", "can you show me its abstract"):
        query = understand(question, history, lambda text: [], frozenset(), 2025)
        assert query.route is Route.LOOKUP and query.wants == {"abstract"} and query.subject == ("rd",)


@pytest.mark.parametrize(
    ("question", "limit"),
    [
        ("recommend me 3 papers on reward models", 3),
        ("give me five papers about RLHF", 5),
        ("any suggestions for a few papers on jailbreaks?", 3),
        ("which papers study reward hacking?", None),
    ],
)
def test_a_list_says_how_many_papers_and_a_request_verb_is_no_topic(question: str, limit: int | None) -> None:
    # "recommend" asked for papers on recommender systems (OneRec, MuseChat); "a good paper"
    # weighed "good".
    query = understand(question, [], lambda text: [], frozenset(), 2025)
    assert query.route is Route.LIST and query.limit == limit
    assert not re.search(r"recommend|suggest", query.topic, re.I)
    single = understand(
        "can you recommend a good paper on reward hacking?", [], lambda text: [], frozenset(), 2025
    )
    assert "good" not in single.topic and "recommend" not in single.topic
    # A paper that recommends is still asked about as written.
    assert (
        "recommends"
        in understand("which paper recommends papers to read?", [], lambda t: [], frozenset(), 2025).topic
    )


def test_an_elliptical_turn_after_metadata_varies_its_value_or_topic() -> None:
    # "and 2024?" after "how many papers from 2023?" was refused (read as a topical question).
    def read(question: str, history: list[Turn]) -> Query:
        return understand(question, history, lambda text: [], frozenset(), 2025)

    counted = [Turn("how many papers from 2023?", "", (), "metadata")]
    varied = read("and 2024?", counted)
    assert varied.route is Route.METADATA and varied.metadata is not None and varied.metadata.count
    assert varied.metadata.conditions == (Condition(Field.DATE, "in", "2024"),)
    sorted_ = [Turn("newest paper on reward hacking", "", ("a",), "metadata")]
    moved = read("and on video generation?", sorted_)
    assert moved.metadata is not None and moved.metadata.topic == "video generation"
    assert moved.metadata.sort is Field.DATE and moved.metadata.descending
    # ... and a bare sort after it sorts that topic, read through the elliptical turn
    then = read("and the oldest?", [*sorted_, Turn("and on video generation?", "", ("b",), "metadata")])
    assert (
        then.metadata is not None
        and then.metadata.topic == "video generation"
        and not then.metadata.descending
    )
    # not after an answer that was no metadata answer
    assert read("and 2024?", [Turn("what is URIAL?", "", ("c",), "answer")]).route is not Route.METADATA


@pytest.mark.parametrize(
    ("question", "topic", "without"),
    [
        ("which reward model papers are not about multimodal models?", "reward model", "multimodal models"),
        ("alignment papers, excluding surveys", "alignment", "surveys"),
        ("jailbreak papers but not the agent ones", "jailbreak", "agent"),
        ("papers on DPO (not including surveys)", "DPO", "surveys"),
        ("list diffusion alignment papers that aren't about video", "diffusion alignment", "video"),
        # what it goes on to want after a dash stays its topic
        (
            "recommender papers that are NOT about conversational recommendation - sequential or CTR ones?",
            "recommender papers: sequential or CTR ones",
            "conversational recommendation",
        ),
    ],
)
def test_a_list_that_leaves_papers_out(question: str, topic: str, without: str) -> None:
    query = understand(question, [], lambda text: [], frozenset(), 2025)
    assert query.route is Route.LIST and query.text == question
    assert " ".join(query.topic.split()) == topic and query.without == without


@pytest.mark.parametrize(
    ("question", "topic", "without"),
    [
        ("reward model papers that don't use RL", "reward model", "RL"),
        ("jailbreak papers which do not mention GPT-4?", "jailbreak", "GPT-4"),
        ("RLHF papers that never evaluate on AlpacaEval", "RLHF", "AlpacaEval"),
    ],
)
def test_a_list_of_papers_that_do_not_do_something_leaves_out_those_that_mention_it(
    question: str, topic: str, without: str
) -> None:
    query = understand(question, [], lambda text: [], frozenset(), 2025)
    assert query.route is Route.LIST and query.text == question and query.without_mentioned
    assert " ".join(query.topic.split()) == topic and query.without == without


@pytest.mark.parametrize(
    ("question", "without", "mentioned"),
    [
        ("which of those don't use RL?", "RL", True),
        ("any that don't mention RLHF?", "RLHF", True),
        ("which ones do not need human preference data?", "human preference data", True),
        ("which of those aren't about LLMs?", "LLMs", False),
    ],
)
def test_a_negated_filter_of_a_set_leaves_out_what_it_negates(
    question: str, without: str, mentioned: bool
) -> None:
    listed = [Turn("papers on reward models", "", ("a", "b", "c"), "list")]
    query = understand(question, listed, lambda text: [], frozenset(), 2025)
    assert query.route is Route.LIST and query.among == ("a", "b", "c")
    assert query.without == without and query.without_mentioned is mentioned


def test_which_ones_after_a_list_filters_the_set() -> None:
    listed = [Turn("papers on reward models", "", ("a", "b", "c"), "list")]
    query = understand("which ones use RL?", listed, lambda text: [], frozenset(), 2025)
    assert query.route is Route.LIST and query.among == ("a", "b", "c") and not query.without


@pytest.mark.parametrize(
    "question",
    [
        "papers that do not use a reward model",
        "papers showing that reward models don't generalize",
        # what one paper sought does without is what its abstract says it does without
        "is there a preference alignment method for diffusion models that doesn't need a reference model?",
    ],
)
def test_a_not_that_describes_papers_leaves_none_out(question: str) -> None:
    # "do not use a reward model" is what the papers sought do
    assert not understand(question, [], lambda text: [], frozenset(), 2025).without


def test_one_sought_that_is_not_something_leaves_it_out() -> None:
    # "is there a paper on reward hacking that is not about LLMs?", "is there a rubric one thats
    # not medical": one sought among the papers on the topic without the papers about that
    for question, left in (
        ("is there a paper on reward hacking that is not about LLMs?", "LLMs"),
        ("is there a rubric one thats not medical", "medical"),
    ):
        query = understand(question, [], lambda text: [], frozenset(), 2025)
        assert query.route is Route.LIST and query.without == left, question


@pytest.mark.parametrize(
    ("question", "sides"),
    [
        ("which is better, DPO or PPO?", ("DPO", "PPO")),
        ("which is better for alignment, DPO or PPO?", ("DPO", "PPO")),
        ("should I use DPO or PPO?", ("DPO", "PPO")),
        ("GRPO or PPO: which works better?", ("GRPO", "PPO")),
    ],
)
def test_which_is_better_puts_the_two_side_by_side(question: str, sides: tuple[str, str]) -> None:
    query = understand(question, [], lambda text: [], frozenset(), 2025)
    assert query.route is Route.COMPARE and query.sides == sides
    assert "better" not in query.topic  # no term an abstract must hold


@pytest.mark.parametrize(
    ("question", "sides"),
    [
        ("compare MaPO, Diffusion-DPO and InstructEngine", ("MaPO", "Diffusion-DPO", "InstructEngine")),
        ("compare DeAL, GenARM, and URIAL?", ("DeAL", "GenARM", "URIAL")),
        ("compare DeAL and GenARM", ("DeAL", "GenARM")),
    ],
)
def test_a_comparison_of_a_few_things_keeps_each_side(question: str, sides: tuple[str, ...]) -> None:
    query = understand(question, [], lambda text: [], frozenset(), 2025)
    assert query.route is Route.COMPARE and query.sides == sides


@pytest.mark.parametrize(
    ("question", "sides"), [("DPO vs PPO", ("DPO", "PPO")), ("GRPO versus PPO?", ("GRPO", "PPO"))]
)
def test_a_bare_versus_asks_what_compare_asks(question: str, sides: tuple[str, str]) -> None:
    query = understand(question, [], lambda text: [], frozenset(), 2025)
    assert query.route is Route.COMPARE and query.sides == sides
    assert query.topic == f"compare {sides[0]} and {sides[1]}"  # "vs" is no term an abstract holds


def test_which_got_more_upvotes_is_still_metadata() -> None:
    query = understand("which got more upvotes, GenARM or DeAL?", [], lambda text: [], frozenset(), 2025)
    assert query.route is Route.METADATA


@pytest.mark.parametrize(
    "question",
    [
        "what should I read first about diffusion alignment?",
        "where do I start with reward models?",
        "any good starting points on RLHF?",
    ],
)
def test_where_to_start_reading_is_a_list(question: str) -> None:
    query = understand(question, [], lambda text: [], frozenset(), 2025)
    assert query.route is Route.LIST and not re.search(r"\b(?:read|start|starting)\b", query.topic)


@pytest.mark.parametrize(
    ("question", "unrecorded"),
    [
        ("who are the most prolific authors?", "author names"),
        ("which author has the most papers?", "author names"),
        ("who published the most?", "author names"),
        ("which paper has the most authors?", ""),
    ],
)
def test_authors_ranked_as_people_are_not_recorded(question: str, unrecorded: str) -> None:
    assert understand(question, [], lambda text: [], frozenset(), 2025).unrecorded == unrecorded


@pytest.mark.parametrize(
    "question",
    [
        "what's the best paper on RLHF?",
        "the most important papers on DPO",
        "a key paper about reward hacking",
    ],
)
def test_praise_of_the_paper_asked_for_is_no_term(question: str) -> None:
    # "what's the best paper on RLHF?" answered from Diffusion-DPO: "best" weighed as a term
    query = understand(question, [], lambda text: [], frozenset(), 2025)
    assert not re.search(r"\b(?:best|important|key)\b", query.topic)


@pytest.mark.parametrize(
    "question",
    ["pros and cons of DPO", "what are the pros/cons of RLHF?", "strengths and weaknesses of GRPO"],
)
def test_both_sides_of_a_thing_are_its_advantages_and_limitations(question: str) -> None:
    # "pros and cons of DPO" was refused: no abstract writes "pros" or "cons"
    query = understand(question, [], lambda text: [], frozenset(), 2025)
    assert "advantages and limitations" in query.topic and not re.search(r"\b(?:pros|cons)\b", query.topic)


@pytest.mark.parametrize(
    "question",
    [
        "summarize them in one line each",
        "give me a one-line summary of each",
        "summarize them",
        "tldr of each",
    ],
)
def test_a_summary_of_each_paper_of_a_list(question: str) -> None:
    # "give me a one-line summary of each" was refused ("its abstract does not mention one-line")
    listed = [Turn("papers on robot learning", "...", ("a", "b", "c"), "list")]
    query = _read(question, listed)
    assert query.route is Route.COMPARE and query.subject == ("a", "b", "c")


@pytest.mark.parametrize(
    "question", ["what are the key papers?", "which ones should I read?", "any good papers?"]
)
def test_a_list_asked_by_praise_alone_is_of_the_thread_s_topic(question: str) -> None:
    # "what are the key papers?" after "I'm interested in robot learning" listed unrelated papers
    thread = [Turn("I'm interested in robot learning", "...", ("a", "b"), "list")]
    query = _read(question, thread)
    assert query.route is Route.LIST and query.topic == "I'm interested in robot learning"
    # a list with a topic of its own stands alone
    assert _read("which papers are about music?", thread).topic != "I'm interested in robot learning"


def test_newer_papers_after_one_paper_or_a_list() -> None:
    one = [Turn("tell me about MJ-Bench", "...", ("mj", "close"), "answer")]
    for question, span in (
        ("anything newer?", "after"),
        ("any newer work on this?", "after"),
        ("any more recent papers on this?", "after"),
        ("is there anything older?", "before"),
    ):
        query = _read(question, one)
        assert query.route is Route.METADATA and query.subject == ("mj",), question
        assert query.metadata is not None and query.metadata.like_anchor, question
        assert query.metadata.same_day and query.metadata.same_span == span, question
    listed = [Turn("papers on reward hacking", "...", ("a", "b"), "list", more=("c",))]
    query = _read("anything newer?", listed)
    assert query.route is Route.METADATA and query.among == ("a", "b", "c")
    assert query.metadata is not None and query.metadata.sort is Field.DATE and query.metadata.descending
    # a newer thing of a topic is a question of its own
    assert _read("is there a newer survey focused on multimodal LLMs instead?", one).metadata is None


def test_another_paper_than_the_thread_s() -> None:
    # "does any other paper here report RewardBench results?" answered from the thread's paper
    one = [Turn("which paper unifies the policy and the reward model?", "...", ("urpo",), "answer")]
    query = _read("does any other paper here report RewardBench results?", one)
    assert query.route is Route.TOPICAL and query.exclude == ("urpo",) and "RewardBench" in query.topic
    plural = _read("any other papers that study reward hacking?", one)
    assert plural.route is Route.LIST and plural.exclude == ("urpo",)
    # "is there another one with agents inventing their own goals?": "their" is the paper sought's
    other = _read("is there another one with agents inventing their own goals in a text-only world?", one)
    assert other.exclude == ("urpo",) and not other.subject and "goals" in other.topic
    # "the other one" is a paper the thread gave, not one sought besides it
    pair = [Turn("compare URPO and GenARM", "...", ("urpo", "genarm"), "compare")]
    assert _read("tell me more about the other one", pair).exclude == ()


def test_one_more_paper_is_sought_besides_the_thread_s() -> None:
    # "is there also a paper that generates the music …?" answered with the thread's paper again
    music = [Turn("music recommendation for videos", "...", ("musechat",), "answer")]
    for question, words in (
        ("is there also a paper that generates the music rather than retrieving it?", "generates the music"),
        (
            "And is there one that composes brand-new music instead of picking songs?",
            "composes brand-new music",
        ),
        (
            "Is there also a broader overview of these systems, not just the safety side?",
            "broader overview of systems",
        ),
    ):
        query = _read(question, music)
        assert query.exclude == ("musechat",) and not query.subject, question
        assert words in query.topic, question
    # ... not when it asks more of the thread's paper
    assert _read("is there also code for it?", music).exclude == ()
    assert _read("is there one for it?", music).exclude == ()


def test_any_with_its_noun_left_out_and_both_point_at_the_set() -> None:
    listed = [Turn("papers from december 2024", "...", ("a", "b", "c"), "list")]
    about = _read("any about safety?", listed)
    assert about.route is Route.LIST and about.among == ("a", "b", "c") and "safety" in about.topic
    dated = _read("any from 2025?", listed)
    assert dated.route is Route.METADATA and dated.among == ("a", "b", "c")
    # "bibtex for both" after a list of two and a turn that picked one of them: both cards
    two = [Turn("papers on reward model ensembles", "...", ("a", "b"), "list")]
    picked = [*two, Turn("and the newest?", "...", ("a",), "metadata")]
    both = _read("bibtex for both", picked)
    assert both.route is Route.LOOKUP and both.subject == ("a", "b") and both.each


def test_a_count_bounded_by_a_paper_s() -> None:
    for question, span, about in (
        ("which papers have more authors than URIAL?", "more authors", "urial"),
        ("papers with fewer upvotes than the MJ-Bench paper", "fewer upvotes", "the mj-bench paper"),
        ("anything with more co-authors than PARL?", "more authors", "parl"),
    ):
        parsed = parse_metadata(question, [], 2025)
        assert parsed is not None and parsed.same_day and parsed.same_span == span, question
        assert parsed.about == (about,), question
    # a count bounded by a number is a condition, not a paper
    parsed = parse_metadata("papers with more than 10 authors", [], 2025)
    assert parsed is not None and not parsed.same_day


def test_popularity_is_of_papers_only() -> None:
    # "… with only the top-rated draft kept …" was read as "the most upvoted paper"
    described = "sampled several times with only the top-rated draft kept, the tuning target is mismatched"
    assert parse_metadata(described, [], 2025) is None
    for question in ("top-rated papers on RLHF", "what is most popular?", "most popular text-to-image paper"):
        parsed = parse_metadata(question, [], 2025)
        assert parsed is not None and parsed.sort is Field.UPVOTES, question


def test_a_paper_of_the_set_picked_by_a_field() -> None:
    # "summarize the newest" after a set listed unrelated papers
    listed = [Turn("which papers use RLAIF?", "...", ("a", "b"), "list", more=("c",))]
    for question, field, highest in (
        ("summarize the newest", Field.DATE, True),
        ("what does the oldest one propose?", Field.DATE, False),
        ("explain the most upvoted one", Field.UPVOTES, True),
        ("what did the newest one find?", Field.DATE, True),
        ("tell me about the oldest one", Field.DATE, False),
    ):
        query = _read(question, listed)
        assert query.route is Route.TOPICAL and query.among == ("a", "b", "c"), question
        assert query.picked == (field, highest), question
    # which one it is, or the newest of the corpus, is a metadata question
    assert _read("which is the newest?", listed).picked is None
    assert _read("what is the newest paper overall?", listed).picked is None
    assert _read("when did the newest one come out?", listed).picked is None


def test_an_ordinal_after_answers_about_one_paper_each_counts_the_thread_s_papers() -> None:
    # "what datasets did that second one use?" after two answers, one paper each
    thread = [
        Turn("pluralistic RLHF with a latent per-user variable?", "...", ("vpl",), "answer"),
        Turn("is there another one using an ideal point model?", "...", ("pal",), "answer"),
    ]
    assert _read("what datasets did that second one use?", thread).subject == ("pal",)
    third = [*thread, Turn("and one with ensembles?", "...", ("ens",), "answer")]
    assert _read("bibtex for the second one", third).subject == ("pal",)


def test_several_papers_of_a_set_picked_by_position() -> None:
    # "bibtex for the first two" gave one card
    listed = [Turn("papers on safety", "...", ("a", "b", "c", "d"), "list")]
    for question, chosen in (
        ("bibtex for the first two", ("a", "b")),
        ("links for the top 3", ("a", "b", "c")),
        ("bibtex for the first and third", ("a", "c")),
    ):
        query = _read(question, listed)
        assert query.route is Route.LOOKUP and query.each and query.subject == chosen, question
    summary = _read("summarize the first two", listed)
    assert summary.route is Route.COMPARE and summary.subject == ("a", "b")
    # one position is one paper; more than the set has picks none of it
    assert _read("bibtex for the first", listed).subject == ("a",)
    assert _read("bibtex for the first six", listed).subject != ("a", "b", "c", "d")


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("which papers release their code?", ""),
        ("papers with code", ""),
        ("RLHF papers with code available", "RLHF"),
        ("any papers with a github repo?", ""),
    ],
)
def test_papers_with_code_are_a_list_of_those_that_give_it(question: str, topic: str) -> None:
    # "which papers release their code?" listed abstracts that say "release"
    query = _read(question)
    assert query.route is Route.LIST and query.with_code and query.topic.strip() == topic
    # code as a topic is a topic
    assert not _read("papers on code generation").with_code


@pytest.mark.parametrize(
    ("question", "single"),
    [
        ("the most upvoted paper", True),
        ("most upvoted papers", False),
        ("the newest paper on DPO", True),
        ("newest papers", False),
        ("what is the newest one?", True),
    ],
)
def test_a_superlative_of_papers_in_the_plural_lists_several(question: str, single: bool) -> None:
    # "most upvoted papers" gave the one paper
    parsed = parse_metadata(question, [], 2025)
    assert parsed is not None and parsed.sort is not None and parsed.single is single


def test_an_elliptical_name_after_a_question_about_one_name() -> None:
    # "and LIMA?" after "what does URIAL stand for?" was asked of URIAL's paper ("does not mention stand")
    defined = _read("and LIMA?", [Turn("what does URIAL stand for?", "...", ("urial",), "answer")])
    assert defined.defines == "LIMA"
    # ... and of any question with one name: "and PPO?" after "papers that use GRPO"
    listed = _read("and PPO?", [Turn("papers that use GRPO", "...", ("a", "b"), "list")])
    assert listed.topic == "papers that use PPO"


@pytest.mark.parametrize(
    "question",
    ["what are the main research themes here?", "which topics have the most papers?", "main topics?"],
)
def test_the_corpus_s_themes_are_its_overview(question: str) -> None:
    # "what are the main research themes here?" listed two papers
    query = _read(question)
    assert query.route is Route.HELP and query.overview
    # ... a paper's main findings are that paper's
    assert not _read("what are the main findings of URIAL?").overview


def test_what_is_trending_lists_the_most_upvoted() -> None:
    # "what's trending?" listed papers that matched "trending" as a word
    for question, topic in (("what's trending?", ""), ("what is trending in RLHF?", "rlhf")):
        parsed = parse_metadata(question, [], 2025)
        assert parsed is not None and parsed.sort is Field.UPVOTES and not parsed.single, question
        assert parsed.topic == topic, question


@pytest.mark.parametrize(
    ("question", "about"),
    [
        ("Between MJ-Bench and the PRO paper, which one got more upvotes?", ("mj-bench", "the pro paper")),
        ("between URIAL and GenARM, which has fewer authors, and how many?", ("urial", "genarm")),
        ("which got more upvotes, MJ-Bench or BLEUBERI, and how many?", ("mj-bench", "bleuberi")),
    ],
)
def test_two_papers_counts_compared_between_them(question: str, about: tuple[str, str]) -> None:
    # "Between X and Y, which one got more upvotes?" was answered from the two abstracts
    parsed = parse_metadata(question, [], 2025)
    assert parsed is not None and parsed.compare is not None and parsed.about == about


def test_an_organisation_named_as_the_org() -> None:
    # "any papers from openai as the org?" listed every paper with an organisation
    parsed = parse_metadata("any papers from openai as the org?", [], 2025)
    assert parsed is not None and parsed.organisation == "openai" and not parsed.has_organisation


def test_a_year_written_as_a_date() -> None:
    # "How many of the papers carry a 2023 date?" was refused
    parsed = parse_metadata("How many of the papers carry a 2023 date? Just a number is fine.", [], 2025)
    assert parsed is not None and parsed.count
    assert Condition(Field.DATE, "in", "2023") in parsed.conditions


def test_surveys_are_papers_of_a_kind_in_metadata_questions() -> None:
    # "how many surveys are there?" was read as a count an abstract gives ("no number for surveys")
    counted = parse_metadata("how many surveys are there?", [], 2025)
    assert counted is not None and counted.count and counted.topic == "surveys"
    dated = parse_metadata("list surveys from 2025", [], 2025)
    assert dated is not None and dated.conditions == (Condition(Field.DATE, "in", "2025"),)
    assert dated.topic == "surveys"
    in_corpus = parse_metadata("how many survey papers in corpus?", [], 2025)
    assert in_corpus is not None and in_corpus.count and in_corpus.topic == "survey"
    assert parse_metadata("how many reviews did the paper get?", [], 2025) is None


def test_papers_of_an_organisation() -> None:
    meta = parse_metadata("what is papers of Meta?", ["facebook AI at Meta"], 2025)
    assert meta is not None and meta.organisation == "facebook AI at Meta"
    assert parse_metadata("papers on meta-learning", ["facebook AI at Meta"], 2025) is None


def test_a_count_whose_date_stands_between_number_and_papers() -> None:
    # "number of 2024 papers with any upvotes?" listed the papers: "of 2024" went with the date
    counted = parse_metadata("number of 2024 papers with any upvotes?", [], 2025)
    assert counted is not None and counted.count and not counted.listing
    assert Condition(Field.DATE, "in", "2024") in counted.conditions


def test_a_yes_no_question_of_the_first_paper_is_no_sort_by_date() -> None:
    # "Does the first paper report MT-Bench results?" answered with the corpus's oldest paper
    for question in ("Does the first paper report MT-Bench results?", "did the last one use RL?"):
        parsed = parse_metadata(question, [], 2025)
        assert parsed is None or parsed.sort is None, question
    asked = [
        Turn("a loss extending Bradley-Terry to rankings of any length?", "...", ("pro",), "answer"),
        Turn("a later work framing it as learning-to-rank?", "...", ("lipo",), "answer"),
    ]
    query = understand(
        "Does the first paper report MT-Bench results?", asked, lambda t: [], frozenset(), 2025
    )
    assert query.subject == ("pro",) and query.route is Route.TOPICAL
    oldest = parse_metadata("which is the first paper in the corpus?", [], 2025)
    assert oldest is not None and oldest.sort is Field.DATE and not oldest.descending


def test_most_people_doing_something_is_a_majority_not_a_sort() -> None:
    # "… showing which convictions most people regard as wiser" answered with the most-authored paper
    question = (
        "a chatbot merges citizens' replies into a network of which convictions most people regard as wiser"
    )
    assert parse_metadata(question, [], 2025) is None
    crowded = parse_metadata("which paper has the most people on it?", [], 2025)
    assert crowded is not None and crowded.sort is Field.AUTHORS


def test_something_like_a_name_after_a_description_guesses_the_paper_s_name() -> None:
    # "… no positive examples at all? smth like distributional dispreference optimization"
    # answered with the papers like Negating Negatives, not the paper
    names = _names_of({"distributional dispreference optimization": "d2o", "URIAL": "urial"})
    described = understand(
        "alignment using ONLY human-labeled negative responses, no positive examples at all? "
        "something like distributional dispreference optimization",
        [],
        names,
        frozenset(),
        2025,
    )
    assert described.route is not Route.SIMILAR
    assert understand("something like URIAL?", [], names, frozenset(), 2025).route is Route.SIMILAR


def test_another_paper_whose_description_says_some_of_them() -> None:
    # "There is another paper about many LLM agents where some of them lie to the others?"
    # narrowed the thread's one paper instead of seeking another
    thread = [Turn("LLM agents that evolve themselves and lose their alignment?", "...", ("atp",), "answer")]
    query = understand(
        "There is another paper about many LLM agents where some of them lie to the others?",
        thread,
        lambda t: [],
        frozenset(),
        2025,
    )
    assert query.among == () and query.exclude == ("atp",)


def test_an_ordinal_counts_the_papers_the_turn_names() -> None:
    # "between MuseChat and UniCRS, tell me more about the second one" answered with the second
    # paper of the list shown before
    names = _names_of({"MuseChat": "musechat", "UniCRS": "unicrs"})
    listed = [Turn("which of those are conversational?", "...", ("survey", "ilm", "unicrs"), "list")]
    second = understand(
        "between MuseChat and UniCRS, tell me more about the second one: how does it use knowledge "
        "in the prompt?",
        listed,
        names,
        frozenset(),
        2025,
    )
    assert second.subject == ("unicrs",) and "MuseChat" not in second.topic
    first = understand("MuseChat or UniCRS, bibtex for the first one", listed, names, frozenset(), 2025)
    assert first.subject == ("musechat",) and first.route is Route.LOOKUP


def test_an_ordinal_of_the_papers_named_asks_their_fields_then_and_on_the_next_turn() -> None:
    # "I'm reading Diffusion-DPO and URIAL. when was the second one posted?" was answered with
    # "Its abstract does not mention Diffusion-DPO"; "and how many upvotes does the first have?"
    # then gave URIAL's count
    names = _names_of({"Diffusion-DPO": "ddpo", "URIAL": "urial"})
    question = "I'm reading Diffusion-DPO and URIAL. when was the second one posted?"
    second = understand(question, [], names, frozenset(), 2025)
    assert second.route is Route.METADATA and second.subject == ("urial",)
    assert second.metadata is not None and second.metadata.fact is Field.DATE
    answered = [Turn(question, "...", ("urial",), "metadata")]
    first = understand("and how many upvotes does the first have?", answered, names, frozenset(), 2025)
    assert first.subject == ("ddpo",) and first.metadata is not None
    assert first.metadata.fact is Field.UPVOTES
    # a list shown before, of papers the turn did not name, is still what "the second" counts
    listed = [Turn("papers on reward hacking", "...", ("a", "b", "c"), "list")]
    assert understand("tell me more about the second one", listed, names, frozenset(), 2025).subject == ("b",)


def test_projects_and_efforts_are_papers_asked_for_in_the_plural() -> None:
    # "Which projects released really big human-labeled comparison datasets …?" cited one paper
    for question in (
        "Which projects released really big human-labeled comparison datasets?",
        "what efforts build reward models for video?",
    ):
        assert understand(question, [], lambda t: [], frozenset(), 2025).route is Route.LIST, question


def test_papers_mentioning_a_name_list_its_mentions() -> None:
    # "papers mentioning Constitutional AI" listed papers about norms that never say it
    for question in (
        "papers mentioning Constitutional AI",
        "which papers are talking about Constitutional AI?",
    ):
        query = understand(question, [], lambda t: [], frozenset(), 2025)
        assert query.route is Route.LIST and query.mention and "Constitutional AI" in query.topic, question


def test_and_then_a_question_for_papers_asks_anew() -> None:
    # "ok and which paper is about video-text alignment?" after two lists was read as "any work
    # on RLHF for which paper is about video-text alignment", a list
    thread = [
        Turn("any work on RLHF for music generation?", "...", ("vmas", "musechat"), "list"),
        Turn("what about speech?", "...", ("awp", "video", "secrets"), "list"),
    ]
    for question in (
        "ok and which paper is about video-text alignment?",
        "and is there a paper on RLHF for speech?",
    ):
        query = understand(question, thread, lambda t: [], frozenset(), 2025)
        assert query.route is Route.TOPICAL and query.exclude == () and "music" not in query.topic, question
    elliptic = understand("and for video?", thread, lambda t: [], frozenset(), 2025)
    assert elliptic.route is Route.LIST and elliptic.topic == "any work on RLHF for video"


def test_tens_are_numbers_too() -> None:
    # "What's that alignment and safety survey with around fifty authors?" was no author filter
    parsed = parse_metadata("What's that alignment and safety survey with around fifty authors?", [], 2025)
    assert parsed is not None and Condition(Field.AUTHORS, "eq", 50) in parsed.conditions
    more = parse_metadata("papers with more than forty authors", [], 2025)
    assert more is not None and more.conditions == (Condition(Field.AUTHORS, "gt", 40),)


@pytest.mark.parametrize(
    ("question", "descending", "topic"),
    [
        ("papers evaluated on meta world, oldest first", False, "meta world"),
        ("list reward model papers newest first", True, "reward model"),
        ("diffusion papers in chronological order", False, "diffusion"),
        ("jailbreak papers sorted from newest to oldest", True, "jailbreak"),
    ],
)
def test_an_order_of_dates_said_in_words_sorts_a_topic_s_papers(
    question: str, descending: bool, topic: str
) -> None:
    # "papers evaluated on meta world, oldest first" was refused: "oldest first" sorted nothing
    parsed = parse_metadata(question, [], 2025)
    assert parsed is not None and parsed.sort is Field.DATE and not parsed.single
    assert parsed.descending is descending and parsed.topic == topic
    assert parse_metadata("summarise recent work on black holes", [], 2025) is None


def test_an_older_paper_of_a_topic_of_its_own_is_dated_against_the_thread_s_paper() -> None:
    # "Is there an older survey just about aligning multimodal models with human preferences?"
    # after an answer about one survey answered with that survey again
    thread = [
        Turn("that alignment and safety survey with around fifty authors?", "...", ("survey50",), "metadata")
    ]
    older = understand(
        "Is there an older survey just about aligning multimodal models with human preferences?",
        thread,
        lambda t: [],
        frozenset(),
        2025,
    )
    assert older.route is Route.METADATA and older.subject == ("survey50",) and older.metadata is not None
    assert older.metadata.same_span == "before" and older.metadata.topic.startswith("survey")
    newer = understand("any newer papers on reward hacking?", thread, lambda t: [], frozenset(), 2025)
    assert newer.metadata is not None and newer.metadata.same_span == "after"
    assert newer.metadata.topic == "on reward hacking"


def test_two_papers_named_by_their_order_are_compared() -> None:
    # "Between the first and the second paper, which has more authors?" answered about one paper
    for question in (
        "Between the first and the second paper, which has more authors?",
        "which has more authors, the first or the second?",
    ):
        compared = pair_comparison(question)
        assert compared is not None and compared.compare is Field.AUTHORS and compared.descending, question
    thread = [
        Turn("why offline alignment underperforms online RLHF?", "...", ("gap",), "answer"),
        Turn("a paper that makes online preference collection explore more?", "...", ("selm",), "answer"),
    ]
    query = understand(
        "Between the first and the second paper, which has more authors?",
        thread,
        lambda t: [],
        frozenset(),
        2025,
    )
    assert query.route is Route.METADATA and query.subject == ("gap", "selm")


def test_a_year_an_abstract_predicts_is_no_date_of_the_paper() -> None:
    # "In what year does the Gemini one predict AGI will arrive?" answered with the paper's date
    assert fact_cue("In what year does the Gemini one predict AGI will arrive?") is None
    assert fact_cue("what year was it posted?") == (Field.DATE, "")


def test_a_describing_suffix_makes_no_name() -> None:
    # "RL-based extrinsic calibration …" was taken to name the diffusion paper whose abstract
    # presents "a novel RL-based framework" (and refused as that paper's)
    from rag.names import without_descriptors

    assert without_descriptors("an RL-based, LLM-driven method") == "an  ,   method"
    assert without_descriptors("Diffusion-DPO and LiPO-lambda") == "Diffusion-DPO and LiPO-lambda"
    assert without_descriptors("instruction-guided editing") == "instruction-guided editing"


def test_a_season_is_bound_to_a_year_or_to_this() -> None:
    assert parse_metadata("does performance fall with model size?", [], 2025) is None


def test_same_but_another_topic_is_the_last_question_again() -> None:
    # "same but conversational recommenders" after "survey: foundation models in robot learning"
    # listed recommender papers instead of the survey
    thread = [Turn("survey: foundation models in robot learning", "...", ("robot-survey",), "answer")]
    for question in ("same but conversational recommenders", "same question but for video"):
        query = understand(question, thread, lambda t: [], frozenset(), 2025)
        assert query.route is Route.TOPICAL and "survey" in query.topic, question
        assert query.exclude == ("robot-survey",)


def test_a_sentence_that_dates_a_paper_loosely_then_asks_for_that_day() -> None:
    # ... not a question, then a remark about "that day"
    remark = parse_metadata(
        "Were any papers posted on 18 December 2024? I remember two things dropping that day.", [], 2025
    )
    assert remark is not None and not remark.same_day
    assert remark.conditions == (Condition(Field.DATE, "in", "2024-12-18"),)
    # "Vision-R1 went up sometime in March. did anything else get posted that exact same day?"
    # listed March's papers
    for question in (
        "Vision-R1 went up sometime in March. did anything else get posted that exact same day?",
        "Vision-R1 was released on some day in March \u2014 which other paper shares that exact date?",
    ):
        query = parse_metadata(question, [], 2025)
        assert query is not None and query.same_day and query.about == ("vision-r1",)
        assert not query.conditions
    month = parse_metadata("what else came out that same month?", [], 2025)
    assert month is not None and month.same_day and month.same_span == "month"


def test_an_organisation_that_has_papers_and_a_fact_of_a_paper_led_by_its_name() -> None:
    organisations = ["facebook AI at Meta", "X-GenGroup X-Gen Group", "TIGER-Lab"]
    for question in ("does Meta (facebook AI) have a paper in this set?", "has TIGER posted anything?"):
        query = parse_metadata(question, organisations, 2025)
        assert query is not None and query.organisation in ("facebook AI at Meta", "TIGER-Lab")
    # "Meta Policy Optimization" as a subject owns no paper
    assert parse_metadata("does meta policy optimization use a reward model?", organisations, 2025) is None
    led = parse_metadata("PaCo-RL: how many upvotes did it get and which group is it credited to?", [], 2025)
    assert led is not None and led.fact is Field.UPVOTES and led.about == ("paco-rl",)
    assert Field.ORGANISATION in led.also
    # an asker's remark after the question asks nothing of its own
    behind = parse_metadata(
        "who is behind The Alignment Waltz? I think the listing shows a lab instead of an author count",
        organisations,
        2025,
    )
    assert behind is not None and behind.fact is Field.AUTHOR_NAMES and behind.group is None


def test_ordinals_past_a_narrowed_set_and_over_a_thread_of_single_answers() -> None:
    # "summarize the third one" after "which of those use a benchmark?" kept two of four: the
    # third of the four (it had answered with the first of the two)
    listed = Turn("what papers look at reward hacking?", "...", ("a", "b", "c", "d"), "list")
    narrowed = Turn("which of those use a benchmark?", "...", ("d", "b"), "list")
    third = _read("summarize the third one", [listed, narrowed])
    assert third.subject == ("c",)
    # "link for the first one" after two answers about one paper each: the thread's first paper
    # (the last answer's own paper is "it")
    first = Turn("personalized RLHF with a latent variable per user?", "...", ("vpl",), "answer")
    second = Turn("and the one based on the ideal point model?", "...", ("pal",), "answer")
    assert _read("link for the first one", [first, second]).subject == ("vpl",)
    # "and the remaining one" is the set's other paper
    kept = Turn("which of those came out in 2023?", "...", ("a",), "metadata")
    rest = _read(
        "and the remaining one, which base models did they fine-tune?",
        [
            Turn("which papers formulate alignment as bilevel optimization?", "...", ("a", "b"), "list"),
            kept,
        ],
    )
    assert rest.subject == ("b",)


def test_a_request_for_the_thread_s_things_and_a_determiner_that_points_at_its_paper() -> None:
    answered = [Turn("that benchmark about moral progress from historical texts?", "...", ("pg",), "answer")]
    # "name the three challenge tasks pls" listed papers on challenge tasks
    assert _read("name the three challenge tasks pls", answered).route is Route.TOPICAL
    assert _read("list the papers on challenge tasks", answered).route is Route.LIST
    # "what did that reward get on RewardBench?" asked the corpus at large
    reward = [
        Turn("using the probability of the user's next message as the reward?", "...", ("flr",), "answer")
    ]
    assert _read("what did that reward get on RewardBench?", reward).subject == ("flr",)
    # ... while a relative "that" points at nothing
    assert not _read("which papers propose a reward that is learned from clicks?", reward).subject


def test_session_41_names_a_verb_and_a_title_led_by_a_double_dash() -> None:
    # "then realign the classifier layer" named Re-Align: a prefixed everyday verb before its
    # object, written in lowercase, is the verb
    index = NameIndex(
        [
            Paper(
                "re-align",
                "Re-Align: Aligning Vision Language Models via Retrieval",
                "We introduce Re-Align.",
            ),
            Paper("slca", "SLCA: Slow Learner with Classifier Alignment", "The classifier is aligned."),
        ]
    )
    for question in (
        "slow down the backbone and then realign the classifier layer post hoc",
        "continual learning where they re-align the classifier head afterwards",
    ):
        assert index.find(question) == [], question
    for question in (
        "what does Re-Align do?",
        "tell me about re-align",
        "is re-align the one with retrieval?",
    ):
        assert [m.paper_id for m in index.find(question)] == ["re-align"], question
    # "TRACEALIGN -- Tracing the Drift: …" goes by its name as a title leading with a colon does
    assert title_name("TRACEALIGN -- Tracing the Drift: Attributing Alignment Failures") == "TRACEALIGN"
    assert title_name("OpenAssistant Conversations -- Democratizing Large Language Model Alignment") == (
        "OpenAssistant Conversations"
    )
    assert title_name("From Instructions to Intrinsic Human Values -- A Survey of Alignment Goals") is None


def test_session_41_metadata_forms_of_new_question_sets() -> None:
    # "papers that list ten or more authors" asks a count, not the list of them
    count = parse_metadata("How many 2024 papers list ten or more authors?", [], 2025)
    assert count is not None and count.count and not count.listing
    assert Condition(Field.AUTHORS, "ge", 10) in count.conditions
    both = parse_metadata("how many papers list more than 20 authors? list them", [], 2025)
    assert both is not None and both.count and both.listing
    # "anything from 2025-03? how many?": the papers and their number
    anything = parse_metadata("anything from 2025-03? how many?", [], 2025)
    assert anything is not None and anything.count and anything.listing
    # "how many papers are in the list?" was refused: the list is the collection
    whole = parse_metadata("how many papers are in the list?", [], 2025)
    assert whole is not None and whole.count and not whole.conditions
    # a range of days without its year takes the year written elsewhere
    assert set(
        parse_metadata("papers from the week before Christmas 2024, i.e. 14–20 Dec?", [], 2025).conditions
    ) >= set(  # type: ignore[union-attr]
        _dated("2024-12-14", "2024-12-20")
    )
    # "between Valentine's Day and the end of that February, 2024": to the month's end
    valentine = parse_metadata(
        "what got posted between Valentine's Day and the end of that February, 2024?", [], 2025
    )
    assert valentine is not None and set(valentine.conditions) == set(_dated("2024-02-14", "2024-02-29"))
    # "which has the fewest?" sorts by the one count the question names elsewhere
    fewest = parse_metadata("of the 2025 papers that show upvotes, which has the fewest?", [], 2025)
    assert fewest is not None and fewest.sort is Field.UPVOTES and not fewest.descending and fewest.single
    # "which organisation is it?" after a sentence naming the paper; "… credited to?"
    org = parse_metadata(
        "The PaCo-RL listing shows an organisation instead of an author count. Which organisation is it?",
        [],
        2025,
    )
    assert org is not None and org.fact is Field.ORGANISATION and "PaCo-RL" in org.about[0]
    credited = parse_metadata("which organisation is PaCo-RL credited to?", [], 2025)
    assert credited is not None and credited.fact is Field.ORGANISATION and credited.about == ("paco-rl",)
    # "which came out more recently: X, or Y?"
    recent = parse_metadata("Which came out more recently: Vision-R1 or MM-RLHF?", [], 2025)
    assert recent is not None and recent.compare is Field.DATE and recent.descending
    assert recent.about == ("vision-r1", "mm-rlhf")


def test_session_41_thread_and_lookup_readings() -> None:
    # "Checking a citation: which paper introduces …?" was taken for a title no paper has
    checking = _read("Checking a citation: which paper introduces the notion of 'alignment discretion'?")
    assert not any(t.startswith("Checking") for t in checking.cased)
    # "There is also a paper for …?" seeks another paper, not the thread's
    thread = [Turn("Which work aligns LLMs to each user's personality?", "...", ("pas",), "answer")]
    also = _read("There is also a paper for personalize RLHF, with a latent variable per user?", thread)
    assert also.subject == () and "pas" in also.exclude
    # "any other single-author paper in the list?" asks the listing, not a topic
    listed = [Turn("and the author count?", "...", ("traitors",), "metadata")]
    single = _read("any other single-author paper in the list?", listed)
    assert single.route is Route.METADATA
    # "code repo?" asks for the code, not about the RePo paper
    code = _read("code repo?", [Turn("CREAM paper?", "...", ("cream",), "answer")])
    assert "code" in code.wants and "repo" not in code.topic.lower()


def test_session_41_more_metadata_forms() -> None:
    # day and month in the order one of the question's dates shows
    between = parse_metadata("anything dated between 15/03/2025 and 01/04/2025?", [], 2025)
    assert between is not None and set(between.conditions) == set(_dated("2025-03-15", "2025-04-01"))
    us = parse_metadata("papers from 12/18/2024", [], 2025)
    assert us is not None and us.conditions == (Condition(Field.DATE, "in", "2024-12-18"),)
    # a word in the title narrows to the titles that hold it
    titled = parse_metadata(
        "Among the papers with RLHF in the title, which one got the most upvotes?", [], 2025
    )
    assert titled is not None and titled.in_title and titled.topic == "rlhf" and titled.sort is Field.UPVOTES
    # two papers' counts added or subtracted
    summed = parse_metadata("combined upvotes of MM-RLHF and MJ-Bench?", [], 2025)
    assert summed is not None and summed.arithmetic == "sum" and summed.about == ("mm-rlhf", "mj-bench")
    more = parse_metadata("how many more upvotes does MM-RLHF have than RAFT?", [], 2025)
    assert more is not None and more.arithmetic == "difference" and more.compare is Field.UPVOTES
    total = parse_metadata("total upvotes across all the 2024 papers?", [], 2025)
    assert total is not None and not total.arithmetic and total.measure is not None
    # a window of days after a paper's day
    window = parse_metadata("what was posted in the two weeks after the MM-RLHF paper?", [], 2025)
    assert window is not None and window.same_day and window.same_span == "after" and window.window == 14
    around = parse_metadata("anything within a week of URIAL?", [], 2025)
    assert around is not None and around.same_span == "around" and around.window == 7
    # "that same month" of the paper a statement before the question names
    month = parse_metadata(
        "I'm tracking what came out around the watermarking paper. What else is from that same month?",
        [],
        2025,
    )
    assert month is not None and month.same_span == "month" and "watermarking" in month.about[0]
    # a solo effort, the biggest team, "on these pages", the group credited for a paper
    solo = parse_metadata("was The Traitors paper a solo effort?", [], 2025)
    assert solo is not None and Condition(Field.AUTHORS, "eq", 1) in solo.conditions
    team = parse_metadata("which 2023 paper had the biggest team behind it?", [], 2025)
    assert team is not None and team.sort is Field.AUTHORS and team.single
    liked = parse_metadata("what's the most liked paper on these pages?", [], 2025)
    assert liked is not None and liked.sort is Field.UPVOTES and not liked.topic
    group = parse_metadata("who's the group credited for PaCo-RL on the listing?", [], 2025)
    assert group is not None and group.fact is Field.ORGANISATION and group.about == ("paco-rl",)


def test_session_41_facts_of_a_paper_named_in_other_ways_and_that_date() -> None:
    # the organisation asked after a lookup's request, "on the page"
    waltz = parse_metadata(
        "WaltzRL: full title of the paper, and which organisation is it credited to on the page?", [], 2025
    )
    assert waltz is not None and waltz.fact is Field.ORGANISATION and waltz.about == ("waltzrl",)
    assert waltz.organisation is None
    # "it" of a paper quoted in the question, and "was it posted" after another fact
    quoted = parse_metadata(
        "The paper 'Of Models and Tin Men', from how many authors it is written?", [], 2025
    )
    assert quoted is not None and quoted.fact is Field.AUTHORS and quoted.about == ("Of Models and Tin Men",)
    led = parse_metadata(
        "For the Trustworthy LLMs survey and guideline paper: how many authors, and when was it posted?",
        [],
        2025,
    )
    assert led is not None and led.also == (Field.AUTHORS, Field.DATE) and "trustworthy" in led.about[0]
    # "put up on that date" is the thread's paper's day; "latest thing from 2023" sorts by date
    put_up = parse_metadata("was anything else put up on that date?", [], 2025)
    assert put_up is not None and put_up.same_day and put_up.same_span == "day"
    latest = parse_metadata("latest thing from 2023?", [], 2025)
    assert latest is not None and latest.sort is Field.DATE and latest.single


def test_session_41_a_phrase_that_ends_in_one_is_no_pick_of_the_set() -> None:
    # "the referee in one single model" picked the thread's one paper as "the … one"
    thread = [Turn("self-rewarding LLM with consistency regularisation", "...", ("cream",), "answer")]
    sought = _read(
        "and the one that puts the player and the referee in one single model trained with GRPO?", thread
    )
    assert sought.subject == ()
    picked = _read("bibtex for the robot one", [Turn("robot papers?", "...", ("a", "b"), "list")])
    assert picked.among == ("a", "b")


def test_session_42_dates_written_as_ranges_weeks_and_weekdays() -> None:
    # "list everything dated 3/1/2024 - 3/31/2024" matched nothing: two days, not a range
    ranged = parse_metadata("list everything dated 3/1/2024 - 3/31/2024", [], 2025)
    assert ranged is not None and ranged.conditions == (
        Condition(Field.DATE, "ge", "2024-03-01"),
        Condition(Field.DATE, "le", "2024-03-31"),
    )
    # "the week of Monday 17 March 2025 (through that Sunday)": Monday to Sunday
    week = parse_metadata("papers from the week of Monday 17 March 2025 (through that Sunday)", [], 2025)
    assert week is not None and week.conditions == (
        Condition(Field.DATE, "ge", "2025-03-17"),
        Condition(Field.DATE, "le", "2025-03-23"),
    )
    # "Which of the 2023 papers are dated on a Sunday?" listed every 2023 paper
    papers = [
        Paper(id="sun", title="A", abstract=".", date="2023-12-03"),
        Paper(id="mon", title="B", abstract=".", date="2023-12-04"),
        Paper(id="month", title="C", abstract=".", date="2023-12"),
        Paper(id="later", title="D", abstract=".", date="2024-12-01"),
    ]
    sundays = parse_metadata("Which of the 2023 papers are dated on a Sunday?", [], 2025)
    assert sundays is not None
    assert [p.id for p in run_metadata(sundays, papers).papers] == ["sun"]
    weekend = parse_metadata("anything posted at the weekend?", [], 2025)
    assert weekend is not None and [p.id for p in run_metadata(weekend, papers).papers] == ["sun", "later"]
    # a weekday beside its day only repeats it
    day = parse_metadata("what came out on Monday 17 March 2025?", [], 2025)
    assert day is not None and day.conditions == (Condition(Field.DATE, "in", "2025-03-17"),)
    # "what dropped on 18/12/2024?" was refused: a date and a verb ask what is dated then
    dropped = parse_metadata("what dropped on 18/12/2024?", [], 2025)
    assert dropped is not None and dropped.conditions == (Condition(Field.DATE, "in", "2024-12-18"),)
    assert parse_metadata("who won the 2022 World Cup?", [], 2025) is None
    # "count of 2024-dated papers?" was refused
    dated = parse_metadata("count of 2024-dated papers?", [], 2025)
    assert dated is not None and dated.count and dated.conditions == (Condition(Field.DATE, "in", "2024"),)


def test_session_42_a_paper_s_day_after_before_and_shared() -> None:
    # "anything from the day after 'Transforming and Combining Rewards …' was posted?" read "after
    # 'transforming …'" as the paper's name; "the week before URIAL" the same way
    after = parse_metadata(
        "is there anything from the day after 'Transforming and Combining Rewards' was posted?", [], 2025
    )
    assert after is not None and after.window == 1 and after.same_span == "after"
    assert after.about == ("'transforming and combining rewards'",)
    before = parse_metadata("what came out the week before URIAL?", [], 2025)
    assert before is not None and (before.window, before.same_span, before.about) == (7, "before", ("urial",))
    assert parse_metadata("what did they do the day after training?", [], 2025) is None
    # "which other papers share a posting date with 'Watermarking …'?" took "which other
    # papers" for the paper
    shared = parse_metadata(
        "which other papers share a posting date with 'Watermarking Degrades Alignment in Language Models'?",
        [],
        2025,
    )
    assert shared is not None and shared.same_day and "watermarking" in shared.about[0]
    shares = parse_metadata("URIAL shares its posting date with which paper?", [], 2025)
    assert shares is not None and shares.about == ("urial",)


def test_session_42_counts_sorts_and_comparisons_in_other_words() -> None:
    # "how many papers in here show exactly 2 upvotes?" listed the 19 papers
    shown = parse_metadata("how many papers in here show exactly 2 upvotes?", [], 2025)
    assert shown is not None and shown.count and not shown.listing
    both = parse_metadata("how many papers from 2023? show them", [], 2025)
    assert both is not None and both.listing
    # "are there any solo-author papers in here? how many?" gave the number alone
    solo = parse_metadata("are there any solo-author papers in here? how many?", [], 2025)
    assert solo is not None and solo.count and solo.listing
    # "top-upvoted paper in the set? give me the count too" was refused, then counted the papers
    top = parse_metadata("top-upvoted paper in the set? give me the count too", [], 2025)
    assert top is not None and top.sort is Field.UPVOTES and top.single and not top.count
    # "the single most upvoted paper" had the topic "single"; "big-team papers" "big-team"
    single = parse_metadata("what's the single most upvoted paper on these pages?", [], 2025)
    assert single is not None and single.topic == ""
    team = parse_metadata("big-team papers from 2024 - which ones list more than 15 authors?", [], 2025)
    assert team is not None and team.topic == "" and Condition(Field.AUTHORS, "gt", 15) in team.conditions
    # "UnifiedReward vs Vision-R1 - which one got upvoted more?" gave one paper's count
    for question in (
        "UnifiedReward vs Vision-R1 - which one got upvoted more?",
        "which got upvoted more, UnifiedReward or Vision-R1?",
    ):
        compared = parse_metadata(question, [], 2025)
        assert compared is not None and compared.compare is Field.UPVOTES, question
        assert compared.about == ("unifiedreward", "vision-r1") and compared.descending


def test_session_42_an_organisation_as_the_subject_that_has_papers() -> None:
    # "what has the X-Gen Group got in this collection?" was refused
    for question in ("what has the X-Gen Group got in this collection?", "what did X-Gen Group post?"):
        parsed = parse_metadata(question, ["X-GenGroup X-Gen Group"], 2025)
        assert parsed is not None and parsed.organisation == "X-GenGroup X-Gen Group", question


def test_session_42_threads_read_as_their_askers_mean_them() -> None:
    # "related work" is the asker's section, not a request for similar papers
    assert (
        _read("Which paper introduced the UltraPrompt dataset? I need to cite it in my related work.").route
        is not Route.SIMILAR
    )
    # "and what about a paper that traces unsafe completions back to the documents behind them?"
    # stayed with the thread's paper
    thread = [Turn("which cluster-quality indices does it combine?", "...", ("aqi",), "answer")]
    sought = _read(
        "and what about a paper that traces unsafe completions back to the training documents behind them?",
        thread,
    )
    assert sought.subject == () and sought.route is Route.TOPICAL
    # "compare the two" after answers about one paper each
    two = [
        Turn("robot policy conditioned on a sketch of the goal?", "...", ("sketch",), "answer"),
        Turn(
            "and the one that aligns instructions with the change between images?", "...", ("grif",), "answer"
        ),
    ]
    compared = _read("compare the two", two)
    assert compared.route is Route.COMPARE and compared.subject == ("sketch", "grif")
    # "how many authors" after an answer that cited its paper and one more: the answer's paper
    answered = [Turn("Dynamic Normativity paper", "...", ("dn", "beyond"), "answer")]
    fact = _read("how many authors", answered)
    assert fact.subject == ("dn",) and fact.metadata is not None and fact.metadata.fact is Field.AUTHORS
    listed = [Turn("papers on value alignment", "...", ("dn", "beyond"), "list")]
    assert _read("how many authors", listed).among == ("dn", "beyond")
    # "any other single-author papers?" searched abstracts for "single-author"
    other = _read("any other single-author papers?", answered)
    assert other.route is Route.METADATA and other.exclude == ("dn", "beyond")
    assert other.metadata is not None and Condition(Field.AUTHORS, "eq", 1) in other.metadata.conditions


def test_session_42_a_name_proposed_after_the_sentence_s_other_verbs() -> None:
    # "We investigate …, categorize them …, and propose a unified framework, ACT (Aligning to
    # ConsTraints)": ACT is the paper's own name ("the ACT paper" was "no paper goes by ACT")
    names = extract_names(
        "From Instructions to Constraints: Language Model Alignment with Automatic Constraint Verification",
        "We investigate common constraints in NLP tasks, categorize them into three classes based on the "
        "types of their arguments, and propose a unified framework, ACT (Aligning to ConsTraints), to "
        "automatically produce supervision signals.",
    )
    assert names["act"] is Strength.DEFINED


def test_session_42_the_dataset_of_the_thread_s_paper_and_the_answer_s_own_numbering() -> None:
    # "how big is the dataset?" after the VMAS answer searched the corpus for datasets
    answered = [Turn("video-to-music generation trained on web music videos?", "...", ("vmas",), "answer")]
    assert _read("how big is the dataset?", answered).subject == ("vmas",)
    assert _read("how large is the training data?", answered).subject == ("vmas",)
    assert _read("how big are diffusion models these days?", answered).subject == ()  # a topic
    # an answer that showed both papers the turn named numbers them itself: "the second one" of
    # "how does MaPO compare with Diffusion-DPO?" is the answer's second
    names = _names_of({"MaPO": "mapo", "Diffusion-DPO": "ddpo"})
    compared = [Turn("how does MaPO compare with Diffusion-DPO?", "...", ("ddpo", "mapo"), "compare")]
    second = understand("the second one - what data did they use?", compared, names, frozenset(), 2025)
    assert second.subject == ("mapo",)


def test_session_42_a_fact_of_the_paper_a_lead_names_in_a_thread() -> None:
    # "and the Gemini vs Q* survey, when was that posted?" gave the date of the thread's paper
    thread = [Turn("How Far Are We From AGI", "...", ("agi",), "answer")]
    led = _read("and the Gemini vs Q* survey, when was that posted?", thread)
    assert led.route is Route.METADATA and led.subject == ()
    assert led.metadata is not None and led.metadata.about == ("the gemini vs q* survey",)
    # ... while "it" alone is the thread's paper
    assert _read("ok, when was it posted?", thread).subject == ("agi",)


def test_session_42_bare_follow_ups_ask_the_thread_s_one_paper() -> None:
    # "wait which year", "license?", "benchmark used?", "which base model?", "source?" after an
    # answer about one paper listed or searched the corpus
    answered = [Turn("which paper aligns LLMs to say I don't know?", "...", ("honesty",), "answer")]
    for question in ("license?", "benchmark used?", "Which base model?", "what benchmarks", "the dataset?"):
        read = _read(question, answered)
        assert read.subject == ("honesty",) and read.follow_up, question
    year = _read("wait which year", answered)
    assert year.route is Route.METADATA and year.metadata is not None and year.metadata.fact is Field.DATE
    authors = _read("authors?", answered)
    assert authors.metadata is not None and authors.metadata.fact is Field.AUTHORS
    source = _read("source?", answered)
    assert source.route is Route.LOOKUP and source.subject == ("honesty",)
    # a concept or a name still stands alone; after a list, a bare noun is no pick of it
    assert _read("what is RLHF?", answered).subject == ()
    assert _read("RLHF?", answered).subject == ()
    listed = [Turn("papers on honesty", "...", ("a", "b"), "list")]
    assert _read("license?", listed).subject == ()


def test_session_42_more_date_and_organisation_forms() -> None:
    # "no later than 30 June 2023" read "later than": after it
    through = parse_metadata("papers posted no later than 30 June 2023.", [], 2025)
    assert through is not None and through.conditions == (Condition(Field.DATE, "le", "2023-06-30"),)
    since = parse_metadata("papers on or after 1 Dec 2024", [], 2025)
    assert since is not None and since.conditions == (Condition(Field.DATE, "ge", "2024-12-01"),)
    # "the last week of May this year" was last week
    may = parse_metadata("what got posted in the last week of May this year?", [], 2025, "2025-12-02")
    assert may is not None and Condition(Field.DATE, "ge", "2025-05-25") in may.conditions
    # "late 2024 stuff" with no word before it
    late = parse_metadata("late 2024 stuff written by small teams, under 5 authors?", [], 2025)
    assert late is not None and Condition(Field.DATE, "ge", "2024-09-01") in late.conditions
    # "anything Meta put out?" was refused
    meta = parse_metadata(
        "anything Meta put out? going by the org shown on the listing", ["facebook AI at Meta"], 2025
    )
    assert meta is not None and meta.organisation == "facebook AI at Meta"
    # a title's own question mark: "when was 'Helping or Herding?' posted and how many upvotes …?"
    both = parse_metadata(
        "when was 'Helping or Herding?' posted and how many upvotes does it have?", [], 2025
    )
    assert both is not None and both.also == (Field.DATE, Field.UPVOTES)


def test_session_42_three_papers_named_are_the_set_a_sort_picks_from() -> None:
    names = _names_of({"SALMON": "salmon", "RAFT": "raft", "Preference Ranking Optimization": "pro"})
    read = understand(
        "Of SALMON, RAFT and Preference Ranking Optimization, which one came out first?",
        [],
        names,
        frozenset(),
        2025,
    )
    assert read.route is Route.METADATA and set(read.among) == {"salmon", "raft", "pro"}
    assert read.metadata is not None and read.metadata.sort is Field.DATE and not read.follow_up


def test_session_42_each_of_the_thread_s_two_papers_and_team_sizes() -> None:
    # "where does each of them get its reward signal from?" after answers about one paper each
    two = [
        Turn("VLA alignment with trajectory-level preferences?", "...", ("grape",), "answer"),
        Turn("and the visuomotor policy paper needing less preference data?", "...", ("rapl",), "answer"),
    ]
    each = _read("where does each of them get its reward signal from?", two)
    assert each.route is Route.COMPARE and each.subject == ("grape", "rapl")
    contrast = _read("Contrast how the two relate supervised-style training to RL.", two)
    assert contrast.route is Route.COMPARE and contrast.subject == ("grape", "rapl")
    # "which papers have a 12-person author list?" was searched
    team = parse_metadata("which papers have a 12-person author list?", [], 2025)
    assert team is not None and team.conditions == (Condition(Field.AUTHORS, "eq", 12),)
    # "how many authors does the bigger of those two have?" is of the thread's set, not a lead
    listed = [Turn("which of those are literature reviews?", "...", ("a", "b"), "list")]
    assert _read("how many authors does the bigger of those two have?", listed).among == ("a", "b")


def test_session_42_facts_asked_of_the_paper_in_view() -> None:
    answered = [Turn("unlearning as a safety tool, and its limits?", "...", ("unlearning",), "answer")]
    # "how many authors and what date?" looked up "and" as a paper's name
    both = _read("how many authors and what date?", answered)
    assert both.subject == ("unlearning",) and both.metadata is not None
    assert both.metadata.also == (Field.AUTHORS, Field.DATE)
    # "pub date and author count?" was refused
    pub = _read("pub date and author count?", answered)
    assert pub.subject == ("unlearning",) and pub.metadata is not None and Field.DATE in pub.metadata.also
    # "Benchmarks used there?": "there" is the thread's paper
    assert _read("Benchmarks used there?", answered).subject == ("unlearning",)
    assert _read("what else is there?", answered).subject == ()
    # "What was posted on the Friday of that same week?" is no weekday filter of the corpus
    assert parse_metadata("What was posted on the Friday of that same week?", [], 2025) is None


def test_session_43_weekdays_beside_days_a_week_of_two_days_and_one_upvote() -> None:
    ranged = (Condition(Field.DATE, "ge", "2025-04-07"), Condition(Field.DATE, "le", "2025-04-13"))
    # "the week of X (Mon) to Y (Sun)" added Y as a day of its own; the weekdays broke the range
    for asked in (
        "papers from the week of 2025-04-07 (Mon) to 2025-04-13 (Sun)",
        "papers from 2025-04-07 (Mon) to 2025-04-13 (Sun)",
        "papers from Mon 2025-04-07 to Sun 2025-04-13",
    ):
        parsed = parse_metadata(asked, [], 2025)
        assert parsed is not None and parsed.conditions == ranged, asked
    # a weekday alone is still a condition
    sundays = parse_metadata("papers dated on a Sunday in 2023", [], 2025)
    assert sundays is not None and Condition(Field.DATE, "weekday", "6") in sundays.conditions
    single = parse_metadata("how many papers got just a single upvote", [], 2025)
    assert single is not None and single.count and single.conditions == (Condition(Field.UPVOTES, "eq", 1),)
    # "how many upvotes InfAlign have": the "in" of a name is no preposition
    votes = parse_metadata("how many upvotes InfAlign have", [], 2025)
    assert votes is not None and votes.fact is Field.UPVOTES and votes.about == ("infalign",)


def test_session_43_a_yes_no_question_of_the_thread_s_paper_checks_its_listing() -> None:
    thread = [Turn("the werewolf-style deception simulation", "...", ("traitors",), "answer")]
    for asked, field in (
        ("is that a solo-author paper?", Field.AUTHORS),
        ("was it posted in 2025?", Field.DATE),
        ("does it have more than 10 authors?", Field.AUTHORS),
    ):
        query = understand(asked, thread, lambda t: [], frozenset(), 2025)
        assert query.route is Route.METADATA and query.subject == ("traitors",), asked
        assert query.metadata is not None and query.metadata.fact is field and query.metadata.conditions
    # with no thread, "is there a single-author paper?" lists them
    alone = understand("are there any solo-author papers?", [], lambda t: [], frozenset(), 2025)
    assert alone.route is Route.METADATA and not alone.subject
    # a question of its content is no check of its listing
    content = understand("does it use PPO?", thread, lambda t: [], frozenset(), 2025)
    assert content.route is not Route.METADATA


def test_session_43_the_one_that_after_one_paper_is_another_paper() -> None:
    one = [Turn("the critique of preferences as the target of alignment", "...", ("beyond",), "answer")]
    other = understand(
        "And the one where an LLM interviews people about their values and builds a moral graph?",
        one,
        lambda t: [],
        frozenset(),
        2025,
    )
    assert other.subject == () and other.among == ()
    # after a list, "the one where …" picks from it
    listed = [Turn("papers on pluralistic values?", "...", ("a", "b", "c"), "list")]
    picked = understand(
        "and the one where people are interviewed about values?", listed, lambda t: [], frozenset(), 2025
    )
    assert picked.among == ("a", "b", "c")


def test_session_43_a_paper_s_count_a_place_in_a_sort_and_a_topic_the_same_month() -> None:
    # "which other papers have exactly that many authors?" matched nothing
    same = parse_metadata("which other papers have exactly that many authors?", [], 2025)
    assert same is not None and same.same_day and same.same_span == "same authors" and same.about == ()
    named = parse_metadata("any papers with the same number of upvotes as MJ-Bench?", [], 2025)
    assert named is not None and named.same_span == "same upvotes" and named.about == ("mj-bench",)
    # "what's the second newest then?" gave the newest
    second = parse_metadata("what's the second newest then?", [], 2025)
    assert second is not None and second.sort is Field.DATE and second.single and second.rank == 2
    papers = [
        Paper(id="a", title="A", abstract=".", date="2025-03-02"),
        Paper(id="b", title="B", abstract=".", date="2025-03-01"),
        Paper(id="c", title="C", abstract=".", date="2025-03-01"),
        Paper(id="d", title="D", abstract=".", date="2025-02-01"),
    ]
    assert [p.id for p in run_metadata(second, papers).papers] == ["b", "c"]  # (ties kept)
    third = parse_metadata("the third-oldest paper?", [], 2025)
    assert third is not None and [p.id for p in run_metadata(third, papers).papers] == ["a"]
    # "any other deception paper posted in the same month?" kept no topic; "was there …" was no
    # request for papers
    month = parse_metadata("was there a safety dataset paper in the same month?", [], 2025)
    assert month is not None and month.same_day and month.same_span == "month" and month.topic == "safety"
    # "Vision-R1 went up on the same day as another paper. Which one?": Vision-R1's day
    vision = parse_metadata("Vision-R1 went up on the same day as another paper. Which one?", [], 2025)
    assert vision is not None and vision.about == ("vision-r1",) and vision.topic == ""
    # "and the date on the listing?" is the thread's paper's date; so are lists of bare fields
    assert fact_cue("and the date on the listing?") == (Field.DATE, "")
    assert fact_cue("authors and date?") == (Field.AUTHORS, "")
    assert fact_cue("date and authors?") == (Field.DATE, "")
    assert fact_cue("give me its date and how many wrote it") == (Field.AUTHORS, "")


def test_session_43_how_much_of_a_degree_and_today_in_a_description_ask_no_metadata() -> None:
    # "… people rather judge how much worse each clip is" answered "205 papers."
    assert (
        parse_metadata("It proposes that people rather judge how much worse each clip is", [], 2025) is None
    )
    counted = parse_metadata("roughly how much of this collection is 2025 stuff?", [], 2025)
    assert counted is not None and counted.count
    # "… how to assess where we stand today" listed the newest day's papers
    assert parse_metadata("an essay on how to assess where we stand today", [], 2025, "2025-12-02") is None
    today = parse_metadata("what was posted today?", [], 2025, "2025-12-02")
    assert today is not None and today.conditions == (Condition(Field.DATE, "in", "2025-12-02"),)
    # a statement that names the paper gives the question after it no topic
    stated = parse_metadata(
        "I'm tracking what came out around the watermarking paper. What else is from that same month?",
        [],
        2025,
    )
    assert stated is not None and stated.same_span == "month" and stated.topic == ""


def test_session_43_follow_ups_that_seek_another_paper_or_ask_more_of_the_same() -> None:
    one = [Turn("a BLEU reward paper", "...", ("bleu",), "answer")]
    # "and one that uses …" (no article) is another paper, as "and the one that …" is
    other = understand(
        "and one that uses how likely the user's next message is as the reward?",
        one,
        lambda t: [],
        frozenset(),
        2025,
    )
    assert other.subject == () and other.among == ()
    # "anything similar for guessing a phone user's intent from their on-screen activity?"
    similar = understand(
        "anything similar for guessing a phone user's intent from their on-screen activity?",
        one,
        lambda t: [],
        frozenset(),
        2025,
    )
    assert similar.route is Route.TOPICAL and similar.subject == () and not similar.follow_up
    # "any others where the model grades its own generations?": others than the thread's
    others = understand(
        "any others where the model grades its own generations?", one, lambda t: [], frozenset(), 2025
    )
    assert others.exclude == ("bleu",) and others.subject == ()
    # "what MT-Bench score did that get?" asks of the thread's paper
    that = understand("what MT-Bench score did that get?", one, lambda t: [], frozenset(), 2025)
    assert that.subject == ("bleu",)
    # "and overrefusals on OR-Bench?" after a question of the paper's detail: its own words
    # searched, the thread's paper not left out (it finds that paper)
    detail = [*one, Turn("how much did unsafe responses drop on WildJailbreak?", "...", ("bleu",), "answer")]
    more = understand("and overrefusals on OR-Bench?", detail, lambda t: [], frozenset(), 2025)
    assert more.topic == "overrefusals on OR-Bench" and more.exclude == () and more.follow_up
    # ... after a list, the frame's question of the new topic, of other papers
    listed = [Turn("papers on reward models for images?", "...", ("a", "b"), "list")]
    video = understand("and for video?", listed, lambda t: [], frozenset(), 2025)
    assert video.subject == () and video.exclude == ("a", "b")
    # "and which benchmarks?" asks the frame's question again, of the paper in view
    which = understand("and which benchmarks?", detail, lambda t: [], frozenset(), 2025)
    assert which.exclude == () and which.topic != "which benchmarks"
    # ... and after a detail question too: "for video" swaps the frame's topic
    swapped = understand("and for video?", detail, lambda t: [], frozenset(), 2025)
    assert swapped.subject == ()


def test_session_43_digits_of_a_count_weeks_of_a_month_and_a_paper_left_out() -> None:
    # "count of papers with double-digit author lists?" was refused
    digits = parse_metadata("count of papers with double-digit author lists?", [], 2025)
    assert digits is not None and digits.count
    assert digits.conditions == (Condition(Field.AUTHORS, "ge", 10), Condition(Field.AUTHORS, "le", 99))
    # "the last two weeks of December 2024" was its last week
    weeks = parse_metadata("what got posted in the last two weeks of December 2024?", [], 2025)
    assert weeks is not None and weeks.conditions == (
        Condition(Field.DATE, "ge", "2024-12-18"),
        Condition(Field.DATE, "le", "2024-12-31"),
    )
    # "Besides PaCo-RL, did the X-Gen group post anything else?" searched the abstracts
    names = lambda text: ["paco"] if "paco" in text.lower() else []  # noqa: E731
    besides = understand(
        "Besides PaCo-RL, did the X-Gen group post anything else?",
        [],
        names,
        frozenset({"X-GenGroup X-Gen Group"}),
        2025,
    )
    assert besides.route is Route.METADATA and besides.exclude == ("paco",)
    assert besides.metadata is not None and besides.metadata.organisation == "X-GenGroup X-Gen Group"


def test_session_43_similar_papers_described_and_a_related_compound_and_two_counts() -> None:
    one = [Turn("that Gemini to Q* survey, link", "...", ("gemini",), "lookup")]
    # "similar papers? like other big-picture AGI roadmap pieces" gave the thread's paper again
    described = understand(
        "similar papers? like other big-picture AGI roadmap pieces", one, lambda t: [], frozenset(), 2025
    )
    assert described.route is Route.LIST and described.exclude == ("gemini",)
    assert described.topic.startswith("big-picture AGI")
    plain = understand("similar papers?", one, lambda t: [], frozenset(), 2025)
    assert plain.route is Route.SIMILAR and plain.subject == ("gemini",)
    # "any other law-related papers here?" asked for papers like the thread's
    law = understand("any other law-related papers here?", one, lambda t: [], frozenset(), 2025)
    assert law.route is not Route.SIMILAR
    # "how many tasks and skill areas?" after a lookup counts two things of that paper
    counted = understand("how many tasks and skill areas?", one, lambda t: [], frozenset(), 2025)
    assert counted.subject == ("gemini",)


def test_session_44_the_thread_s_paper_anchors_that_year_the_following_day_and_its_first_author() -> None:
    one = [Turn("which paper introduced OpenRubrics?", "...", ("rubrics",), "metadata")]
    # "how many other papers came out that year?" was a list searched for "came out that year"
    year = _read("how many other papers came out that year?", one)
    assert year.route is Route.METADATA and year.subject == ("rubrics",)
    assert year.metadata is not None and year.metadata.same_day and year.metadata.same_span == "year"
    # after that count, which cited nothing, "the same year" is still the paper's (it counted
    # every dated paper)
    counted = [*one, Turn(year.text, "48 papers.", (), "metadata", more=("a", "b"))]
    same = _read("how many papers came out in the same year?", counted)
    assert same.route is Route.METADATA and same.subject == ("rubrics",)
    # "what was posted the following day?" searched those words
    following = _read("what was posted the following day?", one)
    assert following.route is Route.METADATA and following.subject == ("rubrics",)
    assert following.metadata is not None and following.metadata.window == 1
    assert following.metadata.same_span == "after"
    before = parse_metadata("and the week before?", [], 2025)
    assert before is not None and before.window == 7 and before.same_span == "before" and not before.about
    # "who's the first author?" searched the corpus for a first author
    first = _read("who's the first author?", one)
    assert first.route is Route.METADATA and first.subject == ("rubrics",)
    assert first.metadata is not None and first.metadata.fact is Field.AUTHOR_NAMES
    # "how many authors do the two have?" read "the two" as a paper's name (Two Minds …)
    pair = [
        Turn("papers from Aug 6 this year?", "...", ("a", "b"), "metadata"),
        Turn("the one that…", "...", ("b",), "answer"),
    ]
    two = _read("how many authors do the two have?", pair)
    assert two.route is Route.METADATA and two.among == ("a", "b")
    assert two.metadata is not None and two.metadata.sort is Field.AUTHORS


def test_session_44_picks_and_frames_of_a_thread() -> None:
    # "compare the first two please" after answers about one paper each listed four others
    ones = [
        Turn("the self-rewarding paper with consistency regularisation?", "...", ("cream",), "answer"),
        Turn("at which size does the gain vanish?", "...", ("cream",), "answer"),
        Turn("and the one deriving preference labels from logits?", "...", ("logits",), "answer"),
    ]
    compared = _read("compare the first two please", ones)
    assert compared.route is Route.COMPARE and compared.subject == ("cream", "logits")
    # "and for multimodal models?" after "compare the first two" frames the thread's topic
    listed = [
        Turn("what's out there on jailbreaking", "...", ("a", "b", "c"), "list"),
        Turn("compare the first two", "...", ("a", "b"), "compare"),
    ]
    framed = _read("and for multimodal models?", listed)
    assert "jailbreaking" in framed.topic and "multimodal" in framed.topic
    # "in here" is where papers are, not a topic the next turn replaces
    music = [
        Turn("any music-related papers in here?", "...", ("m", "v"), "list"),
        Turn("the recommendation one - which LLM did they hook up to it?", "...", ("m",), "answer"),
    ]
    speech = _read("ok and for speech?", music)
    assert "speech" in speech.topic and "music" not in speech.topic
    # "which RL algorithm do they build on?" is the paper's basis, not a later paper
    group = [Turn("what's credited to X-Gen Group?", "...", ("paco",), "metadata")]
    basis = _read("which RL algorithm do they build on?", group)
    assert basis.subject == ("paco",)
    later = _read("is there a follow-up that builds on it?", group)
    assert later.exclude == ("paco",) and not later.subject
    # "how many tasks and which skill areas?" after a lookup asks the paper, not the corpus
    looked = [Turn("Shopping MMLU link", "...", ("shop",), "lookup")]
    tasks = _read("how many tasks and which skill areas?", looked)
    assert tasks.subject == ("shop",)
    # ... but "reward hacking and jailbreaks?" and "and for video?" ask no attribute
    assert not _read("reward hacking and jailbreaks?", looked).subject
    venue = _read("at what venue?", [Turn("which one got through peer review?", "...", ("sci",), "answer")])
    assert venue.subject == ("sci",)
    # "similar papers? specifically ones that …" describes the papers sought (it was searched whole)
    snap = [Turn("TTSnap link", "...", ("ttsnap",), "lookup")]
    described = _read(
        "similar papers? specifically ones that search over diffusion latents at inference time", snap
    )
    assert described.route is Route.LIST and described.exclude == ("ttsnap",)
    assert "search over diffusion latents" in described.topic


def test_session_44_another_paper_described_and_a_change_of_subject_typed_in_a_hurry() -> None:
    one = [Turn("the CTR trick hashing a user's long history", "...", ("sdim",), "answer")]
    # "and the Kuaishou one that recommends end to end …?" was asked of the thread's paper
    other = _read("and the Kuaishou one that recommends end to end with one generative encoder-decoder?", one)
    assert not other.subject and not other.among
    # "the robot one" alone is still the thread's paper
    robot = _read("bibtex for the robot one", [Turn("the robot paper", "...", ("r",), "answer")])
    assert robot.among == ("r",)  # (picked by the words, session 52)
    # "and the one deployed at Kuaishou - …" after a list picks from the list
    listed = [
        Turn("which papers do recommendation?", "...", ("sdim", "onerec", "easyrec"), "list"),
        Turn("which of those runs in the Meituan app?", "...", ("sdim",), "answer"),
    ]
    picked = _read("and the one deployed at Kuaishou - how much watch time did it add?", listed)
    assert picked.among == ("sdim", "onerec", "easyrec") and not picked.subject
    # "wasn't there also one where …" seeks another paper
    also = _read("wasn't there also one where a strong model fools its weaker supervisor?", one)
    assert not also.subject
    # "totally diferent q:", "nvm -" change the subject
    for asked in (
        "totally diferent q: whats the paper about LLMs being adaptive chameleons?",
        "nvm - what's the O1 replication thing?",
    ):
        assert not _read(asked, one).subject, asked
    # "which paper here reports results on it?" after "which paper introduced X?": X's users
    introduced = [Turn("which paper introduced the WildJailbreak benchmark?", "...", (), "refusal")]
    users = _read("ok then, which paper here reports results on it?", introduced)
    assert "WildJailbreak" in users.topic


def test_session_44_metadata_forms() -> None:
    since = parse_metadata("How many papers have been posted since the start of October 2025?", [], 2025)
    assert since is not None and since.count and not since.about
    assert since.conditions == (Condition(Field.DATE, "ge", "2025-10-01"),)
    # "300,000 people" is one number, and no author count
    assert parse_metadata("which paper uses questionnaire data from around 300,000 people?", [], 2025) is None
    thousand = parse_metadata("papers with more than 1,000 upvotes", [], 2025)
    assert thousand is not None and thousand.conditions == (Condition(Field.UPVOTES, "gt", 1000),)
    # "paper titles contain the word 'Survey'" counts titles
    titles = parse_metadata("how many paper titles contain the word 'Survey'?", [], 2025)
    assert titles is not None and titles.count and titles.in_title and titles.topic == "survey"
    listed = parse_metadata("which titles mention diffusion?", [], 2025)
    assert listed is not None and listed.in_title
    # "SALMON's posting date — does any other paper share it?", "... posted that exact day?"
    for asked in (
        "SALMON's posting date — does any other paper share it?",
        "RAG-RewardBench's posting date - was anything else posted that exact day?",
    ):
        shared = parse_metadata(asked, [], 2025)
        assert shared is not None and shared.same_day and shared.about, asked
    # "the exact number of papers dated this year (2025)": no topic "exact"
    exact = parse_metadata("I need the exact number of papers dated this year (2025)", [], 2025)
    assert exact is not None and exact.count and not exact.topic
    # "looking only at 2024, which paper had the largest team of authors, and how many?"
    team = parse_metadata(
        "looking only at 2024, which paper had the largest team of authors, and how many?", [], 2025
    )
    assert team is not None and team.sort is Field.AUTHORS and not team.count
    assert team.conditions == (Condition(Field.DATE, "in", "2024"),)
    early = parse_metadata("Which is the most early paper from 2024 in the collection?", [], 2025)
    assert early is not None and early.sort is Field.DATE and not early.descending
    # three papers compared are those papers sorted
    three = understand(
        "which came first: SALMON, RAFT or PRO?",
        [],
        lambda t: ["s", "r", "p"][: 3 if "SALMON" in t else 0],
        frozenset(),
        2025,
    )
    assert three.route is Route.METADATA and three.among == ("s", "r", "p")
    assert three.metadata is not None and three.metadata.sort is Field.DATE and not three.metadata.descending


def test_session_44_a_bare_superlative_sorts_the_last_question_the_other_way() -> None:
    thread = [
        Turn("2025 surveys?", "...", ("a", "b", "c"), "metadata"),
        Turn("which of those has the most authors", "...", ("b",), "metadata"),
    ]
    fewest = _read("and the fewest?", thread)
    again = _read("which of those has the fewest authors", thread[:1])
    assert (
        fewest.route is Route.METADATA and fewest.metadata == again.metadata and fewest.among == again.among
    )
    assert (
        fewest.metadata is not None
        and fewest.metadata.sort is Field.AUTHORS
        and not fewest.metadata.descending
    )
    assert fewest.metadata.conditions == (Condition(Field.DATE, "in", "2025"),)
    # "and anything like that from this year?" after a topic's papers of 2024: the same, of 2025
    dated = [Turn("which of the healthcare / clinical papers are from 2024?", "...", ("h",), "metadata")]
    varied = _read("and anything like that from this year?", dated)
    assert varied.route is Route.METADATA and varied.metadata is not None
    assert varied.metadata.topic and varied.metadata.conditions == (Condition(Field.DATE, "in", "2025"),)


def test_session_44_something_like_the_thread_s_paper_but_other() -> None:
    trace = [Turn("TraceAlign link", "...", ("trace",), "lookup")]
    # "anything else like that?" answered about TraceAlign itself; "like that" is its neighbours
    for asked in ("anything else like that?", "anything like that?"):
        near = _read(asked, trace)
        assert near.route is Route.SIMILAR and near.subject == ("trace",), asked
    # "... - attributing misbehaviour to training data?" is a description, the thread's paper left out
    dashed = _read("anything else like that - attributing misbehaviour to specific training data?", trace)
    assert (
        dashed.route is Route.LIST and dashed.exclude == ("trace",) and dashed.topic.startswith("attributing")
    )
    # "anything similar but with pairwise ratings instead of triplets?" is another paper
    triplets = [Turn("odd-one-out triplet judgements over 70 models?", "...", ("triplet",), "answer")]
    but = _read("anything similar but with pairwise similarity ratings instead of triplets?", triplets)
    assert but.exclude == ("triplet",) and "pairwise" in but.topic
    # "any other paper on X" leaves the thread's paper out; "the X one on Y" is another paper
    jepa = [Turn("UI-JEPA link", "...", ("jepa",), "lookup")]
    other = _read(
        "Is there any other paper on inferring an agent's goal from the actions it was observed taking?", jepa
    )
    assert other.exclude == ("jepa",)
    easy = [Turn("easy-to-hard generalization paper", "...", ("easy",), "answer")]
    assert not _read("and the weak-to-strong one on safety / toxicity / legal reasoning?", easy).subject


def test_session_45_metadata_forms_from_new_sets() -> None:
    def parsed(question: str) -> Any:
        query = parse_metadata(question, (), 2025, "2025-12-05")
        assert query is not None, question
        return query

    # a yearless month in a question that writes one year is of that year (it was the capture year's)
    assert parsed("which 2023 papers came out before July?").conditions[0] == Condition(
        Field.DATE, "lt", "2023-07-01"
    )
    through = parsed("papers from 15 dec 2024 through the end of that year?").conditions
    assert through == (Condition(Field.DATE, "ge", "2024-12-15"), Condition(Field.DATE, "le", "2024-12-31"))
    kicks_off = parsed("which one kicks off 2025 — the earliest paper dated that year?")
    assert kicks_off.conditions == (Condition(Field.DATE, "in", "2025"),) and not kicks_off.same_day
    assert kicks_off.sort is Field.DATE and not kicks_off.descending
    # "the least number of persons": fewest authors
    fewest = parsed("In 2024, which paper is written by the least number of persons?")
    assert fewest.sort is Field.AUTHORS and not fewest.descending
    # "a pair of authors", "a team bigger than five authors"
    assert (
        Condition(Field.AUTHORS, "eq", 2)
        in parsed("which 2025 papers were written by a pair of authors?").conditions
    )
    assert (
        Condition(Field.AUTHORS, "gt", 5)
        in parsed("from June 2024, which papers have a team bigger than five authors?").conditions
    )
    # "more upvotes then": than
    assert (
        parsed("does the aligment faking paper have more upvotes then the baichuan tech report?").compare
        is Field.UPVOTES
    )
    # "was that the only paper posted that month?": the thread paper's month, others sought
    only = parsed("was that the only paper posted that month?")
    assert only.same_day and only.same_span == "month"
    # "X's listing date - is any other paper from that exact day?"
    listing = parsed("RAG-RewardBench's listing date - is any other paper from that exact day?")
    assert listing.same_day and listing.about == ("rag-rewardbench",)
    # "that same github account"
    assert parsed("anything else from that same github account?").same_span == "organisation"
    # "how many authors, and the date?": nothing names a paper but the thread's
    assert parsed("how many authors, and the date?").about == ("it",)
    # the organisation a named paper is credited to
    credited = parsed("who is the Alignment Waltz paper credited to on the listing (org)?")
    assert credited.fact is Field.ORGANISATION and credited.about == ("the alignment waltz paper",)
    # several papers listed after a superlative: a sort of them (rag.understand)
    assert parsed("which is newest: DeAL, GenARM or QAlign?").sort is Field.DATE
    # fact cues: another fact asked beside it names no paper; a team's size; a bare date after a name
    assert fact_cue("upvotes + author count?") == (Field.AUTHORS, "")
    assert fact_cue("how big is the author team on it?") == (Field.AUTHORS, "")
    assert fact_cue("URIAL date and authors?", cased=True) == (Field.DATE, "URIAL")
    assert fact_cue("what is the knowledge cutoff date?") is None


def test_session_46_metadata_forms_from_new_sets() -> None:
    def parsed(question: str, organisations: tuple[str, ...] = ()) -> Any:
        query = parse_metadata(question, organisations, 2025, "2025-12-05")
        assert query is not None, question
        return query

    # "an author list of 20+", "an author list longer than 15 people" (it was read as exactly 15)
    assert parsed("any papers with an author list of 20+?").conditions == (
        Condition(Field.AUTHORS, "ge", 20),
    )
    longer = parsed("From 2024, which papers have an author list longer than 15 people?")
    assert Condition(Field.AUTHORS, "gt", 15) in longer.conditions
    # "the related-work timeline" names no topic ("related-" was one)
    oldest = parsed(
        "For the related-work timeline: which is the oldest paper in the set, and what's its date?"
    )
    assert oldest.sort is Field.DATE and not oldest.topic
    # the corpus asked what it has, and a bare count of what a date holds (both were no reading)
    assert parsed("what do we have that's older than July 2023?").conditions == (
        Condition(Field.DATE, "lt", "2023-07-01"),
    )
    assert parsed("what do we have from 2023?").conditions == (Condition(Field.DATE, "in", "2023"),)
    october = parsed("October 2025: give me the count and the list")
    assert october.count and october.listing
    # "+ count" after a superlative asks its figure, not a count of papers
    top = parsed("most upvoted paper + count")
    assert top.sort is Field.UPVOTES and not top.count
    # "who is X listed under?": its organisation
    under = parsed("who is the Alignment Waltz paper listed under?")
    assert under.fact is Field.ORGANISATION
    # the same week as a paper, and "the week X went up"
    week = parsed("what else came out the same week as TRACEALIGN?")
    assert week.same_day and week.same_span == "week" and week.about == ("tracealign",)
    went_up = parsed("the week TRACEALIGN went up, what else got posted?")
    assert went_up.same_day and went_up.same_span == "week"
    assert parse_metadata("What was posted on the Friday of that same week?", [], 2025) is None
    # a newest paper of a topic of up to four words before "paper" (it was read as topical)
    latest = parsed("latest rubric-based reward modeling paper?")
    assert latest.sort is Field.DATE and latest.topic == "rubric-based reward modeling"
    # a count of another thing than papers is the abstract's figure: no listing question
    assert parse_metadata("parameter count of Rubric-RM (OpenRubrics)?", ["OpenRubrics"], 2025) is None
    assert parsed("author count of URIAL?").fact is Field.AUTHORS


def test_session_47_metadata_forms_from_new_sets() -> None:
    def parsed(question: str) -> Any:
        query = parse_metadata(question, (), 2025, "2025-12-05")
        assert query is not None, question
        return query

    # "predate" is "before" (it was read as in June 2023)
    assert parsed("Which papers predate June 2023?").conditions == (
        Condition(Field.DATE, "lt", "2023-06-01"),
    )
    # a month misspelled, and "what's" as a request of what the listing holds (both no reading)
    assert parsed("what papers are from januray 2025?").conditions == (
        Condition(Field.DATE, "in", "2025-01"),
    )
    assert parsed("whats dated february 2025").conditions == (Condition(Field.DATE, "in", "2025-02"),)
    assert parse_metadata("what's the 2048 context?", (), 2025) is None
    # "the last one" is the newest, not "the last 1" of a list
    last = parsed("which paper is the last one dated 2024?")
    assert last.sort is Field.DATE and last.descending and last.single
    # the topic of a relative clause after "here (by date)", and of the question's own verb once
    # its dates are cut
    first = parsed("what's the very first paper here (by date) that trains with GRPO or a GRPO variant?")
    assert first.sort is Field.DATE and not first.descending and first.topic.startswith("grpo")
    after = parsed("which papers posted after June 2025 use GRPO?")
    assert after.topic == "grpo" and after.conditions == (Condition(Field.DATE, "gt", "2025-06-31"),)
    assert not parsed("which papers were posted in 2024?").topic
    # "at least that many authors" as another paper has: that count or more
    least = parsed("Which other February 2024 papers have at least that many authors?")
    assert least.same_day and least.same_span == "least authors"
    # "next chronologically after it": one paper, the first dated after the thread's
    following = parsed("Which paper comes next chronologically after it?")
    assert following.same_span == "after" and following.single and not following.descending
    assert following.about == ("it",)


def test_session_48_the_two_of_a_thread_and_a_pick_by_a_field() -> None:
    # "the last two papers" after answers about one paper each: those two, compared (a one-paper
    # answer's runner-up is none of them)
    thread = [
        Turn("paper on alignment for honesty?", "...", ("honesty", "runner"), "answer"),
        Turn("who wrote it", "...", ("honesty",), "metadata"),
        Turn("related: llms becoming dishonest after finetuning?", "...", ("deceive", "other"), "answer"),
    ]
    compared = _read("compare the last two papers - whats the core diff", thread)
    assert compared.route is Route.COMPARE and compared.subject == ("honesty", "deceive")
    # "which of these two is newer?" after a one-paper answer: the thread's two, not that one
    picked = [
        Turn("binary thumbs up/down alignment theory paper", "...", ("bco",), "list"),
        Turn("also the one that aligns using only negative samples", "...", ("negating",), "answer"),
    ]
    newer = _read("which of these two is newer", picked)
    assert newer.route is Route.METADATA and set(newer.among or newer.subject) == {"bco", "negating"}
    # "that newer one" of a set: the paper of it the field picks
    shown = [Turn("is anything in the corpus newer than it?", "...", ("paco", "ttsnap"), "metadata")]
    fact = _read("how many upvotes does that newer one have", shown)
    assert fact.route is Route.METADATA and fact.picked == (Field.DATE, True)
    older = _read("how many authors on the older one?", shown)
    assert older.picked == (Field.DATE, False)


def test_session_48_another_paper_and_the_other_one() -> None:
    thread = [Turn("deep research agents jailbreak paper", "...", ("drbdh",), "answer")]
    # "… too": another paper than the thread's
    too = _read("is there a survey on deep research systems too", thread)
    assert too.route is Route.TOPICAL and too.exclude == ("drbdh",) and "survey" in too.topic
    # ... but "is there code for it too?" asks the thread's paper for its code
    code = _read("is there code for it too?", thread)
    assert code.subject == ("drbdh",)
    # "the other one, full title?" after a pick from a set of two: the set's other paper
    picked = [
        Turn("reward models for heterogeneous users?", "...", ("pal", "vpl"), "list"),
        Turn("which of them uses pick-a-pic", "...", ("pal",), "answer"),
    ]
    other = _read("the other one, full title?", picked)
    assert other.route is Route.LOOKUP and other.subject == ("vpl",) and "title" in other.wants


def test_session_48_same_day_without_its_article_and_a_set_newer_than_a_paper() -> None:
    for question, span in [
        ("other paper same day?", "day"),
        ("something else same day?", "day"),
        ("any other papers from same month?", "month"),
    ]:
        parsed = parse_metadata(question, [], 2025)
        assert parsed is not None and parsed.same_day and parsed.same_span == span, question
    # "same-day papers as X": the papers dated as X is
    hyphened = parse_metadata("same-day papers as GenARM?", [], 2025)
    assert hyphened is not None and hyphened.same_day and hyphened.about == ("genarm",)
    # "is anything in the corpus newer than it?": the papers dated after it, no two compared
    newer = parse_metadata("is anything in the corpus newer than it?", [], 2025)
    assert newer is not None and newer.compare is None and newer.same_span == "after"
    assert newer.about == ("it",)


def test_session_48_a_sentence_after_a_colon_is_no_title() -> None:
    # "a pretrained ViT: they show …" is the asker's sentence, not a title written in lowercase
    query = _read(
        "continual learning on top of a pretrained ViT: they show just using a much smaller learning rate "
        "for the backbone fixes most of the progressive overfitting. what's it called?"
    )
    assert not query.quoted
    # a quote holds a word's apostrophe ("'Search, Don't Sample'")
    quoted = _read("cite 'Search, Don't Sample: Rethinking Test-Time Alignment'")
    assert "Search, Don't Sample: Rethinking Test-Time Alignment" in quoted.quoted


def test_session_48_a_list_of_the_thread_s_kind_is_no_praise() -> None:
    thread = [Turn("OneRec paper?", "...", ("onerec",), "answer")]
    # "recommender" names a kind of system; "recommended" praises
    other = _read("other recommender papers here that aren't conversational?", thread)
    assert other.route is Route.LIST and "recommender" in other.topic and other.exclude == ("onerec",)
    # a year is a topic of its own ("other papers from may 2024?" is no praise of the thread's)
    dated = _read("other papers from may 2024?", [Turn("AlignGPT", "...", ("aligngpt",), "answer")])
    assert dated.route is Route.METADATA


def test_session_52_readings_of_a_thread_s_turn() -> None:
    one = [Turn("robot butler that plans chores", "...", ("alignbot",), "answer")]
    # "and the robot that takes …": another paper, whatever the thing ("its" is that robot's)
    robot = _read("and the robot that takes a drawing of the finished table as its goal?", one)
    assert not robot.subject
    # "which other recommendation systems here …": the others, whatever the plural names
    other = _read("which other recommendation systems here are built on language models?", one)
    assert other.route is Route.LIST and other.exclude == ("alignbot",)
    # ... not the thread paper's own things, nor a filter of the listings
    baselines = _read("which other baselines did they use?", one)
    assert not (baselines.route is Route.LIST and baselines.exclude)
    dated = _read("Which other surveys or reviews in the collection are dated 2025?", one)
    assert dated.route is Route.METADATA
    # "compare with the other" after answers about one paper each: those two
    two = [*one, Turn("and the WebArena one", "...", ("agentoccam",), "answer")]
    compared = _read("compare with the other", two)
    assert compared.route is Route.COMPARE and set(compared.subject) == {"alignbot", "agentoccam"}
    # "back to the first one" after a turn on another topic that cited two: the thread's first
    shifted = [
        Turn("need the paper on getting safety back after finetuning", "...", ("fear",), "answer"),
        Turn("do we have anything on LLMs for time series", "...", ("context", "genarm"), "answer"),
    ]
    back = _read("back to the first one, how many finetuned models did they test", shifted)
    assert back.subject == ("fear",)
    # a turn that is only "the X one" recalls a paper by X: the thread's one if X picks it,
    # else one the question that gave it ranks (it had emptied the query)
    recalled = _read(
        "related: the social deduction game one", [Turn("persuasion safety paper", "...", ("p",), "answer")]
    )
    assert recalled.text and not recalled.subject
    kuaishou = _read(
        "the kuaishou one - how much did watch time go up",
        [Turn("recsys papers that were actually deployed in a real app", "...", ("sdim",), "list")],
    )
    assert (
        kuaishou.among == ("sdim",)
        and kuaishou.frame == "recsys papers that were actually deployed in a real app"
    )
    # "does it also work for vision-language models?": what the paper is carried over to (not
    # alternatives: "… or only LLMs?")
    assert _read("does it also work for vision-language models?", one).carried_to == "vision-language models"
    assert not _read("does it work for diffusion models too or only LLMs?", one).carried_to
    # "is there an author count or org listed for it?" after a list: its first paper's
    listed = [Turn("rubric reward models?", "...", ("rubrics", "pal"), "list")]
    fact = _read("is there an author count or org listed for it?", listed)
    assert fact.route is Route.METADATA and fact.subject == ("rubrics",)


def test_session_52_a_paper_sought_and_called() -> None:
    # one pattern reads a paper sought, once: "is there a dataset for …" too
    assert _read("is there a dataset for checking whether image classifiers abstain like humans?").sought
    assert not _read("is there code?").sought
    # a maker's name for a paper: "Anthropic's Constitutional AI paper"
    assert _read("cite Anthropic's Constitutional AI paper").called == ("Constitutional AI",)
    # "do you have LIMA, less is more for alignment?": the name, glossed after a comma
    assert "LIMA" in _read("do you have LIMA, less is more for alignment?").called
    # "X papers? how many": the papers, and their count
    counted = parse_metadata("papers from feb 2024? how many", [], 2025)
    assert counted is not None and counted.count and counted.listing
    alone = parse_metadata("how many papers from 2023?", [], 2025)
    assert alone is not None and alone.count and not alone.listing


def test_session_52_a_mixed_case_word_after_a_name_s_first_word_joins_it() -> None:
    # "Reward rAnked FineTuning (RAFT)": "Reward" is no name of the paper, RAFT is
    names = extract_names(
        "RAFT: Reward rAnked FineTuning for Generative Foundation Model Alignment",
        "To this end, we introduce a new framework, Reward rAnked FineTuning (RAFT), designed to align.",
    )
    assert "reward" not in names and names["raft"] is Strength.TITLE


def test_session_53_readings_of_a_thread_s_turn() -> None:
    # "either of them" after answers about one paper each: the thread's last two
    two = [
        Turn("which paper fixes overconfident reward models during PPO?", "...", ("taming",), "answer"),
        Turn("is there another one on reward model calibration?", "...", ("diversified",), "answer"),
    ]
    either = _read("does either of them use conformal prediction?", two)
    assert either.route is Route.LIST and set(either.among) == {"taming", "diversified"}
    # "and the top one from 2023?": the earlier sort under this turn's year
    ranked = [
        Turn("most upvoted 2024 paper?", "...", ("mj-bench",), "metadata"),
        Turn("when was it posted", "...", ("mj-bench",), "metadata"),
    ]
    top = _read("and the top one from 2023?", ranked)
    assert top.route is Route.METADATA and top.metadata is not None
    assert top.metadata.sort is Field.UPVOTES and top.metadata.single
    assert [(c.field, c.value) for c in top.metadata.conditions] == [(Field.DATE, "2023")]
    # "is anything upvoted more than that?" after the paper's upvotes: more upvotes than it
    more = _read(
        "is anything upvoted more than that?",
        [
            Turn("MM-RLHF paper?", "...", ("mm-rlhf",), "answer"),
            Turn("how many upvotes", "...", ("mm-rlhf",), "metadata"),
        ],
    )
    assert more.route is Route.METADATA and more.subject == ("mm-rlhf",)
    # "also that econ paper where …" after an answer about one paper: another paper, recalled
    shop = [Turn("benchmark for llms as shopping assistants", "...", ("shopping-mmlu",), "answer")]
    econ = _read("also that econ paper where gpt agents ignored their principal on a shopping task", shop)
    assert not econ.subject and econ.exclude == ("shopping-mmlu",)
    # "related: is there a benchmark for …?": a paper sought, whatever the lead that relates it
    rag = [Turn("the 'dialectical' paper on poisoned retrieved context", "...", ("dialectical",), "answer")]
    assert _read("related: is there a benchmark for reward models in RAG?", rag).sought
    assert _read("btw, is there a survey of deep research systems?", rag).sought


def test_session_53_a_set_s_fields_and_places() -> None:
    # "ok and author counts?" after a comparison of two: that field of each
    two = [
        Turn(
            "two on my list: MM-RLHF and MJ-Bench. which one has more upvotes?", "...", ("a", "b"), "metadata"
        )
    ]
    counts = _read("ok and author counts?", two)
    assert counts.route is Route.METADATA and counts.among == ("a", "b")
    assert counts.metadata is not None and counts.metadata.sort is Field.AUTHORS
    # "which ones sit at 5 upvotes?" after an answer about one paper: ones of the corpus
    one = [Turn("what's the single most upvoted paper on the list?", "...", ("top",), "metadata")]
    assert not _read("which ones sit at 5 upvotes?", one).among
    # "which of those five …" reaches back to the set of five
    five = [
        Turn("what got posted in december 2023?", "...", ("a", "b", "c", "d", "e"), "list"),
        Turn("which of those is about reward hacking", "...", ("c",), "answer"),
        Turn("authors on that one?", "...", ("c",), "metadata"),
        Turn("and the URIAL paper from that month, how many upvotes", "...", ("u",), "metadata"),
    ]
    assert _read("which of those five papers has the most authors?", five).among == ("a", "b", "c", "d", "e")
    # "how many authors does that oldest one have?" of a set: the paper the date picks
    three = [Turn("which ones sit at 5 upvotes?", "...", ("x", "y", "z"), "metadata")]
    oldest = _read("how many authors does that oldest one have", three)
    assert oldest.picked == (Field.DATE, False)


@pytest.mark.parametrize(
    ("question", "op"),
    [
        ("which of them actually has a date on the listing?", "present"),
        ("which of those has a posting date in the listing?", "present"),
        ("which of the six have no date at all?", "missing"),
    ],
)
def test_session_53_whether_the_listing_gives_a_date_is_a_filter(question: str, op: str) -> None:
    parsed = parse_metadata(question, frozenset(), 2025, None)
    assert parsed is not None and [(c.field, c.op) for c in parsed.conditions] == [(Field.DATE, op)]


@pytest.mark.parametrize(
    ("question", "rank"),
    [("and who's second by author count in 2024?", 2), ("And which one is third by number of authors?", 3)],
)
def test_session_53_a_place_by_a_count_is_one_paper(question: str, rank: int) -> None:
    parsed = parse_metadata(question, frozenset(), 2025, None)
    assert parsed is not None and parsed.sort is Field.AUTHORS and parsed.single and parsed.rank == rank


def test_session_54_what_a_chat_message_opens_with_and_bare_gists() -> None:
    # a message that opens by addressing someone ("@paperbot", "@here", Slack's "<@U024BE7LH>")
    # asks what follows the address
    for opening in ("@paperbot", "@here", "<@U024BE7LH>", "@paperbot @here"):
        addressed = _read(f"{opening} any survey on deep research agents")
        assert addressed.text == "any survey on deep research agents"
    assert _read("email me @ noon: any survey on deep research agents").text.startswith("email me")
    # "tl;dr?" after an answer asks its paper's gist, as "tldr?" does
    answered = [Turn("paper on watermarking hurting alignment?", "...", ("watermarking",), "answer")]
    for bare in ("tl;dr?", "TL;DR pls", "tldr"):
        gist = _read(bare, answered)
        assert gist.route is Route.TOPICAL and gist.subject == ("watermarking",), bare
    # "pull up X" asks for X's card, as "pull it up" does
    assert "link" in _read("can you pull up the AQI paper").wants
    assert "link" in _read("the URIAL paper, can you pull it up?").wants


def test_session_54_chat_s_n_for_and_and_a_clause_s_first() -> None:
    # chat's "n" for "and" opens a turn ("n the 2nd?"); "n authors?" is the number of them
    assert _read("n the 2nd?").text == "and the 2nd?"
    assert _read("n authors?").text == "n authors?"
    # "... retrieving a few behaviours first - which paper?": "first" ends a clause, it does not
    # ask for the oldest paper
    described = _read(
        "CTR prediction with really long user behaviour sequences where they hash items with multiple hash "
        "functions instead of retrieving a few behaviours first - which paper?"
    )
    assert described.route is Route.TOPICAL and described.metadata is None
    oldest = _read("the first diffusion alignment paper?")
    assert oldest.route is Route.METADATA


def test_session_54_the_topic_of_papers_that_actually_do_it_or_use_it() -> None:
    # "the papers that actually train with GRPO": the verb after its adverb, not the adverb
    for question in (
        "among the papers that actually train with GRPO, which one has the most upvotes?",
        "among papers using GRPO which one has the most upvotes?",
    ):
        query = _read(question)
        assert query.metadata is not None and query.metadata.sort is Field.UPVOTES, question
        assert "grpo" in query.metadata.topic, question


def test_session_54_an_order_of_dates_written_with_an_arrow() -> None:
    listed = [Turn("who trains with GRPO?", "...", ("a", "b", "c"), "list")]
    for question, descending in (("sort them oldest -> newest", False), ("newest→oldest pls", True)):
        query = _read(question, listed)
        assert query.route is Route.METADATA and query.metadata is not None, question
        assert query.metadata.sort is Field.DATE and query.metadata.descending is descending, question


def test_session_55_the_days_between_two_papers() -> None:
    # "how many days apart were X and Y posted?": the two papers' dates, subtracted
    for question, pair in (
        (
            "how many days apart were the original Dromedary paper and SALMON posted?",
            ("the original dromedary paper", "salmon"),
        ),
        (
            "how many days between the Dromedary self-align paper and SALMON?",
            ("the dromedary self-align paper", "salmon"),
        ),
        ("how far apart were GenARM and DeAL released?", ("genarm", "deal")),
        ("time gap between URIAL and MM-RLHF?", ("urial", "mm-rlhf")),
        ("how many weeks passed between RAFT and DeAL", ("raft", "deal")),
    ):
        query = parse_metadata(question, [], 2025)
        assert query is not None and query.compare is Field.DATE, question
        assert query.arithmetic == "difference" and query.about == pair, question
    # a span of papers' dates is not two papers ("papers between May and June")
    span = parse_metadata("how many papers between may and june 2024?", [], 2025)
    assert span is not None and span.compare is None
    topic = parse_metadata("is there a paper on the time gap between SFT and RLHF?", [], 2025)
    assert topic is None or topic.compare is None


def test_session_55_a_version_s_last_digit_is_no_count_of_papers() -> None:
    # "gpt-4.1 most susceptible" crashed the metadata parser (a count read from "1 most")
    described = parse_metadata(
        "manual red teaming of claude 4 opus, 10 successful attack scenarios turned into an automated "
        "benchmark, gpt-4.1 most susceptible",
        [],
        2025,
    )
    assert described is None or described.limit is None
    newest = parse_metadata("3 newest papers?", [], 2025)
    assert newest is not None and newest.limit == 3


def test_session_55_requests_dates_and_pairs_read_as_written() -> None:
    # "want the ref": a lookup of the title before it; "lines up with a reference," is no request
    ref = _read("Alignment of Pedagogical Large Language Models -- is that in here? want the ref")
    assert ref.route is Route.LOOKUP and "bibtex" in ref.wants
    described = _read(
        "reward from how well estimated motion lines up with a reference, no checkerboard targets"
    )
    assert described.route is not Route.LOOKUP
    # dates alone ask what is dated then
    ranged = _read("between 2024-10-01 and 2024-10-15?")
    assert ranged.route is Route.METADATA and ranged.metadata is not None
    assert {c.op for c in ranged.metadata.conditions} == {"ge", "le"}
    # "last December", counted back from the corpus's newest day (2025-11-27): December 2024
    december = _read("what landed last December?")
    assert december.metadata is not None
    assert december.metadata.conditions == (Condition(Field.DATE, "in", "2024-12"),)
    # "which paper has more authors" of two papers named before it
    pair = _read("GenARM or CREAM: which paper has more authors?")
    assert pair.metadata is not None and pair.metadata.compare is Field.AUTHORS
    # "was X posted on the same day as any other paper here?": the papers of X's day
    same = parse_metadata(
        "Was the alignment faking paper posted on the same day as any other paper here?", [], 2025
    )
    assert same is not None and same.same_day and same.about == ("the alignment faking paper",)


def test_session_55_a_thread_s_terse_turns() -> None:
    listed = [Turn("clinical or medical papers in the corpus?", "...", ("a", "b", "c"), "list")]
    # "only 2025", "drop the old ones, only the second half of 2025": the set narrowed to then
    for question in (
        "only 2025",
        "drop the old ones, only 2025",
        "drop the old ones, I only want stuff from 2025",
    ):
        query = _read(question, listed)
        assert query.among == ("a", "b", "c") and query.metadata is not None, question
        assert any(c.field is Field.DATE for c in query.metadata.conditions), question
    # "(a) CREAM (b) Selfie": the asker's letters stand for what they label (a letter's first use)
    lettered = [Turn("(a) CREAM (b) Selfie (c) SELM - is (a) newer than (c)?", "...", ("a", "c"), "compare")]
    assert _read("and (b)? when's that one from", lettered).text == "and Selfie? when's that one from"
    assert _read("and (a)?", lettered).text == "and CREAM?"
    # "same but for images" after a text-to-video question: the task's target replaced
    video = [
        Turn("any methods for aligning text-to-video generators at inference time?", "...", ("v",), "list")
    ]
    assert "text-to-image" in _read("same but for images", video).topic
    # a sort asked in words keeps the topic's papers in that order
    dated = parse_metadata("papers about reward hacking sorted by date", [], 2025)
    assert dated is not None and dated.sort is Field.DATE and dated.topic == "reward hacking"


def test_session_55_facts_known_or_missing_and_an_organisation_asked_after() -> None:
    known = parse_metadata(
        "among papers with a known upvote count, which one has the most authors?", [], 2025
    )
    assert known is not None and known.conditions == (Condition(Field.UPVOTES, "present", 0),)
    assert known.sort is Field.AUTHORS
    undated = parse_metadata("how many papers have no posting date listed?", [], 2025)
    assert (
        undated is not None and undated.count and undated.conditions == (Condition(Field.DATE, "missing", 0),)
    )
    org = parse_metadata("who posted the paco-rl paper, like what org", [], 2025)
    assert org is not None and org.fact is Field.ORGANISATION and org.about == ("the paco-rl paper",)
    # "the earliest paper here that does anything with image generation": that topic's earliest
    earliest = parse_metadata(
        "what's the earliest dated paper here that does anything with image generation?", [], 2025
    )
    assert earliest is not None and earliest.sort is Field.DATE and earliest.topic == "image generation"


def test_session_56_papers_listed_after_which_of_are_the_set_sorted() -> None:
    names = _names_of(
        {
            "SALMON": "salmon",
            "Dromedary": "dromedary",
            "CycleAlign": "cyclealign",
            "DeAL": "deal",
            "GenARM": "genarm",
        }
    )
    for question, field in (
        # the list between "which of" and what is asked, its papers described at length
        (
            "which of SALMON, the original Dromedary / SELF-ALIGN paper and CycleAlign is the oldest?",
            Field.DATE,
        ),
        (
            "which of SALMON, the original Dromedary / SELF-ALIGN paper, CycleAlign has the most upvotes",
            Field.UPVOTES,
        ),
        # two papers joined by "and"
        ("which of DeAL and GenARM is the oldest?", Field.DATE),
    ):
        query = understand(question, [], names, frozenset(), 2025)
        assert query.route is Route.METADATA and query.metadata is not None, question
        assert query.metadata.sort is field and set(query.among) == set(query.named) and query.among, question
    # ... in a thread too: the turn names its own set, not the thread's
    thread = [Turn("which papers use principles?", "...", ("salmon", "dromedary"), "list")]
    query = understand(
        "which of SALMON, Dromedary and CycleAlign has the most upvotes", thread, names, frozenset(), 2025
    )
    assert query.route is Route.METADATA and set(query.among) == {"salmon", "dromedary", "cyclealign"}


def test_session_56_the_asker_s_own_numbers() -> None:
    names = _names_of(
        {"DeAL": "deal", "GenARM": "genarm", "sample, don't search": "qalign", "iREPO": "irepo", "D2O": "d2o"}
    )
    listed = (
        "reading group list: [1] DeAL [2] GenARM [3] the 'sample, don't search' one. is [1] newer than [3]?"
    )
    thread = [Turn(listed, "...", ("deal", "qalign"), "metadata")]
    # "[2]" is the asker's [2], however the answer since numbered its sources
    summary = understand("summarise [2] real quick", thread, names, frozenset(), 2025)
    assert summary.subject == ("genarm",)
    # "the three": the three the asker listed
    upvoted = understand("which of the three has the most upvotes", thread, names, frozenset(), 2025)
    assert upvoted.route is Route.METADATA and set(upvoted.among) == {"deal", "genarm", "qalign"}
    # ... until an answer lists papers of its own: its sources are then what the numbers point at
    later = [*thread, Turn("papers on test-time alignment?", "...", ("x", "y", "z"), "list")]
    assert understand("summarise [2]", later, names, frozenset(), 2025).subject != ("genarm",)
    # a message that lists papers with "1)" and asks of one by its place: that one alone
    own = understand(
        "reading list for thu: 1) BCO 2) D2O 3) iREPO 4) LN-DPO. summarise the 3rd",
        [],
        names,
        frozenset(),
        2025,
    )
    assert own.text == "summarise the iREPO" and own.named == ("irepo",)
    # ... then "which of 1 and 2": the two so numbered
    numbered = [
        Turn(
            "reading list for thu: 1) BCO 2) D2O 3) iREPO 4) LN-DPO. summarise the 3rd",
            "...",
            ("irepo",),
            "answer",
        )
    ]
    assert (
        "of BCO and D2O"
        in understand("which of 1 and 2 came out first", numbered, names, frozenset(), 2025).text
    )
    # numbers that label nothing a paper is named by label nothing: "is [1] newer than [3]?"
    sources = [Turn("is [1] newer than [3]? and [2] older?", "...", ("deal",), "metadata")]
    assert understand("summarise [2]", sources, names, frozenset(), 2025).text == "summarise [2]"


def test_session_56_the_one_before_it() -> None:
    # after a turn that asked the paper's date: the paper posted last before it
    dated = [
        Turn("full ref for RAFT", "...", ("raft",), "lookup"),
        Turn("posted when?", "...", ("raft",), "answer"),
    ]
    before = _read("and the one before it?", dated)
    assert before.route is Route.METADATA and before.subject == ("raft",) and before.metadata is not None
    assert before.metadata.same_span == "before" and before.metadata.sort is Field.DATE
    assert before.metadata.descending and before.metadata.single
    after = _read("and the one after that?", dated)
    assert (
        after.metadata is not None and after.metadata.same_span == "after" and not after.metadata.descending
    )
    # otherwise the paper the thread was on before the last answer's
    thread = [
        Turn("link to Helping or Herding?", "...", ("herding",), "lookup"),
        Turn("anything similar?", "...", ("transforming", "robust"), "similar"),
    ]
    assert _read("ok bibtex for the one before it", thread).subject == ("herding",)


def test_session_56_a_sort_by_date_reads_as_a_calendar() -> None:
    # "sorted by date" is oldest first, as a calendar (and the writers of the eval sets) read it;
    # "newest first" and "by recency" turn it
    for question, descending in (
        ("papers on reward hacking, sorted by date", False),
        ("rank those by date", False),
        ("sort them by date, newest first", True),
        ("papers sorted by recency", True),
        ("and which is the newest by date?", True),
        ("papers ranked by upvotes", True),
    ):
        parsed = parse_metadata(question, [], 2025)
        assert parsed is not None and parsed.descending is descending, question


def test_session_56_metadata_read_as_asked() -> None:
    # "6 people" of a question that asks of no paper are no author count
    assert parse_metadata("how do I cook a paella for 6 people?", [], 2025) is None
    people = parse_metadata("papers written by 3 people?", [], 2025)
    assert people is not None and people.conditions == (Condition(Field.AUTHORS, "eq", 3),)
    # either of two words in the title
    either = parse_metadata("newest paper with 'deception' or 'deceptive' in its title?", [], 2025)
    assert either is not None and either.in_title and either.topic == "deception | deceptive"
    # a count the listing gives, asked as "lists how many authors it has"
    listed = parse_metadata(
        "what's the most recent paper that actually lists how many authors it has?", [], 2025
    )
    assert listed is not None and listed.conditions == (Condition(Field.AUTHORS, "present", 0),)
    # "what org is listed on X"
    org = parse_metadata("what org is listed on the WaltzRL paper?", [], 2025)
    assert org is not None and org.fact is Field.ORGANISATION and org.about == ("the waltzrl paper",)


def test_session_56_lead_ins_pasted_entries_and_counts_swapped() -> None:
    # "last thing today:" leads in; "another question:" still changes the subject
    assert _read("last thing today: the O1 replication report").text == "the O1 replication report"
    # a pasted BibTeX entry: the paper its title names
    pasted = _read(
        "found this in an old .bib, is it in here? "
        "@article{yang2023alignment, title={Alignment for Honesty}, author={Yang}}"
    )
    assert pasted.text.endswith("the paper titled 'Alignment for Honesty'")
    # "and languages?" after "how many volunteers?" of a paper
    thread = [
        Turn("OpenAssistant Conversations", "...", ("oa",), "lookup"),
        Turn("how many volunteers?", "...", ("oa",), "answer"),
    ]
    swapped = _read("and languages?", thread)
    assert swapped.subject == ("oa",) and swapped.text == "how many languages?"
    # "and for video?" swaps a topic, not a count
    assert _read("and for video?", thread).text != "how many for video?"
    # "which one's newer": "which one is newer"
    assert _read("which one's newer", [Turn("surveys on X?", "...", ("a", "b"), "list")]).metadata is not None


def test_session_56_the_initials_of_a_title_s_head() -> None:
    from rag.retrieve import title_initials

    def paper(title: str) -> Paper:
        return Paper(id=title.lower().replace(" ", "-")[:20], title=title, abstract="", url="")

    initials = title_initials(
        [
            paper("Goal Representations for Instruction Following: A Semi-Supervised Language Interface"),
            paper("Binary Classifier Optimization for Large Language Model Alignment"),
            paper("Arithmetic Control of LLMs for Diverse User Preferences"),
            paper("Models of human preference for learning reward functions"),
        ]
    )
    assert set(initials) == {"grif", "bco"}  # (not "acl": "LLMs" is an acronym of its own)


def test_session_56_figures_over_the_papers_that_give_the_field() -> None:
    # "skip the ones that dont list an author count": the papers that list one
    mean = parse_metadata(
        "whats the mean number of authors per paper? skip the ones that dont list an author count", [], 2025
    )
    assert mean is not None and mean.conditions == (Condition(Field.AUTHORS, "present", 0),)
    assert not mean.topic
    # "across the corpus", "if you add up every paper": no topic
    for question in (
        "Median author count across the corpus (only papers with a listed count)?",
        "total upvotes if you add up every paper",
    ):
        parsed = parse_metadata(question, [], 2025)
        assert parsed is not None and parsed.measure is not None and not parsed.topic, question
    missing = parse_metadata("which papers dont list an author count?", [], 2025)
    assert missing is not None and missing.conditions == (Condition(Field.AUTHORS, "missing", 0),)


def test_session_56_the_winner_of_a_comparison() -> None:
    compared = [
        Turn("the MM-RLHF dataset paper", "...", ("mm",), "lookup"),
        Turn("which is more popular", "...", ("mm", "r1"), "metadata"),
    ]
    winner = _read("bibtex for the winner", compared)
    assert winner.route is Route.LOOKUP and winner.subject == ("mm",)


def test_session_57_greek_letters_are_words() -> None:
    from rag.decide import content_stems
    from rag.english import greek_spelled

    # an abstract's "LiPO-λ" (stored from "LiPO-{\lambda}") holds the "lambda" a question writes
    assert "lambda" in content_stems("We show that LiPO-λ can outperform DPO")
    assert "alpha" in content_stems("PixArt-α excels in image quality")
    assert greek_spelled("β-DPO") == " beta -DPO"


def test_session_57_papers_left_out_for_a_missing_field_are_not_asked_for() -> None:
    # "papers without a date should simply be left out": the papers that give one
    dated = parse_metadata(
        "How many papers in the collection are dated in the year 2024? Papers without a date should "
        "simply be left out of the count.",
        [],
        2025,
    )
    assert dated is not None and Condition(Field.DATE, "present", 0) in dated.conditions
    assert Condition(Field.DATE, "missing", 0) not in dated.conditions
    # "leave out papers whose upvote count is unknown"
    upvoted = parse_metadata(
        "How many papers received at least five upvotes, and which are they? Please leave out papers "
        "whose upvote count is unknown.",
        [],
        2025,
    )
    assert upvoted is not None and Condition(Field.UPVOTES, "present", 0) in upvoted.conditions
    assert not upvoted.topic
    # ... while asked for, they are the papers without it
    missing = parse_metadata("list papers whose date is missing", [], 2025)
    assert missing is not None and missing.conditions == (Condition(Field.DATE, "missing", 0),)
    still = parse_metadata("how many papers lack an upvote count?", [], 2025)
    assert still is not None and still.conditions == (Condition(Field.UPVOTES, "missing", 0),)


def test_session_57_the_fact_of_the_paper_a_sort_picks() -> None:
    # "… and what date is on it?": the date of the paper the sort picks, shown on its line
    earliest = parse_metadata(
        "What's the earliest-dated 2023 paper in the collection, and what date is on it?", [], 2025
    )
    assert earliest is not None and earliest.sort is Field.DATE and not earliest.descending
    assert earliest.fact is None and not earliest.about


def test_session_57_what_the_asking_is_for_leads_in() -> None:
    led = _read(
        "To give a sense of community interest on my overview slide: among the papers dated 2024 that "
        "have a known upvote count, which one drew the most upvotes, and how many did it get?"
    )
    assert led.text.startswith("among the papers dated 2024") and led.metadata is not None
    # ("to do: …" without a question after it is no lead-in)
    assert _read("to be read later: the RAFT paper").text == "to be read later: the RAFT paper"


def test_session_57_what_a_paper_is_tried_on() -> None:
    # "did they try it for video?" asks what it was carried over to, as "does it work for …?"
    thread = [Turn("one-step picture generator", "...", ("di",), "answer")]
    assert _read("did they try it for video?", thread).carried_to == "video"
    assert _read("does it work for code generation?", thread).carried_to == "code generation"


def test_session_57_what_anything_similar_is_carried_over_to() -> None:
    from rag.understand import likened_for

    # one word: the thread's paper is the kind sought ("anything similar but for video?")
    assert likened_for("anything similar but for video?") == "video"
    # more words find their own papers; a kind named or a description is sought as written
    assert likened_for("anything like that but for image editing") == ""
    assert likened_for("is there a survey like that for video?") == ""
    assert (
        likened_for("anything similar for guessing a phone user's intent from their on-screen activity?")
        == ""
    )


def test_session_57_a_count_whose_noun_the_turn_before_asked() -> None:
    # "and how many does GenARM have?" after "how many authors does it have?": authors
    thread = [
        Turn("URIAL paper", "...", ("u",), "lookup"),
        Turn("how many authors does it have?", "...", ("u",), "metadata"),
    ]
    asked = _read("and how many does GenARM have?", thread)
    assert asked.text.startswith("and how many authors does GenARM have")
    assert asked.metadata is not None and asked.metadata.fact is Field.AUTHORS


def test_session_57_a_reference_asked_for_with_please() -> None:
    # "X reference please" asks for X's entry, as "reference for X" does
    for question in (
        "Secrets of RLHF part I (PPO) reference please",
        "alignment ceiling piece - reference pls",
    ):
        assert _read(question).route is Route.LOOKUP, question


def test_session_57_similar_then_a_paper_described() -> None:
    thread = [Turn("AI alignment at your discretion - bib", "...", ("d",), "lookup")]
    described = _read(
        "similar? the one arguing preferences are the wrong target and AI should follow norms fitting "
        "its social role",
        thread,
    )
    assert described.subject != ("d",) and described.text.startswith("the one arguing")


def test_session_57_a_claim_checked_then_its_field_asked_again() -> None:
    def names(text: str) -> list[str]:
        return ["af"] if "alignment faking" in text.lower() else []

    checked = understand(
        "the alignment faking paper came out in 2023, right? exact date?", [], names, frozenset(), 2025
    )
    assert checked.route is Route.METADATA and checked.subject == ("af",)
    assert checked.metadata is not None
    assert Condition(Field.DATE, "in", "2023") in checked.metadata.conditions


def test_session_58_papers_dated_as_another_went_up() -> None:
    # "on the day X went up", and without "on" when other papers are sought
    for question, paper in (
        ("anything else posted on the day The Traitors paper went up?", "the traitors paper"),
        ("did anything else go up the day the AI Scientist-v2 came out?", "the ai scientist-v2"),
    ):
        parsed = parse_metadata(question, [], 2025)
        assert parsed is not None and parsed.same_day and parsed.about == (paper,), question
    # ("what did they do the day the model came out?" seeks no papers)
    assert parse_metadata("what did they do the day the model came out?", [], 2025) is None


def test_session_58_readings_of_the_listings() -> None:
    # two papers' counts after a preposition
    more = parse_metadata("more authors on the Baichuan alignment report or on MM-RLHF?", [], 2025)
    assert more is not None and more.compare is Field.AUTHORS
    assert more.about == ("the baichuan alignment report", "mm-rlhf")
    # a sort within alternatives written with a slash
    oldest = parse_metadata(
        "oldest weak-to-strong / easy-to-hard generalization paper on the list?", [], 2025
    )
    assert oldest is not None and oldest.sort is Field.DATE and not oldest.descending
    # what the group added on a day
    added = parse_metadata("what did we add on 2025-10-23?", [], 2025)
    assert added is not None and added.conditions == (Condition(Field.DATE, "in", "2025-10-23"),)
    # the last week of a year is of its December, not the corpus's last week; a bracket that gives
    # the days is what counts
    week = parse_metadata("anything from the last week of 2024?", [], 2025)
    assert week is not None and set(week.conditions) >= set(_dated("2024-12-25", "2024-12-31"))
    bracketed = parse_metadata("did we get anything in the last week of 2024 (Dec 23-31)?", [], 2025)
    assert bracketed is not None and set(bracketed.conditions) >= set(_dated("2024-12-23", "2024-12-31"))
    assert not any(c.value.startswith("2025") for c in bracketed.conditions if isinstance(c.value, str))


def test_session_58_a_thread_s_paper_and_what_is_not_it() -> None:
    thread = [Turn("Do you have the Barbarians at the Gate paper?", "...", ("b",), "answer")]
    # "which … they use" without the auxiliary asks the thread's paper
    assert _read("which open-source framework they use for the case studies?", thread).subject == ("b",)
    # "any paper on …" describes another paper; "their" is the description's
    described = _read(
        "any paper on predicting what a user wants to do from their phone screen activity?", thread
    )
    assert described.subject == ()
    # "unrelated q:" changes the subject
    assert _read("unrelated q: which papers align video generators?", thread).subject == ()
    # "list all of them" after a question asks for every paper
    assert _read("did anyone report AlpacaEval numbers? list all of them").route is Route.LIST


def test_session_58_days_and_counts_as_written() -> None:
    # "the ten days before Christmas 2024": the days before it, the day itself left out
    before = parse_metadata("anything in the ten days before Christmas 2024?", [], 2025)
    assert before is not None and set(before.conditions) == set(_dated("2024-12-15", "2024-12-24"))
    # a bracket that says which way a window runs
    around = parse_metadata(
        "what else was posted within a week (either side) of the alignment faking paper?", [], 2025
    )
    assert around is not None and around.same_day and around.window == 7 and around.same_span == "around"
    # "a dozen" is twelve
    dozen = parse_metadata("count of papers with at least a dozen authors?", [], 2025)
    assert dozen is not None and dozen.count and Condition(Field.AUTHORS, "ge", 12) in dozen.conditions


def test_session_58_papers_listed_for_a_sort() -> None:
    from rag.understand import _listed_sides

    # each side of "A vs B vs C - which …?" and "which …: A, B or C?"
    for question in (
        "Baichuan report vs Secrets of RLHF part I vs Align Anything - which has the longest author list?",
        "which has the most authors: Baichuan report, Secrets of RLHF part I or Align Anything?",
    ):
        assert _listed_sides(question) == ["Baichuan report", "Secrets of RLHF part I", "Align Anything"]
    assert _listed_sides("which paper has the most authors?") == []
    listed = _read(
        "Baichuan report vs Secrets of RLHF part I vs Align Anything - which has the longest author list?"
    )
    assert listed.metadata is not None and listed.metadata.sort is Field.AUTHORS
    assert len(listed.metadata.about) == 3
