// The reports of a run, configured explicitly (Vitest would otherwise pick a minimal
// reporter under automation): console, JUnit, Vitest's JSON, the HTML report, smokecheck's
// run record and summary, and on GitHub Actions the annotations and job summary.
import { join } from 'node:path'
import type { Reporter } from 'vitest/node'
import { RedactingReporter } from './redacting-reporter.ts'
import { RunRecordReporter } from './run-reporter.ts'

type ReporterEntry = string | Reporter | [string, Record<string, unknown>]

export const DEFAULT_REPORTS_DIR = 'reports'
export const DEFAULT_CHECKS = 'checks/**/*.check.ts'
export const DEFAULT_CHECK_TIMEOUT_MS = 60_000

export function reporters(
  dir: string = DEFAULT_REPORTS_DIR,
  env: NodeJS.ProcessEnv = process.env,
): ReporterEntry[] {
  const list: ReporterEntry[] = [
    new RedactingReporter(),
    'default',
    ['junit', { outputFile: join(dir, 'junit.xml'), suiteName: 'smokecheck' }],
    ['json', { outputFile: join(dir, 'results.json') }],
    ['html', { outputFile: join(dir, 'html', 'index.html') }],
    // Last, so its note on what changed since the previous run ends the console output.
    new RunRecordReporter(dir, env),
  ]
  if (env.GITHUB_ACTIONS === 'true') list.push(['github-actions', { jobSummary: { enabled: true } }])
  return list
}
