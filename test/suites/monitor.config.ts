// The monitor's suite (test/e2e/monitor.test.ts): two checks of the demo service, one that its
// `db_down` fault breaks and one it leaves alone, so a test sees exactly which check changes state.
import { resolve } from 'node:path'
import { defineSmokeConfig } from 'smokecheck/config'

export default defineSmokeConfig({
  root: resolve(import.meta.dirname, '../..'),
  checks: 'test/monitor-checks/**/*.check.ts',
  environments: 'test/suites/environments',
  buildHeader: 'x-app-version',
  localTarget: 'examples/demo/local-target.ts',
  tags: [
    { name: 'critical', description: 'must pass' },
    { name: 'api', description: 'the public JSON API' },
  ],
})
