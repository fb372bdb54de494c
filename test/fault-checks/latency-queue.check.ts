// A service that answers every request in 900 ms, sampled with more requests in flight than the
// connection cap allows (test/e2e/latency-queue.test.ts): the wait for a free connection is ours,
// so the latency budget judges the 900 ms alone, under every sampling setting.
import { check, expect } from 'smokecheck'

for (const concurrency of [1, 4, 10]) {
  check(`a 900 ms service keeps a 1500 ms p95 with ${concurrency} in flight`, async ({ http }) => {
    const sample = await http.sample('/slow', { n: 6, concurrency, json: false })
    expect(sample).toHaveErrorRate({ max: 0 })
    expect(sample).toHaveLatency({ p95: 1500 })
  })
}
