// Matchers on probe results (src/probes): a certificate valid for long enough, a name that
// resolves (to the expected addresses), a port closed to the public or open. Each failure
// names the outcome, then what the probe saw and a command to look again by hand.
import type { z } from 'zod'
import { formatDuration } from '../http/duration.ts'
import {
  type CertificatePolicy,
  certificateProblems,
  describeTlsProbe,
  tlsTarget,
} from '../probes/certificate-verdict.ts'
import { Resolution, resolutionProblem, resolverAnswered } from '../probes/dns.ts'
import { TcpProbe, tcpAddress, tcpOutcome } from '../probes/tcp.ts'
import { TlsProbe } from '../probes/tls.ts'
import { type MatcherResult, type MatcherState, unobserved } from './response-verdict.ts'

function as<S extends z.ZodType>(schema: S, received: unknown, from: string): z.output<S> {
  const parsed = schema.safeParse(received)
  if (parsed.success) return parsed.data
  throw new TypeError(`expected the result of ${from}, received ${typeof received}`)
}

function result(
  pass: boolean,
  whenFailed: string,
  whenNegatedFailed: string,
  evidence: string,
): MatcherResult {
  return { pass, message: () => `${pass ? whenNegatedFailed : whenFailed}\n\n${evidence}` }
}

function resolutionEvidence(resolution: Resolution): string {
  const got = resolution.addresses.length ? resolution.addresses.join(', ') : '(nothing)'
  return [
    `  resolved:  ${got} in ${formatDuration(resolution.ms)}`,
    `  reproduce: getent ahosts ${resolution.name}`,
  ].join('\n')
}

function tcpEvidence(probe: TcpProbe): string {
  const waitS = Math.max(1, Math.ceil(probe.timeoutMs / 1000))
  return `  reproduce: nc -vz -w ${waitS} ${probe.host} ${probe.port}`
}

/** A probe that could not tell (the name did not resolve, say) judges neither a port's state nor its opposite. */
function couldNotTell(state: MatcherState, probe: TcpProbe, wanted: string): MatcherResult {
  const not = state.isNot ? ' not' : ''
  return unobserved(
    state,
    `expected ${tcpAddress(probe)}${not} to be ${wanted}, but it ${tcpOutcome(probe)}\n\n${tcpEvidence(probe)}`,
  )
}

export const probeMatchers = {
  toHaveValidCertificate(
    this: MatcherState,
    received: unknown,
    policy: CertificatePolicy = {},
  ): MatcherResult {
    const probe = as(TlsProbe, received, 'probeTls(url)')
    const problems = certificateProblems(probe, policy)
    const wanted = policy.minDays ? ` for at least ${policy.minDays} more days` : ''
    const subject = `the TLS certificate of ${tlsTarget(probe)}`
    // No certificate came back (refused, timed out, not TLS): nothing to call valid or invalid.
    if (!probe.certificate)
      return unobserved(
        this,
        `expected ${subject}${this.isNot ? ' not' : ''} to be valid${wanted}: ${problems.join('; ')}\n\n${describeTlsProbe(probe)}`,
      )
    return result(
      problems.length === 0,
      `expected ${subject} to be valid${wanted}: ${problems.join('; ')}`,
      `expected ${subject} not to be valid${wanted}, it is`,
      describeTlsProbe(probe),
    )
  },

  toResolve(this: MatcherState, received: unknown, expected?: readonly string[]): MatcherResult {
    const resolution = as(Resolution, received, 'resolveHost(name)')
    const problem = resolutionProblem(resolution, expected)
    const to = expected === undefined ? '' : ` to ${expected.join(', ')}`
    if (!resolverAnswered(resolution))
      return unobserved(
        this,
        `expected ${resolution.name}${this.isNot ? ' not' : ''} to resolve${to}, the resolver could not tell: ${resolution.error}\n\n${resolutionEvidence(resolution)}`,
      )
    return result(
      problem === undefined,
      `expected ${resolution.name} to resolve${to}, ${problem}`,
      `expected ${resolution.name} not to resolve${to}, it resolves to ${resolution.addresses.join(', ')}`,
      resolutionEvidence(resolution),
    )
  },

  toBeClosed(this: MatcherState, received: unknown): MatcherResult {
    const probe = as(TcpProbe, received, 'probeTcp(host, port)')
    if (probe.state === 'error') return couldNotTell(this, probe, 'closed to the public')
    // Seen from here, refused and unanswered are both closed to the public; "could not tell" is not.
    return result(
      probe.state === 'closed' || probe.state === 'filtered',
      `expected ${tcpAddress(probe)} to be closed to the public, but it ${tcpOutcome(probe)}`,
      `expected ${tcpAddress(probe)} not to be closed, but it ${tcpOutcome(probe)}`,
      tcpEvidence(probe),
    )
  },

  toBeOpen(this: MatcherState, received: unknown): MatcherResult {
    const probe = as(TcpProbe, received, 'probeTcp(host, port)')
    if (probe.state === 'error') return couldNotTell(this, probe, 'open to connections')
    return result(
      probe.state === 'open',
      `expected ${tcpAddress(probe)} to accept connections, but it ${tcpOutcome(probe)}`,
      `expected ${tcpAddress(probe)} not to accept connections, but it ${tcpOutcome(probe)}`,
      tcpEvidence(probe),
    )
  },
}

export interface ProbeMatchers<R = unknown> {
  /** On a probeTls result: trusted, valid for the host name, not expired, and valid `minDays` more days. */
  toHaveValidCertificate(policy?: CertificatePolicy): R
  /** On a resolveHost result: the name resolves, to exactly these addresses when given. */
  toResolve(expected?: readonly string[]): R
  /** On a probeTcp result: the port refuses or ignores connections from here. */
  toBeClosed(): R
  /** On a probeTcp result: the port accepts connections from here. */
  toBeOpen(): R
}

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: must repeat Vitest's own declaration to merge with it
  interface Matchers<T = any> extends ProbeMatchers<T> {}
}
