// Where an exchange's time went, measured on real connections to servers on 127.0.0.1: the
// phases of a new connection and a reused one, requests the pool had to queue, Node's own
// fetch() running alongside (its bundled undici publishes the same diagnostics channels), and
// the TLS phase in the annotation of an https check.
import { readFileSync } from 'node:fs'
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import { describe, expect, it } from 'vitest'
import { describeExchange, headlineOf } from '../../src/http/describe.ts'
import { serveTls, useTestCertificates } from '../support/certificates.ts'
import { smoke } from '../support/cli.ts'
import { closeWhenDone } from '../support/close-when-done.ts'
import { clientFor } from '../support/http-client.ts'

// Answers at once, except /held, which waits until the test releases it.
async function heldServer() {
  let arrived: () => void = () => {}
  const held = { arrived: new Promise<void>((resolve) => (arrived = resolve)), release: () => {} }
  const answer = (res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end('{"ok":true}')
  }
  const server = createServer((req, res) => {
    if (req.url !== '/held') return answer(res)
    held.release = () => answer(res)
    arrived()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  closeWhenDone(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })
  return { port: (server.address() as AddressInfo).port, held }
}

const measured = expect.any(Number)
const ONE_CONNECTION = { SMOKE_MAX_CONNECTIONS: '1' }

describe('phase timings', () => {
  it('a new connection to an IP address: no DNS lookup, then connect, wait and download', async () => {
    const { port } = await heldServer()
    const first = await clientFor(`http://127.0.0.1:${port}`).get('/health')
    expect(first.timings.phases).toEqual({
      newConnection: true,
      dnsMs: null,
      connectMs: measured,
      tlsMs: null,
      waitMs: measured,
      downloadMs: measured,
    })
    expect(headlineOf(first.exchange)).toMatch(
      /^GET \/health → 200 OK in [\d.]+ ms \(no DNS lookup, connect [\d.]+ ms, wait [\d.]+ ms, download [\d.]+ ms, new connection\)$/,
    )
    expect(describeExchange(first.exchange)).toMatch(
      /\n {2}phases: {4}no DNS lookup, connect [\d.]+ ms, wait [\d.]+ ms, download [\d.]+ ms, new connection\n/,
    )
  })

  it('a new connection to a name times its lookup (localhost, from /etc/hosts)', async () => {
    const { port } = await heldServer()
    const res = await clientFor(`http://localhost:${port}`).get('/health')
    expect(res.timings.phases).toMatchObject({ newConnection: true, dnsMs: measured, connectMs: measured })
    expect(headlineOf(res.exchange)).toMatch(/\(dns [\d.]+ ms, connect [\d.]+ ms, wait /)
  })

  it('a reused keep-alive connection has no DNS, connect or TLS phase', async () => {
    const { port } = await heldServer()
    // One connection at most, so the second request must wait for the first one's, however
    // soon undici's pool hears that it is free again.
    const http = clientFor(`http://127.0.0.1:${port}`, ONE_CONNECTION)
    await http.get('/health')
    const again = await http.get('/health')
    expect(again.timings.phases).toEqual({
      newConnection: false,
      dnsMs: null,
      connectMs: null,
      tlsMs: null,
      waitMs: measured,
      downloadMs: measured,
    })
    expect(headlineOf(again.exchange)).toMatch(/\(wait [\d.]+ ms, download [\d.]+ ms, reused connection\)$/)
  })

  it('requests the pool queued (every connection busy) keep phases of their own', async () => {
    const { port } = await heldServer()
    const http = clientFor(`http://127.0.0.1:${port}`, { SMOKE_MAX_CONNECTIONS: '2' })
    const answers = await Promise.all(Array.from({ length: 8 }, () => http.get('/health')))
    for (const res of answers) {
      expect(res.timings.phases).toMatchObject({ waitMs: measured, downloadMs: measured })
    }
    expect(answers.filter((res) => res.timings.phases.newConnection)).toHaveLength(2)
  })

  it('concurrent calls to the global fetch() do not disturb the numbers', async () => {
    const { port, held } = await heldServer()
    const base = `http://127.0.0.1:${port}`
    const http = clientFor(base, ONE_CONNECTION)
    const pending = http.get('/held')
    await held.arrived
    // Our request is on the wire; ten fetches to the same server come and go before it is answered.
    const fetchStart = performance.now()
    await Promise.all(Array.from({ length: 10 }, async () => (await fetch(`${base}/health`)).text()))
    const fetchMs = performance.now() - fetchStart
    held.release()
    const res = await pending
    expect(res.timings.phases).toMatchObject({ newConnection: true, connectMs: measured })
    // Had a fetch's response been taken for ours, its first byte would fall inside the fetches.
    expect(res.timings.phases.waitMs).toBeGreaterThanOrEqual(fetchMs)
    // The fetches' connections are not ours: the next request reuses the one it opened.
    expect((await http.get('/health')).timings.phases).toMatchObject({
      newConnection: false,
      connectMs: null,
    })
  })

  describe('over https', () => {
    const certificates = useTestCertificates()

    it("an https check's annotation shows the TLS handshake", async () => {
      const url = await serveTls(certificates().issue({ commonName: 'smoke.test', sans: ['IP:127.0.0.1'] }))
      // The run trusts the test CA the way a deployment trusts a private one.
      const run = await smoke({
        SMOKE_ENV: 'local',
        SMOKE_BASE_URL: url,
        SMOKE_CHECKS: 'checks/health.check.ts',
        NODE_EXTRA_CA_CERTS: certificates().caFile,
      })
      expect(run.code, run.output).toBe(0)
      expect(readFileSync(`${run.reportsDir}/junit.xml`, 'utf8')).toMatch(
        /<property name="http" value="GET \/health → 200 OK in [\d.]+ ms \(no DNS lookup, connect [\d.]+ ms, tls [\d.]+ ms, wait [\d.]+ ms, download [\d.]+ ms, new connection\)">/,
      )
    })
  })
})
