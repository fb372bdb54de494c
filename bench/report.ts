// bench/results.md: the measured table next to the issue's reference figures, and each goal
// of issue 6 as met or missed, with the machine it was measured on.
import { availableParallelism, cpus, totalmem } from 'node:os'
import { PHASES } from './runners.ts'
import { MIB, median, mib, percent, ratio, type Summary, seconds, table } from './stats.ts'
import { FILES, WORKLOADS } from './workloads.ts'

/** Issue 6's figures (2 cores, Node 20.20.2): Newman and Step CI cannot be installed here. */
export const REFERENCE: Record<string, { newman: number; stepci: number; vitestDefault: string }> = {
  '20x0': { newman: 1.08, stepci: 1.64, vitestDefault: '3.1 s' },
  '200x0': { newman: 3.64, stepci: 1.76, vitestDefault: '3.4–4.8 s' },
  '20x50': { newman: 2.3, stepci: 2.01, vitestDefault: '4.7 s' },
  '200x50': { newman: 13.9, stepci: 2.93, vitestDefault: '14.7 s' },
}

/** Above this median load from other processes, results.md says the machine was busy. */
const BUSY_CORES = 0.25

export const GOALS = {
  ratio200x50: 1.5,
  ratio20x0: 2.5,
  reportsCost: 0.1,
  peakMiB: 250,
}

export interface Results {
  date: Date
  runs: number
  vitestVersion: string
  config: string
  measured: Record<string, { smoke: Summary; plain: Summary }>
  visibility: { console: Summary; all: Summary }
  /** The same runs with Vitest's module cache warm (a re-run) and emptied first (a first run). */
  firstRun: Record<string, { rerun: Summary; first: Summary }>
  /** Vitest alone (no smokecheck config, setup or fixtures) on 20 instant checks. */
  floor: Summary
  totalMs: number
}

export interface Goal {
  goal: string
  measured: string
  met: boolean
}

function pair(r: Results, id: string): { smoke: Summary; plain: Summary } {
  const found = r.measured[id]
  if (!found) throw new Error(`workload ${id} was not measured`)
  return found
}

/** Which of Newman and Step CI (the issue's figures) were as fast as `wallMs` on workload `id`, e.g. "Newman and Step CI". */
function slowerThan(id: string, wallMs: number): string {
  const ref = REFERENCE[id]
  const s = wallMs / 1000
  if (!ref) return ''
  return [s >= ref.newman ? 'Newman' : '', s >= ref.stepci ? 'Step CI' : ''].filter(Boolean).join(' and ')
}

/** The ratio of a workload's first run (empty module cache) to the plain script, when measured. */
function firstRunNote(r: Results, id: string): string {
  const first = r.firstRun[id]?.first
  return first ? `; a first run: ${ratio(first.wallMs, pair(r, id).plain.wallMs)}` : ''
}

/** Where a first run (empty module cache) is slower than Newman or Step CI. */
function firstRunSlower(r: Results): string {
  const slower = Object.entries(r.firstRun).flatMap(([id, { first }]) => {
    const who = slowerThan(id, first.wallMs)
    const label = WORKLOADS.find((w) => w.id === id)?.label ?? id
    return who ? [`slower than ${who} on ${label} (${seconds(first.wallMs)})`] : []
  })
  return slower.length ? `; a first run is ${slower.join('; ')}` : '; a first run too'
}

export function goals(r: Results): Goal[] {
  const w200x50 = pair(r, '200x50')
  const w20x0 = pair(r, '20x0')
  const cost = r.visibility.all.wallMs / r.visibility.console.wallMs - 1
  const peak = Math.max(pair(r, '200x0').smoke.peakMiB, w200x50.smoke.peakMiB)
  const slower = WORKLOADS.filter((w) => slowerThan(w.id, pair(r, w.id).smoke.wallMs))
  return [
    {
      goal: `200 checks × 50 ms over ${FILES} files: ≤ ${GOALS.ratio200x50}× the plain script`,
      measured: `${ratio(w200x50.smoke.wallMs, w200x50.plain.wallMs)} (a re-run${firstRunNote(r, '200x50')})`,
      met: w200x50.smoke.wallMs / w200x50.plain.wallMs <= GOALS.ratio200x50,
    },
    {
      goal: `20 instant checks over ${FILES} files: ≤ ${GOALS.ratio20x0}× the plain script`,
      measured: `${ratio(w20x0.smoke.wallMs, w20x0.plain.wallMs)} (a re-run${firstRunNote(r, '20x0')})`,
      met: w20x0.smoke.wallMs / w20x0.plain.wallMs <= GOALS.ratio20x0,
    },
    {
      goal: `all reports on: at most +${GOALS.reportsCost * 100} % over the console alone`,
      measured: percent(cost),
      met: cost <= GOALS.reportsCost,
    },
    {
      goal: `peak memory summed over processes: ≤ ${GOALS.peakMiB} MiB for 200 checks`,
      measured: `${mib(peak)} (highest of every 200-check run)`,
      met: peak <= GOALS.peakMiB,
    },
    {
      goal: 'faster than Newman and Step CI (the issue’s figures) on all four workloads',
      measured: `${
        slower.length
          ? `slower than ${slower.map((w) => `${slowerThan(w.id, pair(r, w.id).smoke.wallMs)} on ${w.label}`).join('; ')}`
          : 'faster on all four'
      } (re-runs)${firstRunSlower(r)}`,
      met: slower.length === 0,
    },
  ]
}

