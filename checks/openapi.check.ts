// region: openapi
import { check, expect } from 'smokecheck'
import { CONTRACT_PATHS, OpenApiDocument } from '../fixtures/schemas'

check('the OpenAPI document lists every route clients rely on', { tags: ['api'] }, async ({ http }) => {
  const res = await http.get('/openapi.json')
  expect(res).toHaveStatus(200)
  const { paths } = res.parse(OpenApiDocument)
  // A route missing here is missing from every client generated from the document.
  const missing = CONTRACT_PATHS.filter((path) => !(path in paths))
  expect(missing, 'routes the OpenAPI document does not list').toEqual([])
})
// endregion: openapi
