// What one run writes under the reports folder. Removed when the next run starts, so that a run
// that stops early (nothing selected, a bad tags filter) cannot leave an earlier run's green
// summary beside its own output. The history of earlier runs, the baselines, stays.
import { rmSync } from 'node:fs'
import { join } from 'node:path'

/** Written by a run with SMOKE_ALLURE; `npm run report` turns them into the Allure report. */
export const ALLURE_RESULTS = 'allure-results'

export const RUN_OUTPUTS = [
  'junit.xml',
  'results.json',
  'html',
  'run.json',
  'summary.md',
  ALLURE_RESULTS,
] as const

/** Kept between runs: the last record of each selection (write-run-record.ts). */
export { HISTORY } from '../config/defaults.ts'

export function removeEarlierOutputs(dir: string): void {
  for (const name of RUN_OUTPUTS) rmSync(join(dir, name), { recursive: true, force: true })
}
