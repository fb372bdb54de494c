// toBeValidationError on the demo service's real 422 answers (FastAPI's body, pydantic's wording).
import { describe, expect, it } from 'vitest'
import { validationMatchers } from '../../src/assertions/validation-matchers.ts'
import { fastapi } from '../../src/presets/fastapi.ts'
import { demo } from '../support/demo.ts'
import { clientFor } from '../support/http-client.ts'

expect.extend(validationMatchers)

describe('validation errors from the demo service', () => {
  it('a bad limit is refused at query.limit, and only there', async () => {
    const { service } = await demo()
    const http = clientFor(service.url)
    const res = await http.get('/api/posts', { query: { limit: 'ten' } })
    expect(res).toBeValidationError('query.limit', fastapi.validationError)
    expect(res).toBeValidationError(['query', 'limit'], fastapi.validationError)
    expect(() => expect(res).toBeValidationError('query.offset', fastapi.validationError)).toThrow(
      /^expected GET \/api\/posts\?limit=ten to be refused with a validation error at query\.offset, the service reported query\.limit\n {2}- query\.limit: Input should be a valid integer, unable to parse string as an integer \(int_parsing\)\n\n {2}sent:/,
    )
  })

  it('a good limit is no validation error, and the failure says what came instead', async () => {
    const { service } = await demo()
    const res = await clientFor(service.url).get('/api/posts', { query: { limit: 5 } })
    expect(res).not.toBeValidationError('query.limit', fastapi.validationError)
    expect(() => expect(res).toBeValidationError('query.limit', fastapi.validationError)).toThrow(
      /to be refused with a validation error at query\.limit, got 200 OK/,
    )
  })
})
