// Budgets for a sample of requests (http.sample): latency percentiles and error rate. The
// failure names the budget broken, then the whole table, so the neighbours are in view.
import { type SampleSummary as Sample, SampleSummary, sampleHeadline, sampleTable } from '../http/sample.ts'
import type { MatcherResult } from './response-verdict.ts'

export interface LatencyBudget {
  p50?: number
  p95?: number
  p99?: number
  max?: number
}

function asSample(received: unknown): Sample {
  const parsed = SampleSummary.safeParse(received)
  if (parsed.success) return parsed.data
  throw new TypeError('expected the result of http.sample(...)')
}

const percent = (rate: number) => `${(rate * 100).toFixed(1).replace(/\.0$/, '')} %`

export const sampleMatchers = {
  toHaveLatency(received: unknown, budget: LatencyBudget): MatcherResult {
    const s = asSample(received)
    const broken = (Object.entries(budget) as [keyof LatencyBudget, number][])
      .filter(([stat, limit]) => s.latency === null || s.latency[stat] > limit)
      .map(([stat, limit]) => `${stat} ${s.latency ? Math.round(s.latency[stat]) : '–'} ms > ${limit} ms`)
    const wanted = Object.entries(budget)
      .map(([stat, limit]) => `${stat} ≤ ${limit} ms`)
      .join(', ')
    return {
      pass: broken.length === 0,
      message: () =>
        broken.length
          ? `expected ${s.method} ${s.path} ×${s.n} to keep ${wanted}, got ${s.latency ? broken.join(', ') : 'no answers at all'}\n\n${sampleTable(s)}`
          : `expected ${sampleHeadline(s)} to break ${wanted}, it kept it`,
    }
  },

  toHaveErrorRate(received: unknown, budget: { max: number }): MatcherResult {
    const s = asSample(received)
    return {
      pass: s.errorRate <= budget.max,
      message: () =>
        `expected ${s.method} ${s.path} ×${s.n} to fail at most ${percent(budget.max)} of the time, ${s.errors} of ${s.n} failed (${percent(s.errorRate)})${s.failures.length ? `: ${s.failures.join('; ')}` : ''}\n\n${sampleTable(s)}`,
    }
  },
}

export interface SampleMatchers<R = unknown> {
  /** Latency percentiles of a sample stay within the budget (ms); answered requests only. */
  toHaveLatency(budget: LatencyBudget): R
  /** At most this fraction (0 to 1) of the sampled requests failed. */
  toHaveErrorRate(budget: { max: number }): R
}

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: must repeat Vitest's own declaration to merge with it
  interface Matchers<T = any> extends SampleMatchers<T> {}
}
