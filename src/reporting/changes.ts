// "Did this deployment change anything?": this run against the one before it in the same
// environment. Checks that started failing or recovered, requests that got markedly slower,
// JSON bodies that changed shape, and the version the service reports.
import { z } from 'zod'
import { subjectOf } from '../http/describe.ts'
import { formatDuration } from '../http/duration.ts'
import type { ComparableRun } from './check-record.ts'

/**
 * Slower means both: this many times the earlier median, and at least SLOWER_MIN_MS more.
 * The floor keeps a few milliseconds of jitter on a fast endpoint from counting as a regression.
 */
const SLOWER_FACTOR = 1.5
export const SLOWER_MIN_MS = 50

export const Changes = z.object({
  baseline: z.object({
    startedAt: z.string(),
    baseUrl: z.string(),
    version: z.string().nullable(),
  }),
  version: z.object({ from: z.string().nullable(), to: z.string().nullable() }).nullable(),
  newlyFailing: z.array(z.object({ id: z.string(), errors: z.array(z.string()) })),
  recovered: z.array(z.string()),
  added: z.array(z.string()),
  removed: z.array(z.string()),
  slower: z.array(z.object({ request: z.string(), beforeMs: z.number(), nowMs: z.number() })),
  shape: z.array(z.object({ request: z.string(), added: z.array(z.string()), removed: z.array(z.string()) })),
})
export type Changes = z.infer<typeof Changes>

type Run = ComparableRun

/** `1.8.3 (9b2e4f7)`, `2.4.0` where the service names no commit, or null when the run did not ask. */
export const versionLabel = (run: Pick<Run, 'version'>) =>
  run.version
    ? `${run.version.version}${run.version.commit ? ` (${run.version.commit.slice(0, 7)})` : ''}`
    : null

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
}

/** Median time of each request that got an answer, and the p95 of each sample. */
function latencies(run: Run): Map<string, number> {
  const times = new Map<string, number[]>()
  const add = (key: string, ms: number) => times.set(key, [...(times.get(key) ?? []), ms])
  for (const check of run.checks) {
    for (const e of check.exchanges) if (e.status !== null) add(subjectOf(e), e.timings.attemptMs)
    for (const s of check.samples) if (s.latency) add(`${s.method} ${s.path} (p95 of ${s.n})`, s.latency.p95)
  }
  return new Map([...times].map(([key, values]) => [key, median(values)]))
}

/** Every path seen in the successful JSON answers to each request. */
function shapes(run: Run): Map<string, Set<string>> {
  const seen = new Map<string, Set<string>>()
  for (const e of run.checks.flatMap((c) => c.exchanges)) {
    if (!e.shape || e.status === null || e.status >= 300) continue
    const key = subjectOf(e)
    const set = seen.get(key) ?? new Set<string>()
    for (const path of e.shape) set.add(path)
    seen.set(key, set)
  }
  return seen
}

export function compareRuns(before: Run, now: Run): Changes {
  const earlier = new Map(before.checks.map((c) => [c.id, c]))
  const current = new Map(now.checks.map((c) => [c.id, c]))
  const latencyBefore = latencies(before)
  const shapesBefore = shapes(before)
  const from = versionLabel(before)
  const to = versionLabel(now)
  return {
    baseline: { startedAt: before.startedAt, baseUrl: before.baseUrl, version: from },
    // A run that did not ask /version (a filter, a shard) knows nothing to compare.
    version: from === null || to === null || from === to ? null : { from, to },
    newlyFailing: now.checks
      .filter((c) => c.state === 'failed' && earlier.get(c.id)?.state === 'passed')
      .map((c) => ({ id: c.id, errors: c.errors })),
    recovered: now.checks
      .filter((c) => c.state === 'passed' && earlier.get(c.id)?.state === 'failed')
      .map((c) => c.id),
    added: now.checks.filter((c) => !earlier.has(c.id)).map((c) => c.id),
    removed: before.checks.filter((c) => !current.has(c.id)).map((c) => c.id),
    slower: [...latencies(now)].flatMap(([request, nowMs]) => {
      const beforeMs = latencyBefore.get(request)
      if (beforeMs === undefined || nowMs < beforeMs * SLOWER_FACTOR || nowMs - beforeMs < SLOWER_MIN_MS)
        return []
      return [{ request, beforeMs, nowMs }]
    }),
    shape: [...shapes(now)].flatMap(([request, paths]) => {
      const old = shapesBefore.get(request)
      if (!old) return []
      const added = [...paths].filter((p) => !old.has(p))
      const removed = [...old].filter((p) => !paths.has(p))
      return added.length || removed.length ? [{ request, added, removed }] : []
    }),
  }
}

/** One line a change, in the order a reviewer cares: what broke first. Empty when nothing changed. */
export function describeChanges(changes: Changes): string[] {
  const lines: string[] = []
  if (changes.version)
    lines.push(`version: ${changes.version.from ?? 'unknown'} → ${changes.version.to ?? 'unknown'}`)
  for (const c of changes.newlyFailing)
    lines.push(`newly failing: ${c.id}${c.errors[0] ? ` (${c.errors[0]})` : ''}`)
  for (const id of changes.recovered) lines.push(`passing again: ${id}`)
  for (const s of changes.slower)
    lines.push(
      `slower: ${s.request} ${formatDuration(s.beforeMs)} → ${formatDuration(s.nowMs)} (${(s.nowMs / s.beforeMs).toFixed(1)}×)`,
    )
  for (const s of changes.shape) {
    const parts = [
      s.removed.length ? `no longer has ${s.removed.join(', ')}` : '',
      s.added.length ? `now has ${s.added.join(', ')}` : '',
    ].filter(Boolean)
    lines.push(`response shape of ${s.request}: ${parts.join('; ')}`)
  }
  lines.push(...few('new check', changes.added), ...few('not run this time', changes.removed))
  return lines
}

/** A run of a subset (another SMOKE_CHECKS) would otherwise list every other check. */
const FEW = 5

function few(label: string, ids: readonly string[]): string[] {
  const shown = ids.slice(0, FEW).map((id) => `${label}: ${id}`)
  return ids.length > FEW ? [...shown, `${label}: and ${ids.length - FEW} more`] : shown
}
