// An in-memory response cache keyed by path and query, with the headers a CDN or a cache
// middleware would add, so that the Server-Timing and Cache-Status checks have something real to read.
// Only 200 answers are kept: an error is recomputed every time, so it ends with its cause.

export interface CachedResponse {
  body: string
  storedAt: number
}

export const CACHE_TTL_S = 60

export class ResponseCache {
  hits = 0
  misses = 0
  readonly #entries = new Map<string, CachedResponse>()

  // The bound keeps arbitrary query strings from growing memory without limit.
  constructor(
    readonly ttlMs = CACHE_TTL_S * 1000,
    readonly maxEntries = 1000,
  ) {}

  get size(): number {
    return this.#entries.size
  }

  lookup(key: string, now: number): CachedResponse | undefined {
    const entry = this.#entries.get(key)
    if (entry !== undefined && now - entry.storedAt < this.ttlMs) {
      this.hits++
      return entry
    }
    if (entry !== undefined) this.#entries.delete(key)
    this.misses++
    return undefined
  }

  store(key: string, body: string, now: number): CachedResponse {
    if (this.#entries.size >= this.maxEntries) {
      // A Map iterates in insertion order, so the first key is the oldest entry.
      const oldest = this.#entries.keys().next()
      if (oldest.done !== true) this.#entries.delete(oldest.value)
    }
    const entry = { body, storedAt: now }
    this.#entries.set(key, entry)
    return entry
  }

  purgeExpired(now: number): void {
    for (const [key, entry] of this.#entries) {
      if (now - entry.storedAt >= this.ttlMs) this.#entries.delete(key)
    }
  }

  clear(): void {
    this.#entries.clear()
  }

  // null until the first lookup: a ratio of nothing is not zero.
  hitRatio(): number | null {
    const lookups = this.hits + this.misses
    return lookups === 0 ? null : this.hits / lookups
  }
}

const CACHE_CONTROL = `public, max-age=${CACHE_TTL_S}`
// Nor may a proxy keep an error: a 503 must not outlive the outage.
const NO_STORE = 'no-store'

export function hitHeaders(entry: CachedResponse, now: number, ttlMs: number): Record<string, string> {
  const age = Math.floor((now - entry.storedAt) / 1000)
  const ttl = Math.max(0, Math.floor(ttlMs / 1000) - age)
  return {
    'server-timing': 'db;dur=0;desc="0 queries", cache;desc=hit',
    'cache-status': `demo-cache; hit; ttl=${ttl}`,
    'x-cache': 'HIT',
    'cache-control': CACHE_CONTROL,
    age: String(age),
  }
}

// People read the description too: "1 query", "2 queries".
function queryCount(queries: number): string {
  return queries === 1 ? '1 query' : `${queries} queries`
}

// Not a GET: the cache was not asked (RFC 9211's fwd=method), so there is no hit or miss to report.
export function bypassHeaders(): Record<string, string> {
  return {
    'server-timing': 'db;dur=0;desc="0 queries"',
    'cache-status': 'demo-cache; fwd=method',
    'cache-control': NO_STORE,
  }
}

export function missHeaders(dbMs: number, queries: number, stored: boolean): Record<string, string> {
  return {
    'server-timing': `db;dur=${dbMs.toFixed(1)};desc="${queryCount(queries)}", cache;desc=miss`,
    'cache-status': stored ? 'demo-cache; fwd=miss; stored' : 'demo-cache; fwd=miss',
    'x-cache': 'MISS',
    'cache-control': stored ? CACHE_CONTROL : NO_STORE,
  }
}
