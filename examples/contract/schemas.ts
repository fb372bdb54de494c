// The reference service contract (docs/contract.md) as zod schemas. The example checks validate
// responses with them; the demo service types its answers from them (z.infer), so the
// contract is written down exactly once.
import type { ReadinessReport } from 'smokecheck'
import { z } from 'zod'

// FastAPI emits `+00:00` offsets, and naive datetimes where the value came naive from the database
// (SQLite's `2024-01-09 08:30:00`, `datetime.utcnow()`): this contract reads a naive one as UTC.
export const Timestamp = z.iso.datetime({ offset: true, local: true })

/**
 * A contract timestamp in milliseconds since the epoch, a naive one read as UTC. Never use
 * Date.parse on them: it reads a naive date-time as the local time of the machine running the checks.
 */
export function parseUtc(timestamp: string): number {
  return Date.parse(/(?:Z|[+-]\d\d:?\d\d)$/i.test(timestamp) ? timestamp : `${timestamp}Z`)
}

export const Health = z.object({ ok: z.literal(true) })

export const DependencyDatabase = z.object({
  status: z.enum(['up', 'down']),
  latency_ms: z.number().nonnegative(),
})
export const DependencyCache = z.object({
  status: z.enum(['up', 'down']),
  hit_ratio: z.number().min(0).max(1).nullable(),
})
export const JobStatus = z.object({
  status: z.enum(['ok', 'stale', 'failing']),
  name: z.string().min(1),
  // null: the job has never succeeded (FastAPI's Optional[datetime] before a first good run).
  last_success: Timestamp.nullable(),
  interval_s: z.number().positive(),
})
export const Readiness = z.object({
  status: z.enum(['ready', 'degraded', 'not_ready']),
  checks: z.object({
    database: DependencyDatabase,
    cache: DependencyCache,
    jobs: JobStatus,
  }),
})

/** The contract's readiness body as smokecheck judges it: `toBeReady({ schema: ReadinessJudged, … })`. */
export const ReadinessJudged = Readiness.transform(
  ({ status, checks: { database, cache, jobs } }): ReadinessReport => ({
    status,
    dependencies: [
      { name: 'database', up: database.status === 'up' },
      { name: 'cache', up: cache.status === 'up' },
    ],
    jobs: [
      {
        name: jobs.name,
        status: jobs.status,
        lastSuccess: jobs.last_success === null ? null : parseUtc(jobs.last_success),
        intervalS: jobs.interval_s,
      },
    ],
  }),
)

// Semantic versioning 2.0.0, the official pattern.
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/
export const Version = z.object({
  version: z.string().regex(SEMVER, 'expected a semantic version such as 1.8.3'),
  commit: z.string().regex(/^[0-9a-f]{40}$/, 'expected a 40-character hex commit'),
  deployed_at: Timestamp,
})

export const PostSummary = z.object({
  slug: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string().min(1),
  author: z.string().min(1),
  tags: z.array(z.string()),
  published_at: Timestamp,
  url: z.url(),
})
export const PostList = z
  .object({
    items: z.array(PostSummary),
    count: z.number().int().nonnegative(),
    limit: z.number().int().min(1).max(100),
    total: z.number().int().nonnegative(),
  })
  .refine((list) => list.count === list.items.length, {
    message: 'count must equal the number of items',
    path: ['count'],
  })
export const PostDetail = PostSummary.extend({
  body: z.string().min(1),
  views: z.number().int().nonnegative(),
})

export const NotFound = z.object({ detail: z.string() })

// FastAPI's (pydantic's) request validation error body.
export const ValidationIssue = z.object({
  loc: z.array(z.union([z.string(), z.number()])).min(1),
  msg: z.string(),
  type: z.string(),
})
export const ValidationError = z.object({ detail: z.array(ValidationIssue).min(1) })

export const AdminStats = z.object({
  posts: z.number().int().nonnegative(),
  views: z.number().int().nonnegative(),
  requests: z.number().int().nonnegative(),
  cache: z.object({ hits: z.number().int().nonnegative(), misses: z.number().int().nonnegative() }),
  uptime_s: z.number().nonnegative(),
})

// The routes of the contract, as an OpenAPI document lists them.
export const CONTRACT_PATHS = [
  '/health',
  '/health/ready',
  '/version',
  '/api/posts',
  '/api/posts/{slug}',
  '/admin/stats',
] as const

// The parts of an OpenAPI document the checks read. Any 3.x: FastAPI 0.92 writes 3.0.2, later
// FastAPI releases and the demo service 3.1.0.
export const OpenApiDocument = z.looseObject({
  openapi: z.string().regex(/^3\.\d+\.\d+$/, 'expected an OpenAPI 3.x version such as 3.0.2 or 3.1.0'),
  info: z.looseObject({ title: z.string().min(1), version: z.string().min(1) }),
  paths: z.record(z.string().startsWith('/'), z.looseObject({})),
})

export type HealthBody = z.infer<typeof Health>
export type ReadinessBody = z.infer<typeof Readiness>
export type VersionBody = z.infer<typeof Version>
export type PostSummaryBody = z.infer<typeof PostSummary>
export type PostListBody = z.infer<typeof PostList>
export type PostDetailBody = z.infer<typeof PostDetail>
export type ValidationErrorBody = z.infer<typeof ValidationError>
export type AdminStatsBody = z.infer<typeof AdminStats>
