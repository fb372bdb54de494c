// Issue 19: the job summary and JUnit of red runs, as a reviewer and a CI test tab read them.
// Three runs of the report suite against one demo service, in one reports folder so each is
// compared with the one before: healthy, then its bodies broken (bad_schema, as on GitHub
// Actions), then every answer slowed down (slow) while another build is expected.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { type CliRun, smoke } from '../support/cli.ts'
import { DEMO_VERSION, demo } from '../support/demo.ts'
import { ROOT } from '../support/run-checks.ts'
import { tempFolder } from '../support/temp-folder.ts'

const REPORT_SUITE = join(ROOT, 'test/suites/report.config.ts')
const GITHUB = {
  GITHUB_ACTIONS: 'true',
  GITHUB_SERVER_URL: 'https://github.example',
  GITHUB_REPOSITORY: 'team/service',
  GITHUB_RUN_ID: '4242',
}

const unescapeXml = (s: string) =>
  s
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&')

/** The attributes of every element of that name, and its body up to the closing tag. */
function elements(xml: string, name: string): { attrs: Record<string, string>; body: string }[] {
  const pattern = new RegExp(`<${name}((?: [\\w-]+="[^"]*")*)>([\\s\\S]*?)</${name}>`, 'g')
  return [...xml.matchAll(pattern)].map(([, attrs = '', body = '']) => ({
    attrs: Object.fromEntries(
      [...attrs.matchAll(/ ([\w-]+)="([^"]*)"/g)].map(([, key = '', value = '']) => [
        key,
        unescapeXml(value),
      ]),
    ),
    body: unescapeXml(body),
  }))
}

/** The test case of that name, as JUnit wrote it. */
function testcase(xml: string, name: string): string {
  const found = elements(xml, 'testcase').find((t) => t.attrs.name === name)
  if (!found) throw new Error(`no test case named ${name} in:\n${xml}`)
  return found.body
}

