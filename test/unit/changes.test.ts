import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { shapeOf } from '../../src/http/shape.ts'
import { compareRuns, describeChanges, judgeRequests } from '../../src/reporting/changes.ts'
import type { CheckRecord } from '../../src/reporting/check-record.ts'
import { observationsOf } from '../../src/reporting/observations.ts'
import { type RunRecord, readBaseline } from '../../src/reporting/run-record.ts'
import { tempFolder } from '../support/temp-folder.ts'
import { fakeResponse } from './fake-response.ts'

const COMMIT_A = 'a'.repeat(40)
const COMMIT_B = 'b'.repeat(40)

function check(id: string, fields: Partial<CheckRecord> = {}): CheckRecord {
  return {
    id,
    file: 'checks/x.check.ts',
    name: id,
    tags: [],
    state: 'passed',
    durationMs: 5,
    errors: [],
    warnings: [],
    exchanges: [],
    samples: [],
    ...fields,
  }
}

function exchange(path: string, totalMs: number, body: unknown = { ok: true }) {
  const e = fakeResponse({ url: `http://127.0.0.1:8000${path}`, totalMs, body }).exchange
  return { ...e, shape: shapeOf(body) }
}

function run(checks: CheckRecord[], version = '1.8.3', commit = COMMIT_A): RunRecord {
  return {
    format: 'smokecheck-run/2',
    verdict: 'passed',
    problems: [],
    causes: [],
    selection: { partial: false, key: 'full', description: 'the whole suite' },
    environment: 'staging',
    baseUrl: 'https://staging.example.com',
    startedAt: new Date(0).toISOString(),
    durationMs: 100,
    version: { version, commit },
    rolloutProblem: null,
    totals: { passed: 0, failed: 0, skipped: 0 },
    checks,
    changes: null,
    canary: null,
    deployment: null,
  }
}

const FLOORS = { alpha: 0.01, minRatio: 1.25, minShiftMs: 25 }
/** Requests judged against the one earlier run, as with SMOKE_BASELINE. */
const compare = (before: RunRecord, now: RunRecord) =>
  compareRuns(before, now, {
    description: 'the earlier run',
    requests: judgeRequests(observationsOf(before), observationsOf(now), FLOORS),
  })

describe('shapeOf', () => {
  it('lists paths and types, not values, with array elements under one path', () => {
    expect(
      shapeOf({
        count: 2,
        items: [
          { slug: 'a', tags: ['x'] },
          { slug: 'b', tags: [] },
        ],
        next: null,
      }),
    ).toEqual([
      '(root): object',
      'count: number',
      'items: array',
      'items[]: object',
      'items[].slug: string',
      'items[].tags: array',
      'items[].tags[]: string',
      'next: null',
    ])
  })
})

