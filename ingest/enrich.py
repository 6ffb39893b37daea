"""Resolving stored papers to arXiv: batched title searches against the arXiv API, a match
accepted only when the titles agree, and each match merged under its arXiv id the way ingest
merges copies of one paper (the old id stays an alias). Prints nothing; a paper without a match
is left exactly as it was.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
import sqlite3
import time
import unicodedata
import urllib.parse
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from ingest.errors import IngestError, SourceError
from ingest.fetch import FetchError, HttpPolicy, UnreachableError, fetch_text
from ingest.pipeline import ProgressCallback, ingest_papers
from ingest.sources.arxiv import parse_arxiv, total_results
from rag.markup import clean_paper
from rag.model import Paper
from rag.store import PaperStore

log = logging.getLogger(__name__)

BATCH_SIZE = 10  # titles per API request (arXiv answers a 10-phrase OR query in about a second)
RETRY_AFTER = dt.timedelta(days=7)  # a paper looked up in vain is not asked about again sooner
RESULTS_PER_TITLE = 5  # records asked for per title in a request (a title phrase rarely has more)
FUZZY_MIN = 90  # rapidfuzz ratio of the normalised titles for a candidate that is not exact
DATE_SLACK = dt.timedelta(days=7)  # a listing's date agrees with arXiv's first version within this


class Outcome(StrEnum):
    MATCHED = "matched"
    UNMATCHED = "unmatched"
    AMBIGUOUS = "ambiguous"


@dataclass(frozen=True, slots=True)
class Resolution:
    """What the arXiv API said about one stored paper. `evidence` names what agreed ("title",
    "author count", "date"); `candidates` are the arXiv ids it could not choose between."""

    paper: Paper
    outcome: Outcome
    match: Paper | None = None
    evidence: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {"paper_id": self.paper.id, "title": self.paper.title}
        if self.match is not None:
            found.update(arxiv_id=self.match.arxiv_id, evidence=list(self.evidence))
        if self.candidates:
            found["candidates"] = list(self.candidates)
        return found


@dataclass(frozen=True, slots=True)
class EnrichReport:
    """One run: what was looked up and what came of it, and what was skipped before asking."""

    resolutions: tuple[Resolution, ...] = ()
    already_resolved: int = 0
    recently_tried: int = 0
    requests: int = 0

    def of(self, outcome: Outcome) -> tuple[Resolution, ...]:
        return tuple(r for r in self.resolutions if r.outcome is outcome)

    def as_dict(self) -> dict[str, Any]:
        counts = {outcome.value: len(self.of(outcome)) for outcome in Outcome}
        return {
            **counts,
            "looked_up": len(self.resolutions),
            "already_resolved": self.already_resolved,
            "recently_tried": self.recently_tried,
            "requests": self.requests,
            "papers": {outcome.value: [r.as_dict() for r in self.of(outcome)] for outcome in Outcome},
        }


class EnrichStoppedError(IngestError):
    """The arXiv API failed part-way (or before the first answer). `report` holds what was done
    and kept; `unreachable` says whether the host could not be reached at all."""

    def __init__(self, message: str, report: EnrichReport, host: str, unreachable: bool) -> None:
        super().__init__(message)
        self.report = report
        self.host = host
        self.unreachable = unreachable


# ---- asking arXiv -----------------------------------------------------------------------------


class Throttle:
    """At most one request every `interval` seconds (arXiv asks for 3)."""

    def __init__(
        self,
        interval: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = interval
        self._clock = clock
        self._sleep = sleep
        self._last: float | None = None

    def wait(self) -> None:
        if self._last is not None:
            left = self.interval - (self._clock() - self._last)
            if left > 0:
                self._sleep(left)
        self._last = self._clock()


class ArxivSearch:
    """Title searches against an arXiv API base (`https://export.arxiv.org`), several titles per
    request, politely spaced; timeouts, 429 and 5xx retried with backoff by `fetch_text`."""

    def __init__(self, base_url: str, min_interval: float = 3.0, policy: HttpPolicy | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        # A retry waits at least as long as the polite interval between requests.
        self.policy = policy or HttpPolicy(backoff_seconds=max(1.0, min_interval))
        self.throttle = Throttle(min_interval)
        self.requests = 0

    @property
    def host(self) -> str:
        return urllib.parse.urlsplit(self.base_url).hostname or self.base_url

    def search_titles(self, titles: Sequence[str]) -> Found:
        """The arXiv records whose titles hold any of `titles` as a phrase (at most
        RESULTS_PER_TITLE per title; `complete` says whether that was all of them)."""
        phrases = [phrase for phrase in dict.fromkeys(title_phrase(t) for t in titles) if phrase]
        if not phrases:
            return Found((), complete=True)
        query = " OR ".join(f'ti:"{phrase}"' for phrase in phrases)
        limit = RESULTS_PER_TITLE * len(phrases)
        parameters = urllib.parse.urlencode({"search_query": query, "start": 0, "max_results": limit})
        url = f"{self.base_url}/api/query?{parameters}"
        self.throttle.wait()
        self.requests += 1
        text = fetch_text(url, self.policy)
        try:
            parsed = parse_arxiv(text, url)
        except SourceError as error:
            raise FetchError(str(error)) from error
        for problem in parsed.problems:
            log.warning("arXiv answer skipped: %s", problem)
        total = total_results(text, url)
        papers = tuple(clean_paper(paper) for paper in parsed.papers)
        return Found(papers, complete=total is None or total <= len(parsed.papers) + len(parsed.problems))


@dataclass(frozen=True, slots=True)
class Found:
    """One search's records, and whether they are all the API holds for it (a query whose
    matches outnumber the page it asked for may have left a paper's record out)."""

    papers: tuple[Paper, ...]
    complete: bool


