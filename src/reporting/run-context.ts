// Which run a check file's results came from, written into the file's meta as the run ends, before
// the blob reporter serializes it. A report merged from shards (`vitest --merge-reports`) runs no
// global setup of its own: it reads the environment, the target, the expected build and the
// rollout from here, and which shards it holds, so a shard that never reported makes it red.
import type { TestModule } from 'vitest/node'
import type { ContractDrift } from '../contract/drift-record.ts'
import type { ProvidedConfig, Rollout } from '../runner/provided.ts'
import type { Problem } from './verdict.ts'

/** What the run record and the verdict read of the run's settings. */
export type RunConfig = Pick<
  ProvidedConfig,
  | 'environment'
  | 'service'
  | 'baseUrl'
  | 'versionSource'
  | 'buildHeader'
  | 'expectedVersion'
  | 'expectedCommit'
  | 'baseline'
  | 'baselineUrl'
  | 'comparison'
>

export interface RunContext {
  config: RunConfig | undefined
  rollout: Rollout | undefined
  /** The contract's drift since the kept document, as the global setup judged it. */
  contractDrift?: ContractDrift | undefined
  /** The CI run (GitHub's run id, GitLab's pipeline id) that ran it: shards of one run share it. */
  ciRun?: string | undefined
  /** `--shard=index/count`, when the run was one shard of the suite. */
  shard: { index: number; count: number } | undefined
  /** What else narrowed the run (a file filter, --tags-filter, -t), as the user typed it. */
  filters: string[]
  startedAt: string
  durationMs: number
}

declare module 'vitest' {
  interface TaskMeta {
    /** The run the file's results came from (a shard's, in a merged report). */
    smokecheckRun?: RunContext
  }
}

export function stampRun(modules: readonly TestModule[], context: RunContext): void {
  for (const module of modules) module.meta().smokecheckRun = context
}

const same = (a: RunConfig | undefined, b: RunConfig | undefined) =>
  a?.environment === b?.environment &&
  a?.baseUrl === b?.baseUrl &&
  a?.expectedVersion === b?.expectedVersion &&
  a?.expectedCommit === b?.expectedCommit

const runsOf = (modules: readonly TestModule[]) => [
  ...new Map(
    modules.flatMap((m) => m.meta().smokecheckRun ?? []).map((run) => [JSON.stringify(run), run]),
  ).values(),
]

/**
 * Whether a merged report holds every shard: judged over every check file of the run, since a
 * service's files may all fall into one shard.
 */
export function missingShards(modules: readonly TestModule[]): Problem[] {
  const runs = runsOf(modules)
  if (runs.length === 0) return []
  const counts = new Set(runs.map((run) => run.shard?.count ?? 1))
  const count = Math.max(...counts)
  const held = new Set(runs.map((run) => run.shard?.index ?? 1))
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !held.has(index))
  const problems: Problem[] = []
  if (missing.length || counts.size > 1)
    problems.push({
      code: 'SHARD_MISSING',
      message: `the merged report holds shard${held.size === 1 ? '' : 's'} ${[...held].sort().join(', ')} of ${count}: ${missing.length ? `shard ${missing.join(', ')} never reported` : `the shards were cut ${[...counts].join(' and ')} ways`}`,
    })
  // A blob left over from an earlier run would otherwise stand in for a shard that never reported.
  const ciRuns = new Set(runs.flatMap((run) => run.ciRun ?? []))
  if (ciRuns.size > 1)
    problems.push({
      code: 'SHARDS_DISAGREE',
      message: `the merged shards come from different CI runs (${[...ciRuns].join(', ')}): a blob of an earlier run is among them`,
    })
  return problems
}

/** The runs of one target a merged report holds, as one: the first shard's settings, the whole span of time. */
export function mergedRun(modules: readonly TestModule[]): {
  context: RunContext | undefined
  problems: Problem[]
} {
  const runs = runsOf(modules)
  const [first] = runs
  if (!first) return { context: undefined, problems: [] }
  const problems: Problem[] = []
  const other = runs.find((run) => !same(run.config, first.config))
  if (other)
    problems.push({
      code: 'SHARDS_DISAGREE',
      message: `the merged shards did not check the same thing: ${describe(first)}, but ${describe(other)}`,
    })
  const start = Math.min(...runs.map((run) => Date.parse(run.startedAt)))
  const end = Math.max(...runs.map((run) => Date.parse(run.startedAt) + run.durationMs))
  return {
    context: {
      ...first,
      rollout: runs.find((run) => run.rollout?.state === 'not_live')?.rollout ?? first.rollout,
      shard: undefined,
      filters: [...new Set(runs.flatMap((run) => run.filters))],
      startedAt: new Date(start).toISOString(),
      durationMs: end - start,
    },
    problems,
  }
}

function describe(run: RunContext): string {
  const { config, shard } = run
  const expected = config?.expectedVersion ? ` expecting ${config.expectedVersion}` : ''
  return `${shard ? `shard ${shard.index}/${shard.count}` : 'a run'} checked ${config?.baseUrl || 'nothing'} (${config?.environment ?? 'no environment'})${expected}`
}
