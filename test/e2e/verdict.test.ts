// Issue 13 §1: a run that failed outside its checks is red in every output, naming the file and
// the error in one sentence: the exit code, the console, summary.md, run.json's verdict, JUnit,
// Vitest's results.json, the HTML report's data and GitHub's annotations. Each row of the issue's
// table, through the CLI.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { type CliRun, smoke } from '../support/cli.ts'
import { closedOrigin } from '../support/closed-port.ts'
import { demo } from '../support/demo.ts'
import { readOutputs, runWithFiles, VERDICT_SUITE, type VerdictRun } from '../support/verdict-suite.ts'

const made: string[] = []
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
})
const outputsOf = (run: CliRun): VerdictRun => {
  made.push(run.reportsDir)
  return readOutputs(run)
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Red everywhere, and each output names what failed with these words. */
function expectRed(run: VerdictRun, code: string, ...words: string[]): void {
  expect(run.code, run.output).toBe(1)
  expect(run.record.verdict).toBe('failed')
  const problem = run.record.problems.find((p) => p.code === code)
  expect(problem, JSON.stringify(run.record.problems)).toBeDefined()
  expect(run.summary).toMatch(/^# smokecheck\n\n❌ \*\*failed\*\*: /)
  expect(run.summary).not.toContain('all passed')
  expect(run.output).toContain('smokecheck: ❌ the run failed: ')
  expect(run.junit).toMatch(/<testsuites name="smokecheck" tests="\d+" failures="[1-9]\d*"/)
  expect(run.junit).not.toContain('\u001b[')
  expect(run.annotations.some((line) => line.startsWith('::error'))).toBe(true)
  const results = JSON.parse(run.results)
  expect(results.success).toBe(false)
  expect(results.numFailedTestSuites + results.numFailedTests).toBeGreaterThan(0)
  const outputs = {
    'run.json': problem?.message ?? '',
    'summary.md': run.summary,
    console: run.output,
    'junit.xml': run.junit,
    'results.json': JSON.parse(run.results)
      .testResults.map((r: { name: string; message: string }) => `${r.name}: ${r.message}`)
      .join('\n'),
    'the HTML report': run.html,
    'GitHub annotations': run.annotations.join('\n'),
  }
  for (const [name, text] of Object.entries(outputs))
    for (const word of words) expect(text, `${name} names ${word}`).toContain(word)
}

describe('a run that fails outside its checks is red in every output', () => {
  // A file of its own for each row, written when the test runs: a syntax error cannot be committed.
  it.each<{ row: string; file: string; code: string; says: string }>([
    {
      row: 'a check file with a syntax error',
      file: "check('x', () => {\n  const x = = 1\n})\n",
      code: 'LOAD_FAILED',
      says: '[PARSE_ERROR] Unexpected token',
    },
    {
      row: 'a check file whose top-level code throws',
      file: "throw new Error('the fixture data is missing')\ncheck('never', () => {})\n",
      code: 'LOAD_FAILED',
      says: 'the fixture data is missing',
    },
    {
      row: 'a check using a tag vitest.config.ts does not declare',
      file: "check('x', { tags: ['slowish'] }, () => {})\n",
      code: 'LOAD_FAILED',
      says: 'is not defined in the configuration',
    },
    {
      row: 'an unawaited rejection inside a passing check',
      file: "check('passes', () => {\n  void Promise.reject(new Error('the cleanup failed'))\n})\n",
      code: 'UNHANDLED_ERROR',
      says: 'the cleanup failed',
    },
  ])('$row', async ({ file, code, says }) => {
    const { run, paths } = await runWithFiles(
      { 'row.check.ts': `import { check } from 'smokecheck'\n${file}` },
      { SMOKE_ENV: 'local' },
    )
    const outputs = outputsOf(run)
    const path = paths['row.check.ts'] as string
    expectRed(outputs, code, path, says)
    // One sentence naming the file and the error.
    expect(outputs.record.problems[0]?.message).toMatch(
      new RegExp(
        `^(${path} could not be loaded: |an error nobody awaited while ${path} ran: ).*${escapeRegExp(says)}`,
      ),
    )
    expect(outputs.record.problems).toHaveLength(1)
  })

  it('a tags filter that selects nothing says what was asked for and what exists', async () => {
    const run = outputsOf(
      await smoke(
        { SMOKE_ENV: 'local', GITHUB_ACTIONS: 'true', SMOKE_CHECKS: 'test/verdict-checks/healthy.check.ts' },
        ['--tags-filter=tls && auth'],
        VERDICT_SUITE,
      ),
    )
    expectRed(
      run,
      'NOTHING_SELECTED',
      'no check ran: --tags-filter=tls && auth matched none',
      'its 2 checks carry the tags critical (1), rollout (1); declared tags: critical, rollout, tls, auth',
    )
    expect(run.summary).not.toContain('nothing changed')
  })

  it('a mistyped tag stops the run once, and leaves no earlier output beside it', async () => {
    const reports = earlierReports()
    const run = await smoke(
      { SMOKE_ENV: 'local', SMOKE_REPORTS_DIR: reports.dir },
      ['--tags-filter=critcal'],
      VERDICT_SUITE,
    )
    made.push(run.reportsDir)
    expect(run.code).toBe(2)
    expect(run.output.match(/critcal/g)).toHaveLength(1)
    expect(run.output).toContain(
      '--tags-filter in the command line: received "critcal", a tag vitest.config.ts does not declare; expected one of the declared tags: critical, rollout, tls, auth',
    )
    reports.expectOnlyHistoryLeft()
  })

  it('a file filter that matches nothing writes its own red outputs over the earlier green ones', async () => {
    const reports = earlierReports()
    const cli = await smoke(
      { SMOKE_ENV: 'local', GITHUB_ACTIONS: 'true', SMOKE_REPORTS_DIR: reports.dir },
      ['test/verdict-checks/nothing-matches'],
      VERDICT_SUITE,
    )
    made.push(cli.reportsDir)
    const run = outputsOf({ ...cli, reportsDir: reports.dir })
    expectRed(
      run,
      'NOTHING_SELECTED',
      'no check ran: test/verdict-checks/nothing-matches matched none',
      'test/verdict-checks/healthy.check.ts',
    )
    expect(run.summary).not.toContain('an earlier green run')
    expect(readFileSync(join(reports.dir, 'history', 'full.json'), 'utf8')).toBe(reports.baseline)
  })
})

/** A reports folder as a green run left it: its outputs, and the baseline in the history. */
function earlierReports() {
  const dir = mkdtempSync(join(tmpdir(), 'smokecheck-earlier-'))
  made.push(dir)
  mkdirSync(join(dir, 'history'))
  mkdirSync(join(dir, 'html'))
  const baseline = '{"an earlier green run": true}'
  for (const name of ['summary.md', 'run.json', 'junit.xml', 'results.json', 'html/index.html'])
    writeFileSync(join(dir, name), 'an earlier green run')
  writeFileSync(join(dir, 'history', 'full.json'), baseline)
  return {
    dir,
    baseline,
    expectOnlyHistoryLeft() {
      for (const name of ['summary.md', 'run.json', 'junit.xml', 'results.json', 'html'])
        expect(() => readFileSync(join(dir, name)), name).toThrow()
      expect(readFileSync(join(dir, 'history', 'full.json'), 'utf8')).toBe(baseline)
    },
  }
}

describe('many checks failed by one cause', () => {
  it('lead the console and the summary with the cause and the number of checks it broke', async () => {
    const origin = await closedOrigin()
    const refused = (n: number) =>
      `check('refused ${n}', async () => {\n  await request('${origin}/health/${n}')\n})\n`
    const { run } = await runWithFiles(
      {
        'refused.check.ts': `import { check } from 'smokecheck'\nimport { request } from 'undici'\n${[1, 2, 3].map(refused).join('')}`,
      },
      { SMOKE_ENV: 'local' },
    )
    const outputs = outputsOf(run)
    expect(outputs.record.causes).toEqual([
      { code: 'ECONNREFUSED', checks: 3, example: expect.stringContaining('ECONNREFUSED') },
    ])
    const lead = run.output.indexOf('smokecheck: 3 checks failed with ECONNREFUSED: ')
    expect(lead).toBeGreaterThan(-1)
    expect(lead).toBeLessThan(run.output.indexOf('Failed Tests 3'))
    expect(outputs.summary.indexOf('**3 checks failed with ECONNREFUSED**')).toBeLessThan(
      outputs.summary.indexOf('## Failures'),
    )
  })
})

describe('a run whose reports cannot all be written', () => {
  it('is red in every output that could be written', async () => {
    const { env } = await demo()
    const missing = join(tmpdir(), `smokecheck-no-such-folder-${process.pid}`, 'summary.md')
    const run = outputsOf(
      await smoke({ ...env, GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: missing }, [], VERDICT_SUITE),
    )
    expectRed(run, 'REPORT_NOT_WRITTEN', `${missing} could not be written: ENOENT`)
    expect(run.record.problems.map((p) => p.code)).toEqual(['REPORT_NOT_WRITTEN'])
    expect(run.summary).toContain(`❌ **failed**: ${missing} could not be written: ENOENT`)
    expect(run.output).toContain(`smokecheck: ❌ the run failed: ${missing} could not be written: ENOENT`)
  })
})

describe('a healthy run', () => {
  it('is green in every output', async () => {
    const { env } = await demo()
    const run = outputsOf(await smoke({ ...env, GITHUB_ACTIONS: 'true' }, [], VERDICT_SUITE))
    expect(run.code, run.output).toBe(0)
    expect(run.record).toMatchObject({ verdict: 'passed', problems: [], selection: { partial: false } })
    expect(run.summary).toMatch(/^# smokecheck\n\n✅ \*\*all passed\*\*: 3 passed, 0 failed, 0 skipped/)
    expect(run.output).toContain('smokecheck: ✅ the run passed')
    expect(run.annotations.filter((line) => line.startsWith('::error'))).toEqual([])
    expect(run.junit).toMatch(/<testsuites name="smokecheck" tests="3" failures="0"/)
  })
})
