// Vitest's module cache on disk (experimental.fsModuleCache) for the check workers only.
// Vitest 4.1.12 hands the main process's runner a cached module's code as a Buffer, and Vite's
// source-map support then throws ("code.charCodeAt is not a function") on any stack trace that
// passes through such a module: an error in the global setup or a reporter lost its message.
import type { Vite } from 'vitest/node'

/** Vitest's name for the environment of what the main process loads. */
const MAIN_PROCESS_ENVIRONMENT = '__vitest__'

export function cacheWorkerModulesOnly(): Vite.Plugin {
  return {
    name: 'smokecheck:cache-worker-modules-only',
    configureVitest({ experimental_defineCacheKeyGenerator }) {
      // `false` keeps a module out of the cache; an empty string leaves its key as Vitest makes it.
      experimental_defineCacheKeyGenerator(({ environment }) =>
        environment.name === MAIN_PROCESS_ENVIRONMENT ? false : '',
      )
    },
  }
}
