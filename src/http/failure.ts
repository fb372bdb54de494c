// Turns what undici and Node throw into a failure: a stable code, one sentence a person
// understands naming the cause (and the setting that bounded it), and the error as its cause.
// The raw code stays in brackets for searching.
import type { SmokeConfig } from '../config/load.ts'
import type { Failure, FailureCode, TimeoutCode } from './codes.ts'

/** How the timeouts and the size cap of whoever sent the request are named: the client by its settings, a probe by its own. */
export interface Limits {
  timeout(code: TimeoutCode, host: string): string
  /** Absent where nothing reads a response body (a probe). */
  tooLarge?: string
}

type HttpLimits = Pick<SmokeConfig, 'timeouts' | 'maxResponseBytes'>

/** The client's limits, named by the settings that set them. */
export function httpLimits({ timeouts, maxResponseBytes }: HttpLimits): Limits {
  const said: Record<TimeoutCode, (host: string) => string> = {
    TIMEOUT_CONNECT: (host) =>
      `no connection to ${host} within ${timeouts.connectMs} ms (SMOKE_CONNECT_TIMEOUT_MS)`,
    TIMEOUT_HEADERS: (host) =>
      `${host} accepted the connection but sent no response headers within ${timeouts.headersMs} ms (SMOKE_HEADERS_TIMEOUT_MS)`,
    TIMEOUT_BODY: () =>
      `the response body stalled for more than ${timeouts.bodyMs} ms (SMOKE_BODY_TIMEOUT_MS)`,
    TIMEOUT_REQUEST: () => `no complete response within ${timeouts.requestMs} ms (SMOKE_REQUEST_TIMEOUT_MS)`,
  }
  return {
    timeout: (code, host) => said[code](host),
    tooLarge: `the response is larger than the ${maxResponseBytes} byte cap (SMOKE_MAX_RESPONSE_BYTES)`,
  }
}

interface Rule {
  code: FailureCode
  says: (url: URL, limits: Limits) => string
}

const rule = (code: FailureCode, says: Rule['says']): Rule => ({ code, says })
const timeout = (code: TimeoutCode) => rule(code, (url, limits) => limits.timeout(code, url.host))

const REFUSED = rule('ECONNREFUSED', (u) => `connection refused by ${u.host}: nothing is listening there`)
const UNRESOLVED = rule('ENOTFOUND', (u) => `the host name ${u.hostname} does not resolve`)
const UNREACHABLE = rule('EHOSTUNREACH', (u) => `${u.host} is unreachable from here`)
const RESET = rule('ECONNRESET', (u) => `${u.host} reset the connection before the response was complete`)
const CLOSED = rule(
  'CONNECTION_CLOSED',
  (u) => `${u.host} closed the connection before the response was complete`,
)
const SELF_SIGNED = rule(
  'TLS_SELF_SIGNED',
  (u) => `the TLS certificate of ${u.hostname} is self-signed and not trusted`,
)
const UNKNOWN_ISSUER = rule(
  'TLS_UNKNOWN_ISSUER',
  (u) => `the TLS certificate of ${u.hostname} comes from an unknown issuer or an incomplete chain`,
)
const NOT_HTTP = rule('NOT_HTTP', (u) => `${u.host} sent something that is not a valid HTTP response`)

const RULES: Record<string, Rule> = {
  ECONNREFUSED: REFUSED,
  ENOTFOUND: UNRESOLVED,
  EAI_AGAIN: UNRESOLVED,
  EAI_NONAME: UNRESOLVED,
  EHOSTUNREACH: UNREACHABLE,
  ENETUNREACH: UNREACHABLE,
  UND_ERR_CONNECT_TIMEOUT: timeout('TIMEOUT_CONNECT'),
  ETIMEDOUT: timeout('TIMEOUT_CONNECT'),
  UND_ERR_HEADERS_TIMEOUT: timeout('TIMEOUT_HEADERS'),
  UND_ERR_BODY_TIMEOUT: timeout('TIMEOUT_BODY'),
  TimeoutError: timeout('TIMEOUT_REQUEST'),
  AbortError: timeout('TIMEOUT_REQUEST'),
  UND_ERR_ABORTED: timeout('TIMEOUT_REQUEST'),
  UND_ERR_RES_EXCEEDED_MAX_SIZE: rule(
    'TOO_LARGE',
    (_, limits) => limits.tooLarge ?? 'the response is too large',
  ),
  ECONNRESET: RESET,
  EPIPE: RESET,
  UND_ERR_SOCKET: CLOSED,
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: CLOSED,
  CERT_HAS_EXPIRED: rule('TLS_EXPIRED', (u) => `the TLS certificate of ${u.hostname} has expired`),
  DEPTH_ZERO_SELF_SIGNED_CERT: SELF_SIGNED,
  SELF_SIGNED_CERT_IN_CHAIN: SELF_SIGNED,
  ERR_TLS_CERT_ALTNAME_INVALID: rule(
    'TLS_WRONG_HOST',
    (u) => `the TLS certificate is not valid for the host name ${u.hostname}`,
  ),
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: UNKNOWN_ISSUER,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: UNKNOWN_ISSUER,
  ERR_SSL_WRONG_VERSION_NUMBER: rule('NOT_TLS', (u) => `${u.host} does not speak TLS (is it plain http?)`),
  HPE_INVALID_CONSTANT: NOT_HTTP,
  HPE_INVALID_HEADER_TOKEN: NOT_HTTP,
  HPE_INVALID_STATUS: NOT_HTTP,
}

// Wrappers whose own code says less than the error inside them.
const WRAPPERS = new Set(['UND_ERR_SOCKET', 'UND_ERR_ABORTED'])

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
  if (depth > 4 || (typeof e.code === 'string' && !WRAPPERS.has(e.code))) return found
  // Node wraps per-address attempts in an AggregateError and undici puts the socket's own
  // error in `cause`: the innermost code says what really happened.
  for (const inner of [e.cause, ...(e.errors ?? [])]) {
    if (inner && typeof inner === 'object' && typeof (inner as { code?: unknown }).code === 'string') {
      return codeOf(inner, depth + 1)
    }
  }
  return found
}

/** The code undici or Node gave for what really happened (ECONNREFUSED, UND_ERR_HEADERS_TIMEOUT, …). */
export function failureCode(error: unknown): string {
  return codeOf(error).code
}

/** What went wrong on the way to `url`, as a failure with a stable code. */
export function explainFailure(error: unknown, url: URL, limits: Limits): Failure {
  const { code, message } = codeOf(error)
  const found = RULES[code]
  const reason = found ? found.says(url, limits) : message
  return {
    code: found?.code ?? 'REQUEST_FAILED',
    says: code === 'Error' ? reason : `${reason} [${code}]`,
    cause: error,
  }
}
