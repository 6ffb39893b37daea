"""The bots' heartbeat for container health checks: while connected, each bot rewrites
`<data dir>/heartbeat-<platform>.json` ({"platform", "pid", "connected", "at"}) when it is ready
and every 30 s; `paperbot health` reads it. Nothing here talks to a chat platform."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

log = logging.getLogger(__name__)

PLATFORMS = ("discord", "slack")
HEARTBEAT_SECONDS = 30.0
DEFAULT_MAX_AGE = 120.0


def heartbeat_path(data_dir: Path, platform: str) -> Path:
    return data_dir / f"heartbeat-{platform}.json"


def write_heartbeat(data_dir: Path, platform: str, connected: bool, now: float | None = None) -> None:
    """Replace the heartbeat file atomically (a reader never sees half of it)."""
    path = heartbeat_path(data_dir, platform)
    beat = {"platform": platform, "pid": os.getpid(), "connected": connected, "at": now or time.time()}
    path.parent.mkdir(parents=True, exist_ok=True)
    # A name of its own per write: two beats at once (ready, and the loop's first) never collide.
    with tempfile.NamedTemporaryFile(
        "w", dir=path.parent, prefix=path.name, suffix=".tmp", delete=False
    ) as partial:
        partial.write(json.dumps(beat))
    Path(partial.name).replace(path)


class Heartbeat:
    """Beats every `seconds` while `connected()` holds, from the bot's own event loop (the file
    write is tiny, but runs in a worker thread all the same)."""

    def __init__(
        self,
        data_dir: Path,
        platform: str,
        connected: Callable[[], Awaitable[bool]],
        seconds: float = HEARTBEAT_SECONDS,
    ) -> None:
        self.data_dir, self.platform, self.connected, self.seconds = data_dir, platform, connected, seconds
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Beat now and every `seconds` after (idempotent: a reconnect does not start a second)."""
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(
                self._run(), name=f"heartbeat-{self.platform}"
            )

    async def beat(self) -> None:
        try:
            connected = await self.connected()
            await asyncio.to_thread(write_heartbeat, self.data_dir, self.platform, connected)
        except OSError as error:
            log.warning("%s: cannot write the heartbeat file in %s: %s", self.platform, self.data_dir, error)

    async def _run(self) -> None:
        while True:
            await self.beat()
            await asyncio.sleep(self.seconds)

    async def stop(self) -> None:
        """Stop beating, and say so in the file (a stopped bot is not healthy)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        with contextlib.suppress(OSError):
            await asyncio.to_thread(write_heartbeat, self.data_dir, self.platform, False)


@dataclass(frozen=True, slots=True)
class Health:
    platform: str
    healthy: bool
    reason: str  # why not (or "connected")
    age: float | None = None
    pid: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "platform": self.platform,
            "healthy": self.healthy,
            "reason": self.reason,
            "age": self.age,
            "pid": self.pid,
        }


def check_health(
    data_dir: Path, platform: str, max_age: float = DEFAULT_MAX_AGE, now: float | None = None
) -> Health:
    """Whether the platform's heartbeat is fresh and says connected; `reason` says why not."""
    path = heartbeat_path(data_dir, platform)
    try:
        beat = json.loads(path.read_text(encoding="utf-8"))
        at, connected, pid = float(beat["at"]), beat["connected"] is True, int(beat["pid"])
    except FileNotFoundError:
        return Health(platform, False, f"no heartbeat at {path}: the {platform} bot has not connected")
    except (OSError, ValueError, KeyError, TypeError) as error:
        return Health(platform, False, f"unreadable heartbeat {path}: {error}")
    age = max((now or time.time()) - at, 0.0)
    if not connected:
        return Health(platform, False, f"the {platform} bot is not connected ({age:.0f} s ago)", age, pid)
    if age > max_age:
        return Health(
            platform,
            False,
            f"the {platform} heartbeat is {age:.0f} s old (at most {max_age:.0f} s)",
            age,
            pid,
        )
    return Health(platform, True, f"{platform} connected, heartbeat {age:.0f} s old", age, pid)


# The container's healthcheck runs this every minute: it loads nothing but the heartbeat files.
NO_HEARTBEAT = "no bot has written a heartbeat in {} (is one running with this data directory?)"


def run_health(data_dir: Path, platform: str | None, max_age: float, as_json: bool, out: TextIO) -> int:
    """`paperbot health`: 0 when the platform's heartbeat (or, without one named, every
    heartbeat there is) is fresh and connected; else 1, with one line saying why."""
    platforms = [platform] if platform else [p for p in PLATFORMS if heartbeat_path(data_dir, p).exists()]
    found = [check_health(data_dir, p, max_age) for p in platforms or PLATFORMS]
    healthy = bool(platforms) and all(h.healthy for h in found)
    if as_json:
        print(json.dumps({"healthy": healthy, "bots": [h.as_dict() for h in found]}), file=out)
    elif healthy:
        print("; ".join(h.reason for h in found), file=out)
    else:
        reasons = [h.reason for h in found if not h.healthy] if platforms else [NO_HEARTBEAT.format(data_dir)]
        print(f"paperbot: unhealthy: {'; '.join(reasons)}", file=sys.stderr)
    return 0 if healthy else 1
