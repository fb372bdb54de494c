// Issue 3's fault matrix: for each way the network or a response can go wrong, the check
// fails with one sentence naming the cause, within its own timeout plus a margin, while the
// other checks still run and report, and no rejection or socket is left behind.
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { smoke } from '../support/cli.ts'
import { startFaultServer } from '../support/fault-server.ts'
import { ENGINE_SUITE, runChecks } from '../support/run-checks.ts'
import { NO_TIMER, nodeTimer, RETRIED_ONCE, undiciTimer } from '../support/time-bounds.ts'

const TIMEOUTS = { headers: 300, body: 300, request: 1200 }
const RETRY_AFTER_MS = 1000

const EXPECTED: Record<string, { says: RegExp; withinMs: number }> = {
  'headers never come': {
    says: /GET \/hang failed: 127\.0\.0\.1:\d+ accepted the connection but sent no response headers within 300 ms \(SMOKE_HEADERS_TIMEOUT_MS\)/,
    withinMs: undiciTimer(TIMEOUTS.headers),
  },
  'the body stalls after the headers': {
    says: /GET \/stall-body failed: the response body stalled for more than 300 ms \(SMOKE_BODY_TIMEOUT_MS\)/,
    withinMs: undiciTimer(TIMEOUTS.body),
  },
  'the body trickles in slower than the budget': {
    says: /GET \/trickle failed: no complete response within 1200 ms \(SMOKE_REQUEST_TIMEOUT_MS\)/,
    withinMs: nodeTimer(TIMEOUTS.request),
  },
  'the connection is reset mid-body': {
    says: /GET \/reset failed: 127\.0\.0\.1:\d+ (reset|closed) the connection before the response was complete/,
    withinMs: RETRIED_ONCE,
  },
  'the body is larger than the cap (content-length)': {
    says: /GET \/big-with-length failed: the response is larger than the 100000 byte cap \(SMOKE_MAX_RESPONSE_BYTES\)/,
    withinMs: NO_TIMER,
  },
  'the body is larger than the cap (chunked)': {
    says: /GET \/big-chunked failed: the response is larger than the 100000 byte cap/,
    withinMs: NO_TIMER,
  },
  'invalid JSON under a JSON content type': {
    says: /GET \/bad-json answered 200, but the body is not valid JSON although content-type is application\/json/,
    withinMs: NO_TIMER,
  },
  'an empty body under a JSON content type': {
    says: /GET \/empty answered 200, but the body is empty although content-type is application\/json/,
    withinMs: NO_TIMER,
  },
  'an HTML page where JSON was expected': {
    says: /GET \/html answered 200 with content-type text\/html; charset=utf-8, expected a JSON body/,
    withinMs: NO_TIMER,
  },
  'a wrong content type': {
    says: /GET \/wrong-type answered 200 with content-type text\/plain, expected a JSON body/,
    withinMs: NO_TIMER,
  },
  'a 5xx HTML error page': {
    says: /expected GET \/error-page to answer 200, got 502 Bad Gateway[\s\S]*attempts: {2}2 \(earlier: 502 Bad Gateway\)/,
    withinMs: RETRIED_ONCE,
  },
  'a 429 with a long Retry-After': {
    says: /expected GET \/too-many to answer 200, got 429 Too Many Requests[\s\S]*not retried: Retry-After asks for 60 s, more than the 5000 ms cap/,
    withinMs: NO_TIMER,
  },
  'a corrupt gzip body': {
    says: /GET \/corrupt-gzip answered 200, but the gzip body is corrupt and cannot be decoded/,
    withinMs: NO_TIMER,
  },
  'a redirect to another origin, not followed': {
    says: /to answer 200, got 302 Found[\s\S]*location: http:\/\/127\.0\.0\.1:\d+\/echo/,
    withinMs: NO_TIMER,
  },
  'connection refused': {
    says: /GET \/ok failed: connection refused by 127\.0\.0\.1:\d+: nothing is listening there \[ECONNREFUSED\]/,
    withinMs: RETRIED_ONCE,
  },
  'a redirect loop': {
    says: /GET \/loop-a failed: the redirects go round in a loop or past 5 hops: \/loop-a → \/loop-b → \/loop-a/,
    withinMs: NO_TIMER,
  },
  'a name that does not resolve': {
    says: /GET \/health failed: the host name status\.no-such-host\.invalid does not resolve \[ENOTFOUND\]/,
    withinMs: NO_TIMER,
  },
}

/**
 * The annotations in the HTML report's data file. @vitest/ui writes it in flatted's format: one
 * JSON array in which objects refer to their strings (and other objects) by index.
 */
