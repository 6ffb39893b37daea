"""What an answer says: the words for each part of rag/model.py's `Answer`, with [n] markers
for its citations, and the answer on the terminal (with its Sources) and as JSON."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, assert_never

from bot.render.features import NO_PAPERS
from rag.cite import arxiv_doi, tidy_spacing
from rag.markup import display_title
from rag.metadata import COUNT_BOUNDS
from rag.model import (
    Answer,
    AnswerKind,
    Card,
    Cards,
    Citation,
    Comparison,
    Definition,
    EmptyStore,
    Fact,
    FactComparison,
    Field,
    FieldStatistic,
    Generated,
    GroupCount,
    Grouping,
    Help,
    Listing,
    Matches,
    Measure,
    Neighbours,
    NoSameDay,
    Overview,
    Paper,
    Quote,
    Refusal,
    Row,
)

NOT_COVERED = "The corpus does not cover this."
# What a "help" turn answers, on every surface (each surface's own help lists its commands).
ASKING_HELP = (
    "Ask me about the papers in the group's reading list; I answer from their abstracts and cite them.",
    "- A question: “how do reward model ensembles handle reward hacking?”",
    "- A list: “which papers use GRPO?”; “more” shows the rest.",
    "- A citation: “bibtex for URIAL”, “link to the RewardDance paper”, even a misspelled title.",
    "- Neighbours: “papers similar to RewardDance”, or “similar papers?” after an answer.",
    "- Facts: “most upvoted papers from December 2023”, “how many authors does URIAL have?”",
    "- Follow-ups in the same thread: “which of those is about vision?”, “the second one”, “bibtex for it”.",
    "If the corpus does not cover something, I say so and name the nearest papers.",
)
# What a turn that only thanks or acknowledges ("thanks!", "ok cool") gets.
THANKED = "Glad to help. Ask another question any time, or say “help” for examples."
# A fact as a sentence names it, and as a note about papers that lack it names it.
_FACT_LABELS = {
    Field.AUTHORS: "authors",
    Field.UPVOTES: "upvotes",
    Field.DATE: "date",
    Field.ORGANISATION: "organisation",
    Field.AUTHOR_NAMES: "author names",
}
_NAMES_SHOWN = 10  # "A, B, … and 12 others": a long author list is cut after this many
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
        case Definition():
            if len(part.forms) == 1 and part.forms[0][0]:
                lines = [f"{part.acronym} stands for {part.forms[0][0]}:"]
            elif len(part.forms) == 1:
                lines = [
                    f"{part.acronym} is the name of a paper's own method; its abstract does not spell it out:"
                ]
            else:
                lines = [f"{part.acronym} stands for different things in different papers:"]
            for form, rows in part.forms:
                if len(part.forms) > 1:
                    lines.append(f"{form}:" if form else "Used as a name, not spelled out:")
                lines += [_row_line(row, cite) for row in rows]
        case Listing():
            lines = [_row_line(row, cite) for row in part.rows]
            if answer.more:
                lines.append(f"…and {len(answer.more)} more: say “more”.")
            if part.without:
                papers = "paper" if part.left_out == 1 else "papers"
                held = (
                    ("that mentions" if part.left_out == 1 else "that mention") if part.mentioned else "about"
                )
                none = "mentions" if part.mentioned else "is about"
                lines.append(
                    f"(Left out: {part.left_out} {papers} {held} {part.without}.)"
                    if part.left_out
                    else f"(No paper it would list {none} {part.without}.)"
                )
        case Comparison():
            lines = [f"{_heading(side.paper)}: {side.sentence} {cite(side.paper)}" for side in part.sides]
        case Card():
            lines = _card_lines(part, cite)
        case Cards():
            lines = []
            for card in part.cards:
                lines += [*_card_lines(card, cite), ""]
        case Matches():
            # ("Also from 2023:" for the same year or month as a paper)
            lines = (
                [f"Also {'dated' if len(part.dated) == 10 else 'from'} {part.dated}:"] if part.dated else []
            )
            if part.among:
                lines.append(f"Of the {part.among} papers above:")
            if part.period:
                first, last = part.period
                lines.append(f"Dated {first}:" if first == last else f"Dated {first} to {last}:")
            if part.count:
                lines.append(_papers_count(part.total))
            lines += [f"{_facts_line(paper)} {cite(paper)}" for paper in part.shown]
            if part.total > len(part.shown):
                hint = ": say “more”" if answer.more else ""
                lines.append(f"…and {part.total - len(part.shown)} more{hint}.")
            if part.missing:
                lines.append(f"({_left_out(part)})")
        case Fact():
            lines = [_fact_text(part, cite)]
        case FactComparison():
            lines = [_fact_comparison_text(part, cite)]
        case FieldStatistic():
            lines = [_statistic_text(part)]
            lines += [f"- {_facts_line(paper)} {cite(paper)}" for paper in part.papers if paper.id in numbers]
        case GroupCount() if part.every and part.groups:
            # "how many papers per month?": each group and its count
            lines = [_group_text(part)]
            # (with the papers themselves when they are cited: few enough to name)
            lines += [
                f"- {group_label(part.by, key)}: {_papers_phrase(len(members))}"
                + "".join(
                    f"{' -' if at == 0 else ';'} {display_title(paper.title)} {cite(paper)}"
                    for at, paper in enumerate(p for p in members if p.id in numbers)
                )
                for key, members in part.groups
            ]
        case GroupCount():
            lines = [_group_text(part)]
            lines += [
                f"- {_facts_line(paper)} {cite(paper)}"
                for _, members in part.groups
                for paper in members
                if paper.id in numbers
            ]
        case Neighbours():
            lines = [f"Papers like {display_title(part.paper.title)}:"]
            lines += [
                f"- {display_title(n.paper.title)}"
                + (f" (both about {', '.join(n.shared)})" if n.shared else "")
                + f" {cite(n.paper)}"
                for n in part.neighbours
            ]
            if not part.neighbours:
                lines.append("No other paper is stored.")
            if part.also_close:
                lines.append(f"Not the paper you meant? Also close: {_titles_cited(part.also_close, cite)}.")
        case Overview():
            span = f", dated {part.first} to {part.last}" if part.first and part.last else ""
            lines = [f"{part.papers} paper{'s' if part.papers != 1 else ''}{span}."]
            if part.topics:
                common = ", ".join(f"{phrase} ({count})" for phrase, count in part.topics)
                lines.append(f"Topics most titles share: {common}.")
                lines.append(f"Ask about any of them: “which papers study {part.topics[0][0]}?”")
        case Help(thanked=True):
            lines = [THANKED]
        case Help():
            lines = list(ASKING_HELP)
        case _:
            assert_never(part)
    # Cited text is spaced as the citation contract spaces it (rag.cite), BibTeX included.
    return tidy_spacing("\n".join(lines))


def _card_lines(part: Card, cite: Callable[[Paper], str]) -> list[str]:
    """A lookup's lines: the paper's heading and link, what else was asked for, its BibTeX."""
    lines = [f"{_heading(part.paper)} {cite(part.paper)}", part.paper.reader_link]
    if "arxiv" in part.wants and not part.unchecked_id:
        lines.append(
            f"arXiv: {part.paper.arxiv_id}"
            if part.paper.arxiv_id
            else "The listing gives no arXiv id; the link above searches arXiv for the title."
        )
    if part.unchecked_id:
        lines.append(
            f"Its listing records no arXiv id, so {part.unchecked_id} is not checked against it: this is "
            "the paper the rest of your question names; the link above searches arXiv for the title."
        )
    if "code" in part.wants:
        lines.append(
            f"Code and pages its abstract gives: {', '.join(part.links)}"
            if part.links
            else "Its abstract gives no code link."
        )
    if "doi" in part.wants:
        lines.append(
            f"DOI: {arxiv_doi(part.paper.arxiv_id)} (arXiv's)"
            if part.paper.arxiv_id
            else "The listing gives no DOI, nor the arXiv id arXiv's DOI is made from."
        )
    if part.also_close:
        lines.append(f"Not sure? Also close: {_titles_cited(part.also_close, cite)}.")
    if "abstract" in part.wants:
        lines += ["", part.paper.abstract or "Its listing gives no abstract."]
    if "abstract" not in part.wants or "bibtex" in part.wants:
        lines += ["", part.bibtex]  # (an abstract asked for alone comes without it)
    return lines


def _row_line(row: Row, cite: Callable[[Paper], str]) -> str:
    """One paper of a list: its title, its sentence, its marker."""
    return f"- {display_title(row.paper.title)}: {row.sentence} {cite(row.paper)}"


def _refusal_text(part: Refusal) -> str:
    if part.unmentioned and part.related:
        # A follow-up about the thread's papers: what they were asked about, which they lack.
        asked = ", ".join(part.unmentioned)
        titles = "; ".join(display_title(p.title) for p in part.related)
        if len(part.related) == 1:
            return f"Its abstract does not mention {asked}: {titles}."
        return f"None of these papers' abstracts mentions {asked}: {titles}."
    if part.held_by_all is not None and part.related:
        # "which of those don't use RL?" when each of them does
        titles = "; ".join(display_title(p.title) for p in part.related)
        if len(part.related) == 1:
            return f"Its abstract mentions {part.held_by_all}: {titles}."
        return f"Every one of these papers' abstracts mentions {part.held_by_all}: {titles}."
    if part.uncounted and len(part.related) == 1:
        counted = " or ".join(part.uncounted)
        return f"Its abstract gives no number for {counted}: {display_title(part.related[0].title)}."
    if part.unlisted and len(part.related) == 1:
        return f"Its abstract does not list its {part.unlisted}: {display_title(part.related[0].title)}."
    if part.unnamed and len(part.related) == 1:
        verb = "gives" if part.unnamed == "code link" else "names"  # an address is given, not named
        return f"Its abstract {verb} no {part.unnamed}: {display_title(part.related[0].title)}."
    if part.unheld is not None:
        # "the DeepSeek-R1 paper": the papers that mention the name are not the paper it names.
        return _with_related(
            f"{NOT_COVERED} No paper here goes by “{part.unheld}”.", part, "Related, but not that paper"
        )
    if part.exhausted:
        # "more" after a list that held nothing back
        return _with_related(
            "That was every paper here that fits; the list held none back.", part, "Next nearest, not answers"
        )
    if part.unshared is not None and len(part.related) == 1:
        # "which other papers use URIAL?": only its own abstract names it.
        title = display_title(part.related[0].title)
        return f"No other abstract here mentions {part.unshared}; only its own paper does: {title}."
    if part.unwritten is not None:
        # "papers mentioning GPT-5": no abstract here writes it
        return _with_related(f"{NOT_COVERED} No abstract here mentions {part.unwritten}.", part, "Related")
    if part.unrecorded is not None:
        # "which papers are the most cited?": a figure the listings do not record.
        return _with_related(f"{NOT_COVERED} The listings here give no {part.unrecorded}.", part, "Related")
    if part.authors is not None:
        # "Betley et al.'s emergent misalignment paper": no author to find it by, no name given.
        opening = (
            f"{NOT_COVERED} The listings here give no authors to find {part.authors}'s paper by, "
            "and no paper here goes by a name the question gives."
        )
        return _with_related(opening, part, "Related, but not shown to be that paper")
    opening = NOT_COVERED
    if part.unidentified is not None:
        opening += f" No paper here has arXiv id {part.unidentified}."
    if part.untitled is not None:
        opening += f" No paper here is titled “{part.untitled}”."
    return _with_related(opening, part, "Related, but not an answer")


def _with_related(opening: str, part: Refusal, label: str) -> str:
    """A refusal's opening line, then the papers it names instead (titles, not cited)."""
    if not part.related:
        return opening
    titles = "; ".join(display_title(p.title) for p in part.related)
    return f"{opening}\n{label}: {titles}."


