"""A fake Discord HTTP API on 127.0.0.1, enough for discord.py's real client to log in, sync
commands, answer interactions, post messages and start threads. It records every request."""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT_ID, APP_ID, GUILD_ID, CHANNEL_ID = 900, 901, 902, 903
USER = {"id": "700", "username": "ada", "discriminator": "0", "global_name": "Ada", "avatar": None}
BOT_USER = {"id": str(BOT_ID), "username": "paperbot", "discriminator": "0", "avatar": None, "bot": True}
TIMESTAMP = "2026-11-23T12:00:00+00:00"


@dataclass
class Recorded:
    method: str
    path: str
    body: Any


@dataclass
class FakeDiscord:
    """Routes discord.py needs; `rate_limit_next` makes the next N message posts answer 429,
    `server_error_next` the next N `server_error_status` (502: discord.py retries it; 503: it
    does not), as does every post `server_error_if(path, body)` holds for. A message sent with a
    nonce already used comes back as the first one (`enforce_nonce`), and a message has one thread.
    """

    requests: list[Recorded] = field(default_factory=list)
    rate_limit_next: int = 0
    server_error_next: int = 0
    server_error_status: int = 502
    server_error_if: Callable[[str, Any], bool] | None = None
    created: list[dict[str, Any]] = field(default_factory=list)  # messages posted, not refused
    forbid_threads: bool = False  # thread creation answers 403, code 50013 (Missing Permissions)
    token_valid: bool = True  # False: GET /users/@me answers 401, as for a revoked token
    gateway_events: list[dict[str, Any]] = field(default_factory=list)  # what the bot sent the gateway
    guild_permissions: str | None = None  # @everyone's permissions in the guild sent at READY
    _sockets: list[web.WebSocketResponse] = field(default_factory=list)
    _sequence: int = 0
    _by_nonce: dict[str, dict[str, Any]] = field(default_factory=dict)
    _threaded: set[str] = field(default_factory=set)
    _ids: Any = field(default_factory=lambda: itertools.count(5000))
    _runner: web.AppRunner | None = None
    port: int = 0

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/v10/{tail:.*}", self._handle)
        app.router.add_get("/gateway", self._gateway)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        """The gateway WebSocket: HELLO, then READY once the bot identifies (text frames, which
        discord.py reads uncompressed); heartbeats are acknowledged."""
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self._sockets.append(socket)
        await socket.send_json({"op": 10, "d": {"heartbeat_interval": 45_000}})
        async for frame in socket:
            payload = json.loads(frame.data)
            self.gateway_events.append(payload)
            if payload["op"] == 1:
                await socket.send_json({"op": 11})
            elif payload["op"] == 2:
                ready = {
                    "v": 10,
                    "user": BOT_USER,
                    "guilds": [{"id": str(GUILD_ID), "unavailable": True}],
                    "session_id": "fake-session",
                    "resume_gateway_url": self.gateway_url,
                    "application": {"id": str(APP_ID), "flags": 0},
                }
                await self.dispatch("READY", ready)
                guild = guild_payload()
                if self.guild_permissions is not None:
                    guild["roles"][0]["permissions"] = self.guild_permissions
                await self.dispatch("GUILD_CREATE", guild)
        return socket

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send an event over every open gateway connection, as Discord does."""
        self._sequence += 1
        for socket in self._sockets:
            if not socket.closed:
                await socket.send_json({"op": 0, "t": event, "s": self._sequence, "d": data})

    def posted(self, fragment: str, method: str = "POST") -> list[Recorded]:
        return [r for r in self.requests if r.method == method and fragment in r.path]

    def message(self, channel_id: int | str, body: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": str(next(self._ids)),
            "channel_id": str(channel_id),
            "author": BOT_USER,
            "content": body.get("content") or "",
            "timestamp": TIMESTAMP,
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "pinned": False,
            "type": 0,
            "flags": 0,
            "guild_id": str(GUILD_ID),
        }

    def thread(self, parent_id: int | str, name: str) -> dict[str, Any]:
        return {
            "id": str(next(self._ids)),
            "type": 11,
            "guild_id": str(GUILD_ID),
            "parent_id": str(parent_id),
            "name": name,
            "owner_id": str(BOT_ID),
            "member_count": 1,
            "message_count": 0,
            "rate_limit_per_user": 0,
            "flags": 0,
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": 1440,
                "archive_timestamp": TIMESTAMP,
                "locked": False,
            },
        }

    async def _handle(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        raw = await request.read()
        body: Any = None
        if raw and request.content_type == "application/json":
            body = json.loads(raw)
        elif raw and request.content_type.startswith("multipart"):
            body = {"multipart": raw.decode("utf-8", "replace")}
        self.requests.append(Recorded(request.method, path, body))
        return self._reply(request.method, path, body or {})

    def _json(self, data: Any, status: int = 200) -> web.Response:
        # discord.py checks the content type exactly.
        return web.Response(
            status=status, body=json.dumps(data).encode(), headers={"Content-Type": "application/json"}
        )

    def _reply(self, method: str, path: str, body: dict[str, Any]) -> web.Response:
        parts = path.strip("/").split("/")
        if path == "/users/@me":
            if not self.token_valid:
                return self._json({"message": "401: Unauthorized", "code": 0}, status=401)
            return self._json(BOT_USER)
        if path == "/gateway/bot" or path == "/gateway":
            limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
            return self._json({"url": self.gateway_url, "shards": 1, "session_start_limit": limit})
        if path == "/oauth2/applications/@me":
            return self._json(
                {
                    "id": str(APP_ID),
                    "name": "paperbot",
                    "icon": None,
                    "description": "",
                    "bot_public": False,
                    "bot_require_code_grant": False,
                    "owner": USER,
                    "verify_key": "k",
                    "flags": 0,
                }
            )
        if parts[0] == "applications" and parts[-1] == "commands" and method == "PUT":
            return self._json(
                [
                    {**c, "id": str(next(self._ids)), "application_id": str(APP_ID), "version": "1"}
                    for c in body
                ]
            )
        if parts[0] == "interactions" and parts[-1] == "callback":
            return self._json({"interaction": {"id": parts[1], "type": 2}})
        if parts[0] == "webhooks":
            return self._json(self.message(CHANNEL_ID, body))
        if parts[0] == "channels" and len(parts) == 2 and method == "GET":
            return self._json(
                {
                    "id": parts[1],
                    "type": 0,
                    "guild_id": str(GUILD_ID),
                    "name": "papers",
                    "position": 0,
                    "permission_overwrites": [],
                }
            )
        if parts[0] == "channels" and parts[-1] == "typing":
            return web.Response(status=204)
        if parts[0] == "channels" and parts[-1] == "threads":
            if self.forbid_threads:
                return self._json({"message": "Missing Permissions", "code": 50013}, status=403)
            if len(parts) == 5:  # a thread started on a message
                if parts[3] in self._threaded:
                    refusal = {
                        "message": "A thread has already been created for this message",
                        "code": 160004,
                    }
                    return self._json(refusal, status=400)
                self._threaded.add(parts[3])
                # As on Discord, a thread started on a message has the message's id.
                return self._json({**self.thread(parts[1], body.get("name", "thread")), "id": parts[3]})
            return self._json(self.thread(parts[1], body.get("name", "thread")))
        if parts[0] == "channels" and parts[-1] == "messages" and method == "POST":
            failing = self.server_error_if is not None and self.server_error_if(path, body)
            if failing or self.server_error_next > 0:
                self.server_error_next -= 0 if failing else 1
                error = {"message": "Server Error", "code": 0}
                return self._json(error, status=self.server_error_status)
            if self.rate_limit_next > 0:
                self.rate_limit_next -= 1
                # Without a Via header discord.py treats a 429 as Cloudflare's and gives up.
                response = self._json(
                    {"message": "You are being rate limited.", "retry_after": 0.05, "global": False},
                    status=429,
                )
                response.headers.update(
                    {"Via": "1.1 google", "X-RateLimit-Scope": "user", "Retry-After": "0.05"}
                )
                return response
            nonce = body.get("nonce") if body.get("enforce_nonce") else None
            if nonce and nonce in self._by_nonce:
                return self._json(self._by_nonce[nonce])
            message = self.message(parts[1], body)
            self.created.append(message)
            if nonce:
                self._by_nonce[nonce] = message
            return self._json(message)
        return self._json({"message": f"fake Discord has no route {method} {path}"}, status=404)


def guild_payload() -> dict[str, Any]:
    return {
        "id": str(GUILD_ID),
        "name": "reading group",
        "icon": None,
        "owner_id": USER["id"],
        "unavailable": False,
        "roles": [
            {
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
        ],
        "emojis": [],
        "stickers": [],
        "features": [],
        "member_count": 2,
        "large": False,
        "channels": [
            {
                "id": str(CHANNEL_ID),
                "type": 0,
                "name": "papers",
                "position": 0,
                "permission_overwrites": [],
                "guild_id": str(GUILD_ID),
            }
        ],
        "threads": [],
        "members": [
            {"user": BOT_USER, "roles": [], "joined_at": TIMESTAMP, "deaf": False, "mute": False, "flags": 0}
        ],
        "voice_states": [],
        "presences": [],
    }


def interaction_payload(
    name: str,
    options: dict[str, Any],
    user_id: str = USER["id"],
    roles: tuple[str, ...] = (),
    interaction_id: int = 1,
) -> dict[str, Any]:
    return {
        "id": str(10_000 + interaction_id),
        "application_id": str(APP_ID),
        "type": 2,
        "token": f"itoken{interaction_id}",
        "version": 1,
        "guild_id": str(GUILD_ID),
        "channel_id": str(CHANNEL_ID),
        "channel": {
            "id": str(CHANNEL_ID),
            "type": 0,
            "guild_id": str(GUILD_ID),
            "name": "papers",
            "position": 0,
            "permission_overwrites": [],
        },
        "member": {
            "user": {**USER, "id": user_id},
            "roles": list(roles),
            "joined_at": TIMESTAMP,
            "deaf": False,
            "mute": False,
            "permissions": "1071698660929",
            "flags": 0,
        },
        "data": {
            "id": "42",
            "name": name,
            "type": 1,
            "guild_id": str(GUILD_ID),
            "options": [{"name": k, "type": 3, "value": v} for k, v in options.items()],
        },
        "app_permissions": "1071698660929",
        "locale": "en-US",
        "guild_locale": "en-US",
        "entitlements": [],
        "authorizing_integration_owners": {"0": str(GUILD_ID)},
        "context": 0,
        "attachment_size_limit": 8_388_608,
    }


def button_payload(custom_id: str, message: dict[str, Any], user_id: str = USER["id"]) -> dict[str, Any]:
    payload = interaction_payload("", {}, user_id=user_id, interaction_id=99)
    payload.update({"type": 3, "data": {"custom_id": custom_id, "component_type": 2}, "message": message})
    return payload


def message_payload(
    content: str,
    channel_id: int = CHANNEL_ID,
    mention_bot: bool = True,
    message_id: int = 1,
    user_id: str = USER["id"],
    others: tuple[dict[str, Any], ...] = (),
    in_guild: bool = True,
) -> dict[str, Any]:
    """A member's message; `others` are users it mentions besides the bot; not `in_guild`: a DM."""
    mentions = [BOT_USER, *others] if mention_bot else list(others)
    payload = {
        "id": str(20_000 + message_id),
        "channel_id": str(channel_id),
        "guild_id": str(GUILD_ID),
        "author": {**USER, "id": user_id},
        "member": {"roles": [], "joined_at": TIMESTAMP, "deaf": False, "mute": False, "flags": 0},
        "content": (f"<@{BOT_ID}> " if mention_bot else "") + content,
        "timestamp": TIMESTAMP,
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": mentions,
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "pinned": False,
        "type": 0,
        "flags": 0,
    }
    if not in_guild:
        del payload["guild_id"], payload["member"]
    return payload


async def settle(predicate: Any, seconds: float = 60.0) -> None:
    """Wait until `predicate()` holds: the client handles events in background tasks."""
    deadline = asyncio.get_running_loop().time() + seconds
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("timed out waiting for the bot")
        await asyncio.sleep(0.05)
