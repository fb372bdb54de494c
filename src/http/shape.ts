// The shape of a JSON body: its paths and their types, without the values, e.g.
// `items[].slug: string`. Two runs whose bodies differ only in data have the same shape, so
// a comparison can tell "the response changed shape" from "the content changed". An object is
// either a record (fixed field names: `count`, `items`) or a map (the names are data: status
// codes, dates, ids, `{"200": 7, "404": 1}`); a map's entries share one `{}` path, as an array's
// elements share `[]`, so a map gaining or losing a key changes nothing.

/** Deeper structures are cut here: a shape is for noticing changes, not for validating. */
const MAX_DEPTH = 8
/** Enough for any contract endpoint; a body with more paths is summarised by its first ones. */
const MAX_PATHS = 200
/** The elements of one array that are looked at: a page of a listing, not a 10 000-row export. */
const MAX_ITEMS = 100
/** More names than a record plausibly declares, all holding the same type: a map keyed by slugs. */
const MAP_MIN_KEYS = 32

/** A field name as code declares one: `count`, `last_success`, `hit-ratio`, `$ref`. */
const FIELD_NAME = /^[A-Za-z_$][\w$-]*$/
/** Names that are data though they look like fields: hex ids and commits, UUIDs. */
const DATA_NAME = /^(?:[0-9a-f]{8,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i

function typeOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}

function isMap(record: Record<string, unknown>): boolean {
  const names = Object.keys(record)
  if (names.length === 0) return false
  if (names.every((name) => !FIELD_NAME.test(name) || DATA_NAME.test(name))) return true
  const types = new Set(Object.values(record).map(typeOf))
  return names.length >= MAP_MIN_KEYS && types.size === 1
}

/** Sorted `path: type` lines; the elements of an array share one `[]` path, a map's entries `{}`. */
export function shapeOf(value: unknown): string[] {
  // path → types seen there; a path is listed before the paths below it.
  const paths = new Map<string, Set<string>>()
  const walk = (v: unknown, path: string, depth: number) => {
    const at = path || ROOT
    if (paths.size >= MAX_PATHS && !paths.has(at)) return
    paths.set(at, (paths.get(at) ?? new Set()).add(typeOf(v)))
    if (depth >= MAX_DEPTH || v === null || typeof v !== 'object') return
    if (Array.isArray(v)) for (const item of v.slice(0, MAX_ITEMS)) walk(item, `${path}[]`, depth + 1)
    else if (isMap(v as Record<string, unknown>))
      for (const child of Object.values(v).slice(0, MAX_ITEMS)) walk(child, `${path}{}`, depth + 1)
    else for (const [key, child] of Object.entries(v)) walk(child, path ? `${path}.${key}` : key, depth + 1)
  }
  walk(value, '', 0)
  return [...paths.keys()]
    .sort()
    .flatMap((path) => [...(paths.get(path) ?? [])].sort().map((type) => `${path}: ${type}`))
}

const ROOT = '(root)'

export interface ShapeDiff {
  /** Fields that appeared: informational, a new optional field breaks no reader. */
  added: string[]
  /** Fields that are gone: a change. */
  removed: string[]
  /** Fields whose type changed (null aside: a nullable field that is null this time has not changed). */
  retyped: { path: string; from: string[]; to: string[] }[]
}

/** `items[].slug` → `items[]`, `items[]` → `items`, `count` → `(root)`. */
function parentOf(path: string): string {
  if (path.endsWith('[]') || path.endsWith('{}')) return path.slice(0, -2) || ROOT
  const dot = path.lastIndexOf('.')
  return dot === -1 ? ROOT : path.slice(0, dot)
}

function typesByPath(lines: readonly string[]): Map<string, Set<string>> {
  const types = new Map<string, Set<string>>()
  for (const line of lines) {
    const at = line.lastIndexOf(': ')
    const path = line.slice(0, at)
    types.set(path, (types.get(path) ?? new Set()).add(line.slice(at + 2)))
  }
  return types
}

const withoutNull = (types: Set<string> | undefined) => [...(types ?? [])].filter((t) => t !== 'null').sort()
const isElement = (path: string) => path.endsWith('[]') || path.endsWith('{}')

/**
 * What changed between two shapes, each difference named once, at the topmost path it concerns:
 * a removed object is one removal, not one per field; an array or map that is empty this time,
 * or a nullable object that is null, has lost nothing.
 */
export function compareShapes(before: readonly string[], now: readonly string[]): ShapeDiff {
  const was = typesByPath(before)
  const is = typesByPath(now)
  const retyped = [...is.keys()].flatMap((path) => {
    const from = withoutNull(was.get(path))
    const to = withoutNull(is.get(path))
    return was.has(path) && from.length && to.length && from.join() !== to.join() ? [{ path, from, to }] : []
  })
  const changed = new Set(retyped.map((r) => r.path))
  // Whether everything above `path` is still there, as the same non-null type, on the other side.
  const intact = (path: string, other: Map<string, Set<string>>) => {
    for (let up = parentOf(path); ; up = parentOf(up)) {
      if (changed.has(up)) return false
      if (up === ROOT) return true
      if (!other.has(up) || withoutNull(other.get(up)).length === 0) return false
    }
  }
  const lines = (from: Map<string, Set<string>>, to: Map<string, Set<string>>) =>
    [...from.keys()]
      .filter((path) => path !== ROOT && !to.has(path) && !isElement(path) && intact(path, to))
      .flatMap((path) => [...(from.get(path) ?? [])].sort().map((type) => `${path}: ${type}`))
  return { added: lines(is, was), removed: lines(was, is), retyped }
}
