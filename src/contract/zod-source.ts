// zod 4 source from a service's OpenAPI document: each component schema a named export with its
// type, and the documented JSON answers of each operation by status. The document is read in
// JSON Schema 2020-12 spelling (dialect.ts), so 3.0's `nullable` and 3.1's `type: [..., 'null']`
// give the same code. Written for reading answers: objects drop fields the document does not name
// (zod's default, as the suite's own schemas do), a `date-time` takes FastAPI's naive datetimes,
// an int64 stays a number. Same document, same text: the file's diff is the contract's diff.
import { toJsonSchema2020 } from './dialect.ts'
import { type Contract, resolve } from './document.ts'

type Json = Record<string, unknown>

const COMPONENT = '#/components/schemas/'

// What an identifier may not be: a word of JavaScript, a type of TypeScript, or a name the file uses.
const RESERVED = new Set(
  `z responses break case catch class const continue debugger default delete do else enum export extends false
  finally for function if import in instanceof new null return super switch this throw true try typeof
  var void while with yield let static implements interface package private protected public await
  any boolean never number object string symbol bigint undefined unknown`.split(/\s+/),
)

const quote = (text: string) => JSON.stringify(text)
const propertyKey = (name: string) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : quote(name))
const literal = (value: unknown) =>
  value === null || ['string', 'number', 'boolean'].includes(typeof value) ? JSON.stringify(value) : undefined

/** Component names as identifiers: `app.models.Post-v2` is `app_models_Post_v2`, clashes numbered. */
function identifiers(names: string[]): Map<string, string> {
  const taken = new Set<string>()
  const out = new Map<string, string>()
  for (const name of names) {
    let id = name.replace(/[^\w$]/g, '_').replace(/^(\d)/, '_$1') || '_'
    if (RESERVED.has(id)) id = `${id}_`
    let unique = id
    for (let n = 2; taken.has(unique); n++) unique = `${id}${n}`
    taken.add(unique)
    out.set(name, unique)
  }
  return out
}

/** The component names a schema refers to, anywhere inside it. */
function refsIn(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) refsIn(item, found)
  else if (node && typeof node === 'object') {
    const ref = (node as Json).$ref
    if (typeof ref === 'string' && ref.startsWith(COMPONENT)) found.add(decodeName(ref))
    for (const value of Object.values(node)) refsIn(value, found)
  }
  return found
}

const decodeName = (ref: string) => ref.slice(COMPONENT.length).replaceAll('~1', '/').replaceAll('~0', '~')

class Emitter {
  /** Components emitted so far: a reference to any other is read lazily, through a getter. */
  readonly defined = new Set<string>()
  /** Inline $refs being followed (not components): a cycle among them is read as anything. */
  private readonly following = new Set<string>()
  /** Inside a getter, a component is read when parsing, when every component is written. */
  private deferred = 0
  /** How deep in objects the code being written is: one field a line, for a diff a line a change. */
  private depth = 0

  constructor(
    private readonly document: Json,
    private readonly names: Map<string, string>,
  ) {}

  schema(node: unknown): string {
    if (node === true || node === undefined) return 'z.unknown()'
    if (node === false) return 'z.never()'
    const schema = node as Json
    const ref = schema.$ref
    if (typeof ref === 'string') return this.reference(ref)
    const alternatives = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined
    if (alternatives) return this.union(alternatives, schema)
    if (Array.isArray(schema.allOf)) return this.intersection(schema.allOf, schema)
    if ('const' in schema)
      return literal(schema.const) ? `z.literal(${literal(schema.const)})` : 'z.unknown()'
    if (Array.isArray(schema.enum)) return this.enumeration(schema.enum)
    const types: string[] = Array.isArray(schema.type)
      ? schema.type
      : schema.type
        ? [String(schema.type)]
        : []
    const nullable = types.includes('null') && types.length > 1
    const rest = types.filter((t) => !nullable || t !== 'null')
    if (rest.length === 0)
      return schema.properties || schema.additionalProperties ? this.object(schema) : 'z.unknown()'
    const code =
      rest.length === 1
        ? this.typed(rest[0] as string, schema)
        : `z.union([${rest.map((t) => this.typed(t, schema)).join(', ')}])`
    return nullable ? `${code}.nullable()` : code
  }

  private reference(ref: string): string {
    if (ref.startsWith(COMPONENT)) {
      const name = decodeName(ref)
      const id = this.names.get(name)
      // Not written yet, outside any getter (a cycle through a union): read when parsing.
      if (id) return this.deferred || this.defined.has(name) ? id : `z.lazy(() => ${id})`
    }
    // Another place in the document (swagger-parser's bundle points into paths): written inline.
    if (this.following.has(ref)) return 'z.unknown()'
    this.following.add(ref)
    const code = this.schema(resolve(this.document, { $ref: ref }))
    this.following.delete(ref)
    return code
  }

