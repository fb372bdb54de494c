// The verdict's wording on probes that a test server does not easily produce.
import { describe, expect, it } from 'vitest'
import { certificateProblems, span } from '../../src/probes/certificate-verdict.ts'
import type { TlsProbe } from '../../src/probes/tls.ts'

const NOW = Date.parse('2026-06-01T12:00:00Z')
const HOUR_MS = 3_600_000

function probe(validFrom: number, validTo: number, fields: Partial<TlsProbe> = {}): TlsProbe {
  return {
    kind: 'tls',
    host: '203.0.113.10',
    port: 443,
    identity: 'www.example.test',
    servername: 'www.example.test',
    checkedAt: new Date(NOW).toISOString(),
    ms: 12,
    protocol: 'TLSv1.3',
    authorized: true,
    certificate: {
      subject: 'CN=www.example.test',
      commonName: 'www.example.test',
      sans: ['www.example.test'],
      issuer: 'CN=Example CA',
      selfIssued: false,
      validFrom: new Date(NOW + validFrom).toISOString(),
      validTo: new Date(NOW + validTo).toISOString(),
      daysUntilExpiry: validTo / (24 * HOUR_MS),
      fingerprint256: 'AA:BB',
      serialNumber: '01',
    },
    ...fields,
  }
}

describe('certificate verdict', () => {
  it('says when a certificate is not valid yet, and counts hours below a day', () => {
    expect(certificateProblems(probe(2 * HOUR_MS, 90 * 24 * HOUR_MS))).toEqual([
      'not valid until 2026-06-01T14:00:00.000Z (in 2 hours)',
    ])
    expect(certificateProblems(probe(-HOUR_MS, 5 * HOUR_MS), { minDays: 1 })).toEqual([
      'expires in 5 hours, need at least 1',
    ])
    expect(span(-61_000)).toBe('1 minute')
  })

  it('names a self-signed root and codes it has no words for', () => {
    const chained = probe(-HOUR_MS, 90 * 24 * HOUR_MS, {
      authorized: false,
      authorizationError: 'SELF_SIGNED_CERT_IN_CHAIN',
    })
    expect(certificateProblems(chained)).toEqual(['chained to a self-signed root that is not trusted'])
    const odd = probe(-HOUR_MS, 90 * 24 * HOUR_MS, {
      authorized: false,
      authorizationError: 'CERT_UNTRUSTED',
    })
    expect(certificateProblems(odd)).toEqual(['not trusted (CERT_UNTRUSTED)'])
  })
})
