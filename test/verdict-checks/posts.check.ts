// The verdict suite's second file: a full run has it, a run of healthy.check.ts alone does not.
import { check, expect } from 'smokecheck'

check('the post listing answers', async ({ http }) => {
  expect(await http.get('/api/posts', { query: { limit: 2 } })).toHaveStatus(200)
})
