import { describe, expect, it } from 'vitest'
import { validationMatchers } from '../../src/assertions/validation-matchers.ts'
import { fastapi } from '../../src/presets/fastapi.ts'
import { fakeResponse } from './fake-response.ts'

expect.extend(validationMatchers)

const LIMIT_TOO_BIG = {
  type: 'less_than_equal',
  loc: ['query', 'limit'],
  msg: 'Input should be less than or equal to 100',
}

function refused(detail: unknown) {
  return fakeResponse({ status: 422, statusText: 'Unprocessable Entity', body: { detail } })
}

describe('toBeValidationError', () => {
  it('passes on a 422 with an issue at the location, as a path or its parts', () => {
    const res = refused([LIMIT_TOO_BIG])
    expect(res).toBeValidationError('query.limit', fastapi.validationError)
    expect(res).toBeValidationError(['query', 'limit'], fastapi.validationError)
    const nested = refused([{ type: 'missing', loc: ['body', 'items', 0, 'name'], msg: 'Field required' }])
    expect(nested).toBeValidationError(['body', 'items', 0, 'name'], fastapi.validationError)
    expect(nested).toBeValidationError('body.items.0.name', fastapi.validationError)
  })

  it('fails on another status, naming it', () => {
    expect(() =>
      expect(fakeResponse({ status: 200 })).toBeValidationError('query.limit', fastapi.validationError),
    ).toThrow(
      /^expected GET \/api\/posts\?limit=5 to be refused with a validation error at query\.limit, got 200 OK\n\n {2}sent:/,
    )
  })

  it('fails on a 422 that is not FastAPI-shaped, listing the schema issues', () => {
    expect(() =>
      expect(refused('limit is bad')).toBeValidationError('query.limit', fastapi.validationError),
    ).toThrow(/got 422 with a body that is not FastAPI's validation error:\n✖ .*\n {2}→ at detail/)
    const html = fakeResponse({ status: 422, body: '<p>bad</p>', headers: { 'content-type': 'text/html' } })
    expect(() => expect(html).toBeValidationError('query.limit', fastapi.validationError)).toThrow(
      /got 422 with content-type text\/html, not a JSON body/,
    )
  })

  it('fails on a validation error elsewhere, listing the locations reported', () => {
    const res = refused([
      LIMIT_TOO_BIG,
      { type: 'int_parsing', loc: ['query', 'offset'], msg: 'Input should be a valid integer' },
    ])
    expect(() => expect(res).toBeValidationError('query.page', fastapi.validationError)).toThrow(
      /to be refused with a validation error at query\.page, the service reported query\.limit, query\.offset\n {2}- query\.limit: Input should be less than or equal to 100 \(less_than_equal\)\n {2}- query\.offset: Input should be a valid integer \(int_parsing\)\n/,
    )
    expect(() => expect(res).not.toBeValidationError('query.limit', fastapi.validationError)).toThrow(
      /not to be refused with a validation error at query\.limit, it was/,
    )
  })
})
