// Judges what a readiness endpoint says: which dependency is down, which job is stale and by
// how much. Problems fail a check; `degraded` alone is a warning. Services shape readiness in
// many ways: the suite's schema turns its service's body into a ReadinessReport (a zod
// transform), and the judgement below is the same for all of them.
import { z } from 'zod'
import type { SmokeResponse } from '../http/response.ts'

export const ReadinessReport = z.object({
  status: z.enum(['ready', 'degraded', 'not_ready']),
  dependencies: z.array(z.object({ name: z.string().min(1), up: z.boolean() })),
  jobs: z.array(
    z.object({
      name: z.string().min(1),
      /** What the service says of the job, where it says. */
      status: z.enum(['ok', 'stale', 'failing']).optional(),
      /** Milliseconds since the epoch; null: the job has never succeeded. */
      lastSuccess: z.number().nullable(),
      intervalS: z.number().positive(),
    }),
  ),
})
export type ReadinessReport = z.output<typeof ReadinessReport>

/** A schema whose output is a ReadinessReport: the service's body, read the suite's way. */
export type ReadinessSchema = z.ZodType<ReadinessReport>

export interface ReadinessOptions {
  /** A job is stale after this many intervals without success (SMOKE_JOB_STALE_FACTOR). */
  staleFactor: number
  schema: ReadinessSchema
}

export interface ReadinessVerdict {
  problems: string[]
  warnings: string[]
}

function age(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} s`
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`
  return `${(seconds / 3600).toFixed(1)} h`
}

function jobProblems(job: ReadinessReport['jobs'][number], staleFactor: number, now: number): string[] {
  // Whatever its status says, no success yet means nothing the job produces can be trusted.
  if (job.lastSuccess === null) return [`job ${job.name} has never succeeded`]
  const sinceSuccess = (now - job.lastSuccess) / 1000
  const allowed = job.intervalS * staleFactor
  if (job.status === 'failing') return [`job ${job.name} is failing (last success ${age(sinceSuccess)} ago)`]
  if (job.status === 'stale' || sinceSuccess > allowed) {
    return [
      `job ${job.name} is stale: last success ${age(sinceSuccess)} ago, expected within ${age(allowed)} (${staleFactor} × its ${job.intervalS} s interval)`,
    ]
  }
  return []
}

export function judgeReadiness(
  report: ReadinessReport,
  staleFactor: number,
  now = Date.now(),
): ReadinessVerdict {
  const problems = report.dependencies.filter((d) => !d.up).map((d) => `the ${d.name} is down`)
  for (const job of report.jobs) problems.push(...jobProblems(job, staleFactor, now))
  if (report.status === 'not_ready' && problems.length === 0) problems.push('the service reports not_ready')
  const warnings =
    report.status === 'degraded'
      ? [`the service reports degraded${problems.length ? '' : ' with every dependency up'}`]
      : []
  return { problems, warnings }
}

/** What a readiness answer deserves a look for without failing; none when it is no readiness payload (toBeReady says why). */
export function readinessWarnings(res: SmokeResponse, options: ReadinessOptions): string[] {
  if (res.schemaProblem(options.schema) !== undefined) return []
  return judgeReadiness(res.parse(options.schema), options.staleFactor).warnings
}
