// A small suite for the run's verdict (test/e2e/verdict.test.ts): a few healthy checks against
// the demo service, and check files that go wrong outside any assertion, which the tests add
// and remove one at a time (SMOKE_CHECKS names the files a run includes).
import { resolve } from 'node:path'
import { defineSmokeConfig } from 'smokecheck/config'

export default defineSmokeConfig({
  root: resolve(import.meta.dirname, '../..'),
  checks: 'test/verdict-checks/**/*.check.ts',
  environments: 'test/suites/environments',
  version: { path: '/version', versionField: 'version', commitField: 'commit' },
  buildHeader: 'x-app-version',
  localTarget: 'examples/demo/local-target.ts',
  tags: [
    { name: 'critical', description: 'must pass' },
    { name: 'rollout', description: 'judges the new build' },
    // Declared, used by no check: a filter on them selects nothing.
    { name: 'tls', description: 'the TLS certificate' },
    { name: 'auth', description: 'access control' },
  ],
})
