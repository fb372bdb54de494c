// The service's own account of a response on one line, for annotations next to the exchange:
// `server: db 1.2 ms (2 queries), cache miss; Cache-Status: miss at demo-cache, stored`.
import { type CacheSignals, cacheSignals } from './cache.ts'
import { parseServerTiming, type ServerTimingEntry } from './server-timing.ts'

type Headers = Readonly<Record<string, string | undefined>>

export function formatMs(ms: number): string {
  return String(Number(ms.toFixed(1)))
}

function metric(entry: ServerTimingEntry): string {
  if (entry.dur === undefined) return entry.desc === undefined ? entry.name : `${entry.name} ${entry.desc}`
  const desc = entry.desc === undefined ? '' : ` (${entry.desc})`
  return `${entry.name} ${formatMs(entry.dur)} ms${desc}`
}

function cachePart(cache: CacheSignals): string | undefined {
  if (cache.source === undefined) return cache.age === undefined ? undefined : `Age: ${cache.age} s`
  let verdict = cache.hit ? 'hit' : 'miss'
  const details: string[] = []
  if (cache.source === 'cache-status') {
    const answering = cache.caches.find((entry) => entry.hit) ?? cache.caches.at(-1)
    if (answering) verdict += ` at ${answering.cache}`
    if (cache.ttl !== undefined) details.push(`ttl ${cache.ttl} s`)
    if (answering?.stored) details.push('stored')
  }
  if (cache.age !== undefined) details.push(`age ${cache.age} s`)
  const label = cache.source === 'cache-status' ? 'Cache-Status' : 'X-Cache'
  return `${label}: ${[verdict, ...details].join(', ')}`
}

/** One line of Server-Timing and cache signals, or undefined when the response carries none. */
export function describeServerSignals(headers: Headers): string | undefined {
  const timing = parseServerTiming(headers['server-timing'])
  const parts: string[] = []
  if (timing.size > 0) parts.push(`server: ${timing.entries.map(metric).join(', ')}`)
  const cache = cachePart(cacheSignals(headers))
  if (cache !== undefined) parts.push(cache)
  return parts.length === 0 ? undefined : parts.join('; ')
}
