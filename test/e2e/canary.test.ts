// Secrets never leave: a unique canary token goes everywhere a secret could leak from, and
// then every report file (the HTML data file unzipped), the job summary and everything
// printed is searched for it.
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { generateAllureReport } from '../../src/reporting/allure-report.ts'
import { type CliRun, smoke } from '../support/cli.ts'
import {
  CHALLENGE,
  FORM_NAMES,
  FORMS,
  markerOf,
  PLACES,
  type Place,
  startEchoServer,
} from '../support/echo-server.ts'
import { startFaultServer } from '../support/fault-server.ts'
import { ENGINE_SUITE } from '../support/run-checks.ts'

function filesBelow(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesBelow(path) : [path]
  })
}

/** Removes what a run wrote once the test that made it is done. */
function removeWhenDone(...paths: string[]): void {
  onTestFinished(() => {
    for (const path of paths) rmSync(path, { recursive: true, force: true })
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
    removeWhenDone(run.reportsDir, summary)

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
    removeWhenDone(run.reportsDir)
    expect(run.code).toBe(1)
    expect(run.output).toContain('gave up with [REDACTED]')
    expectNoLeak([['the verbose console output', run.output]], leaksOf(canary, 'the canary'))
  })
})

/**
 * The text as a reader could turn it back: JSON escapes at any depth undone, percent-encoding
 * in either case undone, any number of times, then every run of base64 or base64url decoded
 * from each of its four places. Written here, apart from the code under test.
 */
function decodingsOf(text: string): string[] {
  const unescaped = [text]
  for (let depth = 0; depth < 4; depth++) {
    const last = unescaped.at(-1) ?? ''
    unescaped.push(
      last
        .replace(/\\+u([0-9a-fA-F]{4})/g, (_, hex) => String.fromCharCode(Number.parseInt(hex, 16)))
        .replace(/\\+([/"])/g, '$1')
        .replace(/%([0-9a-fA-F]{2})/g, (_, hex) => String.fromCharCode(Number.parseInt(hex, 16))),
    )
  }
  const runs = new Set(unescaped.flatMap((version) => version.match(/[A-Za-z0-9+/_-]{16,}/g) ?? []))
  const decoded = [...runs].flatMap((run) =>
    [0, 1, 2, 3].map((skip) => Buffer.from(run.slice(skip), 'base64').toString('latin1')),
  )
  return [...unescaped, decoded.join('\n')]
}

describe('a canary secret echoed back in every form', () => {
  // Which places of an answer each output shows: a report that leaves a place out cannot leak
  // it, and is not asked to show its marker.
  const OUTPUTS: [string, (run: CliRun) => string, Place[]][] = [
    ['the console', (run) => run.output, ['header', 'body', 'url', 'error']],
    ['run.json', (run) => text(join(run.reportsDir, 'run.json')), ['header', 'body', 'url', 'error']],
    // The reason a check failed and its curl line; a diff of bodies is left to the other reports.
    ['summary.md', (run) => text(join(run.reportsDir, 'summary.md')), ['header', 'url', 'error']],
    ['results.json', (run) => text(join(run.reportsDir, 'results.json')), ['header', 'body', 'url', 'error']],
    ['junit.xml', (run) => text(join(run.reportsDir, 'junit.xml')), ['header', 'body', 'url', 'error']],
    [
      "the HTML report's data",
      (run) =>
        filesBelow(join(run.reportsDir, 'html'))
          .filter((path) => !path.endsWith('.js') && !path.endsWith('.css'))
          .map(text)
          .join('\n'),
      ['header', 'body', 'url', 'error'],
    ],
    [
      'the Allure results',
      (run) => filesBelow(join(run.reportsDir, 'allure-results')).map(text).join('\n'),
      ['header', 'body', 'url', 'error'],
    ],
    [
      // One file with every result and attachment embedded in base64: read decoded as well.
      'the Allure report',
      (run) => {
        const html = text(join(run.reportsDir, 'allure', 'index.html'))
        const embedded = [...html.matchAll(/d\("[^"]+","([A-Za-z0-9+/=]+)"\)/g)].map(([, data]) =>
          Buffer.from(data ?? '', 'base64').toString('utf8'),
        )
        return [html, ...embedded].join('\n')
      },
      ['header', 'body', 'url', 'error'],
    ],
    [
      'the GitHub annotations',
      (run) =>
        run.output
          .split('\n')
          .filter((line) => line.startsWith('::'))
          .join('\n'),
      ['header', 'body', 'url', 'error'],
    ],
  ]
  const canary = newCanary()
  let run: CliRun
  const outputs = new Map<string, string>()

  beforeAll(async () => {
    const server = await startEchoServer()
    run = await smoke(
      {
        SMOKE_ENV: 'local',
        SMOKE_BASE_URL: server.url,
        SMOKE_TOKEN: canary,
        SMOKE_CHECKS: 'test/fault-checks/canary-forms.check.ts',
        SMOKE_RETRIES: '0',
        SMOKE_ALLURE: 'true',
        GITHUB_ACTIONS: 'true',
      },
      [],
      ENGINE_SUITE,
    )
    generateAllureReport(run.reportsDir)
    for (const [name, read] of OUTPUTS) outputs.set(name, read(run))
  })
  afterAll(() => rmSync(run.reportsDir, { recursive: true, force: true }))

  it('ran every check, and each failed', () => {
    expect(run.output).toMatch(new RegExp(`Tests {2}${FORM_NAMES.length * PLACES.length + 1} failed \\(`))
  })

  it.each(FORM_NAMES.flatMap((form) => OUTPUTS.map(([output, , places]) => ({ form, output, places }))))(
    'the $form echo is redacted in $output',
    ({ form, output, places }) => {
      const content = outputs.get(output) ?? ''
      expect(content.includes(FORMS[form](canary)), `the ${form} form itself`).toBe(false)
      for (const place of places) expect(content).toMatch(markerOf(place, form))
    },
  )

  it.each(OUTPUTS.map(([output]) => output))('nothing in %s decodes to the canary', (output) => {
    const pieces = Array.from({ length: canary.length - PIECE + 1 }, (_, i) => canary.slice(i, i + PIECE))
    for (const decoded of decodingsOf(outputs.get(output) ?? ''))
      for (const piece of pieces) expect(decoded.includes(piece), `${piece} in ${output}`).toBe(false)
  })

  it("redacts an attachment's content and leaves it decodable, in the HTML report's data", () => {
    const redacted = Buffer.from('attachment:[REDACTED];').toString('base64')
    expect(outputs.get("the HTML report's data")).toContain(redacted)
  })

  // Every output but summary.md shows the response headers, each in its own escaping.
  it.each(OUTPUTS.map(([output]) => output).filter((output) => output !== 'summary.md'))(
    'the challenge stays readable in %s',
    (output) => {
      const content = outputs.get(output) ?? ''
      const written = [CHALLENGE, JSON.stringify(CHALLENGE).slice(1, -1), CHALLENGE.replaceAll('"', '&quot;')]
      const intact = written.reduce((count, form) => count + content.split(form).length - 1, 0)
      expect(intact).toBeGreaterThan(0)
      expect(intact, 'every challenge intact').toBe(content.split('Bearer realm').length - 1)
    },
  )
})