describe('compareRuns', () => {
  it('finds nothing between two runs that saw the same', () => {
    const a = run([check('health', { exchanges: [exchange('/health', 5)] })])
    const changes = compare(a, a)
    expect(describeChanges(changes)).toEqual([])
  })

  it('names checks that started failing or recovered, and the version change', () => {
    const before = run([check('health'), check('posts', { state: 'failed', errors: ['was broken'] })])
    const now = run(
      [
        check('health', { state: 'failed', errors: ['GET /health failed: connection refused'] }),
        check('posts'),
      ],
      '1.9.0',
      COMMIT_B,
    )
    expect(describeChanges(compare(before, now))).toEqual([
      'version: 1.8.3 (aaaaaaa) → 1.9.0 (bbbbbbb)',
      'newly failing: health (GET /health failed: connection refused)',
      'passing again: posts',
    ])
  })

  it('names no version change when one of the runs did not ask /version', () => {
    const asked = run([check('version')])
    const filtered = { ...run([check('version')]), version: null }
    expect(compare(filtered, asked).version).toBeNull()
    expect(compare(asked, filtered).version).toBeNull()
  })

  it('judges no request by one look on each side: the bad_schema run of issue 18 is unchanged', () => {
    // Measured on the demo's bad_schema fault, which changes no latency: one request each, 13 ms
    // then 393 ms (a cold connection), was reported as "slower … (31.1×)".
    const before = run([
      check('v', { exchanges: [exchange('/version', 13), exchange('/api/posts?limit=5', 60)] }),
    ])
    const now = run([
      check('v', { exchanges: [exchange('/version', 393), exchange('/api/posts?limit=5', 215)] }),
    ])
    const changes = compare(before, now)
    expect(changes.requests.map((r) => [r.request, r.verdict])).toEqual([
      ['GET /version', 'unchanged'],
      ['GET /api/posts?limit=5', 'unchanged'],
    ])
    expect(changes.requests[0]?.reason).toBe(
      'GET /version unchanged: p50 13 → 393 ms, p95 13 → 393 ms (p = 1.000, n = 1 vs 1, not significant)',
    )
    expect(describeChanges(changes)).toEqual([])
  })

  it('names a sampled request that got slower, with its figures and evidence', () => {
    const sample = (latencies: number[], errors = 0) => ({
      method: 'GET',
      path: '/api/posts',
      n: latencies.length + errors,
      concurrency: 4,
      errors,
      errorRate: errors / (latencies.length + errors),
      statuses: { '200': latencies.length },
      latency: null,
      cold: null,
      warm: null,
      failures: [],
      latencies,
    })
    const steady = Array.from({ length: 40 }, (_, i) => 36 + (i % 7))
    const slow = steady.map((ms) => ms * 2)
    const before = run([check('s', { samples: [sample(steady)] })])
    const changes = compare(before, run([check('s', { samples: [sample(slow)] })]))
    expect(describeChanges(changes)).toEqual([
      'GET /api/posts got slower: p50 39 → 78 ms, p95 42 → 84 ms, significant (p < 0.001, n = 40 vs 40)',
    ])
    expect(changes.requests[0]).toMatchObject({
      verdict: 'worse',
      latency: { verdict: 'worse', shiftMs: 39 },
    })
  })

  it('reports the paths a JSON body lost or gained', () => {
    const before = run([
      check('a', { exchanges: [exchange('/api/posts', 5, { count: 1, items: [{ slug: 's' }] })] }),
    ])
    const now = run([
      check('a', { exchanges: [exchange('/api/posts', 5, { count: '1', items: [{ slug: 's' }] })] }),
    ])
    expect(describeChanges(compare(before, now))).toEqual([
      'response shape of GET /api/posts: changed type: count number → string',
    ])
  })

  it('reports no shape change when a map keyed by data gains or loses keys, and a removed field when one goes', () => {
    const statuses = (counts: Record<string, number>, extra: Record<string, unknown> = {}) =>
      run([check('a', { exchanges: [exchange('/stats', 5, { statuses: counts, ...extra })] })])
    const before = statuses({ '200': 7, '404': 1 }, { total: 8 })
    expect(describeChanges(compare(before, statuses({ '200': 9 }, { total: 9 })))).toEqual([])
    expect(describeChanges(compare(before, statuses({}, { total: 0 })))).toEqual([])
    const lost = compare(before, statuses({ '200': 7, '500': 2 }))
    expect(lost.shape).toEqual([
      { request: 'GET /stats', added: [], removed: ['total: number'], retyped: [], change: true },
    ])
    const gained = compare(before, statuses({ '200': 7 }, { total: 7, cached: true }))
    expect(describeChanges(gained)).toEqual([
      'response shape of GET /stats: now has cached: boolean (new fields only: informational)',
    ])
  })

  it('lists a few added or missing checks, then how many more', () => {
    const before = run(Array.from({ length: 8 }, (_, i) => check(`old ${i}`)))
    const lines = describeChanges(compare(before, run([check('new')])))
    expect(lines).toEqual([
      'new check: new',
      ...Array.from({ length: 5 }, (_, i) => `not run this time: old ${i}`),
      'not run this time: and 3 more',
    ])
  })
})

describe('readBaseline', () => {
  const dir = tempFolder('baseline')
  const file = (name: string, content: string) => {
    const path = join(dir, name)
    writeFileSync(path, content)
    return path
  }

  it('reads a run of the same environment', () => {
    const path = file('ok.json', JSON.stringify(run([check('a')])))
    expect(readBaseline(path, 'staging', true)).toMatchObject({ run: { environment: 'staging' } })
  })

  it.each([
    [
      'a missing file',
      join(dir, 'nope.json'),
      `no earlier run at ${join(dir, 'nope.json')} (SMOKE_BASELINE)`,
    ],
    ['a file that is not JSON', file('bad.json', '{oops'), 'is not JSON'],
    ['JSON that is no run record', file('other.json', '{"format":"x"}'), 'is not a smokecheck-run/2 record'],
    [
      'a run of another environment',
      file('prod.json', JSON.stringify({ ...run([]), environment: 'production' })),
      'is a run of production, not of staging',
    ],
  ])('says why %s is no baseline, naming the setting and the file', (_, path, reason) => {
    const baseline = readBaseline(path, 'staging', true)
    expect(baseline.run).toBeUndefined()
    expect(baseline.note).toContain(reason)
    expect(baseline.note).toContain(path)
    expect(baseline.note).toContain('SMOKE_BASELINE')
  })
})
