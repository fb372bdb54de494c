// Runs `smokecheck monitor` as a user would, in a child process, and lets a test wait for what
// it logs (a cycle, an alert) and stop it with a signal. One monitor may outlive the test that
// started it (a restart is two tests): the file kills what is left with killMonitors in afterAll.
import { type ChildProcess, spawn } from 'node:child_process'
import { EventEmitter, once } from 'node:events'
import { join } from 'node:path'
import { ROOT } from './run-checks.ts'
import { tempFolder } from './temp-folder.ts'

export const MONITOR_SUITE = join(ROOT, 'test/suites/monitor.config.ts')

export interface MonitorProcess {
  child: ChildProcess
  output(): string
  /** Resolves with the match once the output (from `from` on) matches. */
  waitFor(pattern: RegExp, from?: number): Promise<RegExpMatchArray>
  /** The number of cycles logged so far. */
  cycles(): number
  /** Sends the signal; resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>
  /** Resolves with the exit code once the monitor exits by itself. */
  exited: Promise<number | null>
}

const running = new Set<{ child: ChildProcess; exited: Promise<unknown> }>()

/** Kills the monitors still running; for the file's afterAll. */
export async function killMonitors(): Promise<void> {
  for (const monitor of running) {
    if (monitor.child.exitCode === null && monitor.child.signalCode === null) monitor.child.kill('SIGKILL')
    await monitor.exited
  }
  running.clear()
}

export function startMonitor(
  env: Record<string, string>,
  args: string[] = [],
  suite: string = MONITOR_SUITE,
  /** The suite's folder: its root, where a suite of its own keeps its checks and environments. */
  cwd: string = ROOT,
): MonitorProcess {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('SMOKE_')))
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin/smokecheck.mjs'), 'monitor', '--config', suite, ...args],
    {
      cwd,
      env: { ...clean, NO_COLOR: '1', TMPDIR: tempFolder('monitor-tmp'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  const events = new EventEmitter()
  const exited = once(child, 'exit').then(([code]) => code as number | null)
  for (const stream of [child.stdout, child.stderr])
    stream?.on('data', (chunk) => {
      output += chunk
      events.emit('output')
    })
  child.on('exit', () => events.emit('output'))
  running.add({ child, exited })
  return {
    child,
    output: () => output,
    async waitFor(pattern, from = 0) {
      for (;;) {
        const match = output.slice(from).match(pattern)
        if (match) return match
        if (child.exitCode !== null || child.signalCode !== null)
          throw new Error(
            `the monitor exited (${child.exitCode ?? child.signalCode}) before ${pattern}:\n${output}`,
          )
        await once(events, 'output')
      }
    },
    exited,
    cycles: () => output.match(/smokecheck monitor: cycle \d+/g)?.length ?? 0,
    async stop(signal = 'SIGTERM') {
      child.kill(signal)
      return exited
    },
  }
}
