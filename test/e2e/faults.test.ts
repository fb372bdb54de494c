// Each fault of the demo service, run through the real example checks: the checks meant to
// catch it fail with a message naming the cause, the others still run, and the run ends.
import { describe, expect, it } from 'vitest'
import { demo } from '../support/demo.ts'
import { expectFaultCaught } from '../support/expect-fault.ts'
import { FAULT_CASES } from '../support/fault-cases.ts'
import { runChecks } from '../support/run-checks.ts'

describe('each fault of the demo service is caught by the checks meant to catch it', () => {
  it.each(FAULT_CASES)('$fault', async (faultCase) => {
    const target = await demo(faultCase.fault)
    expectFaultCaught(await runChecks({ env: { ...target.env, ...faultCase.env } }), faultCase)
  })

  it('flaky: a retry rescues the check, which passes with a flaky warning instead of a plain pass', async () => {
    const target = await demo('flaky', { flakyEvery: 3 })
    const run = await runChecks({ env: target.env })
    // …except the sampled check: samples are never retried, so the outage shows as an error rate.
    expect(run.failed).toEqual(['the post listing stays fast and error-free over 20 requests'])
    expect(run.get('the post listing stays fast and error-free over 20 requests').message).toMatch(
      /to fail at most 0 % of the time, \d+ of 20 failed \(\d+(\.\d)? %\): \d+× 503 Service Unavailable/,
    )
    const warnings = run.checks.flatMap((c) => c.annotations.filter((a) => a.type === 'warning'))
    expect(warnings.length).toBeGreaterThan(0)
    for (const warning of warnings) {
      expect(warning.message).toMatch(
        /^flaky: GET \S+ answered only on attempt 2 \(earlier: 503 Service Unavailable\)$/,
      )
    }
  })

  it('flaky, with retries off: the failing requests fail their checks with the 503 they got', async () => {
    const target = await demo('flaky', { flakyEvery: 3 })
    const run = await runChecks({ env: { ...target.env, SMOKE_RETRIES: '0' } })
    expect(run.failed.length).toBeGreaterThan(0)
    for (const name of run.failed)
      expect(run.get(name).message).toMatch(/503 Service Unavailable|answered 503/)
  })

  it('stale_jobs: the degraded status is also a warning annotation on the readiness check', async () => {
    const target = await demo('stale_jobs')
    const run = await runChecks({ env: target.env, tagsFilter: ['readiness'] })
    expect(run.get('readiness: database, cache and jobs are healthy').annotations).toContainEqual({
      type: 'warning',
      message: 'the service reports degraded',
    })
  })
})
