"""Questions about the listing metadata (author counts, dates, upvotes, organisations), parsed into
a `MetadataQuery` and run over `Paper`s. A metadata word counts only when it is bound to a field
the corpus has: "most upvoted" sorts, "least studied" does not. Pure: no store, no prose."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import cast

from dateutil import parser as dateparser
from rapidfuzz.distance import OSA

from rag import english
from rag.decide import FUNCTION_WORDS
from rag.model import Field, FieldStatistic, GroupCount, Grouping, Measure, Paper


@dataclass(frozen=True, slots=True)
class Condition:
    """`field op value`; dates are ISO strings compared as text (they sort as dates), a day,
    a month (YYYY-MM) or a year (YYYY) matched by prefix with `op` 'in'."""

    field: Field
    op: str  # eq, ge, gt, le, lt, in, missing, present, weekday (value: the days allowed, "56" Sat-Sun), by (a maker)
    value: int | str


@dataclass(frozen=True, slots=True)
class MetadataQuery:
    conditions: tuple[Condition, ...] = ()
    sort: Field | None = None
    descending: bool = True
    single: bool = False  # "which paper has the most ..." wants the top only (ties kept)
    count: bool = False  # "how many papers ..." wants the number
    listing: bool = True  # show the papers (False: "how many" alone)
    organisation: str | None = None
    has_organisation: bool = False
    fact: Field | None = None  # "when was X posted?", "how many authors does X have?"
    # every fact asked of the paper, in the order written, when it is more than `fact`
    # ("posting date and number of authors?")
    also: tuple[Field, ...] = ()
    about: tuple[str, ...] = ()  # the text naming the paper(s) of a fact / comparison / same day
    compare: Field | None = None  # "which got more upvotes, X or Y?"
    same_day: bool = False  # "the same day as X"
    # ... or the same "month", "year" or "organisation" as X ("papers from the same year as URIAL")
    same_span: str = "day"
    like_anchor: bool = False  # "anything newer?": of the papers nearest the anchor, not the corpus
    topic: str = ""
    mentioned: bool = False  # "papers that mention X": X anywhere in the text, not what the title says
    in_title: bool = False  # "papers with RLHF in the title": the topic in the title only
    arithmetic: str = ""  # "sum" or "difference" of the two papers' `compare` counts
    window: int | None = None  # days after / before / around (`same_span`) the paper `about` names
    capture_year: int | None = None
    limit: int | None = None  # "top 3 most upvoted"
    rank: int = 1  # "the second newest": the papers of the sort's second value (ties kept)
    period: tuple[str, str] | None = None  # the days "this week", "last month" … stood for
    measure: Measure | None = None  # "the average number of authors": computed over `measured`
    measured: Field | None = None
    group: Grouping | None = None  # "which month had the most papers" (`descending`: most)
    every_group: bool = False  # "how many papers per month?": each group's count, not the most

    @property
    def fields(self) -> set[Field]:
        used = {c.field for c in self.conditions}
        for name in (self.sort, self.fact, self.compare):
            if name:
                used.add(name)
        if self.same_day:
            used.add(Field.DATE)
        return used


_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
}
# ... and the tens ("a survey with around fifty authors")
_NUMBER_WORDS.update(
    {w: 10 * n for n, w in enumerate("thirty forty fifty sixty seventy eighty ninety".split(), 3)}
)
_NUMBER_WORDS["single"] = _NUMBER_WORDS["solo"] = _NUMBER_WORDS["a"] = 1
NUMBER_WORDS: Mapping[str, int] = _NUMBER_WORDS  # "two" -> 2, ..., "twenty" -> 20, "thirty" … "ninety"
_NUM = r"(\d+|" + "|".join(w for w in _NUMBER_WORDS if w not in ("single", "solo", "a")) + r")"
# The words that bind a request to a field.
_FIELD_WORDS: dict[Field, str] = {
    Field.AUTHORS: r"authors?|author\s+(?:list|count)|co-?authors?|people|persons|writers|names|contributors|team(?=\s+(?:behind|on|size|among))|team$",
    Field.UPVOTES: r"(?<![\w-])(?:upvot\w*|votes?|likes|liked|popular|hearts?)",
    Field.DATE: r"dated?|posted|published|released|came out|come out|appeared|recent|new|old",
}
_MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DAY_FORMS = (
    # ("3 decoding-time papers" is no 3 December: the month's word ends there)
    rf"\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})(?![a-z])\.?,?(?:\s+\d{{4}})?|"
    rf"(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b,?(?:\s+\d{{4}})?|\d{{1,2}}/\d{{1,2}}/\d{{4}}|"
    # "14.03.2024", "14-03-2024": day first, as where dates are written with dots
    r"\d{1,2}\.\d{1,2}\.\d{4}|\d{1,2}-\d{1,2}-\d{4}"
)
# A month alone ("May") only after a word that puts it in time: "which may outgrow" is a verb.
_MONTH_FORMS = (
    rf"\d{{4}}-\d{{1,2}}(?!-?\d)|(?:{_MONTHS})\.?,?\s+(?:of\s+)?\d{{4}}|"
    r"(?:"
    + "|".join(rf"(?<=\b{w} )" for w in ("in", "from", "during", "since", "after", "before", "of", "until"))
    + rf")(?:{_MONTHS})\b|"
    # "September papers?": a month that dates the papers named right after it ("may" is a verb)
    rf"(?!may\b)(?:{_MONTHS})\b(?=\s+(?:papers?|ones?|surveys?|works?|preprints?|submissions|uploads|additions)\b)"
)
_YEAR = r"(?:19|20)\d{2}"
_DATED_THINGS = (
    r"papers?|surveys?|works?|articles?|preprints?|entr(?:y|ies)|additions?|things?|stuff|"
    r"in (?:the|this) (?:corpus|collection)|here"
)
_DATED_VERBS = r"posted|published|added|released|uploaded|came out|appeared"
_SUPERLATIVE = {
    "most": True, "highest": True, "largest": True, "biggest": True, "longest": True, "greatest": True,
    "fewest": False, "least": False, "lowest": False, "smallest": False, "shortest": False,
}  # fmt: skip
# An order of dates asked for without "by date": "oldest first", "newest to oldest", "in
# chronological order" (a comma or "sorted" may lead in).
_IN_DATE_ORDER = re.compile(
    r"(?:,\s*|\b(?:sorted|ordered|listed|arranged)\s+(?:from\s+)?)?(?:"
    # ("oldest -> newest", "newest→oldest")
    r"(?P<down>newest|latest|most\s+recent)(?:\s+(?:ones?|papers?))?(?:\s+first|(?:\s+to\s+|\s*(?:-+>|\u2192|=>)\s*)oldest)|"
    r"(?:oldest|earliest)(?:\s+(?:ones?|papers?))?(?:\s+first|(?:\s+to\s+|\s*(?:-+>|\u2192|=>)\s*)(?:newest|latest))|"
    r"(?:in\s+)?chronological(?:ly|\s+order)?)\b"
)
# A sort asked for by its field: "top 5 papers by upvotes", "ranked by author count", "sorted by
# date, oldest first"; most (or newest) first unless the turn asks for the other end.
_SORTED_BY = re.compile(
    r"(?:\b(?:sort|rank|order|arrange)(?:ed)?\s+(?:[\w-]+\s+){0,2}?)?\bby\s+(?:the\s+|their\s+)?(?:"
    r"(?P<votes>up-?votes?|up-?vote\s+counts?|votes?|likes|popularity)|"
    r"(?P<authors>author\s+counts?|number\s+of\s+(?:co-?)?authors|(?:co-?)?authors?\s+counts?)|"
    r"(?P<date>dates?|recency|(?:publication|posting|release|submission)\s+dates?))(?![\w-])"
    r"(?:[\s,(-]*(?:(?P<up>ascending|asc\b|increasing|(?:lowest|fewest|least|oldest|earliest)(?:\s+(?:first|to))?)|"
    r"(?P<down>descending|desc\b|decreasing|(?:highest|most|newest|latest|most\s+recent)(?:\s+(?:first|to))?)))?"
)
# A superlative of likeness ("most like people's", "most similar to human raters"): no field.
_LIKENESS = re.compile(r"\s+(?:like|alike|similar|close|closest|resembl\w*|akin|human-like|humanlike)\b")
_COMPARATIVE = {
    "more": True, "higher": True, "larger": True, "bigger": True, "fewer": False, "less": False,
    "lower": False, "smaller": False, "longer": True, "shorter": False,
}  # fmt: skip
_DATE_SUPERLATIVE = {
    "newest": True, "latest": True, "most recent": True, "most recently": True, "last": True, "recent": True,
    "oldest": False, "earliest": False, "first": False,
}  # fmt: skip
# "most people regard X as wiser", "what most people want": a majority of people, not a sort by
# author count ("the paper with the most people on it" keeps its "the").
_MOST_PEOPLE = re.compile(r"(?<!\bthe )most\s+people\b", re.I)
# "does the first paper report MT-Bench?", "did the last one use RL?": a yes/no question asked of
# a list's first or last row, not a request to sort by date (which asks "which is the first …").
_ASKED_OF_ROW = re.compile(
    r"^\W*(?:(?:and|so|ok|okay)\W+)?(?:does|did|do|is|was|has|had|can|could|will|would)\s+the\s*$", re.I
)
# What a metadata question says that is neither a field, a value nor its topic.
_FILLER = frozenset(
    """a an the of in on at to for from by with and or is are was were be been has have had do does did
    which what whats who whom when how many much any anything there here this these that those it its
    papers paper one ones show me list give tell find get all every corpus collection listing listings page pages
    dataset set in here ones count number total got get gets each some other than please pls
    came come out posted published released dated date day days month year years period since
    before after between during until till earlier later s i we you your our my among exactly exact precise
    just only least at more most fewer less new newest old oldest recent latest earliest
    upvoted upvotes votes likes authors author people did do about regarding concerning top
    organization organisation organizations organisations org orgs lab labs institution institutions
    affiliation affiliations instead rather listed lists publish release post know like would want
    wich wat whcih single team teams big-team large-team very restrict restricted limit narrow down
    two three four five six both share shares sharing across overall altogether entire whole if add up
    skip skipping ignore ignoring exclude excluding name names""".split()
)


_IN_THE_TITLE = re.compile(
    # ("with 'deception' or 'deceptive' in its title": either word, each quoted)
    r"\b(?:with|having|containing|that\s+(?:have|has)|(?<=papers\s)have|(?<=paper\s)has)\s+"
    r"(?:the\s+(?:words?|terms?|phrases?)\s+)?['\"\u2018\u201c]?"
    r"([\w-]+\*?(?:['\"\u2019\u201d]?\s+(?:(?:and|or)\s+)?['\"\u2018\u201c]?[\w-]+\*?){0,2}?)['\"\u2019\u201d]?"
    r"\s+in\s+(?:the|its|their)\s+titles?\b|"
    # ("how many paper titles contain the word 'Survey'?", "which titles mention diffusion?")
    r"\b(?:whose|paper|papers'?|which|what|the)\s+titles?\s+(?:mentions?|contains?|includes?|has|have|says?|uses?)\s+"
    r"(?:the\s+(?:word|term|phrase)\s+)?['\"\u2018\u201c]?"
    r"([\w-]+(?:\s+[\w-]+){0,2}?)['\"\u2019\u201d]?(?=\s*(?:[?.!,]|$|\s+(?:has|have|had|got|gets|is|was|and)\b))",
    re.I,
)
# Question words typed in a hurry ("wich paper has the most upvotes"): the parser's patterns
# are written with the right spelling.
_QUESTION_WORD_TYPOS = {
    "wich": "which",
    "whcih": "which",
    "whch": "which",
    "wat": "what",
    "waht": "what",
    "hw": "how",
}
_QUESTION_WORD_TYPO = re.compile(r"\b(?:" + "|".join(_QUESTION_WORD_TYPOS) + r")\b")
_MONTH_NAMES = "january february march april may june july august september october november december".split()
# A word before a year or a day that may be a month's name misspelled ("januray 2025", "feburary 3")
_MONTH_SHAPED = re.compile(r"\b([a-z]{5,9})(?=\s+(?:\d{1,2}(?:st|nd|rd|th)?\b|(?:19|20)\d\d\b))")


def _month_spelled(match: re.Match[str]) -> str:
    """The month a word one or two letters off a month's name stands for ("januray", "feburary",
    "septmber"); the word as it is otherwise."""
    word = match.group(1)
    if word in _MONTH_NAMES or english.common(word):
        return word
    close = [
        month
        for month in _MONTH_NAMES
        if len(month) >= 5 and OSA.distance(word, month) <= (1 if len(month) < 7 else 2)
    ]
    return close[0] if len(close) == 1 else word


_LISTING = re.compile(
    r"\b(?:papers?|articles?|works?|preprints?|surveys?|reviews?|anything|everything|stuff|entries|posted|published|released|"
    r"came out|come out|appeared|dated|added|uploaded|listed|corpus|collection|here|new|what (?:was|were|is|came)|what'?s|"
    # "what do we have from 2023?", "what have you got from March?"
    # ("what did we add on 2025-10-23?": the papers the group put on its list)
    r"what (?:do|does|did) (?:we|you|it|they) (?:have|hold|got|get|add|post|upload)|what (?:have|has) (?:we|you|it) (?:got|added)|"
    # "list the jan 2025 ones", "which ones are from Oct 23rd '25"
    r"(?:list|show|give)\b.*\bones|which\s+ones)\b"
)


# A count asked of nothing named: "give me the count", "the total?"; not "count of tokens".
_BARE_COUNT = re.compile(r"\b(?:count|total|number)\b(?!\s+(?:of|for)\b)")


_WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEKDAYS = (
    r"mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs(?:day)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?"
)
# A day of the week as when papers were dated: "on a Sunday", "on Saturdays", "at the weekend",
# "on weekdays" ("Sunday" alone may be a name or a thing, and is not read)
_ON_WEEKDAY = re.compile(
    # ("on the Friday of that same week" is one day, relative to another)
    r"\b(?:(?:on|during)\s+(?:an?\s+|the\s+)?(?P<day>monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?"
    r"(?!\s+(?:of|after|before)\b)|"
    r"(?:on|at|over|during)\s+(?:an?\s+|the\s+)?(?P<span>weekends?|weekdays?))\b",
    re.I,
)
# Nothing but what happened on the date cut from it: "what dropped on 18/12/2024?", "what
# landed in March 2024?"
_WHAT_ON_A_DAY = re.compile(r"^\W*(?:what|anything)\s+(?:[a-z]+\s+)?[a-z]+\s*[?.!]*\s*$")


_QUARTERS = {
    "1": ("january", "march"),
    "2": ("april", "june"),
    "3": ("july", "september"),
    "4": ("october", "december"),
}


# "Q1 2024", "q1 of 2024", "2024 Q1", "2024-q1", "the first / 1st quarter of 2024", "in Q1" (no
# year: the capture year, as for a month).
_QUARTER_ORDINALS = {
    "first": "1", "1st": "1", "second": "2", "2nd": "2", "third": "3", "3rd": "3",
    "fourth": "4", "4th": "4", "last": "4", "final": "4",
}  # fmt: skip
_QUARTER = re.compile(
    r"\bq(?P<number>[1-4])(?:\s+of\s+|\s*[-/]\s*|\s+)(?P<year>\d{4})\b|"
    r"\b(?P<before>\d{4})\s*[-/]?\s*q(?P<after>[1-4])\b|"
    r"(?:(?<=\bin )|(?<=from )|(?<=during ))q(?P<bare>[1-4])\b|"
    r"\b(?:the\s+)?(?P<ordinal>first|second|third|fourth|last|final|1st|2nd|3rd|4th)\s+quarter\b"
    r"(?:\s+(?:of|in)\s+(?:the\s+year\s+)?(?P<year2>\d{4})\b)?"
)


# "which one", "which paper", "which of them": the one of two papers a comparison asks for
_ONE = r"(?:\s+(?:one|paper|of\s+(?:them|the\s+two|these|those)))?"
# "which is newer, X or Y?", "which came out first, X or Y?": the two papers' dates compared. The
# word is what "which" asks, a few words on ("which of the two came out first"), not one of a
# description ("which papers show ... lose it through later fine-tuning or self-evolution").
_DATE_COMPARISON = re.compile(
    r"\b(?:which|what|who)\b(?:\s+[\w'-]+){0,5}?\s+(?P<word>newer|older|more recent(?:ly)?|earlier|later|first|last)\b"
    r"\s*[:,]?\s*"
    r"(?P<a>.+?)\s+(?:or|vs\.?|versus)\s+(?P<b>.+?)\s*[?.!]*\s*$"
)
# ... with the two papers first: "RAFT vs PRO: which came out first?"
_DATE_COMPARISON_AFTER = re.compile(
    # (not a set: "Of the papers about medicine or clinical care, which one was posted first?")
    r"^(?!\s*(?i:of|among|from|in|out\s+of)\s+(?:the\s+|all\s+(?:the\s+)?|these\s+|those\s+)?(?:[\w-]+\s+)?"
    r"(?:papers|ones|works|studies|preprints)\b)\s*(?P<a>.+?)\s+(?:or|vs\.?|versus)\s+(?P<b>.+?)\s*[-\u2013\u2014:,?]*\s+(?:which|what|who)\b"
    + _ONE
    + r"[^?.!]*?\b(?P<word>newer|older|more recent(?:ly)?|earlier|later|first|last)\b\s*[?.!]*\s*$"
)
# Days counted back from the corpus's newest date ("what's new this week?").
RELATIVE_DAYS = re.compile(
    r"\b(?:today|yesterday|this\s+(?:week|month)|(?:last|past|previous)\s+(?:week|month|(\d{1,3})\s+days)|"
    r"(?:in\s+)?the\s+(?:last|past)\s+(?:week|month|(\d{1,3})\s+days)|"
    # "the last 3 months", "past two weeks"
    r"(?:in\s+)?(?:the\s+)?(?:last|past|previous)\s+(\d{1,2}|two|three|four|five|six|eight|ten|twelve)\s+"
    # "today's moral blind spots": the present, not a date ("today's papers" are the day's)
    r"(weeks|months))\b(?!['\u2019]s(?!\s+(?:papers?|preprints?|listings?|batch|uploads?|arrivals)\b))"
    # ("the last week of May", "the last week of 2024" are a part of that month, that year)
    r"(?!\s+of\s+(?:the\s+)?(?:" + _MONTHS + r"|that|this|the|(?:19|20)\d\d)\b)",
    re.I,
)
# "anything else posted the same day?", "which papers came out the same day?": others sought
# (not "were X and Y released on the same day?", two papers compared).
_ANOTHER_THE_SAME_DAY = re.compile(
    # ("is anything in the corpus newer than it?")
    r"^\W*(?:(?:is|are|was|were)\s+(?=any))?(?:anything|any|what|which|other|others|is there|are there|was there|"
    r"were there|papers?|show|list|"
    r"how\s+many)\b|\b(?:else|others?)\b|"
    # "was that the only paper posted that month?": whether any other was
    r"\bthe\s+only\s+(?:one|paper)\b"
)
# What is new, asked of the corpus ("what's new?", "anything new in here on DPO?", "any new
# papers?"), not a new thing of a topic ("is there a new benchmark for web agents?").
_NEW_ASKED = re.compile(
    r"^\s*(?:(?:so|ok|okay|hey|hi)\W+)?(?:(?:what'?s|whats|what\s+is|anything|any(?:thing)?|something|got\s+anything)\s+"
    r"new|(?:any\s+)?new(?=\s+(?:papers?|preprints?|arrivals|uploads)\b)|"
    # "what's the latest on DPO?", "whats newest on reward models": that topic's newest papers
    r"(?:what'?s|whats|what\s+is)\s+(?:the\s+)?(?:newest|latest|most\s+recent)(?=\s+(?:on|about|in|regarding)\s+\w))"
    r"(?:\s+(?:papers?|preprints?|work|research|stuff|arrivals|uploads))?(?:\s+(?:in\s+here|here|in\s+the\s+corpus))?"
    r"(?:\s+(?:on|about|in|for|regarding)\b|(?=\s*(?:[?.!]|$)))",
    re.I,
)
# A sentence that dates a paper loosely, then a question of "that day": "Vision-R1 went up sometime
# in March. did anything else get posted that exact same day?", "X was released on some day in
# March - which other paper shares that exact date?"
_TOLD_DAY_THEN_ASKED = re.compile(
    r"^\s*(?P<paper>\S+(?:\s+\S+){0,7}?)\s+(?:was\s+|were\s+|got\s+)?"
    rf"(?:{_DATED_VERBS}|dated)\b[^.;!?\u2014\u2013]*?(?:[.;!\u2014\u2013]|\s-)\s+"
    r"(?P<asked>[^.;!?]*?(?P<day>\b(?:that|the)\s+(?:exact\s+|very\s+|same\s+)*(?:day|date)\b)[^.;!?]*?\?)\s*$"
)
# A number of days, weeks or months after, before or around a paper's day.
_WINDOW_OF_PAPER = re.compile(
    r"\b(?:(?:in|within|during)\s+(?:the\s+)?(?:first\s+)?(?P<n>\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+|"
    # "from the day after X", "in the week before X": one of them
    r"(?:(?:on|from|in|during)\s+)?the\s+(?:very\s+)?(?=(?:day|week)\s+(?:after|before)\s))"
    # ("within a week (either side) of X": a bracket that says which way)
    r"(?P<unit>days?|weeks?|months?)(?:\s*\((?P<side>[^()]*)\))?\s+(?P<rel>after|before|of|around|either\s+side\s+of)\s+(?P<paper>.+?)"
    r"(?:\s+(?:was|were|came|got)\s+(?:posted|published|released|out))?"
    # ("within a week of it either side?": around it)
    r"(?:\s+(?:on\s+)?(?:either|each|both)\s+sides?|\s+before\s+or\s+after)?\s*[?.!]*\s*$",
    re.I,
)
_UNIT_DAYS = {"day": 1, "wee": 7, "mon": 30}
_MOST_AUTHORS = 1000  # more "people" than any author list has are a study's participants
# What leaves papers out, right before the papers it says: "skip the ones that", "ignoring papers"
_LEFT_ASIDE = re.compile(
    r"\b(?:skip(?:ping)?|ignor(?:e|ing)|exclud(?:e|ing)|leav(?:e|ing)\s+out|drop(?:ping)?|except(?:\s+for)?|"
    r"not\s+counting|without\s+counting|disregard(?:ing)?|minus)\s+(?:the\s+|any\s+|all\s+)?"
    r"(?:ones|papers|those|entries)?(?:\s+(?:that|which|with))?\s*$",
    re.I,
)
# ... or after it: "papers without a date should simply be left out of the count"
_LEFT_OUT_AFTER = re.compile(
    r"^\s*(?:(?:should|shall|can|could|may|must|will|are|is|to|be|simply|just|all|then)\s+)*"
    r"(?:left\s+out|ignored|excluded|skipped|dropped|disregarded|omitted|not\s+counted)\b",
    re.I,
)
# Papers without a field: "no upvotes listed", "don't list an author count"
_WITHOUT_FIELD = re.compile(
    r"\b(?:no|without|missing|lack(?:ing|s)?|(?:do|does|did)(?:n't|nt|\s+not)\s+(?:list|give|show|state|have)"
    r"(?:\s+(?:their|its|the))?)\s+(?:an?\s+|any\s+)?(?:known\s+|listed\s+)?"
    r"(?P<field>upvote\s+counts?|upvotes?|votes?|author\s+counts?|authors?|(?:posting\s+|publication\s+|release\s+)?dates?)\b"
)
# ... or said of the field: "whose upvote count is unknown", led by what leaves them out
_FIELD_UNKNOWN = re.compile(
    r"(?P<aside>\b(?:please\s+)?(?:leav(?:e|ing)\s+out|skip(?:ping)?|ignor(?:e|ing)|exclud(?:e|ing)|drop(?:ping)?)\s+"
    r"(?:the\s+|any\s+|all\s+)?(?:papers|ones|those|entries)\s+)?"
    r"\b(?:whose|where\s+the|with\s+the|with\s+an?)\s+"
    r"(?P<field>upvote\s+counts?|upvotes?|author\s+counts?|(?:posting\s+|publication\s+|release\s+)?dates?)\s+"
    r"(?:is|are|was|were)\s+(?:unknown|missing|not\s+(?:known|listed|given|shown)|blank|empty)\b"
)
# A question that asks of papers, or of an author count, where "6 people" are authors
_OF_PAPERS = re.compile(
    r"\b(?:authors?|co-?authors?|author\s+(?:list|count)|papers?|works?|ones?|preprints?|stud(?:y|ies)|articles?|"
    r"entr(?:y|ies)|abstracts?|reports?|surveys?|written|wrote|authored|byline|team|listing|listed|which|any|anything)\b",
    re.I,
)
# ... or the day or week next to the thread's paper's, ending the question: "what was posted the
# following day?", "anything from the week before?"
_NEXT_OF_THREAD = re.compile(
    r"\b(?:(?:on|in|during|from)\s+)?the\s+(?:very\s+)?(?:(?P<next>following|next|previous|prior)\s+(?P<unit>day|week)|"
    r"(?P<unit2>day|week)\s+(?P<rel>after|before))\s*[?.!]*\s*$",
    re.I,
)
# Words before "the day after X" that ask for papers ("what did they do the day after training?"
# asks no such thing)
_ASKS_PAPERS_DATED = re.compile(
    r"\b(?:papers?|anything|any|everything|what\s+(?:came|was|were|got)|posted|published|released|out|dated)\b"
)
# Words before "posted after X" that ask for papers; more describe one paper ("… a defense
# prompt which is added before generation").
_ASKING_WORDS = 8
# Papers dated after or before a paper the question names ("posted after the alignment faking
# paper", "newer than URIAL", "anything published before PARL?"); a date there is read above.
_RELATIVE_TO_PAPER = re.compile(
    r"(?:\b(?:posted|published|released|dated|uploaded|appeared|came\s+out|come\s+out|papers|works|ones)\s+"
    r"(?:(?P<after>after|since)|before|prior\s+to)|\b(?P<than>newer|later|more\s+recent|older|earlier)\s+than)"
    r"\s+(?P<paper>[^?.!]*?\S)\s*[?.!]*\s*$",
    re.I,
)
# The paper dated next after (or last before) a paper: "which paper comes next chronologically
# after it?", "what was posted right after RAFT?", "the one just before URIAL?"
_NEXT_TO_PAPER = re.compile(
    r"\b(?:(?:comes?|came|is|was|went\s+up|(?:got\s+)?posted|published|dated)\s+)?"
    r"(?:(?P<next>next(?:\s+(?:chronologically|in\s+time|by\s+date))?\s+after|(?:right|just|immediately|directly)\s+after)|"
    r"(?:right|just|immediately|directly)\s+before|last\s+before)"
    r"\s+(?P<paper>[^?.!]*?\S)\s*[?.!]*\s*$",
    re.I,
)
# Papers with a count above or below a paper's: "more authors than URIAL", "fewer upvotes than
# the MJ-Bench paper" (the paper, to the question's end).
_MORE_THAN_PAPER = re.compile(
    r"\b(?:(?P<more>more|fewer|less|higher|lower)\s+(?:(?:number\s+of|count\s+of)\s+)?"
    r"(?:(?P<authors>authors|co-?authors|people)|upvotes|votes|likes)|"
    # "a longer author list than that", "a smaller author count than URIAL"
    r"(?P<list>longer|bigger|larger|shorter|smaller)\s+(?:author|authors)\s+(?:list|count))"
    r"\s+than\s+(?P<paper>[^?.!]*?\S)\s*[?.!]*\s*$",
    re.I,
)
# A `same_span` that bounds a count by the anchor paper's: (field, comparison).
COUNT_BOUNDS = {
    "more authors": ("author_count", "gt"),
    "fewer authors": ("author_count", "lt"),
    "more upvotes": ("upvotes", "gt"),
    "fewer upvotes": ("upvotes", "lt"),
    "same authors": ("author_count", "eq"),
    "same upvotes": ("upvotes", "eq"),
    "least authors": ("author_count", "ge"),  # "at least that many authors"
    "least upvotes": ("upvotes", "ge"),
    "most authors": ("author_count", "le"),  # "at most that many authors"
    "most upvotes": ("upvotes", "le"),
}
# A paper dated as another one is, which the question asks for: "Vision-R1 went up on the same day
# as another paper. Which one?"
_SAME_AS_ANOTHER = re.compile(
    # ("was the alignment faking paper posted on the same day as any other paper here?")
    rf"^\s*(?:(?:was|were|is|did)\s+)?(?P<paper>.+?)\s+(?:was\s+|were\s+|got\s+)?(?:{_DATED_VERBS}|dated)\s+"
    r"(?:on\s+|in\s+)?the\s+same\s+"
    r"(?P<span>day|date|month|year)\s+as\s+(?:another|some(?:\s+other)?|a\s+different|one\s+other|other|any(?:\s+other)?)"
    r"(?:\s+(?:paper|one|work|preprint)s?)?\b"
)
# A year written with two digits after a month or a day: "Jan '24", "Oct 23rd '25", "dec. '23".
_SHORT_YEAR = re.compile(rf"\b((?:{_MONTHS})\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?,?)\s+['\u2018](\d{{2}})\b")
# A place in a sort other than the first: "the second newest", "3rd most upvoted".
_RANKS = {"second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5, "5th": 5}
_RANKED = re.compile(
    r"\b(" + "|".join(_RANKS) + r")[- ]?(?=(?:most|least|highest|lowest|fewest|biggest|largest|smallest|"
    r"longest|shortest|newest|latest|oldest|earliest|recent|upvoted)\b)"
)
# ... or by the count sorted on: "second by author count", "third in upvotes"
_PLACED_BY = re.compile(
    r"\b("
    + "|".join(_RANKS)
    + r")(?:\s+place)?\s+(?=(?:by|in|on|for)\s+(?:the\s+)?(?:number\s+of\s+|count\s+of\s+)?"
    r"(?:authors?|author\s+count|co-?authors|upvotes?|votes|upvote\s+count|likes)\b)"
)
# Papers with a paper's count: "which other papers have exactly that many authors?", "any with
# the same number of upvotes as MJ-Bench?" (the paper, to the question's end; none: the thread's)
_AS_MANY_AS_PAPER = re.compile(
    # ("at least that many authors": that count or more)
    r"\b(?:(?:exactly\s+|(?P<bound>at\s+least|at\s+most|no\s+fewer\s+than|no\s+more\s+than)\s+)?(?:that|as)\s+many|"
    r"the\s+same\s+(?:number\s+of|count\s+of|amount\s+of)?)\s*"
    r"(?:(?P<authors>authors|co-?authors|people|author\s+count)|upvotes|votes|likes|upvote\s+count)"
    r"(?:\s+as\s+(?P<paper>[^?.!]*?\S))?\s*[?.!]*\s*$",
    re.I,
)
_SMALL_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "eight": 8, "ten": 10, "twelve": 12}


# Words before "today" that ask for what is dated then ("what was posted today?", "anything new
# today", "papers from today"); elsewhere "today" is the present ("where we stand today").
_DATED_TODAY = re.compile(
    r"(?:^\W*|\b(?:posted|published|released|out|new|added|uploaded|papers?|came|anything|arrivals|listed|up|"
    r"dated|from|for|of|what|any|stuff|uploads?|preprints?|so\s+far|in)\s*)$"
)


def _relative_days(text: str, day: dt.date) -> str:
    """ "this week" -> "between <day - 6> and <day>", "last month" -> "in <month before day's>", …"""

    def span(first: dt.date, last: dt.date) -> str:
        return f" between {first.isoformat()} and {last.isoformat()} "

    def replace(match: re.Match[str]) -> str:
        phrase = " ".join(match.group(0).lower().split())
        days = match.group(1) or match.group(2)
        if days:
            return span(day - dt.timedelta(days=max(1, int(days)) - 1), day)
        if match.group(3):
            count = max(1, int(_SMALL_NUMBERS.get(match.group(3).lower(), match.group(3))))
            if match.group(4).lower() == "weeks":
                return span(day - dt.timedelta(days=7 * count - 1), day)
            # whole months back: "the last 3 months" on 2025-12-02 is from 2025-09-03
            month = day.month - count
            year = day.year + (month - 1) // 12
            month = (month - 1) % 12 + 1
            last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
            return span(dt.date(year, month, min(day.day, last)) + dt.timedelta(days=1), day)
        if phrase == "today":
            lead = match.string[max(0, match.start() - 40) : match.start()]
            if not (_DATED_TODAY.search(lead) or match.string[match.end() :].startswith("'")):
                return match.group(0)  # "where we stand today": the present, no day asked
            return f" on {day.isoformat()} "
        if phrase == "yesterday":
            return f" on {(day - dt.timedelta(days=1)).isoformat()} "
        if phrase == "this month":
            return f" in {day.strftime('%B %Y').lower()} "
        if phrase in ("last month", "previous month"):
            before = day.replace(day=1) - dt.timedelta(days=1)
            return f" in {before.strftime('%B %Y').lower()} "
        if phrase in ("last week", "previous week"):
            return span(day - dt.timedelta(days=13), day - dt.timedelta(days=7))
        if phrase.endswith("month"):  # "the past month"
            return span(day - dt.timedelta(days=29), day)
        return span(day - dt.timedelta(days=6), day)  # "this week", "the past week"

    def last_named(match: re.Match[str]) -> str:
        # "last December" on 2025-12-02: the latest December before this month, December 2024
        month = _MONTH_NUMBER[match.group(1).lower()[:3]]
        year = day.year if month < day.month else day.year - 1
        return f" in {dt.date(year, month, 1).strftime('%B %Y').lower()} "

    text = LAST_MONTH_NAMED.sub(last_named, text)
    return RELATIVE_DAYS.sub(replace, text)


# "last December", "this past March": a month named without its year, the latest one gone by
# (not "last December 2024", which gives it).
LAST_MONTH_NAMED = re.compile(
    rf"\b(?:in\s+|from\s+|during\s+)?(?:last|this\s+past|past|previous)\s+({_MONTHS})\b\.?(?!,?\s*(?:'?\d))",
    re.I,
)


# Days of the year called by a name: the day each names (a date the parser reads).
_NAMED_DAYS = {
    "christmas eve": "december 24",
    "christmas": "december 25",
    "new year's eve": "december 31",
    "new year": "january 1",
    "valentine": "february 14",
    "halloween": "october 31",
}
_NAMED_DAY = re.compile(
    r"\b(?P<name>christmas\s+eve|(?:christmas|xmas)(?:\s+day)?|new\s+year'?s\s+eve|new\s+year'?s?(?:\s+day)?|"
    r"(?:st\.?\s+|saint\s+)?valentine'?s?(?:\s+day)?|halloween)(?P<year>\s+(?:19|20)\d{2})?\b",
    re.I,
)


def _named_day_key(name: str) -> str:
    lowered = " ".join(name.lower().replace("xmas", "christmas").split())
    if lowered.startswith("christmas"):
        return "christmas eve" if lowered.endswith("eve") else "christmas"
    if lowered.startswith("new year"):
        return "new year's eve" if lowered.endswith("eve") else "new year"
    return "valentine" if "valentine" in lowered else "halloween"


_ORDINAL_UNITS = "first second third fourth fifth sixth seventh eighth ninth".split()
_DAY_ORDINALS = {word: n for n, word in enumerate(_ORDINAL_UNITS, 1)} | {
    word: n
    for n, word in enumerate(
        "tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth "
        "twentieth".split(),
        10,
    )
}
_DAY_ORDINALS |= {
    f"twenty{joint}{word}": 20 + n for n, word in enumerate(_ORDINAL_UNITS, 1) for joint in ("-", " ")
}
_DAY_ORDINALS |= {"thirtieth": 30, "thirty-first": 31, "thirty first": 31}
_DAY_ORDINAL_WORDS = "|".join(sorted(_DAY_ORDINALS, key=len, reverse=True))


def _day_in_digits(match: re.Match[str]) -> str:
    word = match.group("ord") or match.group("ord2")
    return re.sub(rf"(?:the\s+)?{word}", f"{_DAY_ORDINALS[word]}th", match.group(0), count=1)


_DAY_ORDINAL = re.compile(
    rf"\b(?:the\s+)?(?P<ord>{_DAY_ORDINAL_WORDS})\s+of\s+(?:{_MONTHS})\b|"
    rf"\b(?:{_MONTHS})\.?\s+(?:the\s+)?(?P<ord2>{_DAY_ORDINAL_WORDS})\b"
)


# A weekday written beside a day it names: after it in brackets, or before it.
_WEEKDAY_BESIDE_DAY = re.compile(
    rf"(?<=\d)\s*\((?:{_WEEKDAYS})\.?\)|\b(?:{_WEEKDAYS})\.?,?\s+(?=(?:the\s+)?(?:{_DAY_FORMS}))", re.I
)
# A date in numbers with its year last: "15/03/2025", "03/15/2025", "14.03.2024".
_NUMERIC_DATE = re.compile(r"(?<![\d/.])(\d{1,2})([/.])(\d{1,2})[/.]((?:19|20)\d{2})\b")


def _normalise_dates(text: str, default_year: int) -> str:
    """Date forms rewritten into ones the parser reads: 2025/03/23 -> 2025-03-23, "Q1 2025" ->
    "between january 2025 and march 2025", "this year" / "last year" -> the capture year / the
    one before it."""
    text = re.sub(r"\b(\d{4})/(\d{1,2})/(\d{1,2})\b", r"\1-\2-\3", text)
    # "15/03/2025", "03/15/2025", "01.04.2025": day and month in the order one of the question's
    # dates shows (a first number over 12 is a day); else day first with dots, as written in
    # Europe, and month first with slashes
    # "3/23/25": a year in two digits, with slashes, is this century's
    text = re.sub(r"(?<![\d/.])(\d{1,2})/(\d{1,2})/(\d{2})(?![\d/])", r"\1/\2/20\3", text)
    numeric = _NUMERIC_DATE.findall(text)
    day_first = not any(int(second) > 12 for _, _, second, _ in numeric) and any(
        int(first) > 12 or mark == "." for first, mark, _, _ in numeric
    )

    def iso(match: re.Match[str]) -> str:
        first, _, second, year = match.groups()
        day, month = (int(first), int(second)) if day_first else (int(second), int(first))
        return f"{year}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else match.group(0)

    text = _NUMERIC_DATE.sub(iso, text)
    # "300,000 people": one number (its "000" is no count of its own)
    text = re.sub(r"\b(\d{1,3})((?:,\d{3})+)\b", lambda m: m.group(1) + m.group(2).replace(",", ""), text)
    # "since the start of October 2025": since October 2025 (not since a paper called "the start")
    text = re.sub(
        r"\b(?:since|after)\s+the\s+(?:very\s+)?(?:start|beginning)\s+of\s+", "since ", text, flags=re.I
    )
    # "2025-04-07 (Mon)", "Sun 13 April": a weekday beside a day only repeats it
    text = _WEEKDAY_BESIDE_DAY.sub(" ", text)
    # "what went up on May 16?", "anything go live this week": put online, as "posted" reads (not
    # "its upvotes went up")
    text = re.sub(
        r"(?<!vote )(?<!votes )\b(?:(?:went|go(?:es)?|gone|going)\s+(?:up|online|live)|(?:put|puts)\s+(?:up|online)|"
        # ("which other papers are coming out in june 2024?")
        r"coming\s+out)\b",
        "posted",
        text,
    )
    # "July '23", "since '24": a year's last two digits after an apostrophe
    text = re.sub(
        r"(?<![\w'\u2019])['\u2019](\d{2})\b(?!['\u2019])",
        lambda m: f"{'20' if int(m.group(1)) <= 50 else '19'}{m.group(1)}",
        text,
    )
    # "03/2025", "3/2025": a month and its year, as "2025-03" reads
    text = re.sub(
        r"(?<![\d/])(0?[1-9]|1[0-2])/((?:19|20)\d{2})\b",
        lambda m: f"{m.group(2)}-{int(m.group(1)):02d}",
        text,
    )
    # "Christmas 2023", "Valentine's Day": a day of the year called by its name
    text = _NAMED_DAY.sub(
        lambda m: _NAMED_DAYS[_named_day_key(m.group("name"))] + (m.group("year") or ""), text
    )
    # "the fourteenth of March", "March the first": a day's ordinal in words, as digits
    text = _DAY_ORDINAL.sub(_day_in_digits, text)
    # "between June and August 2023": the year written once holds for both months (none: the
    # capture year's)
    text = re.sub(
        rf"\bbetween\s+({_MONTHS})\.?\s+and\s+({_MONTHS})\b\.?(?:,?\s+({_YEAR}))?(?![\w-]|\s+\d)",
        lambda m: (
            f"between {m.group(1)} {m.group(3) or default_year} and {m.group(2)} {m.group(3) or default_year}"
        ),
        text,
    )
    # "Oct-Dec 2023", "jan–mar": a range of months, as "october to december 2023" reads
    text = re.sub(rf"\b({_MONTHS})\s*[-\u2013\u2014]\s*({_MONTHS})\b", r"\1 to \2", text)
    # "came out Jan through June 2025", "in jan to june": two months, the year written once (none:
    # the year the question gives elsewhere, as "the first half of 2023 (jan-jun)" does, or the
    # capture year's)
    written = re.findall(_YEAR, text)
    text = re.sub(
        rf"(?<!\d\s)\b(?:(?:from|in|during|between)\s+)?({_MONTHS})\.?\s+(?:to|through|thru|until|till)\s+"
        rf"({_MONTHS})\b\.?(?:,?\s+({_YEAR}))?(?![\w-]|\s+\d)",
        lambda m: (
            f"between {m.group(1)} {m.group(3) or (written or [default_year])[-1]} "
            f"and {m.group(2)} {m.group(3) or (written or [default_year])[-1]}"
        ),
        text,
    )
    # "the first half of this year", "early last year": the year as digits, for the part of it
    text = re.sub(
        r"\b(of|early|late|mid-?|summer|spring|autumn|fall)\s+this\s+year\b", rf"\1 {default_year}", text
    )
    text = re.sub(
        r"\b(of|early|late|mid-?|summer|spring|autumn|fall)\s+last\s+year\b", rf"\1 {default_year - 1}", text
    )

    def quarter(match: re.Match[str]) -> str:
        named = match.group("number") or match.group("after") or match.group("bare") or match.group("ordinal")
        number = _QUARTER_ORDINALS.get(named, named)
        year = match.group("year") or match.group("before") or match.group("year2") or str(default_year)
        first, last = _QUARTERS[number]
        return f" between {first} {year} and {last} {year} "

    text = _QUARTER.sub(quarter, text)
    # "the week before Christmas 2024, i.e. 14-20 Dec": a range of days, the year written
    # elsewhere (none: the parser's default)
    text = _DAY_RANGE.sub(lambda match: _day_range(match, written[-1] if written else None), text)
    # "the end of that February": the month named before
    text = re.sub(rf"\bthat\s+(?=(?:{_MONTHS})\b)", "", text)
    # ("the last week of 2024": the last week of its December; "the first two weeks of 2025")
    text = _WEEKS_OF_YEAR.sub(
        lambda m: f"{m.group(1)} {'january' if m.group(2).lower() == 'first' else 'december'} {m.group(3)}",
        text,
    )
    text = _PART_OF_MONTH.sub(lambda match: _part_of_month(match, default_year), text)
    # "between Feb 14 and the end of February 2024": a range ending where the period ends
    text = re.sub(
        r"(\b(?:between|from)\s+(?:(?!\b(?:and|to|until|till|through|thru)\b)[^,;?])*?\S)\s+"
        r"(and|to|until|till|through|thru)\s+between\s+\S+\s+and\s+",
        r"\1 \2 ",
        text,
    )
    text = _WEEK_OF.sub(lambda match: _week_of(match, default_year), text)
    text = _DAYS_BESIDE.sub(lambda match: _days_beside(match, default_year), text)
    text = _HALF_OF_YEAR.sub(_half_of_year, text)
    text = _SEASON.sub(lambda match: _season(match, default_year), text)
    # "late 2023", "mid-2024", "early 2025": a third of the year (January-April, May-August,
    # September-December); a bound takes the end it means ("since early 2024": January)
    text = _THIRD_OF_YEAR.sub(_third_of_year, text)
    # ... with no word before it, opening the question or naming papers: "late 2024 stuff …"
    text = _BARE_THIRD_OF_YEAR.sub(
        lambda match: (
            f" between {_THIRDS[match.group('part')][0]} {match.group('year')} and "
            f"{_THIRDS[match.group('part')][1]} {match.group('year')} "
        ),
        text,
    )
    text = re.sub(r"\b(?:from |in |during )?this year\b", f" in {default_year} ", text)
    return re.sub(r"\b(?:from |in |during )?last year\b", f" in {default_year - 1} ", text)


# Days of one month written once for both ends: "between 1 and 15 October 2024", "1-15 Oct",
# "from October 1 to 15, 2024", "Oct 1-15", "from the 1st to the 20th of March".
_RANGE_WORD = r"\s*(?:-|\u2013|to|and|until|till|through|thru)\s*"
_DAY_RANGE = re.compile(
    rf"\b(?:between\s+|from\s+)?(?:(?:the\s+)?(?P<first>\d{{1,2}})(?:st|nd|rd|th)?{_RANGE_WORD}"
    rf"(?:the\s+)?(?P<last>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTHS})\.?|"
    rf"(?P<month2>{_MONTHS})\.?\s+(?P<first2>\d{{1,2}})(?:st|nd|rd|th)?{_RANGE_WORD}"
    rf"(?P<last2>\d{{1,2}})(?:st|nd|rd|th)?\b)(?:,?\s+(?P<year>\d{{4}}))?(?![\w-])"
)


def _day_range(match: re.Match[str], written_year: str | None = None) -> str:
    """ "1-15 October 2024" -> "between 1 october 2024 and 15 october 2024" (without a year, the
    one the question writes elsewhere, else left to the parser's default)."""
    month = match.group("month") or match.group("month2")
    start = match.group("first") or match.group("first2")
    end = match.group("last") or match.group("last2")
    year = match.group("year") or written_year
    year = f" {year}" if year else ""
    if int(start) > int(end) or int(end) > 31:
        return match.group(0)  # not a range of days ("3 to 2 …", "1-100 …")
    return f" between {start} {month}{year} and {end} {month}{year} "


# A month's number by its first three letters ("sept" -> 9).
_MONTH_NUMBER = {
    month: number for number, month in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)
}
# "the first week of January 2025", "early March", "the second half of December 2024".
_PART_OF_MONTH = re.compile(
    rf"\b(?:(?:in|during)\s+)?(?:the\s+)?(?:(?P<week>first|second|third|fourth|last|final)\s+"
    rf"(?:(?P<weeks>two|three|2|3)\s+weeks|week)|"
    rf"(?P<half>first|second)\s+half|(?P<part>early|mid|late|end))(?:\s+of|-)?\s+"
    rf"(?P<month>{_MONTHS})\.?(?:,?\s+(?P<year>\d{{4}}))?\b"
)
# ... of a year, at either end: "the last week of 2024" (of its December), unless a bracket after
# it gives the days ("the last week of 2024 (Dec 23-31)")
_WEEKS_OF_YEAR = re.compile(
    r"\b((?:the\s+)?(first|last|final)\s+(?:(?:two|three|2|3)\s+weeks|week)\s+of)\s+(?:the\s+year\s+)?((?:19|20)\d{2})\b"
    r"(?!\s*\([^()]*\d)"
)
_WEEK_OF = re.compile(
    rf"\b(?:(?:in|during)\s+)?(?:the\s+)?week\s+(of|starting|beginning)\s+(?:on\s+)?({_DAY_FORMS})",
    re.I,
)
_HALF_OF_YEAR = re.compile(
    r"\b(?:(?:in|during)\s+)?(?:the\s+)?(?:(first|second)\s+half\s+of|(h1|h2))\s+(\d{4})\b|\b(h1|h2)\s*[-']?\s*(\d{4})\b"
)
# A season ("this summer", "in spring 2024", "during the fall of 2023"): its three months, in the
# northern hemisphere. Bound to a year or to "this"/"in"/"during" ("prices fall" is no season);
# winter, which spans two years, is left as written.
_SEASON = re.compile(
    r"\b(?:(?:in|during|over|from)\s+(?:the\s+)?(?:(?P<this>this)\s+)?|(?P<this2>this)\s+)?"
    r"(?P<season>spring|summer|fall|autumn)(?:\s+(?:of\s+)?(?P<year>(?:19|20)\d{2}))?\b"
)
_SEASON_MONTHS = {"spring": ("march", "may"), "summer": ("june", "august"), "fall": ("september", "november")}


