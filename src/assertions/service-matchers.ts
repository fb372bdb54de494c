// Matchers that judge what a service says about itself: readiness (which dependency is down,
// which job is stale) and the deployed version. One sentence names the finding.
import { Readiness, Version } from '../../fixtures/schemas.ts'
import { withEvidence } from '../http/describe.ts'
import { judgeReadiness } from './readiness.ts'
import { asResponse, type MatcherResult, subject } from './response-verdict.ts'

export interface ExpectedVersion {
  version?: string | undefined
  commit?: string | undefined
}

/** Why the version body differs from what was expected, or undefined when it matches. */
export function versionMismatch(
  seen: { version: string; commit: string },
  expected: ExpectedVersion,
): string | undefined {
  const wrongVersion = expected.version !== undefined && seen.version !== expected.version
  const wrongCommit = expected.commit !== undefined && !seen.commit.startsWith(expected.commit)
  if (!wrongVersion && !wrongCommit) return undefined
  const want = [expected.version, expected.commit && `commit ${expected.commit.slice(0, 12)}`]
    .filter(Boolean)
    .join(', ')
  return `serves ${seen.version} (commit ${seen.commit.slice(0, 12)}), expected ${want}`
}

export const serviceMatchers = {
  toBeReady(received: unknown, options: { staleFactor: number }): MatcherResult {
    const res = asResponse(received)
    const shape = res.schemaProblem(Readiness)
    if (shape) return { pass: false, message: () => shape }
    const body = Readiness.parse(res.body)
    const { problems } = judgeReadiness(body, options.staleFactor)
    if (res.status !== 200 && problems.length === 0)
      problems.push(`it answered ${res.status} ${res.exchange.statusText}`)
    return {
      pass: problems.length === 0,
      message: () =>
        problems.length
          ? withEvidence(`${subject(res)} reports ${body.status}: ${problems.join('; ')}`, res.exchange)
          : `expected ${subject(res)} not to report ready, it did`,
    }
  },

  toServeVersion(received: unknown, expected: ExpectedVersion): MatcherResult {
    const res = asResponse(received)
    const shape = res.schemaProblem(Version)
    if (shape) return { pass: false, message: () => shape }
    const mismatch = versionMismatch(Version.parse(res.body), expected)
    return {
      pass: mismatch === undefined,
      message: () =>
        withEvidence(`${subject(res)} ${mismatch ?? 'serves the expected version'}`, res.exchange),
    }
  },
}

export interface ServiceMatchers<R = unknown> {
  /** The body is a contract readiness payload with every dependency up and every job fresh. */
  toBeReady(options: { staleFactor: number }): R
  /** `/version` names this version and/or commit (a commit may be given as a prefix). */
  toServeVersion(expected: ExpectedVersion): R
}

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: must repeat Vitest's own declaration to merge with it
  interface Matchers<T = any> extends ServiceMatchers<T> {}
}
