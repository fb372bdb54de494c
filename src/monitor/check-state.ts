// A check's state across cycles: up, degraded (it passed, with a warning: a soft budget breached,
// a dependency degraded) or down. A state changes only after a run of like outcomes as long as
// its threshold (Gatus' failure and success thresholds), so a single blip pages nobody; the
// transition is what an alert is sent for, once.
import { z } from 'zod'

/** What one cycle saw of a check: passed, passed with a warning, or failed. */
export type Outcome = 'pass' | 'warn' | 'fail'

export const CheckState = z.object({
  id: z.string(),
  name: z.string(),
  file: z.string(),
  /** Its service, in a suite of several (the `service` label of its metrics and alerts). */
  service: z.string().optional(),
  state: z.enum(['up', 'degraded', 'down']),
  /** When the check entered its state: for down, its first failure in the run that took it there. */
  since: z.iso.datetime(),
  /** Outcomes in a row: failures, anything but a failure, clean passes, anything but a clean pass. */
  streaks: z.object({
    fail: z.number().int(),
    ok: z.number().int(),
    pass: z.number().int(),
    trouble: z.number().int(),
  }),
  /** When the current runs of failures and of troubles began. */
  failingSince: z.iso.datetime().nullable(),
  troubleSince: z.iso.datetime().nullable(),
  /** The latest failure's or warning's sentence; kept while the check is down or degraded. */
  cause: z.string().nullable(),
  lastOutcome: z.enum(['pass', 'warn', 'fail']),
  lastObservedAt: z.iso.datetime(),
  lastSuccessAt: z.iso.datetime().nullable(),
  durationMs: z.number().nullable(),
})
export type CheckState = z.infer<typeof CheckState>
export type StateName = CheckState['state']

export interface Thresholds {
  failure: number
  success: number
}

export interface Observation {
  id: string
  name: string
  file: string
  service?: string | undefined
  outcome: Outcome
  /** The failure's or warning's one sentence. */
  cause?: string | undefined
  durationMs: number | null
}

export interface Transition {
  from: StateName
  to: StateName
  /** The state before the transition: its cause and since, for the resolution message. */
  before: CheckState
  after: CheckState
}

const bump = (value: number, counts: boolean) => (counts ? value + 1 : 0)

function nextState(previous: StateName, s: CheckState['streaks'], t: Thresholds): StateName {
  if (s.fail >= t.failure) return 'down'
  if (previous === 'down') return s.ok >= t.success ? (s.pass >= t.success ? 'up' : 'degraded') : 'down'
  if (previous === 'degraded') return s.pass >= t.success ? 'up' : 'degraded'
  return s.trouble >= t.failure ? 'degraded' : 'up'
}

/** A check seen for the first time starts up: nothing has failed yet. */
export function freshState(observation: Observation, at: Date): CheckState {
  const now = at.toISOString()
  return {
    id: observation.id,
    name: observation.name,
    file: observation.file,
    ...(observation.service && { service: observation.service }),
    state: 'up',
    since: now,
    streaks: { fail: 0, ok: 0, pass: 0, trouble: 0 },
    failingSince: null,
    troubleSince: null,
    cause: null,
    lastOutcome: 'pass',
    lastObservedAt: now,
    lastSuccessAt: null,
    durationMs: null,
  }
}

export function observe(
  current: CheckState,
  observation: Observation,
  thresholds: Thresholds,
  at: Date,
): { state: CheckState; transition?: Transition } {
  const now = at.toISOString()
  const { outcome } = observation
  const streaks = {
    fail: bump(current.streaks.fail, outcome === 'fail'),
    ok: bump(current.streaks.ok, outcome !== 'fail'),
    pass: bump(current.streaks.pass, outcome === 'pass'),
    trouble: bump(current.streaks.trouble, outcome !== 'pass'),
  }
  const failingSince = outcome === 'fail' ? (current.failingSince ?? now) : null
  const troubleSince = outcome !== 'pass' ? (current.troubleSince ?? now) : null
  const to = nextState(current.state, streaks, thresholds)
  const changed = to !== current.state
  const since = !changed
    ? current.since
    : to === 'down'
      ? (failingSince ?? now)
      : to === 'degraded'
        ? (troubleSince ?? now)
        : now
  const state: CheckState = {
    ...current,
    name: observation.name,
    state: to,
    since,
    streaks,
    failingSince,
    troubleSince,
    // The cause of an open incident stays until the check is up again.
    cause: observation.cause ?? (to === 'up' ? null : current.cause),
    lastOutcome: outcome,
    lastObservedAt: now,
    lastSuccessAt: outcome === 'fail' ? current.lastSuccessAt : now,
    durationMs: observation.durationMs,
  }
  return changed
    ? { state, transition: { from: current.state, to, before: current, after: state } }
    : { state }
}
