// `expect(res).toMatchContract(contract)`: the response is what the service's OpenAPI document
// says its operation answers. A failure reads like a zod failure: the operation, each issue's
// path with what was expected and what came back, then the exchange.
import { asResponse, type MatcherResult, type MatcherState, subject } from '../assertions/response-verdict.ts'
import { withEvidence } from '../http/describe.ts'
import { contractFailure } from './conformance.ts'
import type { Contract } from './document.ts'

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
}

export interface ContractMatchers<R = unknown> {
  /** The response's status, content type, body and required headers are what the contract documents for its operation. */
  toMatchContract(contract: Contract): R
}

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: must repeat Vitest's own declaration to merge with it
  interface Matchers<T = any> extends ContractMatchers<T> {}
}
