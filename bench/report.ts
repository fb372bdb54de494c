// bench/results.md: smokecheck and its peers (the plain script, bare Vitest, Newman, Step CI)
// measured in the same interleaved rounds, the cost of the reports, first runs, the monitor's
// warm cycle and memory, each goal of issues 20 and 16 as met or missed, and, measured from CPU
// profiles, what bounds the missed ones.
import { availableParallelism, cpus, totalmem } from 'node:os'
import { type MonitorRun, rssAfter, rssPoints, warmCycleMs } from './monitor.ts'
import type { Peer, PeerName } from './peers.ts'
import type { ImportRow, ThreadProfile } from './profile.ts'
import { PHASES } from './runners.ts'
import { MIB, median, mib, percent, ratio, type Summary, seconds, table } from './stats.ts'
import { FILES, PEER_CONCURRENCY, WORKLOADS } from './workloads.ts'

/** The runners of the main table, in the order they run in each round. */
export const RUNNERS = ['smokecheck', 'plain', 'barePool', 'bareDefaults', 'newman', 'stepci'] as const
export type RunnerId = (typeof RUNNERS)[number]

export const RUNNER_LABEL: Record<RunnerId, string> = {
  smokecheck: 'smokecheck',
  plain: 'plain undici script',
  barePool: 'bare Vitest, same pool settings',
  bareDefaults: 'bare Vitest, Vitest defaults',
  newman: 'Newman',
  stepci: 'Step CI',
}

/** The peers that may fail to install or run here without ending the benchmark. */
export const OPTIONAL_RUNNERS: readonly RunnerId[] = ['newman', 'stepci']

/** Above this median load from other processes, results.md says the machine was busy. */
const BUSY_CORES = 0.25
/** What `import … from 'smokecheck'` loads: the engine as npm ships it (package.json exports). */
const ENGINE_ENTRY = 'dist/index.js'

/** Issue 20's goals and issue 16's (the monitor). */
export const GOALS = {
  toBareVitest: 1.15,
  npmSmokePeakMiB: 220,
  ratio200x50: 1.5,
  toPeers: 0.8,
  warmCycleToPlain: 1.3,
  reportsCost: 0.1,
  /** "Well under a cold run": taken as at most half of a one-off `npm run smoke`. */
  cycleToOneOff: 0.5,
  monitorGrowth: 0.1,
}

export interface WorkloadResults {
  runners: Partial<Record<RunnerId, Summary>>
  /** Runners left out, with their error (a peer that does not install or run here). */
  failed: Partial<Record<RunnerId, string>>
}

export interface MonitorResults {
  workload: string
  /** One-off `npm run smoke` of the same checks, and the plain script, interleaved. */
  oneOff: Summary
  plain: Summary
  run: MonitorRun
}

export interface ProfileResults {
  /** A one-off run of 20 instant checks under `--cpu-prof`, and bare Vitest's (same pool settings). */
  oneOff: ThreadProfile[]
  bare: ThreadProfile[]
  /** Vitest's own "Duration … (transform, setup, import, tests)" line of that run and of bare Vitest. */
  durations: { smokecheck: string; barePool: string }
  /** The monitor's `cycles` cycles under `--cpu-prof`. */
  monitor: ThreadProfile[]
  monitorCycles: number
  /** 200 × 50 ms under `--cpu-prof`, console only and all reports. */
  reports: { console: ThreadProfile[]; all: ThreadProfile[] }
  /** What a cold test worker of a one-off run imported (Vitest's import durations). */
  imports: ImportRow[]
}

export interface Results {
  date: Date
  runs: number
  vitestVersion: string
  config: string
  /** The checks project's pool settings, as bare Vitest ran with them. */
  samePool: Record<string, unknown>
  peers: Record<PeerName, Peer>
  measured: Record<string, WorkloadResults>
  /** 200 × 50 ms: console only, all reports, and `npm run smoke` exactly as a team types it. */
  visibility: { console: Summary; all: Summary; npm: Summary }
  /** The same runs with Vitest's module cache warm (a re-run) and emptied first (a first run). */
  firstRun: Record<string, { rerun: Summary; first: Summary }>
  monitor: MonitorResults
  profiles: ProfileResults
  totalMs: number
}

