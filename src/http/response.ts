// What a check gets back from `http.get(...)`: the parsed body, headers and timings, plus the
// redacted exchange record that failure messages and reports are built from.
import type { z } from 'zod'
import { type CacheSignals, cacheSignals } from '../signals/cache.ts'
import { parseServerTiming, type ServerTiming } from '../signals/server-timing.ts'
import type { Failure } from './codes.ts'
import { subjectOf, withEvidence } from './describe.ts'
import { pointAtCaller, SmokeError } from './errors.ts'
import type { Exchange } from './exchange.ts'
import { formatSchemaIssues } from './schema-issues.ts'

/** The body is not JSON (NOT_JSON) or not what the schema describes (SCHEMA_MISMATCH). */
export class SchemaMismatchError extends SmokeError {
  override name = 'SchemaMismatchError'
  constructor(failure: Failure, exchange: Exchange) {
    super(failure.code, failure.says, { cause: failure.cause, exchange })
    pointAtCaller(this)
  }
}

export class SmokeResponse {
  constructor(
    readonly exchange: Exchange,
    /** Response headers as received (lower-case names); the exchange holds the redacted copy. */
    readonly headers: Readonly<Record<string, string>>,
    readonly text: string,
    /** The parsed JSON when the content type says JSON, otherwise the text. */
    readonly body: unknown,
  ) {}

  get status(): number {
    // A SmokeResponse exists only when a response arrived.
    return this.exchange.status ?? 0
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300
  }

  get isJson(): boolean {
    return isJsonType(this.exchange.contentType)
  }

  get timings(): Exchange['timings'] {
    return this.exchange.timings
  }

  /** The service's Server-Timing metrics (empty when it sends none). */
  get serverTiming(): ServerTiming {
    return parseServerTiming(this.header('server-timing'))
  }

  /** Whether a cache answered, from Cache-Status, else X-Cache, with Age and TTL where sent. */
  get cache(): CacheSignals {
    return cacheSignals(this.headers)
  }

  header(name: string): string | undefined {
    return this.headers[name.toLowerCase()]
  }

  /**
   * The body as JSON: parsed already when the content type says JSON; with `anyContentType`, the
   * text read as JSON whatever the type says (a service that serves JSON as text/plain).
   */
  private json(options: ParseOptions): { ok: true; value: unknown } | { ok: false } {
    if (this.isJson) return { ok: true, value: this.body }
    if (!options.anyContentType) return { ok: false }
    try {
      return { ok: true, value: JSON.parse(this.text) }
    } catch {
      return { ok: false }
    }
  }

  /** Why the body does not satisfy the schema, as a failure, or undefined when it does. */
  schemaFailure(schema: z.ZodType, options: ParseOptions = {}): Failure | undefined {
    const subject = subjectOf(this.exchange)
    const json = this.json(options)
    if (!json.ok) {
      const says = `${subject} answered ${this.status} with content-type ${this.exchange.contentType ?? '(none)'}, expected a JSON body`
      return { code: 'NOT_JSON', says }
    }
    const result = schema.safeParse(json.value)
    if (result.success) return undefined
    const says = `${subject} answered ${this.status} ${this.exchange.statusText} with a body that does not match the schema:\n${formatSchemaIssues(result.error)}`
    return { code: 'SCHEMA_MISMATCH', says, cause: result.error }
  }

  /** Why the body does not satisfy the schema, with the exchange as evidence, or undefined when it does. */
  schemaProblem(schema: z.ZodType, options: ParseOptions = {}): string | undefined {
    const failure = this.schemaFailure(schema, options)
    return failure && withEvidence(failure.says, this.exchange)
  }

  /** The body validated by the schema, typed from it; throws with the issue paths when it does not match. */
  parse<S extends z.ZodType>(schema: S, options: ParseOptions = {}): z.output<S> {
    const failure = this.schemaFailure(schema, options)
    if (failure) throw new SchemaMismatchError(failure, this.exchange)
    return schema.parse((this.json(options) as { value: unknown }).value)
  }
}

export interface ParseOptions {
  /** Read the body as JSON whatever its content type says: for a service that serves JSON as text/plain. */
  anyContentType?: boolean
}

export function isJsonType(contentType: string | undefined): boolean {
  return contentType !== undefined && /^application\/(?:[\w.+-]+\+)?json\b/i.test(contentType)
}
