// Server-Timing and cache signals read from the demo service's real answers: a repeated request
// is a hit, the database work stays within budget, and without the headers both claims fail.
import { describe, expect, it } from 'vitest'
import { PostList } from '../../fixtures/schemas.ts'
import { signalMatchers } from '../../src/assertions/signal-matchers.ts'
import { describeServerSignals } from '../../src/signals/summary.ts'
import { demo } from '../support/demo.ts'
import { clientFor } from '../support/http-client.ts'
import { runChecks } from '../support/run-checks.ts'

expect.extend(signalMatchers)

const POST = '/api/posts/flaky-tests-are-bugs-too'

describe('server signals from the demo service', () => {
  it('a first request misses and queries the database, the repeat is a cache hit', async () => {
    const { service } = await demo()
    const http = clientFor(service.url)
    const first = await http.get(POST)
    expect(first).toBeCacheMiss()
    expect(first).toHaveServerTiming('db', { maxDur: 50, maxCount: 3 })
    expect(first.serverTiming.get('db')).toMatchObject({ count: 2, desc: '2 queries' })
    expect(describeServerSignals(first.headers)).toMatch(
      /^server: db \d+(\.\d)? ms \(2 queries\), cache miss; Cache-Status: miss at demo-cache, stored$/,
    )

    const again = await http.get(POST)
    expect(again).toBeCacheHit()
    expect(again.cache).toMatchObject({ hit: true, source: 'cache-status', ttl: expect.any(Number) })
    expect(again).toHaveServerTiming('db', { maxCount: 0 })
    expect(() => expect(again).toBeCacheMiss()).toThrow(
      /to be a cache miss, the service reports a hit: Cache-Status "demo-cache; hit; ttl=\d+", X-Cache "HIT", Age "\d+"/,
    )
  })

  it('a call budget below what the service reports fails, naming the count', async () => {
    const { service } = await demo()
    const res = await clientFor(service.url).get('/api/posts', { query: { limit: 3 } })
    expect(() => expect(res).toHaveServerTiming('db', { maxCount: 1 })).toThrow(
      /to report server timing db at most 1 call, but db was called 2 times \(Server-Timing: db;dur=[\d.]+;desc="2 queries", cache;desc=miss\)/,
    )
  })

  it('no_headers: neither a hit nor a timing can be claimed', async () => {
    const { service } = await demo('no_headers')
    const http = clientFor(service.url)
    await http.get(POST)
    const again = await http.get(POST)
    expect(() => expect(again).toBeCacheHit()).toThrow(
      /to be a cache hit, it sent no header saying whether a cache answered: no Cache-Status, no X-Cache, no Age/,
    )
    expect(() => expect(again).toHaveServerTiming('db')).toThrow(
      /it reported no metric named db \(no Server-Timing header\)/,
    )
    expect(describeServerSignals(again.headers)).toBeUndefined()
  })

  it('the cache example fails when its first request is already a hit: a warm cache proves nothing', async () => {
    const { service, env } = await demo()
    // Warm the post the check picks, the third of the listing, before the check runs.
    const http = clientFor(service.url)
    const list = (await http.get('/api/posts', { query: { limit: 3 } })).parse(PostList)
    await http.get(`/api/posts/${list.items.at(-1)?.slug}`)
    const run = await runChecks({ env: { ...env, SMOKE_CHECKS: 'checks/headers.check.ts' } })
    const outcome = run.get('a repeated API request is served from the cache')
    expect(outcome.state).toBe('failed')
    expect(outcome.message).toMatch(
      /^expected GET \/api\/posts\/\S+ to be a cache miss, the service reports a hit: Cache-Status "demo-cache; hit; ttl=\d+"/,
    )
    expect(run.get('API responses report server timing and cache status').state).toBe('passed')
  })
})