export interface Goal {
  issue: number
  goal: string
  measured: string
  met: boolean
}

function runner(r: Results, id: string, who: RunnerId): Summary | undefined {
  return r.measured[id]?.runners[who]
}

function wall(r: Results, id: string, who: RunnerId): number {
  return runner(r, id, who)?.wallMs ?? Number.NaN
}

const labelOf = (id: string) => WORKLOADS.find((w) => w.id === id)?.label ?? id

export function goals(r: Results): Goal[] {
  const toBare = WORKLOADS.map((w) => ({ w, x: wall(r, w.id, 'smokecheck') / wall(r, w.id, 'barePool') }))
  const npmPeak = Math.max(r.visibility.npm.peakMiB, r.monitor.oneOff.peakMiB)
  const heavy = wall(r, '200x50', 'smokecheck') / wall(r, '200x50', 'plain')
  const peerRatios = WORKLOADS.filter((w) => w.id !== '20x0').flatMap((w) =>
    (['newman', 'stepci'] as const).map((p) => ({ w, p, x: wall(r, w.id, 'smokecheck') / wall(r, w.id, p) })),
  )
  const cost = r.visibility.all.wallMs / r.visibility.console.wallMs - 1
  const cycle = warmCycleMs(r.monitor.run)
  const points = rssPoints(r.monitor.run.asked)
  const first = points[0] as number
  const lastPoint = points[points.length - 1] as number
  const from = rssAfter(r.monitor.run, first)
  const to = rssAfter(r.monitor.run, lastPoint)
  const growth = to.window / from.window - 1
  const x = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : 'not measured')
  return [
    {
      issue: 20,
      goal: `one-off run: ≤ ${GOALS.toBareVitest}× bare Vitest with the same pool settings, every workload`,
      measured: toBare.map(({ w, x: v }) => `${w.label} ${x(v)}`).join('; '),
      met: toBare.every(({ x: v }) => v <= GOALS.toBareVitest),
    },
    {
      issue: 20,
      goal: `peak memory of \`npm run smoke\` ≤ ${GOALS.npmSmokePeakMiB} MiB`,
      measured: `${mib(npmPeak)} (process tree with npm's own process; 200 × 50 ms: ${mib(r.visibility.npm.peakMiB)}, ${r.monitor.workload}: ${mib(r.monitor.oneOff.peakMiB)})`,
      met: npmPeak <= GOALS.npmSmokePeakMiB,
    },
    {
      issue: 20,
      goal: `one-off run: ≤ ${GOALS.ratio200x50}× the plain script at 200 × 50 ms`,
      measured: x(heavy),
      met: heavy <= GOALS.ratio200x50,
    },
    {
      issue: 20,
      goal: `one-off run: ≤ ${GOALS.toPeers}× Newman and Step CI on every workload but 20 instant checks`,
      measured: peerRatios.map(({ w, p, x: v }) => `${w.label}: ${x(v)} ${RUNNER_LABEL[p]}`).join('; '),
      met: peerRatios.every(({ x: v }) => v <= GOALS.toPeers),
    },
    {
      issue: 20,
      goal: `warm cycle of ${r.monitor.workload}: ≤ ${GOALS.warmCycleToPlain}× the plain script`,
      measured: `${seconds(cycle)} against ${seconds(r.monitor.plain.wallMs)}: ${x(cycle / r.monitor.plain.wallMs)}`,
      met: cycle / r.monitor.plain.wallMs <= GOALS.warmCycleToPlain,
    },
    {
      issue: 20,
      goal: `all reports on: ≤ +${GOALS.reportsCost * 100} % over the console only`,
      measured: percent(cost),
      met: cost <= GOALS.reportsCost,
    },
    {
      issue: 16,
      goal: `a warm monitor cycle costs well under a cold run (taken as ≤ ${GOALS.cycleToOneOff}× a one-off \`npm run smoke\` of the same checks)`,
      measured: `${seconds(cycle)} against ${seconds(r.monitor.oneOff.wallMs)}: ${x(cycle / r.monitor.oneOff.wallMs)}`,
      met: cycle / r.monitor.oneOff.wallMs <= GOALS.cycleToOneOff,
    },
    {
      issue: 16,
      goal: `monitor memory grows < ${GOALS.monitorGrowth * 100} % from cycle ${first} to cycle ${lastPoint}`,
      measured: `${mib(from.window / MIB)} → ${mib(to.window / MIB)}: ${percent(growth)} (median resident memory of the ten cycles up to each; right after the cycle: ${mib(from.at / MIB)} → ${mib(to.at / MIB)}, ${percent(to.at / from.at - 1)})`,
      met: growth < GOALS.monitorGrowth,
    },
  ]
}

