// The end of a run of the checks: its record and summary written, compared with the earlier runs
// like it (history.ts), and kept for the next.
import { join } from 'node:path'
import type { TestModule } from 'vitest/node'
import type { ContractDrift } from '../contract/drift-record.ts'
import { contractRecordOf, describeContract, judgedByACheck, keepContract } from '../contract/drift-record.ts'
import { redact } from '../redaction/redact.ts'
import type { Rollout } from '../runner/provided.ts'
import { canaryItems, compareRuns, describeChanges } from './changes.ts'
import { judgeDeployment } from './deployment.ts'
import { baselineFor, keep, keepable } from './history.ts'
import { observationsOf } from './observations.ts'
import { writeReport } from './outputs.ts'
import { remember } from './request-history.ts'
import { judgeRunRequests, type RequestJudgement } from './request-judgement.ts'
import type { RunConfig } from './run-context.ts'
import { buildRunRecord, type RunRecord } from './run-record.ts'
import type { Selection } from './selection.ts'
import { renderSummary } from './summary.ts'
import { describeVerdict, type Problem, type Verdict } from './verdict.ts'

/** Writes run.json, summary.md and verdict.json (and appends to the job summary); returns what to print and the record. */
export function writeRunRecord(input: {
  /** The service checked, in a suite of several: every line printed names it. */
  service?: string | undefined
  /** Its Vitest project, `service:environment`. */
  name?: string | undefined
  modules: readonly TestModule[]
  root: string
  /** Absent when no check file matched: the global setup never ran. */
  config: RunConfig | undefined
  environment: string
  rollout: Rollout | undefined
  startedAt: Date
  durationMs: number
  dir: string
  stepSummary: string | undefined
  verdict: Verdict
  selection: Selection
  /** The requests as the verdict reporter judged them; judged here when it did not. */
  requests: RequestJudgement | undefined
  /** The contract's drift, as the global setup found it before the checks; absent when it never ran. */
  contractDrift: ContractDrift | undefined
  /** Called when a report could not be written: the run is red then. */
  onProblem: (problem: Problem) => void
}): { lines: string[]; record: RunRecord } {
  const { config, dir } = input
  const run = buildRunRecord({
    modules: input.modules,
    root: input.root,
    environment: config?.environment ?? input.environment,
    baseUrl: config?.baseUrl ?? '',
    startedAt: input.startedAt,
    durationMs: input.durationMs,
    rollout: input.rollout,
    versionSource: config?.versionSource,
    expected: config?.expectedVersion
      ? { version: config.expectedVersion, commit: config.expectedCommit }
      : undefined,
    verdict: input.verdict,
    selection: input.selection,
    contract: contractRecordOf(input.contractDrift),
  })
  if (input.service) run.service = input.service
  const baseline = baselineFor(run, dir, config?.baseline)
  const judged =
    input.requests ?? judgeRunRequests({ checks: run.checks, environment: run.environment, dir, config })
  // Judged here, after the other reports were written: the exit code and these outputs say it.
  if (!input.requests && judged.problem) {
    input.onProblem(judged.problem)
    run.verdict = 'failed'
    run.problems.push(judged.problem)
  }
  const compared = baseline.run ? compareRuns(baseline.run, run, judged.history) : null
  const changes = compared && baseline.checkByCheck ? { ...compared, removed: [] } : compared
  const { canary } = judged
  const write = (path: string, text: string, append = false) => {
    const problem = writeReport(dir, path, text, append)
    if (!problem || run.problems.some((p) => p.message === problem.message)) return
    input.onProblem(problem)
    run.verdict = 'failed'
    run.problems.push(problem)
  }
  const path = join(dir, 'run.json')
  const summaryPath = join(dir, 'summary.md')
  const verdictPath = join(dir, 'verdict.json')
  // Judged anew each time it is written: a report that could not be written turns it red.
  const deployment = () =>
    judgeDeployment({
      problems: run.problems,
      gate: config?.comparison.gate ?? 'fail',
      environment: run.environment,
      baseUrl: run.baseUrl,
      baselineUrl: config?.baselineUrl,
      startedAt: run.startedAt,
      changes,
      canary: canary?.requests ?? [],
      comparedWith: canary
        ? `the baseline ${canary.baselineUrl}, sampled in the same run${changes ? `, and ${changes.requestsBaseline}` : ''}`
        : (changes?.requestsBaseline ?? baseline.note),
    })
  const record = (): RunRecord => ({ ...run, changes, canary, deployment: deployment() })
  const writeBoth = () => {
    write(path, redact(JSON.stringify(record(), null, 2)))
    write(summaryPath, redact(renderSummary(record())))
    write(verdictPath, redact(JSON.stringify(deployment(), null, 2)))
  }
  writeBoth()
  if (input.stepSummary) write(input.stepSummary, `\n${redact(renderSummary(record()))}`, true)
  // One of them failed: the others, written green a moment ago, must say red too.
  const unwritten = run.problems.some((p) => p.code === 'REPORT_NOT_WRITTEN')
  if (unwritten) writeBoth()
  try {
    if (!unwritten) keep(record(), dir)
    // Only green runs are the noise a later run is judged against: a run judged worse is not.
    if (!unwritten && run.verdict === 'passed')
      remember(dir, run.environment, run.startedAt, observationsOf(run))
    // Like the baseline of the whole suite: only a full run's document is the next one's to compare with.
    if (!unwritten && !run.selection.partial && keepable(record()) && input.contractDrift)
      keepContract(input.contractDrift, dir, run.environment, run.startedAt)
  } catch {
    // The history only serves the next comparison: this run's verdict stands without it.
  }
  const described = changes ? describeChanges(changes) : []
  const fromCanary = canary && canaryItems(canary)
  const verdict = deployment()
  const lines = [
    `smokecheck: ${baseline.note}${changes && described.length === 0 ? ': nothing changed' : ''}`,
    ...(changes ? [`smokecheck: requests judged against ${changes.requestsBaseline}`] : []),
    ...described.map((line) => `  ${line}`),
    ...(fromCanary
      ? [
          `smokecheck: canary ${run.baseUrl} ${fromCanary.headline}`,
          ...fromCanary.items.map((item) => `  ${item.text}`),
        ]
      : []),
    `smokecheck: deployment verdict ${verdict.verdict} (gate ${verdict.gate}, exit code ${verdict.exitCode}) in ${verdictPath}`,
    ...(run.contract
      ? describeContract(run.contract, judgedByACheck(run.checks)).map((line, i) =>
          i ? `  ${line}` : `smokecheck: contract: ${line}`,
        )
      : []),
    ...(unwritten ? [] : [`smokecheck: run record and summary written to ${path} and ${summaryPath}`]),
    ...describeVerdict({ verdict: run.verdict, problems: run.problems, causes: run.causes }),
  ]
  const own = 'smokecheck: '
  const who = input.name ? `${own}${input.name}: ` : own
  return {
    lines: lines.map((line) => redact(line.startsWith(own) ? `${who}${line.slice(own.length)}` : line)),
    record: JSON.parse(redact(JSON.stringify(record()))) as RunRecord,
  }
}
