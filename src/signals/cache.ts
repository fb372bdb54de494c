// Was this response served from a cache? Cache-Status says it best; X-Cache (CDNs, Varnish,
// nginx setups) is the common fallback; Age says how old a cached answer is.
import { z } from 'zod'
import { CacheStatusEntry, parseCacheStatus } from './cache-status.ts'

export const CacheSignals = z.object({
  /** undefined when no header says either way. */
  hit: z.boolean().optional(),
  /** The header the verdict comes from. */
  source: z.enum(['cache-status', 'x-cache']).optional(),
  /** Seconds of freshness left, from the Cache-Status member that answered. */
  ttl: z.number().int().optional(),
  /** Seconds since the origin produced the response (the Age header). */
  age: z.number().int().nonnegative().optional(),
  caches: z.array(CacheStatusEntry),
  /** The raw headers the verdict was drawn from, for messages. */
  said: z.object({
    cacheStatus: z.string().optional(),
    xCache: z.string().optional(),
    age: z.string().optional(),
  }),
})
export type CacheSignals = z.infer<typeof CacheSignals>

type Headers = Readonly<Record<string, string | undefined>>

// `HIT`, `TCP_HIT`, `Hit from cloudfront`, and Fastly's `MISS, HIT` (shield, then edge).
function xCacheVerdict(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined
  const words = value.split(',').map((part) => part.toUpperCase())
  if (words.some((word) => /(?:^|[^A-Z])HIT(?:[^A-Z]|$)/.test(word))) return true
  if (words.some((word) => /(?:^|[^A-Z])MISS(?:[^A-Z]|$)/.test(word))) return false
  return undefined
}

// Any cache along the way that answered makes it a hit; misses need a cache that went forward.
function cacheStatusVerdict(caches: readonly CacheStatusEntry[]): boolean | undefined {
  if (caches.some((entry) => entry.hit)) return true
  if (caches.some((entry) => entry.fwd !== undefined)) return false
  return undefined
}

export function cacheSignals(headers: Headers): CacheSignals {
  const said = {
    cacheStatus: headers['cache-status'],
    xCache: headers['x-cache'],
    age: headers.age,
  }
  const caches = parseCacheStatus(said.cacheStatus)
  const fromStatus = cacheStatusVerdict(caches)
  const fromXCache = xCacheVerdict(said.xCache)
  const hit = fromStatus ?? fromXCache
  const source = fromStatus !== undefined ? 'cache-status' : fromXCache !== undefined ? 'x-cache' : undefined
  // The member that answered, else the one nearest the user (the list's last).
  const answering = caches.find((entry) => entry.hit) ?? caches.at(-1)
  const age = said.age !== undefined && /^\s*\d+\s*$/.test(said.age) ? Number(said.age) : undefined
  return {
    ...(hit === undefined ? {} : { hit }),
    ...(source === undefined ? {} : { source }),
    ...(answering?.ttl === undefined ? {} : { ttl: answering.ttl }),
    ...(age === undefined ? {} : { age }),
    caches,
    said,
  }
}
