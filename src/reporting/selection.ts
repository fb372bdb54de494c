// Which part of the suite a run ran. Only like runs are compared: a run narrowed by a file
// filter, --tags-filter, -t, --shard, or started in watch mode or the UI (which re-run what
// changed) is partial, never the baseline of the whole suite, and is compared check by check.
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

export function selectionOf(vitest: Vitest): Selection {
  const { config } = vitest
  const files = (vitest as unknown as { filenamePattern?: string[] }).filenamePattern ?? []
  const parts = [
    ...files.map((file) => relative(config.root, file) || file),
    ...(config.tagsFilter ?? []).map((filter) => `--tags-filter=${filter}`),
    config.testNamePattern ? `-t ${config.testNamePattern.source}` : '',
    config.shard ? `--shard=${config.shard.index}/${config.shard.count}` : '',
    config.ui ? 'the UI' : config.watch ? 'watch mode' : '',
  ].filter(Boolean)
  if (parts.length === 0) return { partial: false, key: 'full', description: 'the whole suite' }
  const description = parts.join(', ')
  const key = `partial-${createHash('sha256').update(description).digest('hex').slice(0, 12)}`
  return { partial: true, key, description }
}
