// The engine's own checkout runs its compiled JavaScript (dist/), as an install does: a source
// file edited after the last `npm run build` would silently not be the code that runs. Only a
// checkout has the build's settings (tsconfig.build.json is not shipped), so an install is never
// judged by the times its package manager gave the files.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

/** The engine's root: the folder above src/ and dist/. */
export const ENGINE_ROOT = join(import.meta.dirname, '..', '..')
/** The engine compiled to JavaScript: what Node runs, from a checkout as from an install. */
export const ENGINE_DIST = join(ENGINE_ROOT, 'dist')

export interface StaleBuild {
  /** The source file edited last, relative to the engine's root. */
  file: string
  /** When the build it is newer than was made; undefined when there is none. */
  builtAt: Date | undefined
}

/** What makes the checkout's build out of date, if it is; undefined for an install. */
export function staleBuild(root: string = ENGINE_ROOT): StaleBuild | undefined {
  if (!existsSync(join(root, 'tsconfig.build.json'))) return undefined
  const built = join(root, 'dist', 'index.js')
  const builtAt = existsSync(built) ? statSync(built).mtime : undefined
  let newest = { file: '', mtime: 0 }
  for (const entry of readdirSync(join(root, 'src'), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    const mtime = statSync(path).mtimeMs
    if (mtime > newest.mtime) newest = { file: relative(root, path), mtime }
  }
  return builtAt && builtAt.getTime() >= newest.mtime ? undefined : { file: newest.file, builtAt }
}
