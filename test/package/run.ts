// Runs a command the way a team runs it in its own suite's folder: outside this repository,
// with none of the npm or SMOKE_ variables that the `npm test` running these tests would pass on
// (npm_config_* would point a nested npm at this repository's settings).
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { ROOT } from '../support/run-checks.ts'

export const INIT_BIN = join(ROOT, 'bin', 'smokecheck.mjs')

export interface Ran {
  code: number | null
  stdout: string
  stderr: string
}

export function run(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<Ran> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(npm_|smoke_|init_cwd$)/i.test(key)),
  )
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...inherited, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const out = { stdout: '', stderr: '' }
    child.stdout.on('data', (chunk) => {
      out.stdout += chunk
    })
    child.stderr.on('data', (chunk) => {
      out.stderr += chunk
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, ...out }))
  })
}

/** `smokecheck init` from this repository's bin, as `npx smokecheck init` runs it once installed. */
export function init(cwd: string, args: string[] = []): Promise<Ran> {
  return run(process.execPath, [INIT_BIN, 'init', ...args], cwd)
}
