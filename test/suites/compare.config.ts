// A suite of one sampled request (test/e2e/deployment-verdict.test.ts): what the comparison with
// earlier runs and the canary mode judge, against a service whose latency a test sets.
import { resolve } from 'node:path'
import { defineSmokeConfig } from 'smokecheck/config'

export default defineSmokeConfig({
  root: resolve(import.meta.dirname, '../..'),
  checks: 'test/compare-checks/**/*.check.ts',
  environments: 'test/suites/environments',
  localTarget: 'examples/demo/local-target.ts',
})