  /** `anyOf`/`oneOf`; `[X, null]` is X that may be null. Which one matched, zod does not police. */
  private union(alternatives: unknown[], schema: Json): string {
    const isNull = (a: unknown) => (a as Json)?.type === 'null'
    const others = alternatives.filter((a) => !isNull(a))
    const base =
      others.length === 1
        ? this.schema(others[0])
        : `z.union([${others.map((a) => this.schema(a)).join(', ')}])`
    const siblings = this.siblings(schema, ['anyOf', 'oneOf'])
    const code = siblings ? `z.intersection(${base}, ${siblings})` : base
    return others.length < alternatives.length ? `${code}.nullable()` : code
  }

  private intersection(parts: unknown[], schema: Json): string {
    const all = [...parts.map((p) => this.schema(p)), this.siblings(schema, ['allOf'])].filter(
      Boolean,
    ) as string[]
    return all.reduce((left, right) => `z.intersection(${left}, ${right})`)
  }

  /** What a schema says beside a composition keyword (`properties` next to `allOf`), if anything. */
  private siblings(schema: Json, without: string[]): string | undefined {
    const rest = Object.fromEntries(Object.entries(schema).filter(([key]) => !without.includes(key)))
    const says = ['type', 'properties', 'additionalProperties', 'items', 'enum', 'const']
    return says.some((key) => key in rest) ? this.schema(rest) : undefined
  }

  private enumeration(values: unknown[]): string {
    const nullable = values.includes(null)
    const rest = values.filter((v) => v !== null)
    const shown = rest.map(literal)
    if (shown.some((v) => v === undefined)) return 'z.unknown()'
    let code: string
    if (rest.length === 0) code = 'z.null()'
    else if (rest.length === 1) code = `z.literal(${shown[0]})`
    else if (rest.every((v) => typeof v === 'string')) code = `z.enum([${shown.join(', ')}])`
    else code = `z.union([${shown.map((v) => `z.literal(${v})`).join(', ')}])`
    return nullable && rest.length > 0 ? `${code}.nullable()` : code
  }

  private typed(type: string, schema: Json): string {
    switch (type) {
      case 'string':
        return this.string(schema)
      case 'integer':
        return `z.int()${this.bounds(schema)}`
      case 'number':
        return `z.number()${this.bounds(schema)}`
      case 'boolean':
        return 'z.boolean()'
      case 'null':
        return 'z.null()'
      case 'array':
        return this.array(schema)
      case 'object':
        return this.object(schema)
      default:
        return 'z.unknown()'
    }
  }

  private string(schema: Json): string {
    const base =
      {
        // FastAPI sends naive datetimes (pydantic, SQLite) and `+00:00` offsets: the suite reads both as UTC.
        'date-time': 'z.iso.datetime({ offset: true, local: true })',
        date: 'z.iso.date()',
        // Any 8-4-4-4-12 hex, as the contract's validator (ajv-formats) takes it.
        uuid: 'z.guid()',
      }[String(schema.format)] ?? 'z.string()'
    const checks = [
      typeof schema.minLength === 'number' ? `.min(${schema.minLength})` : '',
      typeof schema.maxLength === 'number' ? `.max(${schema.maxLength})` : '',
      // JSON Schema patterns are unanchored, Unicode regular expressions, as Ajv reads them.
      typeof schema.pattern === 'string' ? `.regex(new RegExp(${quote(schema.pattern)}, 'u'))` : '',
    ]
    return base + checks.join('')
  }

  private bounds(schema: Json): string {
    const bound = (keyword: string, method: string) =>
      typeof schema[keyword] === 'number' ? `.${method}(${schema[keyword]})` : ''
    return [
      bound('minimum', 'gte'),
      bound('exclusiveMinimum', 'gt'),
      bound('maximum', 'lte'),
      bound('exclusiveMaximum', 'lt'),
      bound('multipleOf', 'multipleOf'),
    ].join('')
  }

  private array(schema: Json): string {
    if (Array.isArray(schema.prefixItems)) {
      const rest =
        schema.items === undefined || schema.items === false ? '' : `, ${this.schema(schema.items)}`
      return `z.tuple([${schema.prefixItems.map((item) => this.schema(item)).join(', ')}]${rest})`
    }
    const checks = [
      typeof schema.minItems === 'number' ? `.min(${schema.minItems})` : '',
      typeof schema.maxItems === 'number' ? `.max(${schema.maxItems})` : '',
    ]
    return `z.array(${this.schema(schema.items)})${checks.join('')}`
  }

