"""Metadata intents in a question: sort and filter requests over authors, dates, upvotes and
organisations ("most upvoted", "2024 papers with exactly three authors", "posted on Apr 10").

Pure parsing and filtering over `Paper`s; what is left of the question is the topic.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rag.papers import Paper

_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
}
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        1,
    )
    for name in names
}
_NUM = r"(\d+|" + "|".join(_NUMBER_WORDS) + r")"
_MONTH = r"(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_FIELDS = {"author": "author_count", "upvote": "upvotes", "vote": "upvotes", "like": "upvotes"}


@dataclass(frozen=True, slots=True)
class Intent:
    """What the question asks of the metadata. Empty (`wants_metadata` False) for plain questions."""

    sort_field: str | None = None  # author_count, upvotes, date
    descending: bool = True
    equals: tuple[tuple[str, int], ...] = ()  # (field, value)
    year: int | None = None
    month_day: tuple[int, int] | None = None
    organisation: str | None = None
    ask_count_of: str | None = None  # "how many authors does X have" -> author_count
    single: bool = False  # "which paper has the most ..." wants one answer
    topic: str = ""
    matched: tuple[str, ...] = field(default=())

    @property
    def wants_metadata(self) -> bool:
        return bool(
            self.sort_field
            or self.equals
            or self.year
            or self.month_day
            or self.organisation
            or self.ask_count_of
        )

    @property
    def fields(self) -> set[str]:
        used = {f for f, _ in self.equals}
        if self.sort_field:
            used.add(self.sort_field)
        if self.year or self.month_day:
            used.add("date")
        if self.ask_count_of:
            used.add(self.ask_count_of)
        if self.organisation:
            used.add("organisation")
        return used


def _number(raw: str) -> int:
    return int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]


def parse_intent(question: str, organisations: Iterable[str] = ()) -> Intent:
    """Find metadata requests; `organisations` are the names known in the corpus."""
    text = question.lower()
    matched: list[str] = []
    values: dict[str, object] = {}
    equals: list[tuple[str, int]] = []

    def take(pattern: str) -> re.Match[str] | None:
        nonlocal text
        match = re.search(pattern, text)
        if match:
            matched.append(match.group(0).strip())
            text = text[: match.start()] + " " + text[match.end() :]
        return match

    if take(r"\bhow many (authors|upvotes|votes|likes)\b( does| do| did| has| have)?"):
        values["ask_count_of"] = _FIELDS[matched[-1].split()[2].rstrip("s")]
    while match := take(rf"\b(exactly|just|only)?\s*{_NUM}\s+(authors?|upvotes?|votes?|likes?)\b"):
        equals.append((_FIELDS[match.group(3).rstrip("s")], _number(match.group(2))))
    superlative = r"\b(most|fewest|least|highest|lowest|largest|smallest)\b"
    if match := take(superlative + r"\s*(number of\s*)?(authors?|upvoted|upvotes?|votes?|liked)?"):
        word = match.group(3) or ""
        field_name = "author_count" if word.startswith("author") else "upvotes"
        if not word:
            field_name = (
                "upvotes" if "upvot" in text or "vote" in text or "popular" in text else "author_count"
            )
        values["sort_field"] = field_name
        values["descending"] = match.group(1) in ("most", "highest", "largest")
    elif take(r"\b(most popular|top[- ]voted|top rated)\b"):
        values["sort_field"], values["descending"] = "upvotes", True
    if match := take(r"\b(newest|latest|most recent|recent|oldest|earliest)\b"):
        values["sort_field"] = "date"
        values["descending"] = match.group(1) not in ("oldest", "earliest")
    if match := take(
        rf"\b(?:on|posted|dated|from)?\s*{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s*(\d{{4}}))?"
    ):
        values["month_day"] = (_MONTHS[match.group(1)], int(match.group(2)))
        if match.group(3):
            values["year"] = int(match.group(3))
    if "year" not in values and (match := take(r"\b(?:in|from|of|published in)?\s*((?:19|20)\d{2})\b")):
        values["year"] = int(match.group(1))
    for name in sorted(organisations, key=len, reverse=True):
        if name and re.search(rf"(?<![\w-]){re.escape(name.lower())}(?![\w-])", text):
            take(rf"(credited to |from |by )?{re.escape(name.lower())}")
            values["organisation"] = name
            break
    single = bool(
        re.search(
            r"\b(which|what)\b(\s+[\w-]+){0,3}?\s+(paper|one|survey|work|article)\b(?!s)", question.lower()
        )
    )
    topic = re.sub(
        r"\b(which|what|papers?|are|is|was|were|have|has|with|the|in|listing|this year|posted|does|do|"
        r"there|any|show|me|list|on|of|a|an)\b",
        " ",
        text,
    )
    topic = " ".join(w for w in re.sub(r"[^\w\s-]", " ", topic).split() if len(w) > 1)
    return Intent(
        sort_field=values.get("sort_field"),  # type: ignore[arg-type]
        descending=bool(values.get("descending", True)),
        equals=tuple(equals),
        year=values.get("year"),  # type: ignore[arg-type]
        month_day=values.get("month_day"),  # type: ignore[arg-type]
        organisation=values.get("organisation"),  # type: ignore[arg-type]
        ask_count_of=values.get("ask_count_of"),  # type: ignore[arg-type]
        single=single,
        topic=topic,
        matched=tuple(matched),
    )


def apply_intent(intent: Intent, papers: Iterable[Paper]) -> tuple[list[Paper], int]:
    """Filter and sort; returns the papers and how many were left out for lacking the metadata."""
    kept: list[Paper] = []
    missing = 0
    needed = intent.fields - {"organisation"}
    if intent.ask_count_of:
        needed.discard(intent.ask_count_of)  # asking for a value is not filtering on it
    for paper in papers:
        if any(getattr(paper, name) is None for name in needed):
            missing += 1
            continue
        if any(getattr(paper, name) != value for name, value in intent.equals):
            continue
        if intent.year and paper.year != intent.year:
            continue
        if (
            intent.month_day
            and paper.date
            and (int(paper.date[5:7]), int(paper.date[8:10])) != intent.month_day
        ):
            continue
        if intent.organisation and (paper.organisation or "").lower() != intent.organisation.lower():
            continue
        kept.append(paper)
    if intent.sort_field:
        key = intent.sort_field
        kept.sort(key=lambda p: getattr(p, key), reverse=intent.descending)
    return kept, missing
