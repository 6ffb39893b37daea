"""Figures over the listing's fields (averages, medians, totals) and papers counted by a field
("which month had the most papers?"): how questions are parsed into them, how they are computed
from papers, and how they read. Non-forms are pinned too: a question about a paper's content
("the average human acceptance threshold") is no figure."""

from __future__ import annotations

import pytest

from bot.render.answer import answer_body, answer_json
from rag.metadata import (
    Condition,
    MetadataQuery,
    SortedPapers,
    count_by,
    makers_of,
    parse_metadata,
    run_metadata,
    statistic_of,
)
from rag.model import Answer, Field, FieldStatistic, GroupCount, Grouping, Measure, Paper

ORGANISATIONS = ["TIGER-Lab", "facebook AI at Meta", "OpenRubrics"]
Q1_2024 = (Condition(Field.DATE, "ge", "2024-01-01"), Condition(Field.DATE, "le", "2024-03-31"))


def _parse(question: str) -> MetadataQuery:
    parsed = parse_metadata(question, ORGANISATIONS, 2025, "2025-12-02")
    assert parsed is not None, question
    return parsed


@pytest.mark.parametrize(
    ("question", "measure", "field"),
    [
        (
            "What's the average number of authors per paper, "
            "counting only papers where the author count is known?",
            Measure.MEAN,
            Field.AUTHORS,
        ),
        ("mean author count?", Measure.MEAN, Field.AUTHORS),
        ("how many upvotes on average do 2024 papers get?", Measure.MEAN, Field.UPVOTES),
        ("on average, how many authors do surveys have?", Measure.MEAN, Field.AUTHORS),
        ("median author count of the surveys", Measure.MEDIAN, Field.AUTHORS),
        ("how many authors does the typical paper have?", Measure.MEDIAN, Field.AUTHORS),
        (
            "total number of upvotes across all the 2025 papers that have an upvote count?",
            Measure.TOTAL,
            Field.UPVOTES,
        ),
        ("combined upvotes of papers from TIGER-Lab", Measure.TOTAL, Field.UPVOTES),
        ("sum of the upvotes of all papers", Measure.TOTAL, Field.UPVOTES),
        ("how many upvotes do the 2024 papers have in total?", Measure.TOTAL, Field.UPVOTES),
        ("total votes for TIGER-Lab papers", Measure.TOTAL, Field.UPVOTES),
        ("average likes of 2025 papers", Measure.MEAN, Field.UPVOTES),
    ],
)
def test_a_figure_over_a_field_is_read_in_its_common_forms(
    question: str, measure: Measure, field: Field
) -> None:
    parsed = _parse(question)
    assert (parsed.measure, parsed.measured, parsed.group) == (measure, field, None)
    # A figure is the answer: no paper of it is looked up, sorted or counted.
    assert parsed.fact is None and parsed.sort is None and not parsed.count and not parsed.about


def test_a_figure_keeps_the_filters_the_parser_reads() -> None:
    dated = _parse("how many upvotes on average do 2024 papers get?")
    assert dated.conditions == (Condition(Field.DATE, "in", "2024"),)
    assert _parse("combined upvotes of papers from TIGER-Lab").organisation == "TIGER-Lab"
    assert _parse("median author count of the surveys").topic == "surveys"
    assert _parse("average upvotes of papers about reward models").topic == "reward models"
    quarter = _parse("average number of authors of papers from Q1 2024")
    assert quarter.conditions == Q1_2024 and quarter.measure is Measure.MEAN
    # The words of the request name no topic ("per paper", "counting only ... known").
    assert _parse("What's the average number of authors per paper, counting only known ones?").topic == ""


@pytest.mark.parametrize(
    "question",
    [
        "what is the average human acceptance threshold in the AI Scientist paper?",
        "what is the mean reward accuracy reported by RewardBench?",
        "which papers report the total training cost?",
        "the total votes cast in the human evaluation",
        "which papers have above-average upvotes?",  # the mean as a bar, not the figure asked for
        "papers with more upvotes than average",
    ],
)
def test_a_figure_of_a_paper_s_content_is_not_a_figure_of_the_listing(question: str) -> None:
    parsed = parse_metadata(question, ORGANISATIONS, 2025)
    assert parsed is None or (parsed.measure is None and parsed.group is None)


