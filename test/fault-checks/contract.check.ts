// Checks that test/e2e/contract.test.ts runs against the demo service: the service's own
// /openapi.json as the contract, in a check as a team would write one.
import { check, expect, loadContract, walkContract, walkHeadline, walkTable } from 'smokecheck'

check('the liveness answer is what the contract documents', async ({ http }) => {
  const contract = await loadContract({ path: '/openapi.json' }, http)
  expect(await http.get('/health')).toMatchContract(contract)
})

check('every documented operation that is safe to call answers on contract', async ({ http, annotate }) => {
  const contract = await loadContract({ path: '/openapi.json' }, http)
  const results = await walkContract(http, contract)
  await annotate(`contract coverage: ${walkHeadline(results)}`, 'contract', {
    contentType: 'text/markdown',
    body: walkTable(results),
    bodyEncoding: 'utf-8',
  })
  const off = results.filter((r) => r.outcome === 'off-contract')
  expect(off.length, off.map((r) => r.detail).join('\n\n')).toBe(0)
})
