// Runs the verdict suite (test/suites/verdict.config.ts) through Vitest's CLI with check files a
// test writes for the occasion (a syntax error cannot be committed: lint and tsc would fail on
// it), and reads back every output the run wrote: exit code, console, summary.md, run.json,
// junit.xml, Vitest's results.json and the HTML report's data.
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { RunRecord } from '../../src/reporting/run-record.ts'
import { type CliRun, smoke } from './cli.ts'
import { ROOT } from './run-checks.ts'

export const VERDICT_SUITE = join(ROOT, 'test/suites/verdict.config.ts')
const CHECKS = join(ROOT, 'test/verdict-checks')

export interface VerdictRun extends CliRun {
  summary: string
  record: RunRecord
  junit: string
  /** Vitest's JSON report, as written. */
  results: string
  html: string
  /** GitHub's workflow commands among the output (GITHUB_ACTIONS=true). */
  annotations: string[]
}

const unescapeXml = (xml: string) =>
  xml
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&')

const read = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : '')

export function readOutputs(run: CliRun): VerdictRun {
  const html = join(run.reportsDir, 'html', 'html.meta.json.gz')
  return {
    ...run,
    summary: read(join(run.reportsDir, 'summary.md')),
    record: RunRecord.parse(JSON.parse(read(join(run.reportsDir, 'run.json')))),
    junit: unescapeXml(read(join(run.reportsDir, 'junit.xml'))),
    results: read(join(run.reportsDir, 'results.json')),
    html: existsSync(html) ? gunzipSync(readFileSync(html)).toString('utf8') : '',
    annotations: run.output.split('\n').filter((line) => line.startsWith('::')),
  }
}

/**
 * Writes the given check files into a folder of their own under test/verdict-checks, runs the
 * suite's healthy file with them, and removes them again. Returns the run and the files' paths.
 */
export async function runWithFiles(
  files: Record<string, string>,
  env: Record<string, string>,
  args: string[] = [],
): Promise<{ run: CliRun; paths: Record<string, string> }> {
  const folder = join(CHECKS, `generated-${randomBytes(4).toString('hex')}`)
  mkdirSync(folder)
  try {
    const paths: Record<string, string> = {}
    for (const [name, text] of Object.entries(files)) {
      writeFileSync(join(folder, name), text)
      paths[name] = relative(ROOT, join(folder, name))
    }
    const include = `{test/verdict-checks/healthy.check.ts,${relative(ROOT, folder)}/*.check.ts}`
    const run = await smoke({ GITHUB_ACTIONS: 'true', SMOKE_CHECKS: include, ...env }, args, VERDICT_SUITE)
    return { run, paths }
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
}