def _no_same_day_text(part: NoSameDay) -> str:
    anchor = part.anchor
    if anchor is not None and part.span == "organisation":
        title = display_title(anchor.title)
        if not anchor.organisation:
            return f"The listing of {title} gives no organisation."
        return f"No other paper is credited to {anchor.organisation}, the organisation of {title}."
    if anchor is not None and part.span in COUNT_BOUNDS:
        # "more authors than URIAL": no paper's count is beyond its count, or it has none
        more, field = part.span.split()
        noun = "author count" if field == "authors" else "upvote count"
        value = anchor.author_count if field == "authors" else anchor.upvotes
        title = display_title(anchor.title)
        if value is None:
            return f"The listing of {title} gives no {noun}."
        if more == "same":
            return f"No other paper here has {value} {field}, as {title} does."
        if more in ("least", "most"):
            return f"No other paper here has at {more} {value} {field}, as {title} does."
        return f"No paper here has {more} {field} than {title} ({value})."
    if anchor is None:
        return "That paper's date is not in its listing."
    if not anchor.date:
        return f"The listing of {display_title(anchor.title)} gives no date."
    if part.span in ("after", "before") and part.near:
        return (
            f"None of the {part.near} papers nearest {display_title(anchor.title)} is dated "
            f"{part.span} {anchor.date}, its date."
        )
    if part.span in ("after", "before"):
        return f"No paper here is dated {part.span} {anchor.date}, the date of {display_title(anchor.title)}."
    if part.span == "week":
        title = display_title(anchor.title)
        return (
            f"No other paper is dated in the week (Monday to Sunday) of {anchor.date}, the date of {title}."
        )
    if part.span and part.span != anchor.date:
        unit = "year" if len(part.span) == 4 else "month"
        return f"No other paper is from {part.span}, the {unit} of {display_title(anchor.title)}."
    return f"No other paper is dated {anchor.date}, the date of {display_title(anchor.title)}."


