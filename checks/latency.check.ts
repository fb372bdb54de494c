// region: latency
import { check, expect } from 'smokecheck'

// One sample says little about a service's speed: 20 requests, 4 at a time, give percentiles,
// and an error budget of zero turns a partial outage into a red check.
check(
  'the post listing stays fast and error-free over 20 requests',
  { tags: ['latency', 'api'] },
  async ({ http, config }) => {
    const sample = await http.sample('/api/posts', { query: { limit: 10 }, n: 20, concurrency: 4 })
    expect(sample).toHaveErrorRate({ max: 0 })
    expect(sample).toHaveLatency({ p95: config.latencyBudgetMs })
  },
)
// endregion: latency
