// A monitor's cycles on one kept Vitest instance, as bin/smokecheck.mjs keeps it: what a cycle
// leaves behind in that instance must not grow with the number of cycles.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createVitest } from 'vitest/node'
import { runCycle } from '../../src/monitor/cycle.ts'
import { ROOT, withEnv } from '../support/run-checks.ts'
import { tempFolder } from '../support/temp-folder.ts'

const fetchTimes = (vitest: Awaited<ReturnType<typeof createVitest>>) =>
  Object.values(vitest.state.metadata).flatMap(({ duration }) => Object.values(duration))

describe("a monitor's cycles", () => {
  it('keep one fetch time a module, however many cycles fetched it', async () => {
    await withEnv({ SMOKE_ENV: 'local', SMOKE_REPORTS_DIR: tempFolder('reports') }, async () => {
      const vitest = await createVitest(
        'test',
        {
          root: ROOT,
          config: join(ROOT, 'test/suites/monitor.config.ts'),
          configLoader: 'runner',
          watch: false,
          reporters: [{}],
        },
        { server: { watch: null } },
      )
      try {
        await vitest.standalone()
        for (let cycle = 1; cycle <= 3; cycle++) {
          const { result, observations } = await runCycle(
            vitest,
            { projects: [], tagsFilter: undefined },
            60_000,
          )
          expect(result).toBe('passed')
          expect(observations.length).toBeGreaterThan(0)
        }
        // Each cycle's new workers fetched the check files again.
        expect(fetchTimes(vitest).length).toBeGreaterThan(0)
        expect(fetchTimes(vitest).filter((times) => times.length > 1)).toEqual([])
      } finally {
        await vitest.close()
      }
    })
  })
})
