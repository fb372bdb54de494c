// This suite's configuration: the example suite, checking the reference contract (the demo
// service when no SMOKE_BASE_URL is set). Yours says where your checks and environments live,
// your tags, where your service names its build, and how to start it locally, if at all.
import { defineSmokeConfig, type SmokeConfigOptions } from 'smokecheck/config'

export const exampleSuite: SmokeConfigOptions = {
  checks: 'checks/**/*.check.ts',
  environments: 'environments',
  // The rollout gate polls it for SMOKE_EXPECTED_VERSION / SMOKE_EXPECTED_COMMIT.
  version: { path: '/version', versionField: 'version', commitField: 'commit' },
  buildHeader: 'x-app-version',
  localTarget: 'examples/demo/local-target.ts',
  tags: [
    { name: 'critical', description: 'must pass for a deployment to count as healthy' },
    { name: 'api', description: 'the public JSON API' },
    { name: 'auth', description: 'access control' },
    { name: 'readiness', description: 'dependencies and background jobs' },
    { name: 'version', description: 'the deployed version' },
    {
      name: 'rollout',
      description: 'judges the new build: skipped when the expected version never went live',
    },
    { name: 'headers', description: 'observability and cache headers' },
    { name: 'latency', description: 'response time budgets' },
    { name: 'security', description: 'security headers and what is exposed to the public' },
    { name: 'tls', description: 'the TLS certificate' },
    { name: 'network', description: 'TCP reachability and name resolution' },
  ],
}

export default defineSmokeConfig(exampleSuite)
