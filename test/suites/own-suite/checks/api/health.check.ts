import { check, expect } from 'smokecheck'
import { BuildInfo } from '../../fixtures/schemas'

check('the API is alive', { tags: ['critical'] }, async ({ http }) => {
  const res = await http.get('/healthz')
  expect(res).toBeOK()
  expect(res.text).toBe('ok')
})

check('the API names its build', async ({ http, config }) => {
  const res = await http.get('/api/build')
  expect(res).toMatchSchema(BuildInfo)
  if (config.expectedVersion)
    expect(res).toServeVersion({ version: config.expectedVersion }, config.versionSource)
})
