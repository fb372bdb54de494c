// Drift between two versions of a service's OpenAPI document, seen from a client of the service:
// what it called may be gone (breaking), what it reads may be gone or typed otherwise (breaking),
// what it sends may now be demanded (breaking); what was added breaks nobody. 3.0 and 3.1 are
// compared in one spelling (dialect.ts), so moving from `nullable` to `type: [..., 'null']` is no change.
import { toJsonSchema2020 } from './dialect.ts'
import { type Contract, type Operation, resolve } from './document.ts'

type Json = Record<string, unknown>

export type DriftKind = 'breaking' | 'non-breaking' | 'informational'

export interface Drift {
  kind: DriftKind
  /** "GET /api/posts/{slug} 200: response field author removed". */
  says: string
  /** "GET /api/posts/{slug}": the operation it concerns, when it concerns one. */
  operation?: string
  /** "200 author", "query limit": where in the operation, when it is a field or a parameter. */
  path?: string
}

export interface DriftReport {
  /** `info.version` of each document. */
  before: string
  after: string
  changes: Drift[]
}

interface Field {
  type: string
  required: boolean
  /** The values an enum allows, as JSON, when the field is one. */
  values?: string[]
}

/** An enum's values as JSON (`"draft"`, `null`), or undefined when the schema is no enum. */
function enumOf(document: Json, schema: Json): string[] | undefined {
  const parts = [schema, ...((schema.anyOf ?? schema.oneOf ?? []) as Json[]).map((a) => resolve(document, a))]
  const values = parts.flatMap((part) =>
    Array.isArray(part.enum) ? part.enum : 'const' in part ? [part.const] : [],
  )
  // Whether it may be null is its type's business: 3.0's `nullable` enum and 3.1's `anyOf` with null agree.
  const named = values.filter((v) => v !== null)
  return named.length ? named.map((v) => JSON.stringify(v)) : undefined
}

/** What one enum has that the other lacks. */
const lacking = (from: string[] | undefined, other: string[] | undefined) =>
  from && other ? from.filter((v) => !other.includes(v)) : []

const route = (op: Operation) => `${op.method} ${op.template}`

function typeOf(document: Json, schema: Json): string {
  const types = (
    Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type]
  ).map(
    // An array is typed by what it holds: a list of strings becoming a list of numbers is a change.
    (type) =>
      type === 'array' && schema.items
        ? `array of ${typeOf(document, resolve(document, schema.items as Json))}`
        : type,
  )
  return types.length ? [...types].sort().join(' | ') : 'any'
}

/** Every field a client can read in a body: "author.name", "items[].slug", with its type and whether it is always there. */
function fieldsOf(
  document: Json,
  node: Json,
  prefix = '',
  required = true,
  chain = new Set<string>(),
): Map<string, Field> {
  const fields = new Map<string, Field>()
  const ref = typeof node.$ref === 'string' ? node.$ref : undefined
  // A recursive schema (a comment's replies are comments) is read once along each path.
  if (ref && chain.has(ref)) return fields
  const inner = ref ? new Set([...chain, ref]) : chain
  const schema = resolve(document, node)
  const merge = (more: Map<string, Field>) => {
    for (const [path, field] of more) fields.set(path, fields.get(path) ?? field)
  }
  for (const part of (schema.allOf ?? []) as Json[]) merge(fieldsOf(document, part, prefix, required, inner))
  const alternatives = [...((schema.anyOf ?? []) as Json[]), ...((schema.oneOf ?? []) as Json[])]
  // `anyOf: [X, null]` is X that may be null: its fields are X's, and the field's type says null.
  const nullable = alternatives.some((a) => resolve(document, a).type === 'null')
  for (const part of alternatives) merge(fieldsOf(document, part, prefix, required, inner))
  // An array's items are typed in the array's own entry ("array of string"), not a field of their own.
  if (prefix && !prefix.endsWith('[]')) {
    const own = typeOf(document, schema)
    const types = alternatives.map((a) => typeOf(document, resolve(document, a))).filter((t) => t !== 'any')
    const type = own !== 'any' || types.length === 0 ? own : [...new Set(types)].sort().join(' | ')
    const values = enumOf(document, schema)
    fields.set(prefix, {
      type: nullable && !type.includes('null') ? `${type} | null` : type,
      required,
      ...(values ? { values } : {}),
    })
  }
  const mandatory = new Set((schema.required ?? []) as string[])
  for (const [name, child] of Object.entries((schema.properties ?? {}) as Record<string, Json>)) {
    const path = prefix ? `${prefix}.${name}` : name
    merge(fieldsOf(document, child, path, mandatory.has(name), inner))
  }
  if (schema.items && typeof schema.items === 'object') {
    merge(fieldsOf(document, schema.items as Json, `${prefix}[]`, true, inner))
  }
  return fields
}

