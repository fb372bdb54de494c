// What one cycle saw, read from the run exactly as a one-off run reports it: each check's record
// (src/reporting/run-record.ts: its failure's headline, its warnings, its exchanges) and the run's
// verdict (src/reporting/verdict.ts). A failure outside any check (a file that did not load, an
// error nobody awaited) is observed too, as the run itself failing: the monitor cannot be green
// where the one-off run would be red.
import type { TestModule } from 'vitest/node'
import type { Phases } from '../http/exchange.ts'
import type { CheckRecord } from '../reporting/check-record.ts'
import { checkRecord } from '../reporting/run-record.ts'
import { targetInfo } from '../reporting/target-projects.ts'
import type { Verdict } from '../reporting/verdict.ts'
import type { Observation } from './check-state.ts'

/** blackbox_exporter's names for the phases of an HTTP probe. */
export const PHASES = ['resolve', 'connect', 'tls', 'processing', 'transfer'] as const
export type PhaseName = (typeof PHASES)[number]

export interface CheckObservation extends Observation {
  tags: string[]
  /** The phases of the check's last exchange, in seconds, where they were measured. */
  phases: Partial<Record<PhaseName, number>>
  /** The redacted curl line of the failing (or last) exchange, to reproduce it. */
  curl?: string | undefined
}

/** The id the run's own problems are kept under, beside the checks. */
export const RUN_ID = '(the run)'

function phasesOf(phases: Phases | undefined): CheckObservation['phases'] {
  if (!phases) return {}
  const measured: [PhaseName, number | null | undefined][] = [
    ['resolve', phases.dnsMs],
    ['connect', phases.connectMs],
    ['tls', phases.tlsMs],
    ['processing', phases.waitMs],
    ['transfer', phases.downloadMs],
  ]
  return Object.fromEntries(
    measured.flatMap(([name, ms]) => (typeof ms === 'number' ? [[name, ms / 1000]] : [])),
  )
}

function observationOf(record: CheckRecord): CheckObservation | undefined {
  if (record.state !== 'passed' && record.state !== 'failed') return undefined
  const last = record.exchanges.at(-1)
  const failing = record.exchanges.findLast((e) => e.error !== undefined) ?? last
  const outcome = record.state === 'failed' ? 'fail' : record.warnings.length ? 'warn' : 'pass'
  return {
    id: record.id,
    name: record.name,
    file: record.file,
    tags: record.tags,
    outcome,
    cause:
      outcome === 'fail'
        ? (record.errors[0] ?? 'failed')
        : outcome === 'warn'
          ? record.warnings[0]
          : undefined,
    durationMs: record.durationMs,
    phases: phasesOf(last?.timings.phases),
    curl: (outcome === 'fail' ? failing : last)?.curl,
  }
}

/** The module's service and environment, in a suite of several: `api:staging`. */
function targetOf(module: TestModule): { target?: string; service?: string } {
  const service = targetInfo(module.project)?.service?.name
  return service ? { target: module.project.name, service } : {}
}

/** A check of one service among several: its id and name say which, its service labels it. */
function named(
  seen: CheckObservation | undefined,
  target: string | undefined,
  service: string | undefined,
): CheckObservation | undefined {
  if (!seen || !target) return seen
  return { ...seen, id: `${target} › ${seen.id}`, name: `${target} › ${seen.name}`, service }
}

export function observationsOf(
  modules: readonly TestModule[],
  root: string,
  verdict: Verdict | undefined,
  cut: { limitMs: number } | undefined,
): CheckObservation[] {
  const records = modules.flatMap((m) =>
    [...m.children.allTests()].map((t) => ({ ...checkRecord(t, root), ...targetOf(m) })),
  )
  const checks = records.flatMap(({ target, service, ...record }) => {
    const seen = named(observationOf(record), target, service)
    if (seen) return [seen]
    // Cut at the time limit before it finished: a check that hangs is a check that fails.
    if (cut && record.state === 'pending')
      return [
        {
          ...named(observationOf({ ...record, state: 'failed', errors: [] }), target, service),
          cause: `the cycle was cut at its time limit of ${cut.limitMs} ms before this check finished`,
        } as CheckObservation,
      ]
    return []
  })
  const problems = verdict?.problems.filter((p) => p.code !== 'CHECKS_FAILED') ?? []
  const run: CheckObservation = {
    id: RUN_ID,
    name: RUN_ID,
    file: '',
    tags: [],
    outcome: problems.length || (!verdict && !cut) ? 'fail' : 'pass',
    cause: problems[0]?.message ?? (!verdict && !cut ? 'the run ended without a verdict' : undefined),
    durationMs: null,
    phases: {},
  }
  return [...checks, run]
}
