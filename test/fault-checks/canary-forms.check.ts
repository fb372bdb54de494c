// Checks that test/e2e/canary.test.ts runs against test/support/echo-server.ts with a canary
// SMOKE_TOKEN: the service echoes the token back in every form and place, and every check
// fails, so that the echo reaches each failure message, annotation and report.
import { check, expect } from 'smokecheck'
import { FORM_NAMES } from '../support/echo-server.ts'

for (const form of FORM_NAMES) {
  check(`the token comes back ${form} in a header`, async ({ http }) => {
    expect(await http.get('/header', { auth: true, query: { form } })).toHaveHeader('x-echo', 'nothing')
  })

  check(`the token comes back ${form} in a JSON body`, async ({ http }) => {
    const res = await http.get('/body', { auth: true, query: { form } })
    expect(res.body).toEqual({})
  })

  check(`the token comes back ${form} in a redirect's URL`, async ({ http }) => {
    const res = await http.get('/redirect', { auth: true, query: { form }, followRedirects: true })
    expect(res).toHaveStatus(201)
  })

  check(`the token comes back ${form} in what the check throws`, async ({ http }) => {
    const res = await http.get('/error', { auth: true, query: { form }, retries: 0 })
    throw new Error(`the service refused: ${res.text}`)
  })
}

check(
  'the token is in an attachment, encoded as Vitest encodes a binary body',
  async ({ config, annotate }) => {
    await annotate('the answer as it came', 'notice', {
      contentType: 'text/plain',
      body: new TextEncoder().encode(`attachment:${config.token};`),
    })
    expect(config.token).toBe('')
  },
)
