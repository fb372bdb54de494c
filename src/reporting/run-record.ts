// reports/run.json: smokecheck's own record of a run, every check with every HTTP exchange
// (already redacted by the time a reporter reads them), and what changed since the run
// before. It is the input of the next run's comparison, so it is validated when read back.
import { existsSync, readFileSync } from 'node:fs'
import { relative } from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import type { TestCase, TestModule } from 'vitest/node'
import { z } from 'zod'
import { ContractRecord } from '../contract/drift-record.ts'
import { pathOf } from '../http/describe.ts'
import { errorHeadline, errorStatement } from '../http/errors.ts'
import type { Exchange } from '../http/exchange.ts'
import type { Rollout } from '../runner/provided.ts'
import { readVersion, type VersionSource } from '../version/source.ts'
import { Changes } from './changes.ts'
import { CheckRecord, DeployedVersion } from './check-record.ts'
import { DeploymentVerdict } from './deployment.ts'
import { RequestComparison } from './request-verdict.ts'
import type { Selection } from './selection.ts'
import { codeOf, type ErrorLike, type Verdict } from './verdict.ts'

const RUN_RECORD_FORMAT = 'smokecheck-run/2'

const Problem = z.object({
  /** What kind of failure (src/reporting/verdict.ts): LOAD_FAILED, UNHANDLED_ERROR, NOTHING_SELECTED, … */
  code: z.string(),
  file: z.string().optional(),
  /** The service and environment it concerns (`api:staging`), in a run of several. */
  target: z.string().optional(),
  message: z.string(),
})

const SelectionRecord = z.object({
  /** A file filter, --tags-filter, -t, --shard, watch mode or the UI narrowed the run. */
  partial: z.boolean(),
  key: z.string(),
  description: z.string(),
})

export const RunRecord = z.object({
  format: z.literal(RUN_RECORD_FORMAT),
  /**
   * The run's one verdict, the same the exit code, the console, JUnit, the HTML report and GitHub
   * give: `passed` only when every selected check ran and passed and nothing failed outside them.
   */
  verdict: z.enum(['passed', 'failed']),
  /** Why the run failed, one sentence each; empty when it passed. */
  problems: z.array(Problem),
  /** Many checks failed by one cause: its code, how many checks, one of its messages. */
  causes: z.array(z.object({ code: z.string(), checks: z.number().int(), example: z.string() })),
  /** Which part of the suite ran. */
  selection: SelectionRecord,
  environment: z.string(),
  /** The service checked, in a suite of several; its Vitest project is `service:environment`. */
  service: z.string().optional(),
  baseUrl: z.string(),
  startedAt: z.iso.datetime(),
  durationMs: z.number(),
  /** The build the run was told to expect (SMOKE_EXPECTED_VERSION, _COMMIT), when it was told. */
  expected: DeployedVersion.optional(),
  /** The version and commit the service reported, when a check or the rollout gate asked. */
  version: DeployedVersion.nullable(),
  /** Why the expected version was not confirmed live; the run fails on it, whatever the checks did. */
  rolloutProblem: z.string().nullable().default(null),
  totals: z.object({
    passed: z.number().int(),
    failed: z.number().int(),
    skipped: z.number().int(),
  }),
  checks: z.array(CheckRecord),
  /** The contract's drift since the document the last full run kept; absent when the suite names no contract. */
  contract: ContractRecord.nullable().optional(),
  /** Against the run named in `baseline`; null when there was none to compare with. */
  changes: Changes.nullable(),
  /** The canary mode (SMOKE_BASELINE_URL): each sampled request, this base URL against the baseline's. */
  canary: z
    .object({ baselineUrl: z.string(), requests: z.array(RequestComparison) })
    .nullable()
    .default(null),
  /** The deployment's verdict for machines, as reports/verdict.json has it (docs/verdict.md). */
  deployment: DeploymentVerdict.nullable().default(null),
})
export type RunRecord = z.infer<typeof RunRecord>
/** A run as its checks left it, before it is compared with anything. */
export type BuiltRun = Omit<RunRecord, 'changes' | 'canary' | 'deployment'>

