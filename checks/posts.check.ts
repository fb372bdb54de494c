import { check, expect } from 'smokecheck'
import { PostDetail, PostList } from '../fixtures/schemas'

check(
  'post listing matches its schema',
  { tags: ['critical', 'api', 'rollout'] },
  async ({ http, config }) => {
    const res = await http.get('/api/posts', { query: { limit: 10 } })
    expect(res).toHaveStatus(200)
    const list = res.parse(PostList)
    expect(list.limit).toBe(10)
    expect(list.items.length, 'a content site with posts lists at least one').toBeGreaterThan(0)
    expect(res).toRespondWithin(config.latencyBudgetMs)
  },
)

check('post detail matches its schema', { tags: ['api', 'rollout'] }, async ({ http }) => {
  const list = (await http.get('/api/posts', { query: { limit: 1 } })).parse(PostList)
  const first = list.items[0]
  expect(first, 'the listing has a post to open').toBeDefined()
  const res = await http.get(`/api/posts/${encodeURIComponent(first?.slug ?? '')}`)
  expect(res).toHaveStatus(200)
  const post = res.parse(PostDetail)
  expect(post.slug).toBe(first?.slug)
})
