// The demo service is the target every check and benchmark runs against: these tests hold it to the
// reference contract (design §6, the suite it shares with the FastAPI example) and to what is its
// own (the pydantic 2 wording of its validation errors, its response cache, its fault switches),
// and prove each fault is observable from the outside.
import { errors } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  AdminStats,
  Health,
  PostDetail,
  PostList,
  Readiness,
  Timestamp,
  ValidationError,
  Version,
} from '../examples/contract/schemas.ts'
import { ResponseCache } from '../examples/demo/cache.ts'
import { Fault } from '../examples/demo/faults.ts'
import { type DemoOptions, type DemoService, startDemoService } from '../examples/demo/service.ts'
import { call, describeContract } from './support/contract.ts'
import { demo } from './support/demo.ts'

const TOKEN = 'demo-test-token-7f3a'
const SLUG = 'flaky-tests-are-bugs-too'
const services: DemoService[] = []

async function start(options: Partial<DemoOptions> = {}): Promise<DemoService> {
  const service = await startDemoService({ token: TOKEN, ...options })
  services.push(service)
  return service
}

afterAll(async () => {
  await Promise.all(services.map((service) => service.close()))
})

describeContract({
  name: 'the demo service',
  async start(fault) {
    const { service, token } = await demo(fault)
    return { url: service.url, token }
  },
})

describe('demo service, healthy', () => {
  let service: DemoService
  beforeAll(async () => {
    service = await start({ version: '2.4.0', commit: 'a'.repeat(40) })
  })

  it('binds 127.0.0.1 on a free port by default', () => {
    expect(service.url).toBe(`http://127.0.0.1:${service.port}`)
    expect(service.port).toBeGreaterThan(0)
    expect(service.fault).toBe('none')
  })

  it('reports the build it was started with, in the body and on every answer', async () => {
    const res = await call(service, '/version')
    expect(Version.parse(res.json())).toMatchObject({ version: '2.4.0', commit: 'a'.repeat(40) })
    expect(res.headers['x-app-version']).toBe('2.4.0')
    expect((await call(service, '/nope')).headers['x-app-version']).toBe('2.4.0')
  })

  it('words its validation errors as pydantic 2 does, with the input and the bound', async () => {
    const cases = [
      [
        'abc',
        {
          type: 'int_parsing',
          loc: ['query', 'limit'],
          msg: 'Input should be a valid integer, unable to parse string as an integer',
          input: 'abc',
        },
      ],
      [
        '500',
        {
          type: 'less_than_equal',
          loc: ['query', 'limit'],
          msg: 'Input should be less than or equal to 100',
          input: '500',
          ctx: { le: 100 },
        },
      ],
      [
        '0',
        {
          type: 'greater_than_equal',
          loc: ['query', 'limit'],
          msg: 'Input should be greater than or equal to 1',
          input: '0',
          ctx: { ge: 1 },
        },
      ],
    ] as const
    for (const [limit, issue] of cases) {
      const res = await call(service, `/api/posts?limit=${limit}`)
      expect(res.status).toBe(422)
      expect(res.json()).toEqual({ detail: [issue] })
      ValidationError.parse(res.json())
    }
  })

  it("publishes an OpenAPI 3.1 document of its build whose schemas are the contract's zod schemas", async () => {
    const doc = (await call(service, '/openapi.json')).json() as {
      openapi: string
      info: { version: string }
      components: { schemas: Record<string, unknown> }
    }
    expect(doc.openapi).toBe('3.1.0')
    expect(doc.info.version).toBe('2.4.0')
    for (const name of [
      'Health',
      'Readiness',
      'Version',
      'PostList',
      'PostDetail',
      'ValidationError',
      'AdminStats',
    ]) {
      expect(doc.components.schemas[name]).toHaveProperty('type', 'object')
    }
  })
})

describe('demo service, response cache', () => {
  it('expires entries after the TTL and evicts the oldest beyond its bound', () => {
    const cache = new ResponseCache(60_000, 2)
    cache.store('/a', 'a', 0)
    expect(cache.lookup('/a', 59_999)?.body).toBe('a')
    expect(cache.lookup('/a', 60_000)).toBeUndefined()
    cache.store('/a', 'a', 0)
    cache.store('/b', 'b', 1)
    cache.store('/c', 'c', 2)
    expect(cache.size).toBe(2)
    expect(cache.lookup('/a', 3)).toBeUndefined()
    expect(cache.hitRatio()).toBe(1 / 3)
  })
})

describe('demo service, requests', () => {
  it('reads and records request bodies of any method', async () => {
    const service = await start({ recordRequests: true })
    const res = await call(service, '/api/posts', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"title":"hello"}',
    })
    expect(res.status).toBe(405)
    expect(service.requests).toHaveLength(1)
    expect(service.requests[0]).toMatchObject({
      method: 'POST',
      path: '/api/posts',
      body: '{"title":"hello"}',
      headers: { 'content-type': 'application/json' },
    })
  })

  it('records nothing unless asked', async () => {
    const service = await start()
    await call(service, '/health')
    expect(service.requests).toEqual([])
  })
})

