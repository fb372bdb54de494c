// Runs one command as a child process and measures it: wall time from spawn to exit, and
// the peak of the resident memory summed over the child and every descendant (Vitest's
// workers are threads of one process or processes of their own, depending on the pool),
// sampled from /proc every SAMPLE_MS. Shared pages (the node binary) count once per
// process, as `ps` would add them up.
import { spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'

export const SAMPLE_MS = 20

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g')

export function plainText(output: string): string {
  return output.replace(ANSI, '')
}

export interface Measured {
  wallMs: number
  peakRssBytes: number
  /** The most processes seen at once in the tree. */
  peakProcesses: number
  code: number | null
  stdout: string
  stderr: string
  /** CPU time (user + system) of the child and every descendant it waited for. */
  cpuMs: number
  /** CPU time every process of the machine spent while the child ran (from /proc/stat). */
  machineBusyMs: number
  /** Milliseconds from spawn until the first stdout chunk matching each of `marks`. */
  marks: Record<string, number>
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined // the process ended between listing and reading
  }
}

function childrenOf(pid: number): number[] {
  let tasks: string[]
  try {
    tasks = readdirSync(`/proc/${pid}/task`)
  } catch {
    return []
  }
  return tasks.flatMap((tid) =>
    (read(`/proc/${pid}/task/${tid}/children`) ?? '').split(' ').filter(Boolean).map(Number),
  )
}

function rssBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(read(`/proc/${pid}/status`) ?? '')
  return match ? Number(match[1]) * 1024 : 0
}

const TICK_MS = 10 // USER_HZ is 100 on Linux

/** CPU time of this process's children that have ended and been waited for (cutime + cstime). */
export function childrenCpuMs(): number {
  const stat = read('/proc/self/stat') ?? ''
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ')
  // After "pid (comm) ": state is field 3; cutime and cstime are fields 16 and 17.
  return (Number(fields[13]) + Number(fields[14])) * TICK_MS
}

/** Busy CPU time of the whole machine so far (every core; idle and iowait excluded). */
export function machineBusyMs(): number {
  const [, user, nice, system, , , irq, softirq, steal] =
    (read('/proc/stat') ?? '').split('\n')[0]?.split(/\s+/) ?? []
  return [user, nice, system, irq, softirq, steal].reduce((sum, v) => sum + Number(v ?? 0), 0) * TICK_MS
}

/** The summed RSS of a process tree right now, and how many processes it has. */
export function treeRss(root: number): { bytes: number; processes: number } {
  const pids = [root]
  for (let i = 0; i < pids.length; i++) pids.push(...childrenOf(pids[i] as number))
  let bytes = 0
  for (const pid of pids) bytes += rssBytes(pid)
  return { bytes, processes: pids.length }
}

export function measure(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; marks?: Record<string, RegExp> },
): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const start = performance.now()
    const cpuBefore = childrenCpuMs()
    const busyBefore = machineBusyMs()
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let wallMs = 0
    let peakRssBytes = 0
    let peakProcesses = 0
    const out: Buffer[] = []
    const err: Buffer[] = []
    const marks: Record<string, number> = {}
    child.stdout.on('data', (chunk: Buffer) => {
      out.push(chunk)
      for (const [name, re] of Object.entries(options.marks ?? {}))
        if (!(name in marks) && re.test(chunk.toString('utf8').replace(ANSI, '')))
          marks[name] = performance.now() - start
    })
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk))
    const sample = () => {
      if (child.pid === undefined || child.exitCode !== null) return
      const now = treeRss(child.pid)
      peakRssBytes = Math.max(peakRssBytes, now.bytes)
      peakProcesses = Math.max(peakProcesses, now.processes)
    }
    const timer = setInterval(sample, SAMPLE_MS)
    child.once('spawn', sample)
    child.once('error', (error) => {
      clearInterval(timer)
      reject(error)
    })
    let busyMs = 0
    child.once('exit', () => {
      wallMs = performance.now() - start
      busyMs = machineBusyMs() - busyBefore
      clearInterval(timer)
    })
    child.once('close', (code) => {
      resolve({
        wallMs,
        peakRssBytes,
        peakProcesses,
        code,
        // Reaped by now: its CPU time (and that of the processes it waited for) is counted.
        cpuMs: childrenCpuMs() - cpuBefore,
        machineBusyMs: busyMs,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        marks,
      })
    })
  })
}