def test_one_paper_s_total_is_its_fact_and_a_sort_is_no_count_by_group() -> None:
    one = _parse("how many upvotes in total does URIAL have?")
    assert one.measure is None and one.fact is Field.UPVOTES
    sort = _parse("which lab has the most upvoted papers?")
    assert sort.group is None and sort.sort is Field.UPVOTES


@pytest.mark.parametrize(
    ("question", "group", "most"),
    [
        ("which month of 2024 had the most papers?", Grouping.MONTH, True),
        ("What month saw the most papers posted?", Grouping.MONTH, True),
        ("the busiest month", Grouping.MONTH, True),
        ("which year has the fewest papers?", Grouping.YEAR, False),
        ("which organisation has the most papers in 2025?", Grouping.ORGANISATION, True),
        ("which lab published the most papers?", Grouping.ORGANISATION, True),
        ("the most prolific organization", Grouping.ORGANISATION, True),
        ("which day had the most papers?", Grouping.DAY, True),
        ("most papers were published in which month?", Grouping.MONTH, True),
        ("the most papers on RLHF are from which lab?", Grouping.ORGANISATION, True),
    ],
)
def test_papers_counted_by_a_field_are_read(question: str, group: Grouping, most: bool) -> None:
    parsed = _parse(question)
    assert (parsed.group, parsed.descending, parsed.measure) == (group, most, None)
    assert parsed.fact is None and parsed.sort is None and not parsed.count


def test_a_count_by_group_keeps_its_filter() -> None:
    assert _parse("which month of 2024 had the most papers?").conditions == (
        Condition(Field.DATE, "in", "2024"),
    )
    assert _parse("which organisation has the most papers in 2025?").conditions == (
        Condition(Field.DATE, "in", "2025"),
    )


@pytest.mark.parametrize(
    "question",
    [
        "papers from Q1 2024 with fewer than five authors",
        "papers from q1 of 2024 with fewer than five authors",
        "papers from 2024 Q1 with fewer than five authors",
        "papers from 2024-Q1 with fewer than five authors",
        "papers from the first quarter of 2024 with fewer than five authors",
        "papers from the 1st quarter of 2024 with fewer than five authors",
        "papers posted in the first quarter of 2024 with fewer than five authors",
    ],
)
def test_a_quarter_is_read_however_it_is_written(question: str) -> None:
    parsed = _parse(question)
    assert set(parsed.conditions) == {*Q1_2024, Condition(Field.AUTHORS, "lt", 5)}


def test_other_quarters_and_a_quarter_without_a_year() -> None:
    assert _parse("papers from the last quarter of 2023").conditions == (
        Condition(Field.DATE, "ge", "2023-10-01"),
        Condition(Field.DATE, "le", "2023-12-31"),
    )
    # No year: the capture year, as for a month written alone.
    assert _parse("papers posted in Q3").conditions == (
        Condition(Field.DATE, "ge", "2025-07-01"),
        Condition(Field.DATE, "le", "2025-09-31"),
    )


@pytest.mark.parametrize(
    "question",
    [
        "of the papers credited to an organisation, which is the earliest?",
        "papers that name a lab",
        "papers with an affiliation listed",
        "which papers are affiliated with an institution?",
    ],
)
def test_having_an_organisation_is_not_an_organisation_named(question: str) -> None:
    parsed = _parse(question)
    assert parsed.has_organisation and parsed.organisation is None


def test_a_word_inside_a_hyphenated_one_names_no_field() -> None:
    parsed = _parse("Which alignment papers have more than 20 authors? Trying to find the big-lab efforts.")
    assert not parsed.has_organisation and parsed.organisation is None
    assert parsed.conditions == (Condition(Field.AUTHORS, "gt", 20),)


