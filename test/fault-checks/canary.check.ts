// Checks that test/e2e/canary.test.ts runs with a canary SMOKE_TOKEN: each one puts the
// secret somewhere it could leak from. The test then searches every output for it.
import { z } from 'zod'
import { check, expect } from '../../fixtures'

check('the token is echoed back in a body and diffed', async ({ http }) => {
  const res = await http.get('/echo', { auth: true })
  expect(res.body).toEqual({ ok: true, authorization: null })
})

check('the token is echoed back and fails a schema', async ({ http }) => {
  const res = await http.get('/echo', { auth: true })
  expect(res).toMatchSchema(z.object({ authorization: z.null() }))
})

check('the token travels in a query parameter and a cookie', async ({ http, config }) => {
  const res = await http.get('/hang', {
    query: { access_token: config.token },
    headers: { cookie: `session=${config.token}` },
    timeoutMs: 300,
  })
  expect(res).toHaveStatus(200)
})

check('the token comes back in a Set-Cookie header', async ({ http }) => {
  const res = await http.get('/session', { auth: true })
  expect(res).toHaveHeader('set-cookie', /^nothing$/)
})

check('a check logs, annotates and throws the token', async ({ config, annotate }) => {
  console.log(`debugging with ${config.token}`)
  await annotate(`token in use: ${config.token}`, 'notice')
  throw new Error(`gave up with ${config.token}`)
})

check('a passing check records its authenticated exchange', async ({ http }) => {
  expect(await http.get('/ok', { auth: true })).toBeOK()
})
