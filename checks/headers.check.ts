// region: server-timing
import { randomUUID } from 'node:crypto'
import { check, expect } from 'smokecheck'
import { PostList } from '../fixtures/schemas'

check(
  'API responses report server timing and cache status',
  { tags: ['api', 'headers'] },
  async ({ http }) => {
    const res = await http.get('/api/posts', { query: { limit: 5 } })
    expect(res).toHaveStatus(200)
    // The service's own account of its work: under 50 ms of database time in at most 3 queries.
    expect(res).toHaveServerTiming('db', { maxDur: 50, maxCount: 3 })
    expect(res).toHaveHeader('cache-status')
    expect(res).toHaveHeader('cache-control')
  },
)
// endregion: server-timing

// region: cache
check(
  'a repeated API request is served from the cache',
  { tags: ['api', 'headers'] },
  async ({ http, skip }) => {
    const list = (await http.get('/api/posts', { query: { limit: 1 } })).parse(PostList)
    const path = `/api/posts/${list.items[0]?.slug}`
    // A query of its own gives the request a cache entry of its own, cold whatever visitors have
    // loaded, so the check sees the miss and then the hit (the cache keys on path and query).
    const query = { smokecheck: randomUUID() }
    const first = await http.get(path, { query })
    expect(first).toBeOK()
    if (first.cache.hit)
      skip(
        `the cache answered a URL never asked for before (${path}?smokecheck=…): it ignores the query, so no repeat can be told from a first request here`,
      )
    expect(first).toBeCacheMiss()
    const again = await http.get(path, { query })
    expect(again).toHaveStatus(200)
    expect(again).toBeCacheHit()
  },
)
// endregion: cache
