import { describe, expect, it } from 'vitest'
import { signalMatchers } from '../../src/assertions/signal-matchers.ts'
import { fakeResponse } from './fake-response.ts'

expect.extend(signalMatchers)

const MISS = {
  'server-timing': 'db;dur=1.2;desc="2 queries", cache;desc=miss',
  'cache-status': 'demo-cache; fwd=miss; stored',
  'x-cache': 'MISS',
}
const HIT = { 'cache-status': 'demo-cache; hit; ttl=57', 'x-cache': 'HIT', age: '3' }

describe('cache matchers', () => {
  it('toBeCacheHit passes on a hit and fails on a miss quoting every header', () => {
    expect(fakeResponse({ headers: HIT })).toBeCacheHit()
    expect(() => expect(fakeResponse({ headers: MISS })).toBeCacheHit()).toThrow(
      /^expected GET \/api\/posts\?limit=5 to be a cache hit, the service reports a miss: Cache-Status "demo-cache; fwd=miss; stored", X-Cache "MISS", no Age\n\n {2}sent:/,
    )
  })

  it('toBeCacheMiss passes on a miss and fails on a hit', () => {
    expect(fakeResponse({ headers: MISS })).toBeCacheMiss()
    expect(() => expect(fakeResponse({ headers: HIT })).toBeCacheMiss()).toThrow(
      /to be a cache miss, the service reports a hit: Cache-Status "demo-cache; hit; ttl=57", X-Cache "HIT", Age "3"/,
    )
  })

  it('fail both ways when no header says, rather than guess', () => {
    const silent = fakeResponse({ headers: { age: '40' } })
    expect(() => expect(silent).toBeCacheHit()).toThrow(
      /to be a cache hit, it sent no header saying whether a cache answered: no Cache-Status, no X-Cache, Age "40"/,
    )
    expect(() => expect(silent).toBeCacheMiss()).toThrow(/to be a cache miss, it sent no header saying/)
  })
})

describe('toHaveServerTiming', () => {
  it('passes within the duration and call budget', () => {
    const res = fakeResponse({ headers: MISS })
    expect(res).toHaveServerTiming('db')
    expect(res).toHaveServerTiming('db', { maxDur: 50, maxCount: 3 })
    expect(res).toHaveServerTiming('cache')
  })

  it('holds repeated metrics to the budget even when only some state a count', () => {
    const res = fakeResponse({
      headers: { 'server-timing': 'db;dur=1;desc="2 queries", db;dur=1, db;dur=1' },
    })
    expect(res).toHaveServerTiming('db', { maxCount: 4 })
    expect(() => expect(res).toHaveServerTiming('db', { maxCount: 3 })).toThrow(
      /at most 3 calls, but db was called 4 times \(Server-Timing: /,
    )
  })

  it('fails naming what exceeded the budget and quoting the header', () => {
    const res = fakeResponse({ headers: { 'server-timing': 'db;dur=73.25;desc="5 queries"' } })
    expect(() => expect(res).toHaveServerTiming('db', { maxDur: 50, maxCount: 3 })).toThrow(
      /^expected GET \/api\/posts\?limit=5 to report server timing db within 50 ms and at most 3 calls, but db took 73\.3 ms and db was called 5 times \(Server-Timing: db;dur=73\.25;desc="5 queries"\)\n/,
    )
  })

  it('fails when the metric is missing or states no duration or count', () => {
    const res = fakeResponse({ headers: { 'server-timing': 'cache;desc=miss, db;desc=fast' } })
    expect(() => expect(res).toHaveServerTiming('app')).toThrow(
      /to report server timing app, it reported no metric named app \(Server-Timing: cache;desc=miss, db;desc=fast\)/,
    )
    expect(() => expect(res).toHaveServerTiming('db', { maxDur: 50, maxCount: 3 })).toThrow(
      /but db states no duration and db states no count \(no count parameter, no "N queries" or "N calls" in its description\)/,
    )
    // "200 OK" is a status, not 200 calls.
    const status = fakeResponse({ headers: { 'server-timing': 'db;dur=3;desc="200 OK"' } })
    expect(() => expect(status).toHaveServerTiming('db', { maxCount: 3 })).toThrow(/db states no count/)
    expect(() => expect(fakeResponse()).toHaveServerTiming('db')).toThrow(/\(no Server-Timing header\)/)
  })
})
