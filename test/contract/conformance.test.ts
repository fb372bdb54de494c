// The contract against the demo service: its own /openapi.json is the contract, and each fault
// that breaks it fails with its own code, naming the operation and the path.
import { describe, expect, it } from 'vitest'
import type { FaultName } from '../../examples/demo/faults.ts'
import { contractMatchers } from '../../src/contract/matchers.ts'
import { loadContract } from '../../src/index.ts'
import { demo } from '../support/demo.ts'
import { clientFor } from '../support/http-client.ts'

expect.extend(contractMatchers)

async function demoWithContract(fault: FaultName = 'none') {
  const { service, token } = await demo('none')
  const http = clientFor(service.url, { SMOKE_TOKEN: token })
  const contract = await loadContract({ path: '/openapi.json' }, http)
  service.setFault(fault)
  return { http, contract }
}

describe('conformance of exchanges against the demo', () => {
  it('the healthy demo conforms on every route it documents', async () => {
    const { http, contract } = await demoWithContract()
    const list = await http.get('/api/posts', { query: { limit: 2 } })
    const slug = (list.body as { items: { slug: string }[] }).items[0]?.slug
    for (const res of [
      await http.get('/health'),
      await http.get('/health/ready'),
      await http.get('/version'),
      list,
      await http.get(`/api/posts/${slug}`),
      await http.get('/api/posts/no-such-post'),
      await http.get('/api/posts', { query: { limit: 'many' } }),
      await http.get('/admin/stats', { auth: true }),
      await http.get('/admin/stats'),
    ]) {
      expect(res).toMatchContract(contract)
    }
    expect(contract.version).toBe('1.8.3')
  })

  it('a body that breaks its documented schema fails with CONTRACT_SCHEMA, the operation, the JSON path, expected and received', async () => {
    const { http, contract } = await demoWithContract('bad_schema')
    const res = await http.get('/api/posts/no-such-post')
    expect(res).toMatchContract(contract)
    const list = await http.get('/api/posts', { query: { limit: 1 } })
    const slug = (list.body as { items: { slug: string }[] }).items[0]?.slug
    const post = await http.get(`/api/posts/${slug}`)
    expect(() => expect(post).toMatchContract(contract)).toThrow(
      new RegExp(
        `^\\[CONTRACT_SCHEMA\\] GET /api/posts/${slug} answered 200 OK, off the contract for getPost \\(GET /api/posts/\\{slug\\}\\): the body does not match the schema documented for 200 application/json:\\n✖ expected it to be integer \\(type\\), received "\\d+"\\n {2}→ at views\\n\\n {2}sent:`,
      ),
    )
  })

  it('an undocumented status fails with CONTRACT_UNDOCUMENTED_STATUS, naming what is documented', async () => {
    const { http, contract } = await demoWithContract('500')
    const res = await http.get('/version', { retries: 0 })
    expect(() => expect(res).toMatchContract(contract)).toThrow(
      /^\[CONTRACT_UNDOCUMENTED_STATUS\] GET \/version answered 500 Internal Server Error, off the contract for version \(GET \/version\): status 500 is not documented \(documented: 200\)\n/,
    )
  })

  it('a wrong content type fails with CONTRACT_CONTENT_TYPE, expected and received', async () => {
    const { http, contract } = await demoWithContract('html')
    const res = await http.get('/health')
    expect(() => expect(res).toMatchContract(contract)).toThrow(
      /^\[CONTRACT_CONTENT_TYPE\] GET \/health answered 200 OK, off the contract for health \(GET \/health\): content-type text\/html; charset=utf-8 is not documented for 200\n✖ expected application\/json, received text\/html; charset=utf-8\n/,
    )
  })

  it('a path or method the document does not have fails with CONTRACT_NO_OPERATION', async () => {
    const { http, contract } = await demoWithContract()
    const nowhere = await http.get('/nowhere')
    expect(() => expect(nowhere).toMatchContract(contract)).toThrow(
      /^\[CONTRACT_NO_OPERATION\] GET \/nowhere has no operation in the contract: it documents no path that \/nowhere matches/,
    )
    const head = await http.head('/version')
    expect(() => expect(head).toMatchContract(contract)).toThrow(/it documents \/version, but not for HEAD/)
  })
})
