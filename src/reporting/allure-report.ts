// `npm run report`: the reviewer's report, Allure's classic layout in one self-contained
// reports/allure/index.html, from the Allure results a run with SMOKE_ALLURE wrote and the run
// record (the run's context and verdict). Apart from the run, so that `npm run smoke` never
// waits for it. Allure's history file is kept beside the run record's history, so the trend,
// new failures and flaky checks show across deploys.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve, sep } from 'node:path'
import { DEFAULT_REPORTS_DIR } from '../config/defaults.ts'
import { redact } from '../redaction/redact.ts'
import { CAUSE_LINE } from './allure-reporter.ts'
import type { DeployedVersion } from './check-record.ts'
import { ciRunUrl } from './ci-run.ts'
import { ALLURE_RESULTS, HISTORY } from './outputs.ts'
import { RunRecord } from './run-record.ts'

export const ALLURE_REPORT = 'allure'
export const ALLURE_HISTORY = 'allure-history.jsonl'

const cause = (codes: string) => `${CAUSE_LINE} (${codes})`

/** One category per cause, by the stable failure codes (src/http/codes.ts) or the matchers' sentences. */
const CAUSES = [
  {
    name: 'Unreachable',
    traceRegex: cause('ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ECONNRESET|CONNECTION_CLOSED|REQUEST_FAILED'),
  },
  { name: 'Timeout', traceRegex: cause('TIMEOUT_\\w+') },
  { name: 'TLS', traceRegex: cause('TLS_\\w+|NOT_TLS') },
  { name: 'Schema', traceRegex: cause('SCHEMA_MISMATCH|NOT_JSON|EMPTY_BODY') },
  { name: 'Schema', messageRegex: 'to match the schema' },
  { name: 'Wrong status', messageRegex: 'to answer (\\d{3}|2xx)' },
  { name: 'Slow', messageRegex: 'to respond within|p95|p99' },
  { name: 'Version', messageRegex: 'version|ROLLOUT_NOT_LIVE|VERSION_MISMATCH' },
  {
    name: 'Security',
    messageRegex: 'Strict-Transport-Security|Content-Security-Policy|closed to the public|certificate',
  },
  { name: 'Other response problems', traceRegex: cause('\\w+') },
]
// A skipped check's reason or a flaky pass's note can read like a cause: only failures are sorted.
export const CATEGORIES = CAUSES.map((c) => ({ ...c, matchedStatuses: ['failed', 'broken'] }))

/** Java properties: `=`, `:`, spaces and backslashes escaped (a space would end the key), one line each. */
function properties(entries: Record<string, string>): string {
  const quoted = (value: string) => value.replace(/[\\=: ]/g, (c) => `\\${c}`).replace(/\n/g, ' ')
  return Object.entries(entries)
    .map(([key, value]) => `${quoted(key)}=${quoted(value)}`)
    .join('\n')
}

/** What a reviewer reads first: what was checked, which build answered, whether it may stay. */
export function runContext(run: RunRecord, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const build = (v: DeployedVersion) => `${v.version}${v.commit ? ` (${v.commit.slice(0, 12)})` : ''}`
  const url = ciRunUrl(env)
  const ci: Record<string, string> = url ? { 'CI run': url } : {}
  return {
    Verdict: run.verdict === 'passed' ? 'passed' : `FAILED: ${run.problems[0]?.message ?? 'see the checks'}`,
    Target: run.baseUrl,
    Environment: run.environment,
    'Expected version': run.expected ? build(run.expected) : 'not set (SMOKE_EXPECTED_VERSION)',
    'Served version': run.version ? build(run.version) : 'not seen',
    Rollout: run.rolloutProblem
      ? `not live: ${run.rolloutProblem}`
      : run.expected
        ? 'the expected version is live'
        : 'not gated',
    Started: run.startedAt,
    Checks: `${run.totals.passed} passed, ${run.totals.failed} failed, ${run.totals.skipped} skipped`,
    ...ci,
  }
}

/** The CLI's script: its package exports no package.json, so it is found from the package's entry. */
function allureBin(): string {
  const entry = createRequire(import.meta.url).resolve('allure')
  return join(entry.slice(0, entry.lastIndexOf(`${sep}dist${sep}`)), 'cli.js')
}

/** Writes `<dir>/allure/index.html`; returns its path. Throws with what to do when it cannot. */
export function generateAllureReport(
  dir: string,
  env: NodeJS.ProcessEnv = process.env,
): { path: string; output: string } {
  const results = join(dir, ALLURE_RESULTS)
  const record = join(dir, 'run.json')
  if (!existsSync(results) || !existsSync(record))
    throw new Error(
      `no Allure results in ${results}: run the checks with SMOKE_ALLURE=true (SMOKE_ALLURE=true npm run smoke) first`,
    )
  const run = RunRecord.parse(JSON.parse(readFileSync(record, 'utf8')))
  // Through the redaction like every other output, though the record is redacted already.
  writeFileSync(join(results, 'environment.properties'), redact(properties(runContext(run, env))))
  writeFileSync(join(results, 'categories.json'), JSON.stringify(CATEGORIES, null, 2))
  const output = join(dir, ALLURE_REPORT)
  const scratch = mkdtempSync(join(tmpdir(), 'smokecheck-allure-'))
  try {
    const config = join(scratch, 'allurerc.json')
    writeFileSync(
      config,
      JSON.stringify({
        name: `smokecheck: ${run.environment}`,
        output,
        historyPath: join(dir, HISTORY, ALLURE_HISTORY),
        // The classic layout only: the newer plugins load an analytics script from an outside host.
        plugins: { allure2: { options: { singleFile: true, reportName: `smokecheck: ${run.environment}` } } },
      }),
    )
    const generated = spawnSync(process.execPath, [allureBin(), 'generate', results, '--config', config], {
      encoding: 'utf8',
      env: { ...env, ALLURE_NO_ANALYTICS: 'true', NO_COLOR: '1' },
    })
    const said = `${generated.stdout ?? ''}${generated.stderr ?? ''}`
    const path = join(output, 'index.html')
    if (generated.status !== 0 || !existsSync(path))
      throw new Error(`allure generate failed (exit ${generated.status}): ${said.trim()}`)
    return { path, output: said }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const dir = resolve(process.env.SMOKE_REPORTS_DIR ?? DEFAULT_REPORTS_DIR)
  try {
    const started = performance.now()
    const { path } = generateAllureReport(dir)
    console.log(
      `smokecheck: Allure report written to ${path} in ${Math.round(performance.now() - started)} ms`,
    )
  } catch (error) {
    console.error(`smokecheck: ${(error as Error).message}`)
    process.exit(1)
  }
}
