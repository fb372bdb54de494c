// The one record of an exchange, redacted: handed to onExchange (annotation, run record) before
// the check sees the outcome, so a failure always has its evidence. A failure is thrown here.

import { STATUS_CODES } from 'node:http'
import { performance } from 'node:perf_hooks'
import { redact, redactHeaders, redactUrl } from '../../redaction/redact.ts'
import { knownSecrets } from '../../redaction/secrets.ts'
import type { Failure } from '../codes.ts'
import { toCurl } from '../curl.ts'
import { RequestFailedError, ResponseFormatError } from '../errors.ts'
import type { Exchange } from '../exchange.ts'
import { SmokeResponse } from '../response.ts'
import type { Call, Reply, Step } from './pipeline.ts'

const EXCERPT_BYTES = 4096

/**
 * The body's first bytes for the record, redacted before the cut: a secret across it would keep
 * its first half. Only the start is redacted, with room for the longest secret to lie across the
 * cut: a body can be megabytes long.
 */
function excerptOf(text: string): string {
  const longest = knownSecrets()[0]?.length ?? 0
  return Buffer.from(redact(text.slice(0, EXCERPT_BYTES + longest)))
    .subarray(0, EXCERPT_BYTES)
    .toString('utf8')
}

function received(
  reply: Reply,
): Pick<Exchange, 'status' | 'statusText' | 'responseHeaders' | 'bytes' | 'bodyExcerpt'> & Partial<Exchange> {
  if (reply.kind === 'error')
    return { status: null, statusText: '', responseHeaders: {}, bytes: 0, bodyExcerpt: '' }
  const { decoded } = reply
  return {
    status: reply.status,
    statusText: STATUS_CODES[reply.status] ?? '',
    responseHeaders: redactHeaders(reply.headers),
    contentType: reply.headers['content-type'],
    bytes: reply.raw.byteLength,
    bodyExcerpt: !decoded || decoded.undecodable ? '(undecodable)' : excerptOf(decoded.text),
    ...(decoded?.shape && { shape: decoded.shape }),
  }
}

export function exchangeOf(call: Call, reply: Reply, failure: Failure | undefined): Exchange {
  const { trail } = call
  return {
    method: call.method,
    url: redactUrl(call.url.toString()),
    ...received(reply),
    // A JSON parse error quotes the text around the fault, which may be a secret.
    ...(failure && { error: redact(failure.says), code: failure.code }),
    ...(trail.notes.length > 0 && { notes: [...trail.notes] }),
    requestHeaders: redactHeaders(call.headers),
    attempts: trail.attempts,
    retries: trail.retries,
    redirects: trail.redirects,
    curl: toCurl(call.method, call.url.toString(), call.headers, call.body),
    timings: {
      startedAt: trail.startedAt,
      ttfbMs: reply.ttfbMs,
      totalMs: performance.now() - trail.start,
      attemptMs: reply.ms,
      phases: reply.phases,
    },
  }
}

export const record =
  (onExchange?: (exchange: Exchange) => unknown): Step =>
  (next) =>
  async (call) => {
    const reply = await next(call)
    const failure = reply.kind === 'error' ? reply.failure : reply.problem
    const exchange = exchangeOf(call, reply, failure)
    if (call.record) await onExchange?.(exchange)
    if (reply.kind === 'error') throw new RequestFailedError(reply.failure, exchange)
    if (failure) throw new ResponseFormatError(failure, exchange)
    return { ...reply, exchange }
  }

/** What the check gets. Only a recorded, decoded answer can arrive here: the record step throws the rest. */
export function responseOf(reply: Reply): SmokeResponse {
  if (reply.kind === 'error' || !reply.exchange || !reply.decoded)
    throw new TypeError('the pipeline lacks its record or decode step')
  return new SmokeResponse(reply.exchange, reply.headers, reply.decoded.text, reply.decoded.value)
}