def test_two_papers_compared_under_a_heading() -> None:
    parsed = _parse("more upvotes - MJ-Bench vs Vision-R1")
    assert parsed.compare is Field.UPVOTES and parsed.about == ("mj-bench", "vision-r1")


@pytest.mark.parametrize(
    "question",
    [
        "papers without an organisation",
        "which papers have no lab listed?",
        "how many papers lack an affiliation?",
    ],
)
def test_lacking_an_organisation_is_a_condition_not_having_one(question: str) -> None:
    parsed = _parse(question)
    assert parsed.conditions == (Condition(Field.ORGANISATION, "missing", 0),)
    assert not parsed.has_organisation and parsed.organisation is None


def test_a_group_asked_after_its_papers_keeps_the_topic_between() -> None:
    parsed = _parse("the most papers on RLHF are from which lab?")
    assert parsed.group is Grouping.ORGANISATION and parsed.topic == "rlhf"
    # "the most upvoted papers are from which lab?" ranks papers by upvotes: no count by lab.
    assert _parse("the most upvoted papers are from which lab?").group is None


def test_the_earliest_of_the_papers_credited_to_an_organisation_is_a_sort() -> None:
    parsed = _parse("of the papers credited to an organisation, which is the earliest?")
    assert parsed.sort is Field.DATE and not parsed.descending and parsed.single


# ---- computing -------------------------------------------------------------------------------


def _paper(
    n: int,
    authors: int | None = None,
    upvotes: int | None = None,
    date: str | None = None,
    organisation: str | None = None,
) -> Paper:
    return Paper(
        f"p{n}",
        f"Paper {n}",
        "An abstract.",
        date=date,
        upvotes=upvotes,
        author_count=authors,
        organisation=organisation,
    )


def test_a_figure_leaves_out_papers_without_the_field_and_counts_them() -> None:
    papers = [
        _paper(1, authors=2),
        _paper(2, authors=9),
        _paper(3),
        _paper(4, authors=4),
        _paper(5, authors=4),
    ]
    query = MetadataQuery(measure=Measure.MEAN, measured=Field.AUTHORS)
    mean = statistic_of(query, papers)
    assert mean.value == (2 + 9 + 4 + 4) / 4 and mean.missing == 1  # never counted as zero
    assert [p.id for p in mean.papers] == ["p1", "p2", "p4", "p5"]
    median = statistic_of(MetadataQuery(measure=Measure.MEDIAN, measured=Field.AUTHORS), papers)
    assert median.value == 4.0  # between 4 and 4 of 2, 4, 4, 9
    assert (
        statistic_of(MetadataQuery(measure=Measure.MEDIAN, measured=Field.AUTHORS), papers[:3]).value == 5.5
    )
    total = statistic_of(MetadataQuery(measure=Measure.TOTAL, measured=Field.AUTHORS), papers)
    assert total.value == 19.0
    nothing = statistic_of(query, [_paper(6)])
    assert nothing.value is None and nothing.missing == 1 and not nothing.papers


def test_a_count_by_month_names_every_tied_month() -> None:
    dates = ["2024-02-01", "2024-02-09", "2024-06-03", "2024-06-30", "2024-07-01", None]
    papers = [_paper(n, date=date) for n, date in enumerate(dates)]
    most = count_by(MetadataQuery(group=Grouping.MONTH), papers)
    assert [key for key, _ in most.groups] == ["2024-02", "2024-06"]
    assert (most.count, most.counted, most.missing, most.fewest) == (2, 5, 1, False)
    fewest = count_by(MetadataQuery(group=Grouping.MONTH, descending=False), papers)
    assert [key for key, _ in fewest.groups] == ["2024-07"] and fewest.count == 1 and fewest.fewest
    years = count_by(MetadataQuery(group=Grouping.YEAR), papers)
    assert years.groups[0][0] == "2024" and years.count == 5