def _part_of_month(match: re.Match[str], default_year: int) -> str:
    """ "the first week of january 2025" -> " between 2025-01-01 and 2025-01-07 " """
    year = int(match.group("year") or default_year)
    month = _MONTH_NUMBER[match.group("month")[:3]]
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    week = match.group("week")
    weeks = {"two": 2, "2": 2, "three": 3, "3": 3}.get(match.group("weeks") or "", 1)
    if week:
        # ("the last two weeks of December": its last fourteen days)
        start = {"first": 1, "second": 8, "third": 15, "fourth": 22}.get(week, last - 7 * weeks + 1)
        first_day, last_day = start, min(last, start + 7 * weeks - 1)
    elif match.group("half"):
        first_day, last_day = (1, 15) if match.group("half") == "first" else (16, last)
    else:  # early: the first ten days, mid: the next ten, late / the end: the rest
        first_day, last_day = {"early": (1, 10), "mid": (11, 20)}.get(match.group("part"), (21, last))
    return f" between {dt.date(year, month, first_day)} and {dt.date(year, month, last_day)} "


def _week_of(match: re.Match[str], default_year: int) -> str:
    """ "the week of 2024-12-16" -> " between 2024-12-16 and 2024-12-22 ": the week, Monday to
    Sunday, that holds the day ("the week of Christmas 2024" starts on Monday the 23rd); "the
    week starting 18 Dec" counts from the day itself. A phrase that is not a day is left as
    written."""
    parsed = _parse_day(match.group(2), default_year)
    if parsed is None or parsed[0] != "day":
        return match.group(0)
    if _RANGE_END.match(match.string, match.end()):
        return f" from {match.group(2)}"  # "the week of 2025-04-07 to 2025-04-13": the days written
    day = dt.date.fromisoformat(parsed[1])
    first = calendar_week(day)[0] if match.group(1).lower() == "of" else day
    return f" between {first} and {first + dt.timedelta(days=6)} "


