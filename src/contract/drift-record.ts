// The contract's drift between deploys as data: what the global setup found (ContractDrift, handed
// to the checks), what the run record keeps (ContractRecord), the document kept for the next run,
// and the lines the console, summary.md and a failing check say it in. Breaking drift is judged by a
// check tagged `contract` (toHaveNoUnannouncedBreakingChange), whose failure makes the run red like
// any other; every output says it in these same words. Light on purpose: the run record loads it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { HISTORY } from '../config/defaults.ts'
import { redact } from '../redaction/redact.ts'
import type { Drift } from './drift.ts'

/** The service's OpenAPI document against the one kept by the last full run (src/contract/kept.ts). */
export const ContractRecord = z.object({
  /** What was compared with what, or why nothing was. */
  note: z.string(),
  /** `info.version` of the kept document and the run that kept it; null when nothing was compared. */
  before: z.object({ version: z.string(), startedAt: z.string() }).nullable(),
  /** `info.version` of this run's document; null when it could not be read. */
  after: z.object({ version: z.string() }).nullable(),
  /** Breaking first, each with the operation and where in it (`200 items[].author`, `query limit`). */
  changes: z.array(
    z.object({
      kind: z.enum(['breaking', 'non-breaking', 'informational']),
      says: z.string(),
      operation: z.string().optional(),
      path: z.string().optional(),
    }),
  ),
  /** The breaking changes come with a new major version of the document: a check tagged contract lets them pass. */
  announced: z.boolean(),
})
export type ContractRecord = z.infer<typeof ContractRecord>

/** What the run knows of the contract's drift: provided to the checks and the run record. */
export type ContractDrift =
  | { state: 'off' }
  | { state: 'unavailable'; note: string }
  | {
      state: 'first' | 'compared'
      note: string
      /** The document as read this run (bundled): what the next run compares with. */
      document: Record<string, unknown>
      /** The kept document's run and version; absent on the first. */
      before?: { version: string; startedAt: string }
      after: { version: string }
      changes: Drift[]
      /** The breaking changes come with a new major version (a new minor one before 1.0). */
      announced: boolean
    }

/** "2.0.0" after "1.4.2" announces a breaking change; so does "0.5.0" after "0.4.9". */
export function announcesBreaking(before: string, after: string): boolean {
  const parse = (v: string) =>
    v
      .match(/^v?(\d+)\.(\d+)/)
      ?.slice(1)
      .map(Number)
  const [was, now] = [parse(before), parse(after)]
  if (!was || !now) return false
  const [major = 0, minor = 0] = was
  const [nextMajor = 0, nextMinor = 0] = now
  return nextMajor > major || (major === 0 && nextMajor === 0 && nextMinor > minor)
}

export function readKept(path: string, environment: string): { kept?: Kept; note: string } {
  if (!existsSync(path)) return { note: `no document kept at ${path}: nothing compared` }
  try {
    const kept = JSON.parse(readFileSync(path, 'utf8')) as Kept
    if (kept.format !== KEPT_FORMAT || typeof kept.document !== 'object')
      return { note: `${path} is not a ${KEPT_FORMAT} document: nothing compared` }
    if (kept.environment !== environment)
      return {
        note: `${path} is the document of ${kept.environment}, not of ${environment}: nothing compared`,
      }
    return { kept, note: `compared with the document kept at ${path} (the run of ${kept.startedAt})` }
  } catch (error) {
    return { note: `${path} could not be read (${(error as Error).message}): nothing compared` }
  }
}

/** The document the last full run read, beside its record in history/. */
export const KEPT = 'contract.json'
export const KEPT_FORMAT = 'smokecheck-contract/1'

export interface Kept {
  format: typeof KEPT_FORMAT
  environment: string
  startedAt: string
  version: string
  document: Record<string, unknown>
}

/** Keeps this run's document for the next run; the caller decides whether this run may (a full one). */
export function keepContract(
  drift: ContractDrift,
  reportsDir: string,
  environment: string,
  startedAt: string,
): void {
  if (drift.state !== 'first' && drift.state !== 'compared') return
  const kept: Kept = {
    format: KEPT_FORMAT,
    environment,
    startedAt,
    version: drift.after.version,
    document: drift.document,
  }
  mkdirSync(join(reportsDir, HISTORY), { recursive: true })
  writeFileSync(join(reportsDir, HISTORY, KEPT), redact(JSON.stringify(kept, null, 2)))
}

export function contractRecordOf(drift: ContractDrift | undefined): ContractRecord | null {
  if (!drift || drift.state === 'off') return null
  if (drift.state === 'unavailable')
    return { note: drift.note, before: null, after: null, changes: [], announced: false }
  const { note, before, after, changes, announced } = drift
  return { note, before: before ?? null, after, changes, announced }
}

/**
 * Whether a check tagged `contract` ran to judge the drift: only then do unannounced breaking
 * changes make the run red, and the summary must not say they do when none ran.
 */
export const judgedByACheck = (checks: readonly { tags: readonly string[]; state: string }[]) =>
  checks.some((c) => c.tags.includes('contract') && (c.state === 'passed' || c.state === 'failed'))

/** What the breaking changes mean for the run: the one sentence every output uses. */
export function breakingVerdict(
  record: Pick<ContractRecord, 'before' | 'after' | 'changes' | 'announced'>,
  judged = true,
) {
  const breaking = record.changes.filter((c) => c.kind === 'breaking').length
  if (breaking === 0) return undefined
  const versions = `info.version ${record.before?.version} → ${record.after?.version}`
  const count = `${breaking} breaking change${breaking === 1 ? '' : 's'}`
  if (record.announced) return `${count}, announced by a new major version (${versions})`
  const unannounced = `${count} the deploy did not announce (${versions}, not a new major version)`
  return judged
    ? `${unannounced}: a check tagged contract fails on them`
    : `${unannounced}: a warning, as no check tagged contract ran to judge them`
}

/** The drift in lines: what was compared, then one line a change, breaking first. */
export function describeContract(record: ContractRecord, judged = true): string[] {
  const verdict = breakingVerdict(record, judged)
  const head =
    record.before && record.changes.length === 0
      ? `${record.note}: no drift (info.version ${record.before.version} → ${record.after?.version})`
      : record.note
  return [
    head,
    ...(verdict ? [verdict] : []),
    ...record.changes.map((change) => `${change.kind}: ${change.says}`),
  ]
}