const PHASE_NAMES = Object.keys(PHASES)

function phaseRow(name: string, s: Summary | undefined): string[] {
  if (!s) return [name, ...PHASE_NAMES.map(() => '—'), '—', '—', '—']
  const at = (k: string) => (Number.isFinite(s.marks[k]) ? seconds(s.marks[k] as number) : '—')
  return [name, ...PHASE_NAMES.map(at), seconds(s.wallMs), seconds(s.cpuMs), mib(s.peakMiB)]
}

/** "1.23 s (3.4×)" for one runner on one workload, or why it has no figure. */
function cell(r: Results, id: string, who: RunnerId): string {
  const s = runner(r, id, who)
  if (!s) return r.measured[id]?.failed[who] ? 'failed (below)' : '—'
  const plain = wall(r, id, 'plain')
  return who === 'plain' ? seconds(s.wallMs) : `${seconds(s.wallMs)} (${ratio(s.wallMs, plain)})`
}

function peersNote(r: Results): string {
  const lines = Object.values(r.peers).map((p) =>
    p.bin
      ? `- ${p.name} ${p.version}: ${p.bin.includes('bench/.peers') ? 'installed by the benchmark into bench/.peers' : "from the project's node_modules"}.`
      : `- ${p.name} ${p.version}: **could not be installed**: ${p.error}`,
  )
  const failures = Object.entries(r.measured).flatMap(([id, m]) =>
    Object.entries(m.failed).map(
      ([who, error]) =>
        `- **${RUNNER_LABEL[who as RunnerId]} failed on ${labelOf(id)}** (Node ${process.version}), left out: \`${String(error).split('\n').slice(0, 3).join(' ').slice(0, 600)}\``,
    ),
  )
  return [...lines, ...failures].join('\n')
}

/** CPU time by what ran, summed over `threads`, `per` cycles or runs. */
function groupTotals(threads: readonly ThreadProfile[]): Map<string, number> {
  const totals = new Map<string, number>()
  for (const t of threads) for (const [g, ms] of t.groups) totals.set(g, (totals.get(g) ?? 0) + ms)
  return totals
}

function profileTable(threads: readonly ThreadProfile[], per: number, unit: string, top = 10): string {
  const busy = threads.reduce((sum, t) => sum + t.busyMs, 0)
  const rows = [...groupTotals(threads)]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([g, ms]) => [g, `${(ms / per).toFixed(0)} ms`, percent(ms / busy).replace('+', '')])
  return table(['what ran', `CPU time ${unit}`, 'share'], rows)
}

const busyOf = (ts: readonly ThreadProfile[]) => ts.reduce((sum, t) => sum + t.busyMs, 0)

/** CPU time by what ran in `b` against `a`, the largest growth first. */
function deltaTable(
  a: readonly ThreadProfile[],
  b: readonly ThreadProfile[],
  names: [string, string],
  top = 10,
): string {
  const before = groupTotals(a)
  const after = groupTotals(b)
  const rows = [...new Set([...before.keys(), ...after.keys()])]
    .map((g): [string, number, number] => [g, before.get(g) ?? 0, after.get(g) ?? 0])
    .sort((x, y) => y[2] - y[1] - (x[2] - x[1]))
    .slice(0, top)
    .map(([g, x, y]) => [
      g,
      `${x.toFixed(0)} ms`,
      `${y.toFixed(0)} ms`,
      `${y - x >= 0 ? '+' : ''}${(y - x).toFixed(0)} ms`,
    ])
  return table(
    ['what ran', ...names, 'difference'],
    [
      [
        '(all, busy)',
        seconds(busyOf(a)),
        seconds(busyOf(b)),
        `${busyOf(b) - busyOf(a) >= 0 ? '+' : ''}${(busyOf(b) - busyOf(a)).toFixed(0)} ms`,
      ],
      ...rows,
    ],
  )
}

