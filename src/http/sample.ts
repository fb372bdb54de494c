// Several requests to one URL, summarised: latency percentiles (cold and warm connections
// apart), error rate and status counts. Samples are never retried: a partial outage must
// show in the error rate, not be smoothed over.
import { z } from 'zod'
import { isTimeout } from './codes.ts'
import { pathOf } from './describe.ts'
import { formatDuration as ms } from './duration.ts'
import { RequestFailedError, ResponseFormatError } from './errors.ts'
import type { Exchange } from './exchange.ts'
import { isJsonType, type SmokeResponse } from './response.ts'

export const LatencyStats = z.object({
  count: z.number().int(),
  min: z.number(),
  p50: z.number(),
  p95: z.number(),
  p99: z.number(),
  max: z.number(),
})
export type LatencyStats = z.infer<typeof LatencyStats>

const SampleFigures = z.object({
  method: z.string(),
  path: z.string(),
  n: z.number().int(),
  concurrency: z.number().int(),
  errors: z.number().int(),
  errorRate: z.number(),
  statuses: z.record(z.string(), z.number().int()),
  latency: LatencyStats.nullable(),
  cold: LatencyStats.nullable(),
  warm: LatencyStats.nullable(),
  /** Distinct reasons the failed samples gave, most frequent first. */
  failures: z.array(z.string()),
  /** Why the sample stopped before sending all it was asked to; absent when it sent them all. */
  stoppedEarly: z.string().optional(),
  /**
   * The longest wait for a free connection of our own (more in flight than SMOKE_MAX_CONNECTIONS
   * allows): reported apart, never counted in the latencies. Absent in older records.
   */
  queuedMaxMs: z.number().optional(),
  /**
   * The answered requests' times (attemptMs) in the order sent: what the comparison with earlier
   * runs ranks (src/reporting/request-verdict.ts). Absent in older records.
   */
  latencies: z.array(z.number()).optional(),
})

export const SampleSummary = SampleFigures.extend({
  /**
   * The canary mode (SMOKE_BASELINE_URL): the same requests sent to the baseline URL, interleaved
   * with these, so that both saw the same network at the same time.
   */
  baseline: SampleFigures.extend({ baseUrl: z.string() }).optional(),
})
export type SampleSummary = z.infer<typeof SampleSummary>
type SampleFigures = z.infer<typeof SampleFigures>

const SampleSize = z.object({
  n: z.number().int().min(1, 'n must be at least 1: no requests prove nothing').default(20),
  concurrency: z.number().int().min(1).default(4),
  /**
   * Stop sending after this many timeouts in a row: a hanging service would otherwise hold the
   * check for n × the timeout, past the check's own timeout, which then hides the cause.
   */
  stopAfterTimeouts: z.number().int().min(1).default(3),
})

export type SampleOptions = z.input<typeof SampleSize> & {
  query?: Record<string, string | number | boolean | undefined>
  headers?: Record<string, string>
  auth?: boolean
  /** Which answers count as successes; 2xx by default. */
  ok?: (status: number) => boolean
  /** Count an answer that is not JSON as an error: a 200 maintenance page is no success. On by default. */
  json?: boolean
}

async function exchangeOf(send: () => Promise<SmokeResponse>): Promise<Exchange> {
  try {
    return (await send()).exchange
  } catch (error) {
    if (!(error instanceof RequestFailedError || error instanceof ResponseFormatError)) throw error
    return error.exchange
  }
}

/**
 * Sends the request n times, `concurrency` at a time, and summarises what came back. With a
 * baseline (the canary mode), each of the n turns sends the request to both, in alternating
 * order so that neither is always the one that goes first.
 */
export async function takeSample(
  send: () => Promise<SmokeResponse>,
  options: SampleOptions,
  baseline?: { baseUrl: string; send: () => Promise<SmokeResponse> },
): Promise<SampleSummary> {
  const size = SampleSize.safeParse(options)
  if (!size.success) throw new TypeError(`http.sample: ${z.prettifyError(size.error)}`)
  const { n, stopAfterTimeouts } = size.data
  const concurrency = Math.min(size.data.concurrency, n)
  const exchanges: Exchange[] = []
  const baselineExchanges: Exchange[] = []
  let started = 0
  let timeoutsInARow = 0
  const lane = async () => {
    while (started < n && timeoutsInARow < stopAfterTimeouts) {
      started += 1
      const turn = started
      if (baseline && turn % 2 === 0) baselineExchanges.push(await exchangeOf(baseline.send))
      const exchange = await exchangeOf(send)
      exchanges.push(exchange)
      if (baseline && turn % 2 === 1) baselineExchanges.push(await exchangeOf(baseline.send))
      timeoutsInARow = isTimeout(exchange.code) ? timeoutsInARow + 1 : 0
    }
  }
  await Promise.all(Array.from({ length: concurrency }, lane))
  const ok = options.ok ?? ((status: number) => status >= 200 && status < 300)
  const json = options.json ?? true
  const summary: SampleSummary = summarise(exchanges, concurrency, ok, json)
  if (baseline)
    summary.baseline = { ...summarise(baselineExchanges, concurrency, ok, json), baseUrl: baseline.baseUrl }
  if (exchanges.length < n)
    summary.stoppedEarly = `stopped early after ${stopAfterTimeouts} timeouts in a row, with ${exchanges.length} of ${n} requests sent`
  return summary
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0
}

