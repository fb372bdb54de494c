// Outside local only safe methods go out: proven with a server that records every request.
import { describe, expect, it } from 'vitest'
import { startFaultServer } from '../support/fault-server.ts'
import { runChecks } from '../support/run-checks.ts'

const CHECKS = 'test/fault-checks/guard.check.ts'
const RETRIES = 1

describe('the production guard', () => {
  it('refuses unsafe methods in staging before any byte is sent', async () => {
    const server = await startFaultServer()
    const run = await runChecks({
      env: { SMOKE_ENV: 'staging', SMOKE_BASE_URL: server.url, SMOKE_CHECKS: CHECKS },
    })
    expect(run.get('a POST that does not declare it mutates').message).toBe(
      'POST /ok was not sent: in staging, checks send only GET, HEAD and OPTIONS unless they declare { mutates: true } and the environment allows mutations',
    )
    expect(run.get('a DELETE that declares it mutates').message).toBe(
      'DELETE /unavailable was not sent: in staging, checks send only GET, HEAD and OPTIONS; this check declares that it mutates, but SMOKE_ALLOW_MUTATIONS is false for staging',
    )
    expect(run.get('a POST that declares it mutates').message).toMatch(/^POST \/unavailable was not sent/)
    expect(run.get('a GET goes out as usual').state).toBe('passed')
    expect(server.received.filter((r) => r.method !== 'GET')).toEqual([])
  })

  it('lets a declared mutation through where the environment allows it, and never retries it', async () => {
    const server = await startFaultServer()
    const run = await runChecks({
      env: {
        SMOKE_ENV: 'staging',
        SMOKE_BASE_URL: server.url,
        SMOKE_CHECKS: CHECKS,
        SMOKE_ALLOW_MUTATIONS: 'true',
        SMOKE_RETRIES: String(RETRIES),
      },
    })
    const sent = (method: string) =>
      server.received.filter((r) => r.method === method && r.path === '/unavailable')
    // The route answers 503, which a GET retries: there was something to retry.
    expect(sent('GET')).toHaveLength(1 + RETRIES)
    for (const method of ['DELETE', 'POST']) {
      expect(run.get(`a ${method} that declares it mutates`).message).toMatch(
        new RegExp(`^expected ${method} /unavailable to answer 2xx, got 503 Service Unavailable`),
      )
      expect(sent(method), `${method} requests that reached the server`).toHaveLength(1)
    }
    expect(run.get('a POST that does not declare it mutates').state).toBe('failed')
    expect(server.received.filter((r) => r.path === '/ok').map((r) => r.method)).toEqual(['GET'])
  })
})
