// The demo's "database": the posts in memory behind the queries a real backend would run.
import type { PostDetailBody, PostSummaryBody } from '../contract/schemas.ts'
import { createPosts } from './data.ts'

// In memory a query takes well under a microsecond; a real round trip to Postgres on the same host
// takes a fraction of a millisecond. The reported timings add that cost (nothing waits for it) so
// that Server-Timing and readiness latency look like a real backend's.
const QUERY_MS_MIN = 0.3
const QUERY_MS_SPREAD = 0.5

export function simulatedQueryMs(queries: number): number {
  let total = 0
  for (let i = 0; i < queries; i++) total += QUERY_MS_MIN + Math.random() * QUERY_MS_SPREAD
  return total
}

export interface QueryResult<T> {
  rows: T
  queries: number
}

export class PostStore {
  readonly #posts: PostDetailBody[]
  readonly #summaries: PostSummaryBody[]
  readonly #bySlug: Map<string, PostDetailBody>

  constructor(posts = createPosts()) {
    this.#posts = posts
    // Listing pages never carry bodies or counters, so they are cut once, not per request.
    this.#summaries = posts.map(({ slug, title, author, tags, published_at, url }) => ({
      slug,
      title,
      author,
      tags,
      published_at,
      url,
    }))
    this.#bySlug = new Map(posts.map((post) => [post.slug, post]))
  }

  get total(): number {
    return this.#posts.length
  }

  // One query for the page, one for the count, as an ORM would issue them.
  list(limit: number): QueryResult<{ items: PostSummaryBody[]; total: number }> {
    return { rows: { items: this.#summaries.slice(0, limit), total: this.#summaries.length }, queries: 2 }
  }

  // A found post costs a select and the view-counter update; a missing one only the select.
  fetchAndCountView(slug: string): QueryResult<Readonly<PostDetailBody> | undefined> {
    const post = this.#bySlug.get(slug)
    if (post === undefined) return { rows: undefined, queries: 1 }
    post.views++
    return { rows: post, queries: 2 }
  }

  totalViews(): number {
    let views = 0
    for (const post of this.#posts) views += post.views
    return views
  }

  // Readiness' `SELECT 1`.
  ping(): QueryResult<boolean> {
    return { rows: this.#posts.length > 0, queries: 1 }
  }
}
