// What a connection to the service trusts when a private CA is named (SMOKE_CA_FILE, a probe's
// `ca`): Node's own store and the extra CAs together, for the HTTP client and the TLS probe alike.
import { readFileSync } from 'node:fs'
import { rootCertificates } from 'node:tls'

// NODE_EXTRA_CA_CERTS, read as Node reads it, once and only when a private CA is named; a missing or bad file Node has warned about already.
let nodeExtraCas: string[] | undefined
function extraCas(): string[] {
  if (nodeExtraCas) return nodeExtraCas
  const file = process.env.NODE_EXTRA_CA_CERTS
  try {
    nodeExtraCas = file ? [readFileSync(file, 'utf8')] : []
  } catch {
    nodeExtraCas = []
  }
  return nodeExtraCas
}

/**
 * What to trust when extra CAs are named. A `ca` option replaces Node's whole store, bundled
 * roots and NODE_EXTRA_CA_CERTS alike (tls.rootCertificates leaves the latter out), so both are
 * put back beside the extra ones.
 */
export function trustedWith(extra: string | Buffer | (string | Buffer)[]): (string | Buffer)[] {
  return [...rootCertificates, ...extraCas(), ...(Array.isArray(extra) ? extra : [extra])]
}
