// The request the comparison judges: sampled, so that there is evidence to judge. Its failures
// are the comparison's to weigh (Fisher's exact test on the counts), not this check's.
import { check, expect } from 'smokecheck'

check('the work endpoint, sampled', async ({ http }) => {
  const sample = await http.sample('/work', { n: 100, concurrency: 8 })
  expect(sample.n).toBe(100)
})
