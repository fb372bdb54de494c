// Matchers on what the service says about itself: whether a cache answered (Cache-Status,
// X-Cache, Age) and what Server-Timing reports. A failure quotes every header it read, so a
// reader sees whether the service said "miss" or said nothing at all.

import { withEvidence } from '../http/describe.ts'
import type { CacheSignals } from '../signals/cache.ts'
import { totalOf } from '../signals/server-timing.ts'
import { formatMs } from '../signals/summary.ts'
import {
  asResponse,
  type MatcherResult,
  type MatcherState,
  subject,
  unobserved,
  verdict,
} from './response-verdict.ts'

export interface ServerTimingBudget {
  /** The metric's duration (summed over repeated metrics of that name), in milliseconds. */
  maxDur?: number
  /**
   * Calls: the metric's `count` parameter, else "N queries" (or calls, requests, statements) in its
   * description; repeated metrics add up, one call for each that states no count.
   */
  maxCount?: number
}

function quoted(label: string, value: string | undefined): string {
  return value === undefined ? `no ${label}` : `${label} "${value}"`
}

function whatWasSaid(cache: CacheSignals): string {
  const { cacheStatus, xCache, age } = cache.said
  return [quoted('Cache-Status', cacheStatus), quoted('X-Cache', xCache), quoted('Age', age)].join(', ')
}

function cacheVerdict(state: MatcherState, received: unknown, wantHit: boolean): MatcherResult {
  const res = asResponse(received)
  const cache = res.cache
  const wanted = wantHit ? 'a cache hit' : 'a cache miss'
  if (cache.hit === undefined) {
    const not = state.isNot ? ' not' : ''
    return unobserved(
      state,
      withEvidence(
        `expected ${subject(res)}${not} to be ${wanted}, it sent no header saying whether a cache answered: ${whatWasSaid(cache)}`,
        res.exchange,
      ),
    )
  }
  return verdict(
    res,
    cache.hit === wantHit,
    `expected ${subject(res)} to be ${wanted}, the service reports ${cache.hit ? 'a hit' : 'a miss'}: ${whatWasSaid(cache)}`,
    `expected ${subject(res)} not to be ${wanted}, it was: ${whatWasSaid(cache)}`,
  )
}

function budgetText(name: string, budget: ServerTimingBudget): string {
  const limits: string[] = []
  if (budget.maxDur !== undefined) limits.push(`within ${budget.maxDur} ms`)
  if (budget.maxCount !== undefined)
    limits.push(`at most ${budget.maxCount} call${budget.maxCount === 1 ? '' : 's'}`)
  return limits.length ? `${name} ${limits.join(' and ')}` : name
}

export const signalMatchers = {
  toBeCacheHit(this: MatcherState, received: unknown): MatcherResult {
    return cacheVerdict(this, received, true)
  },

  toBeCacheMiss(this: MatcherState, received: unknown): MatcherResult {
    return cacheVerdict(this, received, false)
  },

  toHaveServerTiming(
    this: MatcherState,
    received: unknown,
    name: string,
    budget: ServerTimingBudget = {},
  ): MatcherResult {
    const res = asResponse(received)
    const raw = res.header('server-timing')
    const said = raw === undefined ? 'no Server-Timing header' : `Server-Timing: ${raw}`
    const total = totalOf(res.serverTiming, name)
    const wanted = `expected ${subject(res)} to report server timing ${budgetText(name, budget)}`
    const budgeted = budget.maxDur !== undefined || budget.maxCount !== undefined
    if (total.entries.length === 0) {
      const absent = `${wanted}, it reported no metric named ${name} (${said})`
      // Without a budget the claim is the metric itself, and its absence was seen; a budget over a
      // metric that was never sent was not judged at all, whichever way round it was asked.
      if (budgeted) return unobserved(this, withEvidence(absent, res.exchange))
      return verdict(
        res,
        false,
        absent,
        `expected ${subject(res)} not to report server timing ${name}, it did`,
      )
    }
    const unstated: string[] = []
    const problems: string[] = []
    const { maxDur, maxCount } = budget
    if (maxDur !== undefined) {
      if (total.dur === undefined) unstated.push(`${name} states no duration`)
      else if (total.dur > maxDur) problems.push(`${name} took ${formatMs(total.dur)} ms`)
    }
    if (maxCount !== undefined) {
      if (total.count === undefined)
        unstated.push(
          `${name} states no count (no count parameter, no "N queries" or "N calls" in its description)`,
        )
      else if (total.count > maxCount)
        problems.push(`${name} was called ${total.count} time${total.count === 1 ? '' : 's'}`)
    }
    if (unstated.length)
      return unobserved(
        this,
        withEvidence(`${wanted}, but ${unstated.join(' and ')} (${said})`, res.exchange),
      )
    return verdict(
      res,
      problems.length === 0,
      `${wanted}, but ${problems.join(' and ')} (${said})`,
      `expected ${subject(res)} not to report server timing ${budgetText(name, budget)}, it did (${said})`,
    )
  },
}

export interface SignalMatchers<R = unknown> {
  /** A cache answered: Cache-Status has a `hit` member, or else X-Cache says HIT. */
  toBeCacheHit(): R
  /** A cache went forward to the origin: Cache-Status has `fwd=…`, or else X-Cache says MISS. */
  toBeCacheMiss(): R
  /** Server-Timing has the metric, within the duration and call budget when given. */
  toHaveServerTiming(name: string, budget?: ServerTimingBudget): R
}

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: must repeat Vitest's own declaration to merge with it
  interface Matchers<T = any> extends SignalMatchers<T> {}
}
