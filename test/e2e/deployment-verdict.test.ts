// Issue 18 end to end, through Vitest's CLI against real services on 127.0.0.1 whose latency is
// set on purpose: a run judged against the recent green runs, and the canary mode that samples
// two base URLs at once. Verdicts are asserted, never times: the delays are fixed, so the
// evidence is the same however busy the machine is.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DeploymentVerdict } from '../../src/index.ts'
import { RunRecord } from '../../src/reporting/run-record.ts'
import { smoke } from '../support/cli.ts'
import { latencyServer } from '../support/latency-server.ts'
import { ROOT } from '../support/run-checks.ts'
import { tempFolder } from '../support/temp-folder.ts'

const COMPARE_SUITE = join(ROOT, 'test/suites/compare.config.ts')

async function run(env: Record<string, string>) {
  const cli = await smoke({ SMOKE_ENV: 'local', ...env }, [], COMPARE_SUITE)
  const dir = env.SMOKE_REPORTS_DIR ?? cli.reportsDir
  const read = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8'))
  return {
    ...cli,
    dir,
    record: RunRecord.parse(read('run.json')),
    verdict: DeploymentVerdict.parse(read('verdict.json')),
  }
}

const WORK = 'GET /work'
const DELAY_MS = 150

describe('a run judged against the recent green runs', () => {
  it('calls the same service and +5 % jitter unchanged, twice as slow and 5 % errors worse', async () => {
    // 150 ms a request: the machine's own noise (other tests on two busy cores) stays short of
    // a 1.25× and 50 ms move of the median, which twice as slow clears by far.
    const service = await latencyServer({ delayMs: DELAY_MS })
    const env = {
      SMOKE_BASE_URL: service.url,
      SMOKE_REPORTS_DIR: tempFolder('compare'),
      SMOKE_COMPARE_RUNS: '2',
      SMOKE_COMPARE_MIN_SHIFT_MS: '50',
    }
    for (let i = 0; i < 2; i += 1) {
      const green = await run(env)
      expect(green.code, green.output).toBe(0)
    }
    const verdictOf = (r: Awaited<ReturnType<typeof run>>) =>
      r.record.changes?.requests.find((q) => q.request === WORK)

    const same = await run(env)
    expect(same.code, same.output).toBe(0)
    expect(verdictOf(same), verdictOf(same)?.reason).toMatchObject({
      verdict: 'unchanged',
      latency: { before: { n: 200 }, now: { n: 100 } },
    })
    expect(same.verdict).toMatchObject({ verdict: 'pass', exitCode: 0, reasons: [] })
    expect(same.output).toContain('requests judged against the 2 last green runs of local')

    service.set({ delayMs: DELAY_MS, jitter: 0.05 })
    const jitter = await run(env)
    expect(jitter.code, jitter.output).toBe(0)
    expect(verdictOf(jitter)?.verdict, verdictOf(jitter)?.reason).toBe('unchanged')

    service.set({ delayMs: DELAY_MS, factor: 2 })
    const slow = await run(env)
    expect(slow.code, slow.output).toBe(1)
    expect(verdictOf(slow)).toMatchObject({ verdict: 'worse', latency: { verdict: 'worse' } })
    expect(verdictOf(slow)?.reason).toMatch(
      /^GET \/work got slower: p50 \d+ → \d+ ms, p95 \d+ → \d+ ms, significant \(p < 0\.001, n = 100 vs 200\)$/,
    )
    expect(slow.record.problems).toContainEqual(expect.objectContaining({ code: 'COMPARISON_WORSE' }))
    expect(slow.verdict).toMatchObject({ verdict: 'fail', exitCode: 1, gate: 'fail' })
    // Judged before any report was written: JUnit says red too, naming why.
    const junit = readFileSync(join(slow.dir, 'junit.xml'), 'utf8')
    expect(junit).toContain('COMPARISON_WORSE')
    expect(junit).toMatch(/<testsuites name="smokecheck" tests="2" failures="1"/)
    expect(slow.output).toContain('GET /work got slower')
    // The summary lists the changed requests as one table, with their figures.
    const summary = readFileSync(join(slow.dir, 'summary.md'), 'utf8')
    expect(summary).toContain('| request | verdict | p50 | p95 | errors | evidence |')
    expect(summary).toMatch(
      /\| GET \/work \| worse \| \d+ ms → \d+ ms \| \d+ ms → \d+ ms \| 0\/200 → 0\/100 \| p < 0\.001, n = 100 vs 200 \|/,
    )

    // The slow run was red: it did not join the baseline, so the next run is judged as before.
    service.set({ delayMs: DELAY_MS, errorEvery: 20 })
    const failing = await run(env)
    expect(failing.code).toBe(1)
    expect(verdictOf(failing)).toMatchObject({
      verdict: 'worse',
      errors: { verdict: 'worse', now: { errors: 5, n: 100 }, before: { errors: 0, n: 200 } },
    })
    expect(failing.verdict.reasons[0]).toMatch(
      /^GET \/work fails more often: 5 of 100 \(5\.0 %\) against 0 of 200/,
    )

    // Only warned: the run stays green, the verdict still says fail, for a controller that reads it.
    const warned = await run({ ...env, SMOKE_COMPARE_GATE: 'warn' })
    expect(warned.code).toBe(0)
    expect(warned.record.verdict).toBe('passed')
    expect(warned.verdict).toMatchObject({ verdict: 'fail', exitCode: 0, gate: 'warn' })
    // Seven runs of the CLI, one after the other, on a shared machine.
  }, 300_000)
})

