// Puts the verdict reporter right after the redacting one among whatever reporters a run of the
// checks ends up with, the configured ones or a --reporter flag's: every run is judged, and the
// earlier run's outputs are cleared, whichever reports it writes.
import type { Vite } from 'vitest/node'
import RedactingReporter from './redacting-reporter.ts'
import VerdictReporter from './verdict-reporter.ts'

export function judgeEveryRun(dir: string): Vite.Plugin {
  return {
    name: 'smokecheck:judge-every-run',
    configureVitest({ vitest }) {
      const list = vitest.config.reporters
      if (list.some((r) => r instanceof VerdictReporter)) return
      // After the redacting reporter, so that the messages it judges are already scrubbed.
      const at = list.findIndex((r) => r instanceof RedactingReporter)
      list.splice(at + 1, 0, new VerdictReporter({ dir }))
    },
  }
}
