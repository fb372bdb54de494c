"""The "feed-refresh" background job: rebuilds the RSS feed every interval_s seconds.

What readiness needs from a job is not "is the task alive" but "when did it last
succeed": a job that runs and fails, or stopped running, shows up as a last_success
that is too old.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Literal, Optional
from xml.sax.saxutils import escape

from .db import SITE, Database

log = logging.getLogger("fastapi-service.jobs")


# region: job-heartbeat
@dataclass
class JobState:
    name: str
    interval_s: int
    last_success: Optional[datetime] = None
    last_error: Optional[str] = None

    def status(self, now: datetime) -> Literal["ok", "stale", "failing"]:
        if self.last_success is None or now - self.last_success > timedelta(seconds=2 * self.interval_s):
            return "stale"  # missed two runs in a row: nobody is refreshing the feed
        return "failing" if self.last_error else "ok"
# endregion: job-heartbeat


class FeedRefreshJob:
    def __init__(self, db: Database, interval_s: int = 300) -> None:
        self.db = db
        self.state = JobState(name="feed-refresh", interval_s=interval_s)
        self.feed_xml = ""
        self._task: Optional[asyncio.Task] = None

    def run_once(self) -> None:
        try:
            rows = self.db.query(
                "SELECT slug, title, url, published_at FROM posts ORDER BY published_at DESC LIMIT 20"
            )
            items = "".join(
                f"<item><title>{escape(row['title'])}</title><link>{escape(row['url'])}</link>"
                f"<guid>{escape(row['url'])}</guid><pubDate>{row['published_at']}</pubDate></item>"
                for row in rows
            )
            self.feed_xml = f"<rss version=\"2.0\"><channel><link>{SITE}</link>{items}</channel></rss>"
        except Exception as error:  # a failed run is recorded, never fatal
            self.state.last_error = f"{type(error).__name__}: {error}"
            log.warning("feed-refresh failed: %s", self.state.last_error)
        else:
            self.state.last_success = datetime.now(timezone.utc)
            self.state.last_error = None

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self.state.interval_s)
            self.run_once()

    def start(self) -> None:
        """Run once now (so readiness has a real last_success), then every interval_s."""
        self.run_once()
        self._task = asyncio.get_running_loop().create_task(self._loop(), name="feed-refresh")

    def freeze(self, last_success: datetime) -> None:
        """The stale_jobs fault: the scheduler is stuck after an old success."""
        self.state.last_success = last_success
        self.state.last_error = None

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
