// A reporter for the benchmark's import trace: at the end of a run it writes, for every test
// file, what Vitest measured of each module the file's worker imported for it (self and total
// time, whether it was externalized, which module imported it first) to the JSON file named by
// BENCH_IMPORT_TRACE. Vitest collects these only with `experimental.importDurations.limit` > 0.
import { writeFileSync } from 'node:fs'
import type { ImportDuration } from 'vitest'
import type { Reporter, TestModule } from 'vitest/node'

export interface ImportTrace {
  files: { file: string; imports: Record<string, ImportDuration> }[]
}

export default class ImportTraceReporter implements Reporter {
  onTestRunEnd(testModules: readonly TestModule[]): void {
    const out = process.env.BENCH_IMPORT_TRACE
    if (!out) return
    const trace: ImportTrace = {
      files: testModules.map((m) => ({ file: m.moduleId, imports: m.diagnostic().importDurations })),
    }
    writeFileSync(out, JSON.stringify(trace))
  }
}