function importTable(rows: readonly ImportRow[], top = 16): string {
  return table(
    ['module', 'with what it imports', 'itself', 'imported first by'],
    rows
      .slice(0, top)
      .map((r) => [
        `\`${r.module}\`${r.external ? ' (package, loaded by Node)' : ''}`,
        `${r.totalMs.toFixed(0)} ms`,
        `${r.selfMs.toFixed(0)} ms`,
        r.importer ? `\`${r.importer}\`` : '',
      ]),
  )
}

/** Figures that show a goal is out of reach of smokecheck's own code: what Vitest alone, or npm, costs. */
function floors(r: Results): string {
  const heavyBare = wall(r, '200x50', 'barePool') / wall(r, '200x50', 'plain')
  const npmOwn = r.visibility.npm.peakMiB - r.visibility.all.peakMiB
  const barePeak = Math.max(...WORKLOADS.map((w) => runner(r, w.id, 'barePool')?.peakMiB ?? 0))
  const smokePeak = Math.max(...WORKLOADS.map((w) => runner(r, w.id, 'smokecheck')?.peakMiB ?? 0))
  const peerFloor = WORKLOADS.filter((w) => w.id !== '20x0').flatMap((w) =>
    (['newman', 'stepci'] as const).flatMap((p) => {
      const x = wall(r, w.id, 'barePool') / wall(r, w.id, p)
      return x > GOALS.toPeers ? [`${w.label}: ${x.toFixed(2)}× ${RUNNER_LABEL[p]}`] : []
    }),
  )
  return [
    `- **Memory**: bare Vitest with the same pool settings peaks at ${mib(barePeak)} (its highest run) and smokecheck's`,
    `  own tree at ${mib(smokePeak)}; \`npm run smoke\` adds npm's own process and a shell: ${mib(npmOwn)} on 200 × 50 ms`,
    `  (\`npm run smoke\` − the same run started directly). Vitest alone plus npm is ${mib(barePeak + npmOwn)} against the ${GOALS.npmSmokePeakMiB} MiB goal.`,
    `- **200 × 50 ms**: bare Vitest with the same pool settings takes ${heavyBare.toFixed(2)}× the plain script by itself (goal for smokecheck: ${GOALS.ratio200x50}×).`,
    `- **Newman and Step CI**: ${peerFloor.length ? `bare Vitest with the same pool settings is itself above ${GOALS.toPeers}× on ${peerFloor.join('; ')}` : `bare Vitest with the same pool settings is within ${GOALS.toPeers}× of both everywhere: the gap is smokecheck's own`}.`,
  ].join('\n')
}

