// Healthy checks of the verdict suite (test/suites/verdict.config.ts): what a run has besides
// the file that goes wrong.
import { check, expect } from 'smokecheck'

check('liveness answers', { tags: ['critical'] }, async ({ http }) => {
  expect(await http.get('/health')).toHaveStatus(200)
})

check('the version answers', { tags: ['rollout'] }, async ({ http }) => {
  expect(await http.get('/version')).toHaveStatus(200)
})
