"""The ASGI layer every request passes first (`warledger serve`).

- The ``Host`` header must name an allowed host (127.0.0.1, localhost and the
  names given at start-up), else 400: a page on another site cannot reach the
  server through DNS rebinding.
- A request body larger than ``max_body`` bytes is refused with 413 (read no further).
- Every response carries the security headers, errors included: an exception the app
  does not handle becomes a one-line JSON 500 here (logged), inside the reach of the
  headers, instead of Starlette's bare error page.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOCAL_HOSTS = ("127.0.0.1", "localhost")
log = logging.getLogger("warledger.web")


class TooLarge(Exception):
    """The request body is over the limit."""


def host_name(header: str) -> str:
    """The host of a ``Host`` header, lower case, without port or brackets."""
    value = header.strip().lower()
    if value.startswith("["):  # [::1]:8000
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:  # example.org:8000 (a bare IPv6 address has several)
        value = value.partition(":")[0]
    return value.rstrip(".")


class Guard:
    """Host check, body cap, security headers and a last-resort 500 around an ASGI app."""

    def __init__(self, app: ASGIApp, hosts: Iterable[str], max_body: int,
                 headers: Mapping[str, str]) -> None:
        self.app, self.max_body = app, max_body
        self.hosts = frozenset(host_name(h) for h in (*LOCAL_HOSTS, *hosts))
        self.headers = [(k.lower().encode("latin-1"), v.encode("latin-1"))
                        for k, v in headers.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started: list[bool] = []
        send = self._with_headers(send, started)
        refusal = self._refusal(_headers(scope))
        if refusal is None:
            try:
                receive = await self._buffered(receive)
            except TooLarge:
                refusal = 413, f"request body larger than {self.max_body} bytes"
        if refusal is not None:
            await _error(send, *refusal)
            return
        try:
            await self.app(scope, receive, send)
        except Exception:
            log.exception("internal error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            await _error(send, 500, "internal error")

    def _refusal(self, headers: dict[str, str]) -> tuple[int, str] | None:
        """(status, reason) of a request refused on its headers alone, or None."""
        if host_name(headers.get("host", "")) not in self.hosts:
            return 400, "host not allowed"
        length = headers.get("content-length", "0")
        if not length.isdigit():
            return 400, "bad Content-Length"
        if int(length) > self.max_body:
            return 413, f"request body larger than {self.max_body} bytes"
        return None

    async def _buffered(self, receive: Receive) -> Receive:
        """The whole body read (at most `max_body` bytes), then replayed to the app."""
        chunks: list[bytes] = []
        size, more = 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return _replay([message], receive)
            chunk = bytes(message.get("body", b""))
            size += len(chunk)
            if size > self.max_body:
                raise TooLarge
            chunks.append(chunk)
            more = bool(message.get("more_body", False))
        return _replay([{"type": "http.request", "body": b"".join(chunks),
                         "more_body": False}], receive)

    def _with_headers(self, send: Send, started: list[bool]) -> Send:
        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                started.append(True)
                names = {name for name, _ in self.headers}
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message["headers"] = [*kept, *self.headers]
            await send(message)
        return sending


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}


def _replay(messages: list[Message], receive: Receive) -> Receive:
    """`messages` first, then the real `receive` (a disconnect, for instance)."""
    async def replaying() -> Message:
        return messages.pop(0) if messages else await receive()
    return replaying


async def _error(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode("utf-8")
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
