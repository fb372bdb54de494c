import { describe, expect, it } from 'vitest'
import { cacheSignals } from '../../src/signals/cache.ts'
import { parseCacheStatus } from '../../src/signals/cache-status.ts'
import { parseParamList } from '../../src/signals/param-list.ts'
import { parseServerTiming, totalOf } from '../../src/signals/server-timing.ts'
import { describeServerSignals } from '../../src/signals/summary.ts'

describe('the parameter list reader', () => {
  it('keeps commas and semicolons inside quoted strings, and unescapes them', () => {
    expect(parseParamList('a;desc="x, y; z", b;desc="say \\"hi\\"";dur=2')).toEqual([
      { value: 'a', params: [['desc', 'x, y; z']] },
      {
        value: 'b',
        params: [
          ['desc', 'say "hi"'],
          ['dur', '2'],
        ],
      },
    ])
  })

  it('tolerates spaces, bare keys, empty members and an unterminated quote', () => {
    expect(parseParamList(' a ; hit ;  ttl = 5 ,, b;desc="open')).toEqual([
      {
        value: 'a',
        params: [
          ['hit', true],
          ['ttl', '5'],
        ],
      },
      { value: 'b', params: [['desc', 'open']] },
    ])
    expect(parseParamList('')).toEqual([])
    expect(parseParamList(undefined)).toEqual([])
  })
})

describe('Server-Timing', () => {
  it('reads the demo header: duration, description and the count it states', () => {
    const timing = parseServerTiming('db;dur=1.2;desc="2 queries", cache;desc=miss')
    expect(timing.entries).toEqual([
      { name: 'db', dur: 1.2, desc: '2 queries', count: 2 },
      { name: 'cache', desc: 'miss' },
    ])
    expect(timing.get('DB')?.dur).toBe(1.2)
    expect(timing.get('app')).toBeUndefined()
  })

  it('reads several headers joined by commas, a metric without dur, and quoted commas in desc', () => {
    const joined = ['edge;dur=0.4', 'db;desc="users, posts";dur=3', 'render'].join(', ')
    const timing = parseServerTiming(joined)
    expect(timing.entries.map((e) => e.name)).toEqual(['edge', 'db', 'render'])
    expect(timing.get('db')).toEqual({ name: 'db', dur: 3, desc: 'users, posts' })
    expect(timing.get('render')).toEqual({ name: 'render' })
  })

  it('ignores unknown params and keeps the first of repeated ones', () => {
    const timing = parseServerTiming('db;foo=bar;dur=5;dur=9;x;desc=first;desc=second')
    expect(timing.get('db')).toEqual({ name: 'db', dur: 5, desc: 'first' })
  })

  it('drops a duration that is no number', () => {
    expect(parseServerTiming('db;dur=fast').get('db')).toEqual({ name: 'db' })
  })

  it('reads a count from a count parameter or a number with a count noun, and from nothing else', () => {
    const countOf = (field: string) => parseServerTiming(field).get('db')?.count
    expect(countOf('db;dur=3;count=4')).toBe(4)
    // The parameter is what the service meant; the description is prose.
    expect(countOf('db;count=1;desc="5 queries"')).toBe(1)
    expect(countOf('db;count=many;desc="5 queries"')).toBeUndefined()
    for (const [desc, count] of [
      ['2 queries', 2],
      ['1 query', 1],
      ['3 calls', 3],
      ['1 call', 1],
      ['7 requests', 7],
      ['users: 4 statements', 4],
      ['0 queries', 0],
    ] as const) {
      expect(countOf(`db;desc="${desc}"`), desc).toBe(count)
    }
    for (const desc of [
      '200 OK',
      '2 min',
      '10 % hit',
      '2024-05-01',
      '5 ms',
      '12',
      '1.5 queries',
      '2 requests/s',
    ]) {
      expect(countOf(`db;desc="${desc}"`), desc).toBeUndefined()
    }
  })

  it('keeps a quoted stretch inside an unquoted value whole, commas and all', () => {
    const timing = parseServerTiming('db;dur=1;desc=say "a, b", cache;desc=hit')
    expect(timing.entries).toEqual([
      { name: 'db', dur: 1, desc: 'say "a, b"' },
      { name: 'cache', desc: 'hit' },
    ])
    expect(parseServerTiming('db;desc=a"b;c";dur=2').entries).toEqual([
      { name: 'db', desc: 'a"b;c"', dur: 2 },
    ])
    // A quote that never closes is a character like any other.
    expect(parseServerTiming('db;desc=it"s, cache;desc=hit').entries.map((e) => e.name)).toEqual([
      'db',
      'cache',
    ])
  })

  it('totals repeated metrics: durations add up, each one is a call unless counts are stated', () => {
    const perCall = parseServerTiming('db;dur=1, db;dur=2.5, db;dur=0.5')
    expect(totalOf(perCall, 'db')).toMatchObject({ dur: 4, count: 3 })
    const stated = parseServerTiming('db;dur=1;desc="2 queries", db;dur=2;desc="3 queries"')
    expect(totalOf(stated, 'db')).toMatchObject({ dur: 3, count: 5 })
    // One metric that states no count says nothing about calls.
    expect(totalOf(parseServerTiming('db;dur=1'), 'db').count).toBeUndefined()
    // Among repeated ones, each that states none is one call.
    const mixed = parseServerTiming('db;dur=1;desc="3 queries", db;dur=2, db;dur=1;count=2')
    expect(totalOf(mixed, 'db')).toMatchObject({ dur: 4, count: 6 })
    expect(totalOf(parseServerTiming('db;desc=x, db;dur=2'), 'db').dur).toBeUndefined()
  })
})

