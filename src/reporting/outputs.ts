// What one run writes under the reports folder. Removed when the next run starts, so that a run
// that stops early (nothing selected, a bad tags filter) cannot leave an earlier run's green
// summary beside its own output. The history of earlier runs, the baselines, stays.
import { appendFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { TARGETS_DIR } from '../config/targets.ts'
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
export { targetDir } from '../config/targets.ts'

function targetDirs(dir: string): string[] {
  const folder = join(dir, TARGETS_DIR)
  if (!existsSync(folder)) return []
  return readdirSync(folder).flatMap((service) =>
    readdirSync(join(folder, service)).map((environment) => join(folder, service, environment)),
  )
}

export function removeEarlierOutputs(dir: string): void {
  for (const folder of [dir, ...targetDirs(dir)])
    for (const name of RUN_OUTPUTS) rmSync(join(folder, name), { recursive: true, force: true })
}

export function reportNotWritten(path: string, error: unknown): Problem {
  return { code: 'REPORT_NOT_WRITTEN', message: `${path} could not be written: ${(error as Error).message}` }
}

/** Writes (or appends to) one of the run's reports; the problem when it could not. */
export function writeReport(dir: string, path: string, text: string, append = false): Problem | undefined {
  try {
    mkdirSync(dir, { recursive: true })
    if (append) appendFileSync(path, text)
    else writeFileSync(path, text)
    return undefined
  } catch (error) {
    return reportNotWritten(path, error)
  }
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
