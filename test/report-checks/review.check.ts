// One check of each kind the reviewer's report must show: a failure with its evidence, a pass
// that needed a retry, a skip with its reason, a latency sample. The demo's flaky mode, as the
// test sets it, answers every fifth request to a route with a 503.
import { check, expect } from 'smokecheck'

check('liveness answers every time', { tags: ['critical'] }, async ({ http }) => {
  for (let i = 0; i < 5; i++) expect(await http.get('/health')).toHaveStatus(200)
})

check('an unknown post is a 404', { tags: ['api'] }, async ({ http }) => {
  expect(await http.get('/api/posts/no-such-post')).toHaveStatus(200)
})

check('a post can be created', { tags: ['api'] }, async ({ config, skip }) => {
  skip(!config.allowMutations, 'creating posts changes data, and SMOKE_ALLOW_MUTATIONS is off here')
})

check('the post listing stays fast over 6 requests', { tags: ['api'] }, async ({ http, config }) => {
  const sample = await http.sample('/api/posts', { query: { limit: 2 }, n: 6, concurrency: 2 })
  expect(sample).toHaveLatency({ p95: config.latencyBudgetMs })
})