const PHASE_NAMES = Object.keys(PHASES)

function phaseRow(name: string, s: Summary): string[] {
  const at = (k: string) => (Number.isFinite(s.marks[k]) ? seconds(s.marks[k] as number) : '—')
  return [name, ...PHASE_NAMES.map(at), seconds(s.wallMs), seconds(s.cpuMs), mib(s.peakMiB)]
}

function floorNote(r: Results): string {
  const quick = pair(r, '20x0')
  const slow = pair(r, '200x50')
  const budget = quick.plain.wallMs * GOALS.ratio20x0
  const setup = slow.smoke.marks['global setup done'] ?? Number.NaN
  const first = slow.smoke.marks['first file done'] ?? Number.NaN
  const requestsFloor = (200 / Math.max(1, slow.smoke.peakInFlight)) * 50
  const vitestStart = r.floor.marks['first file done'] ?? Number.NaN
  return [
    `20 instant checks: Vitest alone takes ${seconds(r.floor.wallMs)} (${ratio(r.floor.wallMs, quick.plain.wallMs)} the plain script) and ${mib(r.floor.peakMiB)};`,
    `the ${GOALS.ratio20x0}× goal allows ${seconds(budget)} and smokecheck takes ${seconds(quick.smoke.wallMs)}:`,
    `${seconds(Math.max(0, quick.smoke.wallMs - r.floor.wallMs))} and ${mib(Math.max(0, quick.smoke.peakMiB - r.floor.peakMiB))} over Vitest's floor come from smokecheck's config, global setup, fixtures and workers.`,
    '',
    `200 checks × 50 ms: of smokecheck's ${seconds(slow.smoke.wallMs)}, ${seconds(setup)} pass before its global setup is done and`,
    `${seconds(first)} before the first file is done (workers started, fixtures imported); the plain script's whole run takes ${seconds(slow.plain.wallMs)}.`,
    `With ${slow.smoke.peakInFlight} requests in flight (the plain script: ${slow.plain.peakInFlight}), the requests alone need at least ${seconds(requestsFloor)}.`,
    `Vitest's own start-up (bare Vitest's first file done at ${seconds(vitestStart)}) plus that is ${seconds(vitestStart + requestsFloor)}, already ${ratio(vitestStart + requestsFloor, slow.plain.wallMs)} the plain script: the ${GOALS.ratio200x50}× goal leaves ${seconds(Math.max(0, slow.plain.wallMs * GOALS.ratio200x50 - vitestStart - requestsFloor))} for everything of smokecheck's own.`,
  ].join('\n')
}

