// The one place that decides what must never leave: registered secret values, credential
// headers and credential-looking query parameters. Every output path goes through here.
import { CREDENTIAL_NAMES, isCredentialName } from './credential-names.ts'
import { findSecrets } from './secrets.ts'

export const REDACTED = '[REDACTED]'

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie'])
// In a query string (or a form body) two more names carry credentials: `key`, as Google's APIs
// take an API key, and `code` when OAuth's other parameters beside it show it is an
// authorization code, not a country or an error code.
const QUERY_NAME = new RegExp(`^(?:${CREDENTIAL_NAMES}|key)$`, 'i')
// In text, a parameter starts a query, follows another or starts a word (a form body, a cookie,
// a message); its value ends where a query, a cookie or a quoted string would end it.
const QUERY_CREDENTIAL_IN_TEXT = new RegExp(`((?:^|[?&\\s])(?:${CREDENTIAL_NAMES}|key)=)[^&;\\s'"#]+`, 'gi')
const OAUTH_CONTEXT = /(?:^|[?&\s])(?:state|redirect_uri|client_id|code_verifier|grant_type)=/i
const OAUTH_CODE_IN_TEXT = /((?:^|[?&\s])code=)[^&;\s'"#]+/gi
// After the scheme, a word and `=` start a parameter (`Bearer realm="admin"`), which stays
// readable; a credential (token68, RFC 9110 §11.2) ends in `=` only as base64's padding.
const AUTH_SCHEME_IN_TEXT = /\b(Bearer|Basic|Token)\s+(?![A-Za-z_-]+=(?!=))[A-Za-z0-9\-._~+/=]{6,}/g

export function isSecretHeader(name: string): boolean {
  return SECRET_HEADERS.has(name.toLowerCase()) || isCredentialName(name)
}

function redactSecrets(text: string): string {
  let out = ''
  let copied = 0
  for (const [from, to] of findSecrets(text)) {
    out += text.slice(copied, from) + REDACTED
    copied = to
  }
  return copied ? out + text.slice(copied) : text
}

export function redact(text: string): string {
  let out = redactSecrets(text)
  out = out.replace(QUERY_CREDENTIAL_IN_TEXT, `$1${REDACTED}`)
  if (OAUTH_CONTEXT.test(out)) out = out.replace(OAUTH_CODE_IN_TEXT, `$1${REDACTED}`)
  return out.replace(AUTH_SCHEME_IN_TEXT, `$1 ${REDACTED}`)
}

/** Whether the text holds something redaction would hide: a secret, a credential parameter, a token. */
export function containsSecret(text: string): boolean {
  return redact(text) !== text
}

export function redactUrl(raw: string): string {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return redact(raw)
  }
  if (url.username || url.password) {
    url.username = ''
    url.password = ''
  }
  const oauth = OAUTH_CONTEXT.test(url.search)
  for (const name of [...url.searchParams.keys()]) {
    if (QUERY_NAME.test(name) || (oauth && name.toLowerCase() === 'code'))
      url.searchParams.set(name, REDACTED)
  }
  // URLSearchParams percent-encodes the brackets; keep the marker readable.
  return redact(url.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED))
}

export function redactHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    const joined = Array.isArray(value) ? value.join(', ') : value
    out[name] = isSecretHeader(name) ? REDACTED : redact(joined)
  }
  return out
}
