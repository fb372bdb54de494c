// reports/run.json, summary.md and verdict.json of a run of several services: the verdict of the
// whole and one per service and environment, the red ones first, each target's own record (written
// in full under reports/targets/<service>/<environment>/, with its history) held inside.
import { z } from 'zod'
import { DeploymentVerdict } from './deployment.ts'
import { RunRecord } from './run-record.ts'
import { cell, renderSummary } from './summary.ts'
import { describeVerdict, type Verdict } from './verdict.ts'

const TARGETS_FORMAT = 'smokecheck-targets/1'

const Target = RunRecord.extend({ name: z.string(), service: z.string() })

export const TargetsRecord = z.object({
  format: z.literal(TARGETS_FORMAT),
  /** The run's one verdict: passed only when every target passed and nothing failed outside them. */
  verdict: z.enum(['passed', 'failed']),
  /** Why the run failed, one sentence each, each naming its target (`target`) when it is one's. */
  problems: RunRecord.shape.problems,
  causes: RunRecord.shape.causes,
  selection: RunRecord.shape.selection,
  startedAt: z.iso.datetime(),
  durationMs: z.number(),
  /** Each service in each environment, the red ones first. */
  targets: z.array(Target),
})
export type TargetsRecord = z.infer<typeof TargetsRecord>

export const TargetsVerdict = z.object({
  format: z.literal('smokecheck-verdicts/1'),
  /** The worst of the targets'. */
  verdict: DeploymentVerdict.shape.verdict,
  exitCode: DeploymentVerdict.shape.exitCode,
  /** Each target's deployment verdict, as verdict.json has it for a suite of one service. */
  targets: z.record(z.string(), DeploymentVerdict),
})
export type TargetsVerdict = z.infer<typeof TargetsVerdict>

const GRAVITY = { fail: 2, marginal: 1, pass: 0 } as const

export function targetsRecord(input: {
  verdict: Verdict
  selection: TargetsRecord['selection']
  targets: readonly z.infer<typeof Target>[]
}): TargetsRecord {
  const targets = [...input.targets].sort(
    (a, b) => Number(a.verdict === 'passed') - Number(b.verdict === 'passed') || a.name.localeCompare(b.name),
  )
  const start = Math.min(...targets.map((t) => Date.parse(t.startedAt)))
  const end = Math.max(...targets.map((t) => Date.parse(t.startedAt) + t.durationMs))
  return {
    format: TARGETS_FORMAT,
    verdict: input.verdict.verdict,
    problems: input.verdict.problems,
    causes: input.verdict.causes,
    selection: input.selection,
    startedAt: new Date(start).toISOString(),
    durationMs: end - start,
    targets,
  }
}

export function targetsVerdict(record: TargetsRecord): TargetsVerdict {
  const verdicts = record.targets.flatMap((t) => (t.deployment ? [[t.name, t.deployment] as const] : []))
  const worst = verdicts.reduce<DeploymentVerdict['verdict']>(
    (acc, [, v]) => (GRAVITY[v.verdict] > GRAVITY[acc] ? v.verdict : acc),
    record.verdict === 'failed' ? 'fail' : 'pass',
  )
  return {
    format: 'smokecheck-verdicts/1',
    verdict: worst,
    exitCode: record.verdict === 'failed' || verdicts.some(([, v]) => v.exitCode === 1) ? 1 : 0,
    targets: Object.fromEntries(verdicts),
  }
}

/** The whole run first (a verdict a service), then each target's own summary, the red ones first. */
export function renderTargetsSummary(record: TargetsRecord, env: NodeJS.ProcessEnv = process.env): string {
  const red = record.targets.filter((t) => t.verdict === 'failed')
  const headline =
    record.verdict === 'passed'
      ? `✅ **all passed**: ${record.targets.length} services and environments`
      : `❌ **failed**: ${red.length ? `${red.length} of ${record.targets.length} services and environments red: ${red.map((t) => t.name).join(', ')}` : cell(record.problems[0]?.message ?? 'see below')}`
  const rows = record.targets.map((t) => {
    const { passed, failed, skipped } = t.totals
    const mark = t.verdict === 'passed' ? '✅ passed' : '❌ failed'
    return `| ${t.service} | ${t.environment} | ${mark} | ${passed} passed, ${failed} failed, ${skipped} skipped | \`${cell(t.baseUrl)}\` | ${cell(t.problems[0]?.message ?? '')} |`
  })
  const outside = record.problems.filter((p) => !p.target).map((p) => `- ${cell(p.message)}`)
  const sections = record.targets.map((t) =>
    renderSummary(t, env)
      .replace(/^# smokecheck\n/, `## ${t.name}\n`)
      .replace(/^(#{2,}) /gm, (heading, hashes: string, offset: number) =>
        offset === 0 ? heading : `${hashes}# `,
      ),
  )
  return `${[
    '# smokecheck',
    '',
    headline,
    ...(outside.length ? ['', ...outside] : []),
    '',
    '| service | environment | verdict | checks | target | first problem |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    ...sections,
  ].join('\n')}`.replace(/\n{3,}/g, '\n\n')
}

/** What the console says of the whole, after each target's lines. */
export const describeTargets = (record: TargetsRecord) => [
  ...record.targets.map((t) => `smokecheck: ${t.name} ${t.verdict === 'passed' ? 'passed' : 'FAILED'}`),
  ...describeVerdict(record),
]
