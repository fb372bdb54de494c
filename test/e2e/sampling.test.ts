import { describe, expect, it } from 'vitest'
import { sampleMatchers } from '../../src/assertions/sample-matchers.ts'
import { demo } from '../support/demo.ts'
import { clientFor } from '../support/http-client.ts'

expect.extend(sampleMatchers)

describe('http.sample', () => {
  it('turns a partial outage (one request in five fails) into an error rate: red at 0 %, green at 25 %', async () => {
    const { service } = await demo('flaky', { flakyEvery: 5 })
    const sample = await clientFor(service.url).sample('/health', { n: 20, concurrency: 4 })
    expect(sample).toMatchObject({ n: 20, errors: 4, errorRate: 0.2, statuses: { '200': 16, '503': 4 } })
    expect(sample.failures).toEqual(['4× 503 Service Unavailable'])
    expect(sample).toHaveErrorRate({ max: 0.25 })
    expect(() => expect(sample).toHaveErrorRate({ max: 0 })).toThrow(
      /^expected GET \/health ×20 to fail at most 0 % of the time, 4 of 20 failed \(20 %\): 4× 503 Service Unavailable\n\nGET \/health, 20 requests, 4 at a time/,
    )
  })

  it('reports percentiles and fails a latency budget naming the percentile that broke it', async () => {
    const { service } = await demo('slow', { slowMs: 150 })
    const sample = await clientFor(service.url).sample('/health', { n: 8, concurrency: 4 })
    expect(sample.latency?.p50).toBeGreaterThanOrEqual(150)
    expect(sample).toHaveLatency({ max: 10_000 })
    expect(() => expect(sample).toHaveLatency({ p50: 5000, p95: 100 })).toThrow(
      /^expected GET \/health ×8 to keep p50 ≤ 5000 ms, p95 ≤ 100 ms, got p95 \d{3,} ms > 100 ms\n[\s\S]*\| all \| 8 \|/,
    )
  })

  it('tells cold (new connection) and warm (reused) requests apart', async () => {
    const { service } = await demo()
    const sample = await clientFor(service.url).sample('/health', { n: 20, concurrency: 2 })
    expect(sample.errors).toBe(0)
    expect(sample.cold?.count).toBeGreaterThanOrEqual(1)
    // undici may open one more while a connection is being released, never past the per-host cap.
    expect(sample.cold?.count).toBeLessThanOrEqual(6)
    expect(sample.warm?.count).toBeGreaterThanOrEqual(14)
    expect((sample.cold?.count ?? 0) + (sample.warm?.count ?? 0)).toBe(20)
  })

  it('refuses an error budget that is no fraction, and takes a percentage when asked for one', async () => {
    const { service } = await demo('500')
    const sample = await clientFor(service.url).sample('/health', { n: 4, concurrency: 2 })
    expect(sample.errorRate).toBe(1)
    // 25 meant 25 %: as a fraction it would let a total outage pass.
    expect(() => expect(sample).toHaveErrorRate({ max: 25 })).toThrow(
      /^toHaveErrorRate\(\{"max":25\}\): ✖ max is a fraction from 0 to 1 \(0\.25 for 25 %\); for a percentage pass \{ maxPercent \}/,
    )
    expect(() => expect(sample).toHaveErrorRate({ max: 0.5, maxPercent: 50 } as never)).toThrow(
      /expected \{ max \} as a fraction from 0 to 1, or \{ maxPercent \} from 0 to 100/,
    )
    expect(() => expect(sample).toHaveErrorRate({ maxPercent: 25 })).toThrow(
      /^expected GET \/health ×4 to fail at most 25 % of the time, 4 of 4 failed \(100 %\): 4× 500 Internal Server Error/,
    )
    expect(sample).toHaveErrorRate({ maxPercent: 100 })
    // A percentile the matcher does not know would otherwise be a budget nothing can break.
    expect(() => expect(sample).toHaveLatency({ p90: 100 } as never)).toThrow(/Unrecognized key: "p90"/)
  })

  it('refuses a sample of no requests, which would prove nothing', async () => {
    const { service } = await demo('none', { recordRequests: true })
    const http = clientFor(service.url)
    await expect(http.sample('/health', { n: 0 })).rejects.toThrow(
      /^http\.sample: ✖ n must be at least 1: no requests prove nothing\n {2}→ at n$/,
    )
    await expect(http.sample('/health', { concurrency: 0 })).rejects.toThrow(/→ at concurrency/)
    expect(service.requests).toHaveLength(0)
  })

  it('stops sampling a hanging service after a few timeouts in a row, and says so', async () => {
    const { service } = await demo('hang')
    const http = clientFor(service.url, { SMOKE_HEADERS_TIMEOUT_MS: '200' })
    const sample = await http.sample('/health', { n: 20, concurrency: 4 })
    expect(sample.n).toBeLessThan(20)
    expect(sample.errors).toBe(sample.n)
    expect(sample.stoppedEarly).toBe(
      `stopped early after 3 timeouts in a row, with ${sample.n} of 20 requests sent`,
    )
    expect(() => expect(sample).toHaveErrorRate({ max: 0 })).toThrow(
      new RegExp(
        `^expected GET /health ×${sample.n} to fail at most 0 % of the time, ${sample.n} of ${sample.n} failed \\(100 %\\): ${sample.n}× .*sent no response headers within 200 ms \\(SMOKE_HEADERS_TIMEOUT_MS\\) \\[UND_ERR_HEADERS_TIMEOUT\\]; stopped early after 3 timeouts in a row, with ${sample.n} of 20 requests sent\n`,
      ),
    )
    expect(() => expect(sample).toHaveLatency({ p95: 100 })).toThrow(
      /got no answers at all; stopped early after 3 timeouts/,
    )
  })

  it('never retries a sample, so a blip counts', async () => {
    const { service } = await demo('flaky', { flakyEvery: 2, recordRequests: true })
    const sample = await clientFor(service.url).sample('/version', { n: 4, concurrency: 1 })
    expect(sample.errors).toBe(2)
    expect(service.requests).toHaveLength(4)
  })
})
