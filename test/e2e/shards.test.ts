// A suite run as shards into Vitest's blob reports and merged with `vitest --merge-reports`: the
// merged run record, summary and JUnit hold every check once and the verdict of the whole, from
// the shards' own settings (a merge runs no global setup); a missing shard, or shards that checked
// different targets, make it red and no baseline.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { type CliRun, smoke } from '../support/cli.ts'
import { DEMO_VERSION, demo } from '../support/demo.ts'
import { tempFolder } from '../support/temp-folder.ts'
import { readOutputs, VERDICT_SUITE } from '../support/verdict-suite.ts'

/** Runs shard `index` of 2 into `blobs`, with the given settings. */
async function shard(index: number, blobs: string, env: Record<string, string>): Promise<CliRun> {
  const run = await smoke(
    env,
    [`--shard=${index}/2`, '--reporter=blob', `--outputFile.blob=${join(blobs, `blob-${index}-2.json`)}`],
    VERDICT_SUITE,
  )
  expect(run.code, run.output).toBe(0)
  return run
}

const merge = (blobs: string, env: Record<string, string>) =>
  smoke({ GITHUB_ACTIONS: 'true', ...env }, [`--merge-reports=${blobs}`], VERDICT_SUITE)

describe('a suite run as shards and merged', () => {
  it('is one run: every check once, the shards’ target and build, green', async () => {
    const { env, service } = await demo()
    const settings = { ...env, SMOKE_EXPECTED_VERSION: DEMO_VERSION }
    const blobs = tempFolder('blobs')
    await shard(1, blobs, settings)
    await shard(2, blobs, settings)
    const whole = readOutputs(await smoke(settings, [], VERDICT_SUITE))
    const merged = readOutputs(await merge(blobs, { SMOKE_ENV: 'local' }))

    expect(merged.code, merged.output).toBe(0)
    expect(merged.record).toMatchObject({
      verdict: 'passed',
      problems: [],
      selection: { partial: false, key: 'full' },
      baseUrl: service.url,
      expected: { version: DEMO_VERSION },
      version: { version: DEMO_VERSION },
      totals: whole.record.totals,
    })
    const ids = merged.record.checks.map((c) => c.id)
    expect(ids.toSorted()).toEqual(whole.record.checks.map((c) => c.id).toSorted())
    expect(merged.summary).toMatch(/^# smokecheck\n\n✅ \*\*all passed\*\*/)
    expect(merged.junit).toMatch(
      new RegExp(`<testsuites name="smokecheck" tests="${ids.length}" failures="0"`),
    )
    expect(JSON.parse(merged.results).success).toBe(true)
    // The merged run is the whole suite: the next full run compares with it.
    expect(existsSync(join(merged.reportsDir, 'history', 'full.json'))).toBe(true)
  })

  it('is red when a shard never reported, and is no baseline', async () => {
    const { env } = await demo()
    const blobs = tempFolder('blobs')
    await shard(1, blobs, env)
    const merged = readOutputs(await merge(blobs, { SMOKE_ENV: 'local' }))

    expect(merged.code, merged.output).toBe(1)
    const problem = merged.record.problems.find((p) => p.code === 'SHARD_MISSING')
    expect(problem?.message).toBe('the merged report holds shard 1 of 2: shard 2 never reported')
    for (const [output, text] of [
      ['summary.md', merged.summary],
      ['console', merged.output],
      ['junit.xml', merged.junit],
      ['the HTML report', merged.html],
      ['GitHub annotations', merged.annotations.join('\n')],
    ] as const)
      expect(text, output).toContain('shard 2 never reported')
    expect(merged.summary).toMatch(/^# smokecheck\n\n❌ \*\*failed\*\*/)
    expect(JSON.parse(merged.results).success).toBe(false)
    expect(existsSync(join(merged.reportsDir, 'history', 'full.json'))).toBe(false)
  })

  it('is red when the shards checked different targets', async () => {
    const first = await demo()
    const second = await demo()
    const blobs = tempFolder('blobs')
    await shard(1, blobs, first.env)
    await shard(2, blobs, second.env)
    const merged = readOutputs(await merge(blobs, { SMOKE_ENV: 'local' }))

    expect(merged.code, merged.output).toBe(1)
    expect(merged.record.problems).toContainEqual({
      code: 'SHARDS_DISAGREE',
      message: `the merged shards did not check the same thing: shard 1/2 checked ${first.service.url} (local), but shard 2/2 checked ${second.service.url} (local)`,
    })
    expect(existsSync(join(merged.reportsDir, 'history', 'full.json'))).toBe(false)
  })

  // A blob left in the folder by an earlier run must not stand in for a shard of this one.
  it('is red when a shard comes from another CI run', async () => {
    const { env } = await demo()
    const blobs = tempFolder('blobs')
    await shard(1, blobs, { ...env, GITHUB_RUN_ID: '1001' })
    await shard(2, blobs, { ...env, GITHUB_RUN_ID: '1002' })
    const merged = readOutputs(await merge(blobs, { SMOKE_ENV: 'local' }))

    expect(merged.code, merged.output).toBe(1)
    expect(merged.record.problems).toContainEqual({
      code: 'SHARDS_DISAGREE',
      message:
        'the merged shards come from different CI runs (1001, 1002): a blob of an earlier run is among them',
    })
    expect(existsSync(join(merged.reportsDir, 'history', 'full.json'))).toBe(false)
  })

  it('leaves no earlier report behind when there is no blob to merge', async () => {
    const { env } = await demo()
    const green = await smoke(env, [], VERDICT_SUITE)
    expect(green.code, green.output).toBe(0)
    const merged = await smoke(
      { SMOKE_ENV: 'local', SMOKE_REPORTS_DIR: green.reportsDir },
      [`--merge-reports=${tempFolder('no-blobs')}`],
      VERDICT_SUITE,
    )
    expect(merged.code).toBe(1)
    for (const name of ['run.json', 'summary.md', 'junit.xml', 'results.json', 'verdict.json'])
      expect(existsSync(join(green.reportsDir, name)), name).toBe(false)
  })
})