# "the ten days before Christmas 2024", "in the two weeks after 2025-03-01": the days next to one
_DAYS_BESIDE = re.compile(
    rf"\b(?:(?:in|during|over|within)\s+)?the\s+(?P<n>\d{{1,2}}|(?:{'|'.join(_NUMBER_WORDS)}))\s+"
    rf"(?P<unit>days|weeks)\s+(?P<rel>before|after|leading\s+up\s+to|following|preceding)\s+(?P<day>{_DAY_FORMS})",
    re.I,
)


def _days_beside(match: re.Match[str], default_year: int) -> str:
    """ "the ten days before 25 december 2024" -> " between 2024-12-15 and 2024-12-24 " (the day
    itself left out); a phrase that is not a day is left as written."""
    parsed = _parse_day(match.group("day"), default_year)
    if parsed is None or parsed[0] != "day":
        return match.group(0)
    day = dt.date.fromisoformat(parsed[1])
    span = _number(match.group("n").lower()) * (7 if match.group("unit").lower().startswith("week") else 1)
    if match.group("rel").lower() in ("before", "leading up to", "preceding"):
        first, last = day - dt.timedelta(days=span), day - dt.timedelta(days=1)
    else:
        first, last = day + dt.timedelta(days=1), day + dt.timedelta(days=span)
    return f" between {first} and {last} "


def calendar_week(day: dt.date) -> tuple[dt.date, dt.date]:
    """The Monday and the Sunday of the week that holds `day`."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def _half_of_year(match: re.Match[str]) -> str:
    """ "the first half of 2024", "H2 2023", "H1'24" is no year: "H2-2023" -> its six months."""
    half = match.group(1) or match.group(2) or match.group(4)
    year = match.group(3) or match.group(5)
    return (
        f" between january {year} and june {year} "
        if half in ("first", "h1")
        else (f" between july {year} and december {year} ")
    )


_THIRD_OF_YEAR = re.compile(
    r"\b(?P<bound>in|during|of|dated|from|since|after|before|until|till|to|through|thru)\s+"
    rf"(?:the\s+)?(?P<part>early|mid|late)[- ]?(?P<year>{_YEAR})\b"
)
_THIRDS = {"early": ("january", "april"), "mid": ("may", "august"), "late": ("september", "december")}
_BARE_THIRD_OF_YEAR = re.compile(
    r"(?:^\W*|(?<=\s)(?=(?:the\s+)?(?:early|mid|late)[- ]?\d{4}\s+(?:stuff|papers?|works?|preprints?|ones|"
    r"entries|uploads|surveys?)\b))"
    rf"(?:the\s+)?(?P<part>early|mid|late)[- ]?(?P<year>{_YEAR})\b"
)
_RANGE_START = re.compile(
    rf"\bfrom\s+(?:(?:{_MONTHS})\s+|(?:early|mid|late)[- ]?)?(?:\d{{1,2}}\s+)?{_YEAR}\s*\Z"
)
_AFTER_THIRD = {"early": "05-01", "mid": "09-01"}  # the day after each third ends
_RANGE_END = re.compile(r"\s*(?:to|until|till|through|thru|-|\u2013)\s")


def _third_of_year(match: re.Match[str]) -> str:
    """ "in late 2023" -> " between september 2023 and december 2023 "; a bound takes the end it
    means ("since early 2024": January, "until mid 2024": August). "… ML, 2019 to early 2024" is
    no range asked for (no "from" before it) and is left as written."""
    first, last = _THIRDS[match.group("part")]
    year, bound = match.group("year"), match.group("bound")
    if bound in ("to", "through", "thru") and not _RANGE_START.search(match.string, 0, match.start()):
        return match.group(0)
    if bound == "from" and not _RANGE_END.match(match.string, match.end()):
        bound = "in"  # "papers from mid-2024": dated then; "from early 2024 to …": a start
    if bound in ("in", "during", "of", "dated"):
        return f" between {first} {year} and {last} {year} "
    if bound in ("until", "till"):  # "until mid 2024": through August, before September 1st
        part = match.group("part")
        day = f"{year}-{_AFTER_THIRD[part]}" if part in _AFTER_THIRD else f"{int(year) + 1}-01-01"
        return f" before {day} "
    month = first if bound in ("since", "from", "before") else last
    return f" {bound} {month} {year} "


def _season(match: re.Match[str], default_year: int) -> str:
    """ "this summer" -> " between june <capture year> and august <capture year> "; a season
    bound to neither a year nor "this"/"in"/"during" is left as written."""
    bound = (
        match.group("year")
        or match.group("this")
        or match.group("this2")
        or match.group(0) != match.group("season")
    )
    if not bound:
        return match.group(0)
    year = match.group("year") or str(default_year)
    first, last = _SEASON_MONTHS["fall" if match.group("season") == "autumn" else match.group("season")]
    return f" between {first} {year} and {last} {year} "


_HAS = r"(?:has|had|have|got|gets|get|received|with|lists?|shows?|names?|counts?)?\s*"
# "more upvotes", "the bigger author list", "a longer author list"
_MORE = (
    r"(?:(?:the|a)\s+)?(?P<word>more|fewer|less|higher|lower|bigger|larger|longer|smaller|shorter)\s+"
    r"(?P<field>[\w-]+(?:\s+(?:list|count))?)"
)
_MORE_VERBED = (
    r"(?:(?:got|gets|was|is|has\s+been|been)\s+)?(?P<field>upvoted|liked|voted)\s+(?P<word>more|less)\b"
)
_TWO_FIELD = r"upvotes?|votes?|likes|authors?|author\s+counts?|upvote\s+counts?"
_TWO_SUMMED = re.compile(
    rf"^\W*(?:(?:what(?:'s|\s+is|\s+are)?|and)\s+)?(?:the\s+)?(?:combined|total|summed)\s+(?:number\s+of\s+)?"
    rf"(?P<field1>{_TWO_FIELD})\s+(?:of|for)\s+(?P<a1>.+?)\s+(?:and|\+|&)\s+(?P<b1>.+?)\s*[?.!]*\s*$|"
    rf"^\W*how\s+many\s+(?P<field2>{_TWO_FIELD})\s+(?:do|did)\s+(?P<a2>.+?)\s+and\s+(?P<b2>.+?)\s+"
    r"(?:have|get|got|receive|collect)\s+(?:combined|together|in\s+total|altogether|between\s+them)\s*[?.!]*\s*$",
    re.I,
)
_TWO_SUBTRACTED = re.compile(
    rf"^\W*(?:by\s+)?how\s+many\s+(?:more|fewer|less)\s+(?P<field1>{_TWO_FIELD})\s+(?:does|did|do)\s+(?P<a1>.+?)\s+"
    r"(?:have|get|got|receive)\s+than\s+(?P<b1>.+?)\s*[?.!]*\s*$|"
    rf"\bdifference\s+in\s+(?:the\s+)?(?:number\s+of\s+)?(?P<field2>{_TWO_FIELD})\s+between\s+(?P<a2>.+?)\s+and\s+"
    r"(?P<b2>.+?)\s*[?.!]*\s*$",
    re.I,
)
# The days between two papers' dates: "how many days apart were X and Y posted?", "how many
# days between X and Y?", "how far apart were X and Y released?", "time gap between X and Y".
_DATED_VERB = (
    r"(?:\s+(?:(?:first\s+)?(?:posted|published|released|dated|uploaded|listed|submitted|out)|came\s+out|"
    r"come\s+out|appeared?)(?:\s+on\s+(?:arxiv|hf|hugging\s*face))?)?"
)
_TWO_DAYS_APART = re.compile(
    r"(?:\bhow\s+(?:many\s+(?:days|weeks|months)|far|long|much\s+time)|"
    # (at the start only: "a paper on the gap between SFT and RLHF?" asks a topic)
    r"^\W*(?:(?:what|how\s+big)(?:'s|\s+is|\s+was)\s+)?(?:the\s+)?(?:(?:number\s+of\s+)?days|time\s+gap|"
    r"gap\s+in\s+days|time))\s+(?:"
    rf"apart\s+(?:were|are|was|is|did|do)\s+(?P<a1>.+?)\s+and\s+(?P<b1>.+?){_DATED_VERB}|"
    r"(?:(?:are|were|is|was)\s+there\s+|(?:passed|elapsed|went\s+by|separates?|separated|lie|lay)\s+)?"
    rf"(?:in\s+days\s+)?between\s+(?P<a2>.+?)\s+and\s+(?P<b2>.+?){_DATED_VERB}"
    r")(?:\s+apart)?(?:\s+in\s+days)?\s*[?.!]*\s*$",
    re.I,
)
_COUNT_COMPARISONS = (
    rf"\b(?:which|who|what)\b.*?\b{_HAS}{_MORE}\s*[:,]?\s*(?P<a>.+?)\s+(?:or|vs\.?|versus)\s+(?P<b>.+?)\s*[?.!]*\s*$",
    rf"^\s*(?P<a>.+?)\s+(?:or|vs\.?|versus)\s+(?P<b>.+?)\s*[-\u2013\u2014:,?]*\s+(?:which|who|what)\b{_ONE}\s+{_HAS}{_MORE}",
    rf"^\s*(?:does|did|do|has|have)\s+(?P<a>.+?)\s+(?:have|has|get|got|receive|received)\s+{_MORE}\s+than\s+"
    r"(?P<b>.+?)\s*[?.!]*\s*$",
    # "does MM-RLHF or Align Anything have more authors?"
    rf"^\s*(?:does|did|do)\s+(?P<a>.+?)\s+or\s+(?P<b>.+?)\s+(?:have|get|receive)\s+{_MORE}\b",
    # "between X and Y, which one got more upvotes?"
    rf"^\s*(?:of|between)\s+(?P<a>.+?)\s+and\s+(?P<b>.+?)\s*[,:;\u2013\u2014-]+\s*(?:which|who|what)\b{_ONE}"
    rf"\s+{_HAS}{_MORE}",
    # written as a heading: "more authors: X or Y?", "more upvotes - X vs Y"
    rf"^\s*{_MORE}\s*[-\u2013\u2014:,]+\s*(?P<a>.+?)\s+(?:or|vs\.?|versus)\s+(?P<b>.+?)\s*[?.!]*\s*$",
    # ... or with the papers after a preposition: "more authors on the Baichuan report or on MM-RLHF?"
    rf"^\s*{_MORE}\s+(?:on|for|in|of)\s+(?P<a>.+?)\s+(?:or|vs\.?|versus)\s+(?:(?:on|for|in|of)\s+)?(?P<b>.+?)\s*[?.!]*\s*$",
    # the field as a verb: "which got upvoted more, X or Y?", "X vs Y - which one got upvoted more?"
    rf"\b(?:which|who|what)\b{_ONE}\s+{_MORE_VERBED}\s*[:,]?\s*(?P<a>.+?)\s+(?:or|vs\.?|versus)\s+(?P<b>.+?)\s*[?.!]*\s*$",
    rf"^\s*(?P<a>.+?)\s+(?:or|vs\.?|versus)\s+(?P<b>.+?)\s*[-\u2013\u2014:,?]*\s+(?:which|who|what)\b{_ONE}\s+{_MORE_VERBED}",
)


# A field and two papers set against each other, with no word that says which way ("upvotes
# mj-bench vs mm-rlhf", "X vs Y: author count?"): which has more, or that they tie.
_FIELD_NOUN = r"upvotes?|votes|likes|authors?|author\s+(?:counts?|lists?)|number\s+of\s+(?:authors|upvotes)"
_FIELD_AGAINST = (
    rf"^\s*(?P<field>{_FIELD_NOUN})\s*[-\u2013\u2014:,]?\s*(?P<a>.+?)\s+(?:vs\.?|versus)\s+(?P<b>.+?)\s*[?.!]*\s*$",
    rf"^\s*(?P<a>.+?)\s+(?:vs\.?|versus)\s+(?P<b>.+?)\s*[-\u2013\u2014:,]?\s*(?P<field>{_FIELD_NOUN})\s*[?.!]*\s*$",
)


def _of_the_superlative(subject: str, values: dict[str, object]) -> bool:
    """ "the paper with the most authors, and how many does it have?", "... how many authors is
    that?": "it" is the superlative's paper, not a paper to look up."""
    return "sort" in values and bool(
        re.fullmatch(r"(?:(?:is|are|was|were)\s+)?(?:it|they|this|that|this one|that one|them)", subject)
    )


def _told(text: str, at: int) -> bool:
    """Whether position `at` of `text` lies in a sentence after the first that tells rather than
    asks, beside one that asks: "Which method is least sensitive …? I read that the most popular
    one …" asks no sort of the papers by popularity; what it remembers describes the paper it
    seeks. (A first sentence states the request: "I need the newest papers on DPO. Any?")"""
    sentences = [
        match.span() for match in re.finditer(r"[^.?!]+(?:[.?!]+|$)", text) if match.group(0).strip()
    ]
    if not any(text[start:end].rstrip().endswith("?") for start, end in sentences):
        return False
    return any(
        start <= at < end and not text[start:end].rstrip().endswith("?") for start, end in sentences[1:]
    )


def _number(raw: str) -> int:
    return int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]


# "which one has more upvotes?", "which of the two is newer?": two papers compared that the turn
# does not name (a thread's last two).
# The two named by their order, said before or after the question: "between the first and the
# second paper, which has more authors?", "which is newer, the first or the second?"
_THE_TWO = r"(?:the\s+)?(?:first|1st)(?:\s+(?:one|paper))?\s+(?:and|or)\s+(?:the\s+)?(?:second|2nd)(?:\s+(?:one|paper))?"
_PAIR_COMPARISON = re.compile(
    r"^\W*(?:(?:so|and|ok|okay)\W+)?"
    rf"(?:(?:between|of)\s+(?:{_THE_TWO}|(?:the|those|these)\s+two(?:\s+papers)?)\s*,?\s*)?"
    r"(?:which|who)(?:\s+one|\s+paper|\s+of\s+(?:them|those|these|the\s+two|both))?"
    r"\s+(?:(?:has|had|got|gets|is|was|came\s+out|come\s+out|got\s+posted|was\s+(?:posted|published|released)"
    r"|is\s+the|was\s+the)\s+)?(?P<word>more\s+recent|more|fewer|less|higher|lower|newer|older|earlier|later|"
    rf"first|last)\b(?P<rest>(?:\s+[\w-]+){{0,2}}?)(?:\s*,?\s*{_THE_TWO})?\s*[?.!]*\s*$",
    re.I,
)
_RISING = frozenset({"more", "higher", "newer", "later", "last", "more recent"})


def pair_comparison(text: str) -> MetadataQuery | None:
    """A comparison of a field between two papers the turn leaves unnamed ("which one has more
    upvotes?", "which is newer?"): the field and its direction, or None."""
    match = _PAIR_COMPARISON.match(" ".join(text.lower().split()))
    if match is None:
        return None
    word = match.group("word")
    if word in ("more", "fewer", "less", "higher", "lower"):
        field = _bound_field(match.group("rest"))
        if field not in (Field.AUTHORS, Field.UPVOTES):
            return None
    else:
        field = Field.DATE
    return MetadataQuery(compare=field, descending=word in _RISING)


def _span(unit: str) -> str:
    """What a "same …" question compares ("the same date / day / month / year / lab as X")."""
    return {"date": "day", "day": "day", "week": "week", "month": "month", "year": "year"}.get(
        unit, "organisation"
    )


def _bound_field(text: str) -> Field | None:
    for name, pattern in _FIELD_WORDS.items():
        if re.search(rf"\b(?:{pattern})\b", text):
            return name
    return None


def _parse_day(raw: str, default_year: int) -> tuple[str, str] | None:
    """('day'|'month', ISO prefix) for a date phrase; None if it is not a date."""
    raw = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", raw.strip(" ,.")).replace(" of ", " ")
    has_year = bool(re.search(_YEAR, raw))
    default = dt.datetime(default_year, 1, 1)
    try:
        if re.fullmatch(r"\d{4}-\d{1,2}", raw):
            year, month = (int(x) for x in raw.split("-"))
            return ("month", f"{year:04d}-{month:02d}") if 1 <= month <= 12 else None
        has_day = bool(re.search(r"\b\d{1,2}\b", re.sub(_YEAR, "", raw))) or bool(
            re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", raw)
        )
        # ("14.03.2024" is day first where it is written so; "03/14/2024" month first, unless
        # the first number cannot be a month)
        day_first = bool(re.fullmatch(r"\d{1,2}[.-]\d{1,2}[.-]\d{4}", raw))
        parsed = dateparser.parse(raw, default=default, dayfirst=day_first)
    except (ValueError, OverflowError):
        return None
    if has_day:
        return "day", parsed.date().isoformat()
    year = parsed.year if has_year else default_year
    return "month", f"{year:04d}-{parsed.month:02d}"