describe('the canary mode', () => {
  /** The CI step of docs/verdict.md: promote on pass or marginal. */
  const promoted = (dir: string) =>
    spawnSync(
      'bash',
      [
        '-c',
        'verdict=$(jq -r .verdict verdict.json) && { [ "$verdict" = pass ] || [ "$verdict" = marginal ]; }',
      ],
      { cwd: dir },
    ).status === 0

  it('names the slower base URL with figures, and a gate on verdict.json stops its promotion', async () => {
    const stable = await latencyServer({ delayMs: 50 })
    const canary = await latencyServer({ delayMs: 150 })
    const slower = await run({
      SMOKE_BASE_URL: canary.url,
      SMOKE_BASELINE_URL: stable.url,
      SMOKE_REPORTS_DIR: tempFolder('canary'),
    })
    expect(slower.output).toContain(`canary mode: every sample also asks the baseline ${stable.url}`)
    expect(slower.record.canary?.requests).toEqual([
      expect.objectContaining({ request: 'GET /work', verdict: 'worse' }),
    ])
    expect(slower.output).toMatch(
      new RegExp(
        `canary ${canary.url} against the baseline ${stable.url}: 1 sampled request compared\\n  GET /work got slower: p50 [\\d.]+ → \\d+ ms, p95 [\\d.]+ → \\d+ ms, significant \\(p < 0\\.001, n = 100 vs 100\\)`,
      ),
    )
    expect(slower.verdict).toMatchObject({
      verdict: 'fail',
      baseUrl: canary.url,
      baselineUrl: stable.url,
      requests: [expect.objectContaining({ against: 'baseline', verdict: 'worse' })],
    })
    expect(readFileSync(join(slower.dir, 'summary.md'), 'utf8')).toMatch(
      /Canary against the baseline http:\/\/127\.0\.0\.1:\d+: 1 sampled request compared\.\n\n- GET \/work got slower: /,
    )
    expect(slower.code).toBe(1)
    expect(promoted(slower.dir)).toBe(false)

    const twin = await latencyServer({ delayMs: 50 })
    const same = await run({
      SMOKE_BASE_URL: twin.url,
      SMOKE_BASELINE_URL: stable.url,
      SMOKE_REPORTS_DIR: tempFolder('canary'),
    })
    expect(same.code, same.output).toBe(0)
    expect(same.verdict).toMatchObject({
      verdict: 'pass',
      requests: [expect.objectContaining({ against: 'baseline', verdict: 'unchanged' })],
    })
    expect(promoted(same.dir)).toBe(true)
    // Two runs of the CLI, each sending 200 requests, on a shared machine.
  }, 180_000)
})