def _count_text(part: Matches) -> str:
    """A metadata answer that shows no papers: the count asked for, or that none matches."""
    if part.total:
        body = _papers_count(part.total)
    elif part.unknown and not part.count:
        # "the most upvoted paper on DPO variants" when no listing of those gives upvotes
        if part.missing == 1:
            which = "above" if part.among else "that matches"
            return f"The one paper {which} gives no {_missing_facts(part)} in its listing."
        which = "above" if part.among else "that match"
        return f"None of the {part.missing} papers {which} gives its {_missing_facts(part)} in its listing."
    else:
        # "0 papers" answers a count; "no paper matches" says the corpus has none to show.
        body = (
            "0 papers."
            if part.count
            else f"None of the {part.among} papers above matches that."
            if part.among
            else f"No paper here is credited to {part.uncredited}."
            if part.uncredited
            else "No paper in the corpus matches that."
        )
    scope = f"Of the {part.among} papers above: " if part.among and (part.total or part.count) else ""
    # (no paper being the maker's, none was left out of its papers for lacking a field)
    left_out = f" ({_left_out(part)})" if part.missing and not part.uncredited else ""
    instead = f" {_extreme_text(part.extreme)}" if part.extreme and not part.total else ""
    if part.nearest and not part.total:
        near = " and ".join(f"{p.date} ({display_title(p.title)})" for p in part.nearest)
        instead += f" The nearest {'dates' if len(part.nearest) > 1 else 'date'}: {near}."
    return scope + body + instead + left_out


