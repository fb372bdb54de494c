// The end of a run of the checks: its record and summary written, compared with the earlier runs
// like it (history.ts), and kept for the next.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { TestModule } from 'vitest/node'
import { Config } from '../config/settings.ts'
import { redact } from '../redaction/redact.ts'
import type { ProvidedConfig, Rollout } from '../runner/provided.ts'
import { compareRuns, describeChanges, judgeRequests, requestItems } from './changes.ts'
import { gateProblem, judgeDeployment } from './deployment.ts'
import { type Baseline, baselineFor, keep } from './history.ts'
import { type ByRequest, canarySidesOf, observationsOf, pooled } from './observations.ts'
import { recentRuns, remember } from './request-history.ts'
import { type BuiltRun, buildRunRecord, type RunRecord } from './run-record.ts'
import type { Selection } from './selection.ts'
import { renderSummary } from './summary.ts'
import { describeVerdict, type Problem, type Verdict } from './verdict.ts'

type Comparison = ProvidedConfig['comparison']

/**
 * What the run's requests are judged against: the recent green runs of the environment, pooled;
 * without any, the run SMOKE_BASELINE names (a CI cache that kept only run.json).
 */
function requestBaseline(
  run: BuiltRun,
  baseline: Baseline,
  named: boolean,
  dir: string,
  comparison: Comparison,
): { seen: ByRequest; description: string } {
  const recent = recentRuns(dir, run.environment, comparison.runs)
  const runs = recent.seen.length
  if (runs)
    return {
      seen: pooled(recent.seen),
      description: `the ${runs === 1 ? 'last green run' : `${runs} last green runs`} of ${run.environment} (since ${recent.since})`,
    }
  if (named && baseline.run)
    return {
      seen: observationsOf(baseline.run),
      description: `the run of ${baseline.run.startedAt} (SMOKE_BASELINE)`,
    }
  return { seen: new Map(), description: `no green run of ${run.environment} yet: no request compared` }
}

/** The canary mode: each sampled request, as this base URL answered it against the baseline URL. */
function judgeCanary(run: BuiltRun, comparison: Comparison) {
  const sides = canarySidesOf(run)
  return judgeRequests(sides.baseline, sides.canary, comparison)
}

/** Writes run.json, summary.md and verdict.json (and appends to the job summary); returns what to print. */
export function writeRunRecord(input: {
  modules: readonly TestModule[]
  root: string
  /** Absent when no check file matched: the global setup never ran. */
  config: ProvidedConfig | undefined
  environment: string
  rollout: Rollout | undefined
  startedAt: Date
  dir: string
  stepSummary: string | undefined
  verdict: Verdict
  selection: Selection
  /** Called when a report could not be written: the run is red then. */
  onProblem: (problem: Problem) => void
}): string[] {
  const { config, dir } = input
  const run = buildRunRecord({
    modules: input.modules,
    root: input.root,
    environment: config?.environment ?? input.environment,
    baseUrl: config?.baseUrl ?? '',
    startedAt: input.startedAt,
    rollout: input.rollout,
    versionSource: config?.versionSource,
    expected: config?.expectedVersion
      ? { version: config.expectedVersion, commit: config.expectedCommit }
      : undefined,
    verdict: input.verdict,
    selection: input.selection,
  })
  const comparison = config?.comparison ?? Config.parse({}).comparison
  const baseline = baselineFor(run, dir, config?.baseline)
  const against = requestBaseline(run, baseline, Boolean(config?.baseline), dir, comparison)
  const compared = baseline.run ? compareRuns(baseline.run, run, against, comparison) : null
  const changes = compared && baseline.checkByCheck ? { ...compared, removed: [] } : compared
  const canary = config?.baselineUrl
    ? { baselineUrl: config.baselineUrl, requests: judgeCanary(run, comparison) }
    : null
  const gated = gateProblem(comparison.gate, [...(canary?.requests ?? []), ...(changes?.requests ?? [])])
  if (gated) {
    input.onProblem(gated)
    run.verdict = 'failed'
    run.problems.push(gated)
  }
  const write = (path: string, text: string, append = false) => {
    try {
      mkdirSync(dir, { recursive: true })
      if (append) appendFileSync(path, text)
      else writeFileSync(path, text)
    } catch (error) {
      const problem: Problem = {
        code: 'REPORT_NOT_WRITTEN',
        message: `${path} could not be written: ${(error as Error).message}`,
      }
      if (run.problems.some((p) => p.message === problem.message)) return
      input.onProblem(problem)
      run.verdict = 'failed'
      run.problems.push(problem)
    }
  }
  const path = join(dir, 'run.json')
  const summaryPath = join(dir, 'summary.md')
  const verdictPath = join(dir, 'verdict.json')
  const record = (): RunRecord => ({
    ...run,
    changes,
    canary,
    deployment: judgeDeployment({
      problems: run.problems,
      gate: comparison.gate,
      environment: run.environment,
      baseUrl: run.baseUrl,
      baselineUrl: config?.baselineUrl,
      startedAt: run.startedAt,
      changes,
      canary: canary?.requests ?? [],
      comparedWith: canary
        ? `the baseline ${canary.baselineUrl}, sampled in the same run${changes ? `, and ${changes.requestsBaseline}` : ''}`
        : (changes?.requestsBaseline ?? baseline.note),
    }),
  })
  const writeBoth = () => {
    write(path, redact(JSON.stringify(record(), null, 2)))
    write(summaryPath, redact(renderSummary(record())))
    write(verdictPath, redact(JSON.stringify(record().deployment, null, 2)))
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
  } catch {
    // The history only serves the next comparison: this run's verdict stands without it.
  }
  const described = changes ? describeChanges(changes) : []
  const canaryLines = canary
    ? (['worse', 'marginal', 'better'] as const).flatMap((kind) => requestItems(canary.requests, kind))
    : []
  const deployment = record().deployment
  const lines = [
    `smokecheck: ${baseline.note}${changes && described.length === 0 ? ': nothing changed' : ''}`,
    ...(changes ? [`smokecheck: requests judged against ${changes.requestsBaseline}`] : []),
    ...described.map((line) => `  ${line}`),
    ...(canary
      ? [
          `smokecheck: canary ${run.baseUrl} against the baseline ${canary.baselineUrl}: ${canary.requests.length} sampled request${canary.requests.length === 1 ? '' : 's'} compared${canaryLines.length ? '' : ', nothing changed'}`,
          ...canaryLines.map((item) => `  ${item.text}`),
        ]
      : []),
    ...(deployment
      ? [
          `smokecheck: deployment verdict ${deployment.verdict} (gate ${deployment.gate}, exit code ${deployment.exitCode}) in ${verdictPath}`,
        ]
      : []),
    ...(unwritten ? [] : [`smokecheck: run record and summary written to ${path} and ${summaryPath}`]),
    ...describeVerdict({ verdict: run.verdict, problems: run.problems, causes: run.causes }),
  ]
  return lines.map(redact)
}
