"""The content-website backend: app factory and routes (the smokecheck reference contract).

Run from examples/fastapi-service/:
    DEMO_TOKEN=... /usr/bin/python3 -m uvicorn app.main:app --host 127.0.0.1 --port 8000
"""

import secrets
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import AsyncIterator, List, Literal, Optional

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request, Response
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .cache import CacheMiddleware, ResponseCache
from .db import Database, DatabaseUnavailable
from .faults import Crash, FaultMiddleware, allow_anyone
from .jobs import FeedRefreshJob
from .settings import Settings, load_settings_or_exit
from .timing import ServerTimingMiddleware

# ---------------------------------------------------------------- response models


class Health(BaseModel):
    ok: Literal[True]


class DatabaseCheck(BaseModel):
    status: Literal["up", "down"]
    latency_ms: float


# pydantic 1 documents Optional[X] as an X that may be left out, yet sends null: the document is
# the contract checks hold every answer to (and the schemas `contract pull` writes), so it says
# what is sent, an X or null, always there.
class CacheCheck(BaseModel):
    status: Literal["up", "down"]
    hit_ratio: Optional[float] = Field(..., nullable=True)  # null before the first lookup


class JobCheck(BaseModel):
    status: Literal["ok", "stale", "failing"]
    name: str
    last_success: Optional[datetime] = Field(..., nullable=True)  # null only if the job never succeeded
    interval_s: int


class Checks(BaseModel):
    database: DatabaseCheck
    cache: CacheCheck
    jobs: JobCheck


class Readiness(BaseModel):
    status: Literal["ready", "degraded", "not_ready"]
    checks: Checks


class Version(BaseModel):
    version: str
    commit: str
    deployed_at: datetime


class PostSummary(BaseModel):
    slug: str
    title: str
    author: str
    tags: List[str]
    published_at: datetime
    url: str


class PostDetail(PostSummary):
    body: str
    views: int


class PostList(BaseModel):
    items: List[PostSummary]
    count: int
    limit: int
    total: int


class Detail(BaseModel):
    detail: str  # what FastAPI answers an HTTPException with


class CacheStats(BaseModel):
    hits: int
    misses: int


class AdminStats(BaseModel):
    posts: int
    views: int
    requests: int
    cache: CacheStats
    uptime_s: float


# ---------------------------------------------------------------- services


@dataclass
class Services:
    settings: Settings
    db: Database = field(default_factory=Database)
    cache: ResponseCache = field(default_factory=ResponseCache)
    job: FeedRefreshJob = field(init=False)
    started: float = field(default_factory=time.monotonic)
    requests: int = 0

    def __post_init__(self) -> None:
        self.job = FeedRefreshJob(self.db, interval_s=300)


def services(request: Request) -> Services:
    return request.app.state.services


router = APIRouter()


# ---------------------------------------------------------------- health and version

# region: liveness
@router.get("/health", response_model=Health)
async def liveness() -> Health:
    # Liveness answers "is this process able to serve at all?". It must not touch the
    # database or any other dependency: if it did, a database outage would make the
    # orchestrator restart every healthy web process at once.
    return Health(ok=True)
# endregion: liveness


# region: readiness
@router.get("/health/ready", response_model=Readiness)
async def readiness(response: Response, svc: Services = Depends(services)) -> Readiness:
    try:
        database = DatabaseCheck(status="up", latency_ms=svc.db.ping_ms())  # SELECT 1, timed
    except DatabaseUnavailable:
        database = DatabaseCheck(status="down", latency_ms=0)
    job = svc.job.state
    jobs = JobCheck(
        status=job.status(datetime.now(timezone.utc)),
        name=job.name,
        last_success=job.last_success,
        interval_s=job.interval_s,
    )
    cache = CacheCheck(status="up", hit_ratio=svc.cache.hit_ratio())
    if database.status == "down":
        status = "not_ready"
        response.status_code = 503  # take this instance out of the load balancer
    elif jobs.status != "ok":
        status = "degraded"  # still serving, but someone should look
    else:
        status = "ready"
    return Readiness(status=status, checks=Checks(database=database, cache=cache, jobs=jobs))
# endregion: readiness


# region: version
@router.get("/version", response_model=Version)
async def version(svc: Services = Depends(services)) -> Version:
    settings = svc.settings  # DEMO_VERSION, DEMO_COMMIT, DEMO_DEPLOYED_AT from the deploy job
    return Version(version=settings.version, commit=settings.commit, deployed_at=settings.deployed_at)
# endregion: version


# ---------------------------------------------------------------- posts API


def tags_by_slug(db: Database, slugs: List[str]) -> dict:
    tags: dict = {slug: [] for slug in slugs}
    if slugs:
        marks = ", ".join("?" for _ in slugs)
        for row in db.query(f"SELECT slug, tag FROM post_tags WHERE slug IN ({marks}) ORDER BY tag", slugs):
            tags[row["slug"]].append(row["tag"])
    return tags


SUMMARY_COLUMNS = "slug, title, author, published_at, url"


# region: list-posts
@router.get("/api/posts", response_model=PostList)
async def list_posts(
    limit: int = Query(10, ge=1, le=100),  # out of range or not an integer: FastAPI answers 422
    svc: Services = Depends(services),
) -> PostList:
    # The window counts every row before LIMIT applies: the page and the total in one query.
    rows = svc.db.query(
        f"SELECT {SUMMARY_COLUMNS}, COUNT(*) OVER () AS total FROM posts"
        " ORDER BY published_at DESC LIMIT ?",
        (limit,),
    )
    tags = tags_by_slug(svc.db, [row["slug"] for row in rows])
    items = [PostSummary(**dict(row), tags=tags[row["slug"]]) for row in rows]  # pydantic drops total
    total = rows[0]["total"] if rows else 0
    return PostList(items=items, count=len(items), limit=limit, total=total)
