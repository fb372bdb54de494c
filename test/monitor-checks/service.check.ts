// What the monitor's tests watch: liveness, which stays up whatever the database does, and the
// post listing, which the demo service's `db_down` fault takes down.
import { check, expect } from 'smokecheck'

check('liveness answers', { tags: ['critical'] }, async ({ http }) => {
  expect(await http.get('/health')).toHaveStatus(200)
})

check('the post listing answers', { tags: ['api'] }, async ({ http }) => {
  expect(await http.get('/api/posts', { query: { limit: 2 } })).toHaveStatus(200)
})
