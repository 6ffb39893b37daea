"""Fetching the daily sources: Hugging Face daily_papers (by date) and an arXiv API query.

A base URL may be an http(s) address or a local directory of saved responses (air-gapped use,
tests). HTTP gets timeouts, bounded retries with backoff and honours 429 Retry-After. A broken
response raises FetchError: nothing from it is applied.
"""

from __future__ import annotations

import datetime as dt
import logging
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import IngestError, ParseResult, Problem, SourceError
from ingest.sources.arxiv import parse_arxiv
from ingest.sources.hf_api import parse_hf_api
from rag.model import Paper
from rag.retry import Backoff, DeadlineError, retrying, within

log = logging.getLogger(__name__)
_USER_AGENT = "paperbot/0.1 (+daily announcements)"
_MAX_BYTES = 20 * 1024 * 1024


class FetchError(IngestError):
    """A source could not be fetched, or answered with something unusable."""


class UnreachableError(FetchError):
    """The source's host cannot be reached: its name does not resolve (no network; not retried),
    or every attempt timed out or failed to connect."""

    def __init__(self, message: str, host: str) -> None:
        super().__init__(message)
        self.host = host


@dataclass(frozen=True, slots=True)
class HttpPolicy:
    timeout_seconds: float = 20.0  # per connect and per read (urllib's)
    total_seconds: float = 60.0  # per attempt, the whole response: a dripping server stops here
    retries: int = 3
    backoff_seconds: float = 1.0
    max_retry_after_seconds: float = 120.0


def fetch_text(
    url: str, policy: HttpPolicy = HttpPolicy(), sleep: Callable[[float], None] = time.sleep
) -> str:
    """GET `url` as text; retry timeouts, connection errors, 429 and 5xx, then give up clearly."""

    def get() -> str:
        return within(policy.total_seconds, read, "paperbot-fetch")

    def read() -> str:
        request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT, "Accept": "*/*"})
        with urllib.request.urlopen(request, timeout=policy.timeout_seconds) as response:
            body = response.read(_MAX_BYTES + 1)
            if len(body) > _MAX_BYTES:
                raise FetchError(f"{url}: response larger than {_MAX_BYTES} bytes")
            charset = response.headers.get_content_charset() or "utf-8"
            return str(body.decode(charset, errors="replace"))

    def retry_after(error: Exception) -> float | None:
        """A 429's Retry-After (whole seconds, capped) instead of the backoff."""
        if not isinstance(error, urllib.error.HTTPError) or error.code != 429 or not error.headers:
            return None
        value = error.headers.get("Retry-After")
        if not value or not value.strip().isdigit():
            return None
        return min(float(value), policy.max_retry_after_seconds)

    def log_retry(error: Exception, attempt: int, delay: float) -> None:
        # One warning per incident; the retries after it are details.
        log.log(
            logging.WARNING if attempt == 0 else logging.DEBUG,
            "fetch %s failed (%s); retry %d/%d in %.1fs",
            url,
            _cause(error),
            attempt + 1,
            policy.retries,
            delay,
        )

    backoff = Backoff(policy.retries, policy.backoff_seconds)
    try:
        return retrying(
            get, backoff, _is_transient, on_retry=log_retry, server_delay=retry_after, sleep=sleep
        )
    except urllib.error.HTTPError as error:
        if not _is_transient(error):
            raise FetchError(f"{url}: HTTP {error.code} {error.reason}") from error
        raise FetchError(f"{url}: gave up after {policy.retries + 1} attempts ({_cause(error)})") from error
    except (urllib.error.URLError, TimeoutError, ConnectionError, DeadlineError) as error:
        host = urllib.parse.urlsplit(url).hostname or url
        if _is_name_failure(error):
            raise UnreachableError(f"{url}: cannot resolve {host} ({_cause(error)})", host) from error
        message = f"{url}: gave up after {policy.retries + 1} attempts ({_cause(error)})"
        raise UnreachableError(message, host) from error


def _is_transient(error: Exception) -> bool:
    """Timeouts, refused or dropped connections, 429 and 5xx; not another 4xx, and not a name
    that does not resolve (offline: another attempt a second later fails the same way)."""
    if isinstance(error, urllib.error.HTTPError):
        return error.code == 429 or error.code >= 500
    if _is_name_failure(error):
        return False
    return isinstance(error, urllib.error.URLError | TimeoutError | ConnectionError | DeadlineError)


def _is_name_failure(error: Exception) -> bool:
    return isinstance(error, urllib.error.URLError) and isinstance(error.reason, socket.gaierror)


def _cause(error: Exception) -> str:
    if isinstance(error, urllib.error.HTTPError):
        return f"HTTP {error.code}"
    return str(getattr(error, "reason", error))


def _is_directory(base: str) -> bool:
    return not base.startswith(("http://", "https://"))


def fetch_hf_day(base: str, day: dt.date, policy: HttpPolicy = HttpPolicy()) -> ParseResult:
    """The Hugging Face Daily Papers of one day. A directory base reads `daily_papers_<date>.json`;
    a missing file there is an empty day, as the API's `[]` is."""
    if _is_directory(base):
        path = Path(base).expanduser() / f"daily_papers_{day.isoformat()}.json"
        if not path.is_file():
            return ParseResult(())
        text, source = path.read_text(encoding="utf-8"), str(path)
    else:
        source = f"{base.rstrip('/')}/api/daily_papers?date={day.isoformat()}"
        text = fetch_text(source, policy)
    try:
        return parse_hf_api(text, source)
    except SourceError as error:
        raise FetchError(str(error)) from error


def fetch_arxiv(
    base: str, query: str, max_results: int = 100, policy: HttpPolicy = HttpPolicy()
) -> ParseResult:
    """The newest papers matching an arXiv API query (e.g. `cat:cs.CL`). A directory base reads
    every .xml file in it."""
    if _is_directory(base):
        papers: list[Paper] = []
        problems: list[Problem] = []
        for path in sorted(Path(base).expanduser().glob("*.xml")):
            result = _parse_arxiv_or_fail(path.read_text(encoding="utf-8"), str(path))
            papers.extend(result.papers)
            problems.extend(result.problems)
        return ParseResult(tuple(papers), tuple(problems))
    parameters = urllib.parse.urlencode(
        {
            "search_query": query,
            "sortBy": "submittedDate",
            "sortOrder": "descending",
            "max_results": max_results,
        }
    )
    url = f"{base.rstrip('/')}/api/query?{parameters}"
    return _parse_arxiv_or_fail(fetch_text(url, policy), url)


def _parse_arxiv_or_fail(text: str, source: str) -> ParseResult:
    try:
        return parse_arxiv(text, source)
    except SourceError as error:
        raise FetchError(str(error)) from error
