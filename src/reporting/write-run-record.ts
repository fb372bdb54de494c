// The end of a run of the checks: its record and summary written, compared with the baseline.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { TestModule } from 'vitest/node'
import { redact } from '../redaction/redact.ts'
import type { ProvidedConfig } from '../runner/provided.ts'
import type { Rollout } from '../runner/rollout.ts'
import { compareRuns, describeChanges } from './changes.ts'
import { buildRunRecord, type RunRecord, readBaseline } from './run-record.ts'
import { renderSummary } from './summary.ts'

/** Writes run.json and summary.md (and appends to the job summary); returns what to print. */
export function writeRunRecord(input: {
  modules: readonly TestModule[]
  root: string
  config: ProvidedConfig
  rollout: Rollout | undefined
  startedAt: Date
  dir: string
  stepSummary: string | undefined
}): string[] {
  const { config, dir } = input
  const run = buildRunRecord({
    modules: input.modules,
    root: input.root,
    environment: config.environment,
    baseUrl: config.baseUrl,
    startedAt: input.startedAt,
    rollout: input.rollout,
    versionSource: config.versionSource,
  })
  const path = join(dir, 'run.json')
  const baseline = readBaseline(config.baseline ?? path, run.environment, Boolean(config.baseline))
  const record: RunRecord = { ...run, changes: baseline.run ? compareRuns(baseline.run, run) : null }
  const summary = redact(renderSummary(record))
  mkdirSync(dir, { recursive: true })
  writeFileSync(path, redact(JSON.stringify(record, null, 2)))
  writeFileSync(join(dir, 'summary.md'), summary)
  if (input.stepSummary) appendFileSync(input.stepSummary, `\n${summary}`)
  const changes = record.changes ? describeChanges(record.changes) : []
  return [
    `smokecheck: ${baseline.note}${record.changes && changes.length === 0 ? ': nothing changed' : ''}`,
    ...changes.map((line) => `  ${line}`),
    `smokecheck: run record and summary written to ${path} and ${join(dir, 'summary.md')}`,
  ].map(redact)
}
