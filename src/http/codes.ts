// The stable codes of every failure the engine raises: what code (a retry rule, a sample's
// timeout count, the run record) reads instead of a message. The raw code of what undici or Node
// threw stays in the sentence's brackets for searching, and the error itself in `cause`.

export const TIMEOUT_CODES = [
  'TIMEOUT_CONNECT',
  'TIMEOUT_HEADERS',
  'TIMEOUT_BODY',
  'TIMEOUT_REQUEST',
] as const
export type TimeoutCode = (typeof TIMEOUT_CODES)[number]

export type FailureCode =
  // No usable response: the network, TLS or the message framing.
  | 'ECONNREFUSED'
  | 'ENOTFOUND'
  | 'EHOSTUNREACH'
  | 'ECONNRESET'
  | 'CONNECTION_CLOSED'
  | TimeoutCode
  | 'TOO_LARGE'
  | 'TLS_EXPIRED'
  | 'TLS_SELF_SIGNED'
  | 'TLS_WRONG_HOST'
  | 'TLS_UNKNOWN_ISSUER'
  | 'NOT_TLS'
  | 'NOT_HTTP'
  | 'BODY_SHORTER_THAN_DECLARED'
  | 'CONFLICTING_CONTENT_LENGTH'
  | 'REDIRECT_LOOP'
  | 'REQUEST_FAILED'
  // A response came, but not one a check can use.
  | 'BODY_LONGER_THAN_DECLARED'
  | 'EXTRA_RESPONSE'
  | 'UNKNOWN_ENCODING'
  | 'CORRUPT_ENCODING'
  | 'EMPTY_BODY'
  | 'NOT_JSON'
  | 'SCHEMA_MISMATCH'
  // A response the service's own OpenAPI document does not describe (src/contract).
  | 'CONTRACT_NO_OPERATION'
  | 'CONTRACT_UNDOCUMENTED_STATUS'
  | 'CONTRACT_CONTENT_TYPE'
  | 'CONTRACT_SCHEMA'
  | 'CONTRACT_HEADER'
  // The coverage walk's "not a server error": a 5xx is a finding even where it is documented.
  | 'CONTRACT_SERVER_ERROR'
  // Refused before a byte was sent.
  | 'UNSAFE_METHOD'
  | 'BUDGET_EXHAUSTED'
  | 'NO_TOKEN'

/** A failure as data: its code, the sentence that names it, and what was thrown, if anything. */
export interface Failure {
  code: FailureCode
  says: string
  cause?: unknown
}

export function isTimeout(code: string | undefined): boolean {
  return (TIMEOUT_CODES as readonly (string | undefined)[]).includes(code)
}
