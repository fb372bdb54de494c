// A curl command that reproduces an exchange, with every secret replaced: safe to paste
// into a ticket. The marker shows where the reader must put their own token.
import { isSecretHeader, REDACTED, redact, redactUrl } from '../redaction/redact.ts'

const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`

export function toCurl(method: string, url: string, headers: Record<string, string>, body?: string): string {
  const parts = ['curl', '-sS', '-i']
  if (method === 'HEAD') parts.push('-I')
  else if (method !== 'GET') parts.push('-X', method)
  parts.push(quote(redactUrl(url)))
  for (const [name, value] of Object.entries(headers)) {
    // curl asks for compression itself with --compressed, and then decodes what comes back;
    // the header alone would print a gzipped body as binary.
    if (name.toLowerCase() === 'accept-encoding') {
      parts.push('--compressed')
      continue
    }
    const shown = isSecretHeader(name)
      ? /^bearer /i.test(value)
        ? `Bearer ${REDACTED}`
        : REDACTED
      : redact(value)
    parts.push('-H', quote(`${name}: ${shown}`))
  }
  if (body !== undefined) parts.push('--data-raw', quote(redact(body)))
  return parts.join(' ')
}
