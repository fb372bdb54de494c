// Failures as data: what undici and Node throw becomes a stable code, a sentence and the cause;
// the errors the engine raises carry both, and errorHeadline gives the sentence alone.
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { formatDuration } from '../../src/http/duration.ts'
import { errorHeadline, SmokeError } from '../../src/http/errors.ts'
import { explainFailure, httpLimits } from '../../src/http/failure.ts'
import { assertAllowed, RequestBudget } from '../../src/http/guard.ts'
import { SchemaMismatchError } from '../../src/http/response.ts'
import { Wire } from '../../src/http/wire.ts'
import { fakeResponse } from './fake-response.ts'

const URL_ = new URL('http://127.0.0.1:8000/health')
const LIMITS = httpLimits({
  timeouts: { connectMs: 100, headersMs: 200, bodyMs: 300, requestMs: 400 },
  maxResponseBytes: 1000,
})
const thrown = (code: string, extra: object = {}) =>
  Object.assign(new Error(`raw ${code}`), { code, ...extra })

describe('explainFailure', () => {
  it.each([
    ['ECONNREFUSED', 'ECONNREFUSED', 'connection refused by 127.0.0.1:8000: nothing is listening there'],
    ['EAI_AGAIN', 'ENOTFOUND', 'the host name 127.0.0.1 does not resolve'],
    ['UND_ERR_HEADERS_TIMEOUT', 'TIMEOUT_HEADERS', 'within 200 ms (SMOKE_HEADERS_TIMEOUT_MS)'],
    ['UND_ERR_BODY_TIMEOUT', 'TIMEOUT_BODY', 'more than 300 ms (SMOKE_BODY_TIMEOUT_MS)'],
    ['UND_ERR_CONNECT_TIMEOUT', 'TIMEOUT_CONNECT', 'within 100 ms (SMOKE_CONNECT_TIMEOUT_MS)'],
    ['UND_ERR_RES_EXCEEDED_MAX_SIZE', 'TOO_LARGE', 'the 1000 byte cap (SMOKE_MAX_RESPONSE_BYTES)'],
    ['EPIPE', 'ECONNRESET', 'reset the connection'],
    ['CERT_HAS_EXPIRED', 'TLS_EXPIRED', 'has expired'],
  ])('%s is %s, keeps the raw code in brackets and the error as cause', (raw, code, says) => {
    const error = thrown(raw)
    const failure = explainFailure(error, URL_, LIMITS)
    expect(failure).toMatchObject({ code, cause: error })
    expect(failure.says).toContain(says)
    expect(failure.says.endsWith(` [${raw}]`)).toBe(true)
  })

  it('finds the code inside the wrappers undici and Node put around it', () => {
    const refused = thrown('ECONNREFUSED')
    expect(explainFailure(thrown('UND_ERR_SOCKET', { cause: refused }), URL_, LIMITS).code).toBe(
      'ECONNREFUSED',
    )
    const perAddress = Object.assign(new AggregateError([refused]), { code: undefined })
    expect(explainFailure(perAddress, URL_, LIMITS).code).toBe('ECONNREFUSED')
  })

  it('names a whole-request timeout by its DOMException name', () => {
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError')
    expect(explainFailure(timeout, URL_, LIMITS)).toMatchObject({
      code: 'TIMEOUT_REQUEST',
      says: 'no complete response within 400 ms (SMOKE_REQUEST_TIMEOUT_MS) [TimeoutError]',
    })
  })

  it('gives what it cannot name a code of its own, with the original message', () => {
    expect(explainFailure(thrown('EWHATEVER'), URL_, LIMITS)).toMatchObject({
      code: 'REQUEST_FAILED',
      says: 'raw EWHATEVER [EWHATEVER]',
    })
  })
})

