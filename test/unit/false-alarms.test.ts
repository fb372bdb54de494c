// Issue 18's "Done when", in simulation: runs of a service whose latency distribution is set on
// purpose (the same, +5 % jitter, ×2 slower, 5 % more errors), each judged against the pooled
// samples of the 5 runs before it, with the default floors. A seeded generator makes every run of
// this test see the same numbers: the rates below are measured, not hoped for.
import { describe, expect, it } from 'vitest'
import { judgeRequest, type Observations } from '../../src/reporting/request-verdict.ts'

const FLOORS = { alpha: 0.01, minRatio: 1.25, minShiftMs: 25 }
const RUNS = 500
const BASELINE_RUNS = 5
const N = 20

/** mulberry32: a small seeded generator, uniform on [0, 1). */
function generator(seed: number) {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Latencies as services have them: log-normal around a 40 ms median, a long right tail. */
function service(seed: number, change: { factor?: number; jitter?: number; errorRate?: number } = {}) {
  const random = generator(seed)
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
  return (n: number): Observations => {
    const latencies: number[] = []
    let errors = 0
    for (let i = 0; i < n; i += 1) {
      if (random() < (change.errorRate ?? 0)) errors += 1
      else
        latencies.push(
          40 * Math.exp(0.3 * normal()) * (change.factor ?? 1) * (1 + (change.jitter ?? 0) * random()),
        )
    }
    return { latencies, errors, n }
  }
}

/** The share of RUNS simulated runs of `now` that got each verdict against BASELINE_RUNS healthy runs. */
function verdicts(now: (n: number) => Observations, n = N, seed = 1): Record<string, number> {
  const healthy = service(seed)
  const counts: Record<string, number> = { unchanged: 0, better: 0, marginal: 0, worse: 0 }
  for (let run = 0; run < RUNS; run += 1) {
    const runs = Array.from({ length: BASELINE_RUNS }, () => healthy(n))
    const baseline = {
      latencies: runs.flatMap((r) => r.latencies),
      errors: runs.reduce((sum, r) => sum + r.errors, 0),
      n: runs.reduce((sum, r) => sum + r.n, 0),
    }
    const verdict = judgeRequest('GET /api/posts', baseline, now(n), FLOORS).verdict
    counts[verdict] = (counts[verdict] ?? 0) + 1
  }
  return Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v / RUNS]))
}

describe(`${RUNS} simulated runs of ${N} requests against the ${BASELINE_RUNS} runs before`, () => {
  it('raises a false alarm (anything but unchanged) on the same service in under 2 % of runs', () => {
    const same = verdicts(service(2))
    expect(same.unchanged).toBeGreaterThan(0.98)
  })

  it('calls +5 % jitter unchanged in over 98 % of runs', () => {
    expect(verdicts(service(3, { jitter: 0.05 })).unchanged).toBeGreaterThan(0.98)
  })

  it('calls twice as slow worse in over 95 % of runs, and flags it in every run', () => {
    // The rest are marginal: a median of 20 log-normal times strays by a few tens of percent.
    const rates = verdicts(service(4, { factor: 2 }))
    expect(rates.worse).toBeGreaterThan(0.95)
    expect(rates.unchanged).toBe(0)
  })

  it('calls 5 % more errors worse in most runs of 100 requests, never better', () => {
    const rates = verdicts(service(5, { errorRate: 0.05 }), 100)
    expect(rates.worse).toBeGreaterThan(0.8)
    expect(rates.better).toBe(0)
  })
})