/** What a failed check's errors say in full, and the code of its cause, for the summary to group by. */
function failedBy(errors: readonly unknown[], exchanges: readonly Exchange[]) {
  const code = codeOf(errors[0] as ErrorLike | undefined) ?? exchanges.flatMap((e) => e.code ?? []).at(-1)
  return {
    statements: errors.map((e) => stripVTControlCharacters(errorStatement(e))),
    ...(code ? { code } : {}),
  }
}

export function checkRecord(test: TestCase, root: string): CheckRecord {
  const result = test.result()
  const meta = test.meta()
  const file = relative(root, test.module.moduleId)
  return {
    id: `${file} > ${test.fullName}`,
    file,
    name: test.fullName,
    tags: [...test.tags],
    state: result.state,
    durationMs: test.diagnostic()?.duration ?? null,
    errors: result.state === 'failed' ? (result.errors ?? []).map(errorHeadline) : [],
    ...(result.state === 'failed' ? failedBy(result.errors ?? [], meta.exchanges ?? []) : {}),
    skipReason: result.state === 'skipped' ? result.note : undefined,
    warnings: test
      .annotations()
      .filter((a) => a.type === 'warning')
      .map((a) => a.message),
    exchanges: meta.exchanges ?? [],
    samples: meta.samples ?? [],
  }
}

/** The build the service named during the run: the rollout gate's answer, or a check's look at the version source. */
function versionSeen(
  checks: readonly CheckRecord[],
  rollout: Rollout | undefined,
  source: VersionSource | undefined,
): DeployedVersion | null {
  if (rollout?.state === 'live') return DeployedVersion.parse(rollout)
  if (!source) return null
  for (const exchange of checks.flatMap((c) => c.exchanges)) {
    if (
      exchange.method !== 'GET' ||
      exchange.status !== 200 ||
      pathOf(exchange).split('?')[0] !== source.path
    )
      continue
    // A truncated excerpt is no JSON and reads as no version.
    const read = readVersion({ headers: exchange.responseHeaders, body: exchange.bodyExcerpt }, source)
    if (read.ok) return DeployedVersion.parse(read.seen)
  }
  return null
}

export function buildRunRecord(input: {
  modules: readonly TestModule[]
  root: string
  environment: string
  baseUrl: string
  startedAt: Date
  durationMs: number
  rollout: Rollout | undefined
  versionSource: VersionSource | undefined
  expected?: DeployedVersion | undefined
  verdict: Verdict
  selection: Selection
  contract?: ContractRecord | null
}): BuiltRun {
  const checks = input.modules.flatMap((m) =>
    [...m.children.allTests()].map((t) => checkRecord(t, input.root)),
  )
  const count = (state: CheckRecord['state']) => checks.filter((c) => c.state === state).length
  return {
    format: RUN_RECORD_FORMAT,
    ...input.verdict,
    selection: input.selection,
    environment: input.environment,
    baseUrl: input.baseUrl,
    startedAt: input.startedAt.toISOString(),
    durationMs: input.durationMs,
    ...(input.expected ? { expected: input.expected } : {}),
    version: versionSeen(checks, input.rollout, input.versionSource),
    rolloutProblem: input.rollout?.state === 'not_live' ? input.rollout.reason : null,
    totals: { passed: count('passed'), failed: count('failed'), skipped: count('skipped') },
    checks,
    contract: input.contract ?? null,
  }
}

/** The earlier run to compare with, or why there is none. */
export function readBaseline(
  path: string,
  environment: string,
  named: boolean,
): { run?: RunRecord; note: string } {
  const what = named ? `SMOKE_BASELINE ${path}` : `the last run's ${path}`
  if (!existsSync(path))
    return { note: `no earlier run at ${path}${named ? ' (SMOKE_BASELINE)' : ''}: nothing to compare with` }
  let data: unknown
  try {
    data = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    return { note: `${what} is not JSON (${(error as Error).message}): nothing compared` }
  }
  const parsed = RunRecord.safeParse(data)
  if (!parsed.success)
    return {
      note: `${what} is not a ${RUN_RECORD_FORMAT} record (${z.prettifyError(parsed.error).split('\n').slice(0, 2).join(' ')}): nothing compared`,
    }
  if (parsed.data.environment !== environment)
    return {
      note: `${what} is a run of ${parsed.data.environment}, not of ${environment}: nothing compared`,
    }
  return { run: parsed.data, note: `compared with ${path} (the run of ${parsed.data.startedAt})` }
}