export function latencyStats(values: number[]): LatencyStats | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  return {
    count: sorted.length,
    min: sorted[0] ?? 0,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? 0,
  }
}

function problemOf(e: Exchange, ok: (status: number) => boolean, json: boolean): string | undefined {
  if (e.status === null || e.error) return e.error ?? 'no response'
  if (!ok(e.status)) return `${e.status} ${e.statusText}`
  if (json && !isJsonType(e.contentType))
    return `${e.status} with content-type ${e.contentType ?? '(none)'}, not JSON`
  return undefined
}

function summarise(
  exchanges: Exchange[],
  concurrency: number,
  ok: (status: number) => boolean,
  json: boolean,
): SampleFigures {
  const first = exchanges[0]
  const statuses: Record<string, number> = {}
  const reasons = new Map<string, number>()
  const answered = exchanges.filter((e) => e.status !== null)
  let errors = 0
  for (const e of exchanges) {
    const key = e.status === null ? 'no response' : String(e.status)
    statuses[key] = (statuses[key] ?? 0) + 1
    const problem = problemOf(e, ok, json)
    if (problem) {
      errors += 1
      reasons.set(problem, (reasons.get(problem) ?? 0) + 1)
    }
  }
  const times = (list: Exchange[]) => list.map((e) => e.timings.attemptMs)
  return {
    method: first?.method ?? 'GET',
    path: first ? pathOf(first) : '',
    n: exchanges.length,
    concurrency,
    errors,
    errorRate: exchanges.length ? errors / exchanges.length : 0,
    statuses,
    latency: latencyStats(times(answered)),
    cold: latencyStats(times(answered.filter((e) => e.timings.phases.newConnection))),
    warm: latencyStats(times(answered.filter((e) => !e.timings.phases.newConnection))),
    failures: [...reasons.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([reason, count]) => `${count}× ${reason}`),
    queuedMaxMs: Math.max(0, ...exchanges.map((e) => e.timings.phases.queuedMs ?? 0)),
    latencies: times(answered).map((t) => Math.round(t * 100) / 100),
  }
}

export function sampleHeadline(s: SampleSummary): string {
  const l = s.latency
  const latency = l
    ? `p50 ${ms(l.p50)} · p95 ${ms(l.p95)} · p99 ${ms(l.p99)} · max ${ms(l.max)}`
    : 'no answers'
  const stopped = s.stoppedEarly ? ` · ${s.stoppedEarly}` : ''
  return `${s.method} ${s.path} ×${s.n}: ${latency} · errors ${s.errors}/${s.n} (${Math.round(s.errorRate * 100)} %)${stopped}`
}

/** A Markdown table for the annotation's attachment: what a reviewer reads in the HTML report. */
export function sampleTable(s: SampleSummary): string {
  const row = (name: string, l: LatencyStats | null) =>
    l
      ? `| ${name} | ${l.count} | ${ms(l.min)} | ${ms(l.p50)} | ${ms(l.p95)} | ${ms(l.p99)} | ${ms(l.max)} |`
      : `| ${name} | 0 | – | – | – | – | – |`
  return [
    `${s.method} ${s.path}, ${s.n} requests, ${s.concurrency} at a time`,
    '',
    '| connections | count | min | p50 | p95 | p99 | max |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    row('all', s.latency),
    row('new (cold)', s.cold),
    row('reused (warm)', s.warm),
    ...(s.baseline ? [row(`baseline ${s.baseline.baseUrl}`, s.baseline.latency)] : []),
    '',
    `statuses: ${Object.entries(s.statuses)
      .map(([status, count]) => `${status} ×${count}`)
      .join(', ')}`,
    `errors: ${s.errors}/${s.n} (${(s.errorRate * 100).toFixed(1)} %)${s.failures.length ? `: ${s.failures.join('; ')}` : ''}`,
    ...((s.queuedMaxMs ?? 0) >= 1
      ? [
          `queued up to ${ms(s.queuedMaxMs ?? 0)} for a free connection on our side (SMOKE_MAX_CONNECTIONS), not counted in the latencies`,
        ]
      : []),
    ...(s.stoppedEarly ? [s.stoppedEarly] : []),
  ].join('\n')
}
