// Writes reports/run.json and reports/summary.md at the end of a run of the checks, after
// comparing the run with the previous one of the same environment (SMOKE_BASELINE, or the
// run.json the last run left in the reports folder), and prints what changed. On GitHub
// Actions the summary goes into the job summary as well.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Reporter, TestModule, TestRunEndReason, Vitest } from 'vitest/node'
import { redact } from '../redaction/redact.ts'
import { compareRuns, describeChanges } from './changes.ts'
import { buildRunRecord, type RunRecord, readBaseline } from './run-record.ts'
import { renderSummary } from './summary.ts'

export class RunRecordReporter implements Reporter {
  private vitest: Vitest | undefined
  private startedAt = new Date()

  constructor(
    private readonly dir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  onInit(vitest: Vitest): void {
    this.vitest = vitest
  }

  onTestRunStart(): void {
    this.startedAt = new Date()
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>, _errors: unknown, reason: TestRunEndReason): void {
    const project = this.vitest?.projects.find((p) => p.name === 'checks')
    const checks = modules.filter((m) => m.project.name === 'checks')
    // An interrupted run is no baseline for the next one, and other projects are not checks.
    if (!this.vitest || !project || checks.length === 0 || reason === 'interrupted') return
    const { smokecheck: config, rollout } = project.getProvidedContext()
    const run = buildRunRecord({
      modules: checks,
      root: this.vitest.config.root,
      environment: config.environment,
      baseUrl: config.baseUrl,
      startedAt: this.startedAt,
      rollout,
    })
    const path = join(this.dir, 'run.json')
    const baseline = readBaseline(config.baseline ?? path, run.environment, Boolean(config.baseline))
    const record: RunRecord = { ...run, changes: baseline.run ? compareRuns(baseline.run, run) : null }
    const summary = redact(renderSummary(record))
    mkdirSync(this.dir, { recursive: true })
    writeFileSync(path, redact(JSON.stringify(record, null, 2)))
    writeFileSync(join(this.dir, 'summary.md'), summary)
    if (this.env.GITHUB_STEP_SUMMARY) appendFileSync(this.env.GITHUB_STEP_SUMMARY, `\n${summary}`)
    const changes = record.changes ? describeChanges(record.changes) : []
    const lines = [
      `smokecheck: ${baseline.note}${record.changes && changes.length === 0 ? ': nothing changed' : ''}`,
      ...changes.map((line) => `  ${line}`),
      `smokecheck: run record and summary written to ${path} and ${join(this.dir, 'summary.md')}`,
    ]
    this.vitest.logger.log(redact(lines.join('\n')))
  }
}
