// Server-Timing (W3C): what the service says it spent its time on, `db;dur=1.2;desc="2 queries"`.
// Several headers arrive joined by commas, which the list grammar already allows.
import { z } from 'zod'
import { firstParam, parseParamList } from './param-list.ts'

export const ServerTimingEntry = z.object({
  name: z.string().min(1),
  /** Milliseconds, when the metric states a duration. */
  dur: z.number().nonnegative().optional(),
  desc: z.string().optional(),
  /** The number leading the description (`"3 queries"` → 3): how many calls the metric stands for. */
  count: z.number().int().nonnegative().optional(),
})
export type ServerTimingEntry = z.infer<typeof ServerTimingEntry>

// A leading whole number that is not itself a duration: "3 queries", "12", but not "5 ms" or "1.5".
const COUNT = /^\s*(\d+)(?![\d.,])(?!\s*(?:ms|s|us|µs|ns)\b)/i

function countIn(desc: string | undefined): number | undefined {
  const match = desc === undefined ? null : COUNT.exec(desc)
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
    const count = countIn(desc)
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
  count: number | undefined
}

export function totalOf(timing: ServerTiming, name: string): TimingTotal {
  const entries = timing.all(name)
  const durs = entries.map((entry) => entry.dur)
  const counts = entries.map((entry) => entry.count)
  const sum = (values: (number | undefined)[]) =>
    values.length > 0 && values.every((v) => v !== undefined)
      ? values.reduce<number>((a, b) => a + (b ?? 0), 0)
      : undefined
  // Repeated metrics without a stated count are one call each; a single one says nothing.
  const count =
    sum(counts) ?? (entries.length > 1 && counts.every((c) => c === undefined) ? entries.length : undefined)
  return { name, entries, dur: sum(durs), count }
}
