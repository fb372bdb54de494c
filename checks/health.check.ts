// region: liveness
import { check, expect } from 'smokecheck'
import { Health } from '../fixtures/schemas'

check('liveness answers ok', { tags: ['critical'] }, async ({ http, config }) => {
  const res = await http.get('/health')
  expect(res).toHaveStatus(200)
  expect(res).toMatchSchema(Health)
  expect(res).toRespondWithin(config.latencyBudgetMs)
})
// endregion: liveness
