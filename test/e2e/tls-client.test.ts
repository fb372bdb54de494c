// The fault matrix's TLS rows: checks against servers presenting a bad certificate each fail
// with one sentence naming the certificate problem, at the handshake (no request gets through,
// no timeout ends it), while the other checks still run and report, and no rejection or socket
// is left behind.
// Certificates are made here with openssl.
import { afterAll, describe, expect, it } from 'vitest'
import { errorHeadline } from '../../src/http/errors.ts'
import { DAY_MS, testCertificates } from '../support/certificates.ts'
import { startFaultServer } from '../support/fault-server.ts'
import { runChecks } from '../support/run-checks.ts'

const LOOPBACK = ['IP:127.0.0.1']
// The TLS handshake is part of connecting: the connect timeout bounds it. Far above a handshake
// on 127.0.0.1 (measured: 23–27 ms), so only a refused certificate can end these checks.
const CONNECT_TIMEOUT_MS = 10_000
const CONTROL = 'control: a certificate the environment trusts'

describe('bad TLS fails the check, naming the problem', async () => {
  const trusted = testCertificates()
  // Signs as well as the trusted one, but nobody trusts it.
  const unknown = testCertificates()
  afterAll(() => {
    trusted.remove()
    unknown.remove()
  })
  const rows = {
    'a self-signed certificate': {
      pair: trusted.selfSigned({ commonName: 'self', sans: LOOPBACK }),
      says: 'GET /ok failed: the TLS certificate of 127.0.0.1 is self-signed and not trusted [DEPTH_ZERO_SELF_SIGNED_CERT]',
    },
    'an expired certificate': {
      pair: trusted.issue({ commonName: 'old', sans: LOOPBACK, from: -30 * DAY_MS, to: -3 * DAY_MS }),
      says: 'GET /ok failed: the TLS certificate of 127.0.0.1 has expired [CERT_HAS_EXPIRED]',
    },
    'a certificate for another host name': {
      pair: trusted.issue({ commonName: 'other.example', sans: ['DNS:other.example'] }),
      says: 'GET /ok failed: the TLS certificate is not valid for the host name 127.0.0.1 [ERR_TLS_CERT_ALTNAME_INVALID]',
    },
    'a certificate from an issuer nobody trusts': {
      pair: unknown.issue({ commonName: 'smoke.test', sans: LOOPBACK }),
      says: 'GET /ok failed: the TLS certificate of 127.0.0.1 comes from an unknown issuer or an incomplete chain [UNABLE_TO_VERIFY_LEAF_SIGNATURE]',
    },
  }
  const good = trusted.issue({ commonName: 'smoke.test', sans: LOOPBACK })
  const servers = await Promise.all(
    [...Object.values(rows).map(({ pair }) => pair), good].map((pair) => startFaultServer({ tls: pair })),
  )
  const names = [...Object.keys(rows), CONTROL]
  process.env.FAULT_TLS_ORIGINS = JSON.stringify(
    Object.fromEntries(names.map((name, i) => [name, servers[i]?.url])),
  )
  process.env.FAULT_TLS_CA = trusted.ca
  const base = await startFaultServer()
  const run = await runChecks({
    env: {
      SMOKE_CHECKS: 'test/fault-checks/tls.check.ts',
      SMOKE_ENV: 'local',
      SMOKE_BASE_URL: base.url,
      SMOKE_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
    },
  })

  it.each(Object.entries(rows))('%s: fails at the handshake, naming the cause', (name, row) => {
    const outcome = run.get(name)
    expect(outcome.state).toBe('failed')
    // The sentence is the certificate's, not a timeout's: the handshake ended the check.
    expect(errorHeadline(outcome)).toBe(row.says)
    expect(outcome.message).not.toMatch(/SMOKE_CONNECT_TIMEOUT_MS|timed out/)
    expect(servers[names.indexOf(name)]?.received).toEqual([])
  })

  it('runs and reports the check against a good certificate, with its TLS phase timed', () => {
    expect(run.get(CONTROL).state, run.get(CONTROL).message).toBe('passed')
    expect(run.checks.filter((c) => c.state === 'pending')).toEqual([])
    expect(run.unhandledErrors).toEqual([])
  })

  it('leaves no socket open on any of the servers', async () => {
    for (const server of servers) await expect.poll(() => server.openSockets(), { timeout: 3000 }).toBe(0)
  })
})