function htmlAnnotations(path: string): { type: unknown; message: unknown }[] {
  const table: unknown[] = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8'))
  return table
    .filter((entry): entry is { type: string; message: string } => {
      return typeof entry === 'object' && entry !== null && 'type' in entry && 'message' in entry
    })
    .map((entry) => ({ type: table[Number(entry.type)], message: table[Number(entry.message)] }))
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
  const requestsTo = (path: string) => server.received.filter((r) => r.path === path)

  it.each(Object.entries(EXPECTED))('%s: fails, naming the cause, within its timeout', (name, row) => {
    const outcome = run.get(name)
    expect(outcome.state).toBe('failed')
    expect(outcome.message).toMatch(row.says)
    expect(outcome.message).not.toMatch(/Test timed out|UND_ERR_\w+\)?$/m)
    expect(outcome.durationMs).toBeLessThan(row.withinMs)
  })

  it('runs and reports the healthy check beside the failing ones', () => {
    expect(run.get('control: a healthy route passes').state).toBe('passed')
    expect(run.checks.filter((c) => c.state === 'pending')).toEqual([])
    expect(run.unhandledErrors).toEqual([])
  })

  it('follows a redirect to another origin without the token, under any header name', () => {
    expect(run.get('a redirect to another origin, followed: the token stays behind').state).toBe('passed')
    const echoed = other.received.filter((r) => r.path === '/echo')
    expect(echoed).toHaveLength(1)
    expect(echoed[0]?.headers).not.toHaveProperty('authorization')
    expect(echoed[0]?.headers).not.toHaveProperty('x-api-key')
    expect(echoed[0]?.headers).not.toHaveProperty('x-client')
    expect(echoed[0]?.headers).not.toHaveProperty('cookie')
    // What is no credential goes on…
    expect(echoed[0]?.headers['x-request-id']).toBe('req-7f3a')
    // …and the origin under check did get them all.
    const first = server.received.find((r) => r.path.startsWith('/to/') && r.headers['x-api-key'])
    expect(first?.headers).toMatchObject({ authorization: `Bearer ${token}`, 'x-api-key': token })
  })

  it('counts a followed redirect as a hop, not a retry: one attempt, no flaky warning', () => {
    const outcome = run.get('a followed redirect to a healthy route passes as a plain pass')
    expect(outcome.state).toBe('passed')
    expect(outcome.annotations.filter((a) => a.type === 'warning')).toEqual([])
    expect(outcome.exchanges).toMatchObject([{ status: 200, attempts: 1, retries: [] }])
    expect(outcome.exchanges[0]?.redirects).toHaveLength(1)
  })

  /** A check that passed on its second attempt: it carries the flaky warning, never a plain pass. */
  function expectFlakyPass(name: string, path: string, earlier: string) {
    const outcome = run.get(name)
    expect(outcome.state).toBe('passed')
    expect(outcome.exchanges).toMatchObject([{ status: 200, attempts: 2, retries: [earlier] }])
    expect(outcome.annotations).toContainEqual({
      type: 'warning',
      message: `flaky: GET ${path} answered only on attempt 2 (earlier: ${earlier})`,
    })
    return outcome
  }

  it('still retries a 503 after a followed redirect, and calls the pass flaky', () => {
    expectFlakyPass(
      'a 503 after a followed redirect is still retried',
      '/once/503',
      '503 Service Unavailable',
    )
    expect(requestsTo('/once/503')).toHaveLength(2)
  })

  it('waits as long as a short Retry-After asks, then passes as flaky', () => {
    const outcome = expectFlakyPass(
      'a 429 with a short Retry-After, then 200',
      '/once/429?retry-after=1',
      '429 Too Many Requests',
    )
    const [first, second] = requestsTo('/once/429')
    expect(requestsTo('/once/429')).toHaveLength(2)
    // libuv's timers run on a millisecond clock, so they may fire a hair early by performance.now().
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(RETRY_AFTER_MS - 2)
    expect(outcome.durationMs).toBeLessThan(nodeTimer(RETRY_AFTER_MS))
  })

  it('retries only the 5xx and not the long Retry-After, and leaves no socket open', async () => {
    expect(requestsTo('/error-page')).toHaveLength(2)
    expect(requestsTo('/too-many')).toHaveLength(1)
    expect(requestsTo('/bad-json')).toHaveLength(1)
    await expect.poll(() => server.openSockets(), { timeout: 3000 }).toBe(0)
    await expect.poll(() => other.openSockets(), { timeout: 3000 }).toBe(0)
  })
})

describe('a pass that needed a retry is flagged wherever reviewers look', () => {
  it('as a warning property in JUnit, a warning annotation in the HTML report and a GitHub ::warning', async () => {
    const server = await startFaultServer()
    const run = await smoke(
      {
        SMOKE_ENV: 'local',
        SMOKE_BASE_URL: server.url,
        SMOKE_CHECKS: 'test/fault-checks/network.check.ts',
        GITHUB_ACTIONS: 'true',
        GITHUB_STEP_SUMMARY: join(tmpdir(), `summary-${process.pid}-flaky.md`),
      },
      ['-t', 'a 429 with a short Retry-After'],
      ENGINE_SUITE,
    )
    const warning =
      'flaky: GET /once/429?retry-after=1 answered only on attempt 2 (earlier: 429 Too Many Requests)'
    expect(run.code).toBe(0)
    expect(readFileSync(join(run.reportsDir, 'junit.xml'), 'utf8')).toContain(
      `<property name="warning" value="${warning}">`,
    )
    expect(htmlAnnotations(join(run.reportsDir, 'html/html.meta.json.gz'))).toContainEqual({
      type: 'warning',
      message: warning,
    })
    // Whatever else reaches GitHub, a warning does: a workflow command on a line of its own,
    // with whatever properties (file, line, title) the reporter gives it.
    expect(run.output.split('\n')).toContainEqual(
      expect.stringMatching(
        /^::warning(?: [^\n]*)?::flaky: GET \/once\/429\?retry-after=1 answered only on attempt 2 \(earlier: 429 Too Many Requests\)$/,
      ),
    )
  })
})
