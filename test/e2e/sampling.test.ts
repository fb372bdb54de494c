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

  it('never retries a sample, so a blip counts', async () => {
    const { service } = await demo('flaky', { flakyEvery: 2, recordRequests: true })
    const sample = await clientFor(service.url).sample('/version', { n: 4, concurrency: 1 })
    expect(sample.errors).toBe(2)
    expect(service.requests).toHaveLength(4)
  })
})
