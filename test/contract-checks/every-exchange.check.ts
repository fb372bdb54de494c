// Checks that assert nothing about the body: the suite's contract judges every exchange.
import { check, expect } from 'smokecheck'

check('a listing, judged by the contract alone', async ({ http }) => {
  expect(await http.get('/api/posts', { query: { limit: 2 } })).toBeOK()
})

check('a listing in a check that opts out', { meta: { contract: false } }, async ({ http }) => {
  expect(await http.get('/api/posts', { query: { limit: 2 } })).toBeOK()
})

check('a path the document does not list', async ({ http }) => {
  expect(await http.get('/nowhere')).toHaveStatus(404)
})
