// region: admin
import { check, expect } from 'smokecheck'
import { AdminStats } from '../fixtures/schemas'

check('admin stats refuse anonymous callers', { tags: ['critical', 'auth'] }, async ({ http }) => {
  const res = await http.get('/admin/stats')
  expect(res).toHaveStatus(401)
  expect(res).toHaveHeader('www-authenticate', /^Bearer/i)
})

check('admin stats refuse a wrong token', { tags: ['critical', 'auth'] }, async ({ http }) => {
  const res = await http.get('/admin/stats', { headers: { authorization: 'Bearer not-the-right-token' } })
  expect(res).toHaveStatus(401)
  expect(res).toHaveHeader('www-authenticate', /^Bearer/i)
})

check('admin stats accept the right token', { tags: ['auth'] }, async ({ http, config, skip }) => {
  if (!config.token) skip('SMOKE_TOKEN is not set for this environment')
  const res = await http.get('/admin/stats', { auth: true })
  expect(res).toHaveStatus(200)
  expect(res).toMatchSchema(AdminStats)
})
// endregion: admin
