"""Fetching the daily sources: Hugging Face daily_papers (by date) and an arXiv API query.

A base URL may be an http(s) address or a local directory of saved responses (air-gapped use,
tests). HTTP gets timeouts, bounded retries with backoff and honours 429 Retry-After. A broken
response raises FetchError: nothing from it is applied.
"""

from __future__ import annotations

import datetime as dt
import logging
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
from rag.papers import Paper

log = logging.getLogger(__name__)
_USER_AGENT = "paperbot/0.1 (+daily announcements)"
_MAX_BYTES = 20 * 1024 * 1024


class FetchError(IngestError):
    """A source could not be fetched, or answered with something unusable."""


@dataclass(frozen=True, slots=True)
class HttpPolicy:
    timeout_seconds: float = 20.0
    retries: int = 3
    backoff_seconds: float = 1.0
    max_retry_after_seconds: float = 120.0


def fetch_text(
    url: str, policy: HttpPolicy = HttpPolicy(), sleep: Callable[[float], None] = time.sleep
) -> str:
    """GET `url` as text; retry timeouts, connection errors, 429 and 5xx, then give up clearly."""
    last_error = ""
    for attempt in range(policy.retries + 1):
        request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT, "Accept": "*/*"})
        try:
            with urllib.request.urlopen(request, timeout=policy.timeout_seconds) as response:
                body = response.read(_MAX_BYTES + 1)
                if len(body) > _MAX_BYTES:
                    raise FetchError(f"{url}: response larger than {_MAX_BYTES} bytes")
                charset = response.headers.get_content_charset() or "utf-8"
                return str(body.decode(charset, errors="replace"))
        except urllib.error.HTTPError as error:
            last_error = f"HTTP {error.code}"
            if error.code != 429 and error.code < 500:
                raise FetchError(f"{url}: HTTP {error.code} {error.reason}") from error
            delay = policy.backoff_seconds * (2**attempt)
            retry_after = error.headers.get("Retry-After") if error.headers else None
            if error.code == 429 and retry_after and retry_after.strip().isdigit():
                delay = min(float(retry_after), policy.max_retry_after_seconds)
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            last_error = str(getattr(error, "reason", error))
            delay = policy.backoff_seconds * (2**attempt)
        if attempt < policy.retries:
            # One warning per incident; the retries after it are details.
            log.log(
                logging.WARNING if attempt == 0 else logging.DEBUG,
                "fetch %s failed (%s); retry %d/%d in %.1fs",
                url,
                last_error,
                attempt + 1,
                policy.retries,
                delay,
            )
            sleep(delay)
    raise FetchError(f"{url}: gave up after {policy.retries + 1} attempts ({last_error})")


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
