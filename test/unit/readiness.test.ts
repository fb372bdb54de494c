import { describe, expect, it } from 'vitest'
import { parseUtc, Readiness, type ReadinessBody, ReadinessJudged } from '../../examples/contract/schemas.ts'
import { judgeReadiness, readinessWarnings } from '../../src/assertions/readiness.ts'
import { fakeResponse } from './fake-response.ts'

const NOW = Date.parse('2026-11-22T12:00:00Z')

function payload(
  overrides: Partial<ReadinessBody['checks']> = {},
  status: ReadinessBody['status'] = 'ready',
): ReadinessBody {
  return {
    status,
    checks: {
      database: { status: 'up', latency_ms: 2 },
      cache: { status: 'up', hit_ratio: 0.9 },
      jobs: { status: 'ok', name: 'feed-refresh', last_success: '2026-11-22T11:58:00Z', interval_s: 300 },
      ...overrides,
    },
  }
}

/** The payload as the engine judges it: read by the contract's schema. */
const report = (...args: Parameters<typeof payload>) => ReadinessJudged.parse(payload(...args))
const options = { staleFactor: 2, schema: ReadinessJudged }

describe('judgeReadiness', () => {
  it('finds nothing wrong with a ready service', () => {
    expect(judgeReadiness(report(), 2, NOW)).toEqual({ problems: [], warnings: [] })
  })

  it('names a dependency that is down', () => {
    const verdict = judgeReadiness(
      report({ database: { status: 'down', latency_ms: 0 } }, 'not_ready'),
      2,
      NOW,
    )
    expect(verdict.problems).toEqual(['the database is down'])
  })

  it('names a stale job with its age, even when the service itself says ok', () => {
    const jobs = {
      status: 'ok' as const,
      name: 'feed-refresh',
      last_success: '2026-11-22T09:00:00',
      interval_s: 300,
    }
    expect(judgeReadiness(report({ jobs }), 2, NOW).problems).toEqual([
      'job feed-refresh is stale: last success 3.0 h ago, expected within 10 min (2 × its 300 s interval)',
    ])
  })

  it('says a job that never succeeded (last_success null) has never succeeded, whatever its status', () => {
    for (const status of ['ok', 'stale', 'failing'] as const) {
      const jobs = { status, name: 'feed-refresh', last_success: null, interval_s: 300 }
      expect(judgeReadiness(report({ jobs }, 'degraded'), 2, NOW).problems).toEqual([
        'job feed-refresh has never succeeded',
      ])
    }
    // The schema lets it through to this verdict instead of failing the check on its shape.
    const never = { jobs: { ...payload().checks.jobs, last_success: null } }
    expect(Readiness.safeParse(payload(never)).success).toBe(true)
  })

  it('warns on degraded instead of staying silent', () => {
    expect(judgeReadiness(report({}, 'degraded'), 2, NOW)).toEqual({
      problems: [],
      warnings: ['the service reports degraded with every dependency up'],
    })
  })

  it('reads naive timestamps as UTC whatever the local time zone, where Date.parse would not', () => {
    const zone = process.env.TZ
    process.env.TZ = 'America/New_York'
    try {
      expect(Date.parse('2026-11-22T12:00:00'), 'the trap parseUtc avoids').toBe(NOW + 5 * 3600_000)
      expect(parseUtc('2026-11-22T12:00:00')).toBe(NOW)
      expect(parseUtc('2026-11-22T12:00:00.250')).toBe(NOW + 250)
      expect(parseUtc('2026-11-22T13:00:00+01:00')).toBe(NOW)
      expect(parseUtc('2026-11-22T12:00:00Z')).toBe(NOW)
    } finally {
      if (zone === undefined) delete process.env.TZ
      else process.env.TZ = zone
    }
  })

  it('gives a check the warnings of a readiness answer, and none for an answer that is not one', () => {
    const fresh = { ...payload().checks.jobs, last_success: new Date().toISOString() }
    const degraded = fakeResponse({ body: payload({ jobs: fresh }, 'degraded') })
    expect(readinessWarnings(degraded, options)).toEqual([
      'the service reports degraded with every dependency up',
    ])
    const page = fakeResponse({ body: '<h1>Down</h1>', headers: { 'content-type': 'text/html' } })
    expect(readinessWarnings(page, options)).toEqual([])
  })
})
