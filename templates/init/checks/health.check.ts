// One concern a file. `check` is Vitest's `test` with smokecheck's fixtures (`http` bound to
// SMOKE_BASE_URL, `config`); `expect` has the response matchers.
import { check, expect } from 'smokecheck'

check('liveness: GET /health answers 2xx', { tags: ['critical'] }, async ({ http, config }) => {
  const res = await http.get('/health')
  expect(res).toBeOK()
  expect(res).toRespondWithin(config.latencyBudgetMs)
})
