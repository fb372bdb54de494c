// One request judged against its baseline, the way Kayenta judges a canary metric: a latency
// change counts only when it is statistically significant (Mann–Whitney U) and large enough to
// matter (a ratio and a shift of the median, both floors), and the share of failed requests
// counts only when an exact test on the counts says it moved. A single look on each side is no
// evidence: it can never be significant, so it reads as unchanged.
import { z } from 'zod'
import { formatDuration as ms } from '../http/duration.ts'
import { latencyStats } from '../http/sample.ts'
import { fisherExact } from '../stats/fisher.ts'
import { mannWhitneyU } from '../stats/mann-whitney.ts'

const VERDICTS = ['unchanged', 'better', 'marginal', 'worse'] as const
export const RequestVerdictName = z.enum(VERDICTS)
export type RequestVerdictName = z.infer<typeof RequestVerdictName>

/** What was seen of one request on one side: the answered requests' times and the failures. */
export interface Observations {
  latencies: number[]
  errors: number
  n: number
}

export interface Floors {
  /** A change is significant below this p-value (SMOKE_COMPARE_P). */
  alpha: number
  /** The median must be this many times slower or faster (SMOKE_COMPARE_MIN_RATIO)… */
  minRatio: number
  /** …and move by this many milliseconds (SMOKE_COMPARE_MIN_SHIFT_MS). */
  minShiftMs: number
}

const Figures = z.object({ n: z.number().int(), p50: z.number(), p95: z.number() })

export const RequestComparison = z.object({
  /** `GET /api/posts?limit=10`. */
  request: z.string(),
  verdict: RequestVerdictName,
  /** One sentence with the figures and the evidence. */
  reason: z.string(),
  latency: z
    .object({
      verdict: RequestVerdictName,
      before: Figures,
      now: Figures,
      /** Two-sided Mann–Whitney U p-value. */
      p: z.number(),
      /** The slower median over the faster one: 1 when equal. */
      ratio: z.number(),
      /** Now's median minus the baseline's, in ms: positive when slower. */
      shiftMs: z.number(),
    })
    .nullable(),
  errors: z
    .object({
      verdict: RequestVerdictName,
      before: z.object({ errors: z.number().int(), n: z.number().int() }),
      now: z.object({ errors: z.number().int(), n: z.number().int() }),
      /** Two-sided Fisher's exact p-value. */
      p: z.number(),
    })
    .nullable(),
})
export type RequestComparison = z.infer<typeof RequestComparison>

const RANK: Record<RequestVerdictName, number> = { unchanged: 0, better: 1, marginal: 2, worse: 3 }

/** The graver of two verdicts: a request that got faster but fails more often got worse. */
const graver = (a: RequestVerdictName, b: RequestVerdictName) => (RANK[b] > RANK[a] ? b : a)

const formatP = (p: number) => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`)

function judgeLatency(before: number[], now: number[], floors: Floors) {
  const b = latencyStats(before)
  const c = latencyStats(now)
  if (!b || !c) return null
  const { p } = mannWhitneyU(now, before)
  const shiftMs = c.p50 - b.p50
  const ratio = Math.max(b.p50, c.p50) / Math.max(Math.min(b.p50, c.p50), Number.EPSILON)
  const floorsMet = [ratio >= floors.minRatio, Math.abs(shiftMs) >= floors.minShiftMs].filter(Boolean).length
  // Significant and past both floors: a change. Significant, slower and past one: worth a look.
  // Not significant: no evidence, however far the medians moved.
  let verdict: RequestVerdictName = 'unchanged'
  if (p < floors.alpha && floorsMet === 2) verdict = shiftMs > 0 ? 'worse' : 'better'
  else if (p < floors.alpha && floorsMet === 1 && shiftMs > 0) verdict = 'marginal'
  const figures = (s: NonNullable<typeof b>) => ({ n: s.count, p50: s.p50, p95: s.p95 })
  return { verdict, before: figures(b), now: figures(c), p, ratio, shiftMs }
}

function judgeErrors(before: Observations, now: Observations, floors: Floors) {
  if (before.n === 0 || now.n === 0) return null
  const p = fisherExact(now.errors, now.n - now.errors, before.errors, before.n - before.errors)
  const up = now.errors / now.n > before.errors / before.n
  const verdict: RequestVerdictName = p < floors.alpha ? (up ? 'worse' : 'better') : 'unchanged'
  return { verdict, before: { errors: before.errors, n: before.n }, now: { errors: now.errors, n: now.n }, p }
}

type Judged = Omit<RequestComparison, 'reason' | 'request'>

/** "38 → 71 ms". */
const span = (before: number, now: number) => `${ms(before).replace(/ ms$/, '')} → ${ms(now)}`

function latencyReason(request: string, latency: NonNullable<Judged['latency']>, floors: Floors): string {
  const figures = `p50 ${span(latency.before.p50, latency.now.p50)}, p95 ${span(latency.before.p95, latency.now.p95)}`
  const evidence = `${formatP(latency.p)}, n = ${latency.now.n} vs ${latency.before.n}`
  switch (latency.verdict) {
    case 'worse':
      return `${request} got slower: ${figures}, significant (${evidence})`
    case 'better':
      return `${request} got faster: ${figures}, significant (${evidence})`
    case 'marginal': {
      const short =
        latency.ratio < floors.minRatio
          ? `only ${latency.ratio.toFixed(2)}× (floor ${floors.minRatio}×)`
          : `only ${ms(latency.shiftMs)} more (floor ${floors.minShiftMs} ms)`
      return `${request} may have got slower: ${figures}, significant (${evidence}) but ${short}`
    }
    default:
      return `${request} unchanged: ${figures} (${evidence}, ${latency.p < floors.alpha ? 'short of the floor' : 'not significant'})`
  }
}

function errorsReason(request: string, errors: NonNullable<Judged['errors']>): string {
  const share = (side: { errors: number; n: number }) =>
    `${side.errors} of ${side.n} (${((side.errors / side.n) * 100).toFixed(1)} %)`
  const moved = errors.verdict === 'worse' ? 'fails more often' : 'fails less often'
  return `${request} ${moved}: ${share(errors.now)} against ${share(errors.before)}, significant (${formatP(errors.p)})`
}

/** The graver finding first; an unchanged error rate goes unsaid. */
function reasonOf(request: string, { latency, errors }: Judged, floors: Floors): string {
  const said = [
    ...(errors && errors.verdict !== 'unchanged'
      ? [{ verdict: errors.verdict, text: errorsReason(request, errors) }]
      : []),
    ...(latency ? [{ verdict: latency.verdict, text: latencyReason(request, latency, floors) }] : []),
  ].sort((a, b) => RANK[b.verdict] - RANK[a.verdict])
  if (said.length === 0) return `${request}: no answered request on one side, no latency to compare`
  const [first, second] = said
  return second && second.verdict !== 'unchanged' ? `${first?.text}; ${second.text}` : (first?.text ?? '')
}

export function judgeRequest(
  request: string,
  before: Observations,
  now: Observations,
  floors: Floors,
): RequestComparison {
  const latency = judgeLatency(before.latencies, now.latencies, floors)
  const errors = judgeErrors(before, now, floors)
  const verdict = graver(latency?.verdict ?? 'unchanged', errors?.verdict ?? 'unchanged')
  return {
    request,
    verdict,
    reason: reasonOf(request, { verdict, latency, errors }, floors),
    latency,
    errors,
  }
}
