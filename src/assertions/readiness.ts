// Judges a readiness payload (design §6 `/health/ready`): which dependency is down, which
// job is stale and by how much. Problems fail a check; `degraded` alone is a warning.
import { parseUtc, Readiness, type ReadinessBody } from '../../fixtures/schemas.ts'
import type { SmokeResponse } from '../http/response.ts'

export interface ReadinessVerdict {
  problems: string[]
  warnings: string[]
}

function age(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} s`
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`
  return `${(seconds / 3600).toFixed(1)} h`
}

function jobProblems(jobs: ReadinessBody['checks']['jobs'], staleFactor: number, now: number): string[] {
  // Whatever its status says, no success yet means nothing the job produces can be trusted.
  if (jobs.last_success === null) return [`job ${jobs.name} has never succeeded`]
  const sinceSuccess = (now - parseUtc(jobs.last_success)) / 1000
  const allowed = jobs.interval_s * staleFactor
  if (jobs.status === 'failing')
    return [`job ${jobs.name} is failing (last success ${age(sinceSuccess)} ago)`]
  if (jobs.status === 'stale' || sinceSuccess > allowed) {
    return [
      `job ${jobs.name} is stale: last success ${age(sinceSuccess)} ago, expected within ${age(allowed)} (${staleFactor} × its ${jobs.interval_s} s interval)`,
    ]
  }
  return []
}

export function judgeReadiness(body: ReadinessBody, staleFactor: number, now = Date.now()): ReadinessVerdict {
  const problems: string[] = []
  const warnings: string[] = []
  const { database, cache, jobs } = body.checks
  if (database.status === 'down') problems.push('the database is down')
  if (cache.status === 'down') problems.push('the cache is down')
  problems.push(...jobProblems(jobs, staleFactor, now))
  if (body.status === 'not_ready' && problems.length === 0) problems.push('the service reports not_ready')
  if (body.status === 'degraded')
    warnings.push(`the service reports degraded${problems.length ? '' : ' with every dependency up'}`)
  return { problems, warnings }
}

/** What a readiness answer deserves a look for without failing; none when it is no readiness payload (toBeReady says why). */
export function readinessWarnings(res: SmokeResponse, staleFactor: number): string[] {
  if (res.schemaProblem(Readiness) !== undefined) return []
  return judgeReadiness(res.parse(Readiness), staleFactor).warnings
}
