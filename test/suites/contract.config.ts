// A suite that holds every exchange to the service's own /openapi.json (test/e2e/contract.test.ts),
// against the demo service.
import { resolve } from 'node:path'
import { defineSmokeConfig } from 'smokecheck/config'

export default defineSmokeConfig({
  root: resolve(import.meta.dirname, '../..'),
  checks: 'test/contract-checks/**/*.check.ts',
  environments: 'test/suites/environments',
  localTarget: 'examples/demo/local-target.ts',
  contract: { path: '/openapi.json' },
  tags: [{ name: 'contract', description: "the service's OpenAPI document, between deploys" }],
})
