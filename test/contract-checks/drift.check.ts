// The service's OpenAPI document against the one the last full run kept: a breaking change the
// deploy did not announce with a new major version fails here (test/e2e/contract-drift.test.ts).
import { check, expect } from 'smokecheck'

check('the contract changed only as the deploy announced', { tags: ['contract'] }, ({ contractDrift }) => {
  expect(contractDrift).toHaveNoUnannouncedBreakingChange()
})