def _extreme_text(extreme: tuple[Field, bool, int | str, bool]) -> str:
    """What the corpus has instead of a bound nothing met: "The most upvotes any paper here has is 7." """
    field, highest, value, narrowed = extreme
    among = "any paper that matches the rest" if narrowed else "any paper here"
    if field is Field.DATE:
        which = "newest" if highest else "oldest"
        return f"The {which} date of {among} is {value}."
    noun = "upvotes" if field is Field.UPVOTES else "authors"
    most = "most" if highest else "fewest"
    return f"The {most} {noun} {among} has is {value}."


def _papers_count(count: int) -> str:
    return f"{count} paper{'s' if count != 1 else ''}."


def _missing_facts(part: Matches) -> str:
    """The fields the left-out papers lack, as the answer names them ("author count or date")."""
    return " or ".join(_FACT_NAMES.get(f, f.value) for f in part.missing_fields) or "this fact"


def _left_out(part: Matches) -> str:
    facts = _missing_facts(part)
    if part.missing == 1:
        return f"1 paper whose listing gives no {facts} was left out."
    return f"{part.missing} papers whose listing gives no {facts} were left out."


# How a figure names its field: "Average authors per paper: 8.1", "Total upvotes: 1234".
_MEASURED_NAMES = {
    (Measure.MEAN, Field.AUTHORS): "Average authors per paper",
    (Measure.MEAN, Field.UPVOTES): "Average upvotes per paper",
    (Measure.MEDIAN, Field.AUTHORS): "Median author count",
    (Measure.MEDIAN, Field.UPVOTES): "Median upvote count",
    (Measure.TOTAL, Field.AUTHORS): "Total authors (summed over papers)",
    (Measure.TOTAL, Field.UPVOTES): "Total upvotes",
}
_GROUPS_SHOWN = 10  # "A, B, … and 12 others": many tied groups are cut after this many
_GROUPED_FACTS = {Grouping.ORGANISATION: "organisation"}


