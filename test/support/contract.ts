// The reference contract (design §6) as tests that any service honouring it must pass: the demo
// service (test/demo-service.test.ts) and the FastAPI example on uvicorn
// (test/integration/fastapi-contract.test.ts) run this same suite. Where the two may differ, the
// contract allows it and the test says so; anything else is a bug in the demo or the app.
import { Agent, type Dispatcher, request } from 'undici'
import { afterAll, describe, expect, it } from 'vitest'
import {
  AdminStats,
  CONTRACT_PATHS,
  Health,
  NotFound,
  OpenApiDocument,
  PostDetail,
  PostList,
  parseUtc,
  Readiness,
  Timestamp,
  ValidationError,
  Version,
} from '../../examples/contract/schemas.ts'
import type { FaultName } from '../../examples/demo/faults.ts'
import { DEMO_VERSION } from './demo.ts'

export interface ContractTarget {
  url: string
  token: string
}

export interface ContractService {
  name: string
  /** Starts the service on a free loopback port; it is closed when the test ends. */
  start(fault?: FaultName): Promise<ContractTarget>
}

// A new connection per request: after an unhandled exception uvicorn closes the connection it
// answered on, and a reused socket would turn that into a reset the next request has to explain.
const agent = new Agent({ pipelining: 0 })

export interface Call {
  method?: Dispatcher.HttpMethod
  headers?: Record<string, string>
  body?: string
  headersTimeout?: number
}

export async function call(target: { url: string }, path: string, init: Call = {}) {
  const response = await request(`${target.url}${path}`, { dispatcher: agent, ...init })
  const text = await response.body.text()
  const headers: Record<string, string | undefined> = {}
  for (const [name, value] of Object.entries(response.headers)) {
    headers[name] = Array.isArray(value) ? value.join(', ') : value
  }
  return { status: response.statusCode, headers, text, json: (): unknown => JSON.parse(text) }
}

type Answer = Awaited<ReturnType<typeof call>>

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
}

/** The headers every answer of the application carries, errors and crashes included. */
function expectAppHeaders(res: Answer): void {
  expect(res.headers).toMatchObject({ 'x-app-version': DEMO_VERSION, ...SECURITY_HEADERS })
}

/** A request the cache did not serve because of its method: RFC 9211's fwd=method, no hit or miss. */
function expectCacheBypassed(res: Answer): void {
  expect(res.headers['cache-status']).toMatch(/^[\w-]+; fwd=method$/)
  expect(res.headers['cache-control']).toBe('no-store')
  expect(res.headers['server-timing']).toMatch(/^db;dur=[\d.]+;desc="0 queries"$/)
  expect(res.headers['x-cache']).toBeUndefined()
}

/** A miss that was not kept (RFC 9211: no `stored`), and that no proxy may keep either. */
function expectNeverStored(res: Answer): void {
  expect(res.headers).toMatchObject({ 'x-cache': 'MISS', 'cache-control': 'no-store' })
  expect(res.headers['cache-status']).toMatch(/^[\w-]+; fwd=miss$/)
  expect(res.headers.age).toBeUndefined()
}

/**
 * A moment the service stamped since `from` and before now, on the same clock: an order, not a
 * stopwatch. FastAPI's deployed_at drops the fraction of its second.
 */
function expectSince(timestamp: string, from: number): void {
  const at = parseUtc(timestamp)
  expect(at).toBeGreaterThanOrEqual(Math.floor(from / 1000) * 1000)
  expect(at).toBeLessThanOrEqual(Date.now())
}

