// Writes reports/run.json and reports/summary.md at the end of a run of the checks, after
// comparing the run with the earlier runs like it (history.ts), and prints what changed and the
// run's verdict, last. On GitHub Actions the summary goes into the job summary as well.
import type { Reporter, TestModule, TestRunEndReason, Vitest } from 'vitest/node'
import { LOCAL_ENVIRONMENT } from '../config/defaults.ts'
import { severalServices } from './target-projects.ts'
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
    const judged = judgedRun(vitest)
    // An interrupted run is no baseline for the next one, and other projects are not checks.
    if (!vitest || !judged?.targets.length || reason === 'interrupted') return
    const several = severalServices(vitest)
    // Imported when the run ends, not with vitest.config.ts: the record's schemas and the
    // comparison would otherwise add to every run's start-up (bench/results.md).
    const { writeRunRecord } = await import('./write-run-record.ts')
    const written = judged.targets.map((target) =>
      writeRunRecord({
        service: target.service,
        name: several ? target.name : undefined,
        modules: modules.filter((m) => m.project.name === target.name),
        root: vitest.config.root,
        config: target.context.config,
        environment: process.env.SMOKE_ENV || LOCAL_ENVIRONMENT,
        rollout: target.context.rollout,
        contractDrift: target.context.contractDrift,
        startedAt: new Date(target.context.startedAt),
        durationMs: target.context.durationMs,
        dir: target.dir,
        // A run of several services has one job summary, of them all (written below).
        stepSummary: several ? undefined : this.options.stepSummary,
        verdict: target.verdict,
        selection: judged.selection,
        requests: target.requests,
        onProblem: (problem) => addProblem(vitest, problem),
      }),
    )
    const lines = written.flatMap((w) => w.lines)
    if (several) {
      const { writeTargetsRecord } = await import('./write-targets-record.ts')
      lines.push(
        ...writeTargetsRecord({
          judged: judgedRun(vitest) ?? judged,
          records: written.map((w, i) => ({ ...w.record, name: judged.targets[i]?.name ?? '' })),
          dir: this.options.dir,
          stepSummary: this.options.stepSummary,
          onProblem: (problem) => addProblem(vitest, problem),
        }),
      )
    }
    vitest.logger.log(lines.join('\n'))
  }
}
