// Finds the inline `checks` project in the project's Vitest config, the one the benchmark runs.
import type { TestProjectConfiguration, TestProjectInlineConfiguration } from 'vitest/config'

export function isChecksProject(p: TestProjectConfiguration): p is TestProjectInlineConfiguration {
  return typeof p === 'object' && !(p instanceof Promise) && p.test?.name === 'checks'
}

/**
 * The checks project's options that decide how test files are spread over workers and started,
 * for bare Vitest to run with the same (undefined ones are left out: Vitest's defaults).
 */
export function poolSettings(p: TestProjectInlineConfiguration): Record<string, unknown> {
  const t = p.test ?? {}
  return JSON.parse(
    JSON.stringify({
      pool: t.pool,
      isolate: t.isolate,
      maxWorkers: t.maxWorkers,
      maxConcurrency: t.maxConcurrency,
      experimental: { fsModuleCache: t.experimental?.fsModuleCache },
    }),
  )
}
