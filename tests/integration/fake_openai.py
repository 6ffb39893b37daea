"""A scripted OpenAI-compatible server on 127.0.0.1: POST /v1/chat/completions only.

Each request takes the next scripted `Reply` (the last one repeats), or, with a `responder`, the
reply it picks for that request (concurrent requests arrive in any order), and is recorded with
its headers, so tests can read the exact prompt the real client sent.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Reply:
    """A chat completion with `content`, or a raw `body`; `status`, a `delay`, or a `gate` to wait on."""

    content: str | None = None
    status: int = 200
    body: bytes | None = None
    delay: float = 0.0
    gate: threading.Event | None = None
    drip: float = 0.0  # seconds between bytes of the body: every read is quick, the whole is not

    def payload(self) -> bytes:
        if self.body is not None:
            return self.body
        if self.status >= 400:
            return json.dumps({"error": {"message": "scripted failure", "type": "server_error"}}).encode()
        return json.dumps(
            {
                "id": "chatcmpl-fake",
                "object": "chat.completion",
                "created": 0,
                "model": "fake-model",
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": self.content},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
            }
        ).encode()


@dataclass
class Request:
    body: dict[str, Any]
    headers: dict[str, str]

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body["messages"])


@dataclass
class FakeOpenAI:
    host: str = "127.0.0.1"
    requests: list[Request] = field(default_factory=list)
    received: threading.Event = field(default_factory=threading.Event)
    responder: Callable[[Request], Reply] | None = None
    _script: list[Reply] = field(default_factory=lambda: [Reply("(no reply scripted)")])
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        assert self._server is not None
        return f"http://{self.host}:{self._server.server_port}/v1"

    def script(self, *replies: Reply) -> None:
        with self._lock:
            self._script = list(replies)
            self.requests.clear()
            self.received.clear()

    def _next(self, request: Request) -> Reply:
        with self._lock:
            self.requests.append(request)
            self.received.set()
            if self.responder is not None:
                return self.responder(request)
            return self._script.pop(0) if len(self._script) > 1 else self._script[0]

    def start(self) -> FakeOpenAI:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                if self.path.rstrip("/") != "/v1/chat/completions":
                    self._send(404, b'{"error": {"message": "no such route"}}')
                    return
                reply = fake._next(Request(json.loads(raw), {k.lower(): v for k, v in self.headers.items()}))
                if reply.gate is not None:
                    reply.gate.wait(10)
                if reply.delay:
                    time.sleep(reply.delay)
                self._send(reply.status, reply.payload(), reply.drip)

            def _send(self, status: int, payload: bytes, drip: float = 0.0) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    if not drip:
                        self.wfile.write(payload)
                    for index in range(len(payload) if drip else 0):
                        self.wfile.write(payload[index : index + 1])
                        self.wfile.flush()
                        time.sleep(drip)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client timed out and went away: that is the scripted case

            def log_message(self, format: str, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer((self.host, 0), Handler)
        server.daemon_threads = True
        server.block_on_close = False
        self._server = server
        threading.Thread(target=server.serve_forever, name="fake-openai", daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
