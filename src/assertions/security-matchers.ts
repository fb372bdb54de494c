// `expect(res).toHaveSecurityHeaders(policy?)`: one failure lists every missing or leaking
// header, so a deploy that dropped the proxy's header block is fixed in one go, not four.
import { asResponse, type MatcherResult, type MatcherState, subject, verdict } from './response-verdict.ts'
import { type SecurityPolicy, securityHeaderProblems } from './security-headers.ts'

export const securityMatchers = {
  toHaveSecurityHeaders(this: MatcherState, received: unknown, policy: SecurityPolicy = {}): MatcherResult {
    const res = asResponse(received)
    const https = new URL(res.exchange.url).protocol === 'https:'
    const problems = securityHeaderProblems(res.headers, https, policy)
    const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`
    return verdict(
      res,
      problems.length === 0,
      `expected ${subject(res)} to send the security headers of a public service, found ${count}:`,
      `expected ${subject(res)} to fall short of the security header policy, it meets it`,
      problems.map((problem) => `  - ${problem}`),
    )
  },
}

export interface SecurityMatchers<R = unknown> {
  /**
   * HSTS (https only), `X-Content-Type-Options: nosniff`, frame protection and a Referrer-Policy
   * are sent, and Server / X-Powered-By name no version. Relax per environment with the policy.
   */
  toHaveSecurityHeaders(policy?: SecurityPolicy): R
}

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: must repeat Vitest's own declaration to merge with it
  interface Matchers<T = any> extends SecurityMatchers<T> {}
}
