// Issue 3's fault matrix, and issue 13's framing faults: for each way the network or a response
// can go wrong, the check fails with one sentence naming the cause, ended by the mechanism that
// should end it (the timer that fired, the cap, the bytes that came, never Vitest's timeout),
// while the other checks still run and report, and no rejection or socket is left behind.
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { BOM_NOTE } from '../../src/http/steps/decode.ts'
import { smoke } from '../support/cli.ts'
import { startFaultServer } from '../support/fault-server.ts'
import { ENGINE_SUITE, runChecks } from '../support/run-checks.ts'

// undici checks its header and body timers on a clock that ticks every 499 ms, so they fire up
// to two ticks late, later still on a loaded machine: the whole-request timeout stays far
// enough behind them that it never ends a check one of them should have ended.
const TIMEOUTS = { headers: 300, body: 300, request: 3000 }
const RETRY_AFTER_MS = 1000

/**
 * `code` is the failure code on the check's last exchange: the mechanism that ended it (a timer
 * that fired, a cap, a framing fault). None where the exchange itself went fine and a matcher
 * judged it, or where the check's own client records nothing.
 */
const EXPECTED: Record<string, { says: RegExp; code?: string | string[]; attempts?: number }> = {
  'headers never come': {
    says: /GET \/hang failed: 127\.0\.0\.1:\d+ accepted the connection but sent no response headers within 300 ms \(SMOKE_HEADERS_TIMEOUT_MS\)/,
    code: 'TIMEOUT_HEADERS',
  },
  'the body stalls after the headers': {
    says: /GET \/stall-body failed: the response body stalled for more than 300 ms \(SMOKE_BODY_TIMEOUT_MS\)/,
    code: 'TIMEOUT_BODY',
  },
  'the body trickles in slower than the budget': {
    says: /GET \/trickle failed: no complete response within 3000 ms \(SMOKE_REQUEST_TIMEOUT_MS\)/,
    code: 'TIMEOUT_REQUEST',
  },
  'the connection is reset mid-body': {
    says: /GET \/reset failed: 127\.0\.0\.1:\d+ (reset|closed) the connection before the response was complete/,
    code: ['ECONNRESET', 'CONNECTION_CLOSED', 'BODY_SHORTER_THAN_DECLARED'],
    attempts: 2,
  },
  'the body is larger than the cap (content-length)': {
    says: /GET \/big-with-length failed: the response is larger than the 100000 byte cap \(SMOKE_MAX_RESPONSE_BYTES\)/,
    code: 'TOO_LARGE',
  },
  'the body is larger than the cap (chunked)': {
    says: /GET \/big-chunked failed: the response is larger than the 100000 byte cap/,
    code: 'TOO_LARGE',
  },
  'invalid JSON under a JSON content type': {
    says: /GET \/bad-json answered 200, but the body is not valid JSON although content-type is application\/json/,
    code: 'NOT_JSON',
  },
  'an empty body under a JSON content type': {
    says: /GET \/empty answered 200, but the body is empty although content-type is application\/json/,
    code: 'EMPTY_BODY',
  },
  'an HTML page where JSON was expected': {
    says: /GET \/html answered 200 with content-type text\/html; charset=utf-8, expected a JSON body/,
  },
  'a wrong content type': {
    says: /GET \/wrong-type answered 200 with content-type text\/plain, expected a JSON body/,
  },
  'a 5xx HTML error page': {
    says: /expected GET \/error-page to answer 200, got 502 Bad Gateway[\s\S]*attempts: {2}2 \(earlier: 502 Bad Gateway\)/,
    attempts: 2,
  },
  'a 429 with a long Retry-After': {
    says: /expected GET \/too-many to answer 200, got 429 Too Many Requests[\s\S]*not retried: Retry-After asks for 60 s, more than the 5000 ms cap/,
    attempts: 1,
  },
  'a corrupt gzip body': {
    says: /GET \/corrupt-gzip answered 200, but the gzip body is corrupt and cannot be decoded/,
    code: 'CORRUPT_ENCODING',
  },
  'a redirect to another origin, not followed': {
    says: /to answer 200, got 302 Found[\s\S]*location: http:\/\/127\.0\.0\.1:\d+\/echo/,
  },
  'connection refused': {
    says: /GET \/ok failed: connection refused by 127\.0\.0\.1:\d+: nothing is listening there \[ECONNREFUSED\]/,
    code: 'ECONNREFUSED',
    attempts: 2,
  },
  'a redirect loop': {
    says: /GET \/loop-a failed: the redirects go round in a loop or past 5 hops: \/loop-a → \/loop-b → \/loop-a/,
    code: 'REDIRECT_LOOP',
  },
  'a name that does not resolve': {
    says: /GET \/health failed: the host name status\.no-such-host\.invalid does not resolve \[ENOTFOUND\]/,
  },
  'two different Content-Length headers': {
    says: /GET \/two-lengths failed: 127\.0\.0\.1:\d+ sent 2 different Content-Length headers \(11, 12\): where the body ends cannot be known \[UND_ERR_RES_CONTENT_LENGTH_MISMATCH\]/,
    code: 'CONFLICTING_CONTENT_LENGTH',
    attempts: 1,
  },
  'a body shorter than its Content-Length': {
    says: /GET \/short-body failed: 127\.0\.0\.1:\d+ closed the connection before the response was complete: the body ended after 11 of the 100 bytes its Content-Length declares \[UND_ERR_SOCKET\]/,
    code: 'BODY_SHORTER_THAN_DECLARED',
    // A connection closed early is a blip: retried, like a reset.
    attempts: 2,
  },
  'a body longer than its Content-Length': {
    says: /GET \/long-body answered 200, but the body is longer than its Content-Length of 11 bytes: 11 more bytes followed it/,
    code: 'BODY_LONGER_THAN_DECLARED',
    attempts: 1,
  },
  'a response after the response': {
    says: /GET \/extra-response answered 200, but another response \("HTTP\/1\.1 200 OK", 40 bytes\) followed it on the connection, though only one was asked for/,
    code: 'EXTRA_RESPONSE',
    attempts: 1,
  },
  'a gzip body that inflates past the cap': {
    says: /GET \/gzip-bomb answered 200, but the gzip body decodes to more than the 100000 byte cap \(SMOKE_MAX_RESPONSE_BYTES\)/,
    code: 'TOO_LARGE',
    attempts: 1,
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

  it.each(Object.entries(EXPECTED))('%s: fails, naming the cause, ended by its mechanism', (name, row) => {
    const outcome = run.get(name)
    expect(outcome.state).toBe('failed')
    expect(outcome.message).toMatch(row.says)
    expect(outcome.message).not.toMatch(/Test timed out|UND_ERR_\w+\)?$/m)
    const last = outcome.exchanges.at(-1)
    if (row.code !== undefined) expect([row.code].flat()).toContain(last?.code)
    else expect(last?.code).toBeUndefined()
    if (row.attempts !== undefined) expect(last?.attempts).toBe(row.attempts)
  })

  it('accepts JSON behind a UTF-8 byte order mark, and notes it on the exchange', () => {
    const outcome = run.get('JSON behind a UTF-8 byte order mark passes')
    expect(outcome.state).toBe('passed')
    expect(outcome.exchanges).toMatchObject([{ status: 200, notes: [BOM_NOTE] }])
    expect(outcome.exchanges[0]).not.toHaveProperty('error')
  })

  it('reads no further than the declared end of a body that runs past it', () => {
    // The whole message came in one write: the client had it all, and kept only what was declared.
    expect(run.get('a body longer than its Content-Length').exchanges).toMatchObject([{ bytes: 11 }])
    expect(requestsTo('/long-body')).toHaveLength(1)
    expect(requestsTo('/extra-response')).toHaveLength(1)
    expect(requestsTo('/short-body')).toHaveLength(2)
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
    expectFlakyPass(
      'a 429 with a short Retry-After, then 200',
      '/once/429?retry-after=1',
      '429 Too Many Requests',
    )
    const [first, second] = requestsTo('/once/429')
    expect(requestsTo('/once/429')).toHaveLength(2)
    // libuv's timers run on a millisecond clock, so they may fire a hair early by performance.now().
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(RETRY_AFTER_MS - 2)
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
