// The rollout gate: the run waits (bounded) for the expected version, goes on once it is live,
// and fails with the one root cause when it never is, even when a filter leaves out the check
// that states it.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { smoke } from '../support/cli.ts'
import { closedOrigin } from '../support/closed-port.ts'
import { DEMO_VERSION, demo } from '../support/demo.ts'
import { runExampleChecks } from '../support/run-checks.ts'

const VERSION_CHECK = 'the deployed version is the one we expect'
const ROLLOUT_CHECKS = ['post listing matches its schema', 'post detail matches its schema']

describe('the rollout gate', () => {
  it('waits for the new version and runs every check once it is live', async () => {
    const { service, env } = await demo('wrong_version', { recordRequests: true })
    const running = runExampleChecks({
      env: { ...env, SMOKE_EXPECTED_VERSION: DEMO_VERSION, SMOKE_ROLLOUT_TIMEOUT_MS: '20000' },
    })
    // The deploy finishes while the gate waits: right after its first look at /version.
    await expect
      .poll(() => service.requests.some((r) => r.path === '/version'), { timeout: 10_000 })
      .toBe(true)
    service.setFault('none')
    const run = await running

    expect(run.get(VERSION_CHECK).state).toBe('passed')
    for (const name of ROLLOUT_CHECKS) expect(run.get(name).state, name).toBe('passed')
    expect(service.requests.filter((r) => r.path === '/version').length).toBeGreaterThanOrEqual(2)
  })

  it('gives the whole timeout, its last look at the deadline', async () => {
    const { service, env } = await demo('wrong_version', { recordRequests: true })
    const run = await runExampleChecks({
      env: { ...env, SMOKE_EXPECTED_VERSION: DEMO_VERSION, SMOKE_ROLLOUT_TIMEOUT_MS: '3000' },
      tagsFilter: ['version'],
    })
    // At least the 3 s it was given (a busy machine may add to it, never take away), looking again and again.
    expect(run.get(VERSION_CHECK).message).toMatch(
      /^the expected version is not live: GET \/version still serves 1\.7\.9 \(commit 3f9c2a7d8e1b\), expected 1\.8\.3, after waiting ([3-9]|\d{2,})\.\d s \(SMOKE_ROLLOUT_TIMEOUT_MS=3000\)/,
    )
    expect(service.requests.filter((r) => r.path === '/version').length).toBeGreaterThanOrEqual(2)
  })

  it('names the cause when /version cannot be reached', async () => {
    // The global setup's own errors, like the checks', keep their message (module-cache-plugin.ts).
    const run = await runExampleChecks({
      env: {
        SMOKE_ENV: 'local',
        SMOKE_BASE_URL: await closedOrigin(),
        SMOKE_EXPECTED_VERSION: DEMO_VERSION,
        SMOKE_ROLLOUT_TIMEOUT_MS: '0',
      },
      tagsFilter: ['version'],
    })
    expect(run.get(VERSION_CHECK).message).toMatch(
      /^the expected version is not live: GET \/version failed: connection refused by 127\.0\.0\.1:\d+: nothing is listening there \[ECONNREFUSED\], after waiting \d+\.\d s \(SMOKE_ROLLOUT_TIMEOUT_MS=0\)/,
    )
  })

  it('fails the run when the new version never goes live, even if a filter leaves out the version check', async () => {
    const { env } = await demo('wrong_version')
    const run = await smoke({ ...env, SMOKE_EXPECTED_VERSION: DEMO_VERSION, SMOKE_ROLLOUT_TIMEOUT_MS: '0' }, [
      '--tags-filter=api',
    ])
    // Every selected check passed or was skipped, yet the old build is serving.
    expect(run.output).toMatch(/Tests {2}\d+ passed \| \d+ skipped/)
    expect(run.code).toBe(1)
    expect(run.output).toContain(
      'smokecheck: the run fails: the expected version is not live: GET /version still serves 1.7.9',
    )
    const summary = readFileSync(join(run.reportsDir, 'summary.md'), 'utf8')
    expect(summary).toMatch(
      /^# smokecheck\n\n❌ \*\*failed\*\*: the expected version is not live: GET \/version still serves 1\.7\.9/,
    )
  })
})
