// The 48 posts of the demo content website. Deterministic (no clock, no Math.random) so that two runs,
// two services and the FastAPI example can be compared field by field.
import type { PostDetailBody } from '../contract/schemas.ts'

const SITE = 'https://blog.example.com/posts/'

const AUTHORS = [
  'Maya Okafor',
  'Lukas Brandt',
  'Priya Raman',
  'Tomás Herrera',
  'Hannah Lindqvist',
  'Kenji Watanabe',
]

// Newest first, the order the API lists them in.
const ARTICLES: ReadonlyArray<readonly [title: string, tags: readonly string[]]> = [
  ['Lessons from a year of running FastAPI in production', ['fastapi', 'python', 'deployment']],
  ['Backups you have restored at least once', ['postgres', 'devops']],
  ['Type-safe environment variables in TypeScript', ['typescript', 'devops']],
  ['Building a status page from readiness checks', ['observability', 'architecture']],
  ['Flaky tests are bugs too', ['testing']],
  ['CORS explained with three failing requests', ['security', 'api-design']],
  ['Schema changes that old and new code can both read', ['postgres', 'deployment']],
  ['Compressing responses: gzip, brotli and when not to', ['performance', 'nginx']],
  ['A checklist for the first production deploy', ['deployment', 'testing']],
  ['Monitoring cron jobs with heartbeats', ['observability', 'devops']],
  ['Dependency injection in FastAPI beyond the basics', ['fastapi', 'python']],
  ['Timeouts everywhere: connect, headers, body', ['performance', 'architecture']],
  ['ETags and conditional requests for JSON APIs', ['caching', 'api-design']],
  ['Validating configuration at startup', ['python', 'testing']],
  ['Blue-green deployments on a budget', ['deployment', 'devops']],
  ['Full-text search in Postgres before reaching for Elasticsearch', ['postgres', 'architecture']],
  ['Writing a runbook people actually use', ['devops', 'observability']],
  ['HTTP keep-alive and the connection pool you forgot', ['performance', 'nginx']],
  ['Graceful shutdown for Python web workers', ['python', 'deployment']],
  ['Secrets in CI without leaking them in logs', ['security', 'devops']],
  ['The cost of an N+1 query', ['postgres', 'performance']],
  ['Redis as a cache, not a database', ['caching', 'architecture']],
  ['Contract tests with zod schemas', ['typescript', 'testing']],
  ['Versioning a public API without breaking clients', ['api-design', 'architecture']],
  ['Load testing a FastAPI service on a single VPS', ['performance', 'fastapi', 'testing']],
  ['TLS certificates that renew themselves', ['security', 'devops', 'nginx']],
  ['Async SQLAlchemy in practice', ['python', 'postgres']],
  ['Retries, idempotency and the methods you must not repeat', ['api-design', 'architecture']],
  ['Why our health check returned 200 while the site was down', ['observability', 'testing']],
  ['Structured logging that helps at 3 a.m.', ['observability', 'python']],
  ['Rate limiting at the edge with nginx', ['nginx', 'security']],
  ['Alembic migrations without locking the table', ['postgres', 'deployment']],
  ['Typed API clients from an OpenAPI document', ['typescript', 'api-design']],
  ['Reading RFC 9211: the Cache-Status header', ['caching', 'api-design']],
  ['Feature flags for a small team', ['devops', 'architecture']],
  ['Background jobs that tell you when they stop', ['observability', 'python']],
  ['Measuring p95 latency without fooling yourself', ['performance', 'testing']],
  ['Rolling back in under a minute', ['deployment', 'devops']],
  ['Designing pagination that survives new posts', ['api-design', 'postgres']],
  ['Bearer tokens done right in FastAPI', ['security', 'fastapi']],
  ['Tracing a slow endpoint from nginx to the database', ['observability', 'nginx', 'postgres']],
  ['Smoke tests after every deploy', ['testing', 'deployment']],
  ['Postgres connection pools under load', ['postgres', 'performance']],
  ['Pydantic v2 validation errors your clients can read', ['python', 'fastapi', 'api-design']],
  ['Caching API responses without serving stale data', ['caching', 'performance']],
  ['Server-Timing: a free latency breakdown in every response', ['performance', 'observability']],
  ['What a readiness probe should actually check', ['observability', 'deployment']],
  ['Zero-downtime deploys with uvicorn and nginx', ['deployment', 'nginx', 'python']],
]

const TAG_NOTES: Record<string, string> = {
  fastapi:
    'FastAPI makes the happy path short; most of the work is in what happens when a dependency is slow or a request is malformed.',
  python:
    'On the Python side we kept to the standard library where we could and pinned everything else, so a rebuild next year gives the same image.',
  deployment:
    'Every step here runs the same way on staging and production, and every one of them can be undone without a second deploy.',
  postgres:
    'Postgres did most of the heavy lifting once we stopped fighting it: the planner is right more often than our guesses are.',
  devops:
    'None of it needs a platform team: a VPS, a CI pipeline and a few scripts that anyone on call can read at a glance.',
  typescript:
    'TypeScript catches the shape mistakes at build time, and a schema checked at run time catches the ones the compiler cannot see.',
  observability:
    'If you cannot see it from the outside, it is not monitored: we check it the way a user would, then look inside only when that fails.',
  architecture:
    'The design choice that mattered most was the boring one: fewer moving parts, each with one clear job and one clear owner.',
  testing:
    'A test that passes whatever the service does is worse than no test, so each one here was first made to fail on purpose.',
  security:
    'Security here is mostly hygiene: least privilege, short-lived secrets, and never echoing a credential back in an error message.',
  'api-design':
    'Clients read the error bodies more often than the docs, so those bodies say exactly what was wrong and where.',
  performance:
    'We measured before and after on the same machine, looked at p95 rather than the average, and threw away the first warm-up run.',
  caching:
    'A cache is a promise about staleness; the headers should say how old an answer is and where it came from.',
  nginx:
    'nginx sits in front of everything, so its timeouts and buffers quietly decide what users see when the app behind it struggles.',
}

// A small seeded generator: varied-looking dates and view counts that never change between runs.
function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function slugify(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
}

function postBody(title: string, tags: readonly string[], author: string): string {
  const opening = `${title}: it comes up in almost every service we ship, so this post walks through what we tried, what broke along the way and what we kept.`
  const notes = tags.map((tag) => TAG_NOTES[tag] ?? '').join(' ')
  const closing = `If you try this on your own stack and something behaves differently, write to ${author.split(' ')[0]}: the differences are usually the interesting part.`
  return [opening, notes, closing].join('\n\n')
}

const NEWEST = Date.UTC(2025, 4, 28, 8, 30)
const MINUTE_MS = 60 * 1000
const DAY_MINUTES = 24 * 60

// Fresh objects each call: every service counts its own views.
export function createPosts(): PostDetailBody[] {
  const random = mulberry32(0x5eed)
  let published = NEWEST
  return ARTICLES.map(([title, tags], index) => {
    if (index > 0) published -= (2 * DAY_MINUTES + Math.floor(random() * 5 * DAY_MINUTES)) * MINUTE_MS
    const author = AUTHORS[(index * 5) % AUTHORS.length] ?? 'Editorial team'
    const slug = slugify(title)
    return {
      slug,
      title,
      author,
      tags: [...tags],
      published_at: new Date(published).toISOString(),
      url: SITE + slug,
      body: postBody(title, tags, author),
      views: 120 + Math.floor(random() * 9000),
    }
  })
}
