// The service's OpenAPI document as a contract: loaded through a real parser (swagger-parser
// bundles every external $ref into the document, so no network or file is read after loading),
// its operations indexed by method and path template, and one Ajv instance that validates
// response bodies against the document's own schemas, internal $refs included.
import type { Ajv2020, ValidateFunction } from 'ajv/dist/2020.js'
import type { HttpClient } from '../http/client.ts'
import { toJsonSchema2020 } from './dialect.ts'

type Json = Record<string, unknown>

export const METHODS = ['get', 'head', 'options', 'post', 'put', 'patch', 'delete', 'trace'] as const

export interface Parameter {
  name: string
  in: string
  required: boolean
  /** A value the document offers: the parameter's example(s), its schema's example(s) or default. */
  example?: unknown
  /** The values its schema's enum allows, as JSON, when it has one. */
  values?: string[]
}

export interface Operation {
  method: string
  template: string
  operationId?: string
  /** "getPost (GET /api/posts/{slug})", or the method and template alone: how messages name it. */
  label: string
  parameters: Parameter[]
  responses: Record<string, Json>
  /** Which security schemes it needs; empty when anonymous access is one of the alternatives. */
  secured: boolean
  /** The JSON pointer of the operation, for compiling the schemas of its responses. */
  pointer: string
}

/** Where a contract comes from: a file in the repository, the service's own path, or a document in hand. */
export type ContractSource = { file: string } | { path: string } | { document: object }

const DOCUMENT_ID = 'smokecheck:contract'
// A contract is checked during a smoke run: an external $ref over the network is not followed.
export const escapePointer = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1')

function exampleOf(parameter: Json): unknown {
  const schema = (parameter.schema ?? {}) as Json
  const examples = parameter.examples as Record<string, { value?: unknown }> | undefined
  const fromExamples = examples && Object.values(examples)[0]?.value
  const schemaExamples = Array.isArray(schema.examples) ? schema.examples[0] : undefined
  for (const value of [parameter.example, fromExamples, schema.example, schemaExamples, schema.default]) {
    if (value !== undefined) return value
  }
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0]
  return undefined
}

export class Contract {
  readonly operations: Operation[]
  readonly version: string
  readonly openapi: string
  private readonly validators = new Map<string, ValidateFunction>()

  /** The document with its external $refs bundled, and a validator for it (libraries.ts). */
  constructor(
    readonly document: Json,
    private readonly ajv: Ajv2020,
  ) {
    this.openapi = String(document.openapi ?? '')
    if (!/^3\.[01]\./.test(this.openapi)) {
      throw new Error(
        `the contract must be an OpenAPI 3.0 or 3.1 document, this one says openapi: ${this.openapi || '(nothing)'}`,
      )
    }
    this.version = String((document.info as Json | undefined)?.version ?? '')
    this.ajv.addSchema(toJsonSchema2020(document, this.openapi), DOCUMENT_ID)
    this.operations = operationsOf(document)
  }

  /** The operation a request went to: literal segments win over templated ones (/posts/new over /posts/{slug}). */
  match(method: string, pathname: string): Operation | undefined {
    const candidates = this.operations.filter((op) => op.method === method.toUpperCase())
    for (const path of this.pathsToTry(pathname)) {
      const found = candidates.find((op) => templatePattern(op.template).test(path))
      if (found) return found
    }
    return undefined
  }

  /** Whether any operation, of any method, has this path: tells "no such path" from "not this method". */
  hasPath(pathname: string): string | undefined {
    for (const path of this.pathsToTry(pathname)) {
      const found = this.operations.find((op) => templatePattern(op.template).test(path))
      if (found) return found.template
    }
    return undefined
  }

  /** The path as sent, and without the base path of the document's first server (`servers: [{ url: '/v1' }]`). */
  private pathsToTry(pathname: string): string[] {
    const server = (this.document.servers as { url?: string }[] | undefined)?.[0]?.url
    const base = server ? new URL(server, 'http://base.invalid').pathname.replace(/\/$/, '') : ''
    return base && pathname.startsWith(`${base}/`) ? [pathname.slice(base.length), pathname] : [pathname]
  }

