// The reference contract of design §6, route by route, including the faults that bend one route only.
import type { IncomingHttpHeaders } from 'node:http'
import type {
  AdminStatsBody,
  HealthBody,
  PostListBody,
  ReadinessBody,
  ValidationErrorBody,
  VersionBody,
} from '../contract/schemas.ts'
import type { Verdict } from './auth.ts'
import { bypassHeaders, hitHeaders, missHeaders, type ResponseCache } from './cache.ts'
import { type FaultName, INTERNAL_ERROR, STALE_BUILD, STALE_JOB_AGE_MS } from './faults.ts'
import { JSON_TYPE, json, type Reply } from './reply.ts'
import { type PostStore, simulatedQueryMs } from './store.ts'

export const JOB_NAME = 'feed-refresh'
export const JOB_INTERVAL_S = 300

export interface DemoState {
  fault: FaultName
  readonly build: VersionBody
  readonly startedAt: number
  readonly slowMs: number
  readonly store: PostStore
  readonly cache: ResponseCache
  readonly openapi: string
  readonly authorize: (header: string | undefined) => Verdict
  jobLastSuccess: number
  requests: number
}

interface RouteRequest {
  url: string
  query: string
  slug: string
  headers: IncomingHttpHeaders
  now: number
}

type Handler = (state: DemoState, request: RouteRequest) => Reply

const HEALTHY = json(200, { ok: true } satisfies HealthBody)
const NOT_FOUND = json(404, { detail: 'Not Found' })
// FastAPI registers GET routes without HEAD, so HEAD gets a 405 like any other method.
const METHOD_NOT_ALLOWED = json(405, { detail: 'Method Not Allowed' }, { allow: 'GET' })
const NOT_AUTHENTICATED = json(401, { detail: 'Not authenticated' }, { 'www-authenticate': 'Bearer' })
const INVALID_TOKEN = json(401, { detail: 'Invalid token' }, { 'www-authenticate': 'Bearer' })

const LIMIT_DEFAULT = 10
const LIMIT_MIN = 1
const LIMIT_MAX = 100

// pydantic v2 reports the rejected input and the bound; ValidationIssue keeps only what checks need.
type PydanticIssue = ValidationErrorBody['detail'][number] & { input: string; ctx?: Record<string, number> }

function limitIssue(input: string): PydanticIssue | undefined {
  const loc = ['query', 'limit']
  if (!/^\s*[+-]?\d+\s*$/.test(input)) {
    const msg = 'Input should be a valid integer, unable to parse string as an integer'
    return { type: 'int_parsing', loc, msg, input }
  }
  const value = Number(input)
  if (value > LIMIT_MAX) {
    const msg = `Input should be less than or equal to ${LIMIT_MAX}`
    return { type: 'less_than_equal', loc, msg, input, ctx: { le: LIMIT_MAX } }
  }
  if (value < LIMIT_MIN) {
    const msg = `Input should be greater than or equal to ${LIMIT_MIN}`
    return { type: 'greater_than_equal', loc, msg, input, ctx: { ge: LIMIT_MIN } }
  }
  return undefined
}

interface ApiAnswer {
  status: number
  body: unknown
  queries: number
  headers?: Record<string, string>
}

// What an /api route computes; api() puts the cache in front of it.
type ApiQuery = (state: DemoState, request: RouteRequest) => ApiAnswer

// Its first query fails: nothing was run.
const DATABASE_UNAVAILABLE: ApiAnswer = {
  status: 503,
  body: { detail: 'database unavailable' },
  queries: 0,
  headers: { 'retry-after': '30' },
}

// Every GET under /api: the response cache in front of the route, and their headers. Only successes
// are stored; errors, the database's 503 included, are recomputed every time and say no-store.
function api(state: DemoState, request: RouteRequest, query: ApiQuery): Reply {
  const withHeaders = state.fault !== 'no_headers'
  const cached = state.cache.lookup(request.url, request.now)
  if (cached !== undefined) {
    const headers = withHeaders ? hitHeaders(cached, request.now, state.cache.ttlMs) : undefined
    return { status: 200, type: JSON_TYPE, body: cached.body, headers }
  }
  const started = performance.now()
  const answer = query(state, request)
  const dbMs = performance.now() - started + simulatedQueryMs(answer.queries)
  const body = JSON.stringify(answer.body)
  const stored = answer.status === 200
  if (stored) state.cache.store(request.url, body, request.now)
  const headers = withHeaders ? missHeaders(dbMs, answer.queries, stored) : undefined
  return { status: answer.status, type: JSON_TYPE, body, headers: { ...answer.headers, ...headers } }
}

// The input is validated before any query runs, so a bad limit is a 422 even with the database down.
const listPosts: ApiQuery = (state, request) => {
  const raw = request.query === '' ? undefined : new URLSearchParams(request.query).getAll('limit').at(-1)
  const issue = raw === undefined ? undefined : limitIssue(raw)
  if (issue !== undefined) return { status: 422, body: { detail: [issue] }, queries: 0 }
  if (state.fault === 'db_down') return DATABASE_UNAVAILABLE
  const limit = raw === undefined ? LIMIT_DEFAULT : Number(raw)
  const { rows, queries } = state.store.list(limit)
  if (state.fault === 'bad_schema') {
    const items = rows.items.map(({ author: _author, ...rest }) => rest)
    return { status: 200, body: { items, count: String(items.length), limit, total: rows.total }, queries }
  }
  const body: PostListBody = { items: rows.items, count: rows.items.length, limit, total: rows.total }
  return { status: 200, body, queries }
}