def parse_metadata(
    question: str,
    organisations: Iterable[str] = (),
    capture_year: int | None = None,
    capture_day: str | None = None,
) -> MetadataQuery | None:
    """A metadata query when the question binds a request to a field; None otherwise.
    `capture_day` (the newest paper's date) is what "today", "this week" and "last month" count
    from, as "this year" counts from `capture_year`: the corpus's present, not the clock's."""
    head, mark, remark = question.partition("?")
    if mark and re.fullmatch(r"\s*\([^()]*\)\s*", remark):
        # "how many papers are from March 2025 and which ones? (dates without a year count as 2025
        # i guess)": a remark in brackets after the question asks nothing
        return parse_metadata(head + mark, organisations, capture_year, capture_day)
    if mark and _REMARK.match(remark) and "?" not in remark:
        # "who is behind The Alignment Waltz? I think the listing shows a lab instead of an author
        # count": the asker's remark after the question asks nothing of its own
        before_remark = parse_metadata(head + mark, organisations, capture_year, capture_day)
        if before_remark is not None and before_remark.fact is not None and before_remark.about:
            return before_remark
    this_year = dt.date.today().year
    default_year = capture_year or this_year
    text = " " + question.lower().replace("’", "'") + " "
    text = _QUESTION_WORD_TYPO.sub(lambda match: _QUESTION_WORD_TYPOS[match.group(0)], text)
    text = _MONTH_SHAPED.sub(_month_spelled, text)  # "januray 2025"
    text = _SHORT_YEAR.sub(r"\1 20\2", text)  # "Jan '24", "Oct 23rd '25"
    # "more upvotes then the baichuan report": "than", as often typed after a comparative
    text = re.sub(
        r"\b(more|fewer|less|higher|lower|bigger|larger|smaller|newer|older|earlier|later)"
        r"((?:\s+[\w-]+){0,2}?)\s+then\s+(?=(?:the|a|an|[\w-]+)\b)",
        r"\1\2 than ",
        text,
    )
    # chat shorthand: "no. of papers w/ 2+ upvotes", "papers w/o a date"
    text = re.sub(r"\bno\.\s*(?=of\b)", "number ", text)
    text = re.sub(r"\bw/o\b", "without", text)
    # "double-digit author lists", "single-digit upvotes": the counts of so many digits
    text = re.sub(
        r"\b(single|double|triple)[- ]digits?\s+(?=(?:author|upvote|vote|like)s?\b)",
        lambda m: {
            "single": "between 1 and 9 ",
            "double": "between 10 and 99 ",
            "triple": "between 100 and 999 ",
        }[m.group(1)],
        text,
    )
    # "just a single upvote": one of them
    text = re.sub(r"\b(?:a\s+)?single\s+(up-?vote|vote|like)\b", r"1 \1", text)
    # "at least a dozen authors", "half a dozen upvotes": so many
    text = re.sub(
        r"\b(half\s+a|a|one|two)\s+dozen\b",
        lambda m: str({"half a": 6, "a": 12, "one": 12, "two": 24}[" ".join(m.group(1).split())]),
        text,
    )
    # "a 12-person author list", "a five-member team": that many authors
    text = re.sub(
        rf"\b{_NUM}[- ](?:person|people|member|strong|author)\s+(?:author\s+(?:list|team)|team|group|byline)\b",
        r"\1 authors",
        text,
    )
    # "written by a pair of authors", "a trio of researchers": that many authors
    text = re.sub(
        r"\b(?:an?\s+)?(pair|duo|trio|quartet)\s+of\s+(?:authors|co-?authors|people|persons|writers|researchers)\b",
        lambda m: f"{ {'pair': 2, 'duo': 2, 'trio': 3, 'quartet': 4}[m.group(1)] } authors",
        text,
    )
    text = re.sub(r"\bw/(?=\s|[a-z0-9])", "with ", text)
    # "the most early paper", "most recent" is written so: "most early/old/new/late" are the
    # superlatives a learner of English may build
    text = re.sub(
        r"\bmost\s+(early|old|new|late)\b",
        lambda m: {"early": "earliest", "old": "oldest", "new": "newest", "late": "latest"}[
            m.group(1).lower()
        ],
        text,
        flags=re.I,
    )
    # "most-upvoted", "earliest-dated": a superlative joined to its word
    text = re.sub(
        r"\b(most|least|top|earliest|latest|oldest|newest|highest|lowest|largest|biggest|smallest|fewest)-(?=[a-z])",
        r"\1 ",
        text,
    )
    # "what's new?", "anything new on reward models?", "new papers?": the latest papers
    text = _NEW_ASKED.sub(" show latest papers on ", text, count=1)
    # "papers with RLHF in the title", "whose title mentions diffusion": the topic, which titles
    # decide first (`rag.answer` reads a topic from titles before abstracts)
    in_title = bool(_IN_THE_TITLE.search(text))
    text = _IN_THE_TITLE.sub(
        lambda match: (
            " about " + re.sub(r"['\"\u2018\u2019\u201c\u201d]", "", match.group(1) or match.group(2)) + " "
        ),
        text,
    )
    try:
        today = dt.date.fromisoformat(capture_day) if capture_day else None
    except ValueError:  # a date a source wrote otherwise: relative days are left as words
        today = None
    if today is not None:
        text = _relative_days(text, today)
    text = _normalise_dates(text, default_year)
    # A question that writes one year dates by it what it leaves yearless: "2023 papers before
    # July" (July 2023), "from 15 dec 2024 through the end of that year", "the earliest paper
    # dated that year" after "which one kicks off 2025".
    written_years = set(re.findall(rf"(?<![\w.-])({_YEAR})(?![\w.-])", text))
    question_year = int(next(iter(written_years))) if len(written_years) == 1 else None
    if question_year is not None:
        text = re.sub(
            r"\b(?:the\s+)?(end|close|start|beginning)\s+of\s+(?:that|the|this)\s+year\b",
            lambda m: f"{'31 december' if m.group(1) in ('end', 'close') else '1 january'} {question_year}",
            text,
        )
        text = re.sub(
            r"\b(?:in\s+|from\s+|during\s+)?that\s+(?:same\s+)?year\b", f" in {question_year} ", text
        )
    if dated_first := _TOLD_DAY_THEN_ASKED.match(text):
        # "Vision-R1 went up sometime in March. did anything else get posted that exact same
        # day?": the same day as the paper the first sentence dates (not March's papers)
        asked_then = dated_first.group("asked")
        day_at = dated_first.start("day") - dated_first.start("asked")
        day_end = dated_first.end("day") - dated_first.start("asked")
        text = f" {asked_then[:day_at]} the same day as {dated_first.group('paper')} {asked_then[day_end:]}"
    written = text  # before its conditions are cut from it
    conditions: list[Condition] = []
    values: dict[str, object] = {}

    def cut(match: re.Match[str]) -> None:
        nonlocal text
        text = text[: match.start()] + " " + text[match.end() :]

    # --- dates: ranges first, then days, months, years (each phrase consumed once) -------------
    date_phrase = rf"(?:{_DAY_FORMS}|{_MONTH_FORMS}|{_YEAR})"
    # ("since the 20th of October 2025", "before the 3rd of March": a day after its article)
    the = r"(?:the\s+)?"
    for relation, pattern in (
        ("between", rf"\bbetween\s+{the}({date_phrase})\s+and\s+{the}({date_phrase})"),
        ("between", rf"\bfrom\s+({date_phrase})\s+(?:to|until|till|through|thru)\s+({date_phrase})"),
        # two days written as a range: "dated 3/1/2024 - 3/31/2024", "Mar 3 to Mar 9, 2024"
        (
            "between",
            rf"({_DAY_FORMS})(?:\s*[\u2013\u2014]\s*|\s+-\s+|\s+(?:to|through|thru|until|till)\s+)({_DAY_FORMS})",
        ),
        # "no later than 30 June 2023", "on or before …": the day itself included
        ("through", rf"\b(?:no|not)\s+later\s+than\s+({date_phrase})|\bon\s+or\s+before\s+({date_phrase})"),
        ("from", rf"\b(?:no|not)\s+earlier\s+than\s+({date_phrase})|\bon\s+or\s+after\s+({date_phrase})"),
        ("after", rf"\b(?:after|later than|newer than|more recent than)\s+{the}({date_phrase})"),
        # The date itself included: "from March 2025 on", "October 2025 or later", "since 2024".
        ("from", rf"\bfrom\s+({date_phrase})\s+on(?:wards?)?\b"),
        ("from", rf"\bsince\s+{the}({date_phrase})"),
        (
            "from",
            rf"(?:\b(?:in|on|from|of|dated)\s+)?({date_phrase})\s+(?:or|and)\s+(?:later|after|newer|onwards?)\b",
        ),
        (
            "through",
            rf"(?:\b(?:in|on|from|of|dated)\s+)?({date_phrase})\s+(?:or|and)\s+(?:earlier|before|older)\b",
        ),
        (
            "before",
            rf"\b(?:before|prior to|earlier than|older than|until|till|up to|predat(?:e|es|ed|ing))\s+{the}({date_phrase})",
        ),
        ("on", rf"\b(?:on|dated|from|in|of|during)?\s*({_DAY_FORMS})"),
        ("on", rf"\b(?:on|dated|from|in|of|during)?\s*({_MONTH_FORMS})(?!\s*\d)"),
        # A bare year filters only where it dates something: "in 2023", "2024 papers".
        (
            "on",
            # ("looking only at 2024, which …", "restricted to 2024")
            rf"\b(?:in|from|of|for|during|dated|posted|published|released|(?:only|just)\s+at|(?:restricted|limited)\s+to)"
            rf"\s+(?:the\s+)?(?:year\s+)?"
            rf"(?:early\s+|late\s+|mid-?)?({_YEAR})(?![\w.-])",
        ),
        # ... "2024 papers", "a 2023 date"
        (
            "on",
            rf"(?<![\w.-])({_YEAR})(?=\s+(?:papers?|ones?|surveys?|works?|preprints?|dates?|stuff|items|entries)\b|-dated\b)",
        ),
        ("on", rf"^\s*({_YEAR})\s*\??\s*$"),
    ):
        while match := re.search(pattern, text):
            spans = [g for g in match.groups() if g]
            # "between Feb 1 and Feb 10, 2024": a year written once holds for both ends.
            years = [re.search(_YEAR, g) for g in spans]
            shared = next((int(y.group(0)) for y in reversed(years) if y), question_year or default_year)
            parsed = [_date_bounds(g, shared, this_year) for g in spans]
            if any(p is None for p in parsed):
                text = (
                    text[: match.start()]
                    + text[match.start() : match.end()].replace(spans[0], " ")
                    + text[match.end() :]
                )
                continue
            bounds = [p for p in parsed if p is not None]
            cut(match)
            if relation == "between":
                conditions += [
                    Condition(Field.DATE, "ge", bounds[0][0]),
                    Condition(Field.DATE, "le", bounds[1][1]),
                ]
            elif relation == "after":
                conditions.append(Condition(Field.DATE, "gt", bounds[0][1]))
            elif relation == "from":
                conditions.append(Condition(Field.DATE, "ge", bounds[0][0]))
            elif relation == "through":
                conditions.append(Condition(Field.DATE, "le", bounds[0][1]))
            elif relation == "before":
                conditions.append(Condition(Field.DATE, "lt", bounds[0][0]))
            else:
                conditions.append(Condition(Field.DATE, "in", bounds[0][2]))
    # A weekday named without its day ("2023 papers dated on a Sunday", "posted at the weekend"):
    # the days of the week allowed. Beside a day ("Monday 17 March") it only repeats it.
    on_day = any(c.field is Field.DATE and c.op == "in" and len(str(c.value)) == 10 for c in conditions)
    if not on_day and (match := _ON_WEEKDAY.search(text)):
        named = (match.group("day") or "").lower()
        if named:
            weekdays = str(next(n for n, day in enumerate(_WEEKDAY_NAMES) if named.startswith(day)))
        else:
            weekdays = "01234" if (match.group("span") or "").lower().startswith("weekday") else "56"
        conditions.append(Condition(Field.DATE, "weekday", weekdays))
        cut(match)
    # --- counts compared with a number: "at least 4 upvotes", "ten or more authors" ------------
    ops = (
        (r"(?:at least|no fewer than|no less than|minimum of|>=|=>|≥)\s*", "ge", ""),
        (r"(?:at most|no more than|no bigger than|no larger than|up to|maximum of|<=|=<|≤)\s*", "le", ""),
        # ("a team bigger than five authors")
        (r"(?:more than|over|above|greater than|bigger than|larger than|longer than|>)\s*", "gt", ""),
        (r"(?:fewer than|less than|under|below|smaller than|shorter than|<)\s*", "lt", ""),
        (r"(?:exactly|just|only)?\s*", "eq", ""),
    )
    field_alternatives = "|".join(f"(?P<f{n}>{p})" for n, p in enumerate(_FIELD_WORDS.values()) if n < 2)
    range_pattern = (
        rf"\b(?:(?:between|from|with)\s+)?{_NUM}(?:\s*[-\u2013]\s*|\s+(?:and|to|or)\s+){_NUM}"
        rf"(?:\s+(?:of|different|listed))?\s+(?:{field_alternatives})\b"
    )
    while match := re.search(range_pattern, text):  # "between 10 and 12 authors"
        kind = Field.AUTHORS if match.group("f0") else Field.UPVOTES
        low, high = sorted((_number(match.group(1)), _number(match.group(2))))
        conditions += [Condition(kind, "ge", low), Condition(kind, "le", high)]
        cut(match)
    # "5 upvotes or more", "10 authors or fewer": the bound after the field
    after_field = (
        rf"\b{_NUM}(?:\s+|-)(?:(?:of|different|listed|named|credited|total)\s+)?(?:{field_alternatives})"
        r"\s+or\s+(?P<bound>more|greater|higher|above|fewer|less|lower|below)\b"
    )
    while match := re.search(after_field, text):
        kind = Field.AUTHORS if match.group("f0") else Field.UPVOTES
        op = "ge" if match.group("bound") in ("more", "greater", "higher", "above") else "le"
        conditions.append(Condition(kind, op, _number(match.group(1))))
        cut(match)
    for prefix, op, _ in ops:
        # (not after a letter: "over" of "moreover"; a sign stands after a space or a "w/")
        pattern = (
            rf"(?<![a-z0-9]){prefix}{_NUM}(?P<tail>\s+or\s+(?:more|fewer|less|greater|higher|lower))?"
            rf"(?:\s+|-)(?:(?:of|different|listed|named|credited|total)\s+)?(?:{field_alternatives})\b"
        )
        while match := re.search(pattern, text):
            number = _number(match.group(1))
            kind = Field.AUTHORS if match.group("f0") else Field.UPVOTES
            real_op = op
            if match.group("tail"):
                real_op = "ge" if re.search(r"more|greater|higher", match.group("tail")) else "le"
            conditions.append(Condition(kind, real_op, number))
            cut(match)
    # The field named first: "whose author count is exactly 11", "an upvote count above 5",
    # "number of authors = 3".
    field_first = (
        r"\b(?:(?P<a>author|co-?author)\s+(?:count|number|list)|number\s+of\s+(?P<a2>authors|co-?authors)|"
        r"(?:upvote|vote|like)\s+count|number\s+of\s+(?:upvotes|votes|likes)|"
        # ... or the field alone, compared by a sign: "authors >= 10", "upvotes > 3"
        r"(?P<a3>authors|co-?authors)(?=\s*(?:[<>=≥≤]))|(?:upvotes|votes|likes)(?=\s*[<>=≥≤]))"
        r"\s+(?:(?:is|was|of|equals?|equal\s+to|being|that\s+is)\s+|[=:]\s*)?"
    )
    for prefix, op, _ in ops:
        while match := re.search(rf"{field_first}{prefix}{_NUM}(?P<plus>\s*\+)?(?![\w-])", text):
            kind = (
                Field.AUTHORS if match.group("a") or match.group("a2") or match.group("a3") else Field.UPVOTES
            )
            # ("an author list of 20+": at least 20)
            number = _number(match.group(match.re.groups - 1))  # _NUM's
            conditions.append(Condition(kind, "ge" if match.group("plus") and op == "eq" else op, number))
            cut(match)
    while match := re.search(rf"\b{_NUM}\s*\+\s*(?:{field_alternatives})\b", text):  # "10+ authors"
        kind = Field.AUTHORS if match.group("f0") else Field.UPVOTES
        conditions.append(Condition(kind, "ge", _number(match.group(1))))
        cut(match)
    if match := re.search(
        r"\b(?:single|solo|sole|lone|one)[- ]author(?:ed|s)?\b|\b(?:solo|sole|lone)[- ](?:person|writer)\b|"
        r"\b(?:a\s+)?solo\s+(?:efforts?|projects?|works?|papers?)\b|\bwritten\s+(?:alone|solo|by\s+one\s+person)\b|"
        r"\bby (?:just |only )?(?:a |one )(?:single |lone )?(?:author|person|writer|researcher)\b",
        text,
    ):
        conditions.append(Condition(Field.AUTHORS, "eq", 1))
        cut(match)
    # --- organisations ---------------------------------------------------------------------------
    # Found by dictionary lookups in an index made once per set of organisations, then matched
    # with the one regex of the organisation found (not one regex per organisation: issue 18).
    known = _organisation_index(
        organisations if isinstance(organisations, frozenset) else tuple(organisations)
    )
    name = known.longest_in(text)
    if name and (
        match := re.search(rf"(?:credited to |from |by )?(?<![\w-]){re.escape(name.lower())}(?![\w-])", text)
    ):
        values["organisation"] = name
        cut(match)
    if "organisation" not in values and (part := known.part_in(text)):
        # "from the X-Gen Group" for "X-GenGroup X-Gen Group": a handle or a name alone.
        match = (
            re.search(rf"{_AFTER_FROM}(?:the\s+)?{re.escape(part[1])}(?![\w-])", text)
            or re.search(
                # ... or as the subject that has papers: "what has the X-Gen Group got in here?"
                # ("besides PaCo-RL, did the X-Gen group post anything else?")
                rf"(?:^|[,;:])\W*(?:(?:what|which(?:\s+papers?)?|anything|any\s+papers?)\s+)?(?:has|have|does|did)\s+(?:the\s+)?"
                rf"{re.escape(part[1])}(?![\w-])(?={_ORGANISATION_HAS})",
                text,
            )
            or re.search(
                # ... or naming its paper: "whats the X-Gen group paper?"
                rf"\bthe\s+{re.escape(part[1])}(?:['\u2019]s)?\s+(?=(?:papers?|ones?|works?|reports?)\b)",
                text,
            )
        )
        if match:
            values["organisation"] = part[0]
            cut(match)
    if "organisation" not in values:
        # Common names: "from Meta" for "facebook AI at Meta", "by TIGER" for "TIGER-Lab": a word
        # of one organisation's name that no other organisation has, after from/by/credited to.
        name = known.distinctive_in(text)
        if name is not None:
            alternatives = "|".join(re.escape(word) for word in known.distinctive[name])
            match = re.search(rf"{_AFTER_FROM}(?:the\s+)?(?:{alternatives})\b", text)
            if not match and (
                as_subject := _ORGANISATION_SUBJECT.search(text) or _ORGANISATION_PUT_OUT.search(text)
            ):
                match = as_subject if as_subject.group(1) in known.distinctive[name] else None
            if match:
                values["organisation"] = name
                cut(match)
    # An organisation the user names, which no paper here may be credited to: "papers from openai
    # org", "anything by the Google DeepMind lab?", "papers from Google DeepMind according to the
    # organisation info", "any from openai (going by the org field)?", "credited to OpenAI".
    for pattern in _NAMED_ORGANISATION if "organisation" not in values else ():
        # (none when the words after "credited to" were another condition's: "just one author")
        if (match := re.search(pattern, text)) and re.search(r"[a-z]", match.group(1)):
            values["organisation"] = match.group(1).strip()
            cut(match)
            break
    if not values.get("organisation") and (match := _NO_ORGANISATION.search(text)):
        # "papers without an organisation", "which have no lab listed?"
        conditions.append(Condition(Field.ORGANISATION, "missing", 0))
        cut(match)
    elif re.search(
        # the field named as a word of its own: "the big-lab efforts" names no field, nor does a
        # noun phrase of the topic ("what leading AI labs do in practice", "our lab")
        # (nor where the asker is: "for newcomers in the lab")
        r"(?:^|(?<!\bin\s)(?<!\bat\s)\b(?:an?|the|any|which|what|their|its|no|some|each|one|per|with|by|under|listed|list|"
        r"known|given|and|or)\s+|[^\w\s-]\s*)(organi[sz]ations?|orgs?|labs?|institutions?|affiliations?)(?![\w-])",
        text,
    ) and not values.get("organisation"):
        values["has_organisation"] = True
    rank = 1
    placed = False
    if match := _RANKED.search(text):
        # "the second newest", "3rd most upvoted": a place in the sort
        rank = _RANKS[match.group(1)]
        cut(match)
    elif match := _PLACED_BY.search(text):
        # "who's second by author count in 2024?": a place in the sort by a count, one paper
        rank, placed = _RANKS[match.group(1)], True
        cut(match)
    limit = None
    # ("the last one dated 2024" is one paper, the newest, not the last 1 of a list; the question's
    # own words say so, its date being cut from `text` by now)
    dated_one = re.search(
        r"\b(?:first|last)\s+one\s+(?:dated|posted|published|released|from)\b", question, re.I
    )
    not_one = r"(?!one\b)" if dated_one else ""
    if match := re.search(
        rf"\btop\s+{_NUM}\b|\b(?:first|last)\s+{not_one}{_NUM}\b|"
        # (not a version's last digit: "gpt-4.1 most susceptible")
        rf"(?<![\d.-])\b{_NUM}(?=\s+(?:most|newest|latest|oldest|earliest|highest|lowest|fewest)\b)",
        text,
    ):
        limit = _number(next(group for group in match.groups() if group))
        cut(match)
    # --- a figure over the papers, or the papers counted by a field ---------------------------------
    if grouped := _group_request(text):
        values["group"], values["descending"], asked = grouped
        values.pop("has_organisation", None)  # grouping by organisation already needs one
        for start, end in sorted(asked, reverse=True):
            text = text[:start] + " " + text[end:]
    elif (each := _EVERY_GROUP.search(text)) and _COUNTS_PER_GROUP.search(text):
        # "how many papers per month in 2025?", "number of papers by year": each group's count
        values["group"] = _grouping(each.group("group"))
        values["every_group"] = True
        values.pop("has_organisation", None)
        text = text[: each.start()] + " " + text[each.end() :]
    elif measured := _measure_request(text, bool(conditions or values)):
        values["measure"], values["measured"], span = measured
        text = _AGGREGATE_NOISE.sub(" ", text[: span[0]] + " " + text[span[1] :])
    # --- what is asked of the fields ---------------------------------------------------------------
    if match := _SAME_AS_ANOTHER.search(text):
        # "Vision-R1 went up on the same day as another paper. Which one?": the paper named first
        # is the one dated
        values["same_day"] = True
        values["same_span"] = _span(match.group("span"))
        values["about"] = (match.group("paper"),)
        cut(match)
    elif (
        match := re.search(
            # ("same-day papers as X")
            r"\bsame[\s-](day|date|week|month|year|org|organi[sz]ation|lab|institution|affiliation)"
            r"(?:\s+(?:papers?|ones?|works?))?\s+(?:as|like|with)\s+"
            r"(.+?)\s*[?.!]*\s*$",
            text,
        )
        or re.search(
            # "the week OpenRubrics went up, what else got posted?"
            rf"^\W*(?:in\s+|during\s+)?the\s+(week|month)\s+(?:that\s+|when\s+)?(\w.*?)\s+(?:went\s+up|(?:was\s+|got\s+)?(?:{_DATED_VERBS})|"
            r"(?:came|come)\s+out|appeared|dropped|landed)\b\s*[,;:-]",
            text,
        )
        or re.search(
            # "which other papers share a posting date with X?"
            r"^\W*(?:which|what|any|anything|are there|list|show)\b[^?]*?\bshare[sd]?\s+(?:its|a|the|the same|their)\s+"
            r"(?:posting\s+|publication\s+|release\s+)?(?:day|date)\s+with\s+(.+?)\s*[?.!]*\s*$",
            text,
            re.I,
        )
        or re.search(
            # "X shares its posting date with which paper?"
            r"^\s*(.+?)\s+shares?\s+(?:its|a|the|the same|their)\s+(?:posting\s+|publication\s+|release\s+)?"
            r"(?:day|date)\s+with\b",
            text,
        )
        or re.search(
            # "SALMON's posting date - does any other paper share it?", "RAG-RewardBench's posting
            # date - was anything else posted that exact day?"
            r"^\W*(.+?)['\u2019]s\s+(?:posting\s+|publication\s+|release\s+|listing\s+|listed\s+)?(?:day|date)\b[^?]*?"
            r"\b(?:other|another|else)\b[^?]*?\b(?:shares?\s+(?:it|that|this)|"
            r"(?:on\s+)?(?:that|the)\s+(?:exact\s+|very\s+|same\s+)*(?:day|date))\b",
            text,
        )
        or re.search(
            # "on the very day the alignment-faking paper did", "on the day The Traitors paper
            # went up" (and without "on" when others are sought: "did anything else go up the day
            # the AI Scientist-v2 came out?", not "what did they do the day the model came out?")
            r"(?:\b(?:on|from)\s+|"
            + (r"(?<=\s)" if re.search(r"\b(?:else|other|others|another)\b", text) else r"(?!)")
            + r")the\s+(?:same\s+|very\s+|exact\s+)?(?:day|date)\s+(?!after\b|before\b)(?:that\s+|when\s+)?(.+?)\s+"
            r"(?:(?:was|were|got|came|come|went)\s+(?:posted|published|released|out|dated|added|uploaded|up|live|online)\b|"
            r"(?:posted|published|released|uploaded|appeared|dropped|landed)\b|did\s*[?.!]*\s*$)",
            text,
        )
    ):
        # "the same day as X", "on the day X was posted"
        values["same_day"] = True
        if match.re.groups == 2:  # "the same year as X", "the same lab as X"
            values["same_span"] = _span(match.group(1))
            values.pop("has_organisation", None)
        values["about"] = (match.group(match.re.groups),)
        cut(match)
    elif (
        _ANOTHER_THE_SAME_DAY.search(text)
        # ("June 2024: how many papers got posted that month?": the month it gives)
        and not any(c.field is Field.DATE for c in conditions)
    ) and (
        match := re.search(
            # ("the Friday of that same week" is a day of it, rag.understand's)
            # ("something else same day?", "any other papers from same month?": the article dropped)
            r"(?<!day\sof\s)\b(?:(?:posted|published|released|out|dated|added|uploaded)\s+)?(?:on\s+|in\s+|from\s+)?(?:(?:the|that)\s+|(?<!the\s)(?<!that\s))"
            # ("any other paper from the same github org?": the thread's paper's organisation)
            # ("anything else from that same week (mon-sun)?": a bracket after it says which)
            r"(?:exact\s+|very\s+)?same\s+(day|date|week|month|year|(?:github\s+)?(?:org|organi[sz]ation|lab|group)|github\s+(?:account|user|owner|repo))"
            r"(?:\s+(?:in\s+here|here|in\s+the\s+(?:corpus|collection|list)))?(?:\s*\([^()]*\))?\s*[?.!]*\s*$|"
            # "any other papers in here from that year?": the year of the thread's paper
            # ("was anything else put up on that date?")
            # ("anything else that day": the preposition dropped after "else")
            r"(?:\b(?<!day\s)(?:from|in|of|during|on|(?:posted|published|released|out|dated|added|uploaded|appeared))\s+|"
            r"(?<=\belse\s))that\s+"
            r"(?:exact\s+|very\s+|same\s+)*(day|date|week|month|year|(?:github\s+)?(?:org|organi[sz]ation|lab|group))"
            # ("what else from that org is in here?")
            # ("anything else from that group in here")
            r"(?:\s+(?:(?:is|are)\s+)?(?:in\s+here|here|in\s+the\s+(?:corpus|collection|list)))?"
            r"(?:\s*\([^()]*\))?\s*[?.!]*\s*$",
            text,
        )
    ):
        # "anything else posted the same day?": as the paper a thread is about (rag.understand)
        values["same_day"] = True
        values["same_span"] = _span(match.group(1) or match.group(2))
        cut(match)
    elif (match := _WINDOW_OF_PAPER.search(text)) and (
        match.group("n") or _ASKS_PAPERS_DATED.search(text, 0, match.start())
    ):
        # "what was posted in the two weeks after the MM-RLHF paper?", "anything within a week of
        # URIAL?": the papers dated that many days after (or before, or either side of) its day
        amount = (match.group("n") or "one").lower()
        days = (1 if amount in ("a", "an", "one") else _number(amount)) * _UNIT_DAYS[
            match.group("unit").lower()[:3]
        ]
        values["same_day"], values["window"] = True, days
        # ("within a week (after) of X": the bracket's way, when the words say none)
        way = match.group("rel").lower()
        if way == "of" and (side := re.search(r"\b(after|before)\b", match.group("side") or "")):
            way = side.group(1)
        values["same_span"] = {"after": "after", "before": "before"}.get(way, "around")
        values["about"] = (match.group("paper"),)
        cut(match)
    elif (match := _NEXT_OF_THREAD.search(text)) and (
        _ANOTHER_THE_SAME_DAY.search(text, 0, match.start())
        or re.fullmatch(r"\W*(?:(?:and|what|how)(?:\s+about)?)?\W*", text[: match.start()], re.I)
    ):
        # "what was posted the following day?", "anything the week before?": of the day of the
        # paper the thread is on (rag.understand)
        unit = (match.group("unit") or match.group("unit2")).lower()
        values["same_day"], values["window"] = True, _UNIT_DAYS[unit[:3]]
        later = (match.group("next") or match.group("rel")).lower() in ("following", "next", "after")
        values["same_span"] = "after" if later else "before"
        cut(match)
    elif match := _NEXT_TO_PAPER.search(text):
        # "which paper comes next chronologically after it?": the first paper dated after that
        # paper's day (or the last before it), one paper
        later = bool(match.group("next"))
        values["same_day"] = True
        values["same_span"] = "after" if later else "before"
        values["about"] = (match.group("paper"),)
        values["sort"], values["descending"], values["single"] = Field.DATE, not later, True
        cut(match)
    elif (
        (match := _RELATIVE_TO_PAPER.search(text))
        and (
            _ANOTHER_THE_SAME_DAY.search(text)
            or re.match(r"^\W*how\s+many\b", text)
            or re.search(r"\b(?:papers|works|ones)\b", text[: match.start()], re.I)
        )
        and len(text[: match.start()].split()) <= _ASKING_WORDS
    ):
        # "what came out after the alignment faking paper?", "which papers are newer than URIAL?":
        # the papers dated after (or before) that paper's day
        later = bool(
            match.group("after") or (match.group("than") or "").lower() in ("newer", "later", "more recent")
        )
        values["same_day"] = True
        values["same_span"] = "after" if later else "before"
        values["about"] = (match.group("paper"),)
        cut(match)
    if (
        not values.get("same_day")
        and (match := _MORE_THAN_PAPER.search(text))
        # (papers asked for: "does MM-RLHF have more upvotes than MJ-Bench?" compares two)
        and re.search(r"\b(?:papers|ones|works|which|any|anything|what|list|show)\b", text[: match.start()])
        and not re.match(r"^\s*(?:does|did|do|is|was|has|had)\b", text)
    ):
        # "which papers have more authors than URIAL?": bounded by that paper's count
        more = match.group("more") in ("more", "higher") or match.group("list") in (
            "longer",
            "bigger",
            "larger",
        )
        bounded = "authors" if match.group("authors") or match.group("list") else "upvotes"
        values["same_day"] = True
        values["same_span"] = f"{'more' if more else 'fewer'} {bounded}"
        values["about"] = (match.group("paper"),)
        cut(match)
    if (
        not values.get("same_day")
        and (match := _AS_MANY_AS_PAPER.search(text))
        and _ANOTHER_THE_SAME_DAY.search(text[: match.start()])
    ):
        # "which other papers have exactly that many authors?": that paper's count (of the one
        # it names, else of the thread's)
        values["same_day"] = True
        bound = (match.group("bound") or "").lower()
        reach = "least" if bound in ("at least", "no fewer than") else "most" if bound else "same"
        values["same_span"] = f"{reach} {'authors' if match.group('authors') else 'upvotes'}"
        if match.group("paper"):
            values["about"] = (match.group("paper"),)
        cut(match)
    # Two papers' dates compared ("which came out first, DeAL or GenARM?"): no sort of all papers.
    figure = "group" in values or "measure" in values
    two_dated = _DATE_COMPARISON.search(text) or _DATE_COMPARISON_AFTER.search(text) if not figure else None
    for word, descending in _DATE_SUPERLATIVE.items() if two_dated is None and not figure else ():
        # Bound to what is dated: "the newest paper", "most recent survey", "posted last";
        # "first figures out" and "recent work shows" are not requests to sort.
        if (
            (
                match := re.search(
                    # ("it first works out if ...": "works" a verb there)
                    # ("first it suggests one piece": "one" right after the word, "the first one")
                    # ("latest rubric-based reward modeling paper?": a topic of up to four words)
                    # ("... retrieving a few behaviours first - which paper?": a clause ends there)
                    # ("oldest weak-to-strong / easy-to-hard generalization paper": alternatives)
                    rf"\b{word}\s+(?:(?:(?!which\b|what\b)\w[\w-]*(?:\s*/\s*[\w-]+)*\s+){{0,2}}?(?:{_DATED_THINGS})|"
                    rf"(?:(?!(?:of|in|on|from|by|for|about|the|this|that|its|their|and|or)\b)[\w-]+(?:\s*/\s*[\w-]+)*\s+){{3,4}}?(?:papers?|preprints?)|(?:(?:\d+|two|three|four|five|ten)\s+)?ones?)\b(?!\s+(?:out|well|together|best)\b)|"
                    rf"\b(?:{_DATED_VERBS})\s+{word}\b|"
                    # "newest of the rubric-based reward model papers?"
                    rf"^\W*(?:the\s+)?{word}\s+(?:one\s+)?(?:of|among)\s+(?:the|these|those|all)\b|"
                    # "... which is the most recent (and when was it posted)?"
                    # ("which diffusion paper is the newest? we want the latest work": asked in the
                    # sentence it ends)
                    rf"\b(?:which|what)(?:\s+[\w-]+){{0,3}}?\s+(?:is|was)\s+(?:the\s+)?{word}"
                    rf"(?:\s*,?\s+and\s+(?:when|how|what)\b[^?.!]*)?\s*(?:[?.!]+|$)|"
                    # ... of the papers it then lists: "which is newest: DeAL, GenARM or QAlign?"
                    rf"\b(?:which|what)(?:\s+[\w-]+){{0,3}}?\s+(?:is|was)\s+(?:the\s+)?{word}"
                    rf"(?:\s*[:\u2014\u2013]|\s+(?:of|among|between)\b)[^?.!]+(?:[?.!]+|$)|"
                    # ... of the papers it lists first: "which of SALMON, the original Dromedary /
                    # SELF-ALIGN paper and CycleAlign is the oldest?"
                    rf"\b(?:which|what)(?:\s+(?:one|paper))?\s+(?:of|among|between)\s+[^?!]+?(?:,|\s(?:and|or|&)\s)[^?!]+?\s(?:is|was)\s+"
                    rf"(?:the\s+)?{word}(?:\s+(?:one|paper))?\s*(?:[?.!]+|$)|"
                    # a turn that is the superlative alone: "and the oldest?", "what about the newest?"
                    # ("and the first?" may point at a list's first row: not that word)
                    # ("what's the newest then?")
                    rf"^\W*(?:(?:and|or|what about|how about|what's|whats|what\s+is|which\s+is)\s+)?(?:the\s+)?"
                    rf"(?!first\b|last\b){word}(?:\s+(?:then|one|overall|in\s+here))?\s*[?.!]*\s*$",
                    text,
                )
            )
            and not _told(text, match.start())
            and not (word in ("first", "last") and _ASKED_OF_ROW.search(text[: match.start()]))
        ):
            values["sort"], values["descending"] = Field.DATE, descending
            # "the newest paper" is one; "the newest papers", several, newest first
            values["single"] = word != "recent"
            # Only the superlative goes: "the earliest survey" keeps "survey" as its topic.
            start = match.start() + match.group(0).index(word)
            text = text[:start] + " " + text[start + len(word) :]
            break
    if "sort" not in values and not figure:
        for word, descending in _SUPERLATIVE.items():
            match = re.search(rf"\b{word}\b((?:\s+[\w-]+){{0,3}})", text)
            if match and _told(text, match.start()):
                match = None
            bound = _bound_field(match.group(1)) if match else None
            if match and _LIKENESS.match(match.group(1)):
                bound = None  # "most like people's", "most similar to": a likeness, not a count
            if match and bound is Field.AUTHORS and _MOST_PEOPLE.match(text, match.start()):
                bound = None  # "which convictions most people regard as wiser": a majority
            if (
                match
                and bound is None
                and not match.group(1).strip()
                and text[match.end() :].strip(" ?.!") == ""
            ):
                # "of the 2025 papers that show upvotes, which has the fewest?": the one count
                # the question names elsewhere
                named = {
                    field
                    for field in (Field.AUTHORS, Field.UPVOTES)
                    if re.search(rf"\b(?:{_FIELD_WORDS[field]})\b", written)
                }
                bound = named.pop() if len(named) == 1 else None
            if match and bound in (Field.AUTHORS, Field.UPVOTES):
                values["sort"], values["descending"], values["single"] = bound, descending, True
                # Cut through the field's word only: "most upvoted paper about reward models"
                # keeps its topic.
                field_word = re.search(rf"\b(?:{_FIELD_WORDS[bound]})\b(?:\s+count\b)?", match.group(1))
                end = match.start(1) + (field_word.end() if field_word else len(match.group(1)))
                text = text[: match.start()] + " " + text[end:]
                break
    if not figure and (match := _POPULAR.search(text)) and not _told(text, match.start()):
        # ("what's trending?" asks for several, most upvoted first)
        trending = match.group(0).startswith("trending")
        values["sort"], values["descending"], values["single"] = Field.UPVOTES, True, not trending
        start = match.start()
        cut(match)
        if trending:  # "what's trending in RLHF?": the topic after it
            text = text[: start + 1] + re.sub(r"^\s*(?:in|for|within)\s+(?=\S)", " about ", text[start + 1 :])
    ordered = False  # an order asked for in words ("oldest first"), not a superlative
    if "sort" not in values and not figure and (match := _IN_DATE_ORDER.search(text)):
        # "reward model papers, oldest first", "in chronological order", "newest to oldest": the
        # papers in that order
        values["sort"], values["descending"] = Field.DATE, bool(match.group("down"))
        values["single"] = False
        ordered = True
        cut(match)
    if "sort" not in values and not figure and (match := _SORTED_BY.search(text)):
        # "top 5 papers by upvotes", "ranked by author count", "sorted by date (oldest first)":
        # the papers in that order, most first unless the turn asks for the other end.
        by = Field.DATE if match.group("date") else Field.UPVOTES if match.group("votes") else Field.AUTHORS
        # (dates are sorted as a calendar reads, oldest first, unless the turn asks the other way
        # or for recency; counts most first)
        descending = (
            bool(
                match.group("down")
                or match.group("date").startswith("recency")
                # ("which is the newest by date?")
                or (
                    not match.group("up")
                    and re.search(r"\b(?:newest|latest|most\s+recent|recent|newer)\b", text[: match.start()])
                )
            )
            if by is Field.DATE
            else not match.group("up")
        )
        values["sort"], values["descending"] = by, descending
        # ("papers on reward hacking, sorted by date": that topic's papers in date order, an order
        # asked in words, not a topic's recent work to be looked up)
        ordered = ordered or by is Field.DATE
        # ("what's the top paper by upvotes?": one paper, the first of them)
        values["single"] = bool(
            re.search(
                r"\bthe\s+(?:top|first|highest|best|leading|number\s+one)\s+(?:paper|one|work|entry)\b",
                text[: match.start()],
            )
        )
        cut(match)
    # Two papers' counts added or subtracted: "combined upvotes of MM-RLHF and MJ-Bench?", "how
    # many more upvotes does X have than Y?"
    for arithmetic, two in (("sum", _TWO_SUMMED), ("difference", _TWO_SUBTRACTED)):
        match = two.search(text)
        groups = (
            {k[:-1] if k[-1].isdigit() else k: v for k, v in match.groupdict().items() if v} if match else {}
        )
        bound = _bound_field(groups.get("field", "")) if match else None
        if match and bound in (Field.AUTHORS, Field.UPVOTES):
            values["compare"], values["descending"], values["arithmetic"] = bound, True, arithmetic
            values["about"] = (groups["a"], groups["b"])
            cut(match)
            break
    if "compare" not in values and (match := _TWO_DAYS_APART.search(text)):
        # the days between two papers' dates: their dates, and the difference
        groups = {k[:-1]: v for k, v in match.groupdict().items() if v}
        values["compare"], values["descending"], values["arithmetic"] = Field.DATE, True, "difference"
        values["about"] = (groups["a"], groups["b"])
        cut(match)
    # Counts of two papers compared: "which got more upvotes, X or Y?", "X vs Y - which one has
    # more upvotes?", "does X have more authors than Y?"
    for pattern in _COUNT_COMPARISONS:
        match = re.search(pattern, text)
        bound = _bound_field(match.group("field")) if match else None
        if match and match.group("field") == "team":
            bound = Field.AUTHORS  # "who had the bigger team, X or Y?" (not "500+ teams" entered)
        if match and bound in (Field.AUTHORS, Field.UPVOTES):
            values["compare"], values["descending"] = bound, _COMPARATIVE[match.group("word")]
            values["about"] = (match.group("a"), _HOW_MANY_EACH.sub("", match.group("b")).strip())
            cut(match)
            # "…, which one has more upvotes, and how many?": the counts compared are given
            text = _HOW_MANY_EACH.sub(" ", text)
            break
    for pattern in _FIELD_AGAINST if "compare" not in values else ():
        match = re.search(pattern, text)
        bound = _bound_field(match.group("field")) if match else None
        if match and bound in (Field.AUTHORS, Field.UPVOTES):
            values["compare"], values["descending"] = bound, True
            values["about"] = (match.group("a"), match.group("b"))
            cut(match)
            break
    # "which is newer, X or Y?", "which came out first, X or Y?"
    if "compare" not in values and (match := two_dated):
        values["compare"], values["about"] = Field.DATE, (match.group("a"), match.group("b"))
        values["descending"] = match.group("word") in (
            "newer",
            "more recent",
            "more recently",
            "later",
            "last",
        )
        cut(match)
    # "do X and Y have the same number of authors?", "were X and Y posted the same day?"
    if "compare" not in values and (
        match := re.search(
            r"\b(?:do|does|did|are|were|is|was)\s+(.+?)\s+and\s+(.+?)\s+(?:have|has|had|get|got|share|"
            r"(?:get |been )?(?:posted|published|released|dated)(?:\s+on)?|come out on|came out on)?\s*"
            r"(?:the\s+)?same\s+(number of\s+(?:authors?|upvotes?|votes?)|(?:author|upvote|vote)\s+count|"
            r"upvotes?|authors?|date|day)\b",
            text,
        )
    ):
        word = match.group(3)
        same = Field.DATE if word in ("date", "day") else _bound_field(word)
        if same is not None:
            values["compare"], values["about"] = same, (match.group(1), match.group(2))
            cut(match)
    # "is X newer than Y?", "was X posted before Y?", "does X have more upvotes than Y?"
    if "compare" not in values and (
        match := re.search(
            # (not a set: "is anything in the corpus newer than it?" asks for the papers that are)
            r"^\s*(?:is|was|are|were)\s+(?!(?:anything|something|any|some|there|papers?|others?)\b)(.+?)\s+"
            r"(newer|older|more recent|earlier|later)"
            r"(?:\s+or\s+(?:newer|older|more recent|earlier|later))?\s+than\s+(.+?)\s*[?.!]*\s*$|"
            # "was it posted before Y?", "was that before or after Y?" (no verb: both ways asked)
            r"^\s*(?:is|was|did)\s+(.+?)\s+(?:(?:posted|published|released|out|come out|dated)\s+"
            r"(before|after|earlier than|later than)|(before|after)\s+or\s+(?:before|after))"
            r"(?:\s+or\s+(?:before|after))?\s+(.+?)\s*[?.!]*\s*$",
            text,
        )
    ):
        if match.group(1):
            first, word, second = match.groups()[:3]
        else:
            first, word, second = match.group(4), match.group(5) or match.group(6), match.group(7)
        values["compare"], values["about"] = Field.DATE, (first, second)
        values["descending"] = word in ("newer", "more recent", "later", "after", "later than")
        cut(match)
    # "before or after the alignment faking paper?": of the paper a thread is about ("it").
    if "compare" not in values and (
        match := re.search(
            r"^\W*(?:and\s+|so\s+)?(?:(?:posted|published|released|out)\s+)?(before|after)\s+or\s+(?:before|after)\s+"
            r"(.+?)\s*[?.!]*\s*$",
            text,
        )
    ):
        values["compare"], values["about"] = Field.DATE, ("it", match.group(2))
        values["descending"] = match.group(1) == "after"
        cut(match)
    # The organisation of a named paper: "which lab published EditReward?"
    if (
        match := re.search(
            r"\b(?:which|what)\s+(?:lab|organi[sz]ation|org|institution|group|team|company|institute)\s+"
            r"(?:published|released|is behind|was behind|made|wrote|put out|produced|posted|authored|did)\s+(.+?)\s*[?.!]*\s*$|"
            r"\b(?:lab|organi[sz]ation|org|affiliation|institution)\s+(?:(?:is\s+|was\s+)?(?:given|listed|shown|named|"
            r"credited|stated)\s+)?(?:of|behind|for|on|with)\s+(.+?)\s*[?.!]*\s*$|"
            r"\b(?:which|what)\s+(?:lab|organi[sz]ation|org|institution|group|team|company)\s+(?:is|was)\s+(.+?)\s+"
            r"(?:from|by|affiliated with|under|credited to|listed under|listed with|associated with)"
            r"(?:\s+(?:on|in)\s+(?:the|its|their)\s+(?:page|listing)s?)?"
            # (… "and how many upvotes?": another fact of it after)
            r"(?:\s*[?.!]*\s*$|(?=,?\s+and\s+(?:how|what|when|its|the|upvotes|authors|date)\b))|"
            # "The PaCo-RL listing shows an organisation. Which organisation is it?"
            r"\b(?:which|what)\s+(?:lab|organi[sz]ation|org|institution|group|team|company)\s+(?:is|was)\s+"
            r"(it|that|this|that one|this one)\s*[?.!]*\s*$|"
            # "who is the Alignment Waltz paper credited to on the listing (org)?"
            r"^\W*who(?:'s|\s+is|\s+was)\s+(.+?)\s+(?:(?:credited|attributed)\s+to|(?:listed|filed)\s+under)"
            r"(?:\s+(?:on|in)\s+(?:the|its|their)\s+(?:page|listing)s?)?(?:\s*\((?:the\s+)?(?:org|organi[sz]ation|lab)\))?"
            r"\s*[?.!]*\s*$|"
            # "who posted the paco-rl paper, like what org": the organisation it was posted under
            r"^\W*who\s+(?:posted|published|released|put\s+out|uploaded)\s+(.+?)\s*[,;:-]+\s*(?:like\s+|i\s+mean\s+)?"
            r"(?:what|which)\s+(?:org|organi[sz]ation|lab|group|institution)\s*[?.!]*\s*$|"
            # "who's the group credited for PaCo-RL on the listing?"
            r"\b(?:group|team)\s+(?:is\s+|was\s+)?(?:credited|listed|named|shown)\s+(?:for|on|with|under)\s+(.+?)"
            r"(?:\s+(?:on|in)\s+(?:the|its|their)\s+listings?)?\s*[?.!]*\s*$",
            text,
        )
    ) and not (re.search(r"\band\s*$", text[: match.start()]) and fact_cue(text[: match.start()])):
        # ("how many upvotes did it get and which group is it credited to?": asked after another
        # fact, the organisation is one more fact of it, read with that one)
        subject = next(group for group in match.groups() if group)
        values["fact"], values["about"] = Field.ORGANISATION, (subject.strip(),)
        values.pop("has_organisation", None)
        cut(match)
    # Papers without a fact: "which papers have no upvotes listed?", "how many papers don't list an
    # author count?", or said of the fact: "which papers' date is missing?"; those left out of what
    # is asked ("skip the ones that dont list an author count", "papers without a date should be
    # left out", "leave out papers whose upvote count is unknown") are the papers that give it.
    for absent in (_WITHOUT_FIELD, _FIELD_UNKNOWN):
        if match := absent.search(text):
            word = match.group("field")
            field = Field.DATE if "date" in word else _bound_field(word)
            kept = (
                bool(match.groupdict().get("aside"))
                or _LEFT_ASIDE.search(text[: match.start()]) is not None
                or _LEFT_OUT_AFTER.match(text[match.end() :]) is not None
            )
            if field is not None:
                conditions.append(Condition(field, "present" if kept else "missing", 0))
                cut(match)
    # Papers with a fact: "how many papers have an upvote count listed?", "which list their author count?"
    if match := re.search(
        # ("among papers with a known upvote count, …")
        r"\b(?:have|has|having|with|got)\s+(?:an?\s+|any\s+|their\s+|the\s+)?(?:known\s+|listed\s+|visible\s+)?"
        r"(upvote\s+counts?|upvotes?|votes?|author\s+counts?|authors?|(?:posting\s+|publication\s+|release\s+)?dates?)"
        # "... listed", "... at all", "... on the listing", or nothing more ("how many papers have
        # upvotes?", "among papers that have an upvote count, which ...")
        r"(?:\s+(?:listed|given|shown|recorded|known)\b|\s+at\s+all\b|\s+(?:on|in)\s+(?:the|its|their)\s+listings?\b|"
        r"(?=\s*[,;:]|\s*[?.!]*\s*$))|"
        r"\b(?:list|lists|listing|give|gives|show|shows|state|states)\s+(?:an?\s+|their\s+|the\s+|its\s+)"
        r"(upvote\s+counts?|upvotes?|author\s+counts?|dates?)\b|"
        # "the most recent paper that actually lists how many authors it has"
        r"\b(?:list|lists|listing|give|gives|show|shows|state|states|says?)\s+how\s+many\s+(authors|upvotes)\b"
        r"(?:\s+(?:it|they)\s+(?:has|have|had|got|gets|get))?",
        text,
    ):
        word = match.group(1) or match.group(2) or match.group(3)
        field = Field.DATE if "date" in word else _bound_field(word)
        if field is not None:
            conditions.append(Condition(field, "present", 0))
            cut(match)
    # Who wrote a paper: "who wrote X?", "who are the authors of X?", "author names of X".
    if "fact" not in values and (
        match := re.search(
            # ("who built a benchmark for web agents?" asks which paper did: a search)
            r"(?:\b|^)(?:who\s+(?:wrote|authored|writes|published|"
            r"(?:made|created|developed|built)(?!\s+(?:a|an|any|some|it|this|that)\b)|"
            r"are\s+the\s+authors\s+(?:of|on|behind)|"
            r"were\s+the\s+authors\s+(?:of|on|behind)|is\s+the\s+author\s+of|is\s+behind|are\s+behind)|"
            r"(?:the\s+)?(?:authors?'?\s+names|names\s+of\s+the\s+authors|author\s+names)\s+(?:of|for|on)|"
            # "authors of X" opening the question, "list the authors of X", "who's first author on X"
            r"^\W*(?:(?:list|give|show|name)\s+(?:me\s+)?)?(?:the\s+|all\s+(?:the\s+)?)?authors\s+(?:of|for|on)|"
            r"\bwho(?:'s|\s+is|\s+was)\s+(?:the\s+)?(?:first|last|lead|senior|corresponding)\s+author\s+(?:of|on))"
            r"\s+(.+?)\s*[?.!]*\s*$",
            text,
        )
    ):
        values["fact"], values["about"] = Field.AUTHOR_NAMES, (match.group(1).strip(),)
        cut(match)
    # ... or of the thread's paper: "who are the authors?", "who were its authors?"
    if "fact" not in values and (
        match := re.search(
            r"\bwho(?:\s+(?:are|were)\s+(?:the|its|their)\s+authors|\s+(?:made|created|developed|built)\s+"
            r"(?:it|this|that)(?:\s+(?:one|paper|work))?|"
            # "who's the first author?", "first author?"
            r"(?:'s|\u2019s|\s+is|\s+was)\s+(?:the\s+|its\s+|their\s+)?(?:first|last|lead|senior|corresponding)\s+author|"
            # "who's it from?", "who is this paper by?"
            r"(?:'s|\u2019s|\s+is|\s+was)\s+(?:it|this|that)(?:\s+(?:one|paper|work))?\s+(?:from|by))"
            # ("who made it btw?")
            r"(?:\s+(?:btw|then|again|anyway|exactly))?\s*[?.!]*\s*$|^\W*(?:and\s+)?(?:the\s+|its\s+)?(?:first|lead|senior|last)\s+author\s*[?.!]*\s*$",
            text,
        )
    ):
        values["fact"], values["about"] = Field.AUTHOR_NAMES, ("it",)
        cut(match)
    # Facts of one paper: "how many authors does X have", "when was X posted", "date of X".
    if "fact" not in values and (
        match := re.search(
            r"\bhow (?:many|much) (authors?|upvotes?|votes?|likes?)\b\s*(?:(?:does|do|did|has|have|had|on|for|in)\b)?\s*(.*)",
            text,
        )
    ):
        subject = re.sub(
            r"\b(have|has|get|got|receive|received|list)\s*[?.!]*\s*$", "", match.group(2)
        ).strip(" ?.!")
        # ("how many authors are listed?", "… are there on it?": the verb, no paper named)
        subject = re.sub(
            r"^(?:(?:are|were|is|was)\s+(?:there\s+)?(?:listed|credited|named|given|shown|on\s+it|in\s+total|total)?)\s*$",
            "it",
            subject,
        )
        if re.match(r"^\W*(?:,|and\b)", subject) and all(
            word in _FACT_FILLER for word in re.findall(r"[a-z']+", subject)
        ):
            subject = "it"  # ("how many authors, and when posted?": another field of it, no paper)
        if (
            subject
            and not re.match(r"(?:the )?(?:papers?|ones?)\b", subject)
            and not _of_the_superlative(subject, values)
        ):
            values["fact"] = _bound_field(match.group(1))
            values["about"] = (subject,)
            cut(match)
    if "fact" not in values and (
        match := re.search(
            r"\b(?:(?:number of|count of|how many)\s+(authors?|upvotes?|votes?|likes?)|(author|upvote|vote)s?\s+count)\s+"
            r"(?:on|of|for|in|does)\s+(.+?)\s*(?:have|has|get|got)?\s*[?.!]*\s*$",
            text,
        )
    ):
        subject = match.group(3).strip(" ?.!")
        if not re.match(r"(?:the )?(?:papers?|ones?|each|every|all)\b", subject) and not _of_the_superlative(
            subject, values
        ):
            values["fact"], values["about"] = _bound_field(match.group(1) or match.group(2)), (subject,)
            cut(match)
    # "upvotes of MJ-Bench?", "author count for X", "date of X": the whole question is the fact.
    if "fact" not in values and (
        match := re.search(
            r"^\s*(?:what (?:is|are|was|were) |what's |whats )?(?:the\s+)?(?:number of\s+)?"
            r"(upvotes?|votes?|likes|(?:author|upvote|vote)\s+count|authors?|(?:publication|posting|release)?\s*date)"
            r"\s+(?:of|for|on)\s+(.+?)\s*[?.!]*\s*$",
            text,
        )
    ):
        subject = match.group(2).strip()
        word = match.group(1).strip()
        wanted = Field.DATE if word.endswith("date") else _bound_field(word)
        if wanted is not None and not re.match(r"(?:the )?(?:papers?|ones?|each|every|all)\b", subject):
            values["fact"], values["about"] = wanted, (subject,)
            cut(match)
    date_verb = r"(?:get |first )?(?:posted|published|released|come out|came out|appear|appeared|dated|added|uploaded)"
    if "fact" not in values and (
        match := re.search(
            rf"\b(?:(?:publication|posting|release) date (?:of|for)|(?:what is |what's )?the date (?:of|for)|when did|"
            rf"what (?:date|day) (?:was|is|did))\s+(.+?)\s*"
            rf"(?:{date_verb})?\s*[?.!]*\s*$|\bwhen (?:was|were|is)\s+(.+?)\s+{date_verb}\s*[?.!]*\s*$",
            text,
        )
    ):
        about = (match.group(1) or match.group(2)).strip()
        if "sort" not in values or about not in ("it", "that", "this", "that one", "this one"):
            # "which is the most recent and when was it posted?": "it" is the sort's answer
            values["fact"], values["about"] = Field.DATE, (about,)
        cut(match)
    # "how many papers", "number of papers"; not "how many authors does it have" (a fact).
    field_noun = r"(?!\s+(?:authors?|upvotes?|votes?|likes|people|co-?authors?)\b)"
    # "the paper with the most authors, and how many does it have?" asks the top paper's figure.
    asks_back = "sort" in values and re.search(
        # ("top-upvoted paper? give me the count too": the count it is sorted by)
        r"\bhow (?:many|much)\b[^?.]*\b(?:it|this|that one|they)\b|\b(?:the|its|their)\s+(?:count|number|figure)s?\b(?!\s+of\b)|"
        # ("most upvoted paper + count")
        r"(?:\+|&|\bplus|\bwith)\s*(?:the\s+)?(?:count|number|figure)\s*[?.!]*\s*$|"
        # "which paper had the largest team of authors, and how many?"
        r"[,;]\s*(?:and\s+)?how\s+many\s*[?.!]*\s*$",
        text,
    )
    # ("of the ones that show a count", "papers with an upvote count": that a count is listed)
    counted = re.sub(
        r"\b(?:shows?|showing|has|have|having|with|without|lists?|listing)\s+(?:a|an|any|no|the|their|its)\s+"
        r"(?:[\w-]+\s+)?count\b",
        " ",
        text,
    )
    if (
        not asks_back
        and not _counts_other_things(text)
        and re.search(
            # ("number of 2024 papers": the date, "of 2024", is cut before this reads it)
            rf"\bhow many\b{field_noun}|\bnumber of\b{field_noun}|\bnumber\s+(?=papers?\b)|(?<!author )(?<!authors )(?<!upvote )(?<!upvotes )(?<!vote )(?<!votes )\bcount\b|"
            # ("judge how much worse each clip is", "how much does tuning change": a degree)
            r"\bhow much\b(?!\s+(?:\w+er|more|less|worse|better|does|do|did|is|are|was|were|can|could|would|"
            r"will|has|have|had)\b)",
            counted,
        )
    ):
        values["count"] = True
        # "list them" asks for the papers too; "in the list" is the collection
        values["listing"] = bool(
            re.search(
                # "what got posted in Mar '25? how many?": the papers as well as their count
                r"\b(which|what\s+(?:are|were|was|got|came)\b(?!\s+the\s+(?:number|count|total))|name|"
                r"(?:are|is)\s+there\s+(?:any|(?!(?:the|a)\b)[\w-]+\s+papers)|"
                # "give me the count and the list"
                r"(?:and|plus|with)\s+(?:the\s+|a\s+)?(?:list|titles)|(?:papers|ones)\s*(?:\+|&)\s*(?:the\s+)?count|"
                # "show them" asks; "papers that show 2 upvotes" is what their listings give
                r"(?:^|and|please|pls|also|[,;:])\s*show|show\s+(?:me|us|them|those|these|the\s+papers|which)|"
                r"anything)\b",
                text,
            )
            # "march 2025 papers? how many": the papers asked for, then their count
            or (
                re.match(r"[^?]*\?\s*(?:and\s+)?how\s+many\b", text) is not None
                and not re.match(r"[^?]*\b(?:how\s+many|number\s+of|count)\b", text, re.I)
            )
            # "in the list" is the collection, and "papers that list ten or more authors" what
            # a paper's listing gives (read before the condition was cut from the question)
            or re.search(
                r"(?<!the )(?<!this )(?<!our )(?<!your )\blist\b(?!\s+(?:[\w-]+\s+){0,4}(?:authors|upvotes)\b)",
                written,
            )
        )
    if figure:  # the figure is the answer: no paper's own fact, no sort, no count of papers
        for key in ("fact", "about", "compare", "same_day", "sort", "single", "count", "listing"):
            values.pop(key, None)
        limit = None
    # "data from around 300,000 people": people a study asked, not a paper's authors; nor are "6
    # people" in a question that asks of no paper ("how do I cook a paella for 6 people?")
    of_papers = _OF_PAPERS.search(question) is not None
    conditions = [
        c
        for c in conditions
        if not (
            c.field is Field.AUTHORS
            and isinstance(c.value, int)
            and (c.value > _MOST_AUTHORS or not of_papers)
        )
    ]
    # A date alone ("who won the 2022 World Cup?") asks about papers only when the question
    # lists or counts something of the corpus.
    # ("which of them has a date on the listing?", "which have no date at all?": whether the
    # listing gives one is its field; not "which of the two is newer, with dates?")
    listing_gives = (
        re.search(r"\blist(?:ing|ed)?\b|\bposting\s+date|\bat\s+all\b", question.lower()) is not None
    )
    only_dates = (
        conditions
        and all(
            c.field is Field.DATE and not (c.op == "missing" or (c.op == "present" and listing_gives))
            for c in conditions
        )
        and not (values.keys() - {"count", "listing", "has_organisation"})
    )
    if (
        only_dates
        and not _LISTING.search(text)
        and not _WHAT_ON_A_DAY.match(text)
        # "October 2025: give me the count": a bare count of what the date holds
        and not (values.get("count") and _BARE_COUNT.search(text))
    ):
        return None
    if (
        _counts_other_things(text)
        and not conditions
        and not values.keys() & {"fact", "sort", "compare", "same_day"}
    ):
        return None  # "how many prompt-rubric pairs are in OpenRubrics?": the abstract's figure
    # ("which titles mention diffusion?": the titles are the listing's field)
    asks_field = bool(conditions or values.keys() - {"count", "listing", "has_organisation"} or in_title)
    lists_organisations = values.get("has_organisation") and re.search(r"\b(which|list|papers)\b", text)
    total = re.search(
        r"\b(?:in total|total|altogether|overall|in (?:(?:the|this|your|our) )?(?:corpus|collection|list|library)|stored|in here|"
        r"are there|(?:do|did) (?:you|we) have|have (?:you|we) got|(?:you|we) (?:have|hold|know))\b",
        text,
    )
    # "how many papers are about diffusion?", "how many papers mention GRPO?": a topic counted.
    # Only when it counts papers: "a small number of conversations about X" counts nothing.
    counts_topic = bool(values.get("count") and _COUNTS_PAPERS.search(text) and _TOPIC_AFTER.search(text))
    if not asks_field and not lists_organisations and not (values.get("count") and (total or counts_topic)):
        return None
    filtered = conditions or values.get("organisation") or values.get("has_organisation") or in_title
    if (
        values.get("count")
        and not filtered
        and not values.get("fact")
        and not values.get("sort")
        and not values.get("same_day")  # "how many came out after PaCo-RL?"
        and not total
        and not counts_topic
    ):
        return None
    # "which papers have the most ..." and "top 5" want a ranked list; "which one", "the paper
    # with the most ..." the top (ties kept).
    plural = re.search(
        r"\b(?:which|what|list|show)\s+(?:\w+\s+)?(?:papers|ones)\b|\bpapers\s+(?:with|that have|having)\s+the\b",
        text,
    ) or re.search(
        # "the most upvoted papers", "newest preprints": several, in order
        r"\b(?:most\s+upvoted|most\s+popular|top[- ](?:voted|rated)|newest|latest|oldest|earliest)\s+"
        r"(?:[\w-]+\s+)?(?:papers|ones|works|preprints|studies|articles|surveys)\b",
        question.lower(),
    )
    one = re.search(r"\bwhich (?:one|paper)\b|\bthe (?:paper|one)\b", text)
    single = bool(values.get("single")) and not (plural and not one) and limit is None
    if placed and values.get("sort") in (Field.UPVOTES, Field.AUTHORS):
        single = True
    if (
        not single
        and values.get("sort") in (Field.UPVOTES, Field.AUTHORS)
        and limit is None
        and re.search(
            r"\bthe\s+(?:lowest|highest|fewest|most|least|largest|smallest|biggest)\s*[?.!]*\s*$",
            question.lower(),
        )
    ):
        # "among the 2024 papers that show upvotes, which ones have the lowest?": the papers tied
        # at the end asked for, not every paper in that order
        single = True
    topic = _topic(text)
    if in_title and " | " in topic and any(names_a_kind(part) for part in topic.split(" | ")):
        # "the survey with Gemini in the title": a survey whose title holds Gemini, both at once
        topic = " ".join(topic.split(" | "))
    if (
        values.get("sort") is Field.DATE
        and not values.get("single")
        and topic
        and not ordered
        and not (conditions or limit or values.keys() & {"organisation", "has_organisation", "count"})
    ):
        # "summarise recent work on the black hole information paradox": a topic to look up
        # (and to be refused when no paper is about it), not the corpus sorted by date.
        return None
    if values.get("same_day") and not values.get("about") and (stated := _STATED_THEN_ASKED.match(question)):
        # "I'm tracking what came out around the watermarking paper. What else is from that same
        # month?": that of the paper the statement before it names
        values["about"] = (stated.group(1),)
        topic = ""  # (the statement's words name the paper; the question after it, no topic)
    if "about" in values:  # "what date is the BLEUBERI paper from?" asks about "the BLEUBERI paper"
        sides = values["about"]
        assert isinstance(sides, tuple)
        if values.get("fact"):
            # "who published WebLINX and when": the other facts asked are no part of its name
            # ("how many authors, and the date?": nothing left but the other fact asked)
            sides = tuple(
                without_fact_cues(str(side))
                or ("" if any(p.search(str(side)) for _, p in _MORE_FACT_CUES) else str(side))
                for side in sides
            )
        values["about"] = tuple(
            re.sub(r"\s+(?:from|about|of|on|in|for)$", "", str(side).strip()) for side in sides
        )
        named_sides = cast(tuple[str, ...], values["about"])
        if values.get("fact") and all(
            not set(re.findall(r"[a-z0-9][\w*+-]*", side)) - FUNCTION_WORDS for side in named_sides
        ):
            # "how many authors and what date?": nothing names a paper, so it is the one in view
            values["about"] = ("it",)
        if (
            values.get("fact")
            and len(sides) == 1
            # ("how many authors, and when was it posted?": "was it posted" is of "it")
            and re.match(
                r"(?:(?:was|is|were|are|did|does|do|has|had)\s+)?(?:it|its|they|their|this|that)\b",
                str(values["about"][0]),  # type: ignore[index]
            )
            and (
                (named_lead := _NAMED_LEAD.match(question.lower()))
                or (named_lead := _COMMA_LEAD.match(question.lower()))
                or (named_lead := _STATED_THEN_ASKED.match(question))
                or (named_lead := _QUOTED_NAME.search(question))
            )
        ):
            # "PaCo-RL: how many upvotes did it get?": "it" is the paper the question leads with;
            # "The PaCo-RL listing shows an organisation. Which one is it?": the one the
            # statement before it names
            values["about"] = (named_lead.group(1),)
    if (
        values.get("sort")
        and values.get("fact") == values.get("sort")
        and values.get("about") in (("it",), ("that",), ("this",), ("that one",), ("this one",))
        # (a second clause asks it: "…, and what date is on it?"; "when was the first one
        # posted?" asks the date of a paper the thread gave)
        and re.search(r"(?:\band|,)\s+(?:what|which|when|how)\b", question, re.I)
    ):
        # "the earliest 2023 paper, and what date is on it?": what the sort picks by, which the
        # picked paper's line shows, not a fact of a paper before it
        values.pop("fact")
        values.pop("about")
    return MetadataQuery(
        conditions=tuple(conditions),
        sort=values.get("sort"),  # type: ignore[arg-type]
        descending=bool(values.get("descending", True)),
        single=single,
        count=bool(values.get("count")),
        listing=bool(values.get("listing", True)),
        organisation=values.get("organisation"),  # type: ignore[arg-type]
        has_organisation=bool(values.get("has_organisation")),
        fact=values.get("fact"),  # type: ignore[arg-type]
        also=more_facts(question, values["fact"]) if values.get("fact") else (),  # type: ignore[arg-type]
        about=values.get("about", ()),  # type: ignore[arg-type]
        compare=values.get("compare"),  # type: ignore[arg-type]
        arithmetic=str(values.get("arithmetic", "")),
        window=values.get("window"),  # type: ignore[arg-type]
        same_day=bool(values.get("same_day")),
        same_span=str(values.get("same_span", "day")),
        # ("papers on DPO posted after URIAL", "any other deception paper from the same month?"
        # keep their topic; "the same lab as X" is X's lab)
        topic=topic
        if not (values.get("fact") or values.get("compare"))
        and not (
            values.get("same_day")
            and values.get("same_span")
            not in ("after", "before", "around", "day", "week", "month", "year", *COUNT_BOUNDS)
        )
        else "",
        mentioned=bool(re.search(r"\bmention(?:s|ed|ing)?\b", text)) and not in_title,
        in_title=in_title,
        capture_year=capture_year,
        limit=limit,
        rank=rank if single else 1,
        period=_period(conditions) if today and RELATIVE_DAYS.search(question) else None,
        measure=values.get("measure"),  # type: ignore[arg-type]
        measured=values.get("measured"),  # type: ignore[arg-type]
        group=values.get("group"),  # type: ignore[arg-type]
        every_group=bool(values.get("every_group")),
    )


