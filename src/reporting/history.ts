// The earlier runs a run is compared with. Only like runs are compared: the record of the whole
// suite (history/full.json, or SMOKE_BASELINE) is written by full runs only, and a partial run
// (history/partial-<selection>.json) is compared check by check with the latest earlier run
// that ran each of its checks, whichever selection that was.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { redact } from '../redaction/redact.ts'
import type { ComparableRun } from './check-record.ts'
import { HISTORY } from './outputs.ts'
import { type BuiltRun, type RunRecord, readBaseline } from './run-record.ts'

export interface Baseline {
  run?: ComparableRun
  /** Compared check by check: nothing is said of checks this run did not select. */
  checkByCheck: boolean
  note: string
}

const ran = (state: string) => state === 'passed' || state === 'failed'

function historyOf(dir: string, environment: string): RunRecord[] {
  const folder = join(dir, HISTORY)
  if (!existsSync(folder)) return []
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .flatMap((name) => readBaseline(join(folder, name), environment, false).run ?? [])
}

/** Each check of `now` as the latest earlier run that ran it saw it. */
function checkByCheck(now: ComparableRun, earlier: RunRecord[]): ComparableRun | undefined {
  const newest = [...earlier].sort((a, b) => b.startedAt.localeCompare(a.startedAt))
  const checks = now.checks.flatMap((check) => {
    const found = newest.flatMap((run) => run.checks).find((c) => c.id === check.id && ran(c.state))
    return found ?? []
  })
  const latest = newest[0]
  if (!latest) return undefined
  const full = newest.find((run) => !run.selection.partial)
  return { startedAt: latest.startedAt, baseUrl: latest.baseUrl, version: (full ?? latest).version, checks }
}

export function baselineFor(now: BuiltRun, dir: string, named: string | undefined): Baseline {
  const full = named ?? join(dir, HISTORY, 'full.json')
  const read = readBaseline(full, now.environment, Boolean(named))
  if (!now.selection.partial && read.run && !read.run.selection.partial)
    return { ...read, checkByCheck: false }
  const earlier = [...(read.run ? [read.run] : []), ...historyOf(dir, now.environment)]
  const run = checkByCheck(now, earlier)
  if (!run) return { note: read.note, checkByCheck: true }
  const why = now.selection.partial ? `a partial run (${now.selection.description})` : 'the whole suite'
  return {
    run,
    checkByCheck: true,
    note: `${why}: compared check by check with the latest earlier run that ran each check (the newest of ${run.startedAt})`,
  }
}

/** A run that loaded only part of its files, ran nothing, or merged shards that were missing or did not agree. */
const INCOMPLETE = ['LOAD_FAILED', 'NOTHING_SELECTED', 'SHARD_MISSING', 'SHARDS_DISAGREE']

/** Whether the run may be a baseline: an incomplete one is no baseline of anything. */
export const keepable = (record: RunRecord) => !record.problems.some((p) => INCOMPLETE.includes(p.code))

/**
 * Keeps the record as its selection's latest, for the next run: a full run as the baseline of the
 * whole suite. A run that loaded only part of its files, ran nothing, or merged shards that were
 * missing or did not agree is no baseline of anything.
 */
export function keep(record: RunRecord, dir: string): void {
  if (!keepable(record)) return
  const folder = join(dir, HISTORY)
  mkdirSync(folder, { recursive: true })
  writeFileSync(join(folder, `${record.selection.key}.json`), redact(JSON.stringify(record, null, 2)))
}
