// `defineSmokeConfig`: the whole of a suite's vitest.config.ts. It builds the Vitest project
// that runs the checks (pool, concurrency, timeouts, tags, reporters, the global setup) from
// the suite's options and the environment's settings, so a team's config says only what is
// its own: where checks and environments live, the tags, where the version is read, how a
// local target starts.
import { extname, resolve } from 'node:path'
import type { TestTagDefinition, ViteUserConfig } from 'vitest/config'
import { DEFAULT_CHECK_TIMEOUT_MS, DEFAULT_REPORTS_DIR } from '../config/defaults.ts'
import { ENGINE_DIST, ENGINE_ROOT, staleBuild } from '../config/engine-build.ts'
import { ConfigError } from '../config/errors.ts'
import { moduleFile } from '../config/module-file.ts'
import { type Suite, SuiteOptions, type SuiteOptionsInput } from '../config/suite.ts'
import { type Target, targetOf, targetsOf } from '../config/targets.ts'
import { removeEarlierOutputs } from '../reporting/outputs.ts'
import { redactEveryReport } from '../reporting/redaction-plugin.ts'
import { reporters } from '../reporting/reporters.ts'
import { judgeEveryRun } from '../reporting/verdict-plugin.ts'
import { cacheWorkerModulesOnly } from '../runner/module-cache-plugin.ts'
import { EXIT_BAD_CONFIG, preflight, refuseBad } from '../runner/preflight.ts'
import { checkTagsFilter } from '../runner/tags-filter.ts'

/**
 * Set by `smokecheck monitor` (bin/smokecheck.mjs) before it loads the suite's config, which
 * Vitest loads in the same process.
 */
export const MONITORING = Symbol.for('smokecheck.monitor')

/**
 * Vitest 4.1's pool ends its workers with each run, so a monitor starts them afresh every
 * cycle: one worker a cycle imports the engine once, and the ended workers' threads do not pile
 * up in the process's memory (bench/results.md, the monitor: about a fifth faster a cycle, and
 * resident memory that stops growing, against two).
 */
function workers(settings: { maxConnections: number } | undefined): number {
  if ((globalThis as Record<symbol, unknown>)[MONITORING] === true) return 1
  return Math.min(2, settings?.maxConnections ?? 2)
}

/**
 * The engine as npm ships it: JavaScript Node loads by itself, as Vitest has it do for any
 * package under node_modules. Named, for an engine that is not there (its own checkout, a linked
 * or `file:` install): Vite's module runner would otherwise load each of its modules in each worker.
 */
const ENGINE_JS = new RegExp(`${ENGINE_DIST.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/`)

export interface SmokeConfigOptions extends SuiteOptionsInput {
  /** Vitest tags the checks may use (`--tags-filter`); a check with an undeclared tag fails. */
  tags?: TestTagDefinition[]
  /** The project root that the paths are relative to; defaults to the working directory. */
  root?: string
}

function suiteOf(options: SuiteOptionsInput) {
  const parsed = SuiteOptions.safeParse(options)
  if (parsed.success) return parsed.data
  const error = new ConfigError(
    '',
    parsed.error.issues.map((issue) => ({
      key: issue.path.join('.') || '(the options)',
      source: 'defineSmokeConfig in vitest.config.ts',
      received: JSON.stringify(issue.path.reduce<unknown>((v, k) => (v as never)?.[k], options)) ?? 'nothing',
      expected: issue.message,
    })),
    'suite options',
  )
  console.error(error.message)
  process.exit(EXIT_BAD_CONFIG)
}

function targetsOrExit(suite: Suite, root: string): Target[] {
  try {
    return targetsOf(suite, { root, environments: suite.environments })
  } catch (error) {
    refuseBad(error, undefined)
    return []
  }
}

function refuseUnknownTags(tags: readonly TestTagDefinition[], reportsDir: string): void {
  try {
    checkTagsFilter(tags.map((tag) => tag.name))
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    console.error(error.message)
    // Stopped before any reporter runs: the earlier run's green summary must not stay as this one's.
    removeEarlierOutputs(reportsDir)
    process.exit(EXIT_BAD_CONFIG)
  }
}

/** In the engine's checkout, compiled code older than its source is not what its author wrote. */
function refuseStaleEngine(): void {
  if (extname(import.meta.filename) !== '.js') return
  const stale = staleBuild()
  if (!stale) return
  console.error(
    `smokecheck: the engine's compiled JavaScript (${ENGINE_DIST}) is older than ${stale.file}${stale.builtAt ? '' : ' (it was never built)'}: run npm run build in ${ENGINE_ROOT}`,
  )
  process.exit(EXIT_BAD_CONFIG)
}

export function defineSmokeConfig(options: SmokeConfigOptions = {}): ViteUserConfig {
  refuseStaleEngine()
  const { tags = [], root = process.cwd(), ...rest } = options
  const suite = suiteOf(rest)
  const targets = targetsOrExit(suite, root)
  // The settings as SMOKE_ENV's files and the process environment give them; undefined when they
  // are bad but the checks are not part of this run (the global setup reports them if they are).
  const settings = targets.map((target) => ({ target, settings: preflight(root, target) }))
  const first = settings[0]?.settings
  const reportsDir = first?.reportsDir ?? DEFAULT_REPORTS_DIR
  if (first) refuseUnknownTags(tags, resolve(root, reportsDir))
  // A merge with no blob to read stops before any reporter starts: the earlier run's green
  // reports must not stay beside its exit code as though they were its own.
  if (process.argv.some((arg) => arg.split('=')[0] === '--merge-reports'))
    removeEarlierOutputs(resolve(root, reportsDir))
  return {
    test: {
      reporters: reporters(
        reportsDir,
        process.env,
        first?.allure ? { environment: first.environment } : undefined,
      ),
      projects: settings.map(({ target, settings }) => ({
        // In this order: the verdict reporter goes right after the redacting one.
        plugins: [redactEveryReport(), judgeEveryRun(resolve(root, reportsDir)), cacheWorkerModulesOnly()],
        test: {
          name: target.name,
          root,
          include: [settings?.checks ?? target.suite.checks],
          globalSetup: [moduleFile(import.meta, '../runner/global-setup')],
          provide: { smokecheckSuite: target.suite, smokecheckTarget: targetOf(target) },
          // Checks run side by side: `check` is concurrent by itself (src/suite/check.ts), because
          // Vitest reads `sequence.concurrent` from the root config only (vitest-dev/vitest#9645).
          // The Agent caps connections per host, so this does not flood the service.
          pool: 'threads' as const,
          // Keeps transformed modules on disk between runs (node_modules/.experimental-vitest-cache,
          // keyed by content): a re-run skips the TypeScript transforms, about a third of the
          // start-up (bench/results.md). `vitest --clearCache` empties it. What the main process
          // loads stays out of it (src/runner/module-cache-plugin.ts).
          experimental: { fsModuleCache: true },
          isolate: false,
          maxConcurrency: 10,
          // Each worker costs about 0.4 s of CPU and 40 MiB to start (it imports undici, zod and
          // the engine), so more workers than cores slow the run down; the checks in a worker
          // already overlap their waits (bench/configs.md). The workers split SMOKE_MAX_CONNECTIONS
          // between them (src/runner/global-setup.ts), so there are never more than connections.
          maxWorkers: workers(settings),
          // Keep it above SMOKE_REQUEST_TIMEOUT_MS, so a slow service fails on the named request setting.
          testTimeout: settings?.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS,
          tags,
          server: { deps: { external: [ENGINE_JS] } },
        },
      })),
    },
  }
}
