// Puts the redacting reporter first among whatever reporters a run of the checks ends up with:
// the configured ones, or those of a `--reporter` flag, which replaces the configured list.
// Without it, `npm run smoke -- --reporter=verbose` would print a secret a check logs or throws.
import type { Vite } from 'vitest/node'
import RedactingReporter from './redacting-reporter.ts'

export function redactEveryReport(): Vite.Plugin {
  return {
    name: 'smokecheck:redact-every-report',
    configureVitest({ vitest }) {
      // First, so it scrubs each result before any other reporter reads it.
      if (!vitest.config.reporters.some((r) => r instanceof RedactingReporter))
        vitest.config.reporters.unshift(new RedactingReporter())
    },
  }
}
