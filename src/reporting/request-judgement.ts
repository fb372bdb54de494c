// Every request of a run judged, once, before any report is written: against the recent green runs
// of the environment (or, without any, the run SMOKE_BASELINE names), and in the canary mode
// against SMOKE_BASELINE_URL. The verdict reporter calls it so that a worse request is in the
// run's verdict before JUnit, the HTML report and GitHub read it; the run record uses its result.
import { Config } from '../config/settings.ts'
import type { ProvidedConfig } from '../runner/provided.ts'
import { judgeRequests } from './changes.ts'
import type { CheckRecord } from './check-record.ts'
import { gateProblem } from './deployment.ts'
import { type ByRequest, canarySidesOf, observationsOf, pooled } from './observations.ts'
import { recentRuns } from './request-history.ts'
import type { RequestComparison } from './request-verdict.ts'
import { readBaseline } from './run-record.ts'
import type { Problem } from './verdict.ts'

export interface RequestJudgement {
  history: { description: string; requests: RequestComparison[] }
  canary: { baselineUrl: string; requests: RequestComparison[] } | null
  /** COMPARISON_WORSE when a request got worse and SMOKE_COMPARE_GATE is `fail`. */
  problem: Problem | undefined
}

type Comparison = ProvidedConfig['comparison']

function baselineOf(
  environment: string,
  dir: string,
  named: string | undefined,
  comparison: Comparison,
): { seen: ByRequest; description: string } {
  const recent = recentRuns(dir, environment, comparison.runs)
  const runs = recent.seen.length
  if (runs)
    return {
      seen: pooled(recent.seen),
      description: `the ${runs === 1 ? 'last green run' : `${runs} last green runs`} of ${environment} (since ${recent.since})`,
    }
  const run = named ? readBaseline(named, environment, true).run : undefined
  if (run) return { seen: observationsOf(run), description: `the run of ${run.startedAt} (SMOKE_BASELINE)` }
  return { seen: new Map(), description: `no green run of ${environment} yet: no request compared` }
}

export function judgeRunRequests(input: {
  checks: readonly Pick<CheckRecord, 'exchanges' | 'samples'>[]
  environment: string
  dir: string
  /** Absent when no check file matched: then nothing is compared. */
  config: Pick<ProvidedConfig, 'comparison' | 'baseline' | 'baselineUrl'> | undefined
}): RequestJudgement {
  const { config } = input
  const comparison = config?.comparison ?? Config.parse({}).comparison
  const against = baselineOf(input.environment, input.dir, config?.baseline, comparison)
  const history = {
    description: against.description,
    requests: judgeRequests(against.seen, observationsOf(input), comparison),
  }
  const sides = canarySidesOf(input)
  const canary = config?.baselineUrl
    ? { baselineUrl: config.baselineUrl, requests: judgeRequests(sides.baseline, sides.canary, comparison) }
    : null
  const problem = gateProblem(comparison.gate, [...(canary?.requests ?? []), ...history.requests])
  return { history, canary, problem }
}
