"""A stand-in for Discord on 127.0.0.1 for the load benchmark: the HTTP routes a bot needs to log
in, sync its commands, start threads and post, and a gateway (websocket) that delivers the
messages the benchmark sends, so the real discord.py client runs exactly as it would against
Discord. Every post is recorded with the time it arrived.

Point discord.py at it through its public settings, before the client starts:
`discord.http.Route.BASE = fake.api` and `DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway)`.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

BOT_ID, APP_ID, GUILD_ID, CHANNEL_ID = 900, 901, 902, 903
_NOW = "2026-11-23T12:00:00+00:00"
_BOT = {"id": str(BOT_ID), "username": "paperbot", "discriminator": "0", "avatar": None, "bot": True}
_OWNER = {"id": "700", "username": "owner", "discriminator": "0", "avatar": None}
# Gateway opcodes (Discord's gateway documentation).
_DISPATCH, _HEARTBEAT, _IDENTIFY, _HELLO, _HEARTBEAT_ACK = 0, 1, 2, 10, 11


@dataclass(frozen=True, slots=True)
class Post:
    """A message the bot posted: when it arrived, where, and what it replies to (if anything)."""

    at: float
    channel_id: str
    reply_to: str | None


@dataclass
class FakeDiscord:
    """`await start()`, then `await send_message(...)` once the client is ready; `posts` and
    `threads` (thread id -> the message it was started on) say what the bot did."""

    posts: list[Post] = field(default_factory=list)
    threads: dict[str, str] = field(default_factory=dict)
    port: int = 0
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(50_000))
    _sockets: list[web.WebSocketResponse] = field(default_factory=list)
    _sequence: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    _runner: web.AppRunner | None = None

    @property
    def api(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway/"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gateway/", self._gateway)
        app.router.add_route("*", "/api/v10/{route:.*}", self._api)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        for socket in self._sockets:
            await socket.close()
        if self._runner:
            await self._runner.cleanup()

    async def send_message(self, message_id: int, user_id: int, content: str) -> None:
        """A member's message in the channel, mentioning the bot, delivered through the gateway."""
        author = {"id": str(user_id), "username": f"member{user_id}", "discriminator": "0", "avatar": None}
        message = _message(str(message_id), str(CHANNEL_ID), author, f"<@{BOT_ID}> {content}", [_BOT])
        message["guild_id"] = str(GUILD_ID)
        message["member"] = {"roles": [], "joined_at": _NOW, "deaf": False, "mute": False, "flags": 0}
        await self._dispatch("MESSAGE_CREATE", message)

    # ---- the gateway --------------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self._sockets.append(socket)
        await socket.send_str(json.dumps({"op": _HELLO, "d": {"heartbeat_interval": 41_250}}))
        async for frame in socket:
            if frame.type is not WSMsgType.TEXT:
                continue
            payload = json.loads(frame.data)
            if payload["op"] == _HEARTBEAT:
                await socket.send_str(json.dumps({"op": _HEARTBEAT_ACK}))
            elif payload["op"] == _IDENTIFY:
                await self._dispatch("READY", self._ready())
                await self._dispatch("GUILD_CREATE", _guild())
        self._sockets.remove(socket)
        return socket

    def _ready(self) -> dict[str, Any]:
        return {
            "v": 10,
            "user": _BOT,
            "guilds": [{"id": str(GUILD_ID), "unavailable": True}],
            "session_id": "load",
            "resume_gateway_url": self.gateway,
            "application": {"id": str(APP_ID), "flags": 0},
        }

    async def _dispatch(self, event: str, data: dict[str, Any]) -> None:
        frame = json.dumps({"op": _DISPATCH, "t": event, "s": next(self._sequence), "d": data})
        await asyncio.gather(*(socket.send_str(frame) for socket in self._sockets))

    # ---- the HTTP API -------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.StreamResponse:
        arrived = time.perf_counter()
        parts = request.match_info["route"].strip("/").split("/")
        body: Any = {}  # a JSON object, or a list (commands)
        if request.content_type == "application/json" and request.can_read_body:
            body = await request.json()
        elif request.can_read_body:
            await request.read()  # multipart: a message with attachments or components
        if parts == ["users", "@me"]:
            return _json(_BOT)
        if parts == ["oauth2", "applications", "@me"]:
            return _json(_application())
        if parts == ["gateway", "bot"]:
            return _json({"url": self.gateway, "shards": 1, "session_start_limit": _session_limit()})
        if parts[0] == "applications" and parts[-1] == "commands":
            return _json([{**c, "id": str(next(self._ids)), "application_id": str(APP_ID)} for c in body])
        if parts[0] != "channels":
            return _json({"message": f"no route {request.method} {request.path}", "code": 0}, 404)
        if parts[-1] == "typing":
            return web.Response(status=204)
        if parts[-1] == "threads" and len(parts) == 5:  # channels/{id}/messages/{id}/threads
            thread_id = str(next(self._ids))
            self.threads[thread_id] = parts[3]
            return _json(_thread(thread_id, parts[1], str(body.get("name", "thread"))))
        if parts[-1] == "messages" and request.method == "POST":
            replied = (body.get("message_reference") or {}).get("message_id")
            self.posts.append(Post(arrived, parts[1], str(replied) if replied else None))
            return _json(_message(str(next(self._ids)), parts[1], _BOT, str(body.get("content") or "")))
        return _json({"message": f"no route {request.method} {request.path}", "code": 0}, 404)


