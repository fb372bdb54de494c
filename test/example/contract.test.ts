// The example checks with the demo's own /openapi.json as the contract of every exchange they make
// (test/example/suites/example-contract.config.ts): the healthy demo passes conformance for all of them,
// and a demo that breaks its documented schema fails where the request was made, naming the
// operation and the path. The FastAPI counterpart is test/integration/fastapi-contract.test.ts.
import { describe, expect, it } from 'vitest'
import { CONTRACT_PATHS } from '../../examples/contract/schemas.ts'
import { demo } from '../support/demo.ts'
import { EXAMPLE_CONTRACT_SUITE, runChecks } from '../support/run-checks.ts'

describe('the example checks held to the service’s own OpenAPI document', () => {
  it('pass against the healthy demo, every exchange on the contract', async () => {
    const { env } = await demo('none')
    const run = await runChecks({ env, suite: EXAMPLE_CONTRACT_SUITE })
    expect(run.unhandledErrors).toEqual([])
    expect(run.failed).toEqual([])
    expect(run.passed.length).toBeGreaterThanOrEqual(15)
    // Every documented operation was called by some check, and each answer held to the document.
    const called = run.checks
      .flatMap((c) => c.exchanges)
      .map((e) => new URL(e.url).pathname.replace(/^\/api\/posts\/[^/]+$/, '/api/posts/{slug}'))
    expect([...new Set(called)]).toEqual(expect.arrayContaining([...CONTRACT_PATHS]))
  })

  it('fail on a body the document does not allow, with the operation and the path named', async () => {
    const { env } = await demo('bad_schema')
    const run = await runChecks({ env, suite: EXAMPLE_CONTRACT_SUITE })
    expect(run.get('post listing matches its schema').message).toMatch(
      /^GET \/api\/posts\?limit=10 answered 200 OK, off the contract for listPosts \(GET \/api\/posts\): the body does not match the schema documented for 200 application\/json:\n✖ expected a required field, received nothing\n {2}→ at items\[\*\]\.author/,
    )
  })
})
