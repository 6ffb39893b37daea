"""A fake Slack on 127.0.0.1 for the real bolt app and slack_sdk clients: the Web API methods the
app calls (each call recorded), response URLs, a file host, and the Socket Mode WebSocket that
`apps.connections.open` points to. Also builders for signed requests and event payloads."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

from aiohttp import WSMsgType, web
from slack_sdk.signature import SignatureVerifier

BOT_USER_ID, BOT_ID, TEAM_ID, APP_ID = "UBOT", "BBOT", "T0001", "A0001"
USER_ID, CHANNEL_ID, DM_CHANNEL_ID = "U0ADA", "C0PAPERS", "D0ADA"
SIGNING_SECRET = "slack-test-signing-secret-do-not-log"
BOT_TOKEN = "xoxb-slack-test-bot-token-do-not-log"
APP_TOKEN = "xapp-slack-test-app-token-do-not-log"


@dataclass
class Call:
    """One request the app made: a Web API method, a response URL post, or a file download."""

    method: str
    params: dict[str, Any]
    headers: dict[str, str]


@dataclass
class FakeSlack:
    """`rate_limit_next[method] = n` answers the next n calls of `method` with 429 (Retry-After: 0);
    `server_error_next[method] = n` the next n with `server_error_status` and an HTML error page,
    as does every call `server_error_if(method, params)` holds for;
    channels in `not_in_channels` refuse chat.postMessage like Slack does; methods in `refused`
    answer `invalid_auth`, as for a revoked token."""

    calls: list[Call] = field(default_factory=list)
    rate_limit_next: dict[str, int] = field(default_factory=dict)
    server_error_next: dict[str, int] = field(default_factory=dict)
    server_error_status: int = 503
    server_error_if: Callable[[str, dict[str, Any]], bool] | None = None
    not_in_channels: set[str] = field(default_factory=set)
    refused: set[str] = field(default_factory=set)
    files: dict[str, bytes] = field(default_factory=dict)
    socket_messages: list[dict[str, Any]] = field(default_factory=list)
    port: int = 0
    _ts: Any = field(default_factory=lambda: itertools.count(1))
    _runner: web.AppRunner | None = None
    _sockets: list[web.WebSocketResponse] = field(default_factory=list)

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_post("/respond/{hook}", self._respond)
        app.router.add_get("/files/{name}", self._file)
        app.router.add_get("/link/", self._socket)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        for socket in self._sockets:
            await socket.close()
        if self._runner:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def called(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    def posts(self) -> list[dict[str, Any]]:
        """Every chat.postMessage that got through (a rate-limited attempt is recorded apart)."""
        return [call.params for call in self.called("chat.postMessage")]

    def responses(self) -> list[dict[str, Any]]:
        return [call.params for call in self.calls if call.method.startswith("response_url")]

    # ---- the Web API --------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params: dict[str, Any] = dict(request.query)
        raw = await request.read()
        if raw and request.content_type == "application/json":
            params.update(json.loads(raw))
        elif raw:
            params.update(dict(parse_qsl(raw.decode())))
        headers = dict(request.headers)
        failing = self.server_error_if is not None and self.server_error_if(method, params)
        if failing or self.server_error_next.get(method, 0) > 0:
            if not failing:
                self.server_error_next[method] -= 1
            self.calls.append(Call(f"{method} (server error)", params, headers))
            page = f"<html><body><h1>{self.server_error_status} Service Unavailable</h1></body></html>"
            return web.Response(status=self.server_error_status, text=page, content_type="text/html")
        if self.rate_limit_next.get(method, 0) > 0:
            self.rate_limit_next[method] -= 1
            self.calls.append(Call(f"{method} (rate limited)", params, headers))
            return web.json_response(
                {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": "0"}
            )
        self.calls.append(Call(method, params, headers))
        return web.json_response(self._reply(method, params))

    def _reply(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        if method in self.refused:
            return {"ok": False, "error": "invalid_auth"}
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://reading-group.slack.com/",
                "team": "reading group",
                "user": "paperbot",
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
                "is_enterprise_install": False,
            }
        if method == "chat.postMessage":
            if params.get("channel") in self.not_in_channels:
                return {"ok": False, "error": "not_in_channel"}
            ts = f"1700000000.{next(self._ts):06d}"
            message = {"type": "message", "user": BOT_USER_ID, "bot_id": BOT_ID, "ts": ts, **params}
            return {"ok": True, "channel": params.get("channel"), "ts": ts, "message": message}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": f"1700000000.{next(self._ts):06d}"}
        if method == "apps.connections.open":
            return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/link/?ticket=t"}
        return {"ok": False, "error": "unknown_method"}

    async def _respond(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.calls.append(Call(f"response_url:{request.match_info['hook']}", body, dict(request.headers)))
        return web.Response(text="ok")

    async def _file(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        self.calls.append(Call(f"file:{name}", {}, dict(request.headers)))
        if request.headers.get("Authorization") != f"Bearer {BOT_TOKEN}" or name not in self.files:
            return web.Response(status=404)
        return web.Response(body=self.files[name])

    # ---- Socket Mode --------------------------------------------------------------------------

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self._sockets.append(socket)
        await socket.send_json({"type": "hello", "num_connections": 1, "connection_info": {"app_id": APP_ID}})
        async for message in socket:
            if message.type == WSMsgType.TEXT:
                self.socket_messages.append(json.loads(message.data))
        return socket

    async def send_envelope(self, envelope: dict[str, Any]) -> None:
        await settle(lambda: bool(self._sockets))
        await self._sockets[-1].send_json(envelope)


# ---- requests Slack sends to the app ---------------------------------------------------------


def signed_headers(
    body: str, content_type: str, timestamp: int | None = None, secret: str = SIGNING_SECRET
) -> dict[str, str]:
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body)
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": signature,
    }


def event_body(event: dict[str, Any], event_id: str = "Ev0001") -> dict[str, Any]:
    return {
        "token": "legacy-verification-token",
        "team_id": TEAM_ID,
        "api_app_id": APP_ID,
        "event": {"event_ts": event.get("ts"), **event},
        "type": "event_callback",
        "event_id": event_id,
        "event_time": 1700000000,
        "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}],
    }


def mention(
    text: str, ts: str = "1699999999.000100", thread_ts: str | None = None, user: str = USER_ID
) -> dict[str, Any]:
    event = {
        "type": "app_mention",
        "user": user,
        "text": f"<@{BOT_USER_ID}> {text}",
        "ts": ts,
        "channel": CHANNEL_ID,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def message(
    text: str,
    ts: str,
    channel: str = CHANNEL_ID,
    thread_ts: str | None = None,
    channel_type: str = "channel",
    user: str = USER_ID,
    **extra: Any,
) -> dict[str, Any]:
    event = {
        "type": "message",
        "user": user,
        "text": text,
        "ts": ts,
        "channel": channel,
        "channel_type": channel_type,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return {**event, **extra}


def command_form(
    command: str, text: str, response_url: str, user: str = USER_ID, channel: str = CHANNEL_ID
) -> str:
    return urlencode(
        {
            "token": "legacy-verification-token",
            "team_id": TEAM_ID,
            "team_domain": "reading-group",
            "channel_id": channel,
            "channel_name": "papers",
            "user_id": user,
            "user_name": "ada",
            "command": command,
            "text": text,
            "api_app_id": APP_ID,
            "response_url": response_url,
            "trigger_id": "1.2.3",
        }
    )


def action_form(action: dict[str, Any], response_url: str, user: str = USER_ID) -> str:
    payload = {
        "type": "block_actions",
        "user": {"id": user, "username": "ada", "team_id": TEAM_ID},
        "api_app_id": APP_ID,
        "team": {"id": TEAM_ID, "domain": "reading-group"},
        "container": {"type": "message", "channel_id": CHANNEL_ID, "message_ts": "1700000000.000001"},
        "channel": {"id": CHANNEL_ID, "name": "papers"},
        "message": {"type": "message", "ts": "1700000000.000001", "text": "an answer"},
        "response_url": response_url,
        "trigger_id": "1.2.4",
        "actions": [{"block_id": "b1", "action_ts": "1700000001.000001", **action}],
    }
    return urlencode({"payload": json.dumps(payload)})


async def settle(predicate: Any, seconds: float = 60.0) -> None:
    """Wait until `predicate()` holds: bolt runs listeners in background tasks."""
    deadline = asyncio.get_running_loop().time() + seconds
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("timed out waiting for the Slack app")
        await asyncio.sleep(0.05)
