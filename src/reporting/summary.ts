// reports/summary.md: the run on one page, for the GitHub job summary and for a reviewer who
// has only the artifact. The verdict first, then what changed since the previous run, then
// each failure with its reason and a reproduction, the warnings, what was not checked and why,
// then the slowest requests.

import { describeContract, judgedByACheck } from '../contract/drift-record.ts'
import { outcomeOf } from '../http/describe.ts'
import { formatDuration } from '../http/duration.ts'
import { describeChanges, versionLabel } from './changes.ts'
import type { CheckRecord } from './check-record.ts'
import type { RunRecord } from './run-record.ts'

const SLOWEST = 5
/** Checks named a reason for skipping; a filtered run skips most of the suite. */
const NAMED = 5

/** Markdown table cells: a pipe or a line break would end the cell. */
const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ')

/** The verdict first, as every other output gives it: why the run failed, then the counts. */
function verdict(run: RunRecord): string[] {
  const { passed, failed, skipped } = run.totals
  const label = versionLabel(run)
  const against = run.baseUrl ? ` against \`${run.baseUrl}\` (${run.environment})` : ` (${run.environment})`
  const counts = `${passed} passed, ${failed} failed, ${skipped} skipped${against}${label ? `, serving ${label}` : ''} in ${(run.durationMs / 1000).toFixed(1)} s`
  const part = run.selection.partial
    ? [`Partial run: ${cell(run.selection.description)}; the baseline of the whole suite is kept.`]
    : []
  if (run.verdict === 'passed') return [`✅ **all passed**: ${counts}`, ...part]
  const [first, ...more] = run.problems
  return [
    `❌ **failed**: ${cell(first?.message ?? 'see below')}`,
    ...more.map((p) => `- ${cell(p.message)}`),
    '',
    ...run.causes.map((c) => `**${c.checks} checks failed with ${c.code}**: ${cell(c.example)}`),
    '',
    counts,
    ...part,
  ]
}

function changesSection(run: RunRecord): string[] {
  if (!run.changes) return ['No earlier run like this one, in this environment, to compare with.']
  const lines = describeChanges(run.changes)
  const since = `Since the run of ${run.changes.baseline.startedAt}`
  return lines.length
    ? [`${since}:`, '', ...lines.map((l) => `- ${cell(l)}`)]
    : [`${since}: nothing changed.`]
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
    ...check.errors.map((e) => `> ${cell(e)}`),
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
    const reason = check.skipReason || 'not selected in this run'
    byReason.set(reason, [...(byReason.get(reason) ?? []), check.name])
  }
  if (byReason.size === 0) return []
  return [
    '## Not checked',
    '',
    ...[...byReason].map(([reason, names]) => {
      const more = names.length > NAMED ? `, and ${names.length - NAMED} more` : ''
      return `- ${cell(reason)}: ${names.slice(0, NAMED).map(cell).join(', ')}${more}`
    }),
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

export function renderSummary(run: RunRecord): string {
  const failed = run.checks.filter((c) => c.state === 'failed')
  const warned = run.checks.filter((c) => c.state === 'passed' && c.warnings.length)
  const sections = [
    '# smokecheck',
    '',
    ...verdict(run),
    '',
    '## Changes',
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