# Papers whose listing names no organisation.
_NO_ORGANISATION = re.compile(
    r"\b(?:no|without|missing|lacks?|lacking|not\s+credited\s+to)\s+(?:an?\s+|any\s+)?(?:listed\s+)?"
    r"(?:organi[sz]ations?|orgs?|labs?|institutions?|affiliations?)\b"
)
# "an organisation", "a lab": that one is named, not which (for "credited to", "affiliated with").
_SOME_ORGANISATION = (
    r"(?:an?|any|some|one|the|their|its)\s+(?:organi[sz]ations?|orgs?|labs?|institutions?|institutes?|"
    r"affiliations?|compan(?:y|ies)|groups?|teams?)\b"
)

_NAMED_ORGANISATION = (
    r"\b(?:from|by)\s+(?:the\s+)?(?!(?:the|an?|any|some|one|their|its|same|another|other|that|this|"
    r"which|what|whose|each|every|all|many|most|different)\b)"
    r"([\w.&-]+(?:\s+[\w.&-]+)?)\s+(?:organi[sz]ation|org|lab|institute)\b",
    r"\b(?:from|by)\s+(?:the\s+)?(?!(?:the|an?|any|some|this|these|that|those|here|list|corpus|"
    r"collection)\b)([A-Za-z][\w.&-]*(?:\s+[A-Za-z][\w.&-]*){0,4}?)\s*[(,]?\s*(?:going\s+by|according\s+to|"
    r"based\s+on|judging\s+by|per)\s+(?:the\s+|their\s+)?(?:organi[sz]ation|org|lab|affiliation)s?\b",
    # "any papers from openai as the org?"
    r"\b(?:from|by)\s+(?:the\s+)?(?!(?:the|an?|any|some|this|these|that|those|here|list|corpus|"
    r"collection)\b)([A-Za-z][\w.&-]*(?:\s+[A-Za-z][\w.&-]*){0,3}?)\s+(?:as|for)\s+(?:the\s+|their\s+|its\s+)?"
    r"(?:organi[sz]ation|org|lab|affiliation)s?\b",
    rf"\b(?:credited to|affiliated with|attributed to)\s+(?!{_SOME_ORGANISATION})"
    r"(?!(?:on|in)\s+(?:the|its|their)\s+(?:page|listing)s?\b)([\w .&-]+?)\s*(?:[?.!,]|$)",
)
_MEASURES = {
    "average": Measure.MEAN, "avg": Measure.MEAN, "mean": Measure.MEAN, "on average": Measure.MEAN,
    "median": Measure.MEDIAN, "typical": Measure.MEDIAN, "typically": Measure.MEDIAN,
    "total": Measure.TOTAL, "in total": Measure.TOTAL, "sum": Measure.TOTAL, "summed": Measure.TOTAL,
    "combined": Measure.TOTAL, "altogether": Measure.TOTAL, "all together": Measure.TOTAL,
    "cumulative": Measure.TOTAL, "aggregate": Measure.TOTAL, "in all": Measure.TOTAL,
}  # fmt: skip
_MEASURE_WORDS = "|".join(sorted(map(re.escape, _MEASURES), key=len, reverse=True))
# The fields a figure is computed over, as written: a count of authors or of upvotes.
_MEASURED = (
    r"(?P<{name}>(?:number|count)\s+of\s+(?:authors|co-?authors|upvotes|votes|likes)|"
    r"(?:author|upvote|vote)\s+counts?|authors?|co-?authors?|up-?votes?|upvoted)"
)
# A measure and the field it is of, within a few words of one clause either way round: "the
# average number of authors", "total upvotes", "upvotes on average", "authors does the
# typical paper have". "The average human acceptance threshold" binds no field: not a figure.
_MEASURE_REQUEST = re.compile(
    rf"\b(?P<measure>{_MEASURE_WORDS})\b,?(?:\s+(?!(?:and|or|but|which|what)\b)[\w'-]+){{0,3}}?\s+"
    + _MEASURED.format(name="field")
    + r"\b|\b(?P<measure_near>"
    + _MEASURE_WORDS
    + r")\s+(?:number\s+of\s+)?(?P<field_near>votes|likes)\b"
    + rf"|\b{_MEASURED.format(name='field_first')}\b(?:\s+(?!(?:and|or|but|which|what)\b)[\w'-]+)"
    rf"{{0,4}}?,?\s+(?P<measure_after>{_MEASURE_WORDS})\b"
)
# The mean as a bar papers are held to, not the figure asked for.
_ABOVE_AVERAGE = re.compile(
    r"\b(?:above|below|under|over|than)[- ](?:the\s+)?(?:average|mean|median|typical)\b"
)
# A total over a set, not one paper's figure: "how many upvotes in total does URIAL have?" asks
# URIAL's count. A set is written (papers, all, the corpus) or filtered (a date, an organisation).
_SET_WORDS = re.compile(
    r"\b(?:papers|ones|all|every|each|works|articles|preprints|entries|surveys|reviews|benchmarks|"
    r"corpus|collection|listing|here|overall|everything|them|those|these)\b"
)
# Words of a figure's request that say nothing of which papers ("per paper", "counting only papers
# whose author count is known": a paper without the field is left out anyway).
_AGGREGATE_NOISE = re.compile(
    r"\bper\s+(?:paper|article|entry|work|preprint)\b|\bcount(?:ing|ed)?\s+only\b|\bonly\s+count(?:ing|ed)?\b|"
    r"\b(?:where|when|whose|for which|if)\s+(?:the\s+|their\s+|its\s+|an?\s+)?(?:author|upvote|vote)\s+"
    r"counts?\s+(?:is|are|was|were)\s+(?:known|given|listed|available|stated|shown)\b|"
    r"\b(?:across|over|among|of)\s+(?:all\s+)?(?:the\s+)?(?=papers|ones|entries)|\b(?:do|does|did)\s+\w+\s+get\b|"
    r"\b(?:get|have|has|receive|received)\s*[?.!]*\s*$"
)
_GROUPS = {
    "day": Grouping.DAY, "date": Grouping.DAY, "month": Grouping.MONTH, "year": Grouping.YEAR,
    "organisation": Grouping.ORGANISATION, "organization": Grouping.ORGANISATION, "org": Grouping.ORGANISATION,
    "lab": Grouping.ORGANISATION, "institution": Grouping.ORGANISATION, "institute": Grouping.ORGANISATION,
    "affiliation": Grouping.ORGANISATION, "company": Grouping.ORGANISATION, "team": Grouping.ORGANISATION,
    "group": Grouping.ORGANISATION,
}  # fmt: skip
_GROUP_WORD = r"(?P<group>day|date|month|year|organi[sz]ation|org|lab|institution|institute|affiliation|company|team|group)s?"
_MOST = {
    "most": True, "largest number of": True, "highest number of": True, "greatest number of": True,
    "biggest number of": True, "most number of": True, "fewest": False, "least": False,
    "smallest number of": False, "lowest number of": False,
}  # fmt: skip
_MOST_WORDS = "|".join(sorted(map(re.escape, _MOST), key=len, reverse=True))
_PAPER_NOUNS = r"papers|entries|works|articles|preprints|publications|submissions|additions|uploads"
# "which month of 2024 had the most papers?", "the organisation with the fewest papers", "which lab
# published the most?", "the busiest month": papers counted by a field, the most (or fewest) named.
# Between the superlative and its noun only a topic may stand ("the most reward model papers"),
# not a field ("the most upvoted papers" is a sort).
_GROUP_REQUEST = re.compile(
    rf"\b(?:which|what|the)\s+(?:(?:single|one|calendar|particular)\s+)?{_GROUP_WORD}\b"
    rf"(?P<middle>(?:\s+[\w'/-]+){{0,6}}?)\s+(?:the\s+)?(?P<most>{_MOST_WORDS})\b"
    rf"(?:\s+(?P<gap>(?:[\w-]+\s+){{0,3}}?)(?:{_PAPER_NOUNS})\b|(?=\s*(?:[?.!,]|$|\s+(?:in|from|during|of|on|about)\b)))|"
    rf"\b(?P<busy>busiest|most active|most prolific|quietest|least active|least prolific)\s+"
    + _GROUP_WORD.replace("group>", "busy_group>")
    + r"\b"
)


