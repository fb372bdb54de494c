// reports/summary.md: the run on one page, for the GitHub job summary and for a reviewer who
// has only the artifact. smokecheck's story first: the verdict, what was checked (target,
// environment, expected → served version), the one set of totals, how long it took and where the
// run's reports are. Then what changed since the previous run, one line per cause and the slower
// requests as one table; each failure with everything it states (a schema's every issue) and a
// reproduction; the warnings, what was not checked and why, and the slowest requests.
import { describeContract, judgedByACheck } from '../contract/drift-record.ts'
import { outcomeOf } from '../http/describe.ts'
import { formatDuration } from '../http/duration.ts'
import { type Changes, canaryItems, changeItems, versionLabel } from './changes.ts'
import type { CheckRecord } from './check-record.ts'
import { ciRunUrl } from './ci-run.ts'
import type { RunRecord } from './run-record.ts'
import { skipReasonOf } from './verdict.ts'

const SLOWEST = 5
/** Checks named on one line; a filtered run skips most of the suite. */
const NAMED = 5

/** Markdown table cells: a pipe or a line break would end the cell. */
export const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ')

/** `a, b, c, and 4 more`. */
function named(items: readonly string[]): string {
  const more = items.length > NAMED ? `, and ${items.length - NAMED} more` : ''
  return `${items.slice(0, NAMED).map(cell).join(', ')}${more}`
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/** `expected 1.8.3 → serving 1.8.3 (9b2e4f7)`, or what of it the run knows. */
function versions(run: RunRecord): string {
  const label = versionLabel(run)
  const served = label ? `serving ${label}` : 'no version seen'
  const expected = run.expected ? versionLabel({ version: run.expected }) : null
  return expected ? `expected ${expected} → ${served}` : `${served} (no version expected)`
}

/** The verdict first, as every other output gives it, then what was checked: the run's story. */
function story(run: RunRecord, env: NodeJS.ProcessEnv): string[] {
  const { passed, failed, skipped } = run.totals
  // The one set of totals: on the verdict's line when all passed, in the table otherwise.
  const counts = `${passed} passed, ${failed} failed, ${skipped} skipped, of ${passed + failed + skipped}`
  const [first, ...more] = run.problems
  const verdict =
    run.verdict === 'passed'
      ? [`✅ **all passed**: ${counts}`]
      : [`❌ **failed**: ${cell(first?.message ?? 'see below')}`, ...more.map((p) => `- ${cell(p.message)}`)]
  const partial = run.selection.partial
    ? [`Partial run: ${cell(run.selection.description)}; the baseline of the whole suite is kept.`]
    : []
  const reports = ciRunUrl(env)
  const rows: [string, string][] = [
    ['target', run.baseUrl ? `\`${run.baseUrl}\`` : 'not known (the run stopped before its setup)'],
    ['environment', run.environment],
    ['version', versions(run)],
    ...(run.verdict === 'passed' ? [] : [['checks', counts] as [string, string]]),
    ['duration', `${(run.durationMs / 1000).toFixed(1)} s`],
    ...(reports
      ? [['reports', `[the artifacts of this workflow run](${reports}#artifacts)`] as [string, string]]
      : []),
  ]
  return [
    ...verdict,
    ...partial,
    '',
    '| run | |',
    '| --- | --- |',
    ...rows.map(([name, value]) => `| ${name} | ${value} |`),
    '',
    ...run.causes.map((c) => `**${c.checks} checks failed with ${c.code}**: ${cell(c.example)}`),
  ]
}

/** Newly failing checks, one line per cause: the code they failed with, or the check alone. */
function newlyFailing(changes: Changes, run: RunRecord): string[] {
  const byCause = new Map<string, Changes['newlyFailing']>()
  for (const check of changes.newlyFailing) {
    const key = run.checks.find((c) => c.id === check.id)?.code ?? check.id
    byCause.set(key, [...(byCause.get(key) ?? []), check])
  }
  return [...byCause].map(([key, checks]) => {
    const example = checks[0]?.errors[0]
    const cause = checks.length > 1 || key !== checks[0]?.id ? ` with ${key}` : ''
    return `- **newly failing**${cause} (${plural(checks.length, 'check')}): ${named(checks.map((c) => c.id))}${example ? ` — ${cell(example)}` : ''}`
  })
}

const VERDICT_ORDER = ['worse', 'marginal', 'better'] as const

/** `38 → 71 ms`. */
const moved = (before: number, now: number) => `${formatDuration(before)} → ${formatDuration(now)}`

/** The requests whose verdict is not "unchanged", gravest first, as one table with their figures. */
function requestsTable(changes: Changes): string[] {
  const changed = VERDICT_ORDER.flatMap((verdict) => changes.requests.filter((r) => r.verdict === verdict))
  if (changed.length === 0) return []
  return [
    '',
    `${plural(changed.length, 'request')} changed, significant and large enough to matter:`,
    '',
    '| request | verdict | p50 | p95 | errors | evidence |',
    '| --- | --- | --- | --- | --- | --- |',
    ...changed.map((r) => {
      const { latency, errors } = r
      const p = latency ? moved(latency.before.p50, latency.now.p50) : ''
      const p95 = latency ? moved(latency.before.p95, latency.now.p95) : ''
      const errorShare = errors
        ? `${errors.before.errors}/${errors.before.n} → ${errors.now.errors}/${errors.now.n}`
        : ''
      const evidence = r.reason.slice(r.reason.lastIndexOf('(') + 1, r.reason.lastIndexOf(')'))
      return `| ${cell(r.request)} | ${r.verdict} | ${p} | ${p95} | ${errorShare} | ${cell(evidence)} |`
    }),
  ]
}

function changesSection(run: RunRecord): string[] {
  const changes = run.changes
  const fromCanary = run.canary && canaryItems(run.canary)
  const canary = fromCanary
    ? ['', `Canary ${cell(fromCanary.headline)}.`, '', ...fromCanary.items.map((i) => `- ${cell(i.text)}`)]
    : []
  if (!changes) return ['No earlier run like this one, in this environment, to compare with.', ...canary]
  const shape = changeItems(changes)
    .filter((item) => item.kind === 'shape-change' || item.kind === 'shape-info')
    .map((item) => `- ${cell(item.text)}`)
  const lines = [
    ...(changes.version
      ? [`- **version**: ${changes.version.from ?? 'unknown'} → ${changes.version.to ?? 'unknown'}`]
      : []),
    ...newlyFailing(changes, run),
    ...(changes.recovered.length
      ? [`- **passing again** (${plural(changes.recovered.length, 'check')}): ${named(changes.recovered)}`]
      : []),
    ...shape,
    ...(changes.added.length
      ? [`- **new** (${plural(changes.added.length, 'check')}): ${named(changes.added)}`]
      : []),
    ...(changes.removed.length
      ? [`- **not run this time** (${plural(changes.removed.length, 'check')}): ${named(changes.removed)}`]
      : []),
  ]
  const since = `Since the run of ${changes.baseline.startedAt}; requests judged against ${changes.requestsBaseline}`
  const requests = requestsTable(changes)
  return [
    ...(lines.length || requests.length
      ? [`${since}:`, '', ...lines, ...requests]
      : [`${since}: nothing changed.`]),
    ...canary,
  ]
}

/** What the check's first error states, every item of its list (a schema's every issue) kept. */
function statement(check: CheckRecord): string[] {
  const [headline = check.errors[0] ?? 'failed', ...items] = (check.statements?.[0] ?? check.errors[0] ?? '')
    .split('\n')
    .filter((line) => line.trim())
  return [
    `> ${cell(headline)}`,
    ...(items.length ? ['', '```text', ...items, '```'] : []),
    ...check.errors.slice(1).map((e) => `> ${cell(e)}`),
  ]
}

/** The service's OpenAPI document against the one the last full run kept. */
function contractSection(run: RunRecord): string[] {
  if (!run.contract) return []
  const [head = '', ...lines] = describeContract(run.contract, judgedByACheck(run.checks))
  return [
    '',
    '## Contract',
    '',
    `${cell(head)}.`,
    ...(lines.length ? ['', ...lines.map((l) => `- ${cell(l)}`)] : []),
  ]
}

function failure(check: CheckRecord): string[] {
  const failed =
    check.exchanges.find((e) => e.error || (e.status !== null && e.status >= 400)) ?? check.exchanges.at(-1)
  return [
    `### ${cell(check.id)}`,
    '',
    ...statement(check),
    ...(failed ? ['', `\`${cell(outcomeOf(failed))}\``, '', '```sh', failed.curl, '```'] : []),
  ]
}

/**
 * Skipped checks by reason: a green run that skipped the token check because a CI secret was
 * missing must say so where the reviewer looks.
 */
function notChecked(run: RunRecord): string[] {
  const byReason = new Map<string, string[]>()
  for (const check of run.checks.filter((c) => c.state === 'skipped')) {
    const reason = skipReasonOf(check.skipReason)
    byReason.set(reason, [...(byReason.get(reason) ?? []), check.name])
  }
  if (byReason.size === 0) return []
  return [
    '## Not checked',
    '',
    ...[...byReason].map(([reason, names]) => `- ${cell(reason)}: ${named(names)}`),
  ]
}

function slowest(run: RunRecord): string[] {
  const exchanges = run.checks
    .flatMap((c) => c.exchanges)
    .sort((a, b) => b.timings.attemptMs - a.timings.attemptMs)
    .slice(0, SLOWEST)
  if (exchanges.length === 0) return []
  return [
    '## Slowest requests',
    '',
    '| request | status | time | first byte |',
    '| --- | --- | --- | --- |',
    ...exchanges.map((e) => {
      const ttfb = e.timings.ttfbMs === null ? '—' : formatDuration(e.timings.ttfbMs)
      return `| ${cell(`${e.method} ${e.url}`)} | ${e.status ?? cell(e.error ?? 'no response')} | ${formatDuration(e.timings.attemptMs)} | ${ttfb} |`
    }),
  ]
}

export function renderSummary(run: RunRecord, env: NodeJS.ProcessEnv = process.env): string {
  const failed = run.checks.filter((c) => c.state === 'failed')
  const warned = run.checks.filter((c) => c.state === 'passed' && c.warnings.length)
  const sections = [
    '# smokecheck',
    '',
    ...story(run, env),
    '',
    '## What changed',
    '',
    ...changesSection(run),
    ...contractSection(run),
    ...(failed.length ? ['', '## Failures', '', ...failed.flatMap((c) => [...failure(c), ''])] : []),
    ...(warned.length
      ? [
          '',
          '## Warnings',
          '',
          ...warned.flatMap((c) => c.warnings.map((w) => `- ${cell(c.id)}: ${cell(w)}`)),
        ]
      : []),
    '',
    ...notChecked(run),
    '',
    ...slowest(run),
  ]
  return `${sections
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`
}
