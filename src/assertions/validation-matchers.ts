// `expect(res).toBeValidationError('query.limit', convention)`: bad input was refused at the
// boundary, with the status and body the service's framework uses for it (FastAPI's is a preset,
// src/presets/fastapi.ts), naming the offending input. The failure says which part fell short:
// the status, the body's shape, or the locations the service did report.
import type { z } from 'zod'
import { formatSchemaIssues } from '../http/schema-issues.ts'
import { asResponse, type MatcherResult, type MatcherState, subject, verdict } from './response-verdict.ts'

type Location = string | readonly (string | number)[]

/** One issue of a validation error: where (`query.limit`), what the service said, and its kind. */
export interface ValidationIssue {
  at: string
  message: string
  kind?: string | undefined
}

/** How a framework refuses bad input: its status, and a schema reading its body into issues. */
export interface ValidationConvention {
  /** Named in failures: "a body that is not FastAPI's validation error". */
  name: string
  status: number
  issues: z.ZodType<ValidationIssue[]>
}

export const validationMatchers = {
  toBeValidationError(
    this: MatcherState,
    received: unknown,
    location: Location,
    convention: ValidationConvention,
  ): MatcherResult {
    const res = asResponse(received)
    const wanted = typeof location === 'string' ? location : location.join('.')
    const intro = `expected ${subject(res)} to be refused with a validation error at ${wanted}`
    const refused = `expected ${subject(res)} not to be refused with a validation error at ${wanted}`
    if (res.status !== convention.status) {
      return verdict(res, false, `${intro}, got ${res.status} ${res.exchange.statusText}`, refused)
    }
    if (!res.isJson) {
      const type = res.exchange.contentType ?? '(none)'
      return verdict(
        res,
        false,
        `${intro}, got ${res.status} with content-type ${type}, not a JSON body`,
        refused,
      )
    }
    const body = convention.issues.safeParse(res.body)
    if (!body.success) {
      return verdict(
        res,
        false,
        `${intro}, got ${res.status} with a body that is not ${convention.name}:`,
        refused,
        [formatSchemaIssues(body.error)],
      )
    }
    const reported = [...new Set(body.data.map((issue) => issue.at))].join(', ')
    return verdict(
      res,
      body.data.some((issue) => issue.at === wanted),
      `${intro}, the service reported ${reported}`,
      `${refused}, it was`,
      body.data.map((issue) => `  - ${issue.at}: ${issue.message}${issue.kind ? ` (${issue.kind})` : ''}`),
    )
  },
}

export interface ValidationMatchers<R = unknown> {
  /** The convention's status and body, with an issue at the location (`loc` joined by '.' for FastAPI). */
  toBeValidationError(location: Location, convention: ValidationConvention): R
}

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: must repeat Vitest's own declaration to merge with it
  interface Matchers<T = any> extends ValidationMatchers<T> {}
}
