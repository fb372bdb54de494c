// The HTTP client against bad TLS: each case fails the request with one sentence naming the
// certificate problem, in bounded time. Certificates are made here with openssl.
import { Agent } from 'undici'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/load.ts'
import { createHttpClient } from '../../src/http/client.ts'
import { RequestFailedError } from '../../src/http/errors.ts'
import { timedConnector } from '../../src/http/timing.ts'
import { DAY_MS, serveTls, useTestCertificates } from '../support/certificates.ts'
import { ROOT } from '../support/run-checks.ts'

const LOOPBACK = ['IP:127.0.0.1']

/** The checks' client; `ca` stands in for a private CA the environment trusts. */
async function failureOf(url: string, ca?: string): Promise<string> {
  const config = loadConfig({ root: ROOT, env: { SMOKE_ENV: 'local', SMOKE_BASE_URL: url } })
  const dispatcher = new Agent({
    connect: timedConnector({ timeout: config.timeouts.connectMs, ...(ca ? { ca } : {}) }),
  })
  try {
    await createHttpClient({ config, baseUrl: url, dispatcher }).get('/health')
  } catch (error) {
    expect(error).toBeInstanceOf(RequestFailedError)
    return (error as Error).message.split('\n')[0] ?? ''
  } finally {
    await dispatcher.close()
  }
  throw new Error('expected the request to fail')
}

describe('bad TLS fails the request, naming the problem', () => {
  const certificates = useTestCertificates()

  it('a self-signed certificate', async () => {
    const url = await serveTls(certificates().selfSigned({ commonName: 'self', sans: LOOPBACK }))
    expect(await failureOf(url)).toBe(
      'GET /health failed: the TLS certificate of 127.0.0.1 is self-signed and not trusted [DEPTH_ZERO_SELF_SIGNED_CERT]',
    )
  })

  it('an expired certificate', async () => {
    const url = await serveTls(
      certificates().issue({ commonName: 'old', sans: LOOPBACK, from: -30 * DAY_MS, to: -3 * DAY_MS }),
    )
    expect(await failureOf(url, certificates().ca)).toBe(
      'GET /health failed: the TLS certificate of 127.0.0.1 has expired [CERT_HAS_EXPIRED]',
    )
  })

  it('a certificate for another host name', async () => {
    const url = await serveTls(
      certificates().issue({ commonName: 'other.example', sans: ['DNS:other.example'] }),
    )
    expect(await failureOf(url, certificates().ca)).toBe(
      'GET /health failed: the TLS certificate is not valid for the host name 127.0.0.1 [ERR_TLS_CERT_ALTNAME_INVALID]',
    )
  })

  it('a certificate from an issuer nobody trusts', async () => {
    const url = await serveTls(certificates().issue({ commonName: 'smoke.test', sans: LOOPBACK }))
    expect(await failureOf(url)).toBe(
      'GET /health failed: the TLS certificate of 127.0.0.1 comes from an unknown issuer or an incomplete chain [UNABLE_TO_VERIFY_LEAF_SIGNATURE]',
    )
  })

  it('and a good one passes, with its TLS phase timed', async () => {
    const url = await serveTls(certificates().issue({ commonName: 'smoke.test', sans: LOOPBACK }))
    const config = loadConfig({ root: ROOT, env: { SMOKE_ENV: 'local', SMOKE_BASE_URL: url } })
    const dispatcher = new Agent({ connect: timedConnector({ timeout: 3000, ca: certificates().ca }) })
    const res = await createHttpClient({ config, baseUrl: url, dispatcher }).get('/health')
    await dispatcher.close()
    expect(res.status).toBe(200)
    expect(res.timings.phases).toMatchObject({ newConnection: true, tlsMs: expect.any(Number) })
  })
})
