// region: server-timing
import { check, expect } from '../fixtures'
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
check('a repeated API request is served from the cache', { tags: ['api', 'headers'] }, async ({ http }) => {
  // The third post: the detail check opens the first, and this one must start cold.
  const list = (await http.get('/api/posts', { query: { limit: 3 } })).parse(PostList)
  const path = `/api/posts/${list.items.at(-1)?.slug}`
  // A hit on the first request would mean the cache was warm already and proves nothing.
  const first = await http.get(path)
  expect(first).toBeOK()
  expect(first).toBeCacheMiss()
  const again = await http.get(path)
  expect(again).toHaveStatus(200)
  expect(again).toBeCacheHit()
})
// endregion: cache
