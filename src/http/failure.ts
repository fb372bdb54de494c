// Turns what undici and Node throw into one sentence a person understands, naming the cause
// and the setting that bounded it. The raw code stays in brackets for searching.
import type { SmokeConfig } from '../config/load.ts'

type Limits = Pick<SmokeConfig, 'timeouts' | 'maxResponseBytes'>

interface Found {
  code: string
  message: string
}

function codeOf(error: unknown, depth = 0): Found {
  const e = (error ?? {}) as {
    code?: unknown
    name?: string
    message?: string
    cause?: unknown
    errors?: unknown[]
  }
  // DOMExceptions carry a legacy numeric code (23 for a timeout); their name says what happened.
  const own = typeof e.code === 'string' ? e.code : e.name
  const found = { code: own ?? 'Error', message: e.message ?? String(error) }
  if (
    depth > 4 ||
    (typeof e.code === 'string' && e.code !== 'UND_ERR_SOCKET' && e.code !== 'UND_ERR_ABORTED')
  )
    return found
  // Node wraps per-address attempts in an AggregateError and undici puts the socket's own
  // error in `cause`: the innermost code says what really happened.
  for (const inner of [e.cause, ...(e.errors ?? [])]) {
    if (inner && typeof inner === 'object' && typeof (inner as { code?: unknown }).code === 'string') {
      return codeOf(inner, depth + 1)
    }
  }
  return found
}

/** The code that says what really happened (ECONNREFUSED, UND_ERR_HEADERS_TIMEOUT, …). */
export function failureCode(error: unknown): string {
  return codeOf(error).code
}

export function describeFailure(error: unknown, url: URL, limits: Limits): string {
  const { code, message } = codeOf(error)
  const host = url.host
  const reason = ((): string => {
    switch (code) {
      case 'ECONNREFUSED':
        return `connection refused by ${host}: nothing is listening there`
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
      case 'EAI_NONAME':
        return `the host name ${url.hostname} does not resolve`
      case 'EHOSTUNREACH':
      case 'ENETUNREACH':
        return `${host} is unreachable from here`
      case 'UND_ERR_CONNECT_TIMEOUT':
      case 'ETIMEDOUT':
        return `no connection to ${host} within ${limits.timeouts.connectMs} ms (SMOKE_CONNECT_TIMEOUT_MS)`
      case 'UND_ERR_HEADERS_TIMEOUT':
        return `${host} accepted the connection but sent no response headers within ${limits.timeouts.headersMs} ms (SMOKE_HEADERS_TIMEOUT_MS)`
      case 'UND_ERR_BODY_TIMEOUT':
        return `the response body stalled for more than ${limits.timeouts.bodyMs} ms (SMOKE_BODY_TIMEOUT_MS)`
      case 'TimeoutError':
      case 'AbortError':
      case 'UND_ERR_ABORTED':
        return `no complete response within ${limits.timeouts.requestMs} ms (SMOKE_REQUEST_TIMEOUT_MS)`
      case 'UND_ERR_RES_EXCEEDED_MAX_SIZE':
        return `the response is larger than the ${limits.maxResponseBytes} byte cap (SMOKE_MAX_RESPONSE_BYTES)`
      case 'ECONNRESET':
      case 'EPIPE':
        return `${host} reset the connection before the response was complete`
      case 'UND_ERR_SOCKET':
      case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
        return `${host} closed the connection before the response was complete`
      case 'CERT_HAS_EXPIRED':
        return `the TLS certificate of ${url.hostname} has expired`
      case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      case 'SELF_SIGNED_CERT_IN_CHAIN':
        return `the TLS certificate of ${url.hostname} is self-signed and not trusted`
      case 'ERR_TLS_CERT_ALTNAME_INVALID':
        return `the TLS certificate is not valid for the host name ${url.hostname}`
      case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
      case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
        return `the TLS certificate of ${url.hostname} comes from an unknown issuer or an incomplete chain`
      case 'ERR_SSL_WRONG_VERSION_NUMBER':
        return `${host} does not speak TLS (is it plain http?)`
      case 'HPE_INVALID_CONSTANT':
      case 'HPE_INVALID_HEADER_TOKEN':
      case 'HPE_INVALID_STATUS':
        return `${host} sent something that is not a valid HTTP response`
      default:
        return message
    }
  })()
  return code === 'Error' ? reason : `${reason} [${code}]`
}
