// "Did this deployment change anything?": a healthy run of the example checks leaves
// run.json and summary.md; later runs against a changed service, compared with it, name the
// checks that started failing, the new version, the changed response shape and what got slower.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { RunRecord } from '../../src/reporting/run-record.ts'
import { type CliRun, smoke } from '../support/cli.ts'
import { demo } from '../support/demo.ts'

const record = (run: CliRun) =>
  RunRecord.parse(JSON.parse(readFileSync(join(run.reportsDir, 'run.json'), 'utf8')))
const summary = (run: CliRun) => readFileSync(join(run.reportsDir, 'summary.md'), 'utf8')

describe('the run record and what changed', () => {
  let healthy: Awaited<ReturnType<typeof demo>>
  let first: CliRun
  let baseline: string
  beforeAll(async () => {
    healthy = await demo()
    first = await smoke(healthy.env)
    baseline = join(first.reportsDir, 'run.json')
  })

  it('records every check with its exchanges and the version seen, with nothing to compare yet', () => {
    expect(first.code).toBe(0)
    const run = record(first)
    expect(run.totals).toEqual({ passed: 18, failed: 0, skipped: 4 })
    expect(run.version?.version).toBe('1.8.3')
    expect(run.changes).toBeNull()
    const listing = run.checks.find((c) => c.id === 'checks/posts.check.ts > post listing matches its schema')
    expect(listing?.exchanges[0]?.shape).toContain('items[].slug: string')
    expect(first.output).toContain(
      `smokecheck: no earlier run at ${join(first.reportsDir, 'history', 'full.json')}: nothing to compare with`,
    )
    expect(summary(first)).toMatch(/^# smokecheck\n\n✅ \*\*all passed\*\*: 18 passed, 0 failed, 4 skipped/)
    expect(summary(first)).toContain('No earlier run like this one, in this environment, to compare with.')
    // What did not run says why, so a missing CI secret cannot hide in a green run.
    expect(summary(first)).toContain(
      '## Not checked\n\n- 127.0.0.1 is an IP address: there is no name to resolve: the service host name resolves\n',
    )
    expect(summary(first)).toContain(
      '- SMOKE_EXPECTED_VERSION and SMOKE_EXPECTED_COMMIT are not set: the deployed version is the one we expect\n',
    )
  })

  it('names the checks a broken response schema made fail, and the shape it changed', async () => {
    const broken = await demo('bad_schema')
    const run = await smoke({ ...broken.env, SMOKE_BASELINE: baseline })
    expect(run.code).toBe(1)
    const changes = record(run).changes
    expect(changes?.newlyFailing.map((c) => c.id)).toContain(
      'checks/posts.check.ts > post listing matches its schema',
    )
    expect(changes?.shape).toContainEqual(
      expect.objectContaining({
        request: 'GET /api/posts?limit=10',
        removed: ['items[].author: string'],
        retyped: [{ path: 'count', from: ['number'], to: ['string'] }],
        change: true,
      }),
    )
    // Issue 18's false positive: one look against one look is no evidence, so no request looked at
    // once is called slower (it once read "GET /version 13 ms → 393 ms (31.1×)"). A sampled request
    // is judged on its samples, and a machine busier now than when the baseline ran may slow it.
    const single = (changes?.requests ?? []).filter(
      (r) => r.latency && Math.min(r.latency.before.n, r.latency.now.n) < 2,
    )
    expect(single.length).toBeGreaterThan(0)
    expect(single.filter((r) => r.verdict !== 'unchanged')).toEqual([])
    for (const r of single) expect(run.output).not.toContain(`${r.request} got slower`)
    expect(run.output).toContain(`smokecheck: compared with ${baseline}`)
    expect(run.output).toMatch(
      /newly failing: checks\/posts\.check\.ts > post listing matches its schema \(GET \/api\/posts\?limit=10 answered 200 OK with a body that does not match the schema: /,
    )
    const text = summary(run)
    expect(text).toContain('❌ **failed**: 3 of 18 checks failed: ')
    expect(text).toContain('## Failures')
    expect(text).toContain(`curl -sS -i '${broken.service.url}/api/posts?limit=10'`)
  })

  it('names a different version and requests that got slower', async () => {
    const changed = await demo('wrong_version')
    const versionRun = record(await smoke({ ...changed.env, SMOKE_BASELINE: baseline }))
    expect(versionRun.changes?.version).toEqual({
      from: expect.stringMatching(/^1\.8\.3 /),
      to: expect.stringMatching(/^1\.7\.9 /),
    })
    expect(versionRun.changes?.newlyFailing).toEqual([])

    const slow = await demo('slow')
    const slowRun = record(await smoke({ ...slow.env, SMOKE_BASELINE: baseline }))
    // The sample of 20 is evidence; the single request to /health, 800 ms slower, is not.
    expect(slowRun.changes?.requests).toContainEqual(
      expect.objectContaining({ request: 'GET /api/posts?limit=10', verdict: 'worse' }),
    )
    expect(slowRun.changes?.requests).toContainEqual(
      expect.objectContaining({ request: 'GET /health', verdict: 'unchanged' }),
    )
    expect(slowRun.deployment).toMatchObject({ verdict: 'fail', exitCode: 1 })
  })

  it('compares nothing with a run of another environment', async () => {
    const run = await smoke({ ...healthy.env, SMOKE_ENV: 'staging', SMOKE_BASELINE: baseline })
    expect(record(run).changes).toBeNull()
    expect(run.output).toContain(
      `SMOKE_BASELINE ${baseline} is a run of local, not of staging: nothing compared`,
    )
  })
})