def figure_value(part: FieldStatistic) -> str:
    """The figure as the answer writes it: a mean to one decimal ("8.1"), a total whole, a median
    whole unless it falls between two counts ("4.5")."""
    value = part.value
    if value is None:
        return ""
    if part.measure is Measure.MEAN:
        return f"{value:.1f}"
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"


def _statistic_text(part: FieldStatistic) -> str:
    left_out = ""
    if part.missing:
        fact = _FACT_NAMES[part.name]
        left_out = f" ({_lacking(part.missing, fact)})"
    if part.value is None:
        if not part.missing:
            return "No paper in the corpus matches that."
        return f"No paper that matches gives an {_FACT_NAMES[part.name]}{left_out}."
    over = _papers_phrase(len(part.papers))
    return f"{_MEASURED_NAMES[(part.measure, part.name)]}: {figure_value(part)}, over {over}{left_out}."


def _lacking(count: int, fact: str) -> str:
    return f"{_papers_phrase(count)} whose listing gives no {fact} {'was' if count == 1 else 'were'} left out"


def _papers_phrase(count: int) -> str:
    return f"{count} paper{'s' if count != 1 else ''}"


def group_label(by: Grouping, key: str) -> str:
    """A group as people write it: "February 2024" for 2024-02; a day, a year or a name as is."""
    if by is Grouping.MONTH and len(key) == 7:
        return f"{_MONTH_NAMES[int(key[5:]) - 1]} {key[:4]}"
    return key


_MONTH_NAMES = "January February March April May June July August September October November December".split()


def _group_text(part: GroupCount) -> str:
    """ "Most papers: February, June and October 2024, 7 papers each." """
    fact = _GROUPED_FACTS.get(part.by, "date")
    left_out = f"; {_lacking(part.missing, fact)}" if part.missing else ""
    if not part.groups:
        if not part.missing:
            return "No paper in the corpus matches that."
        return f"No paper that matches gives its {fact}{left_out}."
    if part.every:
        # "Papers per month (of 122 papers counted; …):" above a line for each
        per = {Grouping.ORGANISATION: "organisation"}.get(part.by, part.by.value)
        return f"Papers per {per} (of {_papers_phrase(part.counted)} counted{left_out}):"
    keys = [key for key, _ in part.groups]
    if part.by is Grouping.MONTH and len({key[:4] for key in keys}) == 1:
        # "February, June and October 2024": one year written once
        names = [_MONTH_NAMES[int(key[5:]) - 1] for key in keys]
        year = f" {keys[0][:4]}"
    else:
        names, year = [group_label(part.by, key) for key in keys], ""
    if len(names) > _GROUPS_SHOWN:
        named = ", ".join(names[:_GROUPS_SHOWN]) + f" and {len(names) - _GROUPS_SHOWN} others"
    else:
        named = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    each = " each" if len(names) > 1 else ""
    most = "Fewest papers" if part.fewest else "Most papers"
    counted = f"(of {_papers_phrase(part.counted)} counted{left_out})"
    return f"{most}: {named}{year}, {_papers_phrase(part.count)}{each} {counted}."