describe('demo service, faults', () => {
  it('names thirteen faults', () => {
    expect(Fault.options).toHaveLength(13)
    expect(Fault.safeParse('nope').success).toBe(false)
  })

  it('slow: delays every answer and reports it as database latency', async () => {
    const service = await start({ fault: 'slow', slowMs: 150 })
    const started = performance.now()
    const res = await call(service, '/health')
    expect(performance.now() - started).toBeGreaterThanOrEqual(145)
    expect(res.status).toBe(200)
    const ready = Readiness.parse((await call(service, '/health/ready')).json())
    expect(ready.checks.database.latency_ms).toBeGreaterThanOrEqual(150)
  })

  it('bad_schema: the API answers bodies the contract rejects, the rest stays healthy', async () => {
    const service = await start({ fault: 'bad_schema' })
    const list = await call(service, '/api/posts?limit=3')
    expect(list.status).toBe(200)
    const body = list.json() as { items: Record<string, unknown>[]; count: unknown }
    expect(body.count).toBe('3')
    expect(body.items[0]).not.toHaveProperty('author')
    expect(PostList.safeParse(body).success).toBe(false)
    const detail = (await call(service, `/api/posts/${SLUG}`)).json() as { views: unknown }
    expect(typeof detail.views).toBe('string')
    expect(PostDetail.safeParse(detail).success).toBe(false)
    Health.parse((await call(service, '/health')).json())
    Version.parse((await call(service, '/version')).json())
  })

  it('wrong_version: an old build everywhere', async () => {
    const service = await start({ fault: 'wrong_version' })
    const res = await call(service, '/version')
    const body = Version.parse(res.json())
    expect(body.version).toBe('1.7.9')
    expect(body.commit).not.toBe(Version.parse((await call(await start(), '/version')).json()).commit)
    expect(res.headers['x-app-version']).toBe('1.7.9')
    expect((await call(service, '/health')).headers['x-app-version']).toBe('1.7.9')
  })

  it('no_auth: admin stats open to anyone', async () => {
    const service = await start({ fault: 'no_auth' })
    const res = await call(service, '/admin/stats')
    expect(res.status).toBe(200)
    AdminStats.parse(res.json())
  })

  it('hang: never answers, and close() still returns promptly', async () => {
    const service = await start({ fault: 'hang', recordRequests: true })
    await expect(call(service, '/health', { headersTimeout: 300 })).rejects.toBeInstanceOf(
      errors.HeadersTimeoutError,
    )
    const pending = call(service, '/version')
    // Wait until the server holds the request, so close() really has a hung socket to deal with.
    await expect.poll(() => service.requests.length).toBe(2)
    // Only undici's default of 300 s would end it from the client's side: a socket error is close() cutting it.
    await Promise.all([service.close(), expect(pending).rejects.toBeInstanceOf(errors.SocketError)])
  })

  it('flaky: every Nth request to the same route fails, counted again after setFault', async () => {
    const service = await start({ fault: 'flaky', flakyEvery: 3 })
    const paths = ['/health', '/version', '/health', '/version', '/health', '/health', '/version']
    const statuses: number[] = []
    for (const path of paths) {
      const res = await call(service, path)
      statuses.push(res.status)
      if (res.status === 503) {
        expect(res.headers['retry-after']).toBe('1')
        expect(res.json()).toEqual({ detail: 'temporarily unavailable' })
      }
    }
    // /health: 1st, 2nd, 3rd (fails), 4th; /version: 1st, 2nd, 3rd (fails).
    expect(statuses).toEqual([200, 200, 200, 200, 503, 200, 503])

    await call(service, '/health')
    service.setFault('flaky')
    const after = [
      await call(service, '/health'),
      await call(service, '/health'),
      await call(service, '/health'),
    ]
    expect(after.map((res) => res.status)).toEqual([200, 200, 503])
  })

  it('no_headers: the API loses its timing and cache headers but stays correct', async () => {
    const service = await start({ fault: 'no_headers' })
    for (let i = 0; i < 2; i++) {
      const res = await call(service, '/api/posts')
      PostList.parse(res.json())
      for (const name of ['server-timing', 'cache-status', 'x-cache', 'cache-control', 'age']) {
        expect(res.headers[name]).toBeUndefined()
      }
      expect(res.headers['x-app-version']).toBe('1.8.3')
    }
  })

  it('html: a maintenance page answers 200 on every route', async () => {
    const service = await start({ fault: 'html' })
    for (const path of ['/health', '/api/posts', '/admin/stats']) {
      const res = await call(service, path)
      expect(res.status).toBe(200)
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8')
      expect(res.text).toContain('Down for maintenance')
    }
  })

  it('stale_jobs: readiness degrades with a job three hours behind', async () => {
    const service = await start({ fault: 'stale_jobs' })
    const asked = Date.now()
    const res = await call(service, '/health/ready')
    const answered = Date.now()
    expect(res.status).toBe(200)
    const body = Readiness.parse(res.json())
    expect(body.status).toBe('degraded')
    expect(body.checks.jobs).toMatchObject({ status: 'stale', name: 'feed-refresh', interval_s: 300 })
    // Three hours before the moment it answered, which lies between the two readings of the clock.
    const lastSuccess = Date.parse(Timestamp.parse(body.checks.jobs.last_success))
    expect(lastSuccess).toBeGreaterThanOrEqual(asked - 3 * 3600_000)
    expect(lastSuccess).toBeLessThanOrEqual(answered - 3 * 3600_000)
  })

  it('setFault switches behaviour at run time and back', async () => {
    const service = await start()
    const healthy = await call(service, '/api/posts?limit=2')
    expect(healthy.headers['x-cache']).toBe('MISS')
    service.setFault('500')
    expect(service.fault).toBe('500')
    expect((await call(service, '/api/posts?limit=2')).status).toBe(500)
    service.setFault('bad_schema')
    // Answers cached before the switch must not hide the new behaviour.
    const bad = await call(service, '/api/posts?limit=2')
    expect(PostList.safeParse(bad.json()).success).toBe(false)
    service.setFault('none')
    expect(service.fault).toBe('none')
    PostList.parse((await call(service, '/api/posts?limit=2')).json())
    expect(() => service.setFault('nope' as never)).toThrow()
  })
})
