"""One log line per outage of a dependency (the LLM endpoint, a chat platform's API), not one per
failed request, so a flood of failures stays readable. Used by `rag/llm.py` and the adapters."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable


class OutageLog:
    """The first failure of an outage is logged at `level`; the failures during it at DEBUG; the
    first success once `quiet_seconds` passed without a failure ends it, in one INFO line that
    counts the failures. A failure after such a quiet spell is logged at `level` again. A
    flapping dependency is therefore one outage. Thread-safe (the LLM runs in worker threads)."""

    def __init__(
        self,
        logger: logging.Logger,
        what: str,
        level: int = logging.WARNING,
        quiet_seconds: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._log, self._what, self._level = logger, what, level
        self._quiet, self._clock = quiet_seconds, clock
        self._lock = threading.Lock()
        self._failures = 0  # in the current outage; 0 when there is none
        self._last_failure = 0.0

    def failed(self, message: str, *args: object, exc_info: BaseException | None = None) -> bool:
        """Log one failure; True if it starts an outage (and was logged at `level`)."""
        with self._lock:
            now = self._clock()
            starts = self._failures == 0 or now - self._last_failure >= self._quiet
            self._failures = 1 if starts else self._failures + 1
            self._last_failure = now
        self._log.log(self._level if starts else logging.DEBUG, message, *args, exc_info=exc_info)
        return starts

    def succeeded(self) -> None:
        with self._lock:
            if not self._failures or self._clock() - self._last_failure < self._quiet:
                return
            failures, self._failures = self._failures, 0
        self._log.info("%s is back after an outage (%d failed requests)", self._what, failures)
