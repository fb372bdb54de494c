// The reference contract against the real Python stack: the FastAPI example on uvicorn must pass
// the same contract tests as the TypeScript demo service (test/support/contract.ts).
import { describe, expect, it } from 'vitest'
import { PostDetail, PostList, parseUtc } from '../../examples/contract/schemas.ts'
import { call, describeContract } from '../support/contract.ts'
import { skipFastApi, startFastApi } from '../support/fastapi.ts'
import { EXAMPLE_CONTRACT_SUITE, runChecks } from '../support/run-checks.ts'

describe.skipIf(skipFastApi())('the FastAPI example', () => {
  describeContract({ name: 'the FastAPI example', start: (fault) => startFastApi(fault) })

  // pydantic 1 documents Optional fields as leavable out, and sends null: the app says so in its
  // document (Field(nullable=True)), or a fresh readiness answer would be off its own contract.
  it('passes the example checks with every exchange held to its own /openapi.json', async () => {
    const target = await startFastApi()
    const run = await runChecks({ env: target.env, suite: EXAMPLE_CONTRACT_SUITE })
    expect(run.unhandledErrors).toEqual([])
    expect(run.failed).toEqual([])
    expect(run.passed.length).toBeGreaterThanOrEqual(15)
  })

  it("500: the answer comes from a real exception, whose traceback only uvicorn's log shows", async () => {
    const target = await startFastApi('500')
    const res = await call(target, '/health')
    expect(res.status).toBe(500)
    expect(res.text).not.toContain('RuntimeError')
    await expect
      .poll(() => target.log())
      .toMatch(/Exception in ASGI application[\s\S]*RuntimeError: injected fault 500: GET \/health/)
  })

  // The demo writes `Z` everywhere; the app stores published_at as SQLite code usually does.
  it('sends published_at naive, as read back from SQLite, and the schemas take it as UTC', async () => {
    const target = await startFastApi()
    const { items } = PostList.parse((await call(target, '/api/posts?limit=100')).json())
    for (const post of items) expect(post.published_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/)
    // The seed's first post: 2024-01-09 08:30 UTC, the oldest, so the last of the listing.
    expect(items.at(-1)?.published_at).toBe('2024-01-09T08:30:00')
    expect(parseUtc(items.at(-1)?.published_at ?? '')).toBe(Date.UTC(2024, 0, 9, 8, 30))
    const post = PostDetail.parse((await call(target, `/api/posts/${items[0]?.slug}`)).json())
    expect(post.published_at).toBe(items[0]?.published_at)
  })

  it('leaves /docs and /redoc off unless DEMO_DOCS asks for them, and keeps /openapi.json either way', async () => {
    const production = await startFastApi()
    for (const path of ['/docs', '/redoc']) expect((await call(production, path)).status, path).toBe(404)
    expect((await call(production, '/openapi.json')).status).toBe(200)

    const laptop = await startFastApi('none', { docs: true })
    for (const path of ['/docs', '/redoc']) {
      const page = await call(laptop, path)
      expect(page.status, path).toBe(200)
      expect(page.headers['content-type']).toMatch(/^text\/html/)
      expect(page.text).toContain('/openapi.json')
    }
  })
})
