// The engine's own tests: `npm test` (self and package), `npm run test:adoption` (the engine under
// a team's own suite) and `npm run test:integration` (against FastAPI on uvicorn). Apart from the suite's vitest.config.ts, which is the team's to rewrite: these tests
// run suites of their own (test/suites/) and never need checks/, fixtures/ or environments/.
import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'

// Every project: tests leave the temp folder as they found it, and the run fails if not. The
// timeouts bound how long a failure may take, for tests that start whole runs through the CLI: wide
// enough for a machine whose cores another process keeps busy.
const tempHygiene = {
  testTimeout: 180_000,
  hookTimeout: 180_000,
  globalSetup: ['test/support/engine-build.ts', 'test/support/temp-guard.ts'],
  setupFiles: ['test/support/setup.ts'],
}

export default defineConfig({
  root: resolve(import.meta.dirname, '..'),
  test: {
    projects: [
      {
        test: {
          name: 'self',
          include: ['test/**/*.test.ts'],
          exclude: ['test/integration/**', 'test/example/**', 'test/package/**', 'test/adoption/**'],
          ...tempHygiene,
        },
      },
      {
        // The packed engine installed and run elsewhere (`npm test` runs it too). npm install and
        // a second Vitest take both cores for a while, so it runs after the self project, whose
        // tests bound how long a failure may take.
        test: {
          name: 'package',
          include: ['test/package/**/*.test.ts'],
          sequence: { groupOrder: 1 },
          ...tempHygiene,
        },
      },
      {
        // The example suite (checks/, fixtures/, environments/) against the demo service in every
        // fault mode: delete test/example/ with the example checks when your suite replaces them.
        test: {
          name: 'example',
          include: ['test/example/**/*.test.ts'],
          ...tempHygiene,
        },
      },
      {
        // A copy of the repository with a team's own suite in place of the example, where the
        // engine's whole `npm test` runs again: minutes of both cores, so apart from `npm test`.
        test: {
          name: 'adoption',
          include: ['test/adoption/**/*.test.ts'],
          ...tempHygiene,
        },
      },
      {
        // Against the real Python stack (FastAPI on uvicorn); see docs/fastapi.md.
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          ...tempHygiene,
        },
      },
    ],
  },
})