# ---- deciding -----------------------------------------------------------------------------------


def normalise_title(title: str) -> str:
    """Case, accents, punctuation and spacing set aside: 'Alignment-Faking in LLMs' and
    'alignment faking in llms' are one title."""
    decomposed = unicodedata.normalize("NFKD", title)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", letters).split())


def title_phrase(title: str) -> str:
    """A title as an arXiv phrase search: its normalised words (no quotes or operators left)."""
    return normalise_title(title)


def resolve(paper: Paper, candidates: Sequence[Paper]) -> Resolution:
    """Which of `candidates` (arXiv records) is `paper`. A title equal after normalisation is a
    match unless a known fact contradicts it (another author count); a title that is only close
    needs a second fact that agrees (author count, or the date within a week). Two or more
    records that fit equally well are ambiguous: nothing is merged on a guess."""
    title = normalise_title(paper.title)
    unique = list({c.arxiv_id: c for c in candidates if c.arxiv_id}.values())
    exact = [c for c in unique if normalise_title(c.title) == title]
    if exact:
        fitting = [c for c in exact if not _contradicts(paper, c)]
        if len(fitting) == 1:
            return _matched(paper, fitting[0], ("title", *_agreeing(paper, fitting[0])))
        confirmed = [c for c in fitting if _agreeing(paper, c)]
        if len(confirmed) == 1:
            return _matched(paper, confirmed[0], ("title", *_agreeing(paper, confirmed[0])))
        return Resolution(paper, Outcome.AMBIGUOUS, candidates=_ids(exact))
    close = [c for c in unique if fuzz.ratio(title, normalise_title(c.title)) >= FUZZY_MIN]
    confirmed = [c for c in close if not _contradicts(paper, c) and _agreeing(paper, c)]
    if len(confirmed) == 1:
        return _matched(paper, confirmed[0], ("similar title", *_agreeing(paper, confirmed[0])))
    if len(confirmed) > 1:
        return Resolution(paper, Outcome.AMBIGUOUS, candidates=_ids(confirmed))
    return Resolution(paper, Outcome.UNMATCHED)


def _matched(paper: Paper, match: Paper, evidence: tuple[str, ...]) -> Resolution:
    return Resolution(paper, Outcome.MATCHED, match, evidence)


def _ids(papers: Iterable[Paper]) -> tuple[str, ...]:
    return tuple(sorted(str(p.arxiv_id) for p in papers))


def _contradicts(paper: Paper, candidate: Paper) -> bool:
    """The listing and arXiv give different author counts: another paper with a similar title."""
    listed, found = paper.author_count, len(candidate.authors) or candidate.author_count
    return bool(listed and found and listed != found)


def _agreeing(paper: Paper, candidate: Paper) -> tuple[str, ...]:
    facts: list[str] = []
    found = len(candidate.authors) or candidate.author_count
    if paper.author_count and found and paper.author_count == found:
        facts.append("author count")
    listed, first = _day(paper.date), _day(candidate.first_version or candidate.date)
    if listed and first and abs(listed - first) <= DATE_SLACK:
        facts.append("date")
    return tuple(facts)


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def enriched(paper: Paper, match: Paper) -> Paper:
    """The stored paper with what arXiv knows: its id, every author, the abs link, the primary
    category, the first version's date (its listed date, if it has one, stays: the questions
    about dates are about the listing). Title and abstract stay the stored ones."""
    assert match.arxiv_id is not None
    authors = match.authors or paper.authors
    return dataclasses.replace(
        paper,
        id=match.arxiv_id,
        arxiv_id=match.arxiv_id,
        url=f"https://arxiv.org/abs/{match.arxiv_id}",
        authors=authors,
        author_count=len(authors) or paper.author_count,
        date=paper.date or match.first_version or match.date,
        primary_category=match.primary_category or paper.primary_category,
        first_version=match.first_version or match.date,
    )