# endregion: list-posts


# region: get-post
# The document lists the 404 too: FastAPI documents only what a route returns and its 422.
@router.get(
    "/api/posts/{slug}",
    response_model=PostDetail,
    responses={404: {"model": Detail, "description": "No post has this slug"}},
)
async def get_post(slug: str, svc: Services = Depends(services)) -> PostDetail:
    rows = svc.db.query(f"SELECT {SUMMARY_COLUMNS}, body, views FROM posts WHERE slug = ?", (slug,))
    if not rows:
        raise HTTPException(status_code=404, detail=f"post '{slug}' not found")
    return PostDetail(**dict(rows[0]), tags=tags_by_slug(svc.db, [slug])[slug])
# endregion: get-post


# ---------------------------------------------------------------- admin

# region: admin-auth
bearer = HTTPBearer(auto_error=False)  # we answer 401 ourselves (auto_error says 403)


async def require_admin(
    credentials: Optional[HTTPAuthorizationCredentials] = Depends(bearer),
    svc: Services = Depends(services),
) -> None:
    challenge = {"WWW-Authenticate": "Bearer"}
    if credentials is None:
        raise HTTPException(status_code=401, detail="Not authenticated", headers=challenge)
    expected = svc.settings.token.encode()
    if not secrets.compare_digest(credentials.credentials.encode(), expected):
        raise HTTPException(status_code=401, detail="Invalid token", headers=challenge)


@router.get(
    "/admin/stats",
    response_model=AdminStats,
    dependencies=[Depends(require_admin)],
    responses={401: {"model": Detail, "description": "Missing or wrong Bearer token"}},
)
async def admin_stats(svc: Services = Depends(services)) -> AdminStats:
    row = svc.db.query("SELECT COUNT(*) AS posts, COALESCE(SUM(views), 0) AS views FROM posts")[0]
    return AdminStats(
        posts=row["posts"],
        views=row["views"],
        requests=svc.requests,
        cache=CacheStats(hits=svc.cache.hits, misses=svc.cache.misses),
        uptime_s=round(time.monotonic() - svc.started, 3),
    )
# endregion: admin-auth


# ---------------------------------------------------------------- app factory


# region: version-header
class AppVersionHeader:
    """Every response, errors included, says which build answered it."""

    def __init__(self, app: ASGIApp, *, svc: Services) -> None:
        self.app = app
        self.svc = svc
        self.value = svc.settings.version

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self.svc.requests += 1

        async def send_with_version(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)["x-app-version"] = self.value
            await send(message)

        await self.app(scope, receive, send_with_version)
# endregion: version-header


# region: security-headers
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",  # a JSON body is never sniffed into HTML
    "X-Frame-Options": "DENY",  # no answer of ours belongs in someone else's frame
    "Referrer-Policy": "strict-origin-when-cross-origin",  # full URLs stay on this site
}


class SecurityHeaders:
    """The headers browsers act on, on every answer of the application, errors included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_security_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_security_headers)
# endregion: security-headers


# region: database-unavailable
async def database_unavailable(request: Request, exc: DatabaseUnavailable) -> JSONResponse:
    return JSONResponse({"detail": "database unavailable"}, status_code=503, headers={"Retry-After": "30"})
# endregion: database-unavailable


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    svc: Services = app.state.services
    fault = svc.settings.fault
    svc.db.seed()
    if fault == "job_never_succeeded":
        svc.job.db = Database(available=False)  # the job's own connection, refused from the start
    if fault == "stale_jobs":
        svc.job.freeze(datetime.now(timezone.utc) - timedelta(hours=3))  # scheduler stuck
    else:
        svc.job.start()  # first run now, then every 300 s
    if fault == "db_down":
        svc.db.available = False  # the database goes away after start-up
    yield
    await svc.job.stop()
    svc.db.close()


# region: app-factory
def create_app(settings: Settings) -> ASGIApp:
    api = FastAPI(
        title="fastapi-service",
        version=settings.version,
        # The interactive docs are for a developer's machine; /openapi.json stays for checks and clients.
        docs_url="/docs" if settings.docs else None,
        redoc_url="/redoc" if settings.docs else None,
    )
    # FastAPI 0.92 (Debian 12) has no lifespan= argument; its router takes one directly.
    api.router.lifespan_context = lifespan
    svc = Services(settings=settings)
    api.state.services = svc
    api.include_router(router)
    api.add_exception_handler(DatabaseUnavailable, database_unavailable)
    if settings.fault == "no_auth":
        api.dependency_overrides[require_admin] = allow_anyone
    # Added innermost first: the last one added wraps all the others.
    if settings.fault == "500":
        api.add_middleware(Crash)
    api.add_middleware(CacheMiddleware, cache=svc.cache)
    api.add_middleware(ServerTimingMiddleware, cache_headers=settings.fault != "no_headers")
    # Starlette answers an unhandled exception (its 500 page) outside every add_middleware: only
    # what wraps the finished app is on that answer too.
    app: ASGIApp = SecurityHeaders(api)
    # Outside the security headers: a proxy's maintenance page does not come from the app.
    app = FaultMiddleware(
        app, fault=settings.fault, slow_ms=settings.slow_ms, flaky_every=settings.flaky_every
    )
    return AppVersionHeader(app, svc=svc)
# endregion: app-factory


app = create_app(load_settings_or_exit())
