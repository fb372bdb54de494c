// What a fault must do to a run of the example checks (one row of FAULT_CASES), asserted the
// same way against every service that honours the contract: the demo and the FastAPI example.
import { expect } from 'vitest'
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
