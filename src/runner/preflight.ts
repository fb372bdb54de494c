// Validates the configuration before Vitest starts when the checks are about to run, so a
// bad setting ends the run with its one message and exit code 2, before any reporter has
// written a report that could pass for an empty, green run. (Runs started through the Node
// API are validated by the global setup instead.)
import { ConfigError } from '../config/errors.ts'
import { loadConfig } from '../config/load.ts'

export const EXIT_BAD_CONFIG = 2

function selectsChecks(argv: readonly string[]): boolean {
  return argv.some(
    (arg, i) => arg === '--project=checks' || (arg === '--project' && argv[i + 1] === 'checks'),
  )
}

export function preflight(argv: readonly string[] = process.argv): void {
  if (!selectsChecks(argv)) return
  try {
    loadConfig()
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    console.error(error.message)
    process.exit(EXIT_BAD_CONFIG)
  }
}
