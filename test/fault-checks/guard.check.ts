// Checks that test/e2e/guard.test.ts runs against a recording server outside local: the
// production guard must refuse unsafe methods before a single byte is sent, and a mutation it
// lets through is never retried, even where a GET would be.
import { check, expect } from 'smokecheck'

check('a POST that does not declare it mutates', async ({ http }) => {
  const res = await http.post('/ok', { json: { title: 'hello' } })
  expect(res).toBeOK()
})

check('a DELETE that declares it mutates', async ({ http }) => {
  const res = await http.delete('/unavailable', { mutates: true })
  expect(res).toBeOK()
})

check('a POST that declares it mutates', async ({ http }) => {
  const res = await http.post('/unavailable', { json: { title: 'hello' }, mutates: true })
  expect(res).toBeOK()
})

check('a GET to the same failing route', async ({ http }) => {
  expect(await http.get('/unavailable')).toBeOK()
})

check('a GET goes out as usual', async ({ http }) => {
  expect(await http.get('/ok')).toBeOK()
})