describe('the job summary and JUnit of red runs against the demo', () => {
  const runs: Record<'healthy' | 'broken' | 'slow', CliRun & { summary: string; junit: string }> = {} as never
  let stepSummary = ''

  beforeAll(async () => {
    const dir = tempFolder('reports')
    const step = join(tempFolder('step-summary'), 'step-summary.md')
    // Every answer 150 ms late in slow mode: slower than before by the comparison's own measure.
    const { env, service } = await demo('none', { slowMs: 150 })
    const settings = {
      ...env,
      SMOKE_REPORTS_DIR: dir,
      SMOKE_EXPECTED_VERSION: DEMO_VERSION,
      SMOKE_ROLLOUT_TIMEOUT_MS: '0',
    }
    const run = async (extra: Record<string, string> = {}) => {
      const done = await smoke({ ...settings, ...extra }, [], REPORT_SUITE)
      const read = (name: string) => readFileSync(join(dir, name), 'utf8')
      return { ...done, summary: read('summary.md'), junit: read('junit.xml') }
    }
    runs.healthy = await run()
    service.setFault('bad_schema')
    runs.broken = await run({ ...GITHUB, GITHUB_STEP_SUMMARY: step })
    stepSummary = readFileSync(step, 'utf8')
    // Slow, and not the build the deployment expected: the run fails outside its checks as well.
    service.setFault('slow')
    runs.slow = await run({ SMOKE_EXPECTED_VERSION: '9.9.9' })
  }, 120_000)

  it('are red, as the exit code says', () => {
    for (const run of Object.values(runs)) expect(run.code, run.output).toBe(1)
  })

  it("tell smokecheck's story first: verdict, target, environment, versions, totals, duration, the reports", () => {
    const { summary } = runs.broken
    const [title, , verdict, , header] = summary.split('\n')
    expect(title).toBe('# smokecheck')
    expect(verdict).toMatch(/^❌ \*\*failed\*\*: 3 of 5 checks failed: /)
    expect(header).toBe('| run | |')
    const story = summary.slice(0, summary.indexOf('## What changed'))
    expect(story).toMatch(/\| target \| `http:\/\/127\.0\.0\.1:\d+` \|/)
    expect(story).toContain('| environment | local |')
    expect(story).toContain(`| version | expected ${DEMO_VERSION} → serving ${DEMO_VERSION} (9b2e4f7) |`)
    expect(story).toContain('| checks | 2 passed, 3 failed, 1 skipped, of 6 |')
    expect(story).toMatch(/\| duration \| \d+\.\d s \|/)
    expect(story).toContain(
      '| reports | [the artifacts of this workflow run](https://github.example/team/service/actions/runs/4242#artifacts) |',
    )
    // Without GitHub's variables there is no run to link to.
    expect(runs.slow.summary).not.toContain('| reports |')
  })

  it("gives one set of totals: the job summary is smokecheck's alone", () => {
    const totals = (text: string) => text.match(/\d+ passed, \d+ failed, \d+ skipped/g) ?? []
    expect(totals(runs.broken.summary)).toHaveLength(1)
    expect(stepSummary.trim()).toBe(runs.broken.summary.trim())
    expect(stepSummary).not.toContain('Vitest Test Report')
  })

  it('groups what changed: one line per cause', () => {
    const changes = (run: CliRun & { summary: string }) =>
      run.summary.slice(
        run.summary.indexOf('## What changed'),
        run.summary.indexOf('\n## ', run.summary.indexOf('## What changed') + 1),
      )
    const broken = changes(runs.broken)
    expect(broken.match(/newly failing/g), broken).toHaveLength(1)
    expect(broken).toMatch(
      /- \*\*newly failing\*\* with SCHEMA_MISMATCH \(2 checks\): test\/report-checks\/review\.check\.ts > the post listing matches its schema, test\/report-checks\/review\.check\.ts > a post matches its schema — /,
    )

    const slow = changes(runs.slow)
    expect(slow).toMatch(/- \*\*passing again\*\* \(2 checks\): /)
    // One look at a request against one earlier look is no evidence (test/e2e/deployment-verdict.test.ts
    // has the table of requests that did change): no request is listed, least of all as a line.
    expect(slow).not.toContain('| request | verdict |')
    expect(slow).not.toMatch(/^- .*slower/m)
  })

  it('lists every schema issue of a failure, not only the first', () => {
    const failures = runs.broken.summary.slice(runs.broken.summary.indexOf('## Failures'))
    const listing = failures.slice(
      failures.indexOf('### test/report-checks/review.check.ts > the post listing'),
    )
    expect(listing).toMatch(
      /> GET \/api\/posts\?limit=3 answered 200 OK with a body that does not match the schema:/,
    )
    expect(listing).toMatch(
      /✖ Invalid input: expected string, received undefined\n\s+→ at items\[\*\]\.author, in 3 places/,
    )
    expect(listing).toMatch(/✖ Invalid input: expected number, received string\n\s+→ at count/)
    expect(listing).toMatch(/```sh\ncurl -sS -i 'http:\/\/127\.0\.0\.1:\d+\/api\/posts\?limit=3'/)
  })

  it('gives JUnit a one-line message, the evidence in the body and no colour codes', () => {
    const { junit } = runs.broken
    expect(junit).not.toContain('\u001b[')
    const failures = elements(junit, 'failure')
    expect(failures.length).toBeGreaterThanOrEqual(3)
    for (const { attrs } of failures) expect(attrs.message, attrs.message).not.toMatch(/\n/)
    const [schema] = elements(testcase(junit, 'the post listing matches its schema'), 'failure')
    expect(schema?.attrs.message).toMatch(
      /^GET \/api\/posts\?limit=3 answered 200 OK with a body that does not match the schema: ✖ Invalid input: expected string, received undefined → at items\[\*\]\.author/,
    )
    expect(schema?.body).toContain('→ at count')
    expect(schema?.body).toMatch(/reproduce: curl -sS -i 'http:\/\/127\.0\.0\.1:\d+\/api\/posts\?limit=3'/)
  })

  it('gives JUnit the skip reason, the tags and the run context as properties', () => {
    const { junit } = runs.broken
    const skipped = elements(testcase(junit, 'a post can be created'), 'skipped')
    expect(skipped.map((s) => s.attrs.message)).toEqual([
      'creating posts changes data, and SMOKE_ALLOW_MUTATIONS is off here',
    ])
    expect(testcase(junit, 'liveness answers every time')).toContain('<property name="tag" value="critical">')
    expect(testcase(junit, 'an unknown post is a 404')).toContain('<property name="tag" value="api">')
    const [suite] = elements(junit, 'testsuite')
    expect(suite?.body).toContain('<property name="environment" value="local">')
    expect(suite?.body).toMatch(/<property name="target" value="http:\/\/127\.0\.0\.1:\d+">/)
  })

  it("keeps the verdict's own test case for what failed outside the checks", () => {
    expect(runs.healthy.junit).not.toContain('smokecheck run:')
    const [notLive] = elements(testcase(runs.slow.junit, 'smokecheck run: ROLLOUT_NOT_LIVE'), 'failure')
    expect(notLive?.attrs.message).toMatch(/^the expected version is not live: [^\n]*9\.9\.9/)
    expect(runs.slow.summary).toMatch(
      /^# smokecheck\n\n❌ \*\*failed\*\*: .*\n- the expected version is not live: /,
    )
    expect(runs.slow.summary).toContain('| version | expected 9.9.9 → ')
  })
})
