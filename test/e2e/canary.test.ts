// Secrets never leave: a unique canary token goes everywhere a secret could leak from, and
// then every report file (the HTML data file unzipped), the job summary and everything
// printed is searched for it.
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { smoke } from '../support/cli.ts'
import { startFaultServer } from '../support/fault-server.ts'

function filesBelow(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesBelow(path) : [path]
  })
}

function text(path: string): string {
  const raw = readFileSync(path)
  return path.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8')
}

describe('a canary secret', () => {
  it('appears in no report, summary, annotation, curl line or console output', async () => {
    const server = await startFaultServer()
    const canary = `canary-${randomBytes(12).toString('hex')}`
    const summary = join(await import('node:os').then((os) => os.tmpdir()), `summary-${canary.slice(-8)}.md`)
    const run = await smoke({
      SMOKE_ENV: 'local',
      SMOKE_BASE_URL: server.url,
      SMOKE_TOKEN: canary,
      SMOKE_CHECKS: 'test/fault-checks/canary.check.ts',
      SMOKE_HEADERS_TIMEOUT_MS: '300',
      GITHUB_ACTIONS: 'true',
      GITHUB_STEP_SUMMARY: summary,
    })

    // The canary really went out, and the run really failed where it should.
    expect(server.received.some((r) => r.headers.authorization === `Bearer ${canary}`)).toBe(true)
    expect(server.received.some((r) => r.headers.cookie === `session=${canary}`)).toBe(true)
    expect(run.code).toBe(1)
    expect(run.output).toMatch(/Tests {2}5 failed \| 1 passed/)
    expect(run.output).toContain('::error file=')

    const outputs: [string, string][] = [
      ['console output', run.output],
      ['job summary', readFileSync(summary, 'utf8')],
      ...filesBelow(run.reportsDir)
        .filter((path) => /\.(xml|json|gz|html|md)$/.test(path))
        .map((path): [string, string] => [path, text(path)]),
    ]
    const scanned = outputs.map(([name]) => name.replace(`${run.reportsDir}/`, ''))
    for (const report of ['junit.xml', 'results.json', 'html/html.meta.json.gz', 'run.json', 'summary.md'])
      expect(scanned).toContain(report)
    // The job summary holds both the github-actions reporter's and smokecheck's own.
    expect(readFileSync(summary, 'utf8')).toContain('# smokecheck')
    for (const [name, content] of outputs) {
      expect(content.includes(canary), `the canary leaked into ${name}`).toBe(false)
    }
    // What stands in its place is the marker, so a reader knows something was there.
    expect(run.output).toContain('debugging with [REDACTED]')
    expect(run.output).toContain('gave up with [REDACTED]')
    expect(run.output).toContain("-H 'authorization: Bearer [REDACTED]'")
  })

  it('stays out of the console when --reporter replaces the configured reporters', async () => {
    const server = await startFaultServer()
    const canary = `canary-${randomBytes(12).toString('hex')}`
    const run = await smoke(
      {
        SMOKE_ENV: 'local',
        SMOKE_BASE_URL: server.url,
        SMOKE_TOKEN: canary,
        SMOKE_CHECKS: 'test/fault-checks/canary.check.ts',
        SMOKE_HEADERS_TIMEOUT_MS: '300',
      },
      ['--reporter=verbose'],
    )
    expect(run.code).toBe(1)
    expect(run.output).toContain('gave up with [REDACTED]')
    expect(run.output.includes(canary), 'the canary leaked into the verbose console output').toBe(false)
  })
})
