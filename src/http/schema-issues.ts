// zod's issues, grouped for a reader: ten list items missing the same field are one line
// ("items[*].author, in 10 places"), not ten. Paths read like zod's own (items[0].author).
import type { z } from 'zod'

const MAX_GROUPS = 12

function formatPath(path: readonly PropertyKey[], wildcard: boolean): string {
  let out = ''
  for (const key of path) {
    if (typeof key === 'number') out += wildcard ? '[*]' : `[${key}]`
    else out += out === '' ? String(key) : `.${String(key)}`
  }
  return out === '' ? '(the body itself)' : out
}

/** One thing wrong with a body: where (zod's path) and what. */
export interface BodyIssue {
  path: readonly PropertyKey[]
  message: string
}

export function formatSchemaIssues(error: z.ZodError): string {
  return formatIssues(error.issues)
}

/** The same grouping for issues from any validator (the contract's Ajv issues come here too). */
export function formatIssues(issues: readonly BodyIssue[]): string {
  const groups = new Map<string, { message: string; shape: string; places: string[] }>()
  for (const issue of issues) {
    const shape = formatPath(issue.path, true)
    const key = `${issue.message}\u0000${shape}`
    const group = groups.get(key) ?? { message: issue.message, shape, places: [] }
    group.places.push(formatPath(issue.path, false))
    groups.set(key, group)
  }
  const lines = [...groups.values()].slice(0, MAX_GROUPS).map(({ message, shape, places }) => {
    const where =
      places.length === 1
        ? places[0]
        : `${shape}, in ${places.length} places (${places[0]} … ${places.at(-1)})`
    return `✖ ${message}\n  → at ${where}`
  })
  if (groups.size > MAX_GROUPS) lines.push(`… and ${groups.size - MAX_GROUPS} more kinds of issue`)
  return lines.join('\n')
}
