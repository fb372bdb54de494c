// The one place that decides what must never leave: registered secret values, credential
// headers and credential-looking query parameters. Every output path goes through here.
import { knownSecrets } from './secrets.ts'

export const REDACTED = '[REDACTED]'

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key'])
const SECRET_PARAM =
  /^(?:.*token|.*secret|.*password|passwd|api[-_]?key|key|auth|sig|signature|session|code)$/i
const SECRET_PARAM_IN_TEXT =
  /([?&](?:[\w-]*token|[\w-]*secret|[\w-]*password|passwd|api[-_]?key|key|auth|sig|signature|session|code)=)[^&\s'"#]+/gi
const AUTH_SCHEME_IN_TEXT = /\b(Bearer|Basic|Token)\s+[A-Za-z0-9\-._~+/=]{6,}/g

export function isSecretHeader(name: string): boolean {
  return SECRET_HEADERS.has(name.toLowerCase())
}

export function redact(text: string): string {
  let out = text
  for (const secret of knownSecrets()) out = out.replaceAll(secret, REDACTED)
  return out.replace(SECRET_PARAM_IN_TEXT, `$1${REDACTED}`).replace(AUTH_SCHEME_IN_TEXT, `$1 ${REDACTED}`)
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
  for (const name of [...url.searchParams.keys()]) {
    if (SECRET_PARAM.test(name)) url.searchParams.set(name, REDACTED)
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
