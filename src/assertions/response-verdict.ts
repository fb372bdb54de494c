// What every matcher on a response shares: refusing what is not a response, naming the
// exchange, and a verdict whose message is the outcome first, then the exchange as evidence.
import { subjectOf, withEvidence } from '../http/describe.ts'
import { SmokeResponse } from '../http/response.ts'

export interface MatcherState {
  isNot: boolean
}
export interface MatcherResult {
  pass: boolean
  message: () => string
}

/**
 * The verdict on what could not be observed (no readiness body, no cache header, a probe that
 * could not tell): neither the claim nor its `.not` was seen, so both fail, with this sentence.
 * Without it, `expect(res).not.toBeCacheHit()` would pass on a service that says nothing at all.
 */
export function unobserved(state: MatcherState, message: string): MatcherResult {
  return { pass: state.isNot, message: () => message }
}

export function asResponse(received: unknown): SmokeResponse {
  if (received instanceof SmokeResponse) return received
  throw new TypeError(
    `expected a response from the http fixture (http.get(...)), received ${typeof received}`,
  )
}

export function subject(res: SmokeResponse): string {
  return subjectOf(res.exchange)
}

/** `evidence` goes between the outcome and the exchange: the header values a verdict read. */
export function verdict(
  res: SmokeResponse,
  pass: boolean,
  whenFailed: string,
  whenNegatedFailed: string,
  evidence: string[] = [],
): MatcherResult {
  const extra = evidence.length ? `\n${evidence.join('\n')}` : ''
  return {
    pass,
    message: () => withEvidence(`${pass ? whenNegatedFailed : whenFailed}${extra}`, res.exchange),
  }
}
