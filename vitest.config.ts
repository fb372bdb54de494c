import { defineConfig } from 'vitest/config'
import { DEFAULT_CHECK_TIMEOUT_MS, DEFAULT_CHECKS, DEFAULT_REPORTS_DIR } from './src/config/defaults.ts'
import { redactEveryReport } from './src/reporting/redaction-plugin.ts'
import { reporters } from './src/reporting/reporters.ts'
import { cacheWorkerModulesOnly } from './src/runner/module-cache-plugin.ts'
import { preflight } from './src/runner/preflight.ts'

// The settings as SMOKE_ENV's files and the process environment give them; undefined when they
// are bad but the checks are not part of this run (the global setup reports them if they are).
const settings = preflight()

export default defineConfig({
  test: {
    reporters: reporters(settings?.reportsDir ?? DEFAULT_REPORTS_DIR),
    projects: [
      {
        plugins: [redactEveryReport(), cacheWorkerModulesOnly()],
        test: {
          name: 'checks',
          include: [settings?.checks ?? DEFAULT_CHECKS],
          globalSetup: ['src/runner/global-setup.ts'],
          // Checks run side by side: `check` is concurrent by itself (fixtures/index.ts), because
          // Vitest reads `sequence.concurrent` from the root config only (vitest-dev/vitest#9645). The Agent caps
          // connections per host, so this does not flood the service.
          pool: 'threads',
          // Keeps transformed modules on disk between runs (node_modules/.experimental-vitest-cache,
          // keyed by content): a re-run skips the TypeScript transforms, about a third of the
          // start-up (bench/results.md). `vitest --clearCache` empties it. What the main process
          // loads stays out of it (src/runner/module-cache-plugin.ts).
          experimental: { fsModuleCache: true },
          isolate: false,
          maxConcurrency: 10,
          // Each worker costs about 0.4 s of CPU and 40 MiB to start (it imports undici, zod and
          // the fixtures), so more workers than cores slow the run down; the checks in a worker
          // already overlap their waits (bench/configs.md). The workers split SMOKE_MAX_CONNECTIONS
          // between them (src/runner/global-setup.ts), so there are never more than connections.
          maxWorkers: Math.min(2, settings?.maxConnections ?? 2),
          // Keep it above SMOKE_REQUEST_TIMEOUT_MS, so a slow service fails on the named request setting.
          testTimeout: settings?.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS,
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
        },
      },
      {
        test: {
          name: 'self',
          include: ['test/**/*.test.ts'],
          exclude: ['test/integration/**'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        // Against the real Python stack (FastAPI on uvicorn); see docs/fastapi.md.
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
})