export function describeContract({ name, start }: ContractService): void {
  afterAll(() => agent.close())

  describe(`${name} honours the reference contract`, () => {
    it('answers liveness, readiness and the deployed build', async () => {
      const starting = Date.now()
      const target = await start()
      const live = await call(target, '/health')
      expect(live.status).toBe(200)
      expect(live.headers['content-type']).toBe('application/json')
      expectAppHeaders(live)
      expect(Health.parse(live.json())).toEqual({ ok: true })

      const ready = await call(target, '/health/ready')
      expect(ready.status).toBe(200)
      const body = Readiness.parse(ready.json())
      expect(body.status).toBe('ready')
      expect(body.checks.database.status).toBe('up')
      // Nothing has been looked up in the cache yet: a ratio of nothing is null, not 0.
      expect(body.checks.cache).toEqual({ status: 'up', hit_ratio: null })
      expect(body.checks.jobs).toMatchObject({ status: 'ok', name: 'feed-refresh', interval_s: 300 })
      // The job ran as the service started; the build was deployed as it started.
      expectSince(Timestamp.parse(body.checks.jobs.last_success), starting)

      // The demo writes `Z`, FastAPI `+00:00`: both UTC, as the contract asks.
      const build = Version.parse((await call(target, '/version')).json())
      expect(build).toMatchObject({
        version: DEMO_VERSION,
        commit: '9b2e4f7a1c3d5e6f8091a2b3c4d5e6f708192a3b',
      })
      expectSince(build.deployed_at, starting)
    })

    it('lists posts newest first, with the default and an explicit limit', async () => {
      const target = await start()
      const page = PostList.parse((await call(target, '/api/posts')).json())
      expect(page).toMatchObject({ count: 10, limit: 10, total: 48 })
      const all = PostList.parse((await call(target, '/api/posts?limit=100')).json())
      expect(all).toMatchObject({ count: 48, limit: 100, total: 48 })
      const dates = all.items.map((post) => parseUtc(post.published_at))
      expect(dates).toEqual([...dates].sort((a, b) => b - a))
      expect(new Set(all.items.map((post) => post.slug)).size).toBe(48)
      for (const post of all.items) expect(post.url).toBe(`https://blog.example.com/posts/${post.slug}`)
    })

    it('serves one post with its body and views, and 404 naming an unknown slug', async () => {
      const target = await start()
      const [first] = PostList.parse((await call(target, '/api/posts?limit=1')).json()).items
      const post = PostDetail.parse((await call(target, `/api/posts/${first?.slug}`)).json())
      expect(post).toMatchObject({ ...first })
      const missing = await call(target, '/api/posts/no-such-post')
      expect(missing.status).toBe(404)
      expect(NotFound.parse(missing.json())).toEqual({ detail: "post 'no-such-post' not found" })
    })

    // The messages differ: FastAPI 0.92 runs on pydantic 1 ("ensure this value is less than or
    // equal to 100", type value_error.number.not_le), the demo words them as pydantic 2 does. The
    // contract asks for loc, msg and type, which both send.
    it('refuses a limit that is not an integer in 1..100 with a validation error at query.limit', async () => {
      const target = await start()
      for (const limit of ['abc', '0', '101', '500', '2.5']) {
        const res = await call(target, `/api/posts?limit=${limit}`)
        expect(res.status, `limit=${limit}`).toBe(422)
        const { detail } = ValidationError.parse(res.json())
        expect(detail.map((issue) => issue.loc)).toEqual([['query', 'limit']])
      }
    })

    it('refuses /admin/stats without the right Bearer token, without echoing it', async () => {
      const target = await start()
      const missing = await call(target, '/admin/stats')
      expect(missing.status).toBe(401)
      expect(missing.headers['www-authenticate']).toBe('Bearer')
      expect(missing.json()).toEqual({ detail: 'Not authenticated' })

      const wrong = await call(target, '/admin/stats', { headers: { authorization: 'Bearer guessed-token' } })
      expect(wrong.status).toBe(401)
      expect(wrong.headers['www-authenticate']).toBe('Bearer')
      expect(wrong.json()).toEqual({ detail: 'Invalid token' })
      expect(wrong.text).not.toContain('guessed-token')

      // Another scheme is no Bearer credential at all.
      const basic = await call(target, '/admin/stats', {
        headers: { authorization: `Basic ${target.token}` },
      })
      expect(basic.status).toBe(401)
      expect(basic.json()).toEqual({ detail: 'Not authenticated' })

      const right = await call(target, '/admin/stats', {
        headers: { authorization: `Bearer ${target.token}` },
      })
      expect(right.status).toBe(200)
      expect(AdminStats.parse(right.json()).posts).toBe(48)
      expect(right.text).not.toContain(target.token)
    })

    // FastAPI registers a GET route without HEAD (Starlette's own routes would add it), so HEAD
    // is refused like any other method; the demo does the same.
    it('answers 404 for an unknown path, and 405 with Allow: GET for other methods, HEAD included', async () => {
      const target = await start()
      const unknown = await call(target, '/nope')
      expect(unknown.status).toBe(404)
      expect(unknown.json()).toEqual({ detail: 'Not Found' })
      const [first] = PostList.parse((await call(target, '/api/posts?limit=1')).json()).items
      for (const method of ['POST', 'PUT', 'DELETE', 'HEAD'] as const) {
        const res = await call(target, `/api/posts/${first?.slug}`, { method })
        expect(res.status, method).toBe(405)
        expect(res.headers.allow).toBe('GET')
        if (method === 'HEAD') expect(res.text).toBe('')
        else expect(res.json()).toEqual({ detail: 'Method Not Allowed' })
        expectCacheBypassed(res)
      }
      expectCacheBypassed(await call(target, '/api/nope', { method: 'POST' }))
      // Outside /api there is no cache to bypass, and no cache header.
      const version = await call(target, '/version', { method: 'POST' })
      expect(version.status).toBe(405)
      expect(version.headers['cache-status']).toBeUndefined()
    })

    it('puts the version and security headers on every error answer', async () => {
      const target = await start()
      const errors: [string, Call, number][] = [
        ['/nope', {}, 404],
        ['/api/posts/no-such-post', {}, 404],
        ['/api/posts?limit=0', {}, 422],
        ['/admin/stats', {}, 401],
        ['/version', { method: 'POST' }, 405],
        ['/api/posts', { method: 'HEAD' }, 405],
      ]
      for (const [path, init, status] of errors) {
        const res = await call(target, path, init)
        expect(res.status, `${init.method ?? 'GET'} ${path}`).toBe(status)
        expectAppHeaders(res)
      }
    })

    it('serves a repeated GET of the API from its cache, and says so in every cache header', async () => {
      const target = await start()
      const miss = await call(target, '/api/posts?limit=5')
      expect(miss.status).toBe(200)
      expect(miss.headers).toMatchObject({ 'x-cache': 'MISS', 'cache-control': 'public, max-age=60' })
      // Each service names its own cache (demo-cache, fastapi-cache), as RFC 9211 has it.
      expect(miss.headers['cache-status']).toMatch(/^[\w-]+; fwd=miss; stored$/)
      // A page and its tags: the example check allows 3 queries, and neither service needs them.
      expect(miss.headers['server-timing']).toMatch(/^db;dur=\d+\.\d+;desc="2 queries", cache;desc=miss$/)
      expect(miss.headers.age).toBeUndefined()

      const hit = await call(target, '/api/posts?limit=5')
      expect(hit.text).toBe(miss.text)
      expect(hit.headers).toMatchObject({ 'x-cache': 'HIT', 'cache-control': 'public, max-age=60' })
      expect(hit.headers['cache-status']).toMatch(/^[\w-]+; hit; ttl=(60|59)$/)
      expect(hit.headers['server-timing']).toMatch(/^db;dur=0(\.0+)?;desc="0 queries", cache;desc=hit$/)
      expect(hit.headers.age).toMatch(/^[01]$/)

      const ready = Readiness.parse((await call(target, '/health/ready')).json())
      expect(ready.checks.cache.hit_ratio).toBe(0.5)
      const auth = { authorization: `Bearer ${target.token}` }
      const stats = AdminStats.parse((await call(target, '/admin/stats', { headers: auth })).json())
      expect(stats.cache).toEqual({ hits: 1, misses: 1 })
    })

    it('never stores an API error, and tells proxies not to either', async () => {
      const target = await start()
      const errors: [path: string, queries: string][] = [
        // Looking up the missing post is its one query: "1 query", not "1 queries".
        ['/api/posts/no-such-post', '1 query'],
        ['/api/posts?limit=0', '0 queries'],
        ['/api/posts?limit=0', '0 queries'],
      ]
      for (const [path, queries] of errors) {
        const res = await call(target, path)
        expect(res.status, path).toBeGreaterThanOrEqual(400)
        expectNeverStored(res)
        expect(res.headers['server-timing']).toContain(`;desc="${queries}", cache;desc=miss`)
      }
      const stats = (
        await call(target, '/admin/stats', { headers: { authorization: `Bearer ${target.token}` } })
      ).json()
      expect(AdminStats.parse(stats).cache).toEqual({ hits: 0, misses: 3 })
    })

    it('db_down: liveness holds, readiness is 503 not_ready, the API 503 with Retry-After, never stored', async () => {
      const target = await start('db_down')
      expect((await call(target, '/health')).status).toBe(200)
      const ready = await call(target, '/health/ready')
      expect(ready.status).toBe(503)
      const body = Readiness.parse(ready.json())
      expect(body.status).toBe('not_ready')
      expect(body.checks.database).toEqual({ status: 'down', latency_ms: 0 })
      for (const path of ['/api/posts', '/api/posts/some-post', '/api/posts']) {
        const res = await call(target, path)
        expect(res.status, path).toBe(503)
        expect(res.headers['retry-after']).toBe('30')
        expect(res.json()).toEqual({ detail: 'database unavailable' })
        expectNeverStored(res)
        expect(res.headers['server-timing']).toMatch(/desc="0 queries", cache;desc=miss$/)
      }
      // What needs no database is answered as usual: input is validated before any query.
      expect((await call(target, '/api/posts?limit=0')).status).toBe(422)
      const nowhere = await call(target, '/api/nope')
      expect(nowhere.status).toBe(404)
      expectNeverStored(nowhere)
    })

    it('job_never_succeeded: readiness stays 200 and degraded, with last_success null', async () => {
      const target = await start('job_never_succeeded')
      const res = await call(target, '/health/ready')
      expect(res.status).toBe(200)
      const body = Readiness.parse(res.json())
      expect(body.status).toBe('degraded')
      expect(body.checks.jobs).toEqual({
        status: 'stale',
        name: 'feed-refresh',
        last_success: null,
        interval_s: 300,
      })
    })

    it('500: an unhandled exception answers text/plain, still with the version and security headers', async () => {
      const target = await start('500')
      for (const path of ['/health', '/api/posts', '/version', '/nope']) {
        const res = await call(target, path)
        expect(res.status).toBe(500)
        expect(res.headers['content-type']).toBe('text/plain; charset=utf-8')
        expect(res.text).toBe('Internal Server Error')
        expectAppHeaders(res)
      }
    })

    // FastAPI 0.92 writes OpenAPI 3.0.2, the demo 3.1.0: the contract asks for 3.x.
    it('publishes an OpenAPI 3.x document of the contract routes whose references all resolve', async () => {
      const target = await start()
      const res = await call(target, '/openapi.json')
      expect(res.status).toBe(200)
      expectAppHeaders(res)
      const doc = OpenApiDocument.parse(res.json())
      expect(doc.openapi).toMatch(/^3\.[01]\.\d+$/)
      expect(doc.info.version).toBe(DEMO_VERSION)
      expect(Object.keys(doc.paths).sort()).toEqual([...CONTRACT_PATHS].sort())
      for (const path of CONTRACT_PATHS) expect(doc.paths[path], path).toHaveProperty('get')
      expect(doc.paths['/admin/stats']).toMatchObject({ get: { security: [{ HTTPBearer: [] }] } })
      const refs = [...res.text.matchAll(/"\$ref":\s*"#\/components\/(\w+)\/(\w+)"/g)]
      expect(refs.length).toBeGreaterThan(0)
      const components = (doc as { components?: Record<string, Record<string, unknown>> }).components
      for (const [ref, kind = '', id = ''] of refs) expect(components?.[kind], ref).toHaveProperty(id)
    })
  })
}
