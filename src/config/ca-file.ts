// SMOKE_CA_FILE: the certificates of a private CA the service's certificate chains to, read and
// parsed when the settings load, so a wrong path or a file that holds no certificate stops the
// run with one message instead of failing every check with a TLS error.
import { X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g

/** The PEM text of the file's certificates, or what was wrong with it (as a received value). */
export function readCaFile(root: string, path: string): { pem: string } | { wrong: string } {
  const file = resolve(root, path)
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    return {
      wrong: `${JSON.stringify(path)}, which cannot be read (${(error as NodeJS.ErrnoException).code})`,
    }
  }
  const blocks = text.match(PEM_BLOCK) ?? []
  if (blocks.length === 0) return { wrong: `${JSON.stringify(path)}, a file with no PEM certificate in it` }
  for (const [index, block] of blocks.entries()) {
    try {
      new X509Certificate(block)
    } catch (error) {
      return {
        wrong: `${JSON.stringify(path)}, whose certificate ${index + 1} does not parse (${(error as Error).message})`,
      }
    }
  }
  return { pem: blocks.join('\n') }
}
