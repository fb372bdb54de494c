// Renders an exchange the way a reviewer wants to read it: the outcome on one line, then
// what was sent, what came back, and how to reproduce it.

import { describeServerSignals } from '../signals/summary.ts'
import { formatDuration as ms } from './duration.ts'
import type { Exchange, Phases } from './exchange.ts'

const EXCERPT = 600

/** The headers a failure shows beside the status, in this order; the suite adds its build header. */
const KEY_HEADERS = ['content-type', 'content-length', 'retry-after', 'www-authenticate', 'location']

/** Shows the header that names the build (the suite's `buildHeader`) under every failure, after the length. */
export function showBuildHeader(name: string): void {
  const lower = name.toLowerCase()
  if (!KEY_HEADERS.includes(lower)) KEY_HEADERS.splice(2, 0, lower)
}

export function pathOf(exchange: Pick<Exchange, 'url'>): string {
  try {
    const url = new URL(exchange.url)
    return url.pathname + url.search
  } catch {
    return exchange.url
  }
}

/** "GET /api/posts?limit=10": how every message names an exchange. */
export function subjectOf(exchange: Pick<Exchange, 'method' | 'url'>): string {
  return `${exchange.method} ${pathOf(exchange)}`
}

/** A failure's message: the sentence that names it, then the exchange it happened on. */
export function withEvidence(headline: string, exchange: Exchange): string {
  return `${headline}\n\n${describeExchange(exchange)}`
}

/** "dns 0.4 ms, connect 0.3 ms, wait 2.1 ms, download 0.2 ms, new connection", or "no DNS lookup, connect …" */
export function phasesOf(phases: Phases): string {
  const parts: string[] = []
  const named: [string, number | null][] = [
    ['dns', phases.dnsMs],
    ['connect', phases.connectMs],
    ['tls', phases.tlsMs],
    ['wait', phases.waitMs],
    ['download', phases.downloadMs],
  ]
  for (const [name, value] of named) {
    if (value !== null) parts.push(`${name} ${ms(value)}`)
    // A new connection to an IP address looks nothing up: say so rather than leave DNS unexplained.
    else if (name === 'dns' && phases.newConnection) parts.push('no DNS lookup')
  }
  // Nothing measured: the exchange never got a connection to write to.
  if (parts.length === 0) return 'no connection'
  parts.push(phases.newConnection ? 'new connection' : 'reused connection')
  // Below a millisecond it is bookkeeping; above, the request waited behind our connection cap.
  const queued = phases.queuedMs ?? 0
  if (queued >= 1) parts.unshift(`queued ${ms(queued)} for a free connection (not counted)`)
  return parts.join(', ')
}

export function outcomeOf(exchange: Exchange): string {
  const took = ms(exchange.timings.totalMs)
  if (exchange.status === null) return `${subjectOf(exchange)} failed after ${took}: ${exchange.error}`
  const tries = exchange.attempts > 1 ? `, ${exchange.attempts} attempts` : ''
  const problem = exchange.error ? `, but ${exchange.error}` : ''
  return `${subjectOf(exchange)} → ${exchange.status} ${exchange.statusText} in ${took}${tries}${problem}`
}

export function describeExchange(exchange: Exchange): string {
  const lines = [`  sent:      ${exchange.method} ${exchange.url}`]
  if (exchange.status === null) {
    lines.push(`  received:  no response (${exchange.error})`)
  } else {
    const keyHeaders = KEY_HEADERS.filter((name) => exchange.responseHeaders[name] !== undefined).map(
      (name) => `${name}: ${exchange.responseHeaders[name]}`,
    )
    lines.push(
      `  received:  ${exchange.status} ${exchange.statusText}${keyHeaders.length ? `, ${keyHeaders.join(', ')}` : ''}`,
    )
    const body =
      exchange.bodyExcerpt.length > EXCERPT
        ? `${exchange.bodyExcerpt.slice(0, EXCERPT)}…`
        : exchange.bodyExcerpt
    lines.push(`  body:      ${body === '' ? '(empty)' : body.replaceAll('\n', ' ')}`)
  }
  if (exchange.redirects.length) {
    lines.push(
      `  redirects: ${[...exchange.redirects, exchange.url].map((url) => pathOf({ url })).join(' → ')}`,
    )
  }
  if (exchange.retries.length)
    lines.push(`  attempts:  ${exchange.attempts} (earlier: ${exchange.retries.join('; ')})`)
  for (const note of exchange.notes ?? []) lines.push(`  note:      ${note}`)
  const ttfb = exchange.timings.ttfbMs === null ? '' : `, first byte ${ms(exchange.timings.ttfbMs)}`
  lines.push(`  timing:    ${ms(exchange.timings.totalMs)}${ttfb}, ${exchange.bytes} bytes`)
  lines.push(`  phases:    ${phasesOf(exchange.timings.phases)}`)
  const signals = describeServerSignals(exchange.responseHeaders)
  if (signals) lines.push(`  signals:   ${signals}`)
  lines.push(`  reproduce: ${exchange.curl}`)
  return lines.join('\n')
}

/** The one line a check's annotation shows for an exchange: outcome, phases, server signals. */
export function headlineOf(exchange: Exchange): string {
  const signals = describeServerSignals(exchange.responseHeaders)
  return `${outcomeOf(exchange)} (${phasesOf(exchange.timings.phases)})${signals ? ` · ${signals}` : ''}`
}
