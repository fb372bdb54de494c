// Runs `npm run smoke` (or Vitest's CLI) as a user would, in a child process with its own
// reports folder, removed when the test ends: the example suite through npm, another suite
// through Vitest's CLI with its config.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { EXAMPLE_SUITE, ROOT } from './run-checks.ts'
import { removeWhenDone, tempFolder } from './temp-folder.ts'

export interface CliRun {
  code: number | null
  output: string
  reportsDir: string
}

export function smoke(
  env: Record<string, string>,
  args: string[] = [],
  suite: string = EXAMPLE_SUITE,
): Promise<CliRun> {
  if (suite === EXAMPLE_SUITE) return spawnRun('npm', ['run', '--silent', 'smoke', '--', ...args], env)
  return vitest(env, ['run', '--configLoader', 'runner', '--config', suite, '--project', 'checks', ...args])
}

/** Vitest's own CLI, for the ways of starting checks that bypass `npm run smoke`. */
export function vitest(env: Record<string, string>, args: string[]): Promise<CliRun> {
  return spawnRun(process.execPath, [join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), ...args], env)
}

/** Any command, as a user would type it in `cwd` (the repository by default), with its own reports folder. */
export function spawnRun(
  command: string,
  args: string[],
  env: Record<string, string>,
  cwd: string = ROOT,
): Promise<CliRun> {
  const reportsDir = tempFolder('cli')
  // A job summary the caller pointed the run at is one of its reports, wherever the caller put it.
  // Only one named here: one inherited from the outer run (GitHub Actions) is the job's own.
  if (env.GITHUB_STEP_SUMMARY) removeWhenDone(env.GITHUB_STEP_SUMMARY)
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('SMOKE_')))
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...clean, NO_COLOR: '1', SMOKE_REPORTS_DIR: reportsDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk) => {
      output += chunk
    })
    child.stderr.on('data', (chunk) => {
      output += chunk
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, output, reportsDir }))
  })
}