# Papers counted per group: "per month", "each year", "by organisation", "a month", "broken down by
# year" ("by date" sorts: "sorted by date").
_EVERY_GROUP = re.compile(
    r"\b(?:per|each|every|a|by|for\s+each|broken\s+down\s+by|split\s+by|grouped\s+by)\s+(?:calendar\s+)?"
    r"(?P<group>day|month|year|organi[sz]ation|org|lab|institution|company)s?\b"
)
# ... of a question that counts papers ("how many papers", "number of papers", "count",
# "breakdown", "distribution", "papers per month")
_COUNTS_PER_GROUP = re.compile(
    rf"\bhow\s+many\b|\bnumbers?\s+of\b|\bcounts?\b|\bbreak\s*down\b|\bdistribution\b|\btally\b|"
    rf"\b(?:{_PAPER_NOUNS})\s+(?:per|each|every|a|by)\s"
)


def _grouping(word: str) -> Grouping:
    """The grouping a word of `_GROUP_WORD` names ("labs", "organization")."""
    return _GROUPS[re.sub(r"s$", "", word).replace("organization", "organisation")]


def _group_request(text: str) -> tuple[Grouping, bool, list[tuple[int, int]]] | None:
    """(what papers are counted by, whether the most are asked for, the words that asked)."""
    match = _GROUP_REQUEST.search(text)
    if match is None:
        return _group_asked_after(text)
    if match.group("busy"):
        word = match.group("busy_group")
        most = match.group("busy") in ("busiest", "most active", "most prolific")
    else:
        middle = match.group("middle") + " " + (match.group("gap") or "")
        if _bound_field(middle) in (Field.AUTHORS, Field.UPVOTES) or re.search(r"\bupvoted\b", middle):
            return None  # "which lab has the most upvoted papers": a sort of papers
        word, most = match.group("group"), _MOST[match.group("most")]
    grouping = _grouping(word)
    # The topic between the superlative and its noun stays ("the most reward model papers").
    end = match.end() if match.group("busy") or not match.group("gap") else match.start("gap")
    return grouping, most, [(match.start(), end)]


# The group asked for after its papers: "most papers were posted in which month?", "the most
# papers on RLHF are from which lab?" (what stands between may name the topic: it stays).
_GROUP_AFTER = re.compile(
    rf"\b(?:the\s+)?(?P<most>{_MOST_WORDS})\s+(?:number\s+of\s+)?(?P<gap>(?:[\w-]+\s+){{0,3}}?)"
    rf"(?:{_PAPER_NOUNS})\b(?P<rest>(?:\s+[\w'-]+){{0,6}}?)\s+(?P<asked>(?:(?:in|from|by|at|during)\s+)?"
    rf"(?:which|what)\s+{_GROUP_WORD})\b"
)


def _group_asked_after(text: str) -> tuple[Grouping, bool, list[tuple[int, int]]] | None:
    match = _GROUP_AFTER.search(text)
    if match is None or _bound_field(match.group("gap")) in (Field.AUTHORS, Field.UPVOTES):
        return None
    if re.search(r"\bupvoted\b", match.group("gap")):
        return None
    grouping = _grouping(match.group("group"))
    return grouping, _MOST[match.group("most")], [(match.start(), match.start("gap")), match.span("asked")]


