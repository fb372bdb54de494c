// What one run writes under the reports folder. Removed when the next run starts, so that a run
// that stops early (nothing selected, a bad tags filter) cannot leave an earlier run's green
// summary beside its own output. The history of earlier runs, the baselines, stays.
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Problem } from './verdict.ts'

/** Written by a run with SMOKE_ALLURE; `npm run report` turns them into the Allure report. */
export const ALLURE_RESULTS = 'allure-results'

export const RUN_OUTPUTS = [
  'junit.xml',
  'results.json',
  'html',
  'run.json',
  'summary.md',
  'verdict.json',
  ALLURE_RESULTS,
] as const

/** Kept between runs: the last record of each selection (write-run-record.ts). */
export { HISTORY } from '../config/defaults.ts'

export function removeEarlierOutputs(dir: string): void {
  for (const name of RUN_OUTPUTS) rmSync(join(dir, name), { recursive: true, force: true })
}

export function reportNotWritten(path: string, error: unknown): Problem {
  return { code: 'REPORT_NOT_WRITTEN', message: `${path} could not be written: ${(error as Error).message}` }
}

/**
 * Whether the run's outputs can be written, asked before any of them is: Vitest's reports read
 * the verdict as their writing starts, so a report that fails later could no longer turn them red.
 */
export function unwritableOutputs(dir: string, stepSummary: string | undefined): Problem[] {
  const problems: Problem[] = []
  const probe = (path: string, write: () => void) => {
    try {
      write()
    } catch (error) {
      problems.push(reportNotWritten(path, error))
    }
  }
  probe(dir, () => {
    mkdirSync(dir, { recursive: true })
    const file = join(dir, `.smokecheck-probe-${process.pid}`)
    writeFileSync(file, '')
    rmSync(file)
  })
  // Appended to, never replaced: an empty append creates it where GitHub's job meant it to be.
  if (stepSummary) probe(stepSummary, () => appendFileSync(stepSummary, ''))
  return problems
}