def _fact_text(part: Fact, cite: Callable[[Paper], str]) -> str:
    if part.holds is not None:
        # "was it posted in 2025?": the answer, then the fact that gives it
        return f"{'Yes' if part.holds else 'No'}: {_fact_value_text(part, cite)}"
    return _fact_value_text(part, cite)


def _fact_value_text(part: Fact, cite: Callable[[Paper], str]) -> str:
    title, label = display_title(part.paper.title), _FACT_LABELS.get(part.name, "value")
    if part.also:
        # "Turing RSA …: dated 2024-11-30; 5 authors [1]." Each fact asked, or that it is not given.
        counted = part.paper.author_count
        unnamed = bool(counted) and (Field.AUTHOR_NAMES, None) in part.also
        given = [
            _fact_clause(name, value)
            for name, value in part.also
            if value is not None and not (unnamed and name is Field.AUTHORS)
        ]
        if unnamed:  # "who wrote it? how many authors?": the count, once
            given.append(f"{counted} author{'s' if counted != 1 else ''}, whom its listing does not name")
        lacking = [
            _FACT_LABELS.get(name, "value")
            for name, value in part.also
            if value is None and not (counted and name is Field.AUTHOR_NAMES)
        ]
        if lacking:
            given.append(f"its listing does not give the {' or the '.join(lacking)}")
        return f"{title}: {'; '.join(given)} {cite(part.paper)}."
    if part.value is None and part.name is Field.AUTHOR_NAMES:
        if part.paper.author_count:
            count = part.paper.author_count
            counts = f"{count} author{'s' if count != 1 else ''}"
            return f"{title}: its listing counts {counts} but does not name them {cite(part.paper)}."
        return f"{title}: its listing does not name its authors {cite(part.paper)}."
    if part.value is None:
        return f"{title}: its listing does not give the {label} {cite(part.paper)}."
    if part.name is Field.AUTHOR_NAMES:
        return f"{title} is by {_people(str(part.value).split(', '))} {cite(part.paper)}."
    if part.name is Field.DATE:
        return f"{title} is dated {_spelled_date(str(part.value))} {cite(part.paper)}."
    if part.name is Field.ORGANISATION:
        return f"{title} is listed under {part.value} {cite(part.paper)}."
    if part.value == 1 and label.endswith("s"):
        label = label[:-1]  # "1 author"
    return f"{title} has {part.value} {label} {cite(part.paper)}."


def _fact_clause(name: Field, value: int | str) -> str:
    """One fact of several asked of a paper, as a clause: "dated 2024-11-30", "5 authors"."""
    if name is Field.AUTHOR_NAMES:
        return f"by {_people(str(value).split(', '))}"
    if name is Field.DATE:
        return f"dated {_spelled_date(str(value))}"
    if name is Field.ORGANISATION:
        return f"listed under {value}"
    label = _FACT_LABELS.get(name, "value")
    return f"{value} {label[:-1] if value == 1 and label.endswith('s') else label}"


def _spelled_date(value: str) -> str:
    """A listing's date as stored and as people write it: "2025-05-15 (May 15, 2025)"; a month
    or a year as stored."""
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return value
    return f"{value} ({day.strftime('%B')} {day.day}, {day.year})"


def _people(names: list[str]) -> str:
    if len(names) > _NAMES_SHOWN:
        return ", ".join(names[:_NAMES_SHOWN]) + f" and {len(names) - _NAMES_SHOWN} others"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _days_apart(first: str, second: str) -> str:
    """ "158 days (about 5 months)": the time between two listing dates (YYYY-MM-DD)."""
    days = abs((dt.date.fromisoformat(first) - dt.date.fromisoformat(second)).days)
    said = "1 day" if days == 1 else f"{days} days"
    if days >= 60:
        return f"{said} (about {round(days / 30.44)} months)"
    if days >= 14:
        return f"{said} (about {round(days / 7)} weeks)"
    return said


