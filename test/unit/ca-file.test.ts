// SMOKE_CA_FILE is read when the settings load: what is wrong with the file is said as the value
// received, so the one config error names it.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readCaFile } from '../../src/config/ca-file.ts'
import { testCertificates } from '../support/certificates.ts'
import { tempFolder } from '../support/temp-folder.ts'

describe('readCaFile', () => {
  it('reads the certificates of a PEM file, relative to the project', () => {
    const certs = testCertificates()
    try {
      const dir = tempFolder('ca')
      writeFileSync(join(dir, 'bundle.pem'), `# our CA\n${certs.ca}`)
      expect(readCaFile(dir, 'bundle.pem')).toEqual({ pem: certs.ca.trim() })
    } finally {
      certs.remove()
    }
  })

  it('names a file that cannot be read', () => {
    expect(readCaFile(tempFolder('ca'), 'certs/missing.pem')).toEqual({
      wrong: '"certs/missing.pem", which cannot be read (ENOENT)',
    })
  })

  it('names a certificate that does not parse', () => {
    const dir = tempFolder('ca')
    writeFileSync(
      join(dir, 'bad.pem'),
      '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n',
    )
    expect(readCaFile(dir, 'bad.pem')).toEqual({
      wrong: expect.stringMatching(/^"bad\.pem", whose certificate 1 does not parse \(.+\)$/),
    })
  })
})
