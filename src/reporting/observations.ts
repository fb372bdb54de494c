// What a run saw of each request, as the comparison reads it: the answered requests' times and how
// many failed, a check's single requests and its samples pooled under `GET /path?query`. In the
// canary mode, a sample also holds what the baseline URL answered to the same requests.
import { subjectOf } from '../http/describe.ts'
import type { SampleSummary } from '../http/sample.ts'
import type { CheckRecord } from './check-record.ts'
import type { Observations } from './request-verdict.ts'

export type ByRequest = Map<string, Observations>
/** What the comparison reads of a run's checks. */
type Checks = { checks: readonly Pick<CheckRecord, 'exchanges' | 'samples'>[] }

/** A single request failed when nothing usable came back or the service erred; a 404 may be the point. */
const failed = (e: { status: number | null; error?: string | undefined }) =>
  e.status === null || e.error !== undefined || e.status >= 500

function add(into: ByRequest, request: string, seen: Observations): void {
  const kept = into.get(request) ?? { latencies: [], errors: 0, n: 0 }
  into.set(request, {
    latencies: [...kept.latencies, ...seen.latencies],
    errors: kept.errors + seen.errors,
    n: kept.n + seen.n,
  })
}

const ofSample = (s: Pick<SampleSummary, 'latencies' | 'errors' | 'n'>): Observations => ({
  latencies: s.latencies ?? [],
  errors: s.errors,
  n: s.n,
})

export function observationsOf(run: Checks): ByRequest {
  const seen: ByRequest = new Map()
  for (const check of run.checks) {
    for (const e of check.exchanges)
      add(seen, subjectOf(e), {
        latencies: e.status === null || e.error ? [] : [e.timings.attemptMs],
        errors: failed(e) ? 1 : 0,
        n: 1,
      })
    for (const s of check.samples) add(seen, `${s.method} ${s.path}`, ofSample(s))
  }
  return seen
}

/** The canary mode's two sides: each sampled request as the baseline URL and the base URL answered it. */
export function canarySidesOf(run: Checks): {
  baseline: ByRequest
  canary: ByRequest
} {
  const baseline: ByRequest = new Map()
  const canary: ByRequest = new Map()
  for (const s of run.checks.flatMap((c) => c.samples)) {
    if (!s.baseline) continue
    add(canary, `${s.method} ${s.path}`, ofSample(s))
    add(baseline, `${s.method} ${s.path}`, ofSample(s.baseline))
  }
  return { baseline, canary }
}

/** Everything several runs saw, pooled: the baseline that knows its noise. */
export function pooled(runs: readonly ByRequest[]): ByRequest {
  const all: ByRequest = new Map()
  for (const run of runs) for (const [request, seen] of run) add(all, request, seen)
  return all
}
