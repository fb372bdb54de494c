// What a fault must do to a run of the example checks (one row of FAULT_CASES), asserted the
// same way against every service that honours the contract: the demo and the FastAPI example.
import { expect } from 'vitest'
import type { FaultName } from '../../examples/demo/faults.ts'
import type { FaultCase } from './fault-cases.ts'
import type { ChecksRun } from './run-checks.ts'

export function expectFaultCaught(run: ChecksRun, { fails, only, passes, skips }: FaultCase): void {
  expect(run.unhandledErrors).toEqual([])
  for (const [name, says] of Object.entries(fails)) {
    const outcome = run.get(name)
    expect(outcome.state, `${name} must fail`).toBe('failed')
    expect(outcome.message).toMatch(says)
    // A bounded failure is the service's fault named by a setting, never Vitest's test timeout.
    expect(outcome.message).not.toMatch(/Test timed out/)
  }
  if (only === 'all') expect(run.passed).toEqual([])
  if (only === true) expect(run.failed.sort()).toEqual(Object.keys(fails).sort())
  for (const name of passes ?? []) expect(run.get(name).state, `${name} must still pass`).toBe('passed')
  for (const [name, says] of Object.entries(skips ?? {})) {
    expect(run.get(name).state, `${name} must be skipped`).toBe('skipped')
    expect(run.get(name).message).toMatch(says)
  }
  // Every check ran and reported, whatever the fault.
  expect(run.checks.filter((c) => c.state === 'pending')).toEqual([])
}

/** A fault whose verdict needs more than a row of the table: the flaky schedule, readiness's warning. */
export interface FaultScenario {
  name: string
  fault: FaultName
  /** The service's flaky schedule: every Nth request to the same URL answers 503. */
  flakyEvery?: number
  env?: Record<string, string>
  tagsFilter?: string[]
  verify(run: ChecksRun): void
}

export const FAULT_SCENARIOS: FaultScenario[] = [
  {
    name: 'flaky: a retry rescues the check, which passes with a flaky warning instead of a plain pass',
    fault: 'flaky',
    flakyEvery: 3,
    verify(run) {
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
    },
  },
  {
    name: 'flaky, with retries off: the failing requests fail their checks with the 503 they got',
    fault: 'flaky',
    flakyEvery: 3,
    env: { SMOKE_RETRIES: '0' },
    verify(run) {
      expect(run.failed.length).toBeGreaterThan(0)
      for (const name of run.failed)
        expect(run.get(name).message).toMatch(/503 Service Unavailable|answered 503/)
    },
  },
  {
    name: 'stale_jobs: the degraded status is also a warning annotation on the readiness check',
    fault: 'stale_jobs',
    tagsFilter: ['readiness'],
    verify(run) {
      expect(run.get('readiness: database, cache and jobs are healthy').annotations).toContainEqual({
        type: 'warning',
        message: 'the service reports degraded',
      })
    },
  },
]
