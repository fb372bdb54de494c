// The security header matcher on real responses: the demo service sends what a public service
// should, and a server that leaks versions and forgets the headers fails with every problem named.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { securityMatchers } from '../../src/assertions/security-matchers.ts'
import { demo } from '../support/demo.ts'
import { clientFor } from '../support/http-client.ts'
import { runExampleChecks } from '../support/run-checks.ts'

expect.extend(securityMatchers)

// Like a default nginx in front of Express: versions out, protections missing.
async function leakyServer(): Promise<string> {
  const server = createServer((_req, res) => {
    res.writeHead(200, {
      'content-type': 'application/json',
      server: 'nginx/1.24.0',
      'x-powered-by': 'Express 4.19.2',
      'x-frame-options': 'ALLOW-FROM https://partner.example',
    })
    res.end('{"items":[]}')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  afterAll(() => new Promise((resolve) => server.close(resolve)))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

const LEAKY_PROBLEMS = [
  '  - X-Content-Type-Options is absent, expected nosniff',
  '  - no frame protection: X-Frame-Options "ALLOW-FROM https://partner.example" (browsers honour DENY or SAMEORIGIN) and no Content-Security-Policy frame-ancestors',
  '  - Referrer-Policy is absent, so the browser default decides what leaks',
  '  - Server leaks a version: "nginx/1.24.0"',
  '  - X-Powered-By leaks a version: "Express 4.19.2"',
].join('\n')

describe('security headers', () => {
  it('the demo service sends them on its API answers', async () => {
    const { service } = await demo()
    const http = clientFor(service.url)
    expect(await http.get('/api/posts', { query: { limit: 1 } })).toHaveSecurityHeaders()
    expect(await http.get('/health')).toHaveSecurityHeaders()
  })

  it('a server that leaks versions and forgets the headers fails with all of it in one message', async () => {
    const url = await leakyServer()
    const res = await clientFor(url).get('/api/posts', { query: { limit: 1 } })
    expect(() => expect(res).toHaveSecurityHeaders()).toThrow(
      `expected GET /api/posts?limit=1 to send the security headers of a public service, found 5 problems:\n${LEAKY_PROBLEMS}\n\n  sent:      GET ${url}/api/posts?limit=1`,
    )
    // Relaxed where another layer owns the headers, only the leaks remain.
    expect(() =>
      expect(res).toHaveSecurityHeaders({
        contentTypeOptions: false,
        frameProtection: false,
        referrerPolicy: false,
      }),
    ).toThrow(/found 2 problems:\n {2}- Server leaks a version/)
  })

  it('the example check fails against that server with the same list', async () => {
    const url = await leakyServer()
    const run = await runExampleChecks({
      env: { SMOKE_ENV: 'local', SMOKE_BASE_URL: url, SMOKE_CHECKS: 'checks/security.check.ts' },
    })
    const outcome = run.get('public responses send the security headers and leak no versions')
    expect(outcome.state).toBe('failed')
    expect(outcome.message).toContain(`found 5 problems:\n${LEAKY_PROBLEMS}`)
  })
})
