// Defaults that both the settings schema and vitest.config.ts need. Kept apart from both so
// the config file does not pull the reporters' or the schema's imports in with them.
/** The environment of SMOKE_ENV's default: this machine, with the embedded demo service. */
export const LOCAL_ENVIRONMENT = 'local'
export const DEFAULT_REPORTS_DIR = 'reports'
/** Under the reports folder, kept between runs: the last record of each selection, the last full run's contract. */
export const HISTORY = 'history'
export const DEFAULT_CHECKS = 'checks/**/*.check.ts'
export const DEFAULT_CHECK_TIMEOUT_MS = 60_000