def _measure_request(text: str, filtered: bool) -> tuple[Measure, Field, tuple[int, int]] | None:
    """(the measure, the field it is of, the words that asked) of a figure over papers."""
    match = _MEASURE_REQUEST.search(text)
    if match is None:
        return None
    word = match.group("measure") or match.group("measure_near") or match.group("measure_after")
    written = match.group("field") or match.group("field_near") or match.group("field_first")
    field = Field.UPVOTES if written in ("votes", "likes", "upvoted") else _bound_field(written)
    if _ABOVE_AVERAGE.search(text):
        return None  # "papers with above-average upvotes" compares papers with the mean
    if field not in (Field.AUTHORS, Field.UPVOTES):
        return None
    measure = _MEASURES[word]
    rest = text[: match.start()] + " " + text[match.end() :]
    if measure is Measure.TOTAL and not filtered and not _SET_WORDS.search(rest):
        return None  # "how many upvotes in total does URIAL have?": one paper's count
    return measure, field, (match.start(), match.end())


def _period(conditions: Sequence[Condition]) -> tuple[str, str] | None:
    """The first and last day (or month) the date conditions allow: what "this week" stood for."""
    dates = [c for c in conditions if c.field is Field.DATE]
    low = next((str(c.value) for c in dates if c.op in ("ge", "in")), None)
    high = next((str(c.value) for c in dates if c.op in ("le", "in")), None)
    return (low, high) if low and high else None


# What may stand around a bare field asked in a thread: "and the date on the listing?"
_BARE_LEAD = (
    r"(?:(?:and|so|ok|okay|also)\W+)?"
    # ("and what's its date on the listing?", "is there a date on it?")
    r"(?:(?:what'?s|whats|what\s+(?:is|was)|is\s+there|does\s+it\s+have|do\s+they\s+have)\s+)?"
    r"(?:the\s+|its\s+|their\s+|an?\s+)?"
)
_BARE_FIELD = r"(?:year|date|day|authors?|author\s+(?:list|count)|upvotes?|upvote\s+count)"
_BARE_MORE = rf"(?:\s*(?:,|and|&|\+)\s*(?:the\s+|its\s+)?{_BARE_FIELD})*"
_BARE_TAIL = (
    r"(?:\s+(?:on|in|from)\s+(?:the|its|their)\s+listing|\s+(?:on|for)\s+(?:it|that|this|them)(?:\s+one)?)?"
    r"(?:\s+(?:please|pls|too|then))?\s*[?.!]*\s*$"
)
# A field asked of one paper in words the patterns above do not spell out ("how many people are
# listed as authors on X", "which day was X posted", "X upvotes?"): the field's cue anywhere in the
# question, and the rest of it names the paper. `rag.understand` takes it only when that rest
# names a paper surely (a name, "the ... paper") or the thread gives one ("it").
_FACT_CUES = (
    (
        Field.AUTHORS,
        re.compile(
            r"\b(?:how many|number of|count of)\s+(?:[\w-]+\s+){0,2}?(?:authors?|co-?authors?|writers|"
            r"contributors)\b|\bauthor\s+counts?\b|\b(?:size|head\s*count)\s+of\s+(?:the\s+|its\s+|their\s+)?"
            r"(?:author|writing|research)\s+team\b|\b(?:author|writing)\s+team\s+size\b|"
            # "how big is the author list on X?", "author list length"
            r"\bhow\s+(?:big|long|large)\s+(?:is|was)\s+(?:the\s+|its\s+|their\s+)?(?:author|writing)\s+"
            r"(?:list|team)\b|"
            r"\bauthor\s+list\s+(?:size|length)\b|"
            r"\b(?:how many|number of)\s+(?:people|researchers|persons|scientists)\b"
            r"(?=[^?]{0,40}?\b(?:wrote|write|written|authored|authors?|contributed|credited|listed|behind)\b|"
            # "how many people are on the alignment faking paper?", "how many people on the paper"
            r"\s+(?:(?:are|were|worked)\s+)?on\s+(?:the|that|this|it|its)\b)|"
            # "how many wrote it"
            r"\bhow many\s+(?:wrote|authored|co-?authored)\b"
        ),
    ),
    (Field.UPVOTES, re.compile(r"(?<![\w-])(?:up-?votes?|upvoted|votes|likes)\b")),
    (
        Field.DATE,
        re.compile(
            r"\bwhen\b(?=[^?]{0,60}?\b(?:posted|published|released|come out|came out|appear(?:ed)?|"
            r"uploaded|added|dated|submitted|announced|put out)\b)|\b(?:what|which)\s+(?:date|day|year|month)\b"
            # ("in what year does it predict AGI will arrive?": a year the abstract gives)
            r"(?![^?]*\b(?:predicts?|predicted|expects?|expected|forecasts?|estimates?|estimated|projects?|"
            r"anticipates?|says?|said|claims?|claimed|thinks?|argues?|will)\b)|"
            # "when was it out", "when was the CoSA paper out?" (not "when did they figure it out")
            r"\bwhen\s+(?:was|were|is)\b[^?]{0,60}?\bout\s*[?.!]*\s*$|"
            # "when's that one from?", "when is it from"
            r"\bwhen(?:['\u2019]s|\s+is|\s+was|\s+are|\s+were)\s+(?:it|that|this|they|those|these|\[\d{1,2}\]|"
            r"(?:that|this|the)\s+(?:one|paper|last\s+one|first\s+one))\s+from\s*[?.!]*\s*$|"
            r"\b(?:publication|pub|posting|release|submission|listing|listed|upload|arxiv)\.?\s+date\b|"
            # "URIAL: date?", "Secrets of RLHF - year?": the field alone after the paper's name
            r"(?:[:\u2014\u2013]|\s-)\s*(?:its\s+|the\s+)?(?:date|year)\s*[?.!]*\s*$|"
            # ... or right after it, alone or with other fields: "URIAL date and authors?"
            r"(?<!cutoff )(?<!cut-off )(?<!due )(?<!end )(?<!start )(?<!expiry )(?<!training )"
            r"(?<!and )(?<!& )(?<!, )(?<!\+ )(?<!,)"
            r"\bdate(?=\s*[?.!]*\s*$|\s*(?:and|&|\+|,)\s*(?:the\s+|its\s+)?(?:authors?|author\s+count|"
            r"upvotes?|votes|org|organi[sz]ation)\b)|"
            # a bare "year?", "date?", "and the date on the listing?" in a thread, or a list of
            # them that opens with it ("date and authors?")
            rf"^\W*{_BARE_LEAD}(?:year|date|day){_BARE_MORE}{_BARE_TAIL}|"
            # "give me its date and …"
            r"\b(?:give|tell|show|send)\s+(?:me\s+|us\s+)?(?:its|the|their)\s+(?:posting\s+)?(?:date|year)\b"
        ),
    ),
    # a bare "authors?", "author list?" in a thread: the count the listing gives
    (Field.AUTHORS, re.compile(rf"^\W*{_BARE_LEAD}(?:authors?|author\s+list){_BARE_MORE}{_BARE_TAIL}")),
)
# The fields a question about one paper may ask besides the one it was read for: the cues of
# `fact_cue`, and the words that ask the rest ("which organisation is listed", "... and when?").
_MORE_FACT_CUES = (
    *_FACT_CUES,
    (
        Field.DATE,
        re.compile(r"\b(?:and|,)\s+when\b|\bwhen\s*[?.!]*\s*$|\bdate\b"),
    ),
    (
        Field.ORGANISATION,
        re.compile(
            r"(?<![\w-])(?:organi[sz]ations?|orgs?|labs?|affiliations?|institutions?)(?![\w-])|"
            # "which group is it credited to?"
            r"\b(?:which|what)\s+(?:group|team|company)\b|\bcredited\s+to\b"
        ),
    ),
    (
        Field.AUTHOR_NAMES,
        re.compile(r"\bwho\s+(?:wrote|authored|made|published)\b|\bwho\s+are\s+the\s+authors\b"),
    ),
)


def more_facts(question: str, fact: Field) -> tuple[Field, ...]:
    """Every field a question about one paper asks, in the order written, when it asks more than
    `fact` ("When was OpenRubrics posted, and which organisation is listed for it?": the date,
    then the organisation); () when it asks `fact` alone."""
    # (a title's own question mark, quoted, ends no question: "when was 'Helping or Herding?' posted")
    text = re.sub(r"\?(?=['\"\u201d])", "", question.lower().replace("’", "'"))
    found: dict[Field, int] = {}
    for asked_field, pattern in _MORE_FACT_CUES:
        match = pattern.search(text)
        if match and asked_field is Field.UPVOTES and _VOTES_OF_THING.search(text[: match.start()]):
            continue
        if match:
            found.setdefault(asked_field, match.end())  # ("how many upvotes and authors": upvotes first)
    if (
        Field.AUTHORS not in found
        and fact is not Field.AUTHORS
        and (bare := re.search(r"(?<![\w-])authors?(?![\w-])", text))
    ):
        # "date, upvotes and authors of PARL": its authors (their count when the listing names none)
        found.setdefault(Field.AUTHOR_NAMES, bare.end())
    found.setdefault(fact, -1)
    asked = tuple(sorted(found, key=found.__getitem__))
    return asked if len(asked) > 1 else ()


def without_fact_cues(side: str) -> str:
    """The words naming a paper, without another fact's cue and the "and" joining it ("weblinx
    and when", "and upvotes does editreward")."""
    for _, pattern in _MORE_FACT_CUES:
        side = pattern.sub(" ", side)
    side = re.sub(
        r"^\W*(?:(?:and|or|&|,|does|do|did|has|have|authors?|upvotes?|votes?|likes|for|of|on)\s+)*|"
        r"(?:\s+(?:and|or|&|,|does|do|did|has|have))+\W*$",
        "",
        side.strip(),
    )
    return " ".join(side.split())


# A remark about the asker after a question: "… ? I think the listing shows a lab", "? not sure"
_REMARK = re.compile(
    r"^\W*(?:i|i'm|im|i've|ive|iirc|afaik|imo|not\s+sure|maybe|probably|pretty\s+sure|we|we're|my|our)\b",
    re.I,
)
# A paper named ahead of the question about it: "PaCo-RL: how many upvotes did it get?", "re
# OpenRubrics - when was it posted?"
# ... or set off by a comma before the question: "and the Gemini vs Q* survey, when was that posted?"
_COMMA_LEAD = re.compile(
    r"^\W*(?:(?:and|so|ok|okay|now)\s+)?(?:what\s+about\s+|how\s+about\s+)?([^,?.!]{3,80}?)\s*,\s*"
    r"(?=(?:when|how|who|what|which|did|does|do|is|was|has)\b)"
)
_NAMED_LEAD = re.compile(r"^\W*(?:re:?\s+)?([^:?.!\s][^:?.!]{0,80}?)\s*(?::|\s[-\u2013\u2014])\s+\S")
# A paper's title or name quoted in the question: "The paper 'Of Models and Tin Men', from how
# many authors it is written?"
_QUOTED_NAME = re.compile(r"['\"\u2018\u201c]([^'\"\u2018\u2019\u201c\u201d]{3,120}?)['\"\u2019\u201d](?!\w)")
# A statement, then the question about "it": "The PaCo-RL listing shows an organisation instead
# of an author count. Which organisation is it?"
_STATED_THEN_ASKED = re.compile(r"^\W*([^?.!]{3,200}?)[.!]\s+(?=[^?.!]*\?\s*$)")
# Votes that belong to another noun than the paper: "a dataset of people's votes", "collection
# of human votes" ("number of votes" is the count itself).
_VOTES_OF_THING = re.compile(r"\b(?!(?:number|count|total|amount|tally)\b)[a-z]+\s+of\s+(?:[\w'-]+\s+)?$")
# Votes of a kind ("human votes", "crowd votes", "pairwise votes"): what people voted on in a
# study, not the listing's count, which no word but a quantity qualifies ("the most votes").
_QUALIFIED_VOTES = re.compile(
    r"\b(?!(?:most|more|many|much|fewest|fewer|least|less|total|highest|lowest|top|number|count|any|"
    r"no|its|their|the|of|with|and|or|by|in|on|has|have|had|got|get|gets|received|receive|how)\b)"
    r"[a-z][a-z'-]+\s+(?:votes|likes)\s*[?.!,;]*$"
)  # (matched as written: a name before it, "RewardDance votes?", asks the count)
# The counts asked after a comparison of them ("…, and how many?", "by how many?").
_HOW_MANY_EACH = re.compile(
    r"[,;]?\s*(?:and\s+)?(?:by\s+)?how\s+many(?:\s+(?:upvotes|votes|authors|more))?"
    r"(?:\s+(?:each|do\s+they\s+have|does\s+each\s+have))?\s*[?.!]*\s*$"
)
# Popularity, of papers ("the top-rated paper on RLHF", "most popular one?"), not of anything
# else ("only the top-rated draft kept").
_POPULAR = re.compile(
    r"\b(?:top[- ](?:up)?voted|top[- ]rated|most popular|trending)\b(?=\s+(?:[\w-]+\s+){0,2}?(?:papers?|works?|ones?|"
    r"articles?|preprints?|stud(?:y|ies)|research|entr(?:y|ies)|submissions?)\b|\s*(?:[?.!,]|$)|"
    r"\s+(?:in|on|about|here|of|among|from|overall|right now|rn)\b)"
)
# Words around a fact's cue that do not name the paper.
_FACT_FILLER = frozenset(
    """a an the of in on at to for from by with and or is are was were be been has have had do does
    did which what whats who when how many much it its there this that as listed list credited
    people researchers persons scientists authors author co-authors coauthors writers contributors
    wrote write written authored contributed behind worked work get got gets receive received
    posted published released come came out appear appeared uploaded added dated submitted announced
    put first date day exactly total number count show tell give send me please pls size team s big long large
    length posting publication pub year month ok okay so then now also counts""".split()
)


def fact_cue(question: str, cased: bool = False) -> tuple[Field, str] | None:
    """(the field, the rest of the question) when a question asks a field of one paper in words
    `parse_metadata` has no pattern for; the rest is what names the paper ("the URIAL paper"), in
    lowercase, or as written when `cased` (a name's case names it: "WebLINX")."""
    text = question.lower().replace("’", "'")
    for wanted, pattern in _FACT_CUES:
        match = pattern.search(text)
        if match and wanted is Field.UPVOTES and _VOTES_OF_THING.search(text[: match.start()]):
            continue  # "what dataset of people's votes did they use?": the data's votes, no field
        if match and wanted is Field.UPVOTES and _QUALIFIED_VOTES.search(question[: match.end()]):
            continue  # "a reward model trained from human votes": votes of a kind, data, no field
        if match:
            written = question.replace("’", "'") if cased and len(question) == len(text) else text
            rest = re.findall(r"[\w][\w.+-]*", written[: match.start()] + " " + written[match.end() :])
            words = [word for word in rest if word.lower() not in _FACT_FILLER]
            if len(words) <= 8:
                # ("upvotes + author count?": another fact asked beside it names no paper)
                return wanted, without_fact_cues(" ".join(words))
    return None


# Where a metadata question names its topic: after a preposition that introduces one ("most
# upvoted paper about reward models"), before the noun it qualifies ("the 2023 survey papers",
# "newest DPO work"), or as a noun that is a kind of paper ("the earliest survey"). Words
# anywhere else ("strictly", "written", "belong") say how, not what, and narrow nothing.
_TOPIC_AFTER = re.compile(
    r"\b(?:about|on|regarding|concerning|related to|covering|dealing with|focused on|focusing on|"
    r"addressing|mention|mentions|mentioning|in the (?:area|field|domain) of|"
    r"that (?:study|studies|use|uses|address|addresses|propose|"
    r"proposes|tackle|tackles|examine|examines)|"
    # any verb of a relative clause on the papers: "(of) the papers that train with GRPO", "the
    # very first paper here (by date) that trains with GRPO"
    # ("among the papers that actually train with GRPO": the verb after its adverb)
    r"(?:papers?|ones|works?|articles?|studies)(?:\s+(?:here|in\s+here|by\s+date))*\s+(?:that|which)\s+"
    r"(?:(?:actually|also|really|only|specifically|explicitly|directly)\s+)?"
    r"(?!(?:is|are|was|were|has|have|had|got|get|gets|came|come|comes|did|do|does|list|lists)\b)[a-z]+"
    r"(?:\s+(?:with|on|for|in|to|by|from|about))?|"
    # "the earliest paper here that does anything with image generation", "that does video"
    r"(?:papers?|ones|works?|articles?|studies)(?:\s+(?:here|in\s+here|by\s+date))*\s+(?:that|which)\s+"
    r"(?:does|do|did|has|have)\s+(?:(?:anything|something)\s+(?:to\s+do\s+)?(?:with|on|about|in)\b|"
    r"(?!(?:not|no|any|the|a|an|it|this|that|they|more|most|less|fewer)\b)(?=[a-z]))|"
    # "(of) the papers whose main application is medicine"
    r"(?:papers?|ones|works?|articles?|studies)\s+whose\s+(?:[a-z]+\s+){0,2}?(?:is|are)|"
    # "the 2022 paper arguing that …", "the 2025 paper showing watermarking hurts alignment"
    # ... or using it: "among papers using GRPO, which one has the most upvotes?"
    r"(?:papers?|ones|works?|articles?|studies|surveys?)\s+(?:arguing|showing|claiming|proposing|introducing|"
    r"presenting|demonstrating|finding|saying|where|using|applying|employing|studying|evaluating|training)"
    r"(?:\s+that|\s+(?:with|on))?|"
    # ... and without "that", as the question's own verb once the dates are cut: "which papers
    # posted after June 2025 actually train with GRPO?"
    r"(?:which|what)\s+(?:papers?|ones|works?)\s+(?:(?:posted|published|released|dated)\s+)?"
    r"(?:actually\s+|also\s+|really\s+)?"
    r"(?!(?:is|are|was|were|has|have|had|got|get|gets|came|come|comes|did|do|does|list|lists|posted|"
    r"published|released|dated|went|appeared|from|in|on|of|by|with|since|before|after|between|during)\b)"
    r"[a-z]+(?:\s+(?:with|on|for|in|to|by|from|about))?"
    r")\s+((?:[a-z0-9][\w-]*\s*(?:/\s*|,\s*|\bor\s+)?){1,6})"
)


def _counts_other_things(text: str) -> bool:
    """Whether "how many" counts things other than papers ("how many prompt-rubric pairs are in
    OpenRubrics?", "how many GPU hours did it take?"): a plural noun follows it, within two
    words, that is neither a paper nor a listed field. What a paper's abstract answers, not the
    listing."""
    # ... or a count of a thing written before the word: "parameter count of Rubric-RM?"
    if (
        counted := re.match(
            r"\W*(?:(?:what|whats|what's)\s+(?:is\s+|was\s+)?(?:the\s+)?)?([a-z][\w-]+)\s+count\s+(?:of|for|in)\b",
            text,
        )
    ) and not (
        _PAPER_NOUN.fullmatch(counted.group(1))
        or counted.group(1) in _FIELD_NOUNS
        or counted.group(1) in FUNCTION_WORDS
        or counted.group(1)
        in (
            "vote",
            "like",
            "co-author",
            "coauthor",
            "total",
            "exact",
            "quick",
            "rough",
            "final",
            "overall",
            "full",
        )
    ):
        return True
    # ("how many of those historical models are there?" after one paper: its models)
    match = re.search(
        r"\b(?:how many|number of)\s+(?:of\s+(?:those|these|the|its|their)\s+)?([\w-]+)(?:\s+([\w-]+))?", text
    )
    if match is None or match.group(1) in FUNCTION_WORDS:
        return False
    words = [w for w in match.groups() if w]
    if any(_PAPER_NOUN.fullmatch(w) or w in _FIELD_NOUNS for w in words):
        return False
    return any(w.endswith("s") and not w.endswith("ss") and w not in FUNCTION_WORDS for w in words)


# (a survey or a review is a paper of a kind: "how many surveys are there?" counts papers)
_PAPER_NOUN = re.compile(
    rf"{_PAPER_NOUNS}|paper|work|article|preprint|stud(?:y|ies)|ones|abstracts?|items?|surveys?|reviews?"
)
_FIELD_NOUNS = frozenset(
    "authors author co-authors coauthors upvotes upvote votes likes people days months years".split()
)
_COUNTS_PAPERS = re.compile(
    r"\b(?:how many|number of|count of)\s+(?:[\w-]+\s+){0,2}?(?:papers|works|articles|studies|preprints|surveys|reviews)\b"
)
_TOPIC_BEFORE = re.compile(
    # (not a compound's last word: "the related-work timeline")
    r"((?:[a-z0-9][\w-]*\s*(?:/\s*|\bor\s+)?){1,4})(?<!-)\b(?:papers?|works?|articles?|preprints?|studies)\b(?!-)"
)
_KIND_NOUNS = re.compile(
    r"\b(surveys?|(?:literature[\s-])?reviews?|benchmarks?|datasets?|position papers?|technical reports?)\b"
)


def names_a_kind(topic: str) -> bool:
    """Whether a topic is a kind of paper ("survey", "technical report"), said by how a paper
    calls itself, rather than a subject ("video generation"), said by what it is about."""
    return bool(_KIND_NOUNS.fullmatch(topic.strip()))


_TOPIC_STOP = frozenset(
    """which that who whose with from in by among and has have had is are was were got get gets
    posted published released came come dated added appeared listed credited""".split()
)


_BRACKETS = re.compile(r"[()\[\]{}]")
_EXAMPLES_MARK = re.compile(r"(?<![\w.])(?:etc|e\.g|i\.e|eg|ie)\.?(?![\w.])", re.I)
# A quoted name of what the papers are about ("the 'reward hacking' papers"); a quote elsewhere
# may close around the noun itself ("the 'latest work' slot") and is left as it is.
_QUOTED_TOPIC = re.compile(
    r"[\"'\u2018\u2019\u201c\u201d]([^\"'\u2018\u2019\u201c\u201d]+)[\"'\u2018\u2019\u201c\u201d]"
    r"(?=\s+(?:papers?|works?|articles?|preprints?|stud(?:y|ies))\b)"
)


def _topic(text: str) -> str:
    """The topic the question narrows to, alternatives separated by ' | ' ("survey | review")."""
    # Brackets and a quoted name set words apart, they do not end the topic: "segment anything
    # (sam) paper", "the 'self-rewarding language models' paper".
    text = _QUOTED_TOPIC.sub(r" \1 ", _BRACKETS.sub(" ", text))
    text = _EXAMPLES_MARK.sub(" ", text)  # ("image-generation (text-to-image etc.) paper")
    phrases: list[str] = []
    for pattern in (_TOPIC_AFTER, _TOPIC_BEFORE):
        for match in pattern.finditer(text):
            words = match.group(1)
            if pattern is _TOPIC_AFTER:  # the phrase ends at the next clause
                kept = []
                for word in re.findall(r"[\w-]+|/|,", words):
                    if word in _TOPIC_STOP:
                        break
                    kept.append(word)
                words = " ".join(kept)
            else:  # only the words right before the noun qualify it
                tail = re.split(r"\b(?:" + "|".join(sorted(_TOPIC_STOP)) + r")\b", words)[-1]
                words = tail
            phrases.append(words)
    for match in _KIND_NOUNS.finditer(text):
        if not any(match.group(1) in phrase for phrase in phrases):
            phrases.append(match.group(1))
    alternatives: list[str] = []
    for phrase in phrases:
        for part in re.split(r"\s*(?:/|,|\bor\b)\s*", phrase):
            words = [w for w in re.findall(r"[a-z0-9][a-z0-9-]*", part) if w not in _FILLER and len(w) > 1]
            words = [w for w in words if not re.fullmatch(r"\d+", w)]
            if words and " ".join(words) not in alternatives:
                alternatives.append(" ".join(words))
    # "which surveys on LLM alignment …?": the kind is asked of what it is on, both at once
    for kind in [a for a in alternatives if names_a_kind(a)]:
        on = re.search(rf"\b{re.escape(kind)}\s+(?:on|about|of|for|covering|regarding)\s+(.+)", text)
        subjects = [
            a for a in alternatives if a != kind and on is not None and on.group(1).lstrip().startswith(a)
        ]
        if len(subjects) == 1:
            alternatives = [a for a in alternatives if a not in (kind, subjects[0])]
            alternatives.insert(0, f"{subjects[0]} & {kind}")
    return " | ".join(alternatives)


_GENERIC_ORGANISATION_WORDS = frozenset(
    "ai lab labs group team the at of and inc research university institute".split()
)


