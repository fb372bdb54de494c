// The engine's own suite: the check files under test/fault-checks, run the way a team's suite
// runs (defineSmokeConfig), against the demo service or the fault servers the tests start. It
// does not need the example suite (checks/, fixtures/, environments/), which a team rewrites.
import { resolve } from 'node:path'
import { defineSmokeConfig } from 'smokecheck/config'

export default defineSmokeConfig({
  root: resolve(import.meta.dirname, '../..'),
  checks: 'test/fault-checks/**/*.check.ts',
  environments: 'test/suites/environments',
  version: { path: '/version', versionField: 'version', commitField: 'commit' },
  buildHeader: 'x-app-version',
  localTarget: 'examples/demo/local-target.ts',
  tags: [{ name: 'rollout', description: 'judges the new build' }],
})
