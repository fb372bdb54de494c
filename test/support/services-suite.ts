// A team's own suite of several services, in a folder of its own (removed when the test ends):
// `smokecheck` and Vitest resolve to the engine's, as they would once installed.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { ROOT } from './run-checks.ts'
import { tempFolder } from './temp-folder.ts'

/** Writes the files (path → text) into a new suite folder and returns it. */
export function servicesSuite(files: Record<string, string>): string {
  const dir = tempFolder('services')
  mkdirSync(join(dir, 'node_modules'))
  symlinkSync(ROOT, join(dir, 'node_modules', 'smokecheck'), 'dir')
  for (const name of ['vitest', '@vitest', 'zod'])
    symlinkSync(join(ROOT, 'node_modules', name), join(dir, 'node_modules', name), 'dir')
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  return dir
}