/** The JSON body schemas of an operation's responses, by status. */
function bodies(document: Json, op: Operation): Map<string, Json> {
  const out = new Map<string, Json>()
  for (const [status, response] of Object.entries(op.responses)) {
    const content = (resolve(document, response).content ?? {}) as Record<string, Json>
    const json = Object.entries(content).find(([type]) => /json/i.test(type))
    if (json?.[1].schema) out.set(status, json[1].schema as Json)
  }
  return out
}

function compareResponses(before: Json, after: Json, was: Operation, op: Operation, changes: Drift[]): void {
  const previous = bodies(before, was)
  const next = bodies(after, op)
  for (const [status, schema] of previous) {
    const where = `${route(op)} ${status}`
    const nextSchema = next.get(status)
    if (!nextSchema) continue
    const old = fieldsOf(before, schema)
    const fresh = fieldsOf(after, nextSchema)
    for (const [path, field] of old) {
      const now = fresh.get(path)
      const at = { operation: route(op), path: `${status} ${path}` }
      if (!now) changes.push({ kind: 'breaking', says: `${where}: response field ${path} removed`, ...at })
      else if (now.type !== field.type)
        changes.push({
          kind: 'breaking',
          says: `${where}: response field ${path} changed type from ${field.type} to ${now.type}`,
          ...at,
        })
      else if (field.required && !now.required)
        changes.push({
          kind: 'breaking',
          says: `${where}: response field ${path} is no longer always sent`,
          ...at,
        })
      // A client reading the field knows the values it had: a new one may be one it cannot handle.
      for (const value of lacking(now?.values, field.values))
        changes.push({
          kind: 'breaking',
          says: `${where}: response field ${path} may now be ${value}`,
          ...at,
        })
      for (const value of lacking(field.values, now?.values))
        changes.push({
          kind: 'non-breaking',
          says: `${where}: response field ${path} is no longer ${value}`,
          ...at,
        })
    }
    for (const [path, field] of fresh) {
      if (!old.has(path))
        changes.push({
          kind: 'non-breaking',
          says: `${where}: response field ${path} added${field.required ? '' : ' (optional)'}`,
          operation: route(op),
          path: `${status} ${path}`,
        })
    }
  }
}

function compareParameters(was: Operation, now: Operation, changes: Drift[]): void {
  const key = (p: { in: string; name: string }) => `${p.in} parameter ${p.name}`
  const previous = new Map(was.parameters.map((p) => [key(p), p]))
  const next = new Map(now.parameters.map((p) => [key(p), p]))
  const at = (p: { in: string; name: string }) => ({ operation: route(now), path: `${p.in} ${p.name}` })
  for (const [name, parameter] of next) {
    const old = previous.get(name)
    if (!old)
      changes.push({
        kind: parameter.required ? 'breaking' : 'non-breaking',
        says: `${route(now)}: ${parameter.required ? 'required' : 'optional'} ${name} added`,
        ...at(parameter),
      })
    else if (parameter.required && !old.required)
      changes.push({ kind: 'breaking', says: `${route(now)}: ${name} became required`, ...at(parameter) })
    // A client sends the values it knew: one the service no longer takes is refused.
    for (const value of lacking(old?.values, parameter.values))
      changes.push({
        kind: 'breaking',
        says: `${route(now)}: ${name} no longer takes ${value}`,
        ...at(parameter),
      })
    for (const value of lacking(parameter.values, old?.values))
      changes.push({
        kind: 'non-breaking',
        says: `${route(now)}: ${name} also takes ${value}`,
        ...at(parameter),
      })
  }
  for (const [name, parameter] of previous) {
    if (!next.has(name))
      changes.push({ kind: 'informational', says: `${route(now)}: ${name} removed`, ...at(parameter) })
  }
}

/** Every difference that matters to a client, breaking first, each as one line. */
export function compareContracts(before: Contract, after: Contract): DriftReport {
  const was = toJsonSchema2020(before.document, before.openapi)
  const now = toJsonSchema2020(after.document, after.openapi)
  const changes: Drift[] = []
  const nextOps = new Map(after.operations.map((op) => [route(op), op]))
  const previousOps = new Map(before.operations.map((op) => [route(op), op]))
  for (const [name, op] of previousOps) {
    const next = nextOps.get(name)
    if (!next) {
      changes.push({ kind: 'breaking', says: `${op.label}: operation removed`, operation: name })
      continue
    }
    compareParameters(op, next, changes)
    compareResponses(was, now, op, next, changes)
  }
  for (const [name, op] of nextOps) {
    if (!previousOps.has(name))
      changes.push({ kind: 'non-breaking', says: `${op.label}: operation added`, operation: name })
  }
  if (before.version !== after.version) {
    changes.push({ kind: 'informational', says: `info.version ${before.version} → ${after.version}` })
  }
  const order: DriftKind[] = ['breaking', 'non-breaking', 'informational']
  changes.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind))
  return { before: before.version, after: after.version, changes }
}

/** "breaking: GET /api/posts/{slug} 200: response field author removed", one change a line. */
export function driftLines(report: DriftReport): string[] {
  return report.changes.map((change) => `${change.kind}: ${change.says}`)
}
