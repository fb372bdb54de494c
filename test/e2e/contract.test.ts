// The contract inside a check run: the matcher registered by `check`, the walk's table annotated,
// and a demo fault that breaks the contract failing the check with its code and operation.
import { describe, expect, it } from 'vitest'
import { demo } from '../support/demo.ts'
import { runChecks } from '../support/run-checks.ts'

const CHECKS = 'test/fault-checks/contract.check.ts'
const WALK = 'every documented operation that is safe to call answers on contract'

describe('the contract in a check', () => {
  it('passes against the healthy demo and annotates the coverage table', async () => {
    const { env } = await demo('none')
    const run = await runChecks({ env: { ...env, SMOKE_CHECKS: CHECKS } })
    expect(run.failed).toEqual([])
    expect(run.get(WALK).annotations.map((a) => a.message)).toContain(
      'contract coverage: 6 operations: 5 exercised, 0 off-contract, 1 skipped',
    )
  })

  it('fails the walk when the demo breaks its documented schema, naming the operation and the path', async () => {
    const { env } = await demo('bad_schema')
    const run = await runChecks({ env: { ...env, SMOKE_CHECKS: CHECKS } })
    expect(run.get('the liveness answer is what the contract documents').state).toBe('passed')
    expect(run.get(WALK).message).toMatch(
      /GET \/api\/posts answered 200 OK, off the contract for listPosts \(GET \/api\/posts\): the body does not match the schema/,
    )
  })
})
