"""The one retry loop for calls to outside systems (Chroma, the LLM endpoint, HTTP sources):
bounded attempts with exponential backoff. Callers say which errors are worth another attempt,
log each retry their own way, and turn the last error into their package's error."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from rag.errors import PaperbotError

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Backoff:
    """Up to `retries` more attempts after the first; retry n (from 0) waits `seconds * 2**n`."""

    retries: int
    seconds: float

    def delay(self, attempt: int) -> float:
        return self.seconds * 2.0**attempt


def retrying(
    operation: Callable[[], _T],
    backoff: Backoff,
    transient: Callable[[Exception], bool],
    *,
    on_retry: Callable[[Exception, int, float], None] = lambda error, attempt, delay: None,
    server_delay: Callable[[Exception], float | None] = lambda error: None,
    sleep: Callable[[float], None] | None = None,
) -> _T:
    """Run `operation` until it returns. An error `transient` accepts is retried after the
    backoff (or the wait the server asked for, `server_delay`), with `on_retry(error, attempt,
    delay)` called first; any other error, and the last one, propagates unchanged."""
    for attempt in range(backoff.retries + 1):
        try:
            return operation()
        except Exception as error:
            if attempt == backoff.retries or not transient(error):
                raise
            asked = server_delay(error)
            delay = backoff.delay(attempt) if asked is None else asked
            on_retry(error, attempt, delay)
            (sleep or time.sleep)(delay)
    raise AssertionError("unreachable: the last attempt returns or raises")


class DeadlineError(PaperbotError):
    """A call did not finish within its deadline (callers say what it was, in their own words)."""


def within(seconds: float, operation: Callable[[], _T], name: str = "paperbot-deadline") -> _T:
    """`operation()` with a deadline on the whole of it. Client timeouts apply per read, so a
    peer that sends a byte a second never trips them; and some calls (the embedded store's
    writes to a full disk) never return at all. The call runs on a daemon thread named `name`;
    an overdue one is left there (it ends when its peer lets go) and DeadlineError is raised."""
    outcome: dict[str, Any] = {}
    finished = threading.Event()

    def run() -> None:
        try:
            outcome["value"] = operation()
        except BaseException as error:
            outcome["error"] = error
        finally:
            finished.set()

    threading.Thread(target=run, name=name, daemon=True).start()
    if not finished.wait(seconds):
        raise DeadlineError(f"no result within {seconds:g} s")
    if "error" in outcome:
        raise outcome["error"]
    return cast(_T, outcome["value"])
