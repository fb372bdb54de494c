// One request judged against its baseline (issue 18) with fixed samples: significant and past
// both floors is worse or better, significant past one floor is marginal, anything else unchanged.
import { describe, expect, it } from 'vitest'
import { judgeRequest } from '../../src/reporting/request-verdict.ts'

const FLOORS = { alpha: 0.01, minRatio: 1.25, minShiftMs: 25 }
/** n latencies around `center`, spread evenly over ±spread: no randomness, no ties. */
const around = (center: number, n: number, spread = 0.1) =>
  Array.from({ length: n }, (_, i) => center * (1 - spread + (2 * spread * i) / (n - 1)) + i / 1000)
const ok = (latencies: number[]) => ({ latencies, errors: 0, n: latencies.length })

describe('judgeRequest', () => {
  it('calls a doubled median over 40 against 200 worse, in the sentence a reviewer reads', () => {
    const judged = judgeRequest('GET /api/posts', ok(around(38, 200)), ok(around(76, 40)), FLOORS)
    expect(judged.verdict).toBe('worse')
    expect(judged.reason).toMatch(
      /^GET \/api\/posts got slower: p50 38 → 76 ms, p95 42 → 83 ms, significant \(p < 0\.001, n = 40 vs 200\)$/,
    )
  })

  it('calls the same distribution unchanged', () => {
    expect(judgeRequest('GET /a', ok(around(38, 200)), ok(around(38, 40)), FLOORS).verdict).toBe('unchanged')
  })

  it('calls a significant shift short of one floor marginal: 12 ms more on 40 ms is 1.3× but not 25 ms', () => {
    const judged = judgeRequest('GET /a', ok(around(40, 100, 0.02)), ok(around(52, 100, 0.02)), FLOORS)
    expect(judged.verdict).toBe('marginal')
    expect(judged.reason).toContain('may have got slower')
    expect(judged.reason).toMatch(/but only 1\d ms more \(floor 25 ms\)$/)
  })

  it('calls a significant shift short of both floors unchanged: 5 % slower is noise that does not matter', () => {
    const judged = judgeRequest('GET /a', ok(around(100, 200, 0.01)), ok(around(105, 200, 0.01)), FLOORS)
    expect(judged.latency?.p).toBeLessThan(0.001)
    expect(judged.verdict).toBe('unchanged')
    expect(judged.reason).toContain('short of the floor')
  })

  it('calls a large shift that is not significant unchanged: 3 looks against 3 prove nothing', () => {
    const judged = judgeRequest('GET /a', ok([10, 11, 12]), ok([300, 310, 320]), FLOORS)
    expect(judged.latency?.p).toBeCloseTo(0.1, 6)
    expect(judged.verdict).toBe('unchanged')
  })

  it('calls a halved median better', () => {
    expect(judgeRequest('GET /a', ok(around(200, 50)), ok(around(100, 50)), FLOORS).verdict).toBe('better')
  })

  it('calls 5 % failures against none worse, with Fisher exact evidence, however the latency went', () => {
    const before = ok(around(50, 500))
    const now = { latencies: around(40, 95), errors: 5, n: 100 }
    const judged = judgeRequest('GET /a', before, now, FLOORS)
    expect(judged.errors).toMatchObject({ verdict: 'worse' })
    expect(judged.errors?.p).toBeLessThan(0.001)
    expect(judged.verdict).toBe('worse')
    expect(judged.reason).toMatch(
      /^GET \/a fails more often: 5 of 100 \(5\.0 %\) against 0 of 500 \(0\.0 %\), significant \(p < 0\.001\)/,
    )
  })

  it('judges no latency when one side has no answer', () => {
    const judged = judgeRequest('GET /a', ok([]), ok([5]), FLOORS)
    expect(judged).toMatchObject({ verdict: 'unchanged', latency: null })
  })
})
