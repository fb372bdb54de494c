// "Did this deployment change anything?": this run against the earlier runs like it in the same
// environment. Checks that started failing or recovered, requests judged against the recent green
// runs' samples (request-verdict.ts: significant and large enough, or nothing), JSON bodies that
// changed shape, and the version the service reports.
import { z } from 'zod'
import { subjectOf } from '../http/describe.ts'
import { compareShapes } from '../http/shape.ts'
import type { ComparableRun } from './check-record.ts'
import type { ByRequest } from './observations.ts'
import { type Floors, judgeRequest, RequestComparison } from './request-verdict.ts'

export const ShapeChange = z.object({
  request: z.string(),
  /** New fields: informational, no reader breaks on a field it does not know. */
  added: z.array(z.string()),
  /** Fields that are gone: a change. */
  removed: z.array(z.string()),
  /** Fields whose type changed: a change. */
  retyped: z.array(z.object({ path: z.string(), from: z.array(z.string()), to: z.array(z.string()) })),
  /** A field removed or retyped: something a reader of the body may break on. */
  change: z.boolean(),
})
export type ShapeChange = z.infer<typeof ShapeChange>

export const Changes = z.object({
  baseline: z.object({
    startedAt: z.string(),
    baseUrl: z.string(),
    version: z.string().nullable(),
  }),
  /** What the requests were judged against: `the 5 green runs since …`, or the named run. */
  requestsBaseline: z.string(),
  version: z.object({ from: z.string().nullable(), to: z.string().nullable() }).nullable(),
  newlyFailing: z.array(z.object({ id: z.string(), errors: z.array(z.string()) })),
  recovered: z.array(z.string()),
  added: z.array(z.string()),
  removed: z.array(z.string()),
  /** Every request both this run and the baseline saw, with its verdict. */
  requests: z.array(RequestComparison),
  shape: z.array(ShapeChange),
})
export type Changes = z.infer<typeof Changes>

type Run = ComparableRun

/** `1.8.3 (9b2e4f7)`, `2.4.0` where the service names no commit, or null when the run did not ask. */
export const versionLabel = (run: Pick<Run, 'version'>) =>
  run.version
    ? `${run.version.version}${run.version.commit ? ` (${run.version.commit.slice(0, 7)})` : ''}`
    : null

/** Every path seen in the successful JSON answers to each request. */
function shapes(run: Run): Map<string, string[]> {
  const seen = new Map<string, Set<string>>()
  for (const e of run.checks.flatMap((c) => c.exchanges)) {
    if (!e.shape || e.status === null || e.status >= 300) continue
    const key = subjectOf(e)
    const set = seen.get(key) ?? new Set<string>()
    for (const path of e.shape) set.add(path)
    seen.set(key, set)
  }
  return new Map([...seen].map(([key, paths]) => [key, [...paths]]))
}

/** Each request of `now` judged against what the baseline saw of it. */
export function judgeRequests(before: ByRequest, now: ByRequest, floors: Floors): RequestComparison[] {
  return [...now].flatMap(([request, seen]) => {
    const earlier = before.get(request)
    return earlier ? [judgeRequest(request, earlier, seen, floors)] : []
  })
}

export function compareRuns(
  before: Run,
  now: Run,
  requests: { description: string; requests: RequestComparison[] },
): Changes {
  const earlier = new Map(before.checks.map((c) => [c.id, c]))
  const current = new Map(now.checks.map((c) => [c.id, c]))
  const shapesBefore = shapes(before)
  const from = versionLabel(before)
  const to = versionLabel(now)
  return {
    baseline: { startedAt: before.startedAt, baseUrl: before.baseUrl, version: from },
    requestsBaseline: requests.description,
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
    requests: requests.requests,
    shape: [...shapes(now)].flatMap(([request, paths]) => {
      const old = shapesBefore.get(request)
      if (!old) return []
      const diff = compareShapes(old, paths)
      const change = diff.removed.length > 0 || diff.retyped.length > 0
      return change || diff.added.length ? [{ request, ...diff, change }] : []
    }),
  }
}

