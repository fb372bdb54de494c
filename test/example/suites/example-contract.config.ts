// The example suite (checks/) with the service's own /openapi.json as the contract of every
// exchange: the healthy demo and the healthy FastAPI example pass it (test/example/contract.test.ts,
// test/integration/fastapi-contract.test.ts).
import { resolve } from 'node:path'
import { defineSmokeConfig } from 'smokecheck/config'
import { exampleSuite } from '../../../vitest.config.ts'

export default defineSmokeConfig({
  ...exampleSuite,
  root: resolve(import.meta.dirname, '../../..'),
  contract: { path: '/openapi.json' },
})
