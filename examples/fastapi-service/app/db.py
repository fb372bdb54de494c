"""SQLite (stdlib sqlite3, in memory) seeded with the 48 posts of a content website.

Every statement goes through Database.query, which times it and reports it to the
current request's metrics (Server-Timing) — no ORM, no trace callbacks to untangle.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from datetime import datetime, timedelta, timezone
from typing import Any, List, Sequence, Tuple

from .timing import record_query

SITE = "https://blog.example.com"


class DatabaseUnavailable(Exception):
    """The database cannot be reached; routes answer 503 with Retry-After."""

    def __init__(self) -> None:
        super().__init__("the database cannot be reached")


# region: db-wrapper
class Database:
    def __init__(self, available: bool = True) -> None:
        self._conn = sqlite3.connect(":memory:", check_same_thread=False)
        self._conn.row_factory = sqlite3.Row
        self._lock = threading.Lock()
        self.available = available

    def query(self, sql: str, params: Sequence[Any] = ()) -> List[sqlite3.Row]:
        if not self.available:
            raise DatabaseUnavailable()
        started = time.perf_counter()
        try:
            with self._lock:
                return self._conn.execute(sql, params).fetchall()
        finally:
            record_query(time.perf_counter() - started)
# endregion: db-wrapper

    def ping_ms(self) -> float:
        """Run SELECT 1 and return how long it took, in milliseconds."""
        started = time.perf_counter()
        self.query("SELECT 1")
        return round((time.perf_counter() - started) * 1000, 3)

    def close(self) -> None:
        self._conn.close()

    def seed(self) -> None:
        with self._lock:
            conn = self._conn
            conn.executescript(SCHEMA)
            for index, (title, author, tags) in enumerate(POSTS):
                slug = slugify(title)
                conn.execute(
                    "INSERT INTO posts (slug, title, author, published_at, url, body, views)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        slug,
                        title,
                        author,
                        published_at(index).strftime(SQLITE_DATETIME),
                        f"{SITE}/posts/{slug}",
                        body_for(title, author, tags),
                        views_for(index),
                    ),
                )
                conn.executemany(
                    "INSERT INTO post_tags (slug, tag) VALUES (?, ?)", [(slug, tag) for tag in tags]
                )
            conn.commit()


SCHEMA = """
CREATE TABLE posts (
    slug TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    author TEXT NOT NULL,
    published_at TEXT NOT NULL,
    url TEXT NOT NULL,
    body TEXT NOT NULL,
    views INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX posts_published_at ON posts (published_at DESC);
CREATE TABLE post_tags (
    slug TEXT NOT NULL REFERENCES posts (slug),
    tag TEXT NOT NULL,
    PRIMARY KEY (slug, tag)
);
"""


def slugify(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


_FIRST_POST = datetime(2024, 1, 9, 8, 30, tzinfo=timezone.utc)

# SQLite's own format, the one CURRENT_TIMESTAMP writes: UTC without an offset. pydantic reads it
# back as a naive datetime, so the API says "2024-01-09T08:30:00", which the contract reads as UTC.
SQLITE_DATETIME = "%Y-%m-%d %H:%M:%S"


def published_at(index: int) -> datetime:
    # Roughly twice a week, at varying morning hours; deterministic.
    return _FIRST_POST + timedelta(days=index * 3 + index % 2, hours=(index * 5) % 4, minutes=(index * 17) % 60)


def views_for(index: int) -> int:
    return 180 + (index * 7919) % 4800 + (48 - index) * 35


def body_for(title: str, author: str, tags: Tuple[str, ...]) -> str:
    topic = ", ".join(tags)
    return (
        f"{title}.\n\n"
        f"In this post {author} walks through what we learned about {topic} while running the "
        "site in production: what we measured first, what surprised us, and the changes we "
        "kept.\n\n"
        "Each section ends with a short checklist you can apply to your own services, and the "
        "code samples are trimmed versions of what we run today."
    )


POSTS: Tuple[Tuple[str, str, Tuple[str, ...]], ...] = (
    ("Why we moved our health checks out of the load balancer", "Amara Okafor", ("ops", "health-checks")),
    ("A practical guide to FastAPI dependencies", "Lukas Brenner", ("python", "fastapi")),
    ("Caching API responses without lying to your users", "Sofia Marquez", ("caching", "http")),
    ("Reading Server-Timing headers in the browser", "Priya Raman", ("performance", "http")),
    ("What a readiness probe should actually check", "Amara Okafor", ("ops", "health-checks")),
    ("SQLite in production: a year later", "Daniel Ito", ("databases", "sqlite")),
    ("Versioning your API without breaking mobile clients", "Hannah Weiss", ("api-design",)),
    ("Zero-downtime deploys with uvicorn and nginx", "Lukas Brenner", ("deploys", "python", "nginx")),
    ("Pagination that survives concurrent writes", "Sofia Marquez", ("api-design", "databases")),
    ("How we write post-deploy smoke checks", "Priya Raman", ("testing", "deploys")),
    ("Background jobs: heartbeats and last-success timestamps", "Daniel Ito", ("ops", "jobs")),
    ("Bearer tokens for internal admin routes", "Hannah Weiss", ("security", "api-design")),
    ("Structured logging with request ids", "Amara Okafor", ("observability", "python")),
    ("The cost of an N+1 query, measured", "Daniel Ito", ("databases", "performance")),
    ("Designing error bodies clients can act on", "Sofia Marquez", ("api-design", "http")),
    ("Retry-After and the art of backing off", "Priya Raman", ("http", "reliability")),
    ("Stop leaking your framework version in headers", "Hannah Weiss", ("security", "http")),
    ("Feed generation as a scheduled job", "Lukas Brenner", ("jobs", "python")),
    ("Latency budgets: p50, p95 and the tail", "Priya Raman", ("performance", "observability")),
    ("Testing timeouts before production does", "Amara Okafor", ("testing", "reliability")),
    ("Our editorial workflow, end to end", "Mei Tanaka", ("editorial",)),
    ("Choosing tags that readers actually click", "Mei Tanaka", ("editorial", "seo")),
    ("Image pipelines for a text-first site", "Jonas Lindqvist", ("performance", "media")),
    ("Canonical URLs and why they matter", "Mei Tanaka", ("seo", "http")),
    ("Pydantic models as the contract of an API", "Lukas Brenner", ("python", "api-design")),
    ("What goes in a /version endpoint", "Hannah Weiss", ("deploys", "api-design")),
    ("Rolling back in under a minute", "Daniel Ito", ("deploys", "reliability")),
    ("Cache-Status: a header worth adopting", "Sofia Marquez", ("caching", "http")),
    ("TLS certificates that renew themselves, mostly", "Jonas Lindqvist", ("security", "ops")),
    ("Staging that behaves like production", "Amara Okafor", ("ops", "testing")),
    ("Schema drift: catching it before clients do", "Priya Raman", ("api-design", "testing")),
    ("Indexing for the queries you actually run", "Daniel Ito", ("databases", "performance")),
    ("Writing for skimmers: structure over length", "Mei Tanaka", ("editorial",)),
    ("How we budget third-party scripts", "Jonas Lindqvist", ("performance", "frontend")),
    ("On-call notes: the night the feed stopped", "Amara Okafor", ("ops", "jobs", "postmortem")),
    ("Graceful shutdown for async Python services", "Lukas Brenner", ("python", "reliability")),
    ("Rate limiting the polite way", "Hannah Weiss", ("http", "security")),
    ("Measuring time to first byte from three regions", "Priya Raman", ("performance", "observability")),
    ("Search without a search cluster", "Daniel Ito", ("databases", "sqlite")),
    ("What we check after every deploy", "Amara Okafor", ("deploys", "testing")),
    ("Accessible code samples in articles", "Mei Tanaka", ("editorial", "frontend")),
    ("Content Security Policy for a blog", "Jonas Lindqvist", ("security", "frontend")),
    ("OpenAPI as a changelog", "Sofia Marquez", ("api-design",)),
    ("When the database is slow but healthy", "Daniel Ito", ("databases", "observability")),
    ("Flaky checks are bugs too", "Priya Raman", ("testing", "reliability")),
    ("A small admin dashboard with a big token", "Hannah Weiss", ("security", "python")),
    ("Maintenance pages that tell the truth", "Jonas Lindqvist", ("ops", "http")),
    ("Year in review: the numbers behind the blog", "Mei Tanaka", ("editorial", "observability")),
)

assert len(POSTS) == 48, "the contract promises 48 posts"
