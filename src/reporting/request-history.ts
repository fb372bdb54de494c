// The recent history of each request in one environment, kept beside the run records: what the
// last green runs saw of it (times and failures, not only percentiles), so that a new run is judged
// against several runs' worth of noise instead of one earlier timing. Bounded: the last
// MAX_RUNS green runs, each request's times thinned to MAX_TIMES.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { redact } from '../redaction/redact.ts'
import type { ByRequest } from './observations.ts'
import { HISTORY } from './outputs.ts'

const FORMAT = 'smokecheck-requests/1'
/** The most runs SMOKE_COMPARE_RUNS may ask for (src/config/settings.ts). */
const MAX_RUNS = 20
/** Per request and run: a sample of 1000 keeps 200 evenly spaced times, enough for the rank test. */
const MAX_TIMES = 200

const Seen = z.object({ latencies: z.array(z.number()), errors: z.number().int(), n: z.number().int() })

const RequestHistory = z.object({
  format: z.literal(FORMAT),
  environment: z.string(),
  runs: z.array(z.object({ startedAt: z.string(), requests: z.record(z.string(), Seen) })),
})
type RequestHistory = z.infer<typeof RequestHistory>

const fileOf = (dir: string, environment: string) => join(dir, HISTORY, `requests-${environment}.json`)

function read(dir: string, environment: string): RequestHistory['runs'] {
  const file = fileOf(dir, environment)
  if (!existsSync(file)) return []
  try {
    const parsed = RequestHistory.safeParse(JSON.parse(readFileSync(file, 'utf8')))
    return parsed.success && parsed.data.environment === environment ? parsed.data.runs : []
  } catch {
    // An unreadable history is no history: the next green run starts a new one.
    return []
  }
}

/** The last `runs` green runs of the environment, newest first, and when the oldest of them started. */
export function recentRuns(
  dir: string,
  environment: string,
  runs: number,
): { seen: ByRequest[]; since?: string } {
  const recent = read(dir, environment).slice(-runs).reverse()
  return {
    seen: recent.map((run) => new Map(Object.entries(run.requests))),
    since: recent.at(-1)?.startedAt,
  }
}

function thinned(values: number[]): number[] {
  if (values.length <= MAX_TIMES) return values
  const step = values.length / MAX_TIMES
  return Array.from({ length: MAX_TIMES }, (_, i) => values[Math.floor(i * step)] ?? 0)
}

/** Adds a green run to its environment's history, dropping the oldest beyond MAX_RUNS. */
export function remember(dir: string, environment: string, startedAt: string, seen: ByRequest): void {
  const requests = Object.fromEntries(
    [...seen].map(([request, s]) => [request, { ...s, latencies: thinned(s.latencies) }]),
  )
  const history: RequestHistory = {
    format: FORMAT,
    environment,
    runs: [...read(dir, environment), { startedAt, requests }].slice(-MAX_RUNS),
  }
  mkdirSync(join(dir, HISTORY), { recursive: true })
  writeFileSync(fileOf(dir, environment), redact(JSON.stringify(history)))
}
