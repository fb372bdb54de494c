// Issue 15: a service behind an internal CA is checked with the CA's file named in its settings
// (SMOKE_CA_FILE), by the HTTP client and the TLS probe alike, without NODE_EXTRA_CA_CERTS; a
// file that holds no certificate stops the run with one message.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { serveTls, useTestCertificates } from '../support/certificates.ts'
import { smoke } from '../support/cli.ts'
import { ENGINE_SUITE } from '../support/run-checks.ts'
import { tempFolder } from '../support/temp-folder.ts'

const certificates = useTestCertificates()

async function behindPrivateCa() {
  const certs = certificates()
  const url = await serveTls(certs.issue({ commonName: '127.0.0.1', sans: ['IP:127.0.0.1'] }))
  return { url, caFile: certs.caFile }
}

const run = (env: Record<string, string>) =>
  smoke(
    { SMOKE_ENV: 'local', SMOKE_CHECKS: 'test/fault-checks/private-ca.check.ts', ...env },
    [],
    ENGINE_SUITE,
  )

const states = (reportsDir: string) =>
  (
    JSON.parse(readFileSync(join(reportsDir, 'run.json'), 'utf8')) as {
      checks: { state: string; errors: string[] }[]
    }
  ).checks

describe('a service behind a private CA', () => {
  it('is trusted through SMOKE_CA_FILE by the client and the TLS probe', async () => {
    const { url, caFile } = await behindPrivateCa()
    const result = await run({ SMOKE_BASE_URL: url, SMOKE_CA_FILE: caFile })
    expect(result.code, result.output).toBe(0)
    expect(states(result.reportsDir).map((c) => c.state)).toEqual(['passed', 'passed'])
  })

  // The same run without the setting fails: nothing else (NODE_EXTRA_CA_CERTS included) trusts the CA.
  it('is not trusted without it', async () => {
    const { url } = await behindPrivateCa()
    const result = await run({ SMOKE_BASE_URL: url })
    expect(result.code).toBe(1)
    const checks = states(result.reportsDir)
    expect(checks.map((c) => c.state)).toEqual(['failed', 'failed'])
    expect(checks[0]?.errors.join('\n')).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|unable to verify/)
  })

  it('stops the run on a file with no certificate, naming the key, the value and what was expected', async () => {
    const { url } = await behindPrivateCa()
    const notPem = join(tempFolder('ca'), 'ca.pem')
    writeFileSync(notPem, 'not a certificate\n')
    const result = await run({ SMOKE_BASE_URL: url, SMOKE_CA_FILE: notPem })
    expect(result.code).toBe(2)
    expect(result.output).toContain(
      `SMOKE_CA_FILE in the process environment: received ${JSON.stringify(notPem)}, a file with no PEM certificate in it; expected a PEM file, relative to the project, with the certificates of the private CA the service's certificate chains to`,
    )
  })
})
