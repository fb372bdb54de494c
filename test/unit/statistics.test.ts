// The statistics the comparison rests on, against values scipy 1.17 gives for the same input
// (scipy.stats.mannwhitneyu with its defaults, scipy.stats.fisher_exact) and textbook examples.
import { describe, expect, it } from 'vitest'
import { fisherExact } from '../../src/stats/fisher.ts'
import { mannWhitneyU } from '../../src/stats/mann-whitney.ts'
import { erfc, normalSf } from '../../src/stats/normal.ts'
import { rank } from '../../src/stats/ranks.ts'

const range = (from: number, to: number, plus = 0) =>
  Array.from({ length: to - from }, (_, i) => from + i + plus)

describe('the normal tail', () => {
  it.each([
    [0, 0.5],
    [1.959963984540054, 0.025],
    [3.090232306167813, 0.001],
    [-1.6448536269514722, 0.95],
  ])('P(Z > %f) = %f', (z, p) => {
    expect(normalSf(z)).toBeCloseTo(p, 6)
  })

  it('erfc is 2 − erfc(−x)', () => {
    expect(erfc(-0.7) + erfc(0.7)).toBeCloseTo(2, 12)
  })
})

describe('rank', () => {
  it('gives tied values their average rank and counts the ties', () => {
    expect(rank([10, 20, 20, 5, 20])).toEqual({ ranks: [2, 4, 4, 1, 4], ties: [3] })
  })
})

describe('mannWhitneyU', () => {
  it.each([
    ['exact, 5 against 4', [19, 22, 16, 29, 24], [20, 11, 17, 12], 17, 0.1111111111111111, 'exact'],
    [
      'exact, 3 against 10',
      [1.5, 2.5, 9.1],
      range(3, 14).filter((v) => v !== 9),
      6,
      0.16083916083916086,
      'exact',
    ],
    [
      'normal, with ties',
      [1, 2, 2, 3, 3, 3, 4, 5, 9, 9],
      [2, 3, 4, 4, 5, 6, 6, 7, 8, 8, 10, 12],
      33,
      0.0786941672884515,
      'normal',
    ],
    ['normal, no ties', range(10, 30, 0.5), range(18, 48), 78, 1.1526667571576697e-5, 'normal'],
    ['every value tied', Array(9).fill(5), Array(10).fill(5), 45, 1, 'normal'],
  ])('%s: U and p as scipy gives them', (_, x, y, u, p, method) => {
    const result = mannWhitneyU(x, y)
    expect(result.u).toBe(u)
    expect(result.method).toBe(method)
    expect(result.p).toBeCloseTo(p, 6)
    expect(Math.abs(result.p - p) / p).toBeLessThan(1e-5)
  })

  it('is symmetric: swapping the samples keeps p and mirrors U', () => {
    const x = [12, 15, 11, 30, 14, 13, 16, 18, 17, 12.5]
    const y = [20, 22, 21, 25, 19, 24, 23, 26, 27, 21.5, 22.5]
    expect(mannWhitneyU(y, x).p).toBeCloseTo(mannWhitneyU(x, y).p, 12)
    expect(mannWhitneyU(y, x).u).toBe(x.length * y.length - mannWhitneyU(x, y).u)
  })

  it('cannot tell one look from one look apart', () => {
    // The false positive: 13 ms then 393 ms, one request each.
    expect(mannWhitneyU([13], [393]).p).toBe(1)
  })

  it('refuses an empty sample', () => {
    expect(() => mannWhitneyU([], [1])).toThrow(RangeError)
  })
})

describe('fisherExact', () => {
  it.each([
    ['the textbook example', [1, 9, 11, 3], 0.0027594561852200836],
    ['3 of 40 failed against none of 200', [0, 200, 3, 37], 0.004342322703139832],
    ['2 of 40 failed against none of 200', [0, 200, 2, 38], 0.02719665271966527],
    ['3 % against 10 %', [3, 97, 10, 90], 0.08179405296897922],
    ['the same rate', [5, 95, 5, 95], 1],
    ['an empty group', [0, 0, 0, 5], 1],
  ])('%s: p as scipy gives it', (_, [a = 0, b = 0, c = 0, d = 0], p) => {
    expect(fisherExact(a, b, c, d)).toBeCloseTo(p, 9)
  })

  it('refuses what is not a count', () => {
    expect(() => fisherExact(1.5, 2, 3, 4)).toThrow(RangeError)
  })
})
