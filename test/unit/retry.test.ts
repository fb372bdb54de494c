import { describe, expect, it } from 'vitest'
import { decideRetry } from '../../src/http/retry.ts'

const CONFIG = { retries: 2, retryAfterCapMs: 5000 }

describe('decideRetry', () => {
  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('never retries %s, whatever happened', (method) => {
    expect(decideRetry(method, 1, { status: 503 }, CONFIG)).toEqual({ retry: false })
    expect(decideRetry(method, 1, { errorCode: 'ECONNRESET' }, CONFIG)).toEqual({ retry: false })
  })

  it.each([
    [{ status: 503 }, true],
    [{ status: 429 }, true],
    [{ errorCode: 'ECONNREFUSED' }, true],
    [{ errorCode: 'ECONNRESET' }, true],
    [{ errorCode: 'CONNECTION_CLOSED' }, true],
    [{ errorCode: 'BODY_SHORTER_THAN_DECLARED' }, true],
    [{ status: 404 }, false],
    [{ status: 200 }, false],
    [{ errorCode: 'TIMEOUT_HEADERS' }, false],
    [{ errorCode: 'TLS_EXPIRED' }, false],
    [{ errorCode: 'TOO_LARGE' }, false],
    [{ errorCode: 'CONFLICTING_CONTENT_LENGTH' }, false],
    [{ errorCode: 'EXTRA_RESPONSE' }, false],
  ])('retries a GET only for blips: %o → %s', (outcome, retried) => {
    expect(decideRetry('GET', 1, outcome, CONFIG).retry).toBe(retried)
  })

  it('stops when the budget is spent', () => {
    expect(decideRetry('GET', 3, { status: 503 }, CONFIG)).toEqual({ retry: false })
  })

  it('waits as long as Retry-After asks, up to the cap, and refuses a longer wait with a reason', () => {
    expect(decideRetry('GET', 1, { status: 503, retryAfter: '2' }, CONFIG)).toEqual({
      retry: true,
      waitMs: 2000,
    })
    expect(decideRetry('HEAD', 1, { status: 429, retryAfter: '30' }, CONFIG)).toEqual({
      retry: false,
      why: 'not retried: Retry-After asks for 30 s, more than the 5000 ms cap (SMOKE_RETRY_AFTER_CAP_MS)',
    })
  })
})
