// Fisher's exact test on a 2×2 table of counts, two-sided: did the share of failed requests change
// between two runs? Exact, so 0 of 200 against 3 of 40 is judged right where a chi-squared
// approximation would not be. Same convention as scipy.stats.fisher_exact: the p-value sums
// every table with the same margins that is at most as likely as the one observed.

const logFactorials: number[] = [0]

function logFactorial(n: number): number {
  for (let k = logFactorials.length; k <= n; k += 1)
    logFactorials[k] = (logFactorials[k - 1] ?? 0) + Math.log(k)
  return logFactorials[n] ?? 0
}

/** Relative tolerance for "as likely as the observed table", against rounding in the logs. */
const RELATIVE_TOLERANCE = 1 + 1e-7

/**
 * The two-sided p-value for failures `a` of `a + b` in one group against `c` of `c + d` in the other.
 */
export function fisherExact(a: number, b: number, c: number, d: number): number {
  for (const count of [a, b, c, d])
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`fisherExact needs counts, got ${count}`)
  const row1 = a + b
  const col1 = a + c
  const n = a + b + c + d
  const fixed =
    logFactorial(row1) +
    logFactorial(n - row1) +
    logFactorial(col1) +
    logFactorial(n - col1) -
    logFactorial(n)
  const probability = (x: number) =>
    Math.exp(
      fixed -
        logFactorial(x) -
        logFactorial(row1 - x) -
        logFactorial(col1 - x) -
        logFactorial(n - row1 - col1 + x),
    )
  const observed = probability(a)
  let p = 0
  for (let x = Math.max(0, row1 + col1 - n); x <= Math.min(row1, col1); x += 1) {
    const px = probability(x)
    if (px <= observed * RELATIVE_TOLERANCE) p += px
  }
  return Math.min(1, p)
}
