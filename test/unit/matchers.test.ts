import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Health, PostList } from '../../examples/contract/schemas.ts'
import { responseMatchers } from '../../src/assertions/matchers.ts'
import { SchemaMismatchError, type SmokeResponse } from '../../src/http/response.ts'
import { fakeResponse } from './fake-response.ts'

expect.extend(responseMatchers)

function response(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  totalMs = 12,
): SmokeResponse {
  const statusText = status === 200 ? 'OK' : 'Service Unavailable'
  return fakeResponse({
    status,
    statusText,
    body,
    headers,
    totalMs,
    url: 'http://127.0.0.1:8000/api/x?limit=2',
  })
}

describe('response matchers', () => {
  it('toHaveStatus passes on the status and fails naming both, with the exchange', () => {
    expect(response(200, {})).toHaveStatus(200)
    expect(response(200, {})).toHaveStatus([200, 204])
    expect(() => expect(response(503, { detail: 'down' })).toHaveStatus(200)).toThrow(
      /^expected GET \/api\/x\?limit=2 to answer 200, got 503 Service Unavailable\n\n {2}sent: {6}GET http:\/\/127\.0\.0\.1:8000\/api\/x\?limit=2\n[\s\S]*body: {6}\{"detail":"down"\}[\s\S]*reproduce: curl/,
    )
    expect(() => expect(response(200, {})).not.toHaveStatus(200)).toThrow(/not to answer 200, got 200/)
  })

  it('toBeOK accepts 2xx only', () => {
    expect(response(200, {})).toBeOK()
    expect(() => expect(response(503, {})).toBeOK()).toThrow(/to answer 2xx, got 503/)
  })

  it('toHaveHeader checks presence, exact value and pattern', () => {
    const res = response(200, {}, { 'x-cache': 'HIT' })
    expect(res).toHaveHeader('X-Cache')
    expect(res).toHaveHeader('x-cache', 'HIT')
    expect(res).toHaveHeader('x-cache', /^hit$/i)
    expect(() => expect(res).toHaveHeader('server-timing')).toThrow(
      /to send the header server-timing, it did not/,
    )
    expect(() => expect(res).toHaveHeader('x-cache', 'MISS')).toThrow(
      /to send x-cache matching MISS, got "HIT"/,
    )
  })

  it('toMatchSchema lists grouped issue paths, and refuses a body that is not JSON', () => {
    expect(response(200, { ok: true })).toMatchSchema(Health)
    const bad = { items: [{ slug: 'a' }, { slug: 'b' }], count: '2', limit: 2, total: 2 }
    expect(() => expect(response(200, bad)).toMatchSchema(PostList)).toThrow(
      /→ at items\[\*\]\.title, in 2 places \(items\[0\]\.title … items\[1\]\.title\)/,
    )
    const html = response(200, '<html>down</html>', { 'content-type': 'text/html' })
    expect(() => expect(html).toMatchSchema(Health)).toThrow(
      /^GET \/api\/x\?limit=2 answered 200 with content-type text\/html, expected a JSON body/,
    )
  })

  it('toRespondWithin compares the whole exchange time with the budget', () => {
    expect(response(200, {}, {}, 120)).toRespondWithin(200)
    expect(() => expect(response(200, {}, {}, 450)).toRespondWithin(300)).toThrow(
      /to respond within 300 ms, it took 450 ms/,
    )
  })

  it('refuse anything that is not a response, saying what they want', () => {
    expect(() => expect({ status: 200 }).toHaveStatus(200)).toThrow(
      /expected a response from the http fixture/,
    )
  })

  it('parse returns the typed body or throws the same message as toMatchSchema', () => {
    const Body = z.object({ n: z.number() })
    expect(response(200, { n: 3 }).parse(Body).n).toBe(3)
    expect(() => response(200, { n: 'x' }).parse(Body)).toThrow(SchemaMismatchError)
  })
})
