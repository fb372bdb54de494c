// Matchers on a SmokeResponse, in the style of Playwright's API assertions. A failure names
// the outcome in its first line, then shows the exchange (sent, received, reproduce).
import type { z } from 'zod'
import { withEvidence } from '../http/describe.ts'
import { formatDuration } from '../http/duration.ts'
import type { ParseOptions } from '../http/response.ts'
import { asResponse, type MatcherResult, type MatcherState, subject, verdict } from './response-verdict.ts'

export const responseMatchers = {
  toHaveStatus(this: MatcherState, received: unknown, expected: number | readonly number[]): MatcherResult {
    const res = asResponse(received)
    const allowed = typeof expected === 'number' ? [expected] : expected
    const wanted = allowed.join(' or ')
    return verdict(
      res,
      allowed.includes(res.status),
      `expected ${subject(res)} to answer ${wanted}, got ${res.status} ${res.exchange.statusText}`,
      `expected ${subject(res)} not to answer ${wanted}, got ${res.status}`,
    )
  },

  toBeOK(this: MatcherState, received: unknown): MatcherResult {
    const res = asResponse(received)
    return verdict(
      res,
      res.ok,
      `expected ${subject(res)} to answer 2xx, got ${res.status} ${res.exchange.statusText}`,
      `expected ${subject(res)} not to answer 2xx, got ${res.status}`,
    )
  },

  toHaveHeader(
    this: MatcherState,
    received: unknown,
    name: string,
    expected?: string | RegExp,
  ): MatcherResult {
    const res = asResponse(received)
    const value = res.header(name)
    const shown = res.exchange.responseHeaders[name.toLowerCase()]
    if (expected === undefined) {
      return verdict(
        res,
        value !== undefined,
        `expected ${subject(res)} to send the header ${name}, it did not`,
        `expected ${subject(res)} not to send the header ${name}, it sent "${shown}"`,
      )
    }
    const pass =
      value !== undefined && (typeof expected === 'string' ? value === expected : expected.test(value))
    const got = value === undefined ? 'it was absent' : `got "${shown}"`
    return verdict(
      res,
      pass,
      `expected ${subject(res)} to send ${name} matching ${String(expected)}, ${got}`,
      `expected ${subject(res)} not to send ${name} matching ${String(expected)}, got "${shown}"`,
    )
  },

  toMatchSchema(
    this: MatcherState,
    received: unknown,
    schema: z.ZodType,
    options: ParseOptions = {},
  ): MatcherResult {
    const res = asResponse(received)
    const problem = res.schemaProblem(schema, options)
    return {
      pass: problem === undefined,
      message: () =>
        problem ?? withEvidence(`expected ${subject(res)} not to match the schema, it did`, res.exchange),
    }
  },

  toRespondWithin(this: MatcherState, received: unknown, budgetMs: number): MatcherResult {
    const res = asResponse(received)
    // The answering attempt is judged; time spent on retries is the flaky warning's business.
    const took = formatDuration(res.timings.attemptMs)
    const retried = res.exchange.attempts > 1 ? ` (${formatDuration(res.timings.totalMs)} with retries)` : ''
    return verdict(
      res,
      res.timings.attemptMs <= budgetMs,
      `expected ${subject(res)} to respond within ${budgetMs} ms, it took ${took}${retried}`,
      `expected ${subject(res)} to take longer than ${budgetMs} ms, it took ${took}${retried}`,
    )
  },
}

export interface ResponseMatchers<R = unknown> {
  /** The status is this one, or one of these. */
  toHaveStatus(expected: number | readonly number[]): R
  /** The status is 2xx. */
  toBeOK(): R
  /** The header is present, and equal to the string or matching the pattern when given. */
  toHaveHeader(name: string, expected?: string | RegExp): R
  /** The body is JSON and the zod schema accepts it; the failure lists every issue path. */
  toMatchSchema(schema: z.ZodType, options?: ParseOptions): R
  /** The answering attempt, body included, took at most this many milliseconds. */
  toRespondWithin(budgetMs: number): R
}

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: must repeat Vitest's own declaration to merge with it
  interface Matchers<T = any> extends ResponseMatchers<T> {}
}
