// OpenAPI 3.1 schemas are JSON Schema 2020-12; 3.0's are a dialect of draft 4 with `nullable` and
// boolean `exclusiveMinimum`. One Ajv (2020-12) validates both once 3.0's differences are
// rewritten into their 2020-12 spelling here; nothing else about a schema changes.
type Json = Record<string, unknown>

function rewrite(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewrite)
  if (node === null || typeof node !== 'object') return node
  const out: Json = {}
  for (const [key, value] of Object.entries(node)) out[key] = rewrite(value)
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof out[flag] !== 'boolean') continue
    if (out[flag] === true && typeof out[bound] === 'number') {
      out[flag] = out[bound]
      delete out[bound]
    } else delete out[flag]
  }
  if (out.nullable !== true) return out
  delete out.nullable
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null']
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null]
    return out
  }
  // No type of its own ($ref, allOf, oneOf): null is one more alternative.
  return { anyOf: [out, { type: 'null' }] }
}

/** The document with its schemas in JSON Schema 2020-12: as it is for 3.1, rewritten for 3.0. */
export function toJsonSchema2020(document: Json, openapi: string): Json {
  return openapi.startsWith('3.0') ? (rewrite(document) as Json) : document
}
