// The deployment's verdict for machines: pass, marginal or fail, with the reasons, written to
// reports/verdict.json (and into run.json as `deployment`) for an Argo Rollouts analysis, a Flagger
// webhook or a CI step to gate a promotion on. docs/verdict.md documents the format.
import { z } from 'zod'
import type { Changes } from './changes.ts'
import { type RequestComparison, RequestVerdictName } from './request-verdict.ts'
import type { Problem } from './verdict.ts'

const DEPLOYMENT_FORMAT = 'smokecheck-verdict/1'

export const DeploymentVerdict = z.object({
  format: z.literal(DEPLOYMENT_FORMAT),
  /**
   * fail: a check failed, something went wrong outside the checks, or a request got worse.
   * marginal: nothing failed, but a request may have got slower or a response lost or retyped a field.
   * pass: neither.
   */
  verdict: z.enum(['pass', 'marginal', 'fail']),
  /** The run's exit code: 1 on fail, unless the only reason is a worse request and the gate is `warn`. */
  exitCode: z.union([z.literal(0), z.literal(1)]),
  /** SMOKE_COMPARE_GATE: whether a worse request fails the run (`fail`) or is only reported (`warn`). */
  gate: z.enum(['fail', 'warn']),
  environment: z.string(),
  baseUrl: z.string(),
  /** The canary mode's baseline (SMOKE_BASELINE_URL); null otherwise. */
  baselineUrl: z.string().nullable(),
  startedAt: z.string(),
  /** What the requests were judged against, in words. */
  comparedWith: z.string(),
  /** Why the verdict is not pass, one sentence each, the gravest first; empty on pass. */
  reasons: z.array(z.string()),
  /** Each request judged, with its verdict and the sentence that explains it. */
  requests: z.array(
    z.object({
      request: z.string(),
      /** `history`: against the recent green runs; `baseline`: against SMOKE_BASELINE_URL in this run. */
      against: z.enum(['history', 'baseline']),
      verdict: RequestVerdictName,
      reason: z.string(),
    }),
  ),
})
export type DeploymentVerdict = z.infer<typeof DeploymentVerdict>

/** The problem a worse request adds to the run when the gate is `fail`. */
export const COMPARISON_WORSE = 'COMPARISON_WORSE'

export interface DeploymentInput {
  problems: readonly { code: string; message: string }[]
  gate: 'fail' | 'warn'
  environment: string
  baseUrl: string
  baselineUrl: string | undefined
  startedAt: string
  changes: Changes | null
  canary: readonly RequestComparison[]
  comparedWith: string
}

export function judgeDeployment(input: DeploymentInput): DeploymentVerdict {
  const history = input.changes?.requests ?? []
  const requests = [
    ...input.canary.map((r) => ({ ...r, against: 'baseline' as const })),
    ...history.map((r) => ({ ...r, against: 'history' as const })),
  ]
  const of = (verdict: string) => requests.filter((r) => r.verdict === verdict).map((r) => r.reason)
  const failures = input.problems.filter((p) => p.code !== COMPARISON_WORSE).map((p) => p.message)
  const worse = of('worse')
  const shapes = (input.changes?.shape ?? [])
    .filter((s) => s.change)
    .map((s) => `response shape of ${s.request} changed`)
  const marginal = [...of('marginal'), ...shapes]
  const verdict = failures.length || worse.length ? 'fail' : marginal.length ? 'marginal' : 'pass'
  return {
    format: DEPLOYMENT_FORMAT,
    verdict,
    exitCode: input.problems.length ? 1 : 0,
    gate: input.gate,
    environment: input.environment,
    baseUrl: input.baseUrl,
    baselineUrl: input.baselineUrl ?? null,
    startedAt: input.startedAt,
    comparedWith: input.comparedWith,
    reasons: [...failures, ...worse, ...marginal],
    requests: requests.map(({ request, against, verdict, reason }) => ({
      request,
      against,
      verdict,
      reason,
    })),
  }
}

/** The problem that fails the run on a worse request, when the gate says so; none otherwise. */
export function gateProblem(
  gate: 'fail' | 'warn',
  requests: readonly RequestComparison[],
): Problem | undefined {
  const worse = requests.filter((r) => r.verdict === 'worse')
  if (gate !== 'fail' || worse.length === 0) return undefined
  const more = worse.length > 1 ? ` (and ${worse.length - 1} more request${worse.length > 2 ? 's' : ''})` : ''
  return { code: COMPARISON_WORSE, message: `${worse[0]?.reason}${more}` }
}
