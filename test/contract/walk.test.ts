// The coverage walk against the demo: every documented operation has an outcome, and outside
// local nothing but GET and HEAD reaches the server, counted on the server itself. Staging is the
// guarded environment every suite has (a team's own may have no production.env); the guard is the same.
import { describe, expect, it } from 'vitest'
import { loadContract, walkContract, walkHeadline, walkTable } from '../../src/index.ts'
import { demo } from '../support/demo.ts'
import { clientFor } from '../support/http-client.ts'

// The demo's document with two unsafe operations added, which the walk must never send.
async function documentWithUnsafeOperations(url: string) {
  const document = (await (await fetch(`${url}/openapi.json`)).json()) as { paths: Record<string, object> }
  const unsafe = (operationId: string) => ({ operationId, responses: { 204: { description: 'done' } } })
  document.paths['/api/posts'] = { ...document.paths['/api/posts'], post: unsafe('createPost') }
  document.paths['/api/posts/{slug}'] = {
    ...document.paths['/api/posts/{slug}'],
    delete: unsafe('deletePost'),
  }
  return document
}

describe('the coverage walk', () => {
  it('outside local sends only GET and HEAD, and lists every operation with its outcome', async () => {
    const { service, token } = await demo('none', { recordRequests: true })
    const document = await documentWithUnsafeOperations(service.url)
    const http = clientFor(service.url, {
      SMOKE_ENV: 'staging',
      SMOKE_ALLOW_MUTATIONS: 'false',
      SMOKE_TOKEN: token,
    })
    // What the walk leaves alone, the client's guard would refuse anyway.
    await expect(http.post('/api/posts', { json: {} })).rejects.toMatchObject({ code: 'UNSAFE_METHOD' })
    const contract = await loadContract({ document })
    const results = await walkContract(http, contract, { parameters: { slug: 'no-such-post' } })
    expect(service.requests.map((r) => r.method).filter((m) => m !== 'GET' && m !== 'HEAD')).toEqual([])
    expect(service.requests.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'GET /admin/stats',
      'GET /api/posts',
      'GET /api/posts/no-such-post',
      'GET /health',
      'GET /health/ready',
      // The test's own read of the document, above.
      'GET /openapi.json',
      'GET /version',
    ])
    expect(results.map((r) => `${r.operation}: ${r.outcome}`)).toEqual([
      'health (GET /health): exercised',
      'readiness (GET /health/ready): exercised',
      'version (GET /version): exercised',
      'listPosts (GET /api/posts): exercised',
      'createPost (POST /api/posts): skipped',
      'adminStats (GET /admin/stats): exercised',
      'getPost (GET /api/posts/{slug}): exercised',
      'deletePost (DELETE /api/posts/{slug}): skipped',
    ])
    expect(results.find((r) => r.operation.startsWith('deletePost'))?.detail).toBe(
      'DELETE is not called: the walk sends only GET and HEAD',
    )
    expect(walkHeadline(results)).toBe('8 operations: 6 exercised, 0 off-contract, 2 skipped')
    expect(walkTable(results).split('\n')[2]).toBe('| health (GET /health) | exercised | 200 OK |')
  })

  it('skips what it cannot fill or authorise, and reports an off-contract answer with its code', async () => {
    const { service } = await demo('none')
    const http = clientFor(service.url)
    const contract = await loadContract({ path: '/openapi.json' }, http)
    service.setFault('bad_schema')
    const results = await walkContract(http, contract)
    const outcome = (id: string) => results.find((r) => r.operation.startsWith(`${id} `))
    expect(outcome('getPost')).toMatchObject({
      outcome: 'skipped',
      detail: 'needs the path parameter slug: no example in the document, none given',
    })
    expect(outcome('adminStats')).toMatchObject({
      outcome: 'skipped',
      detail: 'this check asks for auth, but SMOKE_TOKEN is not set for this environment',
    })
    expect(outcome('listPosts')).toMatchObject({
      outcome: 'off-contract',
      code: 'CONTRACT_SCHEMA',
      status: 200,
    })
    expect(outcome('listPosts')?.detail).toMatch(/off the contract for listPosts \(GET \/api\/posts\)/)
  })
})
