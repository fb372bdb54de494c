// zod from the real FastAPI service's own /openapi.json (OpenAPI 3.0.2, pydantic 1): the file
// `contract pull` writes type-checks and reads the service's real answers, a fresh readiness
// answer (null before the cache's first lookup) and naive datetimes included; the same answers
// are on the contract for the document's own validator.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { contractMatchers } from '../../src/contract/matchers.ts'
import { pullContract } from '../../src/contract/pull.ts'
import { loadContract } from '../../src/index.ts'
import { skipFastApi, startFastApi } from '../support/fastapi.ts'
import { importGenerated, suiteFolder, typeErrors } from '../support/generated.ts'
import { clientFor } from '../support/http-client.ts'
import { ROOT } from '../support/run-checks.ts'

expect.extend(contractMatchers)

const USAGE = `import { PostList, Readiness, responses } from './contract.generated.ts'
declare const ready: Readiness
export const ratio: number | null = ready.checks.cache.hit_ratio
export const published: string = PostList.parse({}).items[0]?.published_at ?? ''
export const detail = responses['GET /api/posts']['422'].parse({}).detail
`

describe.skipIf(skipFastApi())("zod from the FastAPI example's document", () => {
  it('type-checks and reads the real answers, fresh readiness and naive datetimes included', async () => {
    const service = await startFastApi('none')
    const http = clientFor(service.url, { SMOKE_TOKEN: service.token })
    // Before anything else: the cache has no ratio yet, and says null.
    const ready = await http.get('/health/ready')
    const dir = suiteFolder()
    const pulled = await pullContract({
      root: ROOT,
      out: join(dir, 'fixtures/contract.generated.ts'),
      env: { SMOKE_ENV: 'local', SMOKE_BASE_URL: service.url },
    })
    expect(pulled).toMatchObject({ from: `${service.url}/openapi.json`, changed: true, operations: 6 })
    const source = readFileSync(pulled.file, 'utf8')
    expect(source).toContain('// (fastapi-service 1.8.3, OpenAPI 3.0.2).')
    writeFileSync(join(dir, 'fixtures/usage.ts'), USAGE)
    expect(typeErrors([pulled.file, join(dir, 'fixtures/usage.ts')])).toEqual([])

    const api = await importGenerated(source, dir)
    expect(api.Readiness?.parse(ready.body)).toMatchObject({ checks: { cache: { hit_ratio: null } } })
    const contract = await loadContract({ path: '/openapi.json' }, http)
    expect(ready).toMatchContract(contract)

    const list = await http.get('/api/posts', { query: { limit: 3 } })
    const posts = api.PostList?.parse(list.body) as { items: { slug: string; published_at: string }[] }
    expect(posts.items[0]?.published_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/)
    const answers = await Promise.all(
      [
        ['/health', 'GET /health', '200'],
        ['/version', 'GET /version', '200'],
        [`/api/posts/${posts.items[0]?.slug}`, 'GET /api/posts/{slug}', '200'],
        ['/api/posts?limit=0', 'GET /api/posts', '422'],
        ['/admin/stats', 'GET /admin/stats', '200'],
      ].map(async ([path = '', operation = '', status = '']) => {
        const res = await http.get(path, { auth: path === '/admin/stats' })
        const parsed = api.responses[operation]?.[status]?.safeParse(res.body)
        return [path, res.status, parsed?.error?.issues ?? 'parsed']
      }),
    )
    expect(answers).toEqual([
      ['/health', 200, 'parsed'],
      ['/version', 200, 'parsed'],
      [`/api/posts/${posts.items[0]?.slug}`, 200, 'parsed'],
      ['/api/posts?limit=0', 422, 'parsed'],
      ['/admin/stats', 200, 'parsed'],
    ])
  })
})
