// Server-Timing and cache signals read from the demo service's real answers: a repeated request
// is a hit, the database work stays within budget, and without the headers both claims fail.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { PostList } from '../../examples/contract/schemas.ts'
import { signalMatchers } from '../../src/assertions/signal-matchers.ts'
import { describeServerSignals } from '../../src/signals/summary.ts'
import { closeWhenDone } from '../support/close-when-done.ts'
import { demo } from '../support/demo.ts'
import { clientFor } from '../support/http-client.ts'
import { runExampleChecks } from '../support/run-checks.ts'

expect.extend(signalMatchers)

const POST = '/api/posts/flaky-tests-are-bugs-too'

/** A service behind a cache keyed by path alone: every post answer is a hit. */
async function alwaysHitCache() {
  const post = {
    slug: 'only-post',
    title: 'The only post',
    author: 'A. Writer',
    tags: [],
    published_at: '2026-11-01T08:00:00Z',
    url: 'https://blog.example.com/posts/only-post',
  }
  const server = createServer((req, res) => {
    const listing = req.url?.startsWith('/api/posts?')
    const body = listing
      ? { items: [post], count: 1, limit: 1, total: 1 }
      : { ...post, body: 'text', views: 1 }
    res
      .writeHead(200, { 'content-type': 'application/json', 'cache-status': 'edge; hit' })
      .end(JSON.stringify(body))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  closeWhenDone(() => new Promise((resolve) => server.close(resolve)))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

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

  it('the cache example starts cold even when visitors have warmed the post it opens', async () => {
    const { service, env } = await demo()
    // Warm the very post the check opens, as traffic on a live site would.
    const http = clientFor(service.url)
    const list = (await http.get('/api/posts', { query: { limit: 1 } })).parse(PostList)
    await http.get(`/api/posts/${list.items[0]?.slug}`)
    const run = await runExampleChecks({ env: { ...env, SMOKE_CHECKS: 'checks/headers.check.ts' } })
    expect(run.get('a repeated API request is served from the cache').state).toBe('passed')
  })

  it('the cache example is skipped, saying why, against a cache that ignores the query', async () => {
    const server = await alwaysHitCache()
    const run = await runExampleChecks({
      env: { SMOKE_ENV: 'local', SMOKE_BASE_URL: server.url, SMOKE_CHECKS: 'checks/headers.check.ts' },
    })
    const outcome = run.get('a repeated API request is served from the cache')
    expect(outcome.state).toBe('skipped')
    expect(outcome.message).toMatch(
      /^the cache answered a URL never asked for before \(\/api\/posts\/only-post\?smokecheck=…\): it ignores the query/,
    )
  })
})
