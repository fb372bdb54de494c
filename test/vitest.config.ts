// The engine's own tests: `npm test` (self) and `npm run test:integration` (against FastAPI on
// uvicorn). Apart from the suite's vitest.config.ts, which is the team's to rewrite: these tests
// run suites of their own (test/suites/) and never need checks/, fixtures/ or environments/.
import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'

// Every project: tests leave the temp folder as they found it, and the run fails if not.
const tempHygiene = {
  globalSetup: ['test/support/temp-guard.ts'],
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
          exclude: ['test/integration/**', 'test/example/**'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          ...tempHygiene,
        },
      },
      {
        // The example suite (checks/, fixtures/, environments/) against the demo service in every
        // fault mode: delete test/example/ with the example checks when your suite replaces them.
        test: {
          name: 'example',
          include: ['test/example/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          ...tempHygiene,
        },
      },
      {
        // Against the real Python stack (FastAPI on uvicorn); see docs/fastapi.md.
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          ...tempHygiene,
        },
      },
    ],
  },
})
