// The DNS example check run through Vitest against the demo service on 127.0.0.1: by the name
// localhost (which /etc/hosts answers, so no query leaves the machine) it resolves; by its
// address there is nothing to resolve. Failures are tried with an injected resolver in
// test/unit/network-probes.test.ts: a name that does not resolve would need a real DNS server.
import { describe, expect, it } from 'vitest'
import { demo } from '../support/demo.ts'
import { runExampleChecks } from '../support/run-checks.ts'

const CHECK = 'the service host name resolves'

/** The DNS check against the demo service, reached by the name localhost. */
async function byName(settings: Record<string, string> = {}) {
  const { service } = await demo()
  const { port } = new URL(service.url)
  return runExampleChecks({
    env: {
      SMOKE_ENV: 'local',
      SMOKE_BASE_URL: `http://localhost:${port}`,
      SMOKE_CHECKS: 'checks/dns.check.ts',
      ...settings,
    },
  })
}

describe('the DNS example check', () => {
  it('passes when the host name resolves, and shows what it resolved to', async () => {
    const run = await byName()
    expect(run.get(CHECK)).toMatchObject({
      state: 'passed',
      annotations: [
        { type: 'dns', message: expect.stringMatching(/^DNS localhost → 127\.0\.0\.1 in [\d.]+ ms$/) },
      ],
    })
  })

  it('fails when the name resolves elsewhere than SMOKE_EXPECTED_ADDRESSES says', async () => {
    const run = await byName({ SMOKE_EXPECTED_ADDRESSES: '203.0.113.10' })
    expect(run.get(CHECK).state).toBe('failed')
    expect(run.get(CHECK).message).toMatch(
      /^expected localhost to resolve to 203\.0\.113\.10, .*127\.0\.0\.1/,
    )
  })

  it('is skipped, saying why, when the base URL is an IP address', async () => {
    const { service } = await demo()
    const run = await runExampleChecks({
      env: { SMOKE_ENV: 'local', SMOKE_BASE_URL: service.url, SMOKE_CHECKS: 'checks/dns.check.ts' },
    })
    expect(run.get(CHECK)).toMatchObject({
      state: 'skipped',
      message: '127.0.0.1 is an IP address: there is no name to resolve',
    })
  })
})
