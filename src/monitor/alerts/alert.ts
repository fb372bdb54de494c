// One alert for one transition of one check: what a sink formats and sends. It carries the
// failure's one sentence from the run (the same the CI report shows), the service, the
// environment, since when, and for a recovery how long the incident lasted. Built once per
// transition and kept in the outbox until each sink took it, so a restart neither loses nor
// repeats it.
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import type { Transition } from '../check-state.ts'

export const Alert = z.object({
  /** The same for every sink and every retry: a receiver can drop a repeat. */
  id: z.string(),
  kind: z.enum(['down', 'degraded', 'recovered']),
  service: z.string(),
  environment: z.string(),
  check: z.string(),
  from: z.enum(['up', 'degraded', 'down']),
  to: z.enum(['up', 'degraded', 'down']),
  /** The failure's or warning's one sentence; for a recovery, what it was. */
  cause: z.string().nullable(),
  /** When the check began failing (or warning); for a recovery, when the incident began. */
  since: z.iso.datetime(),
  at: z.iso.datetime(),
  /** How long it had been failing (or, for a recovery, had failed), in seconds. */
  durationS: z.number(),
  /** The failing exchange as a redacted curl line, when there was one. */
  curl: z.string().optional(),
  /** One line a person reads: the Slack message, the log line. */
  text: z.string(),
})
export type Alert = z.infer<typeof Alert>

export function humanDuration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`
  if (seconds < 48 * 3600) return `${(seconds / 3600).toFixed(1)} h`
  return `${(seconds / 86_400).toFixed(1)} days`
}

export function alertFor(
  transition: Transition,
  context: { service: string; environment: string; curl?: string | undefined },
  at: Date,
): Alert {
  const { before, after, to } = transition
  const kind = to === 'up' ? 'recovered' : to
  // A recovery names the incident it ends: when that began and what it was.
  const since = kind === 'recovered' ? before.since : after.since
  const cause = kind === 'recovered' ? before.cause : after.cause
  const durationS = Math.max(0, (at.getTime() - Date.parse(since)) / 1000)
  const where = `[${context.environment}] ${context.service}: "${after.name}"`
  const text =
    kind === 'recovered'
      ? `${where} recovered after ${humanDuration(durationS)} ${before.state} (since ${since})${cause ? `; it was: ${cause}` : ''}`
      : `${where} is ${to} since ${since} (${humanDuration(durationS)}, ${to === 'down' ? after.streaks.fail : after.streaks.trouble} in a row): ${cause ?? 'no cause given'}`
  return {
    id: randomUUID(),
    kind,
    service: context.service,
    environment: context.environment,
    check: after.id,
    from: transition.from,
    to,
    cause,
    since,
    at: at.toISOString(),
    durationS: Math.round(durationS),
    ...(kind !== 'recovered' && context.curl ? { curl: context.curl } : {}),
    text,
  }
}
