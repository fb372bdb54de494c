// What a suite's vitest.config.ts imports: `import { defineSmokeConfig } from 'smokecheck/config'`.
// Apart from the checks' entry (src/index.ts), so that loading the config does not load Vitest's
// test runner, undici or the matchers.

export type { StartLocalTarget, SuiteOptionsInput } from './config/suite.ts'
export { defineSmokeConfig, type SmokeConfigOptions } from './suite/define-config.ts'
export type { VersionSource } from './version/source.ts'
