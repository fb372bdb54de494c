// probeTls and toHaveValidCertificate against node:https servers on 127.0.0.1, each presenting a
// certificate made here with openssl: valid, expiring soon, expired, for another host, self-signed.
import { execFile } from 'node:child_process'
import { type AddressInfo, createServer, type Socket } from 'node:net'
import { rootCertificates } from 'node:tls'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { probeMatchers } from '../../src/assertions/probe-matchers.ts'
import { trustedWith } from '../../src/http/trust.ts'
import { certificateLine } from '../../src/probes/certificate-verdict.ts'
import { probeTls } from '../../src/probes/tls.ts'
import { DAY_MS, serveTls, testCertificates, useTestCertificates } from '../support/certificates.ts'
import { closeWhenDone } from '../support/close-when-done.ts'
import { demo } from '../support/demo.ts'
import { ROOT, runExampleChecks } from '../support/run-checks.ts'
import { tempFolder } from '../support/temp-folder.ts'

expect.extend(probeMatchers)

const HOUR_MS = 60 * 60 * 1000
const LOOPBACK = ['IP:127.0.0.1', 'DNS:localhost']

describe('TLS probes', () => {
  const certificates = useTestCertificates()

  it('describes a good certificate and passes it', async () => {
    const url = await serveTls(certificates().issue({ commonName: 'smoke.test', sans: LOOPBACK }))
    const tls = await probeTls(url, { ca: certificates().ca })
    expect(tls).toMatchObject({
      host: '127.0.0.1',
      identity: '127.0.0.1',
      authorized: true,
      protocol: 'TLSv1.3',
      certificate: {
        subject: 'CN=smoke.test',
        commonName: 'smoke.test',
        sans: ['127.0.0.1', 'localhost'],
        issuer: 'CN=smokecheck test CA',
        selfIssued: false,
      },
    })
    expect(tls.certificate?.daysUntilExpiry).toBeGreaterThan(29)
    expect(tls).toHaveValidCertificate({ minDays: 14 })
    expect(certificateLine(tls)).toMatch(
      /^TLS 127\.0\.0\.1:\d+: CN=smoke\.test, issued by CN=smokecheck test CA, expires in (29|30) days, TLSv1\.3, trusted$/,
    )
  })

  it('fails a certificate that expires too soon, saying how soon', async () => {
    const url = await serveTls(
      certificates().issue({ commonName: 'soon', sans: LOOPBACK, to: 5 * DAY_MS + HOUR_MS }),
    )
    const tls = await probeTls(url, { ca: certificates().ca })
    expect(tls).toHaveValidCertificate()
    expect(() => expect(tls).toHaveValidCertificate({ minDays: 14 })).toThrow(
      /^expected the TLS certificate of 127\.0\.0\.1:\d+ to be valid for at least 14 more days: expires in 5 days, need at least 14\n\n {2}server: {4}127\.0\.0\.1:\d+, TLSv1\.3\n {2}subject: {3}CN=soon\n/,
    )
  })

  it('fails an expired certificate, saying since when', async () => {
    const window = { from: -10 * DAY_MS, to: -3 * DAY_MS - HOUR_MS }
    const url = await serveTls(certificates().issue({ commonName: 'expired', sans: LOOPBACK, ...window }))
    const tls = await probeTls(url, { ca: certificates().ca })
    expect(tls).toMatchObject({ authorized: false, authorizationError: 'CERT_HAS_EXPIRED' })
    expect(() => expect(tls).toHaveValidCertificate()).toThrow(
      /to be valid: expired 3 days ago\n[\s\S]* {2}verified: {2}no \(CERT_HAS_EXPIRED\)\n {2}reproduce: openssl s_client -connect 127\.0\.0\.1:\d+ /,
    )
  })

  it('fails a certificate for another host, listing the names it covers', async () => {
    const url = await serveTls(
      certificates().issue({ commonName: 'other.example', sans: ['DNS:other.example'] }),
    )
    const tls = await probeTls(url, { ca: certificates().ca, servername: 'www.example.test' })
    expect(tls.authorizationError).toBe('ERR_TLS_CERT_ALTNAME_INVALID')
    expect(() => expect(tls).toHaveValidCertificate({ minDays: 14 })).toThrow(
      /^expected the TLS certificate of www\.example\.test \(127\.0\.0\.1:\d+\) to be valid for at least 14 more days: not valid for host www\.example\.test \(SANs: other\.example\)\n/,
    )
    // Without a name to send, the certificate must cover the address itself.
    const byAddress = await probeTls(url, { ca: certificates().ca })
    expect(() => expect(byAddress).toHaveValidCertificate()).toThrow(
      /not valid for host 127\.0\.0\.1 \(SANs: other\.example\)/,
    )
  })

  it('fails a self-signed certificate as not trusted', async () => {
    const url = await serveTls(certificates().selfSigned({ commonName: 'self', sans: LOOPBACK }))
    const tls = await probeTls(url)
    expect(tls).toMatchObject({ authorized: false, certificate: { selfIssued: true } })
    expect(() => expect(tls).toHaveValidCertificate()).toThrow(
      /to be valid: self-signed and not trusted\n[\s\S]*issuer: {4}CN=self \(itself\)/,
    )
  })

  it('fails a certificate from an unknown CA, and one that could not be read at all', async () => {
    const url = await serveTls(certificates().issue({ commonName: 'private', sans: LOOPBACK }))
    const untrusted = await probeTls(url)
    expect(() => expect(untrusted).toHaveValidCertificate()).toThrow(
      /to be valid: issued by a CA that is not trusted, or served without its intermediate certificates/,
    )
    const refused = await probeTls('https://127.0.0.1:1')
    expect(() => expect(refused).toHaveValidCertificate()).toThrow(
      /to be valid: could not be read: connection refused by 127\.0\.0\.1:1: nothing is listening there/,
    )
  })

  it("names a handshake that never completes by the probe's own timeout, not an HTTP setting", async () => {
    // Accepts the connection and says nothing: the probe's timer has to end it.
    const sockets = new Set<Socket>()
    const silent = createServer((socket) => {
      sockets.add(socket.on('error', () => {}))
    })
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    closeWhenDone(() => {
      for (const socket of sockets) socket.destroy()
      return new Promise((resolve) => silent.close(resolve))
    })
    const { port } = silent.address() as AddressInfo
    const probe = await probeTls(`https://127.0.0.1:${port}`, { timeoutMs: 100 })
    expect(probe).toMatchObject({
      authorized: false,
      code: 'TIMEOUT_CONNECT',
      error: `127.0.0.1:${port} completed no TLS handshake within 100 ms (probeTls timeoutMs) [ETIMEDOUT]`,
    })
    expect(probe.error).not.toMatch(/SMOKE_/)
  })

  it('a private CA given as `ca` adds to what Node trusts, bundled roots and all', () => {
    expect(trustedWith(certificates().ca)).toEqual(
      expect.arrayContaining([...rootCertificates, certificates().ca]),
    )
  })

  it('a private CA given as `ca` keeps the CAs of NODE_EXTRA_CA_CERTS trusted', async () => {
    // Another CA, the one the environment trusts through NODE_EXTRA_CA_CERTS.
    const environments = testCertificates()
    closeWhenDone(async () => environments.remove())
    const byEnvironmentCa = await serveTls(environments.issue({ commonName: 'env', sans: LOOPBACK }))
    const byPrivateCa = await serveTls(certificates().issue({ commonName: 'private', sans: LOOPBACK }))
    // Node reads NODE_EXTRA_CA_CERTS when it starts: only a process of its own can show it.
    const script = `
      const { probeTls } = await import(${JSON.stringify(`${ROOT}/src/probes/tls.ts`)})
      const [environment, privateCa] = process.argv.slice(1)
      const ca = process.env.PRIVATE_CA
      const trusted = async (url, options) => (await probeTls(url, options)).authorized
      console.log(JSON.stringify({
        withoutCa: await trusted(environment),
        withCa: await trusted(environment, { ca }),
        privateWithCa: await trusted(privateCa, { ca }),
      }))`
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script, byEnvironmentCa, byPrivateCa],
      {
        cwd: ROOT,
        // tsx keeps a compile cache in the temp folder: this one goes when the test ends.
        env: {
          ...process.env,
          NODE_EXTRA_CA_CERTS: environments.caFile,
          PRIVATE_CA: certificates().ca,
          TMPDIR: tempFolder('tsx'),
        },
      },
    )
    expect(JSON.parse(stdout)).toEqual({ withoutCa: true, withCa: true, privateWithCa: true })
  })

  it('the example check fails a self-signed certificate and skips a plain http service', async () => {
    const url = await serveTls(certificates().selfSigned({ commonName: 'self', sans: LOOPBACK }))
    const env = { SMOKE_ENV: 'local', SMOKE_CHECKS: 'checks/tls.check.ts' }
    const https = await runExampleChecks({ env: { ...env, SMOKE_BASE_URL: url } })
    const [outcome] = https.checks
    expect(outcome?.state).toBe('failed')
    expect(outcome?.message).toMatch(/to be valid for at least 14 more days: self-signed and not trusted/)
    expect(outcome?.annotations).toContainEqual({
      type: 'tls',
      message: expect.stringMatching(/^TLS 127\.0\.0\.1:\d+: CN=self, issued by CN=self, expires in/),
    })

    const { service } = await demo()
    const plain = await runExampleChecks({ env: { ...env, SMOKE_BASE_URL: service.url } })
    expect(plain.checks.map((c) => c.state)).toEqual(['skipped'])
  })
})
