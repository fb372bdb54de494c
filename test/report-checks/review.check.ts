// One check of each kind the reviewer's report must show: a failure with its evidence, a pass
// that needed a retry, a skip with its reason, a latency sample, bodies held to schemas (which the
// demo's bad_schema mode breaks in more than one place). The demo's flaky mode, as the test sets
// it, answers every fifth request to a route with a 503.
import { check, expect } from 'smokecheck'
import { z } from 'zod'

const Post = z.object({ slug: z.string(), title: z.string(), author: z.string() })
const Listing = z.object({ items: z.array(Post), count: z.number().int(), total: z.number().int() })

check('liveness answers every time', { tags: ['critical'] }, async ({ http }) => {
  for (let i = 0; i < 5; i++) expect(await http.get('/health')).toHaveStatus(200)
})

check('an unknown post is a 404', { tags: ['api'] }, async ({ http }) => {
  expect(await http.get('/api/posts/no-such-post')).toHaveStatus(200)
})

check('a post can be created', { tags: ['api'] }, async ({ config, skip }) => {
  skip(!config.allowMutations, 'creating posts changes data, and SMOKE_ALLOW_MUTATIONS is off here')
})

check('the post listing stays fast over 6 requests', { tags: ['api'] }, async ({ http, config }) => {
  const sample = await http.sample('/api/posts', { query: { limit: 2 }, n: 6, concurrency: 2 })
  expect(sample).toHaveLatency({ p95: config.latencyBudgetMs })
})

check('the post listing matches its schema', { tags: ['api'] }, async ({ http }) => {
  const listing = (await http.get('/api/posts', { query: { limit: 3 } })).parse(Listing)
  expect(listing.items).toHaveLength(3)
})

check('a post matches its schema', { tags: ['api'] }, async ({ http }) => {
  const list = await http.get('/api/posts', { query: { limit: 1 } })
  const slug = z.object({ items: z.array(z.object({ slug: z.string() })) }).parse(list.body).items[0]?.slug
  const post = (await http.get(`/api/posts/${slug}`)).parse(Post.extend({ views: z.number().int() }))
  expect(post.slug).toBe(slug)
})
