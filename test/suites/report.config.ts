// The suite the reviewer's report is tried on (test/e2e/allure-report.test.ts): against the demo
// service's flaky mode, one check of each kind a reviewer must see in the report.
import { resolve } from 'node:path'
import { defineSmokeConfig } from 'smokecheck/config'

export default defineSmokeConfig({
  root: resolve(import.meta.dirname, '../..'),
  checks: 'test/report-checks/**/*.check.ts',
  environments: 'test/suites/environments',
  version: { path: '/version', versionField: 'version', commitField: 'commit' },
  tags: [
    { name: 'critical', description: 'must pass' },
    { name: 'api', description: 'the public API' },
  ],
})
