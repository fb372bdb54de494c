// OpenAPI 3.0's own spellings (nullable, boolean exclusiveMinimum, response $refs, `default`,
// status ranges, required headers, a server's base path) validated like 3.1's, without a server.
import { describe, expect, it } from 'vitest'
import { contractMatchers } from '../../src/contract/matchers.ts'
import { loadContract } from '../../src/index.ts'
import { fakeResponse } from '../unit/fake-response.ts'

expect.extend(contractMatchers)

const document = {
  openapi: '3.0.3',
  info: { title: 'shop', version: '3' },
  servers: [{ url: 'https://shop.example/v1' }],
  paths: {
    '/items/{id}': {
      get: {
        operationId: 'getItem',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
        responses: {
          200: { $ref: '#/components/responses/Item' },
          '4XX': {
            description: 'refused',
            content: { 'application/problem+json': { schema: { type: 'object' } } },
          },
          default: { description: 'anything else' },
        },
      },
    },
  },
  components: {
    responses: {
      Item: {
        description: 'the item',
        headers: { 'X-Request-Id': { required: true, schema: { type: 'string' } } },
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } },
      },
    },
    schemas: {
      Item: {
        type: 'object',
        required: ['id', 'price', 'note'],
        properties: {
          id: { type: 'integer', format: 'int64' },
          price: { type: 'number', minimum: 0, exclusiveMinimum: true },
          note: { type: 'string', nullable: true },
          owner: { allOf: [{ $ref: '#/components/schemas/Owner' }], nullable: true },
        },
      },
      Owner: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
    },
  },
}

const url = 'http://127.0.0.1:8000/v1/items/7'
const item = { id: 7, price: 2.5, note: null, owner: null }
const ok = { 'x-request-id': 'abc' }

describe('an OpenAPI 3.0 contract', () => {
  it('accepts null where nullable says so, under the server base path, a response given by $ref', async () => {
    const contract = await loadContract({ document })
    expect(fakeResponse({ url, body: item, headers: ok })).toMatchContract(contract)
    expect(fakeResponse({ url, body: { ...item, owner: { name: 'ann' } }, headers: ok })).toMatchContract(
      contract,
    )
    const refused = fakeResponse({
      url,
      status: 404,
      body: {},
      headers: { 'content-type': 'application/problem+json' },
    })
    expect(refused).toMatchContract(contract)
    expect(
      fakeResponse({ url, status: 500, body: 'oops', headers: { 'content-type': 'text/plain' } }),
    ).toMatchContract(contract)
  })

  it('rejects a price of 0 (exclusiveMinimum), a wrong owner and a missing field, each with its path', async () => {
    const contract = await loadContract({ document })
    const bad = fakeResponse({ url, body: { id: 7, price: 0, owner: { name: 3 } }, headers: ok })
    expect(() => expect(bad).toMatchContract(contract)).toThrow(
      /^\[CONTRACT_SCHEMA\] GET \/v1\/items\/7 answered 200 OK, off the contract for getItem \(GET \/items\/\{id\}\): the body does not match the schema documented for 200 application\/json:\n✖ expected a required field, received nothing\n {2}→ at note\n✖ expected it to be > 0 \(exclusiveMinimum\), received 0\n {2}→ at price\n✖ expected it to be string \(type\), received 3\n {2}→ at owner\.name\n/,
    )
  })

  it('fails on a required header that is missing, with CONTRACT_HEADER', async () => {
    const contract = await loadContract({ document })
    expect(() => expect(fakeResponse({ url, body: item })).toMatchContract(contract)).toThrow(
      /\[CONTRACT_HEADER\] .*: a header documented as required for 200 is missing:\n✖ expected a required header, received nothing\n {2}→ at X-Request-Id/,
    )
  })

  it('refuses what is not OpenAPI 3', async () => {
    await expect(
      loadContract({ document: { swagger: '2.0', info: { title: 'x', version: '1' }, paths: {} } }),
    ).rejects.toThrow(/OpenAPI 3\.0 or 3\.1 document/)
  })
})
