// The run's one verdict. A run is green only when every selected check ran and passed and nothing
// went wrong outside a check: a file that did not load, an error nobody awaited, a selection
// that matched nothing, a rollout that never went live, a fleet answering with another build,
// a report that could not be written. Every output (console, summary.md, run.json, JUnit, the
// HTML report, GitHub's annotations, the exit code) is told this verdict rather than judging
// for itself, so none of them can call green what another calls red.
//
// Plain data, no schema library: the verdict reporter loads with vitest.config.ts.
import { stripVTControlCharacters } from 'node:util'

export type ProblemCode =
  /** A check file could not be loaded: a syntax error, its top level threw, an undeclared tag. */
  | 'LOAD_FAILED'
  /** An error no check awaited, or one Vitest raised outside any check. */
  | 'UNHANDLED_ERROR'
  /** The selection (files, tags, names, shard) matched no check. */
  | 'NOTHING_SELECTED'
  /** The expected version was not confirmed live before the checks. */
  | 'ROLLOUT_NOT_LIVE'
  /** Responses during the run named another build than the expected one. */
  | 'VERSION_MISMATCH'
  /** One of the run's reports could not be written. */
  | 'REPORT_NOT_WRITTEN'
  /** A report merged from shards lacks one of them. */
  | 'SHARD_MISSING'
  /** The shards of a merged report checked different targets, environments or builds. */
  | 'SHARDS_DISAGREE'
  /** Checks failed (their own messages are in the record). */
  | 'CHECKS_FAILED'
  /** A request got worse than its baseline, significantly and past the floors (SMOKE_COMPARE_GATE=fail). */
  | 'COMPARISON_WORSE'

export interface Problem {
  code: ProblemCode
  /** The check file it concerns, relative to the root, when there is one. */
  file?: string | undefined
  /** The service and environment it concerns (`api:staging`), in a run of several. */
  target?: string | undefined
  /** One sentence naming the file (when there is one) and the error. */
  message: string
}

/** Many checks broken by one cause (§6): the cause's code, how many it broke, one of its messages. */
export interface Cause {
  code: string
  checks: number
  example: string
}

export interface Verdict {
  verdict: 'passed' | 'failed'
  problems: Problem[]
  causes: Cause[]
}

/**
 * The sentence that names the cause, without colour codes. When it ends by announcing a list (a
 * schema's issues, the tags that exist), the list comes along on the same line.
 */
export function sentenceOf(message: string): string {
  const lines = stripVTControlCharacters(message)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
  const [first = '', ...rest] = lines
  if (!first.endsWith(':')) return first
  const items: string[] = []
  for (const line of rest) {
    if (items.length && !line.startsWith('-') && !line.startsWith('→')) break
    items.push(line.replace(/^- /, ''))
    if (items.length === 5) break
  }
  return [first, items.join('; ')].filter(Boolean).join(' ')
}

/** What an error says of its cause, as Vitest hands it to reporters (serialised). */
export interface ErrorLike {
  message?: unknown
  code?: unknown
  /** Set by Vitest on an unhandled error: the file that was running. */
  VITEST_TEST_PATH?: unknown
  VITEST_TEST_NAME?: unknown
  /** Vitest's kind of unhandled error: `Unhandled Rejection`, `Test Run Error`, … */
  type?: unknown
  /** A SmokeError serialises its code here (src/http/errors.ts, toJSON). */
  cause?: unknown
}

/** The stable code of an error, as it reaches a reporter: its own `code`, or a SmokeError's serialised one. */
export function codeOf(error: ErrorLike | undefined): string | undefined {
  if (typeof error?.code === 'string') return error.code
  return typeof error?.cause === 'string' ? error.cause : undefined
}

const messageOf = (error: ErrorLike) =>
  sentenceOf(typeof error.message === 'string' ? error.message : String(error))

export function loadProblem(file: string, error: ErrorLike): Problem {
  return { code: 'LOAD_FAILED', file, message: `${file} could not be loaded: ${messageOf(error)}` }
}

/**
 * One problem per distinct unhandled error: Vitest raises an error in the tags filter once per
 * worker and file, and thirteen copies of one sentence hide the others.
 */
export function unhandledProblems(
  errors: readonly ErrorLike[],
  relativeTo: (path: string) => string,
): Problem[] {
  const seen = new Map<string, { problem: Problem; times: number }>()
  for (const error of errors) {
    const file = typeof error.VITEST_TEST_PATH === 'string' ? relativeTo(error.VITEST_TEST_PATH) : undefined
    const during =
      typeof error.VITEST_TEST_NAME === 'string'
        ? ` in ${file} > ${error.VITEST_TEST_NAME}`
        : file
          ? ` while ${file} ran`
          : ''
    const what = /rejection/i.test(String(error.type))
      ? 'an error nobody awaited'
      : 'an error outside any check'
    const message = `${what}${during}: ${messageOf(error)}`
    const entry = seen.get(message)
    if (entry) entry.times += 1
    else seen.set(message, { problem: { code: 'UNHANDLED_ERROR', file, message }, times: 1 })
  }
  return [...seen.values()].map(({ problem, times }) =>
    times > 1 ? { ...problem, message: `${problem.message} (${times} times)` } : problem,
  )
}

/** Why a check was skipped: its own reason, or none given (a filter left it out, a static skip). */
export const skipReasonOf = (note: string | undefined) => note || 'not selected in this run'

export interface FailedCheck {
  id: string
  /** The first error's code, when it has one (`error.code`). */
  errorCode?: string | undefined
  /** The code of the check's last failed exchange, when it made one. */
  exchangeCode?: string | undefined
  /** The first error's sentence. */
  message: string
}

/** How many checks fail together before their shared cause leads the report. */
export const MANY = 2

/**
 * Failed checks grouped by the stable code of what failed them, largest group first. Grouped by
 * code, never by message: two refusals from different ports are one cause.
 */
export function causesOf(failed: readonly FailedCheck[]): Cause[] {
  const groups = new Map<string, FailedCheck[]>()
  for (const check of failed) {
    const code = check.errorCode ?? check.exchangeCode
    if (!code) continue
    groups.set(code, [...(groups.get(code) ?? []), check])
  }
  return [...groups]
    .filter(([, checks]) => checks.length >= MANY)
    .map(([code, checks]) => ({ code, checks: checks.length, example: checks[0]?.message ?? '' }))
    .sort((a, b) => b.checks - a.checks)
}

export function verdictOf(problems: readonly Problem[], causes: readonly Cause[] = []): Verdict {
  return { verdict: problems.length ? 'failed' : 'passed', problems: [...problems], causes: [...causes] }
}

/** `12 checks failed with ECONNREFUSED: GET /health failed: connection refused …`. */
export const causeLine = (cause: Cause) =>
  `${cause.checks} checks failed with ${cause.code}: ${cause.example}`

/** The verdict in lines, as the console ends with it: the causes of many failures first. */
export function describeVerdict(verdict: {
  verdict: Verdict['verdict']
  problems: readonly { message: string }[]
  causes: readonly Cause[]
}): string[] {
  if (verdict.verdict === 'passed') return ['smokecheck: ✅ the run passed']
  return [
    `smokecheck: ❌ the run failed: ${verdict.problems.map((p) => p.message).join('; ')}`,
    ...verdict.causes.map((cause) => `  cause: ${causeLine(cause)}`),
  ]
}
