import { check, expect } from '../fixtures'
import { PostList } from '../fixtures/schemas'

check(
  'API responses report server timing and cache status',
  { tags: ['api', 'headers'] },
  async ({ http }) => {
    const res = await http.get('/api/posts', { query: { limit: 5 } })
    expect(res).toHaveStatus(200)
    expect(res).toHaveHeader('server-timing', /\bdb;dur=\d/)
    expect(res).toHaveHeader('server-timing', /\bcache;desc="?(hit|miss)/i)
    expect(res).toHaveHeader('cache-status')
    expect(res).toHaveHeader('x-cache', /^(HIT|MISS)$/i)
    expect(res).toHaveHeader('cache-control')
  },
)

check('a repeated API request is served from the cache', { tags: ['api', 'headers'] }, async ({ http }) => {
  // The third post: the detail check opens the first, and this one must start cold.
  const list = (await http.get('/api/posts', { query: { limit: 3 } })).parse(PostList)
  const path = `/api/posts/${list.items.at(-1)?.slug}`
  await http.get(path)
  const again = await http.get(path)
  expect(again).toHaveStatus(200)
  expect(again).toHaveHeader('x-cache', /^HIT$/i)
  expect(again).toHaveHeader('cache-status', /;\s*hit\b/i)
})
