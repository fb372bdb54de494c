// Server-Timing (W3C): what the service says it spent its time on, `db;dur=1.2;desc="2 queries"`.
// Several headers arrive joined by commas, which the list grammar already allows.
import { z } from 'zod'
import { firstParam, parseParamList } from './param-list.ts'

export const ServerTimingEntry = z.object({
  name: z.string().min(1),
  /** Milliseconds, when the metric states a duration. */
  dur: z.number().nonnegative().optional(),
  desc: z.string().optional(),
  /**
   * How many calls the metric stands for, when it says: a `count` parameter (`db;dur=3;count=2`),
   * else a whole number with a count noun in the description (`"2 queries"`, `"1 call"`).
   */
  count: z.number().int().nonnegative().optional(),
})
export type ServerTimingEntry = z.infer<typeof ServerTimingEntry>

// The nouns that make a number in a description a count of calls.
const COUNT_NOUNS = ['query', 'queries', 'call', 'calls', 'request', 'requests', 'statement', 'statements']

// "2 queries", "users: 3 calls"; not "1.5 queries", "v2 calls" or "2 requests/s". Any number
// without such a noun ("200 OK", "2 min", "10 % hit", "2024-05-01") counts nothing.
const COUNT_IN_DESC = new RegExp(`(?<![\\w.])(\\d+)\\s*(?:${COUNT_NOUNS.join('|')})(?![\\w/])`, 'i')

function countOf(param: string | undefined, desc: string | undefined): number | undefined {
  if (param !== undefined) return /^\d+$/.test(param) ? Number(param) : undefined
  const match = desc === undefined ? null : COUNT_IN_DESC.exec(desc)
  return match?.[1] === undefined ? undefined : Number(match[1])
}

function asText(value: string | true | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined
}

export class ServerTiming {
  constructor(readonly entries: readonly ServerTimingEntry[]) {}

  get size(): number {
    return this.entries.length
  }

  /** The first metric of that name (names compare case-insensitively). */
  get(name: string): ServerTimingEntry | undefined {
    return this.all(name)[0]
  }

  /** Every metric of that name: a service may report one per call. */
  all(name: string): ServerTimingEntry[] {
    const wanted = name.toLowerCase()
    return this.entries.filter((entry) => entry.name.toLowerCase() === wanted)
  }
}

export function parseServerTiming(field: string | undefined): ServerTiming {
  const entries = parseParamList(field).map((member): ServerTimingEntry => {
    // The spec keeps the first of repeated params and ignores ones it does not know.
    const rawDur = asText(firstParam(member, 'dur'))
    const dur = rawDur === undefined ? Number.NaN : Number.parseFloat(rawDur)
    const desc = asText(firstParam(member, 'desc'))
    const count = countOf(asText(firstParam(member, 'count')), desc)
    return {
      name: member.value,
      ...(Number.isFinite(dur) && dur >= 0 ? { dur } : {}),
      ...(desc === undefined ? {} : { desc }),
      ...(count === undefined ? {} : { count }),
    }
  })
  return new ServerTiming(entries)
}

/** What the metrics of one name add up to: total duration and calls, where the service says. */
export interface TimingTotal {
  name: string
  entries: ServerTimingEntry[]
  dur: number | undefined
  /** undefined when the one metric of this name states no count; 0 when there is none. */
  count: number | undefined
}

export function totalOf(timing: ServerTiming, name: string): TimingTotal {
  const entries = timing.all(name)
  const durs = entries.map((entry) => entry.dur)
  const dur =
    durs.length > 0 && durs.every((d) => d !== undefined) ? durs.reduce((a, b) => a + b, 0) : undefined
  // One metric that states no count says nothing about calls. Repeated ones add up, each that
  // states none standing for one call: `db;desc="3 queries", db;dur=2` is 4 calls at least.
  const count =
    entries.length === 1 ? entries[0]?.count : entries.reduce((n, entry) => n + (entry.count ?? 1), 0)
  return { name, entries, dur, count }
}
