// The reports of a run, configured explicitly (Vitest would otherwise pick a minimal
// reporter under automation): console, JUnit, Vitest's JSON, the HTML report, smokecheck's
// run record and summary, and on GitHub Actions the annotations and job summary. The
// redacting reporter that goes before them all is added by redaction-plugin.ts.
//
// The run record's, JUnit's, the JSON and the GitHub reporters are named by path, not imported: Vitest loads them
// when the run starts, so vitest.config.ts, which is bundled anew for every run, stays small.
import { join } from 'node:path'
import type { Reporter } from 'vitest/node'
import { DEFAULT_REPORTS_DIR } from '../config/defaults.ts'
import { moduleFile } from '../config/module-file.ts'
import { ALLURE_RESULTS } from './outputs.ts'

type ReporterEntry = string | Reporter | [string, Record<string, unknown>]

export function reporters(
  dir: string = DEFAULT_REPORTS_DIR,
  env: NodeJS.ProcessEnv = process.env,
  /** Set to write Allure results (SMOKE_ALLURE) for that environment. */
  allure?: { environment: string },
): ReporterEntry[] {
  const list: ReporterEntry[] = [
    'default',
    [
      moduleFile(import.meta, 'junit-reporter'),
      { outputFile: join(dir, 'junit.xml'), suiteName: 'smokecheck' },
    ],
    [moduleFile(import.meta, 'json-reporter'), { outputFile: join(dir, 'results.json') }],
    ['html', { outputFile: join(dir, 'html', 'index.html') }],
  ]
  if (env.GITHUB_ACTIONS === 'true')
    // Vitest's own job summary would come first with totals of its own (tests without the skipped
    // ones, files): summary.md, appended by the run record's reporter, is the one job summary.
    list.push([moduleFile(import.meta, 'github-reporter'), { jobSummary: { enabled: false } }])
  // Opt-in: it loads Allure's runtime into every worker, which a run that is not reviewed pays for.
  if (allure)
    list.push([
      moduleFile(import.meta, 'allure-reporter'),
      { resultsDir: join(dir, ALLURE_RESULTS), environment: allure.environment },
    ])
  // Last, so its note on what changed and the verdict end the console output.
  list.push([moduleFile(import.meta, 'run-reporter'), { dir, stepSummary: env.GITHUB_STEP_SUMMARY }])
  return list
}
