// Writes reports/run.json and reports/summary.md at the end of a run of the checks, after
// comparing the run with the earlier runs like it (history.ts), and prints what changed and the
// run's verdict, last. On GitHub Actions the summary goes into the job summary as well.
import type { Reporter, TestModule, TestRunEndReason, Vitest } from 'vitest/node'
import { LOCAL_ENVIRONMENT } from '../config/defaults.ts'
import { CHECKS_PROJECT } from '../config/suite.ts'
import { addProblem, judgedRun } from './verdict-reporter.ts'

export default class RunRecordReporter implements Reporter {
  private vitest: Vitest | undefined

  constructor(private readonly options: { dir: string; stepSummary?: string }) {}

  onInit(vitest: Vitest): void {
    this.vitest = vitest
  }

  async onTestRunEnd(
    modules: ReadonlyArray<TestModule>,
    _errors: unknown,
    reason: TestRunEndReason,
  ): Promise<void> {
    const vitest = this.vitest
    const project = vitest?.projects.find((p) => p.name === CHECKS_PROJECT)
    const judged = judgedRun(vitest)
    // An interrupted run is no baseline for the next one, and other projects are not checks.
    if (!vitest || !project || !judged || reason === 'interrupted') return
    // Imported when the run ends, not with vitest.config.ts: the record's schemas and the
    // comparison would otherwise add to every run's start-up (bench/results.md).
    const { writeRunRecord } = await import('./write-run-record.ts')
    const lines = writeRunRecord({
      modules: modules.filter((m) => m.project.name === CHECKS_PROJECT),
      root: vitest.config.root,
      config: judged.context.config,
      environment: process.env.SMOKE_ENV || LOCAL_ENVIRONMENT,
      rollout: judged.context.rollout,
      contractDrift: judged.context.contractDrift,
      startedAt: new Date(judged.context.startedAt),
      durationMs: judged.context.durationMs,
      dir: this.options.dir,
      stepSummary: this.options.stepSummary,
      verdict: judged.verdict,
      selection: judged.selection,
      requests: judged.requests,
      onProblem: (problem) => addProblem(vitest, problem),
    })
    vitest.logger.log(lines.join('\n'))
  }
}
