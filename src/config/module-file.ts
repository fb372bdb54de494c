// The engine runs as the JavaScript npm ships (dist/) and, in its own checkout's tests, as its
// TypeScript source (src/). A module it names by path for Vitest to load (a reporter, the global
// setup) takes the extension of the module naming it, so each form loads its own.
import { extname, join } from 'node:path'

/** `path` (without extension) beside the module of `meta`, in that module's form. */
export function moduleFile(meta: ImportMeta, path: string): string {
  return join(meta.dirname, `${path}${extname(meta.filename)}`)
}