def test_a_count_by_organisation_joins_the_ways_a_name_is_written() -> None:
    papers = [
        _paper(1, organisation="TIGER-Lab"),
        _paper(2, organisation="tiger lab"),
        _paper(3, organisation="OpenRubrics"),
        _paper(4),
    ]
    most = count_by(MetadataQuery(group=Grouping.ORGANISATION), papers)
    assert [(key, len(members)) for key, members in most.groups] == [("TIGER-Lab", 2)]
    assert most.missing == 1


# ---- how a figure reads ------------------------------------------------------------------------


def test_a_mean_is_written_to_one_decimal_with_the_papers_it_is_over_and_those_left_out() -> None:
    papers = tuple(_paper(n, authors=a) for n, a in enumerate([8, 8, 8, 8, 8, 8, 9]))
    part = FieldStatistic(Measure.MEAN, Field.AUTHORS, 57 / 7, papers, missing=3)
    body = answer_body(Answer("q", part))
    assert body == (
        "Average authors per paper: 8.1, over 7 papers "
        "(3 papers whose listing gives no author count were left out)."
    )
    payload = answer_json(Answer("q", part))
    assert payload["figure"]["value"] == pytest.approx(57 / 7) and payload["figure"]["shown"] == "8.1"
    assert payload["figure"]["papers"] == [p.id for p in papers] and payload["figure"]["left_out"] == 3
    assert payload["citations"] == []


def test_a_total_is_a_whole_number_and_no_paper_giving_the_field_says_so() -> None:
    papers = (_paper(1, upvotes=3), _paper(2, upvotes=4))
    assert answer_body(Answer("q", FieldStatistic(Measure.TOTAL, Field.UPVOTES, 7.0, papers))) == (
        "Total upvotes: 7, over 2 papers."
    )
    none = answer_body(Answer("q", FieldStatistic(Measure.MEAN, Field.UPVOTES, None, (), missing=4)))
    assert "no paper" in none.lower() and "4 papers" in none


def test_tied_months_of_one_year_read_as_one_phrase() -> None:
    groups = tuple((key, (_paper(n),)) for n, key in enumerate(["2024-02", "2024-06", "2024-10"]))
    body = answer_body(Answer("q", GroupCount(Grouping.MONTH, groups, 7, 47, missing=2)))
    assert body.startswith("Most papers: February, June and October 2024, 7 papers each")
    assert "2 papers whose listing gives no date were left out" in body
    payload = answer_json(Answer("q", GroupCount(Grouping.MONTH, groups, 7, 47)))
    assert [g["label"] for g in payload["figure"]["groups"]] == ["February 2024", "June 2024", "October 2024"]
    across = ((("2023-12"), (_paper(1),)), ("2024-01", (_paper(2),)))
    fewest = answer_body(Answer("q", GroupCount(Grouping.MONTH, across, 1, 2, fewest=True)))
    assert fewest.startswith("Fewest papers: December 2023 and January 2024, 1 paper each")


def test_figures_read_off_the_index_equal_figures_of_every_paper() -> None:
    """Over every paper, a figure is read off `SortedPapers` (values already in order, dates in
    runs): the same figure as the scan of the papers gives."""
    organisations = ["TIGER-Lab", "tiger lab", "OpenRubrics", None]
    papers = [
        _paper(
            n,
            authors=None if n % 5 == 0 else n % 7 + 1,
            upvotes=None if n % 3 == 0 else n % 11,
            date=None if n % 4 == 0 else f"202{n % 3 + 3}-{n % 12 + 1:02d}-{n % 27 + 1:02d}",
            organisation=organisations[n % 4],
        )
        for n in range(200)
    ]
    index = SortedPapers(papers)
    for measure in Measure:
        for name in (Field.AUTHORS, Field.UPVOTES):
            query = MetadataQuery(measure=measure, measured=name)
            read, scanned = statistic_of(query, papers, index), statistic_of(query, papers)
            assert (read.value, read.missing) == (scanned.value, scanned.missing)
            assert set(read.papers) == set(scanned.papers)  # in the field's order, not the corpus's
    for group in Grouping:
        for descending in (True, False):
            query = MetadataQuery(group=group, descending=descending)
            read, scanned = count_by(query, papers, index), count_by(query, papers)
            assert (read.count, read.counted, read.missing) == (
                scanned.count,
                scanned.counted,
                scanned.missing,
            )
            assert [(key, set(members)) for key, members in read.groups] == [
                (key, set(members)) for key, members in scanned.groups
            ]


