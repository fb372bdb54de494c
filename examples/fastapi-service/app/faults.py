"""Injected faults (DEMO_FAULT) so that checks can be seen failing for the right reason.

Faults that act on requests and responses as they pass (slow, hang, flaky, html,
bad_schema) live in FaultMiddleware; the others are wired in at start-up: wrong_version
in settings, 500 (Crash), no_auth and no_headers in create_app, db_down, stale_jobs and
job_never_succeeded in the lifespan. The routes themselves carry no fault logic.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections import Counter
from typing import Any, Dict, List, Tuple

from starlette.datastructures import MutableHeaders
from starlette.responses import HTMLResponse, JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

FAULTS = frozenset(
    {
        "none",
        "slow",  # every response delayed by DEMO_SLOW_MS
        "500",  # every request raises an unhandled exception: 500 Internal Server Error
        "bad_schema",  # /api/posts and /api/posts/{slug} break the response contract
        "wrong_version",  # the previous build is still running
        "no_auth",  # /admin/stats is open to anyone
        "hang",  # no request is ever answered
        "db_down",  # the database went away after start-up
        "flaky",  # every DEMO_FLAKY_EVERY-th request to the same URL answers 503
        "no_headers",  # /api/* without Server-Timing and cache headers
        "html",  # a maintenance page answers everything
        "stale_jobs",  # feed-refresh last succeeded 3 hours ago
        "job_never_succeeded",  # every run of feed-refresh has failed, the first one included
    }
)

POSTS_PATH = re.compile(r"^/api/posts(/[^/]+)?$")
PREVIOUS_VERSION = "1.7.9"
PREVIOUS_COMMIT = "3f9c2a7d8e1b4c6a5f0e9d8c7b6a5f4e3d2c1b0a"

MAINTENANCE_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Down for maintenance</title></head>
<body><h1>Down for maintenance</h1><p>We'll be back shortly.</p></body>
</html>
"""


def apply_fault_to_build(fault: str, version: str, commit: str) -> Tuple[str, str]:
    if fault == "wrong_version":
        return PREVIOUS_VERSION, PREVIOUS_COMMIT
    return version, commit


async def allow_anyone() -> None:
    """no_auth: replaces the admin dependency (app.dependency_overrides)."""


def break_schema(path: str, payload: Dict[str, Any]) -> Dict[str, Any]:
    """bad_schema: list items lose `author` and `count` becomes a string; a post's
    `views` becomes a string. Everything else is left as the route produced it."""
    if path == "/api/posts":
        items = [{k: v for k, v in item.items() if k != "author"} for item in payload["items"]]
        return {**payload, "items": items, "count": str(payload["count"])}
    return {**payload, "views": str(payload["views"])}


async def _send_broken_schema(app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
    start: Dict[str, Any] = {}
    chunks: List[bytes] = []

    async def hold(message: Message) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
            return
        if message["type"] != "http.response.body":
            await send(message)
            return
        chunks.append(message.get("body", b""))
        if message.get("more_body", False):
            return
        body = b"".join(chunks)
        if start["status"] == 200:
            body = json.dumps(break_schema(scope["path"], json.loads(body))).encode()
            headers = MutableHeaders(scope=start)
            headers["content-length"] = str(len(body))
        await send(start)
        await send({"type": "http.response.body", "body": body})

    await app(scope, receive, hold)


class Crash:
    """500: every request raises, as a bug in a route would, and Starlette's own error handler
    answers: `500 text/plain "Internal Server Error"`, the traceback in uvicorn's log only."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            raise RuntimeError(f"injected fault 500: {scope['method']} {scope['path']}")
        await self.app(scope, receive, send)


async def _wait_for_disconnect(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


class FaultMiddleware:
    """Faults applied around the app: slow, hang, flaky, html, bad_schema."""

    def __init__(self, app: ASGIApp, *, fault: str, slow_ms: int, flaky_every: int) -> None:
        self.app = app
        self.fault = fault
        self.slow_s = slow_ms / 1000
        self.flaky_every = flaky_every
        # flaky counts per method and URL, so the failures follow a schedule a test can predict
        # and the retry of a failed request is never the next failure (with DEMO_FLAKY_EVERY > 1).
        self.requests_per_url: Counter = Counter()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.fault == "none":
            await self.app(scope, receive, send)
            return

        if self.fault == "hang":
            # Never answer. The handler still ends when the client gives up, so the
            # server can shut down instead of waiting forever for this request.
            never = asyncio.Event()
            waiters = [
                asyncio.ensure_future(never.wait()),
                asyncio.ensure_future(_wait_for_disconnect(receive)),
            ]
            try:
                await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
            finally:
                for waiter in waiters:
                    waiter.cancel()
            return
        if self.fault == "slow":
            await asyncio.sleep(self.slow_s)
        elif self.fault == "html":
            await HTMLResponse(MAINTENANCE_PAGE, status_code=200)(scope, receive, send)
            return
        elif self.fault == "bad_schema" and scope["method"] == "GET" and POSTS_PATH.match(scope["path"]):
            await _send_broken_schema(self.app, scope, receive, send)
            return
        elif self.fault == "flaky" and self._nth_for_url(scope) % self.flaky_every == 0:
            response = JSONResponse(
                {"detail": "temporarily unavailable"}, status_code=503, headers={"Retry-After": "1"}
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _nth_for_url(self, scope: Scope) -> int:
        key = (scope["method"], scope["path"], scope.get("query_string", b""))
        self.requests_per_url[key] += 1
        return self.requests_per_url[key]