def _distinctive_words(organisations: Iterable[str]) -> dict[str, list[str]]:
    """organisation -> the words of its name (3+ letters) that no other organisation's name has."""
    words = {
        name: set(re.findall(r"[a-z0-9]{3,}", name.lower())) - _GENERIC_ORGANISATION_WORDS
        for name in organisations
    }
    holders: dict[str, int] = {}  # word -> how many names have it (a word one name has is its own)
    for own in words.values():
        for word in own:
            holders[word] = holders.get(word, 0) + 1
    distinctive: dict[str, list[str]] = {}
    for name, own in words.items():
        unique = {word for word in own if holders[word] == 1}
        if unique:
            distinctive[name] = sorted(unique, key=len, reverse=True)
    return distinctive


# ("what is papers of Meta?": "of" after the papers it asks for)
_AFTER_FROM = (
    r"\b(?:(?:credit(?:s|ed)?|attribut(?:e|es|ed)|assign(?:s|ed)?) to|from|by|at|affiliated with|listed under|(?:papers?|works?|publications?)\s+of|"
    # "do any of the papers list Meta as their organisation?"
    r"(?:lists?|names?|shows?|gives?)(?=\s+\S+\s+as\s+(?:the\s+|their\s+|its\s+)?(?:organi[sz]ations?|orgs?|labs?|"
    r"affiliations?)\b))\s+"
)
# An organisation's word as the subject that has or posts papers: "does Meta (facebook AI) have a
# paper in this set?", "has TIGER posted anything?"
_ORGANISATION_SUBJECT = re.compile(
    r"^\s*(?:does|did|do|has|have)\s+(?:the\s+)?(\w+)(?:\s*\([^)]*\))?"
    r"(?=\s+(?:have|has|got|publish\w*|post\w*|release\w*|put\s+out)\s+(?:an?\s+|any\s+)?"
    r"(?:papers?|anything|something|work|works|preprints?)\b)"
)
# ... and "anything Meta put out?", "what has Meta published?"
_ORGANISATION_PUT_OUT = re.compile(
    r"^\W*(?:what|anything|any\s+papers?|which\s+papers?)\s+(?:(?:has|have|did|does)\s+)?(?:the\s+)?(\w+)"
    r"(?=\s+(?:put\s+out|publish\w*|post\w*|release\w*|(?:has|have)\s+(?:put\s+out|published|posted|released))\b)"
)
# What an organisation does with papers, after its name as the subject
_ORGANISATION_HAS = r"\s+(?:got|have|get|publish\w*|post\w*|release\w*|put\s+out|contribut\w*)\b"

_NAME_EDGE = re.compile(r"[\w-]")  # what may not touch an organisation's name on either side


class _Organisations:
    """The organisations of the stored papers, indexed for questions: the same answers as trying
    each organisation's regex in turn, by lookups of the question's own spans."""

    def __init__(self, organisations: Collection[str]) -> None:
        self._lowered: dict[str, tuple[int, str]] = {}  # lowercased name -> (rank, name)
        ordered = sorted(organisations, key=len, reverse=True)
        for rank, name in enumerate(ordered):
            if name:
                self._lowered.setdefault(name.lower(), (rank, name))
        # The listing prints an organisation's handle, then its name ("X-GenGroup X-Gen Group",
        # "facebook AI at Meta"): people write either part. A part another organisation also
        # has, or a generic word, names neither.
        holders: dict[str, set[str]] = {}
        for name in ordered:
            handle, _, display = name.partition(" ")
            for part in {handle.lower(), display.lower().strip()} - {name.lower(), ""}:
                if len(part) >= 3 and part not in _GENERIC_ORGANISATION_WORDS:
                    holders.setdefault(part, set()).add(name)
        self._parts = {
            part: (len(ordered) + rank, name)
            for rank, name in enumerate(ordered)
            for part, names in holders.items()
            if names == {name}
        }
        self._longest = max(map(len, [*self._lowered, *self._parts]), default=0)
        self.distinctive = _distinctive_words(organisations)
        self._order = {name: rank for rank, name in enumerate(self.distinctive)}
        self._owner = {word: name for name, words in self.distinctive.items() for word in words}

    def longest_in(self, text: str) -> str | None:
        """The longest organisation named in `text` as a whole word or phrase."""
        found = self.written_in(text)
        return found[0] if found else None

    def part_in(self, text: str) -> tuple[str, str] | None:
        """(the organisation, the part of it `text` writes): a handle or a name printed alone."""
        return self._longest_of(self._parts, text)

    def written_in(self, text: str) -> tuple[str, str] | None:
        """(the organisation, how `text` writes it)."""
        return self._longest_of(self._lowered, text)

    def _longest_of(self, known: dict[str, tuple[int, str]], text: str) -> tuple[str, str] | None:
        if not known:
            return None
        edges = [at for at in range(len(text) + 1) if at == len(text) or not _NAME_EDGE.match(text[at])]
        found: tuple[int, str, str] | None = None
        for start in range(len(text)):
            if start and _NAME_EDGE.match(text[start - 1]):
                continue
            for end in edges[bisect.bisect_right(edges, start) :]:
                if end - start > self._longest:
                    break
                hit = known.get(text[start:end])
                if hit and (found is None or hit[0] < found[0]):
                    found = (*hit, text[start:end])
        return (found[1], found[2]) if found else None

    def distinctive_in(self, text: str) -> str | None:
        """The first organisation (in the order of `distinctive`) one of whose own words follows
        from/by/at/credited to/affiliated with (and an optional "the") in `text`, or is the subject
        that has or posts papers ("does Meta have a paper here?")."""
        if not self._owner:
            return None
        words = re.findall(rf"(?={_AFTER_FROM}(\w+))", text)
        words += re.findall(rf"(?={_AFTER_FROM}the\s+(\w+))", text)
        words += [subject.group(1)] if (subject := _ORGANISATION_SUBJECT.search(text)) else []
        words += [subject.group(1)] if (subject := _ORGANISATION_PUT_OUT.search(text)) else []
        owners = {self._owner[word] for word in words if word in self._owner}
        return min(owners, key=self._order.__getitem__) if owners else None


@functools.lru_cache(maxsize=8)
def _organisation_index(organisations: frozenset[str] | tuple[str, ...]) -> _Organisations:
    # A frozenset keeps its hash: a question over the retriever's organisations costs one lookup.
    return _Organisations(organisations)


def _date_bounds(raw: str, default_year: int, this_year: int) -> tuple[str, str, str] | None:
    """(first day, last day, ISO prefix) of a day, month or year phrase; None if not a date."""
    if re.fullmatch(_YEAR, raw.strip()):
        year = int(raw)
        if year > this_year + 1:
            return None  # "the 2048 context" is a number, not a year
        return f"{year}-01-01", f"{year}-12-31", str(year)
    parsed = _parse_day(raw, default_year)
    if parsed is None:
        return None
    kind, prefix = parsed
    if kind == "day":
        return prefix, prefix, prefix
    return f"{prefix}-01", f"{prefix}-31", prefix


_COMPARE: dict[str, Callable[[object, object], bool]] = {
    "eq": lambda a, b: a == b,
    "ge": lambda a, b: a >= b,  # type: ignore[operator]
    "gt": lambda a, b: a > b,  # type: ignore[operator]
    "le": lambda a, b: a <= b,  # type: ignore[operator]
    "lt": lambda a, b: a < b,  # type: ignore[operator]
}


def checks(paper: Paper, conditions: Sequence[Condition]) -> bool | None:
    """Whether `paper` meets every condition ("was it posted in 2025?"); None when its listing
    lacks a field one of them is on."""
    if any(getattr(paper, condition.field.value) is None for condition in conditions):
        return None
    return all(_holds(paper, condition) for condition in conditions)


def _holds(paper: Paper, condition: Condition) -> bool:
    value = getattr(paper, condition.field.value)
    if condition.op == "missing":
        return value is None
    if condition.op == "present":
        return value is not None
    if condition.op == "in":
        return str(value).startswith(str(condition.value))
    if condition.op == "by":  # credited to that maker, as the listing or its code's owner says
        return _organisation_key(str(condition.value)) in {_organisation_key(m) for m in makers_of(paper)}
    if condition.op == "weekday":  # a day (not a month or year) on one of these days of the week
        return bool(
            value
            and re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value))
            and str(dt.date.fromisoformat(str(value)).weekday()) in str(condition.value)
        )
    return _COMPARE[condition.op](value, condition.value)


@dataclass(frozen=True, slots=True)
class MetadataResult:
    """Matching papers in order, how many were left out for lacking a fact, and the total."""

    papers: tuple[Paper, ...]
    missing: int
    total: int
    missing_fields: tuple[Field, ...] = field(default=())


class SortedPapers:
    """The papers in each sortable field's order, sorted once per set of papers (a lexicon)
    instead of at every question: each order as `run_metadata` sorts (stable, so ties keep the
    papers' order), with how many papers lack the field. Sorted on first use of each order.
    Also what narrows a filtering question without a scan of every paper: each field's values
    in ascending order with the papers' positions (a condition is a range of it), the papers
    of each organisation, and which papers lack each field."""

    _SORTABLE = frozenset({Field.AUTHORS, Field.UPVOTES, Field.DATE})

    def __init__(self, papers: Sequence[Paper]) -> None:
        self.papers = papers
        self._orders: dict[tuple[Field, bool], tuple[Paper, ...]] = {}
        self._ascending: dict[Field, tuple[list[int | str], list[int]] | None] = {}
        self._lacking: dict[Field, list[int]] = {}
        self._missing: dict[frozenset[Field], int] = {}
        self._organisations: dict[str, list[int]] | None = None
        self._having: dict[Field, list[Paper]] = {}

    def order(self, field: Field, descending: bool) -> tuple[Paper, ...]:
        """The papers that have `field`, in its order."""
        found = self._orders.get((field, descending))
        if found is None:
            having = [p for p in self.papers if getattr(p, field.value) is not None]
            having.sort(key=lambda p: getattr(p, field.value), reverse=descending)
            found = self._orders[(field, descending)] = tuple(having)
        return found

    def having(self, field: Field) -> tuple[Sequence[int | str], Sequence[Paper]] | None:
        """The values of `field` in ascending order and their papers (those that give it), read
        off the index instead of every paper; None when the values do not sort together."""
        ascending = self._values(field)
        if ascending is None:
            return None
        found = self._having.get(field)
        if found is None:
            found = self._having[field] = [self.papers[n] for n in ascending[1]]
        return ascending[0], found

    @staticmethod
    def whole(query: MetadataQuery) -> bool:
        """Whether `query` selects every paper (no condition, organisation or topic): a figure over
        them all is read off the index."""
        return not (query.conditions or query.organisation or query.has_organisation or query.topic)

    def answers(self, query: MetadataQuery) -> bool:
        """Whether `run_metadata` can read this query off one order: sorted by a field, with no
        condition and no organisation ("the newest paper", "the 3 most upvoted")."""
        return (
            query.sort in self._SORTABLE
            and not query.conditions
            and not query.organisation
            and not query.has_organisation
        )

    def narrowed(self, query: MetadataQuery, needed: set[Field]) -> tuple[list[Paper], int] | None:
        """The papers, in their order, among which the filter of `run_metadata` finds all it
        keeps (the few its most selective condition or its organisation allows: a superset,
        which the filter then checks in full), and how many papers lack a `needed` field; None
        when no index narrows this query."""
        ranges = [self._holding(condition) for condition in query.conditions]
        if query.organisation:
            ranges.append(self._of_organisations().get(_organisation_key(query.organisation), []))
        known: list[list[int]] = sorted((positions for positions in ranges if positions is not None), key=len)
        if not known:
            return None
        # Every condition must hold: the papers in all the ranges ("from Q1 2024" is two ranges of
        # one field, "2025 papers with an upvote count" two fields'), smallest first.
        kept: set[int] | list[int] = known[0]
        for positions in known[1:]:
            kept = set(kept).intersection(positions)
        return [self.papers[n] for n in sorted(kept)], self._missing_any(needed)

    def _holding(self, condition: Condition) -> list[int] | None:
        """Positions of the papers whose value can satisfy `condition` (None: not indexed)."""
        if condition.op == "missing":
            return self._lacking_field(condition.field)
        ascending = self._values(condition.field)
        if ascending is None:
            return None
        values, positions = ascending
        if condition.op == "present":
            return positions
        wanted = condition.value
        if not values or type(wanted) is not type(values[0]):  # left to the filter, as it was
            return None
        if condition.op == "in":
            if not isinstance(wanted, str):
                return None
            low, high = bisect.bisect_left(values, wanted), bisect.bisect_left(values, wanted + "\U0010ffff")
        elif condition.op == "eq":
            low, high = bisect.bisect_left(values, wanted), bisect.bisect_right(values, wanted)
        elif condition.op in ("ge", "gt"):
            side = bisect.bisect_left if condition.op == "ge" else bisect.bisect_right
            low, high = side(values, wanted), len(values)
        elif condition.op in ("le", "lt"):
            side = bisect.bisect_right if condition.op == "le" else bisect.bisect_left
            low, high = 0, side(values, wanted)
        else:
            return None
        return positions[low:high]

    def _values(self, field: Field) -> tuple[list[int | str], list[int]] | None:
        """The field's values in ascending order and the positions of their papers; None when
        they are not all ints or all strings (nothing to bisect)."""
        if field not in self._ascending:
            having = [
                (value, n)
                for n, p in enumerate(self.papers)
                if (value := getattr(p, field.value)) is not None
            ]
            kinds = {type(value) for value, _ in having}
            if kinds <= {int} or kinds <= {str}:
                having.sort(key=lambda pair: pair[0])
                self._ascending[field] = ([value for value, _ in having], [n for _, n in having])
            else:
                self._ascending[field] = None
        return self._ascending[field]

    def _lacking_field(self, field: Field) -> list[int]:
        found = self._lacking.get(field)
        if found is None:
            found = self._lacking[field] = [
                n for n, p in enumerate(self.papers) if getattr(p, field.value) is None
            ]
        return found

    def _missing_any(self, needed: set[Field]) -> int:
        key = frozenset(needed)
        if key not in self._missing:
            self._missing[key] = len(set().union(*(self._lacking_field(f) for f in needed)))
        return self._missing[key]

    def credited_to(self, organisation: str) -> list[Paper]:
        """The papers credited to `organisation` (as written or in another case and spacing)."""
        return [self.papers[n] for n in self._of_organisations().get(_organisation_key(organisation), [])]

    def _of_organisations(self) -> dict[str, list[int]]:
        if self._organisations is None:
            groups: dict[str, list[int]] = {}
            for n, paper in enumerate(self.papers):
                for maker in makers_of(paper):
                    groups.setdefault(_organisation_key(maker), []).append(n)
            self._organisations = groups
        return self._organisations


def run_metadata(
    query: MetadataQuery, papers: Sequence[Paper], sorted_papers: SortedPapers | None = None
) -> MetadataResult:
    """Filter and sort; papers without a needed fact are left out and counted, never zero.
    `sorted_papers` (of these same papers, in this order) answers a question that only sorts
    without filtering or sorting them all, and narrows one that filters to the papers its
    indexes allow before the filter runs."""
    # A question about whether a fact is given counts papers without it as an answer, not as unknown.
    absent = {c.field for c in query.conditions if c.op in ("missing", "present")}
    needed: set[Field] = {f for f in query.fields if f != Field.ORGANISATION and f not in absent}
    if sorted_papers is not None and query.sort is not None and sorted_papers.answers(query):
        return _read_sorted(query, query.sort, sorted_papers, needed)
    narrowed = sorted_papers.narrowed(query, needed) if sorted_papers is not None else None
    candidates = narrowed[0] if narrowed is not None else papers
    kept: list[Paper] = []
    missing = 0
    for paper in candidates:
        if any(getattr(paper, f.value) is None for f in needed):
            missing += 1
            continue
        if not all(_holds(paper, c) for c in query.conditions):
            continue
        if query.organisation and not any(
            _same_organisation(m, query.organisation) for m in makers_of(paper)
        ):
            continue
        if query.has_organisation and not paper.organisation:
            continue
        kept.append(paper)
    if narrowed is not None:
        missing = narrowed[1]  # counted over every paper, not the candidates
    if query.sort:
        key = query.sort.value
        # (a field the needed ones leave out, the organisation, is not given by every paper: the
        # papers without it come last)
        unsorted = [p for p in kept if getattr(p, key) is None]
        kept = [p for p in kept if getattr(p, key) is not None]
        kept.sort(key=lambda p: getattr(p, key), reverse=query.descending)
        kept += unsorted
        if query.single and kept:
            kept = _at_rank(kept, key, query.rank)
    if query.limit:
        kept = kept[: query.limit]
    return MetadataResult(tuple(kept), missing, len(papers), tuple(sorted(needed, key=lambda f: f.value)))


def _at_rank(ordered: Sequence[Paper], key: str, rank: int) -> list[Paper]:
    """The papers that share the `rank`-th value of a sorted field (1: the top, ties kept); none
    when fewer values are given."""
    start = 0
    for _ in range(rank - 1):
        value = getattr(ordered[start], key)
        while start < len(ordered) and getattr(ordered[start], key) == value:
            start += 1
        if start >= len(ordered):
            return []
    value = getattr(ordered[start], key)
    end = start
    while end < len(ordered) and getattr(ordered[end], key) == value:
        end += 1
    return list(ordered[start:end])


def _read_sorted(
    query: MetadataQuery, sort: Field, papers: SortedPapers, needed: set[Field]
) -> MetadataResult:
    """What the filter-and-sort in `run_metadata` gives for a query `SortedPapers.answers`: its
    needed fields are the sort field and the fields it asks a fact or comparison of."""
    kept: Sequence[Paper] = papers.order(sort, query.descending)
    others = needed - {sort}
    if others:  # a paper lacking another needed field is left out as well
        kept = [p for p in kept if all(getattr(p, f.value) is not None for f in others)]
    missing = len(papers.papers) - len(kept)
    key = sort.value
    if query.single and kept:
        kept = _at_rank(kept, key, query.rank)
    if query.limit:
        kept = kept[: query.limit]
    fields = tuple(sorted(needed, key=lambda f: f.value))
    return MetadataResult(tuple(kept), missing, len(papers.papers), fields)


def organisation_named(text: str, organisations: Collection[str]) -> tuple[str, str] | None:
    """(the organisation, how `text` writes it) when `text` names one of `organisations` whole,
    or by its handle or name alone ("TIGER-Lab" for "TIGER-Lab TIGER-Lab")."""
    known = _organisation_index(
        organisations if isinstance(organisations, frozenset) else tuple(organisations)
    )
    lowered = text.lower()
    return known.written_in(lowered) or known.part_in(lowered)


# Where a paper's code lives names who made it as well as its listing does ("github.com/GAIR-NLP/
# …": GAIR-NLP's paper, though the listing credits its authors)
_CODE_OWNER = re.compile(r"github\.com/([A-Za-z0-9][\w.-]*)/", re.I)


def makers_of(paper: Paper) -> list[str]:
    """The organisations a paper is from: the one its listing credits, then the owners of the
    GitHub repositories its abstract links."""
    owners = _CODE_OWNER.findall(paper.abstract)
    return list(dict.fromkeys([*([paper.organisation] if paper.organisation else []), *owners]))


def _same_organisation(have: str | None, wanted: str) -> bool:
    if not have:
        return False
    return _organisation_key(have) == _organisation_key(wanted)


def _organisation_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def statistic_of(
    query: MetadataQuery, papers: Sequence[Paper], sorted_papers: SortedPapers | None = None
) -> FieldStatistic:
    """The figure `query` asks of its field over `papers` (the ones it selects): the papers that
    lack the field are left out and counted, never taken as zero. Means are not rounded here.
    `sorted_papers` (of these same papers) gives the values of a figure over every paper."""
    assert query.measure is not None and query.measured is not None
    name = query.measured
    indexed = sorted_papers.having(name) if sorted_papers is not None and sorted_papers.whole(query) else None
    if indexed is not None:
        values: Sequence[int] = [int(value) for value in indexed[0]] if indexed[0] else []
        having = tuple(indexed[1])
    else:
        having = tuple(p for p in papers if getattr(p, name.value) is not None)
        values = sorted(int(getattr(p, name.value)) for p in having)
    value: float | None = None
    if values and query.measure is Measure.TOTAL:
        value = float(sum(values))
    elif values and query.measure is Measure.MEAN:
        value = sum(values) / len(values)
    elif values:
        middle = len(values) // 2
        value = float(values[middle]) if len(values) % 2 else (values[middle - 1] + values[middle]) / 2
    return FieldStatistic(query.measure, name, value, having, len(papers) - len(having))


_GROUP_FIELDS = {
    Grouping.DAY: Field.DATE,
    Grouping.MONTH: Field.DATE,
    Grouping.YEAR: Field.DATE,
    Grouping.ORGANISATION: Field.ORGANISATION,
}
_GROUP_PREFIX = {Grouping.DAY: 10, Grouping.MONTH: 7, Grouping.YEAR: 4}


def count_by(
    query: MetadataQuery, papers: Sequence[Paper], sorted_papers: SortedPapers | None = None
) -> GroupCount:
    """`papers` (the ones `query` selects) counted by its grouping: the groups with the most (or
    fewest) of them, ties together in the groups' order; papers without the field are left out.
    `sorted_papers` (of these same papers) gives the values when the query selects them all."""
    assert query.group is not None
    field = _GROUP_FIELDS[query.group]
    indexed = (
        sorted_papers.having(field) if sorted_papers is not None and sorted_papers.whole(query) else None
    )
    if indexed is not None and query.group is not Grouping.ORGANISATION:
        # Dates in ascending order: each group is one run, found by bisection, not paper by paper.
        return _count_runs(query, cast(Sequence[str], indexed[0]), indexed[1], len(papers))
    if indexed is not None:
        values, having = cast(Sequence[str], indexed[0]), indexed[1]
    else:
        having = [p for p in papers if getattr(p, field.value)]
        values = [str(getattr(p, field.value)) for p in having]
    # Keys as plain strings in one pass (no tuple per paper for the collector to walk), papers
    # gathered only for the groups that win; an organisation's key is made once per spelling.
    if query.group is Grouping.ORGANISATION:
        spellings: dict[str, str] = {}  # an organisation's key -> its first spelling
        named = {
            written: spellings.setdefault(_organisation_key(written), written)
            for written in dict.fromkeys(values)
        }
        keys = [named[value] for value in values]
    else:
        prefix = _GROUP_PREFIX[query.group]
        keys = [value[:prefix] for value in values]
    sizes = Counter(keys)
    counted = len(keys)
    if not sizes:
        return GroupCount(query.group, (), 0, 0, not query.descending, len(papers))
    if query.every_group:
        return _every_group(query.group, keys, having, counted, len(papers) - counted)
    best = max(sizes.values()) if query.descending else min(sizes.values())
    chosen = {key for key, size in sizes.items() if size == best}
    members: dict[str, list[Paper]] = {key: [] for key in sorted(chosen)}
    for key, paper in zip(keys, having, strict=True):
        if key in chosen:
            members[key].append(paper)
    winners = tuple((key, tuple(found)) for key, found in members.items())
    return GroupCount(query.group, winners, best, counted, not query.descending, len(papers) - counted)


def _every_group(
    by: Grouping, keys: Sequence[str], having: Sequence[Paper], counted: int, missing: int
) -> GroupCount:
    """Every group and its papers ("how many papers per month?"): dates in their order,
    organisations most papers first; `count` is the largest group's size."""
    members: dict[str, list[Paper]] = {}
    for key, paper in zip(keys, having, strict=True):
        members.setdefault(key, []).append(paper)
    order = (
        sorted(members, key=lambda key: (-len(members[key]), key.lower()))
        if by is Grouping.ORGANISATION
        else sorted(members)
    )
    groups = tuple((key, tuple(members[key])) for key in order)
    return GroupCount(by, groups, max(len(found) for _, found in groups), counted, False, missing, every=True)


def _count_runs(
    query: MetadataQuery, values: Sequence[str], having: Sequence[Paper], total: int
) -> GroupCount:
    """`count_by` over dates in ascending order (`having` their papers): a group is a run."""
    assert query.group is not None
    prefix = _GROUP_PREFIX[query.group]
    runs: dict[str, tuple[int, int]] = {}
    start = bisect.bisect_right(values, "")  # an empty date gives no group, as in the scan
    blank = start
    while start < len(values):
        key = values[start][:prefix]
        end = bisect.bisect_left(values, key + "\U0010ffff", start)
        runs[key] = (start, end)
        start = end
    if not runs:
        return GroupCount(query.group, (), 0, 0, not query.descending, total)
    if query.every_group:
        keys = [value[:prefix] for value in values[blank:]]
        return _every_group(
            query.group, keys, having[blank:], len(values) - blank, total - len(values) + blank
        )
    sizes = {key: end - start for key, (start, end) in runs.items()}
    best = max(sizes.values()) if query.descending else min(sizes.values())
    winners = tuple(
        (key, tuple(having[start:end])) for key, (start, end) in runs.items() if end - start == best
    )
    counted = len(values) - blank
    return GroupCount(query.group, winners, best, counted, not query.descending, total - counted)