const postDetail: ApiQuery = (state, request) => {
  if (state.fault === 'db_down') return DATABASE_UNAVAILABLE
  const { rows: post, queries } = state.store.fetchAndCountView(request.slug)
  if (post === undefined) {
    return { status: 404, body: { detail: `post '${request.slug}' not found` }, queries }
  }
  const body = state.fault === 'bad_schema' ? { ...post, views: String(post.views) } : post
  return { status: 200, body, queries }
}

const NO_SUCH_ROUTE: ApiQuery = () => ({ status: 404, body: { detail: 'Not Found' }, queries: 0 })

// When the feed-refresh job last succeeded, or null when it never has.
function jobLastSuccess(state: DemoState, now: number): number | null {
  if (state.fault === 'stale_jobs') return now - STALE_JOB_AGE_MS
  // Its first run failed, and every run since.
  if (state.fault === 'job_never_succeeded') return null
  return state.jobLastSuccess
}

const readiness: Handler = (state, request) => {
  const down = state.fault === 'db_down'
  let latency = 0
  if (!down) {
    const started = performance.now()
    const { queries } = state.store.ping()
    latency = performance.now() - started + simulatedQueryMs(queries)
    if (state.fault === 'slow') latency += state.slowMs
  }
  const lastSuccess = jobLastSuccess(state, request.now)
  // Two missed runs make a job stale, whatever the fault; a job that never succeeded missed them all.
  const stale = lastSuccess === null || request.now - lastSuccess > 2 * JOB_INTERVAL_S * 1000
  const body: ReadinessBody = {
    status: down ? 'not_ready' : stale ? 'degraded' : 'ready',
    checks: {
      database: { status: down ? 'down' : 'up', latency_ms: Math.round(latency * 100) / 100 },
      cache: { status: 'up', hit_ratio: state.cache.hitRatio() },
      jobs: {
        status: stale ? 'stale' : 'ok',
        name: JOB_NAME,
        last_success: lastSuccess === null ? null : new Date(lastSuccess).toISOString(),
        interval_s: JOB_INTERVAL_S,
      },
    },
  }
  return json(down ? 503 : 200, body)
}

const version: Handler = (state) =>
  json(200, state.fault === 'wrong_version' ? { ...state.build, ...STALE_BUILD } : state.build)

const adminStats: Handler = (state, request) => {
  if (state.fault !== 'no_auth') {
    const verdict = state.authorize(request.headers.authorization)
    if (verdict === 'missing') return NOT_AUTHENTICATED
    if (verdict === 'invalid') return INVALID_TOKEN
  }
  const body: AdminStatsBody = {
    posts: state.store.total,
    views: state.store.totalViews(),
    requests: state.requests,
    cache: { hits: state.cache.hits, misses: state.cache.misses },
    uptime_s: Math.round(request.now - state.startedAt) / 1000,
  }
  return json(200, body)
}

const openapi: Handler = (state) => ({ status: 200, type: JSON_TYPE, body: state.openapi })

const ROUTES = new Map<string, Handler>([
  ['/health', () => HEALTHY],
  ['/health/ready', readiness],
  ['/version', version],
  ['/admin/stats', adminStats],
  ['/openapi.json', openapi],
])
const POST_PREFIX = '/api/posts/'

function isApi(path: string): boolean {
  return path === '/api' || path.startsWith('/api/')
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

function apiQuery(path: string, slug: string): ApiQuery | undefined {
  if (path === '/api/posts') return listPosts
  return path.startsWith(POST_PREFIX) && slug !== '' && !slug.includes('/') ? postDetail : undefined
}

// Everything under /api passes the response cache, which answers GET only: any other method goes by
// it, saying so, to the 405 (or 404) of the route behind.
function apiRoute(state: DemoState, method: string, path: string, request: RouteRequest): Reply {
  const query = apiQuery(path, request.slug)
  if (method === 'GET') return api(state, request, query ?? NO_SUCH_ROUTE)
  const reply = query === undefined ? NOT_FOUND : METHOD_NOT_ALLOWED
  if (state.fault === 'no_headers') return reply
  return { ...reply, headers: { ...reply.headers, ...bypassHeaders() } }
}

export function route(state: DemoState, method: string, url: string, headers: IncomingHttpHeaders): Reply {
  // A bug in the application, on every path: its crash page still gets the app's own headers.
  if (state.fault === '500') return INTERNAL_ERROR
  const mark = url.indexOf('?')
  const path = mark === -1 ? url : url.slice(0, mark)
  const query = mark === -1 ? '' : url.slice(mark + 1)
  const slug = path.startsWith(POST_PREFIX) ? decodeSegment(path.slice(POST_PREFIX.length)) : ''
  const request = { url, query, slug, headers, now: Date.now() }
  if (isApi(path)) return apiRoute(state, method, path, request)
  const handler = ROUTES.get(path)
  if (handler === undefined) return NOT_FOUND
  if (method !== 'GET') return METHOD_NOT_ALLOWED
  return handler(state, request)
}
