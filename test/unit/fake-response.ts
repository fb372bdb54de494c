// A SmokeResponse without a server, for matcher tests: the status, body and headers given, and
// an exchange record as the client would have written it.
import type { Exchange } from '../../src/http/exchange.ts'
import { SmokeResponse } from '../../src/http/response.ts'

export interface FakeResponse {
  status?: number
  statusText?: string
  body?: unknown
  headers?: Record<string, string>
  url?: string
  totalMs?: number
}

export function fakeResponse({
  status = 200,
  statusText = 'OK',
  body = {},
  headers = {},
  url = 'http://127.0.0.1:8000/api/posts?limit=5',
  totalMs = 4,
}: FakeResponse = {}): SmokeResponse {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  const all = { 'content-type': 'application/json', ...headers }
  const exchange: Exchange = {
    method: 'GET',
    url,
    status,
    statusText,
    requestHeaders: {},
    responseHeaders: all,
    contentType: all['content-type'],
    bytes: text.length,
    bodyExcerpt: text,
    timings: {
      startedAt: new Date(0).toISOString(),
      ttfbMs: totalMs - 1,
      totalMs,
      attemptMs: totalMs,
      phases: {
        newConnection: false,
        dnsMs: null,
        connectMs: null,
        tlsMs: null,
        waitMs: totalMs - 1,
        downloadMs: 1,
      },
    },
    attempts: 1,
    retries: [],
    redirects: [],
    curl: `curl -sS -i '${url}'`,
  }
  return new SmokeResponse(exchange, all, text, body)
}
