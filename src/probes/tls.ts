// Looks at the certificate a server presents, without judging it yet: subject, SANs, issuer,
// validity, protocol and what verification said. The connection never rejects the certificate,
// so an expired or untrusted one is still there to describe.
import { isIP } from 'node:net'
import { performance } from 'node:perf_hooks'
import { checkServerIdentity, connect, type DetailedPeerCertificate } from 'node:tls'
import { z } from 'zod'
import { explainFailure, type Limits } from '../http/failure.ts'
import { trustedWith } from '../http/trust.ts'

const DAY_MS = 24 * 60 * 60 * 1000

export const Certificate = z.object({
  /** The subject as `CN=…, O=…`. */
  subject: z.string(),
  commonName: z.string().optional(),
  /** Subject alternative names without their type: `www.example.com`, `127.0.0.1`. */
  sans: z.array(z.string()),
  issuer: z.string(),
  /** Issuer and subject are the same: nobody else vouches for it. */
  selfIssued: z.boolean(),
  validFrom: z.iso.datetime(),
  validTo: z.iso.datetime(),
  /** From the moment of the probe; negative once expired. */
  daysUntilExpiry: z.number(),
  fingerprint256: z.string(),
  serialNumber: z.string(),
})
export type Certificate = z.infer<typeof Certificate>

export const TlsProbe = z.object({
  kind: z.literal('tls'),
  host: z.string(),
  port: z.number().int(),
  /** The name the certificate must be valid for: the SNI name, else the host. */
  identity: z.string(),
  servername: z.string().optional(),
  checkedAt: z.iso.datetime(),
  ms: z.number(),
  protocol: z.string().optional(),
  /** The chain verified against the trusted CAs and the certificate matches the identity. */
  authorized: z.boolean(),
  /** OpenSSL's or Node's code for why not: CERT_HAS_EXPIRED, DEPTH_ZERO_SELF_SIGNED_CERT, … */
  authorizationError: z.string().optional(),
  /** Why the certificate does not cover the identity, checked whatever the chain says. */
  hostnameError: z.string().optional(),
  certificate: Certificate.optional(),
  /** One sentence naming why no handshake completed; absent when one did. */
  error: z.string().optional(),
  /** The stable code of that failure (src/http/codes.ts). */
  code: z.string().optional(),
})
export type TlsProbe = z.infer<typeof TlsProbe>

export interface TlsProbeOptions {
  /** The SNI name to send and to check the certificate against; defaults to the URL's host name. */
  servername?: string
  /** Extra trusted CAs (PEM), for a private CA. Node's bundled roots and NODE_EXTRA_CA_CERTS stay trusted. */
  ca?: string | Buffer | (string | Buffer)[] | undefined
  /** Fail the handshake itself on an untrusted certificate (then nothing is left to describe). */
  rejectUnauthorized?: boolean
  timeoutMs?: number
}

/** The probe's own limit, in its own words: no HTTP setting bounds a probe. */
function probeLimits(timeoutMs: number): Limits {
  return {
    timeout: (_code, host) =>
      `${host} completed no TLS handshake within ${timeoutMs} ms (probeTls timeoutMs)`,
  }
}

function nameOf(fields: Record<string, string | string[] | undefined> | undefined): string {
  return Object.entries(fields ?? {})
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('+') : value}`)
    .join(', ')
}

// Node writes `DNS:a.example, IP Address:127.0.0.1`, quoting values that contain separators.
function sansOf(subjectaltname: string | undefined): string[] {
  const sans: string[] = []
  for (const match of (subjectaltname ?? '').matchAll(/[\w ]+:("(?:[^"\\]|\\.)*"|[^,]*)/g)) {
    const value = match[1] ?? ''
    sans.push(value.startsWith('"') ? (JSON.parse(value) as string) : value.trim())
  }
  return sans
}

function describeCertificate(peer: DetailedPeerCertificate, now: number): Certificate {
  const validTo = Date.parse(peer.valid_to)
  const cn = peer.subject?.CN
  return {
    subject: nameOf(peer.subject as never),
    ...(cn === undefined ? {} : { commonName: Array.isArray(cn) ? cn.join('+') : cn }),
    sans: sansOf(peer.subjectaltname),
    issuer: nameOf(peer.issuer as never),
    selfIssued: nameOf(peer.subject as never) === nameOf(peer.issuer as never),
    validFrom: new Date(Date.parse(peer.valid_from)).toISOString(),
    validTo: new Date(validTo).toISOString(),
    daysUntilExpiry: (validTo - now) / DAY_MS,
    fingerprint256: peer.fingerprint256,
    serialNumber: peer.serialNumber,
  }
}

export function probeTls(target: string | URL, options: TlsProbeOptions = {}): Promise<TlsProbe> {
  const url = new URL(target)
  const host = url.hostname.replace(/^\[|\]$/g, '')
  const port = Number(url.port || 443)
  const timeoutMs = options.timeoutMs ?? 5000
  // RFC 6066 forbids an IP address as SNI; the certificate is then checked against the IP.
  const servername = options.servername ?? (isIP(host) ? undefined : host)
  const identity = servername ?? host
  const checkedAt = Date.now()
  const started = performance.now()
  const base = {
    kind: 'tls' as const,
    host,
    port,
    identity,
    ...(servername === undefined ? {} : { servername }),
    checkedAt: new Date(checkedAt).toISOString(),
  }

  return new Promise((resolve) => {
    const socket = connect({
      host,
      port,
      servername,
      ca: options.ca === undefined ? undefined : trustedWith(options.ca),
      rejectUnauthorized: options.rejectUnauthorized ?? false,
    })
    socket.setTimeout(timeoutMs, () => {
      socket.destroy(Object.assign(new Error('TLS probe timed out'), { code: 'ETIMEDOUT' }))
    })
    socket.once('secureConnect', () => {
      const peer = socket.getPeerCertificate(true)
      const hasCertificate = peer !== undefined && Object.keys(peer).length > 0
      const mismatch = hasCertificate ? checkServerIdentity(identity, peer) : undefined
      const authorizationError = socket.authorizationError as unknown as string | Error | null | undefined
      const protocol = socket.getProtocol()
      resolve({
        ...base,
        ms: performance.now() - started,
        ...(protocol ? { protocol } : {}),
        authorized: socket.authorized,
        ...(authorizationError
          ? {
              authorizationError:
                typeof authorizationError === 'string' ? authorizationError : authorizationError.message,
            }
          : {}),
        ...(mismatch ? { hostnameError: mismatch.message } : {}),
        ...(hasCertificate ? { certificate: describeCertificate(peer, checkedAt) } : {}),
      })
      socket.destroy()
    })
    socket.on('error', (error) => {
      const failure = explainFailure(error, url, probeLimits(timeoutMs))
      resolve({
        ...base,
        ms: performance.now() - started,
        authorized: false,
        error: failure.says,
        code: failure.code,
      })
    })
  })
}
