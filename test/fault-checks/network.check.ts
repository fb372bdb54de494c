// Checks that the network fault matrix (test/e2e/network-faults.test.ts) runs against the
// fault server: each one asks for a healthy JSON answer and must fail for the right reason.

import { check, expect } from 'smokecheck'
import { Agent } from 'undici'
import { z } from 'zod'
import { withOwnClient } from './own-client'

const Ok = z.object({ ok: z.literal(true) })
const OTHER_ORIGIN = process.env.FAULT_OTHER_ORIGIN ?? ''
const CLOSED_ORIGIN = process.env.FAULT_CLOSED_ORIGIN ?? ''

const ROUTES: Record<string, string> = {
  'control: a healthy route passes': '/ok',
  'headers never come': '/hang',
  'the body stalls after the headers': '/stall-body',
  'the body trickles in slower than the budget': '/trickle',
  'the connection is reset mid-body': '/reset',
  'the body is larger than the cap (content-length)': '/big-with-length',
  'the body is larger than the cap (chunked)': '/big-chunked',
  'invalid JSON under a JSON content type': '/bad-json',
  'an empty body under a JSON content type': '/empty',
  'an HTML page where JSON was expected': '/html',
  'a wrong content type': '/wrong-type',
  'a 5xx HTML error page': '/error-page',
  'a 429 with a long Retry-After': '/too-many',
  'a corrupt gzip body': '/corrupt-gzip',
  'a redirect to another origin, not followed': `/to/${encodeURIComponent(`${OTHER_ORIGIN}/echo`)}`,
  'connection refused': `${CLOSED_ORIGIN}/ok`,
  'two different Content-Length headers': '/two-lengths',
  'a body shorter than its Content-Length': '/short-body',
  'a body longer than its Content-Length': '/long-body',
  'a response after the response': '/extra-response',
  'a gzip body that inflates past the cap': '/gzip-bomb',
  'JSON behind a UTF-8 byte order mark passes': '/bom-json',
}

for (const [name, path] of Object.entries(ROUTES)) {
  check(name, async ({ http }) => {
    const res = await http.get(path, { auth: true })
    expect(res).toHaveStatus(200)
    expect(res).toMatchSchema(Ok)
  })
}

check('a redirect loop', async ({ http }) => {
  const res = await http.get('/loop-a', { followRedirects: true })
  expect(res).toHaveStatus(200)
})

check('a redirect to another origin, followed: the token stays behind', async ({ http, config }) => {
  const res = await http.get(`/to/${encodeURIComponent(`${OTHER_ORIGIN}/echo`)}`, {
    auth: true,
    headers: {
      'x-api-key': config.token ?? '',
      cookie: 'prefs=compact',
      'x-client': `smokecheck/${config.token}`,
      'x-request-id': 'req-7f3a',
    },
    followRedirects: true,
  })
  expect(res).toHaveStatus(200)
  expect(res.parse(z.object({ authorization: z.null() })).authorization).toBeNull()
})

check('a followed redirect to a healthy route passes as a plain pass', async ({ http }) => {
  expect(await http.get(`/to/${encodeURIComponent('/ok')}`, { followRedirects: true })).toBeOK()
})

check('a 503 after a followed redirect is still retried', async ({ http }) => {
  expect(await http.get(`/to/${encodeURIComponent('/once/503')}`, { followRedirects: true })).toBeOK()
})

check('a 429 with a short Retry-After, then 200', async ({ http }) => {
  expect(await http.get('/once/429', { query: { 'retry-after': 1 } })).toBeOK()
})

check('a name that does not resolve', async ({ config }) => {
  // The resolver is injected: the test sends no DNS query off this machine.
  const lookup = (hostname: string, _options: object, callback: (error: Error) => void) =>
    callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }))
  const dispatcher = new Agent({ connect: { lookup } as never })
  await withOwnClient(config, 'http://status.no-such-host.invalid', dispatcher, async (http) => {
    expect(await http.get('/health')).toHaveStatus(200)
  })
})
