// Validates the configuration before Vitest starts, so a bad setting ends a run of the checks
// with its one message and exit code 2, before any reporter has written a report that could
// pass for an empty, green run. defineSmokeConfig builds the checks project from what it returns.
import { ConfigError } from '../config/errors.ts'
import { loadConfig, type SmokeConfig } from '../config/load.ts'
import { CHECKS_PROJECT } from '../config/suite.ts'
import type { Target } from '../config/targets.ts'

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
export function matches(filter: string, name: string): boolean {
  const pattern = filter.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
  return new RegExp(`^${pattern.join('.*')}$`).test(name)
}

/** Whether a run with these arguments runs the project; unknown names: whether it runs any target. */
export function selects(name: string | undefined, argv: readonly string[] = process.argv): boolean {
  const filters = projectFilters(argv)
  const anyTarget = (filter: string) => filter.includes(':') || matches(filter, CHECKS_PROJECT)
  return filters.length === 0 || filters.some((filter) => (name ? matches(filter, name) : anyTarget(filter)))
}

/** Stops the run with the message of a bad configuration, when the checks it names are part of it. */
export function refuseBad(
  error: unknown,
  name: string | undefined,
  argv: readonly string[] = process.argv,
): void {
  if (!(error instanceof ConfigError)) throw error
  if (!selects(name, argv)) return
  console.error(error.message)
  process.exit(EXIT_BAD_CONFIG)
}

/**
 * The target's validated configuration, or undefined when it is bad and the target is not part of
 * this run (the project's own tests, say): then the global setup reports it if it runs after all,
 * as in a run started through the Node API.
 */
export function preflight(
  root: string,
  target: Target,
  argv: readonly string[] = process.argv,
): SmokeConfig | undefined {
  try {
    return loadConfig({
      root,
      environments: target.suite.environments,
      environment: target.environment,
      service: target.service,
    })
  } catch (error) {
    refuseBad(error, target.name, argv)
    return undefined
  }
}
