// region: errors
import { check, expect, fastapi } from 'smokecheck'
import { NotFound } from '../fixtures/schemas'

check('an unknown post answers 404 with a reason', { tags: ['api'] }, async ({ http }) => {
  const res = await http.get('/api/posts/this-post-does-not-exist')
  expect(res).toHaveStatus(404)
  const body = res.parse(NotFound)
  expect(body.detail).toContain('this-post-does-not-exist')
})

for (const limit of ['0', '101', 'ten']) {
  check(
    `limit=${limit} is refused with a validation error at query.limit`,
    { tags: ['api'] },
    async ({ http }) => {
      const res = await http.get('/api/posts', { query: { limit } })
      expect(res).toBeValidationError('query.limit', fastapi.validationError)
    },
  )
}
// endregion: errors
