// Runs a suite's checks through Vitest's Node API, the way `npm run smoke` does, with the given
// SMOKE_* settings, and returns what came out: each check's state, its failure messages and
// annotations, and where the reports were written (a folder removed when the test ends). The engine's own suite by default
// (test/suites/vitest.config.ts); the example suite's tests name the repository's config.
import { join, resolve } from 'node:path'
import { createVitest } from 'vitest/node'
import type { Exchange } from '../../src/http/exchange.ts'
import { reporters } from '../../src/reporting/reporters.ts'
import { tempFolder } from './temp-folder.ts'

export const ROOT = resolve(import.meta.dirname, '../..')
/** The engine's own suite: test/fault-checks, with environments of its own. */
export const ENGINE_SUITE = join(ROOT, 'test/suites/vitest.config.ts')
/** The example suite (checks/, fixtures/, environments/): the team's to rewrite. */
export const EXAMPLE_SUITE = join(ROOT, 'vitest.config.ts')
/** The example suite with the service's /openapi.json as the contract of every exchange. */
export const EXAMPLE_CONTRACT_SUITE = join(ROOT, 'test/example/suites/example-contract.config.ts')

export interface CheckOutcome {
  name: string
  file: string
  state: 'passed' | 'failed' | 'skipped' | 'pending'
  durationMs: number
  /** The failure messages, or the reason a skipped check gave. */
  message: string
  annotations: { message: string; type: string }[]
  /** The check's HTTP exchanges, as the run record keeps them. */
  exchanges: Exchange[]
}

export interface ChecksRun {
  checks: CheckOutcome[]
  reportsDir: string
  unhandledErrors: unknown[]
  failed: string[]
  passed: string[]
  skipped: string[]
  get(name: string): CheckOutcome
}

export interface RunOptions {
  env: Record<string, string>
  tagsFilter?: string[]
  /** Print Vitest's console report too (off: the outer test run stays readable). */
  console?: boolean
  /** The suite's vitest.config.ts; the engine's own suite by default. */
  suite?: string
  /** The reports folder, for a run that follows an earlier one; a new one by default. */
  reportsDir?: string
}

// The nested run reads SMOKE_* from process.env, as the CLI does; each test file runs in its
// own process, and runs within a file are sequential, so swapping the variables is safe.
export function withEnv<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = { ...process.env }
  for (const key of Object.keys(process.env)) if (key.startsWith('SMOKE_')) delete process.env[key]
  Object.assign(process.env, env)
  return fn().finally(() => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key]
    Object.assign(process.env, saved)
  })
}

export async function runChecks(options: RunOptions): Promise<ChecksRun> {
  const reportsDir = options.reportsDir ?? tempFolder('reports')
  const list = reporters(reportsDir, {}).filter((r) => options.console || r !== 'default')
  // The settings name the reporters' folder too: the global setup reads what earlier runs kept there.
  return withEnv({ SMOKE_REPORTS_DIR: reportsDir, ...options.env }, async () => {
    const vitest = await createVitest('test', {
      root: ROOT,
      config: options.suite ?? ENGINE_SUITE,
      configLoader: 'runner',
      project: ['checks'],
      watch: false,
      reporters: list as never,
      tagsFilter: options.tagsFilter,
    })
    try {
      const { testModules, unhandledErrors } = await vitest.start()
      const checks: CheckOutcome[] = testModules.flatMap((module) =>
        [...module.children.allTests()].map((test) => {
          const result = test.result()
          return {
            name: test.name,
            durationMs: test.diagnostic()?.duration ?? 0,
            file: module.moduleId,
            state: result.state,
            message:
              result.state === 'failed'
                ? result.errors.map((e) => e.message).join('\n')
                : result.state === 'skipped'
                  ? (result.note ?? '')
                  : '',
            annotations: test.annotations().map(({ message, type }) => ({ message, type })),
            exchanges: test.meta().exchanges ?? [],
          }
        }),
      )
      const moduleErrors = testModules.flatMap((module) => module.errors())
      const names = (state: CheckOutcome['state']) =>
        checks.filter((c) => c.state === state).map((c) => c.name)
      return {
        checks,
        reportsDir,
        unhandledErrors: [...unhandledErrors, ...moduleErrors],
        failed: names('failed'),
        passed: names('passed'),
        skipped: names('skipped'),
        get(name: string) {
          const found = checks.find((c) => c.name === name)
          if (!found)
            throw new Error(`no check named "${name}" ran; ran: ${checks.map((c) => c.name).join(', ')}`)
          return found
        },
      }
    } finally {
      await vitest.close()
      // A failing nested run sets the exit code of this worker; the outer run judges by its own tests.
      process.exitCode = 0
    }
  })
}

/** The example suite's checks (checks/), as `npm run smoke` runs them. */
export function runExampleChecks(options: Omit<RunOptions, 'suite'>): Promise<ChecksRun> {
  return runChecks({ ...options, suite: EXAMPLE_SUITE })
}
