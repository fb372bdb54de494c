// Which part of the suite a run ran. Only like runs are compared: a run narrowed by a file
// filter, --tags-filter, -t, --shard, or started in watch mode or the UI (which re-run what
// changed) is partial, never the baseline of the whole suite, and is compared check by check.
// The shards of a suite merged into one report (run-context.ts) are the whole suite again.
import { createHash } from 'node:crypto'
import { relative } from 'node:path'
import type { Vitest } from 'vitest/node'

export interface Selection {
  partial: boolean
  /** `full`, or a name for this selection: the history keeps one record per selection. */
  key: string
  /** What was asked for, as the user typed it: `checks/health.check.ts, --tags-filter=critical`. */
  description: string
}

/** What narrowed the run apart from --shard, as the user typed it. */
export function filtersOf(vitest: Vitest): string[] {
  const { config } = vitest
  const files = (vitest as unknown as { filenamePattern?: string[] }).filenamePattern ?? []
  return [
    ...files.map((file) => relative(config.root, file) || file),
    ...(config.tagsFilter ?? []).map((filter) => `--tags-filter=${filter}`),
    config.testNamePattern ? `-t ${config.testNamePattern.source}` : '',
    config.ui ? 'the UI' : config.watch ? 'watch mode' : '',
  ].filter(Boolean)
}

/** The selection that these filters (and --shard) make. */
export function selectionOf(parts: readonly string[]): Selection {
  if (parts.length === 0) return { partial: false, key: 'full', description: 'the whole suite' }
  const description = parts.join(', ')
  const key = `partial-${createHash('sha256').update(description).digest('hex').slice(0, 12)}`
  return { partial: true, key, description }
}
