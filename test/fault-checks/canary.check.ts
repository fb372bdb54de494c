// Checks that test/e2e/canary.test.ts runs with a canary SMOKE_TOKEN: each one puts the
// secret somewhere it could leak from. The test then searches every output for it.

import { check, expect } from 'smokecheck'
import { inject } from 'vitest'
import { z } from 'zod'

// Names are collected before any fixture runs, but the provided config is there already.
const TOKEN = inject('smokecheck').token ?? ''
// The excerpt a record keeps is this long; the echoed token starts just before its end.
const EXCERPT_BYTES = 4096

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

check(
  'the token travels percent-encoded under a harmless name and is echoed back',
  async ({ http, config }) => {
    const res = await http.get('/echo', { query: { q: config.token } })
    expect(res.body).toEqual({ ok: true })
  },
)

check('the token comes back in a Set-Cookie header', async ({ http }) => {
  const res = await http.get('/session', { auth: true })
  expect(res).toHaveHeader('set-cookie', /^nothing$/)
})

check('the token is echoed across the cut of the recorded body excerpt', async ({ http }) => {
  const res = await http.get('/echo-at', { auth: true, query: { at: EXCERPT_BYTES - 20 } })
  expect(res).toHaveStatus(201)
})

check('a check logs, annotates and throws the token', async ({ config, annotate }) => {
  console.log(`debugging with ${config.token}`)
  await annotate(`token in use: ${config.token}`, 'notice')
  throw new Error(`gave up with ${config.token}`)
})

check('a check asserts on the token itself', ({ config }) => {
  expect(config.token).toBe('another token')
})

check('a check gives the token as the reason it skips', ({ config, skip }) => {
  skip(`cannot run with ${config.token}`)
})

check(`a check named after the token ${TOKEN}`, async ({ http }) => {
  expect(await http.get('/ok')).toHaveStatus(204)
})

check('a check leaves a rejection with the token behind', ({ config }) => {
  // Not awaited on purpose: Vitest reports it as an unhandled error after the checks.
  void Promise.reject(new Error(`left behind with ${config.token}`))
})

check('the service sets a session cookie and the check asserts on it', async ({ http }) => {
  const res = await http.get('/login')
  console.log(`signed in as ${res.header('set-cookie')}`)
  expect(res.header('set-cookie')).toBe('sessionid=expected')
})

check('the service answers with tokens and the check asserts on them', async ({ http }) => {
  const res = await http.get('/login')
  expect(res.body).toEqual({ access_token: 'expected' })
})

check('a passing check records its authenticated exchange', async ({ http }) => {
  expect(await http.get('/ok', { auth: true })).toBeOK()
})