describe('Cache-Status and the cache verdict', () => {
  it('parses RFC 9211 members with structured-field parameters', () => {
    expect(
      parseCacheStatus(
        'OriginCache; hit; ttl=1100, "CDN Company Here"; fwd=uri-miss; fwd-status=200; stored',
      ),
    ).toEqual([
      { cache: 'OriginCache', hit: true, ttl: 1100, stored: false, collapsed: false },
      {
        cache: 'CDN Company Here',
        hit: false,
        fwd: 'uri-miss',
        fwdStatus: 200,
        stored: true,
        collapsed: false,
      },
    ])
    expect(parseCacheStatus('c; hit=?0; stored=?1; key="/a, b"; detail=x; unknown=1')).toEqual([
      { cache: 'c', hit: false, stored: true, collapsed: false, key: '/a, b', detail: 'x' },
    ])
  })

  it('calls it a hit when any cache answered, a miss when caches went forward', () => {
    const origin = cacheSignals({ 'cache-status': 'OriginCache; hit; ttl=1100, CDN; fwd=uri-miss' })
    expect(origin).toMatchObject({ hit: true, source: 'cache-status', ttl: 1100 })
    expect(cacheSignals({ 'cache-status': 'demo-cache; fwd=miss; stored' })).toMatchObject({
      hit: false,
      source: 'cache-status',
    })
  })

  it('falls back to X-Cache, in its common spellings, and reads Age', () => {
    for (const value of ['HIT', 'TCP_HIT', 'Hit from cloudfront', 'MISS, HIT']) {
      expect(cacheSignals({ 'x-cache': value }).hit, value).toBe(true)
    }
    expect(cacheSignals({ 'x-cache': 'Miss from cloudfront', age: '0' })).toMatchObject({
      hit: false,
      source: 'x-cache',
      age: 0,
    })
    // Words that merely contain the letters are no verdict.
    expect(cacheSignals({ 'x-cache': 'WHITELISTED' }).hit).toBeUndefined()
  })

  it('prefers Cache-Status, and says nothing when no header decides', () => {
    const both = cacheSignals({ 'cache-status': 'edge; hit', 'x-cache': 'MISS' })
    expect(both).toMatchObject({ hit: true, source: 'cache-status' })
    const none = cacheSignals({ age: '12', 'cache-status': 'edge; detail=weird' })
    expect(none.hit).toBeUndefined()
    expect(none.source).toBeUndefined()
    expect(none.age).toBe(12)
  })
})

describe('the one-line summary', () => {
  it('renders the demo miss and hit', () => {
    expect(
      describeServerSignals({
        'server-timing': 'db;dur=1.2;desc="2 queries", cache;desc=miss',
        'cache-status': 'demo-cache; fwd=miss; stored',
        'x-cache': 'MISS',
      }),
    ).toBe('server: db 1.2 ms (2 queries), cache miss; Cache-Status: miss at demo-cache, stored')
    expect(
      describeServerSignals({
        'server-timing': 'db;dur=0;desc="0 queries", cache;desc=hit',
        'cache-status': 'demo-cache; hit; ttl=57',
        age: '3',
      }),
    ).toBe('server: db 0 ms (0 queries), cache hit; Cache-Status: hit at demo-cache, ttl 57 s, age 3 s')
  })

  it('shows X-Cache or Age alone, and nothing when the response carries no signal', () => {
    expect(describeServerSignals({ 'x-cache': 'HIT', age: '5' })).toBe('X-Cache: hit, age 5 s')
    expect(describeServerSignals({ age: '5' })).toBe('Age: 5 s')
    expect(describeServerSignals({ 'content-type': 'application/json' })).toBeUndefined()
  })
})