def _json(data: Any, status: int = 200) -> web.Response:
    # discord.py parses a body as JSON only when the content type is exactly this (no charset).
    headers = {"Content-Type": "application/json"}
    return web.Response(status=status, body=json.dumps(data).encode(), headers=headers)


def _application() -> dict[str, Any]:
    return {
        "id": str(APP_ID),
        "name": "paperbot",
        "icon": None,
        "description": "",
        "bot_public": False,
        "bot_require_code_grant": False,
        "owner": _OWNER,
        "verify_key": "load",
        "flags": 0,
    }


def _session_limit() -> dict[str, int]:
    return {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}


def _guild() -> dict[str, Any]:
    everyone = {
        "id": str(GUILD_ID),
        "name": "@everyone",
        "permissions": "1071698660929",
        "position": 0,
        "color": 0,
        "hoist": False,
        "managed": False,
        "mentionable": False,
        "flags": 0,
    }
    channel = {
        "id": str(CHANNEL_ID),
        "type": 0,
        "name": "papers",
        "position": 0,
        "permission_overwrites": [],
        "guild_id": str(GUILD_ID),
    }
    return {
        "id": str(GUILD_ID),
        "name": "reading group",
        "icon": None,
        "owner_id": _OWNER["id"],
        "unavailable": False,
        "member_count": 2,
        "large": False,
        "roles": [everyone],
        "channels": [channel],
        "emojis": [],
        "stickers": [],
        "features": [],
        "threads": [],
        "members": [],
        "voice_states": [],
        "presences": [],
    }


def _thread(thread_id: str, parent_id: str, name: str) -> dict[str, Any]:
    return {
        "id": thread_id,
        "type": 11,
        "guild_id": str(GUILD_ID),
        "parent_id": parent_id,
        "name": name,
        "owner_id": str(BOT_ID),
        "member_count": 1,
        "message_count": 0,
        "rate_limit_per_user": 0,
        "flags": 0,
        "thread_metadata": {
            "archived": False,
            "auto_archive_duration": 1440,
            "archive_timestamp": _NOW,
            "locked": False,
        },
    }


def _message(
    message_id: str, channel_id: str, author: dict[str, Any], content: str, mentions: list[Any] | None = None
) -> dict[str, Any]:
    return {
        "id": message_id,
        "channel_id": channel_id,
        "author": author,
        "content": content,
        "timestamp": _NOW,
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": mentions or [],
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "pinned": False,
        "type": 0,
        "flags": 0,
    }