export function render(r: Results): string {
  const rows = WORKLOADS.map((w) => {
    const { smoke, plain } = pair(r, w.id)
    const ref = REFERENCE[w.id]
    return [
      w.label,
      seconds(plain.wallMs),
      `**${seconds(smoke.wallMs)}** (${seconds(smoke.minMs)}–${seconds(smoke.maxMs)})`,
      `**${ratio(smoke.wallMs, plain.wallMs)}**`,
      `${seconds(smoke.cpuMs)} / ${seconds(plain.cpuMs)}`,
      `${mib(smoke.peakMiB)} / ${mib(plain.peakMiB)}`,
      `${smoke.peakInFlight} / ${plain.peakInFlight}`,
      ref ? `${ref.newman.toFixed(2)} s` : '',
      ref ? `${ref.stepci.toFixed(2)} s` : '',
      ref?.vitestDefault ?? '',
    ]
  })
  const background = median(
    Object.values(r.measured).flatMap(({ smoke, plain }) => [smoke.backgroundCores, plain.backgroundCores]),
  )
  const busy =
    background > BUSY_CORES
      ? `\n**The machine was busy while this ran**: other processes kept a median of ${background.toFixed(2)} of its ${availableParallelism()} cores busy, so the wall times above are inflated and vary; the CPU times are less affected.\n`
      : `\nOther processes kept a median of ${background.toFixed(2)} cores busy while this ran.\n`
  const v = r.visibility
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU'
  return `# Benchmark results

Written by \`npm run bench\` on ${r.date.toISOString().slice(0, 16).replace('T', ' ')} UTC: ${availableParallelism()} cores (${cpu}),
${Math.round(totalmem() / MIB / 1024)} GiB RAM, Node ${process.version}, Vitest ${r.vitestVersion}, ${process.platform}.
The whole benchmark took ${seconds(r.totalMs)}.

Each workload is a GET of \`/item/:n\` from a local node:http target on 127.0.0.1, asserted
for status 200 and the JSON field \`n\`, spread over ${FILES} check files that use
smokecheck's fixtures and matchers and run with the project's \`checks\` configuration
(${r.config}). smokecheck is \`SMOKE_ENV=local SMOKE_BASE_URL=<target> SMOKE_CHECKS=<the workload's files>
vitest run --project checks --reporter=default\` (console only), in its own process; the lower bound is \`bench/plain.ts\` (undici, 10 requests at a time, the same
assertions), in its own process. Runs alternate (smokecheck, plain, smokecheck, …):
one warm-up pair, then ${r.runs} timed pairs per workload. Times are wall-clock medians from
spawn to exit (min–max in brackets); memory is the highest peak of any run, the resident
memory of every process in the runner's tree summed, sampled every 20 ms. CPU time is
user + system of the runner's processes; requests in flight are counted by the target.
${busy}
| workload | plain undici (lower bound) | smokecheck | ratio | CPU time smokecheck / plain | peak memory smokecheck / plain | peak requests in flight smokecheck / plain | Newman (issue) | Step CI (issue) | Vitest, 10 files, default pool (issue) |
|---|---|---|---|---|---|---|---|---|---|
${rows.map((row) => `| ${row.join(' | ')} |`).join('\n')}

Newman and Step CI are not installed here: their columns are the figures issue 6 measured
on the same kind of machine (2 cores, Node 20.20.2), quoted for comparison.

## Cost of visibility

200 checks × 50 ms, with the project's reporters (console, JUnit, JSON, HTML, and
smokecheck's run.json and summary.md; no \`--reporter\` override) against the console alone
(\`--reporter=default\`), alternating, ${r.runs} pairs after a warm-up. The redacting reporter is in
both: it cannot be turned off. Timing capture is not optional either (every exchange is timed
and annotated), so it is on in both.

${table(
  ['reports', 'median', 'min–max', 'CPU time', 'peak memory'],
  [v.console, v.all]
    .map((x, i) => [
      i ? 'all reports' : 'console only',
      seconds(x.wallMs),
      `${seconds(x.minMs)}–${seconds(x.maxMs)}`,
      seconds(x.cpuMs),
      mib(x.peakMiB),
    ])
    .concat([
      [
        'difference',
        percent(v.all.wallMs / v.console.wallMs - 1),
        '',
        percent(v.all.cpuMs / v.console.cpuMs - 1),
        percent(v.all.peakMiB / v.console.peakMiB - 1),
      ],
    ]),
)}

## First run and re-runs

The checks project keeps transformed modules on disk between runs
(\`experimental.fsModuleCache\`), so every timed run above is a re-run: the warm-up filled the
cache. A first run (a fresh clone, a CI job without a cached \`node_modules\`, or after
\`vitest --clearCache\`) transforms smokecheck's TypeScript again. Here each "first run" starts with
\`node_modules/.experimental-vitest-cache\` deleted, alternating with re-runs, ${r.runs} pairs after a warm-up.

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
    WORKLOADS.find((w) => w.id === id)?.label ?? id,
    seconds(rerun.wallMs),
    seconds(first.wallMs),
    percent(first.wallMs / rerun.wallMs - 1),
    ratio(first.wallMs, pair(r, id).plain.wallMs),
    `${seconds(rerun.cpuMs)} / ${seconds(first.cpuMs)}`,
    `${mib(rerun.peakMiB)} / ${mib(first.peakMiB)}`,
  ]),
)}

## Where the time goes

Medians from spawn until each line of the console report first appears. "Bare Vitest" is
the 20 instant checks as plain \`test.concurrent\` + undici files with a config of their own
(threads, not isolated, one worker): Vitest's own floor, with nothing of smokecheck.

${table(
  ['run', ...PHASE_NAMES, 'exit', 'CPU time', 'peak memory'],
  [
    phaseRow('bare Vitest, 20 checks, instant', r.floor),
    ...WORKLOADS.map((w) => phaseRow(`smokecheck, ${w.label}`, pair(r, w.id).smoke)),
  ],
)}

${floorNote(r)}

## Goals of issue 6

${table(
  ['goal', 'measured', ''],
  goals(r).map((g) => [g.goal, g.measured, g.met ? 'met' : '**missed**']),
)}

Reproduce: \`npm ci && npm run bench\` (Linux: memory and CPU time are read from /proc).
Configuration alternatives are measured by \`npm run bench -- --configs\` (bench/configs.md).
`
}
