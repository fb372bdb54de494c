// A team's own suite for its API, as the README tells a team to write one: not FastAPI-shaped
// (plain-text health, the version in a build-info document). The engine's test copies it over
// the example suite (test/adoption/own-suite.test.ts).
import { defineSmokeConfig } from 'smokecheck/config'

export default defineSmokeConfig({
  checks: 'checks/api/**/*.check.ts',
  version: { path: '/api/build', versionField: 'build.version', commitField: 'build.sha' },
  tags: [{ name: 'critical', description: 'must pass for the deploy to count' }],
})
