// A --tags-filter naming a tag the suite does not declare stops the run before it starts, once,
// naming the tag and the ones that exist. Left to Vitest, every worker raises it for every file
// (13 times in a run of the example suite) and the run writes an empty record.
import { ConfigError } from '../config/errors.ts'

/** `--tags-filter` values, in both spellings. */
function filters(argv: readonly string[]): string[] {
  return argv.flatMap((arg, i) => {
    for (const flag of ['--tags-filter', '--tagsFilter']) {
      if (arg.startsWith(`${flag}=`)) return [arg.slice(flag.length + 1)]
      if (arg === flag && argv[i + 1] !== undefined) return [argv[i + 1] as string]
    }
    return []
  })
}

const KEYWORDS = new Set(['and', 'or', 'not'])

/** Vitest's tag patterns allow `*` wildcards (`api*`). */
function matches(pattern: string, tag: string): boolean {
  const parts = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
  return new RegExp(`^${parts.join('.*')}$`).test(tag)
}

/** The tags a filter names that match no declared tag. */
export function unknownTags(declared: readonly string[], argv: readonly string[] = process.argv): string[] {
  const named = filters(argv).flatMap((filter) =>
    filter.split(/[\s()!&|]+/).filter((word) => word && !KEYWORDS.has(word.toLowerCase())),
  )
  return [...new Set(named)].filter((pattern) => !declared.some((tag) => matches(pattern, tag)))
}

export function checkTagsFilter(declared: readonly string[], argv: readonly string[] = process.argv): void {
  const unknown = unknownTags(declared, argv)
  if (unknown.length === 0) return
  throw new ConfigError(
    '',
    unknown.map((tag) => ({
      key: '--tags-filter',
      source: 'the command line',
      received: `${JSON.stringify(tag)}, a tag vitest.config.ts does not declare`,
      expected: `one of the declared tags: ${declared.join(', ') || 'none'}`,
    })),
    'tags filter',
  )
}
