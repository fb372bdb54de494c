// Validates the configuration before Vitest starts, so a bad setting ends a run of the checks
// with its one message and exit code 2, before any reporter has written a report that could
// pass for an empty, green run. defineSmokeConfig builds the checks project from what it returns.
import { ConfigError } from '../config/errors.ts'
import { type LoadOptions, loadConfig, type SmokeConfig } from '../config/load.ts'
import { CHECKS_PROJECT } from '../config/suite.ts'

export const EXIT_BAD_CONFIG = 2

/** `--project` values, in both spellings; none means every project runs, the checks too. */
function projectFilters(argv: readonly string[]): string[] {
  return argv.flatMap((arg, i) => {
    if (arg.startsWith('--project=')) return [arg.slice('--project='.length)]
    if (arg === '--project' && argv[i + 1] !== undefined) return [argv[i + 1] as string]
    return []
  })
}

/** Vitest's project filters allow `*` wildcards (`--project 'check*'`). */
function matches(filter: string, name: string): boolean {
  const pattern = filter.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
  return new RegExp(`^${pattern.join('.*')}$`).test(name)
}

function selectsChecks(argv: readonly string[]): boolean {
  const filters = projectFilters(argv)
  return filters.length === 0 || filters.some((filter) => matches(filter, CHECKS_PROJECT))
}

/**
 * The validated configuration, or undefined when it is bad and the checks are not part of this
 * run (the project's own tests, say): then the global setup reports it if they run after all,
 * as in a run started through the Node API.
 */
export function preflight(
  options: Omit<LoadOptions, 'env'>,
  argv: readonly string[] = process.argv,
): SmokeConfig | undefined {
  try {
    return loadConfig(options)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    if (!selectsChecks(argv)) return undefined
    console.error(error.message)
    process.exit(EXIT_BAD_CONFIG)
  }
}
