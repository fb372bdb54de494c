import { check, expect } from 'smokecheck'
import { SiteStatus } from '../../fixtures/schemas'

check('the site reports its status, JSON served as text/plain', { tags: ['critical'] }, async ({ http }) => {
  const res = await http.get('/status')
  expect(res).toHaveHeader('content-type', /^text\/plain/)
  expect(res.parse(SiteStatus, { anyContentType: true }).healthy).toBe(true)
})

check('the home page names its release', async ({ http, config }) => {
  const res = await http.get('/')
  expect(res).toHaveStatus(200)
  expect(res).toServeVersion({ version: config.expectedVersion ?? '5.1.0' }, config.versionSource)
})
