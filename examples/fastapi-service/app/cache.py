"""In-memory response cache for GET /api/*: 60 s TTL, keyed by path and query string.

It sits inside the timing middleware and tells it, through the request metrics, whether
the answer was a hit (and how old it is) or a miss (and whether it was stored).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .timing import CACHE_MAX_AGE, current_metrics, is_api

# Headers of the app's own response worth replaying; the outer middlewares add the rest.
_REPLAYED = {b"content-type", b"content-length"}


@dataclass
class Entry:
    status: int
    headers: List[Tuple[bytes, bytes]]
    body: bytes
    stored_at: float


@dataclass
class ResponseCache:
    ttl_s: int = CACHE_MAX_AGE
    max_entries: int = 1024  # arbitrary query strings must not grow memory without bound
    hits: int = 0
    misses: int = 0
    _entries: Dict[str, Entry] = field(default_factory=dict)

    def get(self, key: str, now: float) -> Optional[Entry]:
        entry = self._entries.get(key)
        if entry is not None and now - entry.stored_at >= self.ttl_s:
            del self._entries[key]
            entry = None
        if entry is None:
            self.misses += 1
        else:
            self.hits += 1
        return entry

    def put(self, key: str, entry: Entry) -> None:
        if len(self._entries) >= self.max_entries:
            fresh = {k: e for k, e in self._entries.items() if entry.stored_at - e.stored_at < self.ttl_s}
            self._entries = fresh
            while len(self._entries) >= self.max_entries:
                del self._entries[next(iter(self._entries))]  # the oldest
        self._entries[key] = entry

    def hit_ratio(self) -> Optional[float]:
        lookups = self.hits + self.misses
        return round(self.hits / lookups, 4) if lookups else None


def cache_key(scope: Scope) -> str:
    query = scope.get("query_string", b"").decode("latin-1")
    return f"{scope['path']}?{query}" if query else scope["path"]


# region: cache-middleware
class CacheMiddleware:
    def __init__(self, app: ASGIApp, *, cache: ResponseCache) -> None:
        self.app = app
        self.cache = cache

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or not is_api(scope["path"]):
            await self.app(scope, receive, send)
            return
        metrics = current_metrics()
        key = cache_key(scope)
        now = time.monotonic()
        entry = self.cache.get(key, now)

        if entry is not None:
            if metrics is not None:
                age = int(now - entry.stored_at)
                metrics.cache = "hit"
                metrics.cache_age_s = age
                metrics.cache_ttl_s = max(self.cache.ttl_s - age, 0)
            await send({"type": "http.response.start", "status": entry.status, "headers": entry.headers})
            await send({"type": "http.response.body", "body": entry.body})
            return

        if metrics is not None:
            metrics.cache = "miss"
        start: Dict[str, object] = {}
        chunks: List[bytes] = []

        async def send_and_keep(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                # Only successful answers are stored; errors are always recomputed.
                if metrics is not None:
                    metrics.cache_stored = message["status"] == 200
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False) and start.get("status") == 200:
                    headers = [(k, v) for k, v in start.get("headers", []) if k.lower() in _REPLAYED]
                    self.cache.put(key, Entry(200, headers, b"".join(chunks), now))
            await send(message)

        await self.app(scope, receive, send_and_keep)
# endregion: cache-middleware
