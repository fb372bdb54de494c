// One cycle: the checks the plan selects, run again on the Vitest instance the monitor keeps
// (the config, the Vite server's transformed modules and the global setup stay; Vitest 4.1 starts
// the workers afresh each run), judged by the same verdict reporter as a one-off run, and cut at
// its time limit: then the checks still running finish at their own timeout and those not begun
// are not started.
import type { Vitest } from 'vitest/node'
import { CHECKS_PROJECT } from '../config/suite.ts'
import { judgedRun } from '../reporting/verdict-reporter.ts'
import { type CheckObservation, observationsOf } from './observations.ts'

export interface CycleResult {
  observations: CheckObservation[]
  result: 'passed' | 'failed' | 'cut'
  startedAt: Date
  durationMs: number
}

// Vitest's type lists its own reasons only, and takes any string.
const TIME_LIMIT = 'smokecheck-monitor-time-limit' as unknown as Parameters<Vitest['cancelCurrentRun']>[0]

export async function runCycle(
  vitest: Vitest,
  tagsFilter: string[] | undefined,
  limitMs: number,
): Promise<CycleResult> {
  const startedAt = new Date()
  const specifications = (await vitest.getRelevantTestSpecifications())
    .filter((s) => s.project.name === CHECKS_PROJECT)
    .map((s) =>
      tagsFilter ? s.project.createSpecification(s.moduleId, { testTagsFilter: tagsFilter }, s.pool) : s,
    )
  // The verdict reporter leaves its verdict on the instance; a cut run gets none, and the
  // previous cycle's must not pass for this one's.
  const before = judgedRun(vitest)
  let cut = false
  const timer = setTimeout(() => {
    cut = true
    void vitest.cancelCurrentRun(TIME_LIMIT)
  }, limitMs)
  let modules: Awaited<ReturnType<Vitest['runTestSpecifications']>>['testModules']
  try {
    ;({ testModules: modules } = await vitest.runTestSpecifications(specifications, tagsFilter === undefined))
  } finally {
    clearTimeout(timer)
  }
  const after = judgedRun(vitest)
  const verdict = after !== before ? after?.verdict : undefined
  const observations = observationsOf(
    modules.filter((m) => m.project.name === CHECKS_PROJECT),
    vitest.config.root,
    verdict,
    cut ? { limitMs } : undefined,
  )
  // A failed cycle sets the exit code, as a one-off run does; the monitor's own is decided at its stop.
  process.exitCode = 0
  return {
    observations,
    result: cut ? 'cut' : verdict?.verdict === 'passed' ? 'passed' : 'failed',
    startedAt,
    durationMs: Date.now() - startedAt.getTime(),
  }
}
