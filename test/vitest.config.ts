// The engine's own tests: `npm test` (self) and `npm run test:integration` (against FastAPI on
// uvicorn). Apart from the suite's vitest.config.ts, which is the team's to rewrite: these tests
// run suites of their own (test/suites/) and never need checks/, fixtures/ or environments/.
import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'

/** Set by test/e2e/own-suite.test.ts for the engine's tests it runs in a copy of the repository. */
export const OWN_SUITE_COPY = 'SMOKECHECK_OWN_SUITE_COPY'

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
          exclude: [
            'test/integration/**',
            'test/example/**',
            'test/package/**',
            // The run inside the repository copy that this test makes leaves it out, or each copy
            // would copy the repository again.
            ...(process.env[OWN_SUITE_COPY] ? ['test/e2e/own-suite.test.ts'] : []),
          ],
          testTimeout: 60_000,
          hookTimeout: 60_000,
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
