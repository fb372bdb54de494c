// What a check gets back from `http.get(...)`: the parsed body, headers and timings, plus the
// redacted exchange record that failure messages and reports are built from.
import type { z } from 'zod'
import { type CacheSignals, cacheSignals } from '../signals/cache.ts'
import { parseServerTiming, type ServerTiming } from '../signals/server-timing.ts'
import { describeExchange, pathOf } from './describe.ts'
import { pointAtCaller } from './errors.ts'
import type { Exchange } from './exchange.ts'
import { formatSchemaIssues } from './schema-issues.ts'

export class SchemaMismatchError extends Error {
  override name = 'SchemaMismatchError'
  constructor(message: string) {
    super(message)
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

  /** Why the body does not satisfy the schema, or undefined when it does. */
  schemaProblem(schema: z.ZodType): string | undefined {
    const subject = `${this.exchange.method} ${pathOf(this.exchange)}`
    if (!this.isJson) {
      return `${subject} answered ${this.status} with content-type ${this.exchange.contentType ?? '(none)'}, expected a JSON body\n\n${describeExchange(this.exchange)}`
    }
    const result = schema.safeParse(this.body)
    if (result.success) return undefined
    return `${subject} answered ${this.status} ${this.exchange.statusText} with a body that does not match the schema:\n${formatSchemaIssues(result.error)}\n\n${describeExchange(this.exchange)}`
  }

  /** The body validated by the schema, typed from it; throws with the issue paths when it does not match. */
  parse<S extends z.ZodType>(schema: S): z.output<S> {
    const problem = this.schemaProblem(schema)
    if (problem) throw new SchemaMismatchError(problem)
    return schema.parse(this.body)
  }
}

export function isJsonType(contentType: string | undefined): boolean {
  return contentType !== undefined && /^application\/(?:[\w.+-]+\+)?json\b/i.test(contentType)
}
