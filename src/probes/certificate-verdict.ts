// Judges a TLS probe the way a browser would, in words: "expired 3 days ago", "self-signed and
// not trusted", "not valid for host x (SANs: …)", "expires in 5 days, need at least 14".
import type { TlsProbe } from './tls.ts'

const DAY_MS = 24 * 60 * 60 * 1000

// Expiry and host name are judged from the certificate itself; these codes say nothing more.
const COVERED = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID'])

const TRUST: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed and not trusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'chained to a self-signed root that is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    'issued by a CA that is not trusted, or served without its intermediate certificates',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    'issued by a CA that is not trusted, or served without its intermediate certificates',
  UNABLE_TO_GET_ISSUER_CERT: 'served without the certificate of its issuer',
  CERT_REVOKED: 'revoked',
}

/** "3 days", "5 hours", "1 minute": the largest whole unit, for messages. */
export function span(ms: number): string {
  const abs = Math.abs(ms)
  const [amount, unit] =
    abs >= DAY_MS
      ? [abs / DAY_MS, 'day']
      : abs >= 3_600_000
        ? [abs / 3_600_000, 'hour']
        : [abs / 60_000, 'minute']
  const whole = Math.floor(amount)
  return `${whole} ${unit}${whole === 1 ? '' : 's'}`
}

function validity(probe: TlsProbe, minDays: number): string | undefined {
  const certificate = probe.certificate
  if (certificate === undefined) return undefined
  const now = Date.parse(probe.checkedAt)
  const from = Date.parse(certificate.validFrom)
  const left = Date.parse(certificate.validTo) - now
  if (from > now) return `not valid until ${certificate.validFrom} (in ${span(from - now)})`
  if (left <= 0) return `expired ${span(left)} ago`
  if (left < minDays * DAY_MS) return `expires in ${span(left)}, need at least ${minDays}`
  return undefined
}

export interface CertificatePolicy {
  /** Days the certificate must still be valid for; 0 only asks that it has not expired. */
  minDays?: number
}

/** Every way the certificate falls short, one phrase each; empty when it is fine. */
export function certificateProblems(probe: TlsProbe, { minDays = 0 }: CertificatePolicy = {}): string[] {
  if (probe.error !== undefined) return [`could not be read: ${probe.error}`]
  if (probe.certificate === undefined) return ['was not sent: the server presented no certificate']
  const problems: string[] = []
  const expiry = validity(probe, minDays)
  if (expiry) problems.push(expiry)
  const code = probe.authorizationError
  if (code !== undefined && !COVERED.has(code)) problems.push(TRUST[code] ?? `not trusted (${code})`)
  if (probe.hostnameError !== undefined) {
    const sans = probe.certificate.sans.length ? probe.certificate.sans.join(', ') : 'none'
    problems.push(`not valid for host ${probe.identity} (SANs: ${sans})`)
  }
  return problems
}

/** `api.example.test (127.0.0.1:8443)`, or the address alone when no SNI name was sent. */
export function tlsTarget(probe: TlsProbe): string {
  const address = `${probe.host.includes(':') ? `[${probe.host}]` : probe.host}:${probe.port}`
  return probe.servername === undefined ? address : `${probe.servername} (${address})`
}

function expiryNote(probe: TlsProbe): string {
  const days = probe.certificate?.daysUntilExpiry ?? 0
  return days < 0 ? `expired ${span(days * DAY_MS)} ago` : `expires in ${span(days * DAY_MS)}`
}

/** The evidence under a failure: what was presented and how to look at it by hand. */
export function describeTlsProbe(probe: TlsProbe): string {
  const sni = probe.servername === undefined ? '' : ` -servername ${probe.servername}`
  const lines = [`  server:    ${tlsTarget(probe)}${probe.protocol ? `, ${probe.protocol}` : ''}`]
  const certificate = probe.certificate
  if (probe.error !== undefined) lines.push(`  received:  no handshake (${probe.error})`)
  else if (certificate !== undefined) {
    lines.push(
      `  subject:   ${certificate.subject || '(empty)'}`,
      `  SANs:      ${certificate.sans.join(', ') || '(none)'}`,
      `  issuer:    ${certificate.issuer || '(empty)'}${certificate.selfIssued ? ' (itself)' : ''}`,
      `  valid:     ${certificate.validFrom} → ${certificate.validTo} (${expiryNote(probe)})`,
      `  verified:  ${probe.authorized ? 'yes' : `no (${[probe.authorizationError, probe.hostnameError].filter(Boolean).join('; ') || 'untrusted'})`}`,
    )
  }
  lines.push(
    `  reproduce: openssl s_client -connect ${probe.host}:${probe.port}${sni} </dev/null | openssl x509 -noout -subject -issuer -dates -ext subjectAltName`,
  )
  return lines.join('\n')
}

/** One line for an annotation: `TLS: CN=www.example.com by CN=R11, expires in 63 days, TLSv1.3, trusted`. */
export function certificateLine(probe: TlsProbe): string {
  const certificate = probe.certificate
  if (probe.error !== undefined || certificate === undefined)
    return `TLS ${tlsTarget(probe)}: ${probe.error ?? 'no certificate'}`
  const trust = probe.authorized ? 'trusted' : `not trusted (${probe.authorizationError ?? 'host name'})`
  const who = certificate.commonName
    ? `CN=${certificate.commonName}`
    : (certificate.sans[0] ?? certificate.subject)
  return `TLS ${tlsTarget(probe)}: ${who}, issued by ${certificate.issuer}, ${expiryNote(probe)}, ${probe.protocol ?? 'unknown protocol'}, ${trust}`
}
