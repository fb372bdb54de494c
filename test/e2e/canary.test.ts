// Secrets never leave: a unique canary token goes everywhere a secret could leak from, and
// then every report file (the HTML data file unzipped), the job summary and everything
// printed is searched for it.
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { smoke } from '../support/cli.ts'
import { startFaultServer } from '../support/fault-server.ts'
import { ENGINE_SUITE } from '../support/run-checks.ts'

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

// Characters that change when encoded, so that an encoded copy cannot pass for redacted (a query
// value encodes the ~ too, which encodeURIComponent keeps), the ~ on a third byte so that the
// base64 form holds a + and differs from the base64url one, and longer than the 40 characters
// Vitest keeps of a value in an assertion's message.
const newCanary = () => `canary+x~${randomBytes(12).toString('hex')}/${randomBytes(8).toString('hex')}=`
// A piece this long of a random secret turns up nowhere by chance: a message or an excerpt that
// cut the secret short must not show one.
const PIECE = 12

/** Every form a secret could leak in, written out here rather than taken from the code under test. */
function leaksOf(secret: string, what: string): [string, string][] {
  const base64 = Buffer.from(secret).toString('base64')
  const pieces = Array.from({ length: secret.length - PIECE + 1 }, (_, i) => secret.slice(i, i + PIECE))
  return [
    ...pieces.map((piece, i): [string, string] => [`${what} (characters ${i + 1}–${i + PIECE})`, piece]),
    [`${what}, percent-encoded`, encodeURIComponent(secret)],
    [`${what}, form-encoded`, new URLSearchParams({ q: secret }).toString().slice('q='.length)],
    [`${what} in base64`, base64.replace(/=+$/, '')],
    [`${what} in base64url`, Buffer.from(secret).toString('base64url')],
  ]
}

function expectNoLeak(outputs: [string, string][], leaks: [string, string][]): void {
  for (const [name, content] of outputs)
    for (const [what, form] of leaks)
      expect(content.includes(form), `${what} leaked into ${name}`).toBe(false)
}

describe('a canary secret', () => {
  it('appears in no report, summary, annotation, curl line or console output', async () => {
    const server = await startFaultServer()
    const canary = newCanary()
    const summary = join(tmpdir(), `summary-${randomBytes(4).toString('hex')}.md`)
    const run = await smoke(
      {
        SMOKE_ENV: 'local',
        SMOKE_BASE_URL: server.url,
        SMOKE_TOKEN: canary,
        SMOKE_CHECKS: 'test/fault-checks/canary.check.ts',
        SMOKE_HEADERS_TIMEOUT_MS: '300',
        GITHUB_ACTIONS: 'true',
        GITHUB_STEP_SUMMARY: summary,
      },
      [],
      ENGINE_SUITE,
    )

    // The canary really went out, and the run really failed where it should.
    expect(server.received.some((r) => r.headers.authorization === `Bearer ${canary}`)).toBe(true)
    expect(server.received.some((r) => r.headers.cookie === `session=${canary}`)).toBe(true)
    expect(server.received.some((r) => r.path === '/echo' && !r.headers.authorization)).toBe(true)
    expect(server.issued).toHaveLength(6)
    expect(run.code).toBe(1)
    expect(run.output).toMatch(/Tests {2}11 failed \| 2 passed \| 1 skipped \(14\)/)
    expect(run.output).toMatch(/Errors {2}1 error/)
    expect(run.output).toContain('::error file=')

    const outputs: [string, string][] = [
      ['console output', run.output],
      ['job summary', readFileSync(summary, 'utf8')],
      ...filesBelow(run.reportsDir).map((path): [string, string] => [path, text(path)]),
    ]
    const scanned = outputs.map(([name]) => name.replace(`${run.reportsDir}/`, ''))
    for (const report of ['junit.xml', 'results.json', 'html/html.meta.json.gz', 'run.json', 'summary.md'])
      expect(scanned).toContain(report)
    // The job summary holds both the github-actions reporter's and smokecheck's own.
    expect(readFileSync(summary, 'utf8')).toContain('# smokecheck')
    expectNoLeak(outputs, [
      ...leaksOf(canary, 'the canary'),
      ...server.issued.flatMap((secret, i) => leaksOf(secret, `credential ${i + 1} the service issued`)),
    ])
    // What stands in its place is the marker, so a reader knows something was there.
    expect(run.output).toContain('debugging with [REDACTED]')
    expect(run.output).toContain('gave up with [REDACTED]')
    expect(run.output).toContain("-H 'authorization: Bearer [REDACTED]'")
    expect(run.output).toContain('a check named after the token [REDACTED]')
    expect(run.output).toContain('left behind with [REDACTED]')
    expect(run.output).toContain('signed in as sessionid=[REDACTED]; Path=/; HttpOnly, theme=dark; Path=/')
    expect(run.output).toContain("expected '[REDACTED]…' to be 'another token'")
    expect(run.output).toContain("expected 'sessionid=[REDACTED]…' to be 'sessionid=expected'")
    expect(run.output).toContain('[cannot run with [REDACTED]]')
    expect(text(join(run.reportsDir, 'html/html.meta.json.gz'))).toContain('cannot run with [REDACTED]')
  })

  it('stays out of the console when --reporter replaces the configured reporters', async () => {
    const server = await startFaultServer()
    const canary = newCanary()
    const run = await smoke(
      {
        SMOKE_ENV: 'local',
        SMOKE_BASE_URL: server.url,
        SMOKE_TOKEN: canary,
        SMOKE_CHECKS: 'test/fault-checks/canary.check.ts',
        SMOKE_HEADERS_TIMEOUT_MS: '300',
      },
      ['--reporter=verbose'],
      ENGINE_SUITE,
    )
    expect(run.code).toBe(1)
    expect(run.output).toContain('gave up with [REDACTED]')
    expectNoLeak([['the verbose console output', run.output]], leaksOf(canary, 'the canary'))
  })
})
