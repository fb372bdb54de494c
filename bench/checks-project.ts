// Finds the inline `checks` project in the project's Vitest config, the one the benchmark runs.
import type { TestProjectConfiguration, TestProjectInlineConfiguration } from 'vitest/config'

export function isChecksProject(p: TestProjectConfiguration): p is TestProjectInlineConfiguration {
  return typeof p === 'object' && !(p instanceof Promise) && p.test?.name === 'checks'
}
