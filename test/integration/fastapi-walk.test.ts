// The coverage walk over the real FastAPI service's own /openapi.json in production (the example's
// environments/production.env, its base URL pointed at the service): every documented operation
// gets an outcome, every answer conforms, and uvicorn's access log shows nothing but GET and HEAD.
import { describe, expect, it } from 'vitest'
import { contractMatchers } from '../../src/contract/matchers.ts'
import { loadContract, walkContract, walkTable } from '../../src/index.ts'
import { skipFastApi, startFastApi } from '../support/fastapi.ts'
import { clientFor } from '../support/http-client.ts'

expect.extend(contractMatchers)

describe.skipIf(skipFastApi())('the coverage walk over the FastAPI example', () => {
  it('lists every documented operation with its outcome and sends no unsafe method in production', async () => {
    const service = await startFastApi('none', { accessLog: true })
    const http = clientFor(service.url, {
      SMOKE_ENV: 'production',
      SMOKE_ALLOW_MUTATIONS: 'false',
      SMOKE_TOKEN: service.token,
    })
    const contract = await loadContract({ path: '/openapi.json' }, http)
    const list = await http.get('/api/posts', { query: { limit: 1 } })
    expect(list).toMatchContract(contract)
    const slug = (list.body as { items: { slug: string }[] }).items[0]?.slug ?? ''
    const results = await walkContract(http, contract, { parameters: { slug } })
    const documented = contract.operations.map((op) => op.label)
    expect(results.map((r) => r.operation)).toEqual(documented)
    expect(documented.length).toBeGreaterThan(0)
    // Every answer conforms; what is skipped says why.
    expect(
      results.filter((r) => r.outcome === 'off-contract'),
      walkTable(results),
    ).toEqual([])
    for (const skipped of results.filter((r) => r.outcome === 'skipped')) expect(skipped.detail).not.toBe('')
    expect(results.find((r) => r.operation.includes('/api/posts/{slug}'))?.outcome).toBe('exercised')
    await expect.poll(() => service.log()).toMatch(/"GET \/api\/posts\/[^ ]+ HTTP\/1\.1" 200/)
    const methods = [...service.log().matchAll(/"([A-Z]+) \/[^ ]* HTTP\/1\.1"/g)].map((m) => m[1])
    expect(methods.length).toBeGreaterThan(results.length - 1)
    expect(methods.filter((m) => m !== 'GET' && m !== 'HEAD')).toEqual([])
  })
})

describe.skipIf(skipFastApi())("the FastAPI example's faults against its own document", () => {
  it.each([
    [
      'bad_schema',
      'CONTRACT_SCHEMA',
      /the body does not match the schema documented for 200 application\/json:\n✖ /,
    ],
    ['500', 'CONTRACT_UNDOCUMENTED_STATUS', /status 500 is not documented/],
    ['html', 'CONTRACT_CONTENT_TYPE', /content-type text\/html; charset=utf-8 is not documented for 200/],
  ] as const)('%s fails with %s, naming the operation and the path', async (fault, code, says) => {
    const healthy = await startFastApi('none')
    const contract = await loadContract({ path: '/openapi.json' }, clientFor(healthy.url))
    const slug = ((await clientFor(healthy.url).get('/api/posts')).body as { items: { slug: string }[] })
      .items[0]?.slug
    const service = await startFastApi(fault)
    const res = await clientFor(service.url).get(`/api/posts/${slug}`, { retries: 0 })
    expect(() => expect(res).toMatchContract(contract)).toThrow(
      new RegExp(
        `^\\[${code}\\] GET /api/posts/${slug} answered \\d+ [^,]+, off the contract for get_post_api_posts__slug__get \\(GET /api/posts/\\{slug\\}\\): ${says.source}`,
      ),
    )
  })
})
