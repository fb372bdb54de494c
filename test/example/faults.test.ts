// Each fault of the demo service, run through the real example checks: the checks meant to
// catch it fail with a message naming the cause, the others still run, and the run ends.
import { describe, it } from 'vitest'
import { demo } from '../support/demo.ts'
import { expectFaultCaught, FAULT_SCENARIOS } from '../support/expect-fault.ts'
import { FAULT_CASES } from '../support/fault-cases.ts'
import { runExampleChecks } from '../support/run-checks.ts'

describe('each fault of the demo service is caught by the checks meant to catch it', () => {
  it.each(FAULT_CASES)('$fault', async (faultCase) => {
    const target = await demo(faultCase.fault)
    expectFaultCaught(await runExampleChecks({ env: { ...target.env, ...faultCase.env } }), faultCase)
  })

  // A loop, not it.each: '$name' would cut the names short.
  for (const { name, fault, flakyEvery, env, tagsFilter, verify } of FAULT_SCENARIOS) {
    it(name, async () => {
      const target = await demo(fault, { flakyEvery })
      verify(await runExampleChecks({ env: { ...target.env, ...env }, tagsFilter }))
    })
  }
})
