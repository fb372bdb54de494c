// `npm run bench -- --configs`: the checks project's configuration against alternatives
// (pool, isolation, workers, concurrency, the per-host connection cap), each candidate in
// turn within every round so drift spreads evenly, and where the time of the 20-instant
// workload goes. Prints the tables and writes bench/configs.md; changes no configuration.
import { writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { measure, plainText } from './proc.ts'
import { type Bench, interleaved, PHASES, type SmokeOptions } from './runners.ts'
import {
  describeSample,
  median,
  mib,
  type Progress,
  ratio,
  type Sample,
  seconds,
  summarize,
  table,
} from './stats.ts'
import { type Workload, workload } from './workloads.ts'

interface Candidate {
  name: string
  options: SmokeOptions
  /** Only where it can make a difference: concurrency knobs do nothing for instant answers. */
  slowOnly?: boolean
}

/** A candidate named after what it changes, e.g. "maxWorkers 1, SMOKE_MAX_CONNECTIONS 6". */
function candidate(
  overrides: Record<string, unknown> = {},
  env: Record<string, string> = {},
  slowOnly = false,
): Candidate {
  const changes = [...Object.entries(overrides), ...Object.entries(env)].map(
    ([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : v}`,
  )
  return { name: changes.join(', '), options: { overrides, env }, slowOnly }
}

const CANDIDATES: readonly Candidate[] = [
  { name: 'as configured', options: {} },
  ...[1, 4, 8].map((maxWorkers) => candidate({ maxWorkers })),
  candidate({ pool: 'vmThreads' }),
  candidate({ pool: 'forks' }),
  candidate({ isolate: true }),
  candidate({ experimental: { fsModuleCache: false } }),
  // V8's young generation (16 MiB semi-spaces per isolate by default) is part of the peak memory.
  candidate({}, { NODE_OPTIONS: '--max-semi-space-size=1' }),
  candidate({}, { NODE_OPTIONS: '--max-semi-space-size=4' }),
  // Concurrency knobs: they matter only when answers take time.
  candidate({ maxConcurrency: 20 }, {}, true),
  candidate({}, { SMOKE_MAX_CONNECTIONS: '6' }, true),
  candidate({ maxConcurrency: 20 }, { SMOKE_MAX_CONNECTIONS: '20' }, true),
]

const CONFIG_WORKLOADS: readonly Workload[] = ['20x0', '200x0', '200x50'].map(workload)

export interface ConfigsOptions {
  /** Workloads to measure (default: 20x0, 200x0, 200x50). */
  workloads?: readonly Workload[]
  /** Only the candidates whose name contains this, or one of `a|b` (the configured one always runs). */
  pick?: string
}

async function candidates(
  bench: Bench,
  runs: number,
  log: Progress,
  list: readonly Candidate[],
  workloads: readonly Workload[],
): Promise<string> {
  const sections: string[] = []
  for (const w of workloads) {
    const runners: Record<string, () => Promise<Sample>> = { 'plain undici script': () => bench.plain(w) }
    for (const c of list) if (w.delayMs > 0 || !c.slowOnly) runners[c.name] = () => bench.smoke(w, c.options)
    const samples = await interleaved(w.label, runs, runners, log)
    const plain = summarize(samples['plain undici script'] ?? [])
    const rows = Object.keys(runners).map((name) => {
      const s = summarize(samples[name] ?? [])
      return [
        name,
        `${seconds(s.wallMs)} (${seconds(s.minMs)}–${seconds(s.maxMs)})`,
        ratio(s.wallMs, plain.wallMs),
        seconds(s.cpuMs),
        mib(s.peakMiB),
        String(s.processes),
        `${s.peakInFlight} / ${s.connections}`,
        s.backgroundCores.toFixed(2),
      ]
    })
    const section = `### ${w.label}, over 10 files\n\n${table(
      [
        'configuration',
        'median (min–max)',
        'ratio to plain',
        'CPU time',
        'peak memory',
        'processes',
        'peak in flight / connections',
        'other load (cores)',
      ],
      rows,
    )}`
    console.log(`\n${section}\n`)
    sections.push(section)
  }
  return sections.join('\n\n')
}

async function breakdown(bench: Bench, runs: number, log: Progress): Promise<string> {
  const w = workload('20x0')
  const node: number[] = []
  for (let i = 0; i <= runs; i++) {
    const m = await measure(process.execPath, ['-e', '0'], { cwd: bench.root, env: process.env })
    if (i > 0) node.push(m.wallMs)
  }
  log(`node -e 0: ${seconds(median(node))}`)
  const blank = Object.keys(PHASES).map(() => '')
  const rows: string[][] = [['`node -e 0`: the Node process alone', ...blank, seconds(median(node)), '', '']]
  const ten = (maxWorkers: number) => ({
    layout: w,
    options: { overrides: { maxWorkers } },
    name: `${w.label}, 10 files, maxWorkers ${maxWorkers}`,
  })
  const one = bench.variant(w, 1)
  const twenty = bench.variant(w, 20)
  const layouts = [
    { layout: one, options: {}, name: `${one.label}` },
    ten(1),
    ten(4),
    { layout: w, options: {}, name: `${w.label}, 10 files, as configured` },
    { layout: twenty, options: {}, name: `${twenty.label}, as configured` },
  ]
  for (const { layout, options, name } of layouts) {
    const samples: Sample[] = []
    for (let i = 0; i <= runs; i++) {
      const s = await bench.smoke(layout, { ...options, marks: PHASES, args: ['--reporter=verbose'] })
      if (i > 0) samples.push(s)
      log(`where time goes, ${name}: ${describeSample(s)}`)
    }
    const at = (phase: string) => seconds(median(samples.map((s) => s.marks[phase] ?? Number.NaN)))
    const durations = samples.map((s) => /Duration\s+(.*)/.exec(plainText(s.stdout))?.[1] ?? '')
    rows.push([
      `smokecheck, ${name}`,
      ...Object.keys(PHASES).map(at),
      seconds(median(samples.map((s) => s.wallMs))),
      seconds(median(samples.map((s) => s.cpuMs))),
      `${durations[Math.floor(durations.length / 2)]}`,
    ])
  }
  const section = table(
    [
      'run',
      ...Object.keys(PHASES).map((p) => `${p}, from spawn`),
      'exit',
      'CPU time',
      'Vitest’s own summary (one run)',
    ],
    rows,
  )
  console.log(`\n${section}\n`)
  return section
}

export async function runConfigs(
  bench: Bench,
  runs: number,
  log: Progress,
  options: ConfigsOptions = {},
): Promise<void> {
  const started = performance.now()
  const pick = options.pick
  const picked = (c: Candidate) => (pick ?? '').split('|').some((part) => c.name.includes(part))
  const list = pick ? CANDIDATES.filter((c, i) => i === 0 || picked(c)) : CANDIDATES
  const partial = Boolean(pick || options.workloads)
  const measured = await candidates(bench, runs, log, list, options.workloads ?? CONFIG_WORKLOADS)
  if (partial) {
    // A partial experiment: printed above, and kept out of bench/configs.md.
    writeFileSync(join(bench.work, 'configs-partial.md'), `${measured}\n`)
    log(`wrote ${relative(bench.root, join(bench.work, 'configs-partial.md'))}`)
    return
  }
  const phases = await breakdown(bench, runs, log)
  const text = `# Configuration experiments for the checks project

Written by \`npm run bench -- --configs\` (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${runs} timed runs
per candidate after a warm-up, candidates in turn within each round, medians; Node ${process.version}).
Each candidate is the project's \`checks\` configuration with the named options changed
(\`BENCH_OVERRIDES\`, see bench/vitest.bench.config.ts) or the named environment variables set.
Every run but the "fsModuleCache false" one is a re-run: the warm-up filled the module cache.
"Peak in flight" and "connections" are counted by the target: requests it was answering at
once, and sockets it served.

${measured}

## Where the time of 20 instant checks goes

Median time from spawn until each line first appears on stdout (\`--reporter=verbose\`), the
same 20 checks in 1, 10 and 20 files, and with 1 and 4 workers. Vitest's own summary adds
up the transform and import times of every file (across workers, so it can exceed the wall time).

${phases}

The whole experiment took ${seconds(performance.now() - started)}.
`
  writeFileSync(join(bench.root, 'bench', 'configs.md'), text)
  log('wrote bench/configs.md')
}
