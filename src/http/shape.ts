// The shape of a JSON body: its paths and their types, without the values, e.g.
// `items[].slug: string`. Two runs whose bodies differ only in data have the same shape, so
// a comparison can tell "the response changed shape" from "the content changed".

/** Deeper structures are cut here: a shape is for noticing changes, not for validating. */
const MAX_DEPTH = 8
/** Enough for any contract endpoint; a body with more paths is summarised by its first ones. */
const MAX_PATHS = 200
/** The elements of one array that are looked at: a page of a listing, not a 10 000-row export. */
const MAX_ITEMS = 100

function typeOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}

/** Sorted `path: type` lines; the elements of an array share one `[]` path. */
export function shapeOf(value: unknown): string[] {
  // path → types seen there; a path is listed before the paths below it.
  const paths = new Map<string, Set<string>>()
  const walk = (v: unknown, path: string, depth: number) => {
    const at = path || '(root)'
    if (paths.size >= MAX_PATHS && !paths.has(at)) return
    paths.set(at, (paths.get(at) ?? new Set()).add(typeOf(v)))
    if (depth >= MAX_DEPTH || v === null || typeof v !== 'object') return
    if (Array.isArray(v)) for (const item of v.slice(0, MAX_ITEMS)) walk(item, `${path}[]`, depth + 1)
    else for (const [key, child] of Object.entries(v)) walk(child, path ? `${path}.${key}` : key, depth + 1)
  }
  walk(value, '', 0)
  return [...paths.keys()]
    .sort()
    .flatMap((path) => [...(paths.get(path) ?? [])].sort().map((type) => `${path}: ${type}`))
}
