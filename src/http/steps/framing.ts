// Framing faults, named: undici reports two Content-Length headers as a length mismatch, a body
// cut short as a closed socket, and bytes past the end of a response not at all (it drops the
// connection after handing the response over). The bytes that came say which it was.

import type { Failure } from '../codes.ts'
import { failureCode } from '../failure.ts'
import type { Wire } from '../wire.ts'

/** The failure restated with a cause more precise than undici's, its raw code kept for searching. */
const restate = (failure: Failure, code: Failure['code'], reason: string): Failure => ({
  code,
  says: `${reason} [${failureCode(failure.cause)}]`,
  cause: failure.cause,
})

/** Before any header: llhttp refuses repeated Content-Length headers, undici says "mismatch". */
export function framingFailure(failure: Failure, url: URL, wire: Wire | undefined): Failure {
  const lengths = wire?.contentLengths() ?? []
  if (failureCode(failure.cause) !== 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH' || lengths.length < 2)
    return failure
  const differ = new Set(lengths).size > 1
  const reason = differ
    ? `${url.host} sent ${lengths.length} different Content-Length headers (${lengths.join(', ')}): where the body ends cannot be known`
    : `${url.host} sent the Content-Length header ${lengths.length} times (${lengths[0]} each), which the HTTP parser refuses`
  return restate(failure, 'CONFLICTING_CONTENT_LENGTH', reason)
}

/** The body broke off: when the server closed the connection early, say how early. */
export function failedBody(
  failure: Failure,
  url: URL,
  bytes: number,
  headers: Record<string, string>,
): Failure {
  const declared = Number(headers['content-length'])
  if (failure.code !== 'CONNECTION_CLOSED' || !(bytes < declared)) return failure
  return restate(
    failure,
    'BODY_SHORTER_THAN_DECLARED',
    `${url.host} closed the connection before the response was complete: the body ended after ${bytes} of the ${declared} bytes its Content-Length declares`,
  )
}

/** Bytes past the declared end: a second response nobody asked for, or a body longer than declared. */
export function overrunOf(wire: Wire | undefined, headers: Record<string, string>): Failure | undefined {
  const overrun = wire?.overrun()
  if (!overrun) return undefined
  if (overrun.start.startsWith('HTTP/')) {
    const [statusLine] = overrun.start.split('\r\n')
    const says = `another response ("${statusLine}", ${overrun.bytes} bytes) followed it on the connection, though only one was asked for`
    return { code: 'EXTRA_RESPONSE', says }
  }
  const says = `the body is longer than its Content-Length of ${headers['content-length']} bytes: ${overrun.bytes} more bytes followed it`
  return { code: 'BODY_LONGER_THAN_DECLARED', says }
}