# ---- the run ----------------------------------------------------------------------------------


def _look_up(search: ArxivSearch, papers: Sequence[Paper]) -> list[Resolution]:
    """One request for the batch; a paper it left unmatched while the answer was cut short is
    asked about again on its own (its record may be among those the page left out)."""
    found = search.search_titles([paper.title for paper in papers])
    resolutions = [resolve(paper, found.papers) for paper in papers]
    if found.complete or len(papers) == 1:
        return resolutions
    for index, resolution in enumerate(resolutions):
        if resolution.outcome is Outcome.UNMATCHED:
            alone = search.search_titles([resolution.paper.title])
            resolutions[index] = resolve(resolution.paper, alone.papers)
    return resolutions


class AttemptLedger:
    """When each paper was last looked up on arXiv in vain (a table in the state database), so
    that a re-run asks only about papers not tried recently."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._path = path
        with self._connect() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS enrich_attempts ("
                "paper_id TEXT PRIMARY KEY, outcome TEXT NOT NULL, tried_at TEXT NOT NULL)"
            )

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self._path, timeout=30)

    def tried_since(self, moment: dt.datetime) -> set[str]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT paper_id FROM enrich_attempts WHERE tried_at >= ?", (moment.isoformat(),)
            )
            return {row[0] for row in rows}

    def record(self, resolutions: Iterable[Resolution], moment: dt.datetime) -> None:
        rows = [(r.paper.id, r.outcome.value, moment.isoformat()) for r in resolutions]
        with self._connect() as db:
            db.executemany("INSERT OR REPLACE INTO enrich_attempts VALUES (?, ?, ?)", rows)


def enrich_store(
    store: PaperStore,
    search: ArxivSearch,
    ledger: AttemptLedger,
    *,
    retry_unmatched: bool = False,
    batch_size: int = BATCH_SIZE,
    on_progress: ProgressCallback | None = None,
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
) -> EnrichReport:
    """Look up every stored paper without an arXiv id (but those tried in vain lately, unless
    `retry_unmatched`), and merge each match under its arXiv id, batch by batch: what a failure
    part-way leaves is consistent, and a re-run goes on from there. Raises EnrichStoppedError when
    the API fails; its report says what was done before."""
    stored = store.stored_versions()
    pending = sorted(paper_id for paper_id, version in stored.items() if not version.arxiv_id)
    recent = set() if retry_unmatched else ledger.tried_since(now() - RETRY_AFTER)
    todo = [paper_id for paper_id in pending if paper_id not in recent]
    skipped = {"already_resolved": len(stored) - len(pending), "recently_tried": len(pending) - len(todo)}
    resolutions: list[Resolution] = []
    if on_progress:
        on_progress(0, len(todo))
    for start in range(0, len(todo), batch_size):
        papers = store.papers(todo[start : start + batch_size])
        try:
            batch = _look_up(search, papers)
        except FetchError as error:
            report = EnrichReport(tuple(resolutions), **skipped, requests=search.requests)
            unreachable = isinstance(error, UnreachableError)
            raise EnrichStoppedError(str(error), report, search.host, unreachable) from error
        matches = [enriched(r.paper, r.match) for r in batch if r.match is not None]
        if matches:
            written = ingest_papers(store, matches)
            if written.failed:
                log.error(
                    "enrich: %d matched papers could not be stored: %s", written.failed, written.problems
                )
        ledger.record((r for r in batch if r.outcome is not Outcome.MATCHED), now())
        resolutions.extend(batch)
        if on_progress:
            on_progress(min(start + batch_size, len(todo)), len(todo))
    report = EnrichReport(tuple(resolutions), **skipped, requests=search.requests)
    log.info(
        "enrich: %d matched, %d unmatched, %d ambiguous (%d already resolved, %d tried lately)",
        len(report.of(Outcome.MATCHED)),
        len(report.of(Outcome.UNMATCHED)),
        len(report.of(Outcome.AMBIGUOUS)),
        report.already_resolved,
        report.recently_tried,
    )
    return report


__all__ = [
    "ArxivSearch",
    "AttemptLedger",
    "EnrichReport",
    "EnrichStoppedError",
    "Outcome",
    "Resolution",
    "enrich_store",
    "normalise_title",
    "resolve",
]