def _fact_comparison_text(part: FactComparison, cite: Callable[[Paper], str]) -> str:
    label = {Field.AUTHORS: "authors", Field.UPVOTES: "upvotes"}.get(part.name, "date")
    first, second = part.first, part.second
    if part.unknown is not None:
        # (`first` is the paper whose listing lacks it)
        value = second.fact(part.name)
        lacking = f"{display_title(first.title)} {cite(first)}"
        if value is None:
            noun = {Field.AUTHORS: "an author count", Field.UPVOTES: "an upvote count"}.get(
                part.name, "a date"
            )
            return f"Neither listing gives {noun}: {lacking}; {display_title(second.title)} {cite(second)}."
        known = _fact_clause(part.name, value)
        listed = "is" if part.name is Field.DATE else "is listed with"  # ("is dated 2023-12-03")
        return (
            f"{display_title(second.title)} {cite(second)} {listed} {known}; the listing gives no "
            f"{label} for {lacking}, so the two cannot be compared."
        )
    a, b = first.fact(part.name), second.fact(part.name)
    one, other = display_title(first.title), display_title(second.title)
    if part.arithmetic and isinstance(a, int) and isinstance(b, int):
        each = (
            f"{one} has {_fact_clause(part.name, a)} {cite(first)} and {other} has "
            f"{_fact_clause(part.name, b)} {cite(second)}"
        )
        if part.arithmetic == "sum":
            return f"{_fact_clause(part.name, a + b)} in all: {each}."
        return f"A difference of {_fact_clause(part.name, abs(a - b))}: {each}."
    if part.tied:
        both = f"{one} {cite(first)} and {other} {cite(second)}"
        dated = part.name is Field.DATE
        return f"Both are dated {a}: {both}." if dated else f"Both have {a} {label}: {both}."
    if part.name is Field.DATE:
        apart = _days_apart(str(a), str(b))
        if part.arithmetic:
            return f"{apart} apart: {one} {cite(first)} is dated {a} and {other} {cite(second)} {b}."
        order = "after" if str(a) > str(b) else "before"
        return (
            f"{one} {cite(first)} was posted {order} {other} {cite(second)}: {a} against {b}, {apart} apart."
        )
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
        facts.append(f"{paper.author_count} author{'s' if paper.author_count != 1 else ''}")
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
    if isinstance(part, FieldStatistic | GroupCount) and part.missing:
        fact = (
            _FACT_NAMES[part.name]
            if isinstance(part, FieldStatistic)
            else _GROUPED_FACTS.get(part.by, "date")
        )
        left_out = [f"{_lacking(part.missing, fact)}."]
    return [*answer.notes, *left_out]


def _figure_json(part: FieldStatistic | GroupCount) -> dict[str, Any]:
    """The figure an aggregate answer gives, and the papers it is computed from (by id)."""
    if isinstance(part, FieldStatistic):
        return {
            "measure": part.measure.value,
            "field": part.name.value,
            "value": part.value,
            "shown": figure_value(part),
            "papers": [p.id for p in part.papers],
            "left_out": part.missing,
        }
    return {
        "group_by": part.by.value,
        "every": part.every,
        "fewest": part.fewest,
        "count": part.count,
        "groups": [
            {"group": key, "label": group_label(part.by, key), "papers": [p.id for p in members]}
            for key, members in part.groups
        ],
        "counted": part.counted,
        "left_out": part.missing,
    }


# ---- answers on the terminal and as JSON ----------------------------------------------------


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
    if isinstance(answer.part, FieldStatistic | GroupCount):
        payload["figure"] = _figure_json(answer.part)
    if item_id is not None:
        payload = {"id": item_id, **payload}
    return payload
