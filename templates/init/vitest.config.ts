// The suite's configuration: where the checks and environments live and which tags the checks
// may use. The engine (smokecheck) builds the rest: pool, timeouts, reporters, the global setup.
// Start Vitest with `--configLoader runner` (the npm scripts do): this file and the engine are
// TypeScript, which Node 20 cannot load by itself.
import { defineSmokeConfig } from 'smokecheck/config'

export default defineSmokeConfig({
  checks: 'checks/**/*.check.ts',
  environments: 'environments',
  // Where your service names its build, for SMOKE_EXPECTED_VERSION / SMOKE_EXPECTED_COMMIT (the
  // rollout gate and toServeVersion), once it has such an endpoint:
  // version: { path: '/version', versionField: 'version', commitField: 'commit' },
  tags: [{ name: 'critical', description: 'must pass for a deployment to count as healthy' }],
})
