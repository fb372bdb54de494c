// The same team's website: JSON served as text/plain, the version in a response header.
import { defineSmokeConfig } from 'smokecheck/config'

export default defineSmokeConfig({
  checks: 'checks/web/**/*.check.ts',
  version: { path: '/', versionHeader: 'x-release' },
  buildHeader: 'x-release',
  tags: [{ name: 'critical', description: 'must pass for the deploy to count' }],
})
