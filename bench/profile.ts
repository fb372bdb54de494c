// Where a run's time goes. From V8's CPU profiles (`node --cpu-prof`, which writes one profile
// for the main thread and one for each worker thread): each thread's sampled time, grouped by
// what ran, that is the package (node_modules/<name>), the engine's folder (dist/…), Node's
// module loader (compiling and resolving what is imported) or the rest of Node, and the garbage
// collector. From Vitest's import durations (import-trace-reporter.ts): which modules a test
// worker imports, which module asked for each, and how long each took with what it imports.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { ImportTrace } from './import-trace-reporter.ts'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string }
}

interface CpuProfile {
  nodes: ProfileNode[]
  startTime: number
  endTime: number
  samples: number[]
  timeDeltas: number[]
}

export interface ThreadProfile {
  /** `main`, or `worker <n>` in the order the threads started. */
  thread: string
  /** From the thread's start to its end. */
  spanMs: number
  /** Sampled time not idle. */
  busyMs: number
  /** Busy time by what ran, highest first. */
  groups: [string, number][]
  /** A thread that ran test files (Vitest's test runner ran in it). */
  testWorker: boolean
}

const IDLE = new Set(['(idle)', '(program)'])

function groupOf(frame: ProfileNode['callFrame'], root: string): string {
  if (frame.functionName === '(garbage collector)') return 'garbage collection'
  const url = frame.url
  if (!url) return 'Node and V8 (native)'
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (pkg) return pkg[1] as string
  if (url.startsWith('node:internal/modules') || url.startsWith('node:internal/bootstrap'))
    return "Node's module loader"
  if (url.startsWith('node:')) return 'Node (other)'
  const path = url.startsWith('file://') ? new URL(url).pathname : url
  const inRoot = relative(root, path)
  if (!inRoot.startsWith('..'))
    return /^(src|dist)\//.test(inRoot) ? `engine ${inRoot.split('/').slice(0, 2).join('/')}` : inRoot
  return path
}

export function readProfile(file: string, thread: string, root: string): ThreadProfile {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const groups = new Map<string, number>()
  let busyUs = 0
  profile.samples.forEach((id, i) => {
    const node = byId.get(id)
    const us = profile.timeDeltas[i] ?? 0
    if (!node || IDLE.has(node.callFrame.functionName)) return
    busyUs += us
    const group = groupOf(node.callFrame, root)
    groups.set(group, (groups.get(group) ?? 0) + us)
  })
  return {
    thread,
    testWorker: thread !== 'main' && groups.has('@vitest/runner'),
    spanMs: (profile.endTime - profile.startTime) / 1000,
    busyMs: busyUs / 1000,
    groups: [...groups].map(([g, us]): [string, number] => [g, us / 1000]).sort((a, b) => b[1] - a[1]),
  }
}

/** Every profile `--cpu-prof` wrote into `dir`: the main thread first, then the workers as they started. */
export function readProfiles(dir: string, root: string): ThreadProfile[] {
  // CPU.<date>.<time>.<pid>.<thread id>.<sequence>.cpuprofile
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => ({ f, thread: Number(f.split('.')[4]) }))
    .sort((a, b) => a.thread - b.thread)
  let worker = 0
  return files.map(({ f, thread }) =>
    readProfile(join(dir, f), thread === 0 ? 'main' : `worker ${++worker}`, root),
  )
}

export interface ImportRow {
  module: string
  /** Milliseconds with everything it imports that was not imported before. */
  totalMs: number
  selfMs: number
  external: boolean
  importer: string
}

/**
 * The modules a cold test worker imported, slowest first (with what they import): from the test
 * file whose imports took longest (with `isolate: false`, the first file of a worker pays for
 * the engine and the later ones find it imported).
 */
export function readImportTrace(file: string, root: string): ImportRow[] {
  const trace = JSON.parse(readFileSync(file, 'utf8')) as ImportTrace
  const weight = (imports: ImportTrace['files'][number]['imports']) =>
    Object.values(imports).reduce((sum, d) => sum + d.selfTime, 0)
  const cold = [...trace.files].sort((a, b) => weight(b.imports) - weight(a.imports))[0]
  const name = (id: string) => (id.startsWith(root) ? relative(root, id) : id)
  return Object.entries(cold?.imports ?? {})
    .map(([id, d]) => ({
      module: name(id),
      totalMs: d.totalTime,
      selfMs: d.selfTime,
      external: d.external === true,
      importer: d.importer ? name(d.importer) : '',
    }))
    .sort((a, b) => b.totalMs - a.totalMs)
}
