import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { shapeOf } from '../../src/http/shape.ts'
import { compareRuns, describeChanges, SLOWER_MIN_MS } from '../../src/reporting/changes.ts'
import type { CheckRecord } from '../../src/reporting/check-record.ts'
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
  }
}

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
    const changes = compareRuns(a, a)
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
    expect(describeChanges(compareRuns(before, now))).toEqual([
      'version: 1.8.3 (aaaaaaa) → 1.9.0 (bbbbbbb)',
      'newly failing: health (GET /health failed: connection refused)',
      'passing again: posts',
    ])
  })

  it('names no version change when one of the runs did not ask /version', () => {
    const asked = run([check('version')])
    const filtered = { ...run([check('version')]), version: null }
    expect(compareRuns(filtered, asked).version).toBeNull()
    expect(compareRuns(asked, filtered).version).toBeNull()
  })

  it(`counts a request as slower only at ${1.5}× and ${SLOWER_MIN_MS} ms more`, () => {
    const before = run([
      check('a', { exchanges: [exchange('/fast', 10), exchange('/mid', 200), exchange('/slow', 200)] }),
    ])
    const now = run([
      // 4× but only 30 ms more: jitter on a fast endpoint. 1.4× and 80 ms more: within the factor.
      check('a', { exchanges: [exchange('/fast', 40), exchange('/mid', 280), exchange('/slow', 400)] }),
    ])
    expect(compareRuns(before, now).slower).toEqual([{ request: 'GET /slow', beforeMs: 200, nowMs: 400 }])
  })

  it('reports the paths a JSON body lost or gained', () => {
    const before = run([
      check('a', { exchanges: [exchange('/api/posts', 5, { count: 1, items: [{ slug: 's' }] })] }),
    ])
    const now = run([
      check('a', { exchanges: [exchange('/api/posts', 5, { count: '1', items: [{ slug: 's' }] })] }),
    ])
    expect(describeChanges(compareRuns(before, now))).toEqual([
      'response shape of GET /api/posts: no longer has count: number; now has count: string',
    ])
  })

  it('lists a few added or missing checks, then how many more', () => {
    const before = run(Array.from({ length: 8 }, (_, i) => check(`old ${i}`)))
    const lines = describeChanges(compareRuns(before, run([check('new')])))
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
