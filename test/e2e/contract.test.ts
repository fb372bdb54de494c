// The contract inside a check run: the matcher registered by `check`, the walk's table annotated,
// and a demo fault that breaks the contract failing the check with its code and operation.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { demo } from '../support/demo.ts'
import { ROOT, runChecks } from '../support/run-checks.ts'

const CHECKS = 'test/fault-checks/contract.check.ts'
const CONTRACT_SUITE = join(ROOT, 'test/suites/contract.config.ts')
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

describe("the suite's contract, for every exchange of every check", () => {
  it('lets the healthy demo pass, and a path the document does not list through', async () => {
    const { env } = await demo('none')
    const run = await runChecks({ env, suite: CONTRACT_SUITE })
    expect(run.failed).toEqual([])
    expect(run.passed).toHaveLength(4)
  })

  it('fails a check whose exchange breaks the documented schema, unless the check opts out', async () => {
    const { env } = await demo('bad_schema')
    const run = await runChecks({ env, suite: CONTRACT_SUITE })
    expect(run.get('a listing, judged by the contract alone').message).toMatch(
      /^GET \/api\/posts\?limit=2 answered 200 OK, off the contract for listPosts \(GET \/api\/posts\): the body does not match the schema documented for 200 application\/json:\n✖ expected a required field, received nothing\n {2}→ at items\[\*\]\.author, in 2 places \(items\[0\]\.author … items\[1\]\.author\)\n✖ expected it to be integer \(type\), received "2"\n {2}→ at count\n/,
    )
    expect(run.get('a listing in a check that opts out').state).toBe('passed')
    expect(run.get('a path the document does not list').state).toBe('passed')
  })
})
