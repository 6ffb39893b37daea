"""Per-user limits shared by the chat adapters (Discord and Slack)."""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable


class Cooldown:
    """Per-user spacing between questions; returns how long the user still has to wait."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._seconds = seconds
        self._clock = clock
        self._last: dict[Hashable, float] = {}

    def wait(self, user_id: Hashable) -> float:
        now = self._clock()
        remaining = self._last.get(user_id, -1e18) + self._seconds - now
        if remaining > 0:
            return remaining
        self._last[user_id] = now
        return 0.0