@pytest.mark.parametrize(
    ("question", "group"),
    [
        ("how many papers per month in 2025?", Grouping.MONTH),
        ("number of papers by year", Grouping.YEAR),
        ("papers per organisation", Grouping.ORGANISATION),
        ("how many papers does each lab have?", Grouping.ORGANISATION),
        ("count of papers per day in December 2025", Grouping.DAY),
    ],
)
def test_a_count_per_group_is_read(question: str, group: Grouping) -> None:
    query = _parse(question)
    assert query.group is group and query.every_group


@pytest.mark.parametrize("question", ["papers sorted by date", "which month had the most papers?"])
def test_a_sort_or_the_most_is_no_count_per_group(question: str) -> None:
    assert not _parse(question).every_group


def test_a_count_per_group_gives_every_group_in_order_read_off_the_index_or_not() -> None:
    dates = ["2024-06-03", "2024-02-01", "2024-02-09", "2024-06-30", "2024-07-01", None]
    papers = [_paper(n, date=date) for n, date in enumerate(dates)]
    query = MetadataQuery(group=Grouping.MONTH, every_group=True)
    for counts in (count_by(query, papers), count_by(query, papers, SortedPapers(papers))):
        assert counts.every and [(key, len(found)) for key, found in counts.groups] == [
            ("2024-02", 2),
            ("2024-06", 2),
            ("2024-07", 1),
        ]
        assert (counts.count, counts.counted, counts.missing) == (2, 5, 1)
    answer = Answer("how many papers per month?", count_by(query, papers))
    assert answer_body(answer).splitlines() == [
        "Papers per month (of 5 papers counted; 1 paper whose listing gives no date was left out):",
        "- February 2024: 2 papers",
        "- June 2024: 2 papers",
        "- July 2024: 1 paper",
    ]
    assert answer_json(answer)["figure"]["every"] is True
    by_lab = count_by(
        MetadataQuery(group=Grouping.ORGANISATION, every_group=True),
        [_paper(1, organisation="B Lab"), _paper(2, organisation="A Lab"), _paper(3, organisation="B Lab")],
    )
    assert [(key, len(found)) for key, found in by_lab.groups] == [("B Lab", 2), ("A Lab", 1)]


def test_a_paper_is_from_the_github_organisation_that_holds_its_code() -> None:
    honest = Paper(
        "h", "Alignment for Honesty", "Code is at https://github.com/GAIR-NLP/alignment-for-honesty."
    )
    journey = Paper("j", "O1 Replication Journey", "Resources: https://github.com/GAIR-NLP/O1-Journey")
    credited = _paper(3, organisation="TIGER-Lab")
    other = _paper(4)
    papers = [honest, journey, credited, other]
    assert (
        makers_of(honest) == ["GAIR-NLP"] and makers_of(credited) == ["TIGER-Lab"] and makers_of(other) == []
    )
    # "anything from GAIR-NLP?" had said no paper is credited to it
    query = MetadataQuery(organisation="gair-nlp")
    assert [p.id for p in run_metadata(query, papers).papers] == ["h", "j"]
    assert [p.id for p in SortedPapers(papers).credited_to("GAIR-NLP")] == ["h", "j"]
    # a listing's credit is unchanged
    assert [p.id for p in run_metadata(MetadataQuery(organisation="TIGER-Lab"), papers).papers] == ["p3"]
    # "any other paper from the same github org?" is the thread's paper's organisation
    same = parse_metadata("any other paper from the same github org?", [], 2025)
    assert same is not None and same.same_day and same.same_span == "organisation"
