// Issue 3's fault matrix: for each way the network or a response can go wrong, the check
// fails with one sentence naming the cause, within its timeout plus a margin, while the
// other checks still run and report, and no rejection or socket is left behind.
import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import { startFaultServer } from '../support/fault-server.ts'
import { runChecks } from '../support/run-checks.ts'

const TIMEOUTS = { headers: 300, body: 300, request: 1200 }
const MARGIN_MS = 1500

const EXPECTED: Record<string, RegExp> = {
  'headers never come':
    /GET \/hang failed: 127\.0\.0\.1:\d+ accepted the connection but sent no response headers within 300 ms \(SMOKE_HEADERS_TIMEOUT_MS\)/,
  'the body stalls after the headers':
    /GET \/stall-body failed: the response body stalled for more than 300 ms \(SMOKE_BODY_TIMEOUT_MS\)/,
  'the body trickles in slower than the budget':
    /GET \/trickle failed: no complete response within 1200 ms \(SMOKE_REQUEST_TIMEOUT_MS\)/,
  'the connection is reset mid-body':
    /GET \/reset failed: 127\.0\.0\.1:\d+ (reset|closed) the connection before the response was complete/,
  'the body is larger than the cap (content-length)':
    /GET \/big-with-length failed: the response is larger than the 100000 byte cap \(SMOKE_MAX_RESPONSE_BYTES\)/,
  'the body is larger than the cap (chunked)':
    /GET \/big-chunked failed: the response is larger than the 100000 byte cap/,
  'invalid JSON under a JSON content type':
    /GET \/bad-json answered 200, but the body is not valid JSON although content-type is application\/json/,
  'an empty body under a JSON content type':
    /GET \/empty answered 200, but the body is empty although content-type is application\/json/,
  'an HTML page where JSON was expected':
    /GET \/html answered 200 with content-type text\/html; charset=utf-8, expected a JSON body/,
  'a wrong content type': /GET \/wrong-type answered 200 with content-type text\/plain, expected a JSON body/,
  'a 5xx HTML error page':
    /expected GET \/error-page to answer 200, got 502 Bad Gateway[\s\S]*attempts: {2}2 \(earlier: 502 Bad Gateway\)/,
  'a 429 with a long Retry-After':
    /expected GET \/too-many to answer 200, got 429 Too Many Requests[\s\S]*not retried: Retry-After asks for 60 s, more than the 5000 ms cap/,
  'a corrupt gzip body':
    /GET \/corrupt-gzip answered 200, but the gzip body is corrupt and cannot be decoded/,
  'a redirect to another origin, not followed':
    /to answer 200, got 302 Found[\s\S]*location: http:\/\/127\.0\.0\.1:\d+\/echo/,
  'connection refused':
    /GET \/ok failed: connection refused by 127\.0\.0\.1:\d+: nothing is listening there \[ECONNREFUSED\]/,
  'a redirect loop':
    /GET \/loop-a failed: the redirects go round in a loop or past 5 hops: \/loop-a → \/loop-b → \/loop-a/,
  'a name that does not resolve':
    /GET \/health failed: the host name status\.no-such-host\.invalid does not resolve \[ENOTFOUND\]/,
}

async function closedOrigin(): Promise<string> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as { port: number }
  await new Promise((resolve) => probe.close(resolve))
  return `http://127.0.0.1:${port}`
}

describe('every network failure is a clear, bounded, red result', async () => {
  const server = await startFaultServer()
  const other = await startFaultServer()
  process.env.FAULT_OTHER_ORIGIN = other.url
  process.env.FAULT_CLOSED_ORIGIN = await closedOrigin()
  const token = 'tok-fault-matrix-5c0ffee'
  const run = await runChecks({
    env: {
      SMOKE_CHECKS: 'test/fault-checks/network.check.ts',
      SMOKE_ENV: 'local',
      SMOKE_BASE_URL: server.url,
      SMOKE_TOKEN: token,
      SMOKE_HEADERS_TIMEOUT_MS: String(TIMEOUTS.headers),
      SMOKE_BODY_TIMEOUT_MS: String(TIMEOUTS.body),
      SMOKE_REQUEST_TIMEOUT_MS: String(TIMEOUTS.request),
      SMOKE_MAX_RESPONSE_BYTES: '100000',
      SMOKE_RETRIES: '1',
    },
  })

  it.each(Object.entries(EXPECTED))('%s: fails, naming the cause, within its timeout', (name, says) => {
    const outcome = run.get(name)
    expect(outcome.state).toBe('failed')
    expect(outcome.message).toMatch(says)
    expect(outcome.message).not.toMatch(/Test timed out|UND_ERR_\w+\)?$/m)
    expect(outcome.durationMs).toBeLessThan(TIMEOUTS.request + MARGIN_MS)
  })

  it('runs and reports the healthy check beside the failing ones', () => {
    expect(run.get('control: a healthy route passes').state).toBe('passed')
    expect(run.checks.filter((c) => c.state === 'pending')).toEqual([])
    expect(run.unhandledErrors).toEqual([])
  })

  it('follows a redirect to another origin without the token', () => {
    expect(run.get('a redirect to another origin, followed: the token stays behind').state).toBe('passed')
    const echoed = other.received.filter((r) => r.path === '/echo')
    expect(echoed.length).toBeGreaterThan(0)
    for (const request of echoed) expect(request.headers.authorization).toBeUndefined()
    // …while the origin under check did get it.
    expect(server.received.find((r) => r.path === '/ok')?.headers.authorization).toBe(`Bearer ${token}`)
  })

  it('retries only the 5xx and not the long Retry-After, and leaves no socket open', async () => {
    expect(server.received.filter((r) => r.path === '/error-page')).toHaveLength(2)
    expect(server.received.filter((r) => r.path === '/too-many')).toHaveLength(1)
    expect(server.received.filter((r) => r.path === '/bad-json')).toHaveLength(1)
    await expect.poll(() => server.openSockets(), { timeout: 3000 }).toBe(0)
  })
})
