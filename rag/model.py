"""The domain model every stage shares: Paper and its facts, Chunk, Citation, the Answer (a kind,
typed parts, citations) and the Turn a thread remembers. Pure values: no I/O, and no prose (every
sentence a user reads is written by bot/render/ from these parts)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar
from urllib.parse import urlencode

# ---- papers ---------------------------------------------------------------------------------


class Field(StrEnum):
    """The facts a listing can give about a paper (each value is the `Paper` attribute)."""

    AUTHORS = "author_count"
    UPVOTES = "upvotes"
    DATE = "date"
    ORGANISATION = "organisation"
    AUTHOR_NAMES = "authors"  # who wrote it: names arXiv gives (paperbot enrich), not listings


class Measure(StrEnum):
    """What a metadata question computes over a field of the papers it selects."""

    MEAN = "mean"  # "average number of authors"
    MEDIAN = "median"  # "median author count", "typical upvotes"
    TOTAL = "total"  # "total upvotes", "combined upvotes"


class Grouping(StrEnum):
    """What a metadata question counts papers by ("which month had the most papers?")."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    ORGANISATION = "organisation"


@dataclass(frozen=True, slots=True)
class Paper:
    """One paper, whatever source it came from. Unknown metadata is None, never guessed."""

    id: str
    title: str
    abstract: str
    arxiv_id: str | None = None
    url: str | None = None
    date: str | None = None  # ISO 8601 (YYYY-MM-DD): the date the source lists for the paper
    upvotes: int | None = None
    authors: tuple[str, ...] = ()
    author_count: int | None = None
    organisation: str | None = None
    summary: str | None = None  # a feed's own one-line summary, when it has one
    github_url: str | None = None
    project_url: str | None = None
    sources: tuple[str, ...] = field(default=())
    # The names the paper goes by ("URIAL", "GRAO"), as written, with how surely each is this
    # paper's (rag.names.Strength): found at ingest from the title and abstract, stored with it.
    names: tuple[tuple[str, int], ...] = ()
    # From arXiv, once the paper is known there: its primary category ("cs.CL") and the date of
    # its first version (what a citation's year is).
    primary_category: str | None = None
    first_version: str | None = None

    @property
    def link(self) -> str | None:
        """The best link to show a reader: the arXiv abs page once the id is known."""
        if self.arxiv_id:
            return f"https://arxiv.org/abs/{self.arxiv_id}"
        return self.url or None

    @property
    def pdf_link(self) -> str | None:
        return f"https://arxiv.org/pdf/{self.arxiv_id}" if self.arxiv_id else None

    @property
    def citation_year(self) -> int | None:
        """The year a citation gives: the first arXiv version's, else the listed date's."""
        return int(self.first_version[:4]) if self.first_version else self.year

    @property
    def reader_link(self) -> str:
        """A link a reader can always follow: the paper's own, else an arXiv search for its
        exact title (the bundled listing pages name no arXiv ids)."""
        return self.link or "https://arxiv.org/search/?" + urlencode(
            {"query": f'"{self.title}"', "searchtype": "title"}
        )

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None

    def fact(self, name: Field) -> int | str | None:
        """The value its listing gives for `name`, or None."""
        if name is Field.AUTHOR_NAMES:
            return ", ".join(self.authors) or None
        value: int | str | None = getattr(self, name.value)
        return value

    def text_for_embedding(self) -> str:
        return f"{self.title}. {self.abstract}"

    def text_hash(self) -> str:
        """Changes only when what is embedded changes (title or abstract)."""
        return _digest({"title": self.title, "abstract": self.abstract})

    def content_hash(self) -> str:
        """Changes when anything stored changes (metadata included). Facts added to `Paper`
        later count only when known, so a store written before they existed stays unchanged."""
        facts = dataclasses.asdict(self)
        for name in _LATER_FACTS:
            if facts[name] is None:
                del facts[name]
        return _digest(facts)

    def __reduce__(self) -> tuple[type[Paper], tuple[Any, ...]]:
        # Unpickled by calling the class, not by dataclasses' __setstate__, which looks the
        # fields up again for every object: the 100k papers of a saved lexicon load in about
        # half the time (docs/design.md, "Persisted lexicon"). Files pickled the old way still
        # load (that __setstate__ is still there).
        return (Paper, tuple(getattr(self, name) for name in _PAPER_FIELDS))


_PAPER_FIELDS = tuple(f.name for f in dataclasses.fields(Paper))
_LATER_FACTS = ("primary_category", "first_version")


