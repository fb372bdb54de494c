// `expect(res).toBeValidationError('query.limit')`: bad input was refused at the boundary the
// way FastAPI does it, a 422 whose body names the offending input. The failure says which part
// fell short: the status, the body's shape, or the locations the service did report.
import { ValidationError } from '../../fixtures/schemas.ts'
import { asResponse, type MatcherResult, type MatcherState, subject, verdict } from './response-verdict.ts'
import { formatSchemaIssues } from './schema-issues.ts'

type Location = string | readonly (string | number)[]

export const validationMatchers = {
  toBeValidationError(this: MatcherState, received: unknown, location: Location): MatcherResult {
    const res = asResponse(received)
    const wanted = typeof location === 'string' ? location : location.join('.')
    const intro = `expected ${subject(res)} to be refused with a validation error at ${wanted}`
    const refused = `expected ${subject(res)} not to be refused with a validation error at ${wanted}`
    if (res.status !== 422) {
      return verdict(res, false, `${intro}, got ${res.status} ${res.exchange.statusText}`, refused)
    }
    if (!res.isJson) {
      const type = res.exchange.contentType ?? '(none)'
      return verdict(res, false, `${intro}, got 422 with content-type ${type}, not a JSON body`, refused)
    }
    const body = ValidationError.safeParse(res.body)
    if (!body.success) {
      return verdict(
        res,
        false,
        `${intro}, got 422 with a body that is not FastAPI's validation error:`,
        refused,
        [formatSchemaIssues(body.error)],
      )
    }
    const issues = body.data.detail.map((issue) => ({ at: issue.loc.join('.'), ...issue }))
    const reported = [...new Set(issues.map((issue) => issue.at))].join(', ')
    return verdict(
      res,
      issues.some((issue) => issue.at === wanted),
      `${intro}, the service reported ${reported}`,
      `${refused}, it was`,
      issues.map((issue) => `  - ${issue.at}: ${issue.msg} (${issue.type})`),
    )
  },
}

export interface ValidationMatchers<R = unknown> {
  /** 422 with FastAPI's validation body, and an issue whose `loc` joined by '.' is the location. */
  toBeValidationError(location: Location): R
}

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: must repeat Vitest's own declaration to merge with it
  interface Matchers<T = any> extends ValidationMatchers<T> {}
}