describe('the errors the engine raises', () => {
  it('refusals say which: an unsafe method or the budget', () => {
    const remote = { environment: 'staging', local: false, allowMutations: false }
    expect(() => assertAllowed('POST', '/x', false, remote)).toThrow(
      expect.objectContaining({ code: 'UNSAFE_METHOD' }),
    )
    const budget = new RequestBudget(0)
    expect(() => budget.take('GET', '/x')).toThrow(expect.objectContaining({ code: 'BUDGET_EXHAUSTED' }))
  })

  it('a schema mismatch has its code, the zod error as cause, and a headline without the evidence', () => {
    const res = fakeResponse({ body: { n: 'x' } })
    const error = (() => {
      try {
        res.parse(z.object({ n: z.number() }))
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(SchemaMismatchError)
    expect(error).toMatchObject({ code: 'SCHEMA_MISMATCH', cause: expect.any(z.ZodError) })
    expect(errorHeadline(error)).toBe(
      'GET /api/posts?limit=5 answered 200 OK with a body that does not match the schema: ✖ Invalid input: expected number, received string → at n',
    )
    expect((error as Error).message).toContain('\n\n  sent:      GET http://127.0.0.1:8000/api/posts?limit=5')
  })

  it('a body that is not JSON is NOT_JSON', () => {
    const html = fakeResponse({ body: '<html>', headers: { 'content-type': 'text/html' } })
    expect(html.schemaFailure(z.object({}))).toMatchObject({ code: 'NOT_JSON' })
  })
})

describe('errorHeadline', () => {
  it("gives a SmokeError's own sentence", () => {
    expect(errorHeadline(new SmokeError('NO_TOKEN', 'the one sentence'))).toBe('the one sentence')
  })

  it('gives the opening line of any other error, or of what Vitest serialised of one', () => {
    expect(errorHeadline(new Error('expected 200, got 503\n\n  sent: …'))).toBe('expected 200, got 503')
    expect(errorHeadline({ message: 'first\nsecond' })).toBe('first')
    expect(errorHeadline('plain')).toBe('plain')
  })

  it("brings a list's first item along when the sentence announces one", () => {
    expect(
      errorHeadline({ message: 'does not match the schema:\n✖ bad\n  → at n\n✖ worse\n\n  sent:' }),
    ).toBe('does not match the schema: ✖ bad → at n')
  })
})

describe('formatDuration', () => {
  it.each([
    [3.44, '3.4 ms'],
    [0.05, '0.1 ms'],
    [12.6, '13 ms'],
    [1002, '1002 ms'],
  ])('%s → %s', (ms, shown) => {
    expect(formatDuration(ms)).toBe(shown)
  })
})

describe('Wire', () => {
  const bytes = (text: string) => Buffer.from(text, 'latin1')

  it('sees every Content-Length of a head, however the bytes were split', () => {
    const wire = new Wire('GET')
    wire.feed(bytes('HTTP/1.1 200 OK\r\nContent-Length: 11\r\nconte'))
    wire.feed(bytes('nt-length: 12\r\n\r\n{"ok":true}'))
    expect(wire.contentLengths()).toEqual(['11', '12'])
    // Two lengths declare no one end: undici judges such a message, not the wire.
    expect(wire.overrun()).toBeUndefined()
  })

  it('counts what came past the declared end, across chunks', () => {
    const wire = new Wire('GET')
    wire.feed(bytes('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{'))
    wire.feed(bytes('}HTTP/1.1 '))
    wire.feed(bytes('200 OK\r\n'))
    expect(wire.overrun()).toEqual({ bytes: 17, start: 'HTTP/1.1 200 OK\r\n' })
  })

  it('expects no body after a response to HEAD, nor after a 204', () => {
    const head = new Wire('HEAD')
    head.feed(bytes('HTTP/1.1 200 OK\r\ncontent-length: 20\r\n\r\n'))
    expect(head.overrun()).toBeUndefined()
    head.feed(bytes('x'))
    expect(head.overrun()).toEqual({ bytes: 1, start: 'x' })
    const empty = new Wire('GET')
    empty.feed(bytes('HTTP/1.1 204 No Content\r\n\r\n'))
    expect(empty.overrun()).toBeUndefined()
  })

  it('leaves chunked framing to undici', () => {
    const wire = new Wire('GET')
    wire.feed(bytes('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n'))
    expect(wire.overrun()).toBeUndefined()
  })
})