def _digest(value: Any) -> str:
    encoded = json.dumps(value, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class Chunk:
    """A piece of one paper's abstract, with a stable id `<paper_id>#<n>`."""

    paper_id: str
    index: int
    text: str

    @property
    def id(self) -> str:
        return f"{self.paper_id}#{self.index}"


@dataclass(frozen=True, slots=True)
class Citation:
    """One cited paper, numbered as it appears in the answer ([n])."""

    n: int
    paper: Paper
    snippet: str = ""


# ---- answers --------------------------------------------------------------------------------


class AnswerKind(StrEnum):
    ANSWER = "answer"  # one paper answers
    LIST = "list"
    COMPARE = "compare"
    LOOKUP = "lookup"
    METADATA = "metadata"
    SIMILAR = "similar"
    HELP = "help"
    REFUSAL = "refusal"


# The parts of an answer: what it says, as data. Each cited paper is cited by the number its
# `Citation` carries; the render layer writes the sentences and the [n] markers.


@dataclass(frozen=True, slots=True)
class Quote:
    """One paper answers, in its own words: sentences of its abstract in their order; the
    runners-up the list model is sure belong with it are shown as `also_close`."""

    kind: ClassVar[AnswerKind] = AnswerKind.ANSWER
    paper: Paper
    sentences: tuple[str, ...]
    also_close: tuple[Paper, ...] = ()


@dataclass(frozen=True, slots=True)
class Row:
    """One paper of a list or a comparison, with its sentence that answers best."""

    paper: Paper
    sentence: str


@dataclass(frozen=True, slots=True)
class Listing:
    """The papers a list question asks for, best first (more held back: `Answer.more`)."""

    kind: ClassVar[AnswerKind] = AnswerKind.LIST
    rows: tuple[Row, ...]
    # What the list left out as asked ("… not about multimodal models") and how many papers that
    # would have been listed are about it.
    without: str = ""
    left_out: int = 0
    # ... counted as the papers that mention it ("… that don't use RL"), not those about it.
    mentioned: bool = False


@dataclass(frozen=True, slots=True)
class Definition:
    """What an acronym stands for ("what does KTO stand for?"): each long form the corpus gives
    it, with the papers that write it so (and the sentence that does), most written first."""

    kind: ClassVar[AnswerKind] = AnswerKind.ANSWER
    acronym: str
    forms: tuple[tuple[str, tuple[Row, ...]], ...]


@dataclass(frozen=True, slots=True)
class Comparison:
    """The two sides of a comparison, each with its sentence."""

    kind: ClassVar[AnswerKind] = AnswerKind.COMPARE
    sides: tuple[Row, ...]


@dataclass(frozen=True, slots=True)
class Card:
    """A lookup: the paper, its BibTeX, and, when the match is unsure, the runners-up."""

    kind: ClassVar[AnswerKind] = AnswerKind.LOOKUP
    paper: Paper
    bibtex: str
    also_close: tuple[Paper, ...] = ()
    wants: frozenset[str] = frozenset()  # what the turn asked for: "bibtex", "link", "arxiv", "title", ...
    links: tuple[str, ...] = ()  # the addresses its abstract gives (code, project page)
    # an arXiv id the question gave for the paper, which its listing does not record to check
    unchecked_id: str = ""


@dataclass(frozen=True, slots=True)
class Cards:
    """A lookup of every paper of a set ("bibtex for all of them" after a list): a card each."""

    kind: ClassVar[AnswerKind] = AnswerKind.LOOKUP
    cards: tuple[Card, ...]


@dataclass(frozen=True, slots=True)
class Matches:
    """The papers a metadata question selects, with their facts: `shown` (cited in order) of
    `total`; `count` when it asks how many, `listing` False when the number alone answers.
    `missing` papers were left out for lacking `missing_fields`; `dated` is the day a "same day
    as X" question shares."""

    kind: ClassVar[AnswerKind] = AnswerKind.METADATA
    shown: tuple[Paper, ...]
    total: int
    count: bool = False
    listing: bool = True
    missing: int = 0
    missing_fields: tuple[Field, ...] = ()
    dated: str | None = None
    period: tuple[str, str] | None = None  # the days a relative date ("this week") stood for
    among: int = 0  # the papers of the thread's set it was asked of ("which of those ..."), if any
    # An organisation asked for that no listing here credits ("anything from DeepMind?"), if so.
    uncredited: str | None = None
    # Every paper asked of lacks a needed field ("the most upvoted" of papers none of whose
    # listings gives upvotes): the `missing` papers are all there was, not a remainder.
    unknown: bool = False
    # When a bound on a field matched nothing ("more than 100 upvotes"): the field, whether the
    # bound was from below (so the highest value is shown), that value (7), and whether other
    # conditions narrowed the papers it is the highest of ("2024 papers with more than 30 authors").
    extreme: tuple[Field, bool, int | str, bool] | None = None
    # When a day, month or year matched nothing: the papers dated nearest it, before and after.
    nearest: tuple[Paper, ...] = ()


@dataclass(frozen=True, slots=True)
class NoSameDay:
    """ "The same day as X": no other paper shares X's date (`anchor`; or its month or year,
    `span`), or X is undated or unknown."""

    kind: ClassVar[AnswerKind] = AnswerKind.METADATA
    anchor: Paper | None
    # what was compared of its date: the day, or its month or year ("2023-12", "2023"); or
    # "organisation": no other paper is credited to its organisation
    span: str = ""
    near: int = 0  # "anything newer?": only this many papers nearest the anchor were dated


@dataclass(frozen=True, slots=True)
class Fact:
    """One fact of a named paper ("when was X posted?"); `value` None: its listing lacks it."""

    kind: ClassVar[AnswerKind] = AnswerKind.METADATA
    paper: Paper
    name: Field
    value: int | str | None
    # every fact the question asked of the paper, in its order, when it asked more than one
    # ("posting date and number of authors?"), each (field, value or None)
    also: tuple[tuple[Field, int | str | None], ...] = ()
    # a yes/no question of it ("was it posted in 2025?"): whether its listing meets what was
    # asked; None when nothing was checked or the listing lacks the field
    holds: bool | None = None


@dataclass(frozen=True, slots=True)
class FactComparison:
    """ "Which got more upvotes, X or Y?": the paper the question asks for first (as asked when the
    two tie); `unknown` is a paper whose listing lacks the fact, which then answers alone."""

    kind: ClassVar[AnswerKind] = AnswerKind.METADATA
    name: Field
    first: Paper
    second: Paper
    tied: bool = False
    unknown: Paper | None = None
    # "combined upvotes of X and Y?" ("sum"), "how many more upvotes does X have than Y?"
    # ("difference"): the two counts as asked, with their sum or difference
    arithmetic: str = ""


@dataclass(frozen=True, slots=True)
class FieldStatistic:
    """ "The average number of authors of the 2024 papers": `value` (None when no selected paper
    gives the field) computed over `papers` (the selected papers that give it); `missing` selected
    papers were left out for lacking it, never counted as zero."""

    kind: ClassVar[AnswerKind] = AnswerKind.METADATA
    measure: Measure
    name: Field
    value: float | None
    papers: tuple[Paper, ...]
    missing: int = 0


@dataclass(frozen=True, slots=True)
class GroupCount:
    """ "Which month of 2024 had the most papers?": the groups (ISO day / month / year, or an
    organisation) that hold the most (`fewest`: the fewest) of the selected papers, ties together,
    each with its papers; `count` papers each, out of `counted` grouped papers; `missing`
    selected papers were left out for lacking the field grouped by."""

    kind: ClassVar[AnswerKind] = AnswerKind.METADATA
    by: Grouping
    groups: tuple[tuple[str, tuple[Paper, ...]], ...]
    count: int
    counted: int
    fewest: bool = False
    missing: int = 0
    # "how many papers per month?": every group, in its order, not only the most
    every: bool = False


@dataclass(frozen=True, slots=True)
class Neighbour:
    """A paper near another one: the cosine of the two abstracts and the key phrases both use,
    rarest first."""

    paper: Paper
    score: float
    shared: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Neighbours:
    """ "Papers like X": the paper asked about and its nearest papers (cited), best first."""

    kind: ClassVar[AnswerKind] = AnswerKind.SIMILAR
    paper: Paper
    neighbours: tuple[Neighbour, ...]
    also_close: tuple[Paper, ...] = ()  # other papers the request may have meant, when unsure


@dataclass(frozen=True, slots=True)
class Help:
    """ "help", "what can you do?": what can be asked (the render layer says it); `thanked` for
    a turn that only thanks or acknowledges ("thanks!", "ok cool"), which gets a short reply."""

    kind: ClassVar[AnswerKind] = AnswerKind.HELP
    thanked: bool = False


@dataclass(frozen=True, slots=True)
class Refusal:
    """Not in the corpus (a normal answer): the nearest papers, named but not cited."""

    kind: ClassVar[AnswerKind] = AnswerKind.REFUSAL
    related: tuple[Paper, ...] = ()
    # What was asked of these papers that their abstracts do not mention, as the question wrote
    # it ("Llama Guard 3"): a follow-up about the thread's paper or set, not the corpus at large.
    unmentioned: tuple[str, ...] = ()
    # A title the question gave that no paper's title resembles ("Sleeper Agents: ...").
    untitled: str | None = None
    # What a "how many …" question counted that the paper's abstract gives no number of
    # ("languages" for "how many languages does Aegis 2.0 cover?").
    uncounted: tuple[str, ...] = ()
    # What a "which model …" question asked for that the paper's abstract names none of ("model"
    # for "which base LLM does ULMRec fine-tune?").
    unnamed: str | None = None
    # The set whose items the question asked for and the abstract does not list ("task
    # categories" for "what are the five task categories in the AI4Research taxonomy?").
    unlisted: str | None = None
    # A name the question called the paper it asked for by that no paper here goes by
    # ("DeepSeek-R1" for "the DeepSeek-R1 paper"); `related` then holds the papers that mention it.
    unheld: str | None = None
    # Authors the question cites the paper it asks for by ("Hu et al."), when it gives no name a
    # paper here goes by: the listings give no authors to find that paper by.
    authors: str | None = None
    # A figure the question asks for that no listing records ("citation counts" for "which papers
    # are the most cited?", "raft citation count").
    unrecorded: str | None = None
    # It asked for papers ("papers that evaluate on HH data?"): its related papers are the nearest
    # to a set, not one paper the next turn may point at ("which of those …" means the set asked
    # for, searched anew).
    listing: bool = False
    # An arXiv id the question gives that no stored paper has ("is 2408.06292 in the corpus?").
    unidentified: str | None = None
    # A name no abstract but that of the paper it names writes, asked for papers besides that
    # one ("URIAL" for "which other papers use URIAL?"): `related` holds that paper.
    unshared: str | None = None
    # "more" after a list that showed every paper that qualified: `related` are the next nearest.
    exhausted: bool = False
    # What the turn left out of the earlier set ("RL" for "which of those don't use RL?") that
    # every one of its papers holds: `related` are those papers.
    held_by_all: str | None = None
    # A thing a mention list asks for that no abstract here writes ("papers mentioning GPT-5").
    unwritten: str | None = None


@dataclass(frozen=True, slots=True)
class Overview:
    """What the corpus holds ("what topics does the corpus cover?"): how many papers, the dates
    they span, and the phrases most of their titles share, with how many titles use each."""

    kind: ClassVar[AnswerKind] = AnswerKind.METADATA
    papers: int
    first: str | None
    last: str | None
    topics: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class EmptyStore:
    """No paper is stored yet."""

    kind: ClassVar[AnswerKind] = AnswerKind.REFUSAL


@dataclass(frozen=True, slots=True)
class Generated:
    """A language model's wording, its [n] markers already held to the citation contract."""

    kind: ClassVar[AnswerKind] = AnswerKind.ANSWER
    text: str


# What an answer can say; its kind follows from which part it is.
Part = (
    Quote
    | Definition
    | Listing
    | Comparison
    | Card
    | Cards
    | Matches
    | NoSameDay
    | Fact
    | FactComparison
    | FieldStatistic
    | GroupCount
    | Neighbours
    | Help
    | Overview
    | Refusal
    | EmptyStore
    | Generated
)


@dataclass(frozen=True, slots=True)
class Answer:
    """What every surface renders: what the answer says (`part`), the papers it cites, whether
    the corpus grounds it. `sources` are the ranked papers considered (ids), `notes` say why
    (for logs and `--json`), `more` are papers a list held back for "more"."""

    question: str
    part: Part
    citations: tuple[Citation, ...] = ()
    grounded: bool = True
    sources: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    more: tuple[str, ...] = ()

    @property
    def kind(self) -> AnswerKind:
        return self.part.kind

    @property
    def related(self) -> tuple[Paper, ...]:
        """The papers a refusal names instead of an answer."""
        return self.part.related if isinstance(self.part, Refusal) else ()


# ---- conversations --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Turn:
    """One earlier turn of a thread: what was asked, answered, and cited (paper ids, in order)."""

    question: str
    answer: str  # how the answer read (kept with the thread; answering never reads it)
    cited: tuple[str, ...] = ()
    route: str = ""  # the answer's kind (answer, list, lookup, ...)
    more: tuple[str, ...] = ()  # papers a list answer held back for "more"
    # The papers a refusal showed without citing them, when one of them may be what the next
    # turn points at: the paper it was asked about ("its abstract does not mention …"), or the
    # nearest ones. None when it said no paper here is the one asked for (a title, a name or
    # authors no paper has): those only mention it.
    related: tuple[str, ...] = ()


def turn_of(answer: Answer, text: str = "") -> Turn:
    """What a thread remembers of an answered turn (follow-ups resolve against its citations);
    `text` is how the answer read, when the caller rendered it."""
    cited = tuple(c.paper.id for c in answer.citations)
    part = answer.part
    related: tuple[str, ...] = ()
    if isinstance(part, Refusal) and not (part.untitled or part.unheld or part.authors or part.listing):
        related = tuple(paper.id for paper in part.related)
    return Turn(answer.question, text, cited, answer.kind.value, answer.more, related)
