// `expect(res).toMatchContract(contract)`: the response is what the service's OpenAPI document
// says its operation answers. A failure reads like a zod failure: the operation, each issue's
// path with what was expected and what came back, then the exchange.
import { asResponse, type MatcherResult, type MatcherState, subject } from '../assertions/response-verdict.ts'
import { withEvidence } from '../http/describe.ts'
import { contractFailure } from './conformance.ts'
import type { Contract } from './document.ts'
import { breakingVerdict, type ContractDrift, contractRecordOf, describeContract } from './drift-record.ts'

/** Why the drift fails a check tagged contract, or undefined when it passes. */
function unannounced(drift: ContractDrift): string | undefined {
  if (drift.state === 'off')
    return "the suite names no contract: defineSmokeConfig({ contract: { path: '/openapi.json' } }) keeps the service's document between runs"
  const record = contractRecordOf(drift)
  if (!record) return undefined
  if (drift.state === 'unavailable') return record.note
  if (record.announced || !breakingVerdict(record)) return undefined
  return describeContract(record).join('\n')
}

export const contractMatchers = {
  toMatchContract(this: MatcherState, received: unknown, contract: Contract): MatcherResult {
    const res = asResponse(received)
    const failure = contractFailure(contract, res)
    return {
      pass: failure === undefined,
      message: () =>
        withEvidence(
          failure
            ? `[${failure.code}] ${failure.says}`
            : `expected ${subject(res)} to be off the contract, it conforms`,
          res.exchange,
        ),
    }
  },

  toHaveNoUnannouncedBreakingChange(this: MatcherState, received: ContractDrift): MatcherResult {
    const why = unannounced(received)
    return {
      pass: why === undefined,
      message: () =>
        why ??
        `expected breaking changes the deploy did not announce, and there are none: ${describeContract(contractRecordOf(received) ?? { note: 'no contract', before: null, after: null, changes: [], announced: false }).join('; ')}`,
    }
  },
}

export interface ContractMatchers<R = unknown> {
  /** The response's status, content type, body and required headers are what the contract documents for its operation. */
  toMatchContract(contract: Contract): R
  /**
   * The service's OpenAPI document has no breaking change since the one the last full run kept,
   * unless its `info.version` announces one with a new major version (for the `contractDrift` fixture).
   */
  toHaveNoUnannouncedBreakingChange(): R
}

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: must repeat Vitest's own declaration to merge with it
  interface Matchers<T = any> extends ContractMatchers<T> {}
}
