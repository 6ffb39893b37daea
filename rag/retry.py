"""The one retry loop for calls to outside systems (Chroma, the LLM endpoint, HTTP sources):
bounded attempts with exponential backoff. Callers say which errors are worth another attempt,
log each retry their own way, and turn the last error into their package's error."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

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
