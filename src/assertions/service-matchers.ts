// Matchers that judge what a service says about itself: readiness (which dependency is down,
// which job is stale) and the deployed version. One sentence names the finding.
import { withEvidence } from '../http/describe.ts'
import {
  type ExpectedVersion,
  readVersion,
  type VersionSource,
  versionLabel,
  versionMismatch,
} from '../version/source.ts'
import { judgeReadiness, type ReadinessOptions } from './readiness.ts'
import { asResponse, type MatcherResult, type MatcherState, subject, unobserved } from './response-verdict.ts'

export const serviceMatchers = {
  toBeReady(this: MatcherState, received: unknown, options: ReadinessOptions): MatcherResult {
    const res = asResponse(received)
    const shape = res.schemaProblem(options.schema)
    if (shape) return unobserved(this, shape)
    const body = options.schema.parse(res.body)
    const { problems } = judgeReadiness(body, options.staleFactor)
    if (res.status !== 200 && problems.length === 0)
      problems.push(`it answered ${res.status} ${res.exchange.statusText}`)
    return {
      pass: problems.length === 0,
      message: () =>
        problems.length
          ? withEvidence(`${subject(res)} reports ${body.status}: ${problems.join('; ')}`, res.exchange)
          : withEvidence(`expected ${subject(res)} not to report ready, it did`, res.exchange),
    }
  },

  toServeVersion(
    this: MatcherState,
    received: unknown,
    expected: ExpectedVersion,
    source: VersionSource | undefined,
  ): MatcherResult {
    const res = asResponse(received)
    if (!source)
      throw new TypeError(
        "toServeVersion needs to know where the service names its build: set `version` in defineSmokeConfig and pass config.versionSource, or pass a source such as { path: '/version', versionField: 'version' }",
      )
    const read = readVersion({ headers: res.headers, body: res.body }, source)
    if (!read.ok) return unobserved(this, withEvidence(`${subject(res)} ${read.problem}`, res.exchange))
    const mismatch = versionMismatch(read.seen, expected)
    return {
      pass: mismatch === undefined,
      message: () =>
        withEvidence(
          mismatch
            ? `${subject(res)} ${mismatch}`
            : `expected ${subject(res)} not to serve ${versionLabel(read.seen)}, it does`,
          res.exchange,
        ),
    }
  },
}

export interface ServiceMatchers<R = unknown> {
  /** The body, read by `options.schema`, reports every dependency up and every job fresh. */
  toBeReady(options: ReadinessOptions): R
  /** The answer names this version and/or commit where `source` says (a commit may be given as a prefix). */
  toServeVersion(expected: ExpectedVersion, source: VersionSource | undefined): R
}

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: must repeat Vitest's own declaration to merge with it
  interface Matchers<T = any> extends ServiceMatchers<T> {}
}
