// Global setup of the engine's test projects: proves the tests leave the temp folder as they
// found it. The run gets a temp folder of its own (os.tmpdir() reads TMPDIR on every call, and
// workers and the processes tests start inherit it), so other processes on the machine can
// neither hide a leak nor fake one; whatever is left in it at the end fails the run.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'

const PREFIX = 'smokecheck-run-'

export default function setup(): (() => void) | undefined {
  // Several projects in one run share the first one's folder and its verdict.
  if (basename(tmpdir()).startsWith(PREFIX)) return undefined
  const previous = process.env.TMPDIR
  const own = mkdtempSync(join(tmpdir(), PREFIX))
  process.env.TMPDIR = own
  // From Node 22 on, a process that enables Node's compile cache (Vitest's CLI, tsx) keeps it in
  // the temp folder; the processes the tests start would leave it there on every run.
  const compileCache = process.env.NODE_DISABLE_COMPILE_CACHE
  process.env.NODE_DISABLE_COMPILE_CACHE = '1'
  return () => {
    if (previous === undefined) delete process.env.TMPDIR
    else process.env.TMPDIR = previous
    if (compileCache === undefined) delete process.env.NODE_DISABLE_COMPILE_CACHE
    else process.env.NODE_DISABLE_COMPILE_CACHE = compileCache
    const left = readdirSync(own)
    rmSync(own, { recursive: true, force: true })
    if (left.length === 0) return
    // Vitest prints an error thrown here but does not fail the run for it.
    process.exitCode = 1
    throw new Error(
      `the tests left ${left.length} entries in the temp folder (removed now; give each a tempFolder() from test/support/temp-folder.ts): ${left.join(', ')}`,
    )
  }
}
