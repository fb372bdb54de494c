// Decides the run's verdict (verdict.ts) before any report is written, and tells it to the
// reports that would otherwise judge for themselves: right after the redacting reporter, so its
// hooks run before JUnit, the HTML report, GitHub's and the run record read anything. Vitest
// calls the reporters' hooks in list order without waiting in between: what the others must see
// is done synchronously here.
import { relative } from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import type { SerializedError } from 'vitest'
import type { Reporter, TestCase, TestModule, TestProject, TestRunEndReason, Vitest } from 'vitest/node'
import { moduleFile } from '../config/module-file.ts'
import { judgeFleet } from './fleet.ts'
import { removeEarlierOutputs, targetDir, unwritableOutputs } from './outputs.ts'
import type { RequestJudgement } from './request-judgement.ts'
import { mergedRun, missingShards, type RunContext, stampRun } from './run-context.ts'
import { filtersOf, type Selection, selectionOf } from './selection.ts'
import { ofTargets, severalServices, targetInfo, targetProjects } from './target-projects.ts'
import {
  causeLine,
  causesOf,
  codeOf,
  describeVerdict,
  type ErrorLike,
  type FailedCheck,
  loadProblem,
  type Problem,
  sentenceOf,
  unhandledProblems,
  type Verdict,
  verdictOf,
} from './verdict.ts'

/** Where the verdict waits for the reporters that write it down (loaded apart, by path). */
const VERDICT = Symbol.for('smokecheck.verdict')

/** One service in one environment, judged on its own: its record, rollout, baseline and verdict are its own. */
export interface JudgedTarget {
  /** The Vitest project: `checks`, or `service:environment`. */
  name: string
  service: string | undefined
  verdict: Verdict
  /** Its settings, rollout and time; a merged report's come from its shards. */
  context: RunContext
  /** Every request judged against its baseline; absent when the global setup never ran. */
  requests?: RequestJudgement | undefined
  /** Where its record, summary and history are written. */
  dir: string
}

export interface JudgedRun {
  /** The whole run's: red when any target, or anything outside them, is. */
  verdict: Verdict
  selection: Selection
  targets: JudgedTarget[]
}

export function judgedRun(vitest: Vitest | undefined): JudgedRun | undefined {
  return (vitest as unknown as Record<symbol, JudgedRun | undefined> | undefined)?.[VERDICT]
}

/** A report that could not be written turns the verdict red after the fact. */
export function addProblem(vitest: Vitest | undefined, problem: Problem): void {
  const judged = judgedRun(vitest)
  if (judged) judged.verdict = verdictOf([...judged.verdict.problems, problem], judged.verdict.causes)
  process.exitCode = 1
}

/** Problems no Vitest report shows by itself, as errors for the ones that show errors. */
export const RUN_LEVEL: readonly Problem['code'][] = [
  'NOTHING_SELECTED',
  'ROLLOUT_NOT_LIVE',
  'VERSION_MISMATCH',
  'REPORT_NOT_WRITTEN',
  'SHARD_MISSING',
  'SHARDS_DISAGREE',
  'COMPARISON_WORSE',
]

const FEW = 5

function failedCheck(test: TestCase, root: string): FailedCheck | undefined {
  const result = test.result()
  if (result.state !== 'failed') return undefined
  const first = result.errors?.[0] as ErrorLike | undefined
  const exchangeCode = (test.meta().exchanges ?? [])
    .map((e) => (e as { code?: unknown }).code)
    .filter((code): code is string => typeof code === 'string')
    .at(-1)
  return {
    id: `${relative(root, test.module.moduleId)} > ${test.fullName}`,
    errorCode: codeOf(first),
    exchangeCode,
    message: sentenceOf(String(first?.message ?? 'failed')),
  }
}

function nothingSelected(
  project: TestProject,
  selection: Selection,
  files: readonly string[],
  tests: readonly TestCase[],
  root: string,
): Problem {
  const include = project.config.include.join(', ')
  const listed = files.slice(0, FEW).map((file) => relative(root, file))
  const exists = [
    files.length
      ? `the suite (${include}) has ${files.length} check file${files.length === 1 ? '' : 's'}: ${listed.join(', ')}${files.length > FEW ? ', …' : ''}`
      : `the suite (${include}) has no check file`,
  ]
  const used = new Map<string, number>()
  for (const tag of tests.flatMap((t) => t.tags)) used.set(tag, (used.get(tag) ?? 0) + 1)
  if (tests.length)
    exists.push(
      `its ${tests.length} checks carry the tags ${[...used].map(([tag, n]) => `${tag} (${n})`).join(', ') || 'none'}`,
    )
  const declared = (project.config.tags ?? []).map((tag) => tag.name)
  if (declared.length) exists.push(`declared tags: ${declared.join(', ')}`)
  return {
    code: 'NOTHING_SELECTED',
    message: `no check ran: ${selection.description} matched none; ${exists.join('; ')}`,
  }
}