  private object(schema: Json): string {
    const properties = Object.entries((schema.properties ?? {}) as Record<string, unknown>)
    const extra = schema.additionalProperties
    if (properties.length === 0) {
      // A map: `additionalProperties` types its values, the keys are any string.
      return extra === false ? 'z.strictObject({})' : `z.record(z.string(), ${this.schema(extra)})`
    }
    const required = new Set((schema.required ?? []) as string[])
    this.depth++
    const pad = '  '.repeat(this.depth)
    const fields = properties.map(([name, child]) => {
      // A component not written yet (a recursive or later one) is read when parsing, not now:
      // zod 4's getter, which keeps the inferred type, where z.lazy would lose it.
      const lazy = !this.deferred && [...refsIn(child)].some((ref) => !this.defined.has(ref))
      if (lazy) this.deferred++
      const code = `${this.schema(child)}${required.has(name) ? '' : '.optional()'}`
      if (lazy) this.deferred--
      const key = propertyKey(name)
      return `${pad}${lazy ? `get ${key}() {\n${pad}  return ${code}\n${pad}}` : `${key}: ${code}`},`
    })
    this.depth--
    const shape = `{\n${fields.join('\n')}\n${'  '.repeat(this.depth)}}`
    if (extra === false) return `z.strictObject(${shape})`
    if (extra && extra !== true) return `z.object(${shape}).catchall(${this.schema(extra)})`
    return `z.object(${shape})`
  }
}

/** Components in an order where each comes after those it needs, as far as cycles allow. */
function ordered(schemas: Record<string, unknown>): string[] {
  const order: string[] = []
  const state = new Map<string, 'visiting' | 'done'>()
  const visit = (name: string) => {
    if (state.has(name) || !(name in schemas)) return
    state.set(name, 'visiting')
    for (const ref of [...refsIn(schemas[name])].sort()) visit(ref)
    state.set(name, 'done')
    order.push(name)
  }
  for (const name of Object.keys(schemas).sort()) visit(name)
  return order
}

function comment(text: unknown): string {
  if (typeof text !== 'string' || !text.trim()) return ''
  const lines = text.trim().replaceAll('*/', '*\\/').split('\n')
  return `/**\n${lines.map((line) => ` * ${line}`.trimEnd()).join('\n')}\n */\n`
}

/** The JSON body schema of each documented answer of each operation, by status. */
function responsesOf(contract: Contract, document: Json, emitter: Emitter): string[] {
  const lines: string[] = []
  // Code-unit order, not the machine's locale: the same file everywhere.
  const key = (op: { template: string; method: string }) => `${op.template} ${op.method}`
  const operations = [...contract.operations].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
  for (const op of operations) {
    const answers: string[] = []
    for (const status of Object.keys(op.responses).sort()) {
      const response = resolve(
        document,
        (resolve(document, { $ref: `#${op.pointer}` }).responses as Json)[status] as Json,
      )
      const content = (response.content ?? {}) as Record<string, Json>
      const json = Object.keys(content)
        .sort()
        .find((type) => /json/i.test(type))
      if (json && content[json]?.schema)
        answers.push(`${quote(status)}: ${emitter.schema(content[json].schema)}`)
    }
    if (answers.length) lines.push(`  ${quote(`${op.method} ${op.template}`)}: { ${answers.join(', ')} },`)
  }
  return lines
}

/**
 * The file `smokecheck contract pull` writes. `from` says where the document came from (a URL
 * without its credentials, or a file); nothing else in it changes unless the document does.
 */
export function zodSource(contract: Contract, from: string): string {
  const document = toJsonSchema2020(contract.document, contract.openapi)
  const schemas = ((document.components as Json | undefined)?.schemas ?? {}) as Record<string, Json>
  const order = ordered(schemas)
  const names = identifiers(order)
  const emitter = new Emitter(document, names)
  const info = (document.info ?? {}) as Json
  const parts = [
    `// Generated by \`smokecheck contract pull\` from ${from}`,
    `// (${String(info.title ?? 'untitled')} ${contract.version}, OpenAPI ${contract.openapi}).`,
    '// Do not edit by hand: change the service, then pull again; the diff is how its contract changed.',
    "import { z } from 'zod'",
    '',
  ]
  for (const name of order) {
    const id = names.get(name) as string
    const code = emitter.schema(schemas[name])
    emitter.defined.add(name)
    parts.push(
      `${comment(schemas[name]?.description)}export const ${id} = ${code}`,
      `export type ${id} = z.infer<typeof ${id}>`,
      '',
    )
  }
  const responses = responsesOf(contract, document, emitter)
  parts.push(
    "/** Each operation's documented JSON answers by status: `res.parse(responses['GET /health']['200'])`. */",
    `export const responses = {\n${responses.join('\n')}\n} as const`,
    '',
  )
  return parts.join('\n')
}
