// The example checks against the real Python stack: the FastAPI example on uvicorn, healthy and in
// every fault mode, held to the same table (FAULT_CASES) as the TypeScript demo service.
import { describe, expect, it } from 'vitest'
import { DEMO_VERSION } from '../support/demo.ts'
import { expectFaultCaught, FAULT_SCENARIOS } from '../support/expect-fault.ts'
import { skipFastApi, startFastApi } from '../support/fastapi.ts'
import { FAULT_CASES } from '../support/fault-cases.ts'
import { runExampleChecks } from '../support/run-checks.ts'

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe.skipIf(skipFastApi())('the example checks against the FastAPI service', () => {
  it('healthy: every check passes but those a plain-http loopback service cannot show', async () => {
    const target = await startFastApi()
    const run = await runExampleChecks({ env: { ...target.env, SMOKE_EXPECTED_VERSION: DEMO_VERSION } })
    expect(run.unhandledErrors).toEqual([])
    expect(run.failed).toEqual([])
    // No certificate on plain http, no name to resolve, no private ports named: skipped, each saying why.
    const skipped = run.checks.filter((c) => c.state === 'skipped').map((c) => c.message)
    expect(skipped.sort()).toEqual([
      expect.stringContaining('is an IP address'),
      expect.stringContaining('SMOKE_CLOSED_PORTS'),
      expect.stringContaining('plain http'),
    ])
    expect(run.passed.length).toBeGreaterThanOrEqual(15)
  })

  it.each(FAULT_CASES)('$fault', async (faultCase) => {
    const target = await startFastApi(faultCase.fault)
    const run = await runExampleChecks({ env: { ...target.env, ...faultCase.env } })
    expectFaultCaught(run, faultCase)
    // The service stops when asked, hung clients or not, and leaves no process behind.
    await target.close()
    expect(isRunning(target.pid), `uvicorn (pid ${target.pid}) still running after close()`).toBe(false)
  })

  // A loop rather than it.each: `$name` would be cut short in the report.
  for (const { name, fault, flakyEvery, env, tagsFilter, verify } of FAULT_SCENARIOS) {
    it(name, async () => {
      const target = await startFastApi(fault, { flakyEvery })
      verify(await runExampleChecks({ env: { ...target.env, ...env }, tagsFilter }))
    })
  }
})
