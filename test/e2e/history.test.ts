// Issue 13 §2: only like runs are compared. A partial run never replaces the baseline of the whole
// suite, says which part ran, and is compared check by check; the next full run is compared with
// the last full one, so a regression after a partial run is still reported.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { type CliRun, smoke } from '../support/cli.ts'
import { demo } from '../support/demo.ts'
import { readOutputs, VERDICT_SUITE } from '../support/verdict-suite.ts'

const made: string[] = []
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('the baseline of the whole suite', () => {
  it('survives a partial run, which is compared check by check, and the next full run reports the regression', async () => {
    const { service, env } = await demo()
    const dir = mkdtempSync(join(tmpdir(), 'smokecheck-history-'))
    made.push(dir)
    const run = async (args: string[] = []) => {
      const cli: CliRun = await smoke({ ...env, SMOKE_REPORTS_DIR: dir }, args, VERDICT_SUITE)
      made.push(cli.reportsDir)
      return readOutputs({ ...cli, reportsDir: dir })
    }
    const fullBaseline = () => readFileSync(join(dir, 'history', 'full.json'), 'utf8')

    const first = await run()
    expect(first.code, first.output).toBe(0)
    const kept = fullBaseline()

    const partial = await run(['test/verdict-checks/healthy.check.ts'])
    expect(partial.code, partial.output).toBe(0)
    expect(fullBaseline()).toBe(kept)
    expect(partial.record.selection).toMatchObject({
      partial: true,
      description: 'test/verdict-checks/healthy.check.ts',
    })
    expect(partial.summary).toContain(
      'Partial run: test/verdict-checks/healthy.check.ts; the baseline of the whole suite is kept.',
    )
    // Compared with the full run for the checks it had, silent on the ones it did not select.
    expect(partial.record.changes).toMatchObject({ newlyFailing: [], removed: [], added: [] })
    expect(partial.output).toContain(
      'a partial run (test/verdict-checks/healthy.check.ts): compared check by check',
    )

    service.setFault('500')
    const broken = await run()
    expect(broken.code).toBe(1)
    expect(broken.record.changes?.baseline.startedAt).toBe(first.record.startedAt)
    expect(broken.record.changes?.newlyFailing.map((c) => c.id)).toEqual(
      expect.arrayContaining([
        'test/verdict-checks/healthy.check.ts > liveness answers',
        'test/verdict-checks/posts.check.ts > the post listing answers',
      ]),
    )
    expect(broken.output).toContain(
      'newly failing: test/verdict-checks/posts.check.ts > the post listing answers',
    )

    // A partial run against the broken service: its one check, against the last run that had it.
    const narrow = await run(['--tags-filter=critical'])
    expect(narrow.record.changes?.newlyFailing).toEqual([])
    expect(narrow.record.changes?.removed).toEqual([])
    expect(narrow.record.selection.description).toBe('--tags-filter=critical')
  })
})