function boundsSection(r: Results): string {
  const p = r.profiles
  const main = p.oneOff.filter((t) => t.thread === 'main')
  const workers = p.oneOff.filter((t) => t.testWorker)
  const others = p.oneOff.filter((t) => t.thread !== 'main' && !t.testWorker)
  const bareMain = p.bare.filter((t) => t.thread === 'main')
  const bareWorkers = p.bare.filter((t) => t.testWorker)
  const monitorWorkers = p.monitor.filter((t) => t.testWorker)
  const monitorMain = p.monitor.filter((t) => t.thread === 'main')
  const perCycle = monitorWorkers.length / p.monitorCycles
  const workerBusy = median(monitorWorkers.map((t) => t.busyMs))
  const workerSpan = median(monitorWorkers.map((t) => t.spanMs))
  const entry = p.imports.find((row) => row.module === ENGINE_ENTRY)
  const q = r.measured['20x0']
  const smoke = q?.runners.smokecheck
  const bare = q?.runners.barePool
  const mark = (s: Summary | undefined, k: string) => s?.marks[k] ?? Number.NaN
  return `### Floors

${floors(r)}

### One-off run: 20 instant checks, smokecheck against bare Vitest with the same pool settings

From spawn (medians of the timed runs): Vitest's banner at ${seconds(mark(smoke, PHASE_NAMES[0] as string))} against
${seconds(mark(bare, PHASE_NAMES[0] as string))} (the config: smokecheck's settings, plugins and reporters), the first file done at
${seconds(mark(smoke, 'first file done'))} against ${seconds(mark(bare, 'first file done'))} (the global setup, the workers' imports), exit at
${seconds(smoke?.wallMs ?? Number.NaN)} against ${seconds(bare?.wallMs ?? Number.NaN)}; CPU time ${seconds(smoke?.cpuMs ?? Number.NaN)} against ${seconds(bare?.cpuMs ?? Number.NaN)}.
Vitest's own account of the files (summed over files and workers):

- smokecheck: \`${p.durations.smokecheck}\`
- bare Vitest: \`${p.durations.barePool}\`

**What a test worker imports** (one run with \`--experimental.importDurations.limit\` and
bench/import-trace-reporter.ts; wall time inside the worker, while the other worker and the main
thread share the 2 cores): the checks' \`import … from 'smokecheck'\` (${ENGINE_ENTRY}, which Node loads itself) took
${entry ? `${entry.totalMs.toFixed(0)} ms` : 'an unmeasured time'} in each worker; bare Vitest's files import only \`vitest\` and \`undici\`.

${importTable(p.imports)}

**CPU profile** of one run each under \`node --cpu-prof\` (one profile a thread): smokecheck's main
thread was busy ${seconds(busyOf(main))}; ${workers.length} test worker${workers.length === 1 ? '' : 's'}, busy ${workers.map((t) => seconds(t.busyMs)).join(' and ')}
of ${workers.map((t) => seconds(t.spanMs)).join(' and ')} alive${others.length ? `; ${others.length} other thread${others.length === 1 ? '' : 's'} (no test ran in ${others.length === 1 ? 'it' : 'them'}), busy ${others.map((t) => seconds(t.busyMs)).join(' and ')}` : ''}.
Compiling and resolving imports shows as "Node's module loader". The main thread, against bare Vitest's:

${deltaTable(bareMain, main, ['bare Vitest', 'smokecheck'])}

The test workers together, against bare Vitest's:

${deltaTable(bareWorkers, workers, ['bare Vitest', 'smokecheck'])}

### Warm monitor cycle: ${r.monitor.workload}

${p.monitorCycles} cycles of \`smokecheck monitor\` under \`node --cpu-prof\`: ${monitorWorkers.length} test workers were
started, ${perCycle.toFixed(1)} a cycle. Vitest 4.1's pool ends its workers when a run ends
(\`Pool.schedule\` in vitest/dist/chunks/cli-api.*.js keeps a worker only for the next file of the
same run), so every cycle starts its workers afresh (the monitor asks for one a cycle:
src/suite/define-config.ts) and each imports the engine again (the import trace above, every cycle). A test worker lived ${seconds(workerSpan)} (median) and was busy ${seconds(workerBusy)} of it;
the main thread was busy ${seconds(monitorMain.reduce((s, t) => s + t.busyMs, 0) / p.monitorCycles)} a cycle (the monitor's whole life, start included, over ${p.monitorCycles} cycles).
Per cycle, the test workers' CPU time:

${profileTable(monitorWorkers, p.monitorCycles, 'a cycle')}

### All reports against the console only: 200 checks × 50 ms

One run each under \`node --cpu-prof\`, every thread together, what grew most:

${deltaTable(p.reports.console, p.reports.all, ['console only', 'all reports'])}
`
}

export function render(r: Results): string {
  const rows = WORKLOADS.map((w) => [w.label, ...RUNNERS.map((who) => cell(r, w.id, who))])
  const resources = WORKLOADS.map((w) => [
    w.label,
    ...RUNNERS.map((who) => {
      const s = runner(r, w.id, who)
      return s ? `${seconds(s.cpuMs)} / ${mib(s.peakMiB)} / ${s.peakInFlight}` : '—'
    }),
  ])
  const background = median(
    Object.values(r.measured).flatMap((m) => Object.values(m.runners).map((s) => s.backgroundCores)),
  )
  const busy =
    background > BUSY_CORES
      ? `\n**The machine was busy while this ran**: other processes kept a median of ${background.toFixed(2)} of its ${availableParallelism()} cores busy, so the wall times are inflated and vary; the CPU times are less affected.\n`
      : `\nOther processes kept a median of ${background.toFixed(2)} cores busy while this ran.\n`
  const v = r.visibility
  const m = r.monitor
  const cycle = warmCycleMs(m.run)
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU'
  const g = goals(r)
  return `# Benchmark results

Written by \`npm run bench\` on ${r.date.toISOString().slice(0, 16).replace('T', ' ')} UTC: ${availableParallelism()} cores (${cpu}),
${Math.round(totalmem() / MIB / 1024)} GiB RAM, Node ${process.version}, Vitest ${r.vitestVersion}, ${process.platform}.
The whole benchmark took ${seconds(r.totalMs)}.
${busy}
## Goals

${table(
  ['issue', 'goal', 'measured', ''],
  g.map((x) => [`#${x.issue}`, x.goal, x.measured, x.met ? 'met' : '**missed**']),
)}

