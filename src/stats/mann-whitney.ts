// The Mann–Whitney U test (Wilcoxon rank-sum), two-sided: do two samples of latencies come from
// the same distribution, or does one tend to be larger? It assumes no shape (latencies are
// skewed, with long tails) and one slow outlier moves it by one rank, not by its size.
// Same conventions as scipy.stats.mannwhitneyu(x, y) with its defaults: the exact distribution
// when one sample has at most 8 values and nothing is tied, otherwise the normal approximation
// with the tie correction and a continuity correction.
import { normalSf } from './normal.ts'
import { rank } from './ranks.ts'

export interface MannWhitney {
  /** U of the first sample: how many (x, y) pairs have x > y, ties counting one half. */
  u: number
  /** Two-sided p-value. */
  p: number
  method: 'exact' | 'normal'
}

/** Largest sample size of the smaller sample for which the exact distribution is used. */
const EXACT_UP_TO = 8

/**
 * How many arrangements of m x-values among m + n values give each U (index = U): the
 * coefficients of the Gaussian binomial [m + n choose m] in q, built as a product of
 * (1 − q^(n+i)) / (1 − q^i) for i = 1..m.
 */
function uCounts(m: number, n: number): number[] {
  const counts = new Array<number>(m * n + 1).fill(0)
  counts[0] = 1
  for (let i = 1; i <= m; i += 1) {
    // Multiply by (1 − q^(n+i)), highest power first so each coefficient is read before it changes.
    for (let k = m * n; k >= n + i; k -= 1) counts[k] = (counts[k] ?? 0) - (counts[k - n - i] ?? 0)
    // Divide by (1 − q^i): a running sum with stride i.
    for (let k = i; k <= m * n; k += 1) counts[k] = (counts[k] ?? 0) + (counts[k - i] ?? 0)
  }
  return counts
}

function exactP(uMax: number, m: number, n: number): number {
  const counts = uCounts(Math.min(m, n), Math.max(m, n))
  const total = counts.reduce((sum, c) => sum + c, 0)
  let upper = 0
  for (let k = Math.ceil(uMax); k < counts.length; k += 1) upper += counts[k] ?? 0
  return Math.min(1, (2 * upper) / total)
}

export function mannWhitneyU(x: readonly number[], y: readonly number[]): MannWhitney {
  const n1 = x.length
  const n2 = y.length
  if (n1 === 0 || n2 === 0) throw new RangeError('mannWhitneyU needs at least one value in each sample')
  const { ranks, ties } = rank([...x, ...y])
  const r1 = ranks.slice(0, n1).reduce((sum, r) => sum + r, 0)
  const u = r1 - (n1 * (n1 + 1)) / 2
  const uMax = Math.max(u, n1 * n2 - u)
  if (ties.length === 0 && Math.min(n1, n2) <= EXACT_UP_TO)
    return { u, p: exactP(uMax, n1, n2), method: 'exact' }
  const n = n1 + n2
  const tieTerm = ties.reduce((sum, t) => sum + t ** 3 - t, 0) / (n * (n - 1))
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm))
  // Every value tied: nothing tells the samples apart.
  if (sigma === 0) return { u, p: 1, method: 'normal' }
  const z = (uMax - (n1 * n2) / 2 - 0.5) / sigma
  return { u, p: Math.min(1, 2 * normalSf(z)), method: 'normal' }
}
