// The deployment verdict a rollout controller reads (issue 18): fail on a failed run or a worse
// request, marginal on a request that may have got slower or a changed response shape, pass
// otherwise; the exit code follows SMOKE_COMPARE_GATE.
import { describe, expect, it } from 'vitest'
import { DeploymentVerdict } from '../../src/index.ts'
import { type DeploymentInput, gateProblem, judgeDeployment } from '../../src/reporting/deployment.ts'
import { judgeRequest } from '../../src/reporting/request-verdict.ts'

const FLOORS = { alpha: 0.01, minRatio: 1.25, minShiftMs: 25 }
const times = (ms: number) => Array.from({ length: 30 }, (_, i) => ms + i / 10)
const seen = (ms: number) => ({ latencies: times(ms), errors: 0, n: 30 })
const worse = judgeRequest('GET /slow', seen(40), seen(120), FLOORS)
const marginal = judgeRequest('GET /bit', seen(40), seen(55), FLOORS)
const same = judgeRequest('GET /same', seen(40), seen(40), FLOORS)

function input(fields: Partial<DeploymentInput> = {}): DeploymentInput {
  return {
    problems: [],
    gate: 'fail',
    environment: 'production',
    baseUrl: 'https://green.example.com',
    baselineUrl: 'https://blue.example.com',
    startedAt: new Date(0).toISOString(),
    changes: null,
    canary: [same],
    comparedWith: 'the baseline https://blue.example.com',
    ...fields,
  }
}

describe('judgeDeployment', () => {
  it('passes when every request is unchanged, in the exported schema', () => {
    const verdict = judgeDeployment(input())
    expect(DeploymentVerdict.parse(verdict)).toMatchObject({ verdict: 'pass', exitCode: 0, reasons: [] })
    expect(verdict.requests).toEqual([
      { request: 'GET /same', against: 'baseline', verdict: 'unchanged', reason: same.reason },
    ])
  })

  it('is marginal on a request that may have got slower', () => {
    expect(marginal.verdict).toBe('marginal')
    expect(judgeDeployment(input({ canary: [same, marginal] }))).toMatchObject({
      verdict: 'marginal',
      exitCode: 0,
      reasons: [marginal.reason],
    })
  })

  it('fails on a worse request, with exit code 1 under the fail gate and 0 when it only warns', () => {
    const problem = gateProblem('fail', [worse, marginal])
    expect(problem).toEqual({ code: 'COMPARISON_WORSE', message: worse.reason })
    expect(
      judgeDeployment(input({ canary: [worse, marginal], problems: [problem ?? { code: '', message: '' }] })),
    ).toMatchObject({ verdict: 'fail', exitCode: 1, reasons: [worse.reason, marginal.reason] })
    expect(gateProblem('warn', [worse])).toBeUndefined()
    expect(judgeDeployment(input({ gate: 'warn', canary: [worse] }))).toMatchObject({
      verdict: 'fail',
      exitCode: 0,
      gate: 'warn',
    })
  })

  it('fails on a failed run whatever the requests did, gravest reason first', () => {
    const failed = {
      code: 'CHECKS_FAILED',
      message: '1 of 3 checks failed: checks/health.check.ts > liveness',
    }
    expect(judgeDeployment(input({ problems: [failed], canary: [marginal] }))).toMatchObject({
      verdict: 'fail',
      exitCode: 1,
      reasons: [failed.message, marginal.reason],
    })
  })
})