/** A problem of one target, in a run of several: it says which. */
const about = (target: string, problem: Problem): Problem => ({
  ...problem,
  target,
  message: `${target}: ${problem.message}`,
})

export default class VerdictReporter implements Reporter {
  private vitest: Vitest | undefined
  /** Every check file of the suite, whatever the filters: what a run that matched none names. */
  private files: string[] = []
  private startedAt = new Date()

  /**
   * Loaded when the run starts (Vitest waits for it), not with vitest.config.ts: its schemas would
   * add to every start-up. Through Vitest's module runner: the one that loaded this file is closed by then.
   */
  private judgement: typeof import('./request-judgement.ts') | undefined

  constructor(private readonly options: { dir: string }) {}

  async onTestRunStart(): Promise<void> {
    this.startedAt = new Date()
    this.judgement ??= await this.vitest?.import<typeof import('./request-judgement.ts')>(
      moduleFile(import.meta, 'request-judgement'),
    )
  }

  async onInit(vitest: Vitest): Promise<void> {
    this.vitest = vitest
    // Before JUnit opens its file, which it does in its own onInit.
    removeEarlierOutputs(this.options.dir)
    const found = await Promise.all(targetProjects(vitest).map((project) => project.globTestFiles()))
    this.files = [...new Set(found.flatMap((files) => files.testFiles))]
  }

  /** The target's context, written into its files for a merge; or, merging, its shards' as one. */
  private contextOf(vitest: Vitest, project: TestProject, checks: readonly TestModule[]) {
    if (vitest.config.mergeReports) {
      const merged = mergedRun(checks)
      return { context: merged.context ?? this.context(undefined, [], undefined), problems: merged.problems }
    }
    // Absent when the global setup never ran (no check file matched).
    const provided = project.getProvidedContext() as Partial<ReturnType<typeof project.getProvidedContext>>
    const config = provided.smokecheck
    const context = this.context(provided.rollout, filtersOf(vitest), vitest.config.shard)
    context.contractDrift = provided.contractDrift
    // Only what the record and the verdict read: the settings also hold the token.
    if (config)
      context.config = {
        environment: config.environment,
        service: config.service,
        baseUrl: config.baseUrl,
        versionSource: config.versionSource,
        buildHeader: config.buildHeader,
        expectedVersion: config.expectedVersion,
        expectedCommit: config.expectedCommit,
        baseline: config.baseline,
        baselineUrl: config.baselineUrl,
        comparison: config.comparison,
      }
    stampRun(checks, context)
    return { context, problems: [] }
  }

  private context(rollout: RunContext['rollout'], filters: string[], shard: RunContext['shard']): RunContext {
    const durationMs = Date.now() - this.startedAt.getTime()
    const ciRun = process.env.GITHUB_RUN_ID || process.env.CI_PIPELINE_ID || undefined
    return {
      config: undefined,
      rollout,
      ciRun,
      shard,
      filters,
      startedAt: this.startedAt.toISOString(),
      durationMs,
    }
  }

  onTestModuleEnd(testModule: TestModule): void {
    // A parse error's code frame is coloured: the terminal's codes would end up in JUnit's XML.
    for (const error of this.vitest?.state.idMap.get(testModule.id)?.result?.errors ?? []) {
      error.message = stripVTControlCharacters(error.message)
      if (error.stack) error.stack = stripVTControlCharacters(error.stack)
    }
  }

