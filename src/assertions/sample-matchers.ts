// Budgets for a sample of requests (http.sample): latency percentiles and error rate. The
// failure names the budget broken, then the whole table, so the neighbours are in view. A
// budget that cannot mean what it says (`{ max: 25 }` for 25 %, `{ p90: 100 }`) is refused
// rather than passed.
import { z } from 'zod'
import { formatDuration } from '../http/duration.ts'
import { type SampleSummary as Sample, SampleSummary, sampleHeadline, sampleTable } from '../http/sample.ts'
import { type MatcherResult, type MatcherState, unobserved } from './response-verdict.ts'

const ms = z.number().nonnegative()
const LatencyBudget = z
  .strictObject({ p50: ms, p95: ms, p99: ms, max: ms })
  .partial()
  .refine((budget) => Object.keys(budget).length > 0, 'name at least one of p50, p95, p99, max')
export type LatencyBudget = z.infer<typeof LatencyBudget>

const ErrorBudget = z.union(
  [
    z.strictObject({
      max: z
        .number()
        .min(0)
        .max(1, 'max is a fraction from 0 to 1 (0.25 for 25 %); for a percentage pass { maxPercent }'),
    }),
    z.strictObject({ maxPercent: z.number().min(0).max(100) }),
  ],
  { error: 'expected { max } as a fraction from 0 to 1, or { maxPercent } from 0 to 100' },
)
export type ErrorBudget = z.infer<typeof ErrorBudget>

function asSample(received: unknown): Sample {
  const parsed = SampleSummary.safeParse(received)
  if (parsed.success) return parsed.data
  throw new TypeError('expected the result of http.sample(...)')
}

function asBudget<S extends z.ZodType>(schema: S, budget: unknown, matcher: string): z.output<S> {
  const parsed = schema.safeParse(budget)
  if (parsed.success) return parsed.data
  throw new TypeError(`${matcher}(${JSON.stringify(budget)}): ${z.prettifyError(parsed.error)}`)
}

const percent = (rate: number) => `${(rate * 100).toFixed(1).replace(/\.0$/, '')} %`

// Said on every failure of a sample that stopped early: the table alone would hide why n is small.
const stopped = (s: Sample) => (s.stoppedEarly ? `; ${s.stoppedEarly}` : '')

export const sampleMatchers = {
  toHaveLatency(this: MatcherState, received: unknown, budget: LatencyBudget): MatcherResult {
    const s = asSample(received)
    const limits = Object.entries(asBudget(LatencyBudget, budget, 'toHaveLatency')) as [
      keyof LatencyBudget,
      number,
    ][]
    const wanted = limits.map(([stat, limit]) => `${stat} ≤ ${limit} ms`).join(', ')
    const latency = s.latency
    // No answer, no latency: neither "kept" nor "broke" the budget was seen.
    if (latency === null)
      return unobserved(
        this,
        `expected ${s.method} ${s.path} ×${s.n} to ${this.isNot ? 'break' : 'keep'} ${wanted}, got no answers at all${stopped(s)}\n\n${sampleTable(s)}`,
      )
    const broken = limits
      .filter(([stat, limit]) => latency[stat] > limit)
      .map(([stat, limit]) => `${stat} ${formatDuration(latency[stat])} > ${limit} ms`)
    return {
      pass: broken.length === 0,
      message: () =>
        broken.length
          ? `expected ${s.method} ${s.path} ×${s.n} to keep ${wanted}, got ${broken.join(', ')}${stopped(s)}\n\n${sampleTable(s)}`
          : `expected ${sampleHeadline(s)} to break ${wanted}, it kept it`,
    }
  },

  toHaveErrorRate(received: unknown, budget: ErrorBudget): MatcherResult {
    const s = asSample(received)
    const parsed = asBudget(ErrorBudget, budget, 'toHaveErrorRate')
    const max = 'max' in parsed ? parsed.max : parsed.maxPercent / 100
    return {
      pass: s.errorRate <= max,
      message: () =>
        `expected ${s.method} ${s.path} ×${s.n} to fail at most ${percent(max)} of the time, ${s.errors} of ${s.n} failed (${percent(s.errorRate)})${s.failures.length ? `: ${s.failures.join('; ')}` : ''}${stopped(s)}\n\n${sampleTable(s)}`,
    }
  },
}

export interface SampleMatchers<R = unknown> {
  /** Latency percentiles of a sample stay within the budget (ms); answered requests only. */
  toHaveLatency(budget: LatencyBudget): R
  /** At most this share of the sampled requests failed: `{ max: 0.05 }` (a fraction) or `{ maxPercent: 5 }`. */
  toHaveErrorRate(budget: ErrorBudget): R
}

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: must repeat Vitest's own declaration to merge with it
  interface Matchers<T = any> extends SampleMatchers<T> {}
}
