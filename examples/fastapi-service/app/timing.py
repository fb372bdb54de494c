"""Per-request timing: database time and query count, reported as Server-Timing.

A pure ASGI middleware (not BaseHTTPMiddleware) so the context variable it sets is the
one the route sees: the database wrapper adds each query's duration to it, and the
middleware turns the totals into headers when the response starts.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from typing import Optional

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CACHE_MAX_AGE = 60


@dataclass
class RequestMetrics:
    db_queries: int = 0
    db_ms: float = 0.0
    cache: Optional[str] = None  # "hit" | "miss" | None when the cache was not asked (not a GET)
    cache_stored: bool = False
    cache_age_s: int = 0
    cache_ttl_s: int = 0


_metrics: ContextVar[Optional[RequestMetrics]] = ContextVar("request_metrics", default=None)


def current_metrics() -> Optional[RequestMetrics]:
    return _metrics.get()


# region: query-timing
def record_query(duration_s: float) -> None:
    """Called by the database wrapper after every statement of the current request."""
    metrics = _metrics.get()
    if metrics is not None:  # background jobs run outside any request
        metrics.db_queries += 1
        metrics.db_ms += duration_s * 1000
# endregion: query-timing


def is_api(path: str) -> bool:
    return path == "/api" or path.startswith("/api/")


class ServerTimingMiddleware:
    def __init__(self, app: ASGIApp, *, cache_headers: bool = True) -> None:
        self.app = app
        # False under the no_headers fault: /api/* loses its timing and cache headers.
        self.cache_headers = cache_headers

    # region: server-timing
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        metrics = RequestMetrics()
        token = _metrics.set(metrics)
        api = is_api(scope["path"])

        async def send_with_timing(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if api and self.cache_headers:
                    add_api_headers(headers, metrics, message["status"])
                elif not api and metrics.db_queries:
                    headers["Server-Timing"] = db_timing(metrics)
            await send(message)

        try:
            await self.app(scope, receive, send_with_timing)
        finally:
            _metrics.reset(token)
    # endregion: server-timing


# region: api-headers
def db_timing(metrics: RequestMetrics) -> str:
    count = metrics.db_queries
    queries = "1 query" if count == 1 else f"{count} queries"  # people read it too
    return f'db;dur={metrics.db_ms:.3f};desc="{queries}"'


def cache_status(metrics: RequestMetrics) -> str:
    """RFC 9211: a hit with the freshness left, or a miss and whether its answer was stored."""
    if metrics.cache == "hit":
        return f"fastapi-cache; hit; ttl={metrics.cache_ttl_s}"
    return "fastapi-cache; fwd=miss" + ("; stored" if metrics.cache_stored else "")


def add_api_headers(headers: MutableHeaders, metrics: RequestMetrics, status: int) -> None:
    if metrics.cache is None:
        # The cache serves GET only: RFC 9211 says why it went forward, and there is no hit or
        # miss for X-Cache or Server-Timing to report.
        headers["Server-Timing"] = db_timing(metrics)
        headers["Cache-Status"] = "fastapi-cache; fwd=method"
    else:
        headers["Server-Timing"] = f"{db_timing(metrics)}, cache;desc={metrics.cache}"
        headers["X-Cache"] = metrics.cache.upper()
        headers["Cache-Status"] = cache_status(metrics)
        if metrics.cache == "hit":
            headers["Age"] = str(metrics.cache_age_s)  # how old the stored copy is
    if 200 <= status < 300:
        headers["Cache-Control"] = f"public, max-age={CACHE_MAX_AGE}"
    else:
        headers["Cache-Control"] = "no-store"  # never let a proxy keep an error
# endregion: api-headers
