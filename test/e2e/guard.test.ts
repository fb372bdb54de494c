// Outside local only safe methods go out: proven with a server that records every request.
import { describe, expect, it } from 'vitest'
import { startFaultServer } from '../support/fault-server.ts'
import { runChecks } from '../support/run-checks.ts'

const CHECKS = 'test/fault-checks/guard.check.ts'

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
      'DELETE /ok was not sent: in staging, checks send only GET, HEAD and OPTIONS; this check declares that it mutates, but SMOKE_ALLOW_MUTATIONS is false for staging',
    )
    expect(run.get('a GET goes out as usual').state).toBe('passed')
    expect(server.received.map((r) => r.method)).toEqual(['GET'])
  })

  it('lets a declared mutation through where the environment allows it, and never retries it', async () => {
    const server = await startFaultServer()
    const run = await runChecks({
      env: {
        SMOKE_ENV: 'staging',
        SMOKE_BASE_URL: server.url,
        SMOKE_CHECKS: CHECKS,
        SMOKE_ALLOW_MUTATIONS: 'true',
      },
    })
    expect(run.get('a DELETE that declares it mutates').state).toBe('passed')
    expect(run.get('a POST that does not declare it mutates').state).toBe('failed')
    expect(server.received.map((r) => r.method).sort()).toEqual(['DELETE', 'GET'])
  })
})
