// The monitor's figure (issues 16 and 20): `smokecheck monitor` (bin/smokecheck.mjs, the code
// path of `npm run monitor`) on a workload, with SMOKE_MONITOR_SCHEDULE=*=1ms and no jitter so
// that cycles run back to back on the one Vitest instance it keeps, until `cycles` cycles have
// passed; then SIGTERM, which it answers by saving its state and exiting. The time of a warm
// cycle is read between consecutive cycle lines (the monitor's bookkeeping included), and the
// resident memory of its process tree right after given cycles.
import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { childrenCpuMs, machineBusyMs, plainText, treeRss } from './proc.ts'
import type { Bench, SmokeOptions } from './runners.ts'
import { median, type Progress, seconds } from './stats.ts'
import type { Workload } from './workloads.ts'

const CYCLE_LINE = /smokecheck monitor: cycle (\d+) \([^)]*\) (\w+) in (\d+) ms: (\d+) ok, (\d+) failing/

export interface MonitorRun {
  /** The cycles asked for; the monitor finishes the one under way at SIGTERM, so `cycles` may be one more. */
  asked: number
  cycles: number
  /** From spawn to the first cycle's line: the monitor's start and its first (cold) cycle. */
  firstCycleMs: number
  /** Times between consecutive cycle lines, from the second cycle on: warm cycles. */
  cycleMs: number[]
  /** The monitor's own figure for each cycle (runCycle's duration). */
  reportedMs: number[]
  /** Resident memory of the monitor's process tree right after each cycle (index 0: cycle 1). */
  rss: number[]
  /** CPU time of the whole monitor process, start to exit. */
  cpuMs: number
  wallMs: number
  /** Cores other processes kept busy meanwhile. */
  backgroundCores: number
}

/** Where the memory is read: after a few cycles, then every power of ten up to the last. */
export function rssPoints(cycles: number): number[] {
  const points = [10, 100, 1000, 10_000].filter((n) => n < cycles)
  return [...points, cycles]
}

export async function runMonitor(
  bench: Bench,
  w: Workload,
  cycles: number,
  progress: Progress,
  options: SmokeOptions = {},
): Promise<MonitorRun> {
  // A fresh state and history: the cycles of an earlier benchmark are not this one's.
  rmSync(join(bench.reportsDir, 'monitor'), { recursive: true, force: true })
  const env = bench.smokeEnv(w, {
    ...options,
    env: {
      SMOKE_MONITOR_SCHEDULE: '*=1ms',
      SMOKE_MONITOR_JITTER_PERCENT: '0',
      SMOKE_MONITOR_PORT: '0',
      ...options.env,
    },
  })
  const start = performance.now()
  const cpuBefore = childrenCpuMs()
  const busyBefore = machineBusyMs()
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      join(bench.root, 'bin', 'smokecheck.mjs'),
      'monitor',
      // An experiment (`--try`) changes the checks project's options as for a one-off run.
      ...(Object.keys(options.overrides ?? {}).length
        ? ['--config', join(bench.root, 'bench', 'vitest.bench.config.ts')]
        : []),
    ],
    { cwd: bench.root, env: { ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const run: MonitorRun = {
    asked: cycles,
    cycles: 0,
    firstCycleMs: Number.NaN,
    cycleMs: [],
    reportedMs: [],
    rss: [],
    cpuMs: 0,
    wallMs: 0,
    backgroundCores: 0,
  }
  let output = ''
  let pending = ''
  let last = 0
  let failure: string | undefined
  // Once: a second SIGTERM would find Node's default handler and kill the monitor mid-save.
  let stopping = false
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8')
  })
  child.stdout.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8')
    output = (output + text).slice(-20_000)
    pending += text
    const lines = pending.split('\n')
    pending = lines.pop() ?? ''
    for (const line of lines) {
      const match = CYCLE_LINE.exec(plainText(line))
      if (!match) continue
      const now = performance.now()
      const [, n, result, ms, , failing] = match
      run.cycles = Number(n)
      if (run.cycles === 1) run.firstCycleMs = now - start
      else run.cycleMs.push(now - last)
      last = now
      run.reportedMs.push(Number(ms))
      if (child.pid !== undefined) run.rss.push(treeRss(child.pid).bytes)
      if (run.cycles % 100 === 0) progress(`monitor: ${run.cycles}/${cycles} cycles, ${seconds(now - start)}`)
      if (result !== 'passed' || failing !== '0') failure ??= `cycle ${n} ${result} with ${failing} failing`
      if ((run.cycles >= cycles || failure) && !stopping) {
        stopping = true
        child.kill('SIGTERM')
      }
    }
  })
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', resolve)
  })
  run.wallMs = performance.now() - start
  run.cpuMs = childrenCpuMs() - cpuBefore
  run.backgroundCores = Math.max(0, machineBusyMs() - busyBefore - run.cpuMs) / run.wallMs
  const target = await bench.targetStats(w)
  if (failure || code !== 0 || run.cycles < cycles || target.requests < cycles * w.checks)
    throw new Error(
      `the monitor on ${w.label} did not pass ${cycles} cycles (${failure ?? `${run.cycles} cycles`}, exit ${code}, ${target.requests} requests):\n${plainText(output).slice(-2500)}`,
    )
  return run
}

/** The resident memory right after cycle `n`, and the median over the ten cycles up to it. */
export function rssAfter(run: MonitorRun, n: number): { at: number; window: number } {
  return { at: run.rss[n - 1] ?? Number.NaN, window: median(run.rss.slice(Math.max(0, n - 10), n)) }
}

/** Median of a monitor run's warm cycles. */
export function warmCycleMs(run: MonitorRun): number {
  return median(run.cycleMs)
}