  /** A validator for the JSON pointer of a schema inside the document, compiled once. */
  validator(pointer: string): ValidateFunction {
    let validate = this.validators.get(pointer)
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${DOCUMENT_ID}#${pointer}` })
      this.validators.set(pointer, validate)
    }
    return validate
  }
}

function templatePattern(template: string): RegExp {
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('')
  return new RegExp(`^${source}/?$`)
}

function operationsOf(document: Json): Operation[] {
  const operations: Operation[] = []
  const rootSecurity = document.security as Json[] | undefined
  for (const [template, item] of Object.entries((document.paths ?? {}) as Record<string, Json>)) {
    const shared = (item.parameters ?? []) as Json[]
    for (const method of METHODS) {
      const op = item[method] as Json | undefined
      if (!op) continue
      const byKey = new Map<string, Json>()
      for (const p of [...shared, ...((op.parameters ?? []) as Json[])])
        byKey.set(`${p.in}:${p.name}`, resolve(document, p))
      const parameters = [...byKey.values()].map((p) => {
        const values = (
          (resolve(document, (p.schema ?? {}) as Json).enum ?? undefined) as unknown[] | undefined
        )?.map((v) => JSON.stringify(v))
        return {
          name: String(p.name),
          in: String(p.in),
          required: p.required === true || p.in === 'path',
          example: exampleOf(p),
          ...(values ? { values } : {}),
        }
      })
      const security = (op.security ?? rootSecurity ?? []) as Json[]
      const operationId = typeof op.operationId === 'string' ? op.operationId : undefined
      const route = `${method.toUpperCase()} ${template}`
      operations.push({
        method: method.toUpperCase(),
        template,
        operationId,
        label: operationId ? `${operationId} (${route})` : route,
        parameters,
        responses: (op.responses ?? {}) as Record<string, Json>,
        secured:
          security.length > 0 && !security.some((alternative) => Object.keys(alternative).length === 0),
        pointer: `/paths/${escapePointer(template)}/${method}`,
      })
    }
  }
  // Literal paths first, so a request to /posts/new matches /posts/new, not /posts/{slug}.
  const templated = (op: Operation) => (op.template.match(/\{/g) ?? []).length
  return operations.sort((a, b) => templated(a) - templated(b))
}

/** Follows a `$ref` inside the document (bundled: every $ref left is internal). */
export function resolve(document: Json, node: Json, seen = new Set<string>()): Json {
  const ref = node.$ref
  if (typeof ref !== 'string' || !ref.startsWith('#/') || seen.has(ref)) return node
  seen.add(ref)
  let target: unknown = document
  for (const key of ref.slice(2).split('/')) {
    target = (target as Json | undefined)?.[key.replaceAll('~1', '/').replaceAll('~0', '~')]
  }
  return target && typeof target === 'object' ? resolve(document, target as Json, seen) : node
}

/**
 * Loads the contract: `{ file }` from the repository (its external $refs resolved from disk),
 * `{ path: '/openapi.json' }` from the service through the check's `http`, or `{ document }`.
 */
export async function loadContract(source: ContractSource, http?: HttpClient): Promise<Contract> {
  const { bundle, validator } = await import('./libraries.ts')
  if ('file' in source) {
    // swagger-parser reads JSON or YAML, and the files its $refs name relative to this one.
    return new Contract(await bundle(source.file), validator())
  }
  if ('path' in source) {
    if (!http) throw new Error(`loadContract({ path: '${source.path}' }) needs the check's http to fetch it`)
    const res = await http.get(source.path)
    if (!res.ok || !res.isJson) {
      throw new Error(
        `the contract at ${source.path} could not be read: ${res.status} ${res.exchange.statusText}, content-type ${res.exchange.contentType ?? '(none)'}`,
      )
    }
    // A copy: swagger-parser bundles in place.
    return new Contract(await bundle(structuredClone(res.body as object)), validator())
  }
  // A copy: the caller's object stays theirs.
  return new Contract(await bundle(structuredClone(source.document)), validator())
}