  /** What one service in one environment shows of itself: its failures, its rollout, its fleet, its requests. */
  private judgeTarget(vitest: Vitest, project: TestProject, checks: readonly TestModule[]) {
    const root = vitest.config.root
    const info = targetInfo(project)
    const tests = checks.flatMap((m) => [...m.children.allTests()])
    const { context, problems } = this.contextOf(vitest, project, checks)
    const { config, rollout } = context
    const ran = tests.filter((t) => ['passed', 'failed'].includes(t.result().state))
    const failed = tests.flatMap((t) => failedCheck(t, root) ?? [])
    if (failed.length)
      problems.push({
        code: 'CHECKS_FAILED',
        message: `${failed.length} of ${ran.length} checks failed: ${failed
          .slice(0, FEW)
          .map((c) => c.id)
          .join(', ')}${failed.length > FEW ? ', …' : ''}`,
      })
    if (rollout?.state === 'not_live') {
      const skipped = tests.filter((t) => t.result().state === 'skipped' && t.tags.includes('rollout'))
      problems.push({
        code: 'ROLLOUT_NOT_LIVE',
        message: `the expected version is not live: ${rollout.reason}${skipped.length ? `; ${skipped.length} check${skipped.length === 1 ? '' : 's'} tagged rollout skipped because of it` : ''}`,
      })
    }
    if (config) {
      const headers = [config.buildHeader, config.versionSource?.versionHeader].filter((h): h is string =>
        Boolean(h),
      )
      const exchanges = tests.flatMap((t) => t.meta().exchanges ?? [])
      const fleet = judgeFleet(exchanges, headers, config.expectedVersion)
      if (fleet.problem) problems.push(fleet.problem)
    }
    const dir = targetDir(this.options.dir, info ?? {})
    // A request that got worse (SMOKE_COMPARE_GATE=fail) is in the verdict before any report reads it.
    const requests =
      config &&
      this.judgement?.judgeRunRequests({
        checks: tests.map((t) => ({ exchanges: t.meta().exchanges ?? [], samples: t.meta().samples ?? [] })),
        environment: config.environment,
        dir,
        config,
      })
    if (requests?.problem) problems.push(requests.problem)
    return { name: project.name, service: info?.service?.name, context, requests, dir, problems, failed, ran }
  }

  onTestRunEnd(
    modules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
    reason: TestRunEndReason,
  ): void {
    const vitest = this.vitest
    const projects = vitest ? targetProjects(vitest) : []
    const [first] = projects
    if (!vitest || !first || reason === 'interrupted') return
    const root = vitest.config.root
    const checks = ofTargets(modules)
    const judged = projects.map((project) =>
      this.judgeTarget(
        vitest,
        project,
        checks.filter((m) => m.project.name === project.name),
      ),
    )
    const [firstContext] = judged.map((target) => target.context)
    const shard = vitest.config.mergeReports ? undefined : vitest.config.shard
    const selection = selectionOf([
      ...(firstContext?.filters ?? []),
      ...(shard ? [`--shard=${shard.index}/${shard.count}`] : []),
    ])

    // What concerns the whole run rather than one of its services.
    const problems: Problem[] = vitest.config.mergeReports ? missingShards(checks) : []
    for (const module of checks)
      for (const error of module.errors()) problems.push(loadProblem(relative(root, module.moduleId), error))
    problems.push(
      ...unhandledProblems(unhandledErrors as unknown as readonly ErrorLike[], (path) =>
        relative(root, path),
      ),
    )

    // The run record's reporter writes summary.md and the job summary; without it, none is written.
    const reporters = (vitest as unknown as { reporters: Reporter[] }).reporters
    const recorded = reporters.some((r) => r.constructor.name === 'RunRecordReporter')
    problems.push(
      ...unwritableOutputs(this.options.dir, recorded ? process.env.GITHUB_STEP_SUMMARY : undefined),
    )
    const tests = checks.flatMap((m) => [...m.children.allTests()])
    if (judged.every((target) => target.ran.length === 0) && !problems.some((p) => p.code === 'LOAD_FAILED'))
      problems.push(nothingSelected(first, selection, this.files, tests, root))

    const several = severalServices(vitest)
    const named = (target: (typeof judged)[number]) =>
      several ? target.problems.map((problem) => about(target.name, problem)) : target.problems
    const targets: JudgedTarget[] = judged.map((target) => ({
      name: target.name,
      service: target.service,
      context: target.context,
      requests: target.requests || undefined,
      dir: target.dir,
      verdict: verdictOf([...problems, ...named(target)], causesOf(target.failed)),
    }))
    const all = [...problems, ...judged.flatMap(named)]
    const verdict = verdictOf(all, causesOf(judged.flatMap((target) => target.failed)))
    Object.assign(vitest, { [VERDICT]: { verdict, selection, targets } satisfies JudgedRun })
    if (verdict.verdict === 'failed') process.exitCode = 1
    // The HTML report shows Vitest's unhandled errors, and reads them after this hook.
    for (const problem of all.filter((p) => RUN_LEVEL.includes(p.code)))
      vitest.state.catchError({ name: problem.code, message: problem.message }, 'smokecheck')
    // The shared cause leads, before Vitest lists the failures one by one.
    if (verdict.causes.length)
      vitest.logger.log(verdict.causes.map((cause) => `smokecheck: ${causeLine(cause)}`).join('\n'))
    // Without the run record's reporter (a --reporter flag replaced the list), no one else says it.
    if (!recorded) vitest.logger.log(describeVerdict(verdict).join('\n'))
  }
}
