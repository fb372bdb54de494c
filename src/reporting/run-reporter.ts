// Writes reports/run.json and reports/summary.md at the end of a run of the checks, after
// comparing the run with the previous one of the same environment (SMOKE_BASELINE, or the
// run.json the last run left in the reports folder), and prints what changed. On GitHub
// Actions the summary goes into the job summary as well.
import type { Reporter, TestModule, TestRunEndReason, Vitest } from 'vitest/node'
import { CHECKS_PROJECT } from '../config/suite.ts'

export default class RunRecordReporter implements Reporter {
  private vitest: Vitest | undefined
  private startedAt = new Date()

  constructor(private readonly options: { dir: string; stepSummary?: string }) {}

  onInit(vitest: Vitest): void {
    this.vitest = vitest
  }

  onTestRunStart(): void {
    this.startedAt = new Date()
  }

  async onTestRunEnd(
    modules: ReadonlyArray<TestModule>,
    _errors: unknown,
    reason: TestRunEndReason,
  ): Promise<void> {
    const project = this.vitest?.projects.find((p) => p.name === CHECKS_PROJECT)
    const checks = modules.filter((m) => m.project.name === CHECKS_PROJECT)
    // An interrupted run is no baseline for the next one, and other projects are not checks.
    if (!this.vitest || !project || checks.length === 0 || reason === 'interrupted') return
    const { smokecheck: config, rollout } = project.getProvidedContext()
    // Imported when the run ends, not with vitest.config.ts: the record's schemas and the
    // comparison would otherwise add to every run's start-up (bench/results.md).
    const { writeRunRecord } = await import('./write-run-record.ts')
    const lines = writeRunRecord({
      modules: checks,
      root: this.vitest.config.root,
      config,
      rollout,
      startedAt: this.startedAt,
      dir: this.options.dir,
      stepSummary: this.options.stepSummary,
    })
    this.vitest.logger.log(lines.join('\n'))
  }
}