/**
 * One finding of the comparison, for a reader: `kind` says what it is, so that a report can group
 * them (the requests that got slower as one table) without reading the text.
 */
export interface ChangeItem {
  kind:
    | 'version'
    | 'newly-failing'
    | 'recovered'
    | 'worse'
    | 'marginal'
    | 'better'
    | 'shape-change'
    | 'shape-info'
    | 'new-check'
    | 'not-run'
  text: string
  /** The request's figures and evidence, for the worse, marginal and better kinds. */
  request?: RequestComparison
}

function shapeText(s: ShapeChange): string {
  const parts = [
    s.removed.length ? `no longer has ${s.removed.join(', ')}` : '',
    s.retyped.length
      ? `changed type: ${s.retyped.map((r) => `${r.path} ${r.from.join('|')} → ${r.to.join('|')}`).join(', ')}`
      : '',
    s.added.length ? `now has ${s.added.join(', ')}` : '',
  ].filter(Boolean)
  return `response shape of ${s.request}: ${parts.join('; ')}${s.change ? '' : ' (new fields only: informational)'}`
}

/** Requests with a verdict other than unchanged, of the given kind. */
export function requestItems(
  requests: readonly RequestComparison[],
  kind: 'worse' | 'marginal' | 'better',
): ChangeItem[] {
  return requests.filter((r) => r.verdict === kind).map((r) => ({ kind, text: r.reason, request: r }))
}

/** The findings in the order a reviewer cares: what broke first. Empty when nothing changed. */
export function changeItems(changes: Changes): ChangeItem[] {
  const items: ChangeItem[] = []
  if (changes.version)
    items.push({
      kind: 'version',
      text: `version: ${changes.version.from ?? 'unknown'} → ${changes.version.to ?? 'unknown'}`,
    })
  for (const c of changes.newlyFailing)
    items.push({
      kind: 'newly-failing',
      text: `newly failing: ${c.id}${c.errors[0] ? ` (${c.errors[0]})` : ''}`,
    })
  for (const id of changes.recovered) items.push({ kind: 'recovered', text: `passing again: ${id}` })
  for (const kind of ['worse', 'marginal', 'better'] as const)
    items.push(...requestItems(changes.requests, kind))
  for (const s of [...changes.shape].sort((a, b) => Number(b.change) - Number(a.change)))
    items.push({ kind: s.change ? 'shape-change' : 'shape-info', text: shapeText(s) })
  items.push(
    ...few('new-check', 'new check', changes.added),
    ...few('not-run', 'not run this time', changes.removed),
  )
  return items
}

/** The canary mode's findings: a headline, then the requests that changed, gravest first. */
export function canaryItems(canary: { baselineUrl: string; requests: readonly RequestComparison[] }): {
  headline: string
  items: ChangeItem[]
} {
  const items = (['worse', 'marginal', 'better'] as const).flatMap((kind) =>
    requestItems(canary.requests, kind),
  )
  const n = canary.requests.length
  return {
    headline: `against the baseline ${canary.baselineUrl}: ${n} sampled request${n === 1 ? '' : 's'} compared${items.length ? '' : ', nothing changed'}`,
    items,
  }
}

/** One line a finding. */
export const describeChanges = (changes: Changes): string[] => changeItems(changes).map((item) => item.text)

/** A run of a subset (another SMOKE_CHECKS) would otherwise list every other check. */
const FEW = 5

function few(kind: 'new-check' | 'not-run', label: string, ids: readonly string[]): ChangeItem[] {
  const shown = ids.slice(0, FEW).map((id) => ({ kind, text: `${label}: ${id}` }))
  return ids.length > FEW ? [...shown, { kind, text: `${label}: and ${ids.length - FEW} more` }] : shown
}
