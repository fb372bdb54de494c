// Does a name resolve, and to what? Through the system resolver by default (what the client
// itself would use), or an injected one: tests never send a query off the machine.
import { promises as dns, type LookupAddress } from 'node:dns'
import { performance } from 'node:perf_hooks'
import { z } from 'zod'
import { formatDuration } from '../http/duration.ts'
import { failureCode } from '../http/failure.ts'

export const Resolution = z.object({
  kind: z.literal('dns'),
  name: z.string(),
  /** In the resolver's order, without repeats. */
  addresses: z.array(z.string()),
  ms: z.number(),
  /** One sentence naming why the name did not resolve; absent when it did. */
  error: z.string().optional(),
  /** The resolver's code behind `error` (ENOTFOUND, ETIMEOUT, …). */
  code: z.string().optional(),
})
export type Resolution = z.infer<typeof Resolution>

export type Lookup = (hostname: string, options: { all: true }) => Promise<LookupAddress[]>

export interface ResolveOptions {
  /** Defaults to `dns.promises.lookup` (getaddrinfo: /etc/hosts, then DNS). */
  lookup?: Lookup
}

/** The answers that say the name does not resolve; any other error says the resolver could not tell. */
const NO_SUCH_NAME = new Set(['ENOTFOUND', 'EAI_NONAME', 'ENODATA', 'EAI_NODATA'])

/** Whether the resolver answered at all: a timeout or a server failure tells nothing about the name. */
export function resolverAnswered(resolution: Resolution): boolean {
  return resolution.code === undefined || NO_SUCH_NAME.has(resolution.code)
}

const REASONS: Record<string, string> = {
  ENOTFOUND: 'no such name',
  EAI_NONAME: 'no such name',
  ENODATA: 'the name has no address records',
  EAI_NODATA: 'the name has no address records',
  EAI_AGAIN: 'the resolver failed for now (timeout or server failure)',
  ESERVFAIL: 'the DNS server failed',
  ETIMEOUT: 'the DNS query timed out',
  ECONNREFUSED: 'the DNS server refused the query',
}

export async function resolveHost(name: string, options: ResolveOptions = {}): Promise<Resolution> {
  const lookup = options.lookup ?? ((hostname, opts) => dns.lookup(hostname, opts))
  const started = performance.now()
  try {
    const found = await lookup(name, { all: true })
    const addresses = [...new Set(found.map((entry) => entry.address))]
    return { kind: 'dns', name, addresses, ms: performance.now() - started }
  } catch (error) {
    const code = failureCode(error)
    const reason = REASONS[code] ?? (error instanceof Error ? error.message : String(error))
    const ms = performance.now() - started
    return { kind: 'dns', name, addresses: [], ms, error: `${reason} [${code}]`, code }
  }
}

/** How the resolution falls short, to follow "expected <name> to resolve", or undefined when it does not. */
export function resolutionProblem(resolution: Resolution, expected?: readonly string[]): string | undefined {
  const { addresses } = resolution
  if (resolution.error !== undefined) return `it does not: ${resolution.error}`
  if (addresses.length === 0) return 'it resolves to no address'
  if (expected === undefined) return undefined
  const missing = expected.filter((address) => !addresses.includes(address))
  const unexpected = addresses.filter((address) => !expected.includes(address))
  if (missing.length === 0 && unexpected.length === 0) return undefined
  const details = [
    missing.length ? `missing ${missing.join(', ')}` : '',
    unexpected.length ? `unexpected ${unexpected.join(', ')}` : '',
  ].filter(Boolean)
  return `it resolves to ${addresses.join(', ')} (${details.join('; ')})`
}

/** One line for the check's annotation: "DNS api.example.com → 203.0.113.10, 2001:db8::10 in 3 ms". */
export function resolutionLine(resolution: Resolution): string {
  const outcome = resolution.error ?? (resolution.addresses.join(', ') || 'no address')
  return `DNS ${resolution.name} → ${outcome} in ${formatDuration(resolution.ms)}`
}
