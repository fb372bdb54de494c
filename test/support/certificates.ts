// Certificates made in the test with the openssl command line (OpenSSL 3.0 works): a private CA,
// leaves it signs with any validity window (`openssl ca -startdate/-enddate` reaches into the
// past, which `-days` cannot), and self-signed ones. EC keys, so each takes milliseconds.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll } from 'vitest'
import { closeWhenDone } from './close-when-done.ts'

export const DAY_MS = 24 * 60 * 60 * 1000
const KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes']

export interface KeyPair {
  key: string
  cert: string
}

export interface LeafOptions {
  commonName: string
  /** openssl's syntax: `IP:127.0.0.1`, `DNS:other.example`. */
  sans: string[]
  /** Offsets from now, in milliseconds. */
  from?: number
  to?: number
}

// A config of our own, so the system openssl.cnf (which differs between distributions) plays no part.
function configFor(dir: string): string {
  return `
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = placeholder
[ ca_ext ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ leaf_ext ]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
[ ca ]
default_ca = test_ca
[ test_ca ]
database = ${dir}/index.txt
new_certs_dir = ${dir}
serial = ${dir}/serial
default_md = sha256
policy = any_name
unique_subject = no
copy_extensions = copy
email_in_dn = no
[ any_name ]
commonName = supplied
`
}

// openssl ca takes GeneralizedTime: 20250601120000Z.
function asn1Time(offsetMs: number): string {
  return `${new Date(Date.now() + offsetMs).toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`
}

export function testCertificates() {
  const dir = mkdtempSync(join(tmpdir(), 'smokecheck-certs-'))
  const config = join(dir, 'openssl.cnf')
  writeFileSync(config, configFor(dir))
  writeFileSync(join(dir, 'index.txt'), '')
  writeFileSync(join(dir, 'serial'), '1000\n')
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' })
  const read = (name: string) => readFileSync(join(dir, name), 'utf8')
  let count = 0
  // A fresh key with a request for it (-new), or a certificate signed by that same key (-x509).
  const keyAnd = (mode: '-new' | '-x509', name: string, commonName: string, extra: string[]) => {
    const out = `${name}.${mode === '-new' ? 'csr' : 'pem'}`
    const subject = `/CN=${commonName}`
    openssl(
      'req',
      mode,
      '-config',
      config,
      ...KEY,
      '-keyout',
      `${name}.key`,
      '-out',
      out,
      '-subj',
      subject,
      ...extra,
    )
  }
  const altNames = (sans: string[]) => ['-addext', `subjectAltName=${sans.join(',')}`]
  const pair = (name: string): KeyPair => ({ key: read(`${name}.key`), cert: read(`${name}.pem`) })

  keyAnd('-x509', 'ca', 'smokecheck test CA', ['-days', '60', '-extensions', 'ca_ext'])

  return {
    ca: read('ca.pem'),
    /** The CA's file, for NODE_EXTRA_CA_CERTS in a process a test starts. */
    caFile: join(dir, 'ca.pem'),

    /** A leaf signed by the test CA, valid over the window given. */
    issue({ commonName, sans, from = -DAY_MS, to = 30 * DAY_MS }: LeafOptions): KeyPair {
      const name = `leaf${++count}`
      keyAnd('-new', name, commonName, altNames(sans))
      const signer = ['-cert', 'ca.pem', '-keyfile', 'ca.key', '-extensions', 'leaf_ext', '-notext']
      const window = ['-startdate', asn1Time(from), '-enddate', asn1Time(to)]
      openssl(
        'ca',
        '-batch',
        '-config',
        config,
        ...signer,
        '-in',
        `${name}.csr`,
        '-out',
        `${name}.pem`,
        ...window,
      )
      return pair(name)
    },

    /** Its own issuer: nobody vouches for it. */
    selfSigned({ commonName, sans }: Pick<LeafOptions, 'commonName' | 'sans'>): KeyPair {
      const name = `self${++count}`
      keyAnd('-x509', name, commonName, ['-days', '30', ...altNames(sans)])
      return pair(name)
    },

    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}

/** The test CA for a file's tests: made before them, removed after. */
export function useTestCertificates(): () => ReturnType<typeof testCertificates> {
  let certs: ReturnType<typeof testCertificates> | undefined
  beforeAll(() => {
    const made = testCertificates()
    certs = made
    return () => made.remove()
  })
  return () => {
    if (!certs) throw new Error('the test certificates are made in beforeAll: use them inside a test')
    return certs
  }
}

/** An https server on 127.0.0.1 presenting the pair and answering {"ok":true}; closed when done. */
export async function serveTls(pair: KeyPair): Promise<string> {
  const server = createServer(pair, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end('{"ok":true}')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  closeWhenDone(() => new Promise((resolve) => server.close(resolve)))
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}`
}