What bounds the missed ones is measured under [What bounds it](#what-bounds-it).

## smokecheck and its peers

Each workload is a GET of \`/item/:n\` from a local node:http target on 127.0.0.1, asserted
for status 200 and the JSON field \`n\`. Every runner is its own process, spawned by the
benchmark; runs alternate in the order of the columns, one warm-up round, then ${r.runs} timed rounds.
Times are wall-clock medians from spawn to exit, with the ratio to the plain script in brackets.

- **smokecheck**: the checks as ${FILES} check files with smokecheck's fixtures and matchers, run with the
  project's \`checks\` configuration (${r.config}): \`SMOKE_ENV=local SMOKE_BASE_URL=<target>
  SMOKE_CHECKS=<the workload's files> vitest run --project checks --reporter=default\` (console only).
- **plain undici script**: \`bench/plain.ts\`, undici with ${PEER_CONCURRENCY} requests at a time, the same assertions: the lower bound.
- **bare Vitest**: the same ${FILES} files as plain \`test.concurrent\` + undici tests, no smokecheck: with the
  checks project's pool settings (\`${JSON.stringify(r.samePool)}\`), and with Vitest's defaults.
- **Newman**: a generated Postman collection, one request and one \`pm.test\` (status and field) an item;
  Newman runs a collection's requests one after another, it has no concurrency setting.
- **Step CI**: a generated workflow, one test an item (GET, \`check.status\`, \`check.jsonpath\`), \`config.concurrency: ${PEER_CONCURRENCY}\`
  as the plain script; \`STEPCI_DISABLE_ANALYTICS=true\`.

${peersNote(r)}

${table(['workload', ...RUNNERS.map((x) => RUNNER_LABEL[x])], rows)}

CPU time (user + system of the runner's processes) / peak memory (the resident memory of every
process in the runner's tree summed, sampled every 20 ms, highest run) / peak requests in flight
(counted by the target):

${table(['workload', ...RUNNERS.map((x) => RUNNER_LABEL[x])], resources)}

## Cost of visibility

200 checks × 50 ms, with the project's reporters (console, JUnit, JSON, HTML, and
smokecheck's run.json and summary.md; no \`--reporter\` override) against the console alone
(\`--reporter=default\`), and \`npm run smoke\` as a team types it (all reports, npm's own process
counted), alternating, ${r.runs} rounds after a warm-up. The redacting reporter is in all of them: it
cannot be turned off; nor can timing capture.

${table(
  ['reports', 'median', 'min–max', 'CPU time', 'peak memory'],
  (
    [
      ['console only', v.console],
      ['all reports', v.all],
      ['`npm run smoke`', v.npm],
    ] as const
  )
    .map(([name, x]) => [
      name,
      seconds(x.wallMs),
      `${seconds(x.minMs)}–${seconds(x.maxMs)}`,
      seconds(x.cpuMs),
      mib(x.peakMiB),
    ])
    .concat([
      [
        'all reports − console only',
        percent(v.all.wallMs / v.console.wallMs - 1),
        '',
        percent(v.all.cpuMs / v.console.cpuMs - 1),
        percent(v.all.peakMiB / v.console.peakMiB - 1),
      ],
    ]),
)}

## The monitor: a warm cycle and memory over ${m.run.asked} cycles

\`smokecheck monitor\` (bin/smokecheck.mjs, the code path of \`npm run monitor\`) on ${m.workload}, with
\`SMOKE_MONITOR_SCHEDULE=*=1ms\` and \`SMOKE_MONITOR_JITTER_PERCENT=0\`: cycles back to back on the one
Vitest instance, until ${m.run.asked} cycles had passed, then SIGTERM. A warm cycle is the time between
two consecutive cycle lines of its log (bookkeeping, state file and history included), from the
second cycle on. Against it: a one-off \`npm run smoke\` of the same checks (all reports, as a team
types it) and the plain script, alternating, ${r.runs} rounds after a warm-up.

${table(
  ['', 'median', 'min–max', 'CPU time', 'peak memory'],
  [
    ['plain undici script', m.plain],
    ['one-off `npm run smoke`', m.oneOff],
  ]
    .map(([name, x]) => {
      const s = x as Summary
      return [
        name as string,
        seconds(s.wallMs),
        `${seconds(s.minMs)}–${seconds(s.maxMs)}`,
        seconds(s.cpuMs),
        mib(s.peakMiB),
      ]
    })
    .concat([
      [
        'monitor, warm cycle',
        `${seconds(cycle)}`,
        `${seconds(Math.min(...m.run.cycleMs))}–${seconds(Math.max(...m.run.cycleMs))}`,
        `${seconds(m.run.cpuMs / m.run.cycles)} a cycle (whole process, start included)`,
        '',
      ],
    ]),
)}

The monitor's first line of a cycle came ${seconds(m.run.firstCycleMs)} after spawn (its start and first
cycle); its own figure for a cycle (runCycle's duration) has a median of
${seconds(median(m.run.reportedMs))}. A warm cycle is ${ratio(cycle, m.oneOff.wallMs)} a one-off \`npm run smoke\` and
${ratio(cycle, m.plain.wallMs)} the plain script. Other processes kept ${m.run.backgroundCores.toFixed(2)} cores busy during the monitor's run.

Resident memory of the monitor's process tree (the main thread and its test workers are threads
of one process), read from /proc right after each cycle's line: after cycle n, and the median
over cycles n−9 … n (a cycle's workers may still be ending when its line appears).

${table(
  ['after cycle', ...rssPoints(m.run.asked).map(String)],
  [
    ['right after', ...rssPoints(m.run.asked).map((n) => mib(rssAfter(m.run, n).at / MIB))],
    ['median of ten', ...rssPoints(m.run.asked).map((n) => mib(rssAfter(m.run, n).window / MIB))],
  ],
)}

## First run and re-runs

The checks project keeps transformed modules on disk between runs
(\`experimental.fsModuleCache\`), so every timed smokecheck run above is a re-run: the warm-up
filled the cache. Here each "first run" starts with \`node_modules/.experimental-vitest-cache\`
deleted, alternating with re-runs, ${r.runs} rounds after a warm-up.

${table(
  [
    'workload',
    're-run',
    'first run',
    'difference',
    'first run, ratio to plain',
    'CPU time re-run / first',
    'peak memory re-run / first',
  ],
  Object.entries(r.firstRun).map(([id, { rerun, first }]) => [
    labelOf(id),
    seconds(rerun.wallMs),
    seconds(first.wallMs),
    percent(first.wallMs / rerun.wallMs - 1),
    ratio(first.wallMs, wall(r, id, 'plain')),
    `${seconds(rerun.cpuMs)} / ${seconds(first.cpuMs)}`,
    `${mib(rerun.peakMiB)} / ${mib(first.peakMiB)}`,
  ]),
)}

## Where the time goes

Medians from spawn until each line of the console report first appears.

${table(
  ['run', ...PHASE_NAMES, 'exit', 'CPU time', 'peak memory'],
  WORKLOADS.flatMap((w) => [
    phaseRow(`bare Vitest (same pool), ${w.label}`, runner(r, w.id, 'barePool')),
    phaseRow(`smokecheck, ${w.label}`, runner(r, w.id, 'smokecheck')),
  ]),
)}

## What bounds it

${boundsSection(r)}

Reproduce: \`npm ci && npm run bench\` (Linux: memory and CPU time are read from /proc; Newman and
Step CI are installed into bench/.peers on the first run). Configuration alternatives are measured by
\`npm run bench -- --configs\` (bench/configs.md).
`
}
