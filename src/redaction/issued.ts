// Credentials the service hands out: the value of a session cookie, the tokens of a login
// answer. They become secrets the moment the response arrives, so a check that asserts on one
// cannot print it.
import { isCredentialName } from './credential-names.ts'

// Lower-case words, upper-case constants and plain numbers ("deleted", "NOT_FOUND", "3600")
// are no credentials, and redacting one would blank that word all over the reports.
const PLAIN = /^(?:[a-z]+(?:[-_ ][a-z]+)*|[A-Z]+(?:_[A-Z]+)*|\d+)$/
// JSON nests far less than this; the bound keeps a pathological body from exhausting the stack.
const MAX_DEPTH = 32

function isCredentialValue(value: string): boolean {
  return value !== '' && !PLAIN.test(value)
}

/** A session cookie's value: named like a credential or kept from scripts (HttpOnly), and not being cleared. */
function cookieSecret(line: string): string | undefined {
  const [pair = '', ...rest] = line.split(';')
  const at = pair.indexOf('=')
  if (at <= 0) return undefined
  const name = pair.slice(0, at).trim()
  const value = pair
    .slice(at + 1)
    .trim()
    .replace(/^"(.*)"$/, '$1')
  const attributes = rest.map((attribute) => attribute.trim().toLowerCase())
  const cleared = attributes.some(
    (attribute) =>
      /^max-age=(?:0+|-\d+)$/.test(attribute) ||
      (attribute.startsWith('expires=') && Date.parse(attribute.slice('expires='.length)) <= Date.now()),
  )
  const credential = isCredentialName(name) || attributes.includes('httponly')
  return credential && !cleared && isCredentialValue(value) ? value : undefined
}

/** `within`: below a credential-named key, where every string is part of the credential. */
function bodySecrets(value: unknown, found: string[], depth: number, within = false): void {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return
  for (const [key, inner] of Object.entries(value)) {
    const credential = within || isCredentialName(key)
    if (typeof inner === 'string') {
      if (credential && isCredentialValue(inner)) found.push(inner)
    } else bodySecrets(inner, found, depth + 1, credential)
  }
}

/** The credentials in a response: its Set-Cookie lines and, when it is JSON, its parsed body. */
export function issuedSecrets(setCookies: readonly string[], body: unknown): string[] {
  const found: string[] = []
  for (const line of setCookies) {
    const value = cookieSecret(line)
    if (value !== undefined) found.push(value)
  }
  bodySecrets(body, found, 0)
  return found
}
