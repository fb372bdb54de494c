// Is a TCP port reachable from here? open (it accepted a connection), closed (refused: the host
// answered, nothing listens), filtered (no answer in time, or a router said unreachable, the
// way firewalls drop), error (the probe could not tell, e.g. the name did not resolve).
import { connect as netConnect, type Socket } from 'node:net'
import { performance } from 'node:perf_hooks'
import { z } from 'zod'
import { formatDuration } from '../http/duration.ts'
import { failureCode } from '../http/failure.ts'

export const TcpProbe = z.object({
  kind: z.literal('tcp'),
  host: z.string(),
  port: z.number().int().min(1).max(65535),
  state: z.enum(['open', 'closed', 'filtered', 'error']),
  ms: z.number(),
  timeoutMs: z.number(),
  /** The code behind a state other than open (ECONNREFUSED, ETIMEDOUT, ENOTFOUND, …). */
  code: z.string().optional(),
})
export type TcpProbe = z.infer<typeof TcpProbe>

export interface TcpProbeOptions {
  timeoutMs?: number
  /** Defaults to `net.connect`; tests inject a socket that never answers. */
  connect?: (options: { host: string; port: number }) => Socket
}

const CLOSED = new Set(['ECONNREFUSED', 'ECONNRESET'])
const FILTERED = new Set(['ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH'])

export function probeTcp(host: string, port: number, options: TcpProbeOptions = {}): Promise<TcpProbe> {
  const timeoutMs = options.timeoutMs ?? 3000
  const connect = options.connect ?? netConnect
  const started = performance.now()
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    let settled = false
    const settle = (state: TcpProbe['state'], code?: string) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      resolve({
        kind: 'tcp',
        host,
        port,
        state,
        ms: performance.now() - started,
        timeoutMs,
        ...(code === undefined ? {} : { code }),
      })
    }
    const timer = setTimeout(() => settle('filtered', 'ETIMEDOUT'), timeoutMs)
    socket.once('connect', () => settle('open'))
    // Stays subscribed: an error after the verdict must not become an uncaught one.
    socket.on('error', (error) => {
      const code = failureCode(error)
      settle(CLOSED.has(code) ? 'closed' : FILTERED.has(code) ? 'filtered' : 'error', code)
    })
  })
}

export function tcpAddress(probe: Pick<TcpProbe, 'host' | 'port'>): string {
  return `${probe.host.includes(':') ? `[${probe.host}]` : probe.host}:${probe.port}`
}

/** What the probe saw, to follow "it": "is open: it accepted a TCP connection in 2 ms". */
export function tcpOutcome(probe: TcpProbe): string {
  switch (probe.state) {
    case 'open':
      return `is open: it accepted a TCP connection in ${formatDuration(probe.ms)}`
    case 'closed':
      return `is closed: the host refused the connection [${probe.code}]`
    case 'filtered':
      return probe.code === 'ETIMEDOUT'
        ? `is filtered: no answer within ${probe.timeoutMs} ms`
        : `is filtered: the network says it is unreachable [${probe.code}]`
    case 'error':
      return `could not be probed [${probe.code}]`
  }
}
