// One cycle: the checks the plan selects, run again on the Vitest instance the monitor keeps
// (the config, the Vite server's transformed modules and the global setup stay; Vitest 4.1 starts
// the workers afresh each run), judged by the same verdict reporter as a one-off run, and cut at
// its time limit: then the checks still running finish at their own timeout and those not begun
// are not started.
import type { Vitest } from 'vitest/node'
import { targetInfo } from '../reporting/target-projects.ts'
import { judgedRun } from '../reporting/verdict-reporter.ts'
import { matches } from '../runner/preflight.ts'
import { type CheckObservation, observationsOf } from './observations.ts'
import type { Plan } from './scheduler.ts'

export interface CycleResult {
  observations: CheckObservation[]
  result: 'passed' | 'failed' | 'cut'
  startedAt: Date
  durationMs: number
}

// Vitest's type lists its own reasons only, and takes any string.
const TIME_LIMIT = 'smokecheck-monitor-time-limit' as unknown as Parameters<Vitest['cancelCurrentRun']>[0]

/**
 * Vitest adds the time of every module a worker fetches to a list per module and never clears it
 * (its module graph reads the first entry only): a cycle's new workers fetch every module again,
 * so a monitor would grow by each cycle's fetches for as long as it runs.
 */
function forgetFetchDurations(vitest: Vitest): void {
  for (const { duration } of Object.values(vitest.state.metadata))
    for (const times of Object.values(duration)) times.length = Math.min(times.length, 1)
}

export async function runCycle(
  vitest: Vitest,
  { tagsFilter, projects }: Pick<Plan, 'tagsFilter' | 'projects'>,
  limitMs: number,
): Promise<CycleResult> {
  const startedAt = new Date()
  const specifications = (await vitest.getRelevantTestSpecifications()).flatMap((s) => {
    if (!targetInfo(s.project)) return []
    // A service's own entry (`api:*=30s`) runs every check of it; a tag's, the checks with the tag.
    if (!tagsFilter || projects.some((pattern) => matches(pattern, s.project.name))) return [s]
    if (!tagsFilter.length) return []
    return [s.project.createSpecification(s.moduleId, { testTagsFilter: tagsFilter }, s.pool)]
  })
  const ran = new Set(specifications.map((s) => `${s.project.name} ${s.moduleId}`))
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
    forgetFetchDurations(vitest)
  }
  const after = judgedRun(vitest)
  const verdict = after !== before ? after?.verdict : undefined
  const observations = observationsOf(
    // Vitest returns every module it knows: those of other services hold an earlier cycle's results.
    modules.filter((m) => ran.has(`${m.project.name} ${m.moduleId}`)),
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
