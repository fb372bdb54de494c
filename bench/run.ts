// `npm run bench`: issue 6's four workloads, smokecheck against the plain undici script, bare
// Vitest, Newman and Step CI, interleaved; then the cost of the reports, first runs, the
// monitor's warm cycle and memory, and CPU profiles of what bounds the start-up; prints the
// goals and writes bench/results.md.
//
//   npm run bench                      the measurement, written to bench/results.md
//   npm run bench -- --runs 7          more timed rounds per workload (default 5)
//   npm run bench -- --cycles 200      monitor cycles for the memory figure (default 1000)
//   npm run bench -- --only 20x0       some workloads only (results.md is left alone)
//   npm run bench -- --monitor --cycles 50
//                                      the monitor figure only (results.md is left alone)
//   npm run bench -- --try '{"overrides":{"maxWorkers":1},"env":{"SMOKE_MAX_CONNECTIONS":"6"}}'
//                                      the same measurement for a configuration not (yet) in
//                                      vitest.config.ts, written to bench/.work/results-try.md
//   npm run bench -- --configs         alternatives to the checks project's configuration,
//                                      written to bench/configs.md (default 3 runs each)
//   npm run bench -- --configs --pick 'maxWorkers 2' --only 20x0,200x50
//                                      some candidates (and the configured one) on some
//                                      workloads, written to bench/.work/configs-partial.md
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { loadConfig } from '../src/config/load.ts'
import base from '../vitest.config.ts'
import { isChecksProject, poolSettings } from './checks-project.ts'
import { runConfigs } from './configs.ts'
import { rssAfter, rssPoints, runMonitor, warmCycleMs } from './monitor.ts'
import { preparePeers } from './peers.ts'
import { plainText } from './proc.ts'
import { readImportTrace, readProfiles } from './profile.ts'
import {
  goals,
  type MonitorResults,
  OPTIONAL_RUNNERS,
  type Results,
  RUNNER_LABEL,
  RUNNERS,
  type RunnerId,
  render,
} from './report.ts'
import { Bench, interleaved, type SmokeOptions } from './runners.ts'
import { MIB, mib, type Progress, ratio, type Sample, type Summary, seconds, summarize } from './stats.ts'
import { WORKLOADS, type Workload, workload } from './workloads.ts'

const ROOT = resolve(import.meta.dirname, '..')
/** Monitor cycles run under the CPU profiler. */
const PROFILED_CYCLES = 10

const started = performance.now()
const log: Progress = (line) => console.log(`[${seconds(performance.now() - started).padStart(8)}] ${line}`)

/** The checks project's settings as Vitest applies them, and the connection cap the runs get. */
function checksConfig(trial: SmokeOptions | undefined): string {
  const t = base.test?.projects?.find(isChecksProject)?.test
  if (!t) return 'no checks project found'
  const maxConnections = loadConfig({
    root: ROOT,
    env: { SMOKE_ENV: 'local', SMOKE_BASE_URL: 'http://127.0.0.1:1', ...trial?.env },
  }).maxConnections
  // Vitest 4.1 reads `sequence` from the root config only (vitest-dev/vitest#9645).
  const concurrency = base.test?.sequence?.concurrent
    ? 'sequence.concurrent true'
    : t.sequence?.concurrent
      ? 'sequence.concurrent true on the project, which Vitest 4.1 ignores (vitest-dev/vitest#9645)'
      : 'the checks of a file side by side only if `check` is concurrent (fixtures/index.ts): the requests-in-flight column shows it'
  const parts = [
    `pool \`${t.pool ?? 'forks'}\``,
    `isolate ${t.isolate ?? true}`,
    `maxWorkers ${t.maxWorkers ?? 'default'}`,
    `maxConcurrency ${t.maxConcurrency ?? 5}`,
    `SMOKE_MAX_CONNECTIONS ${maxConnections} in all, split between the workers`,
    `module cache ${t.experimental?.fsModuleCache ? 'on' : 'off'}`,
    concurrency,
  ]
  if (trial) parts.push(`**with the trial changes ${JSON.stringify(trial)}**`)
  return parts.join(', ')
}

function vitestVersion(): string {
  return JSON.parse(readFileSync(join(ROOT, 'node_modules', 'vitest', 'package.json'), 'utf8')).version
}

const DURATION = /Duration\s+(.+)$/m

/** Vitest's own "Duration …" line of a run's console report. */
function durationLine(samples: readonly Sample[] | undefined): string {
  const last = samples?.[samples.length - 1]
  return (last && DURATION.exec(plainText(last.stdout))?.[1]?.trim()) ?? 'not seen'
}

/** Every runner of the main table on each workload, in the same interleaved rounds. */
async function runPeers(bench: Bench, runs: number, only: readonly Workload[], trial?: SmokeOptions) {
  const measured: Results['measured'] = {}
  const durations = { smokecheck: 'not measured', barePool: 'not measured' }
  for (const w of only) {
    const runners: Record<RunnerId, () => Promise<Sample>> = {
      smokecheck: () => bench.smoke(w, trial),
      plain: () => bench.plain(w),
      barePool: () => bench.bare(w, 'same pool'),
      bareDefaults: () => bench.bare(w, 'defaults'),
      newman: () => bench.newman(w),
      stepci: () => bench.stepci(w),
    }
    const failed: Record<string, string> = {}
    const s = await interleaved(w.label, runs, runners, log, { mayFail: OPTIONAL_RUNNERS, failed })
    const summaries: Partial<Record<RunnerId, Summary>> = {}
    for (const who of RUNNERS) if (s[who]?.length) summaries[who] = summarize(s[who])
    measured[w.id] = { runners: summaries, failed }
    if (w.id === '20x0') durations.smokecheck = durationLine(s.smokecheck)
    if (w.id === '20x0') durations.barePool = durationLine(s.barePool)
    const plain = summaries.plain?.wallMs ?? Number.NaN
    log(
      `${w.label}: ${RUNNERS.map((who) => `${RUNNER_LABEL[who]} ${summaries[who] ? ratio(summaries[who].wallMs, plain) : 'failed'}`).join(', ')}`,
    )
  }
  return { measured, durations }
}

/** A warm monitor cycle against a one-off `npm run smoke` and the plain script, and its memory. */
async function runMonitorFigure(bench: Bench, runs: number, cycles: number, trial?: SmokeOptions) {
  const w = workload('20x0')
  const s = await interleaved(
    'monitor baseline',
    runs,
    {
      // `npm run smoke` runs vitest.config.ts as it is: a trial that changes it runs Vitest's CLI.
      'npm run smoke': () =>
        bench.smoke(w, { ...trial, viaNpm: !Object.keys(trial?.overrides ?? {}).length, allReports: true }),
      plain: () => bench.plain(w),
    },
    log,
  )
  log(`monitor: ${cycles} cycles on ${w.label}`)
  const run = await runMonitor(bench, w, cycles, log, trial)
  const monitor: MonitorResults = {
    workload: w.label,
    oneOff: summarize(s['npm run smoke'] ?? []),
    plain: summarize(s.plain ?? []),
    run,
  }
  log(
    `monitor: warm cycle ${seconds(warmCycleMs(run))}, one-off npm run smoke ${seconds(monitor.oneOff.wallMs)}, plain ${seconds(monitor.plain.wallMs)}; RSS ${rssPoints(
      cycles,
    )
      .map((n) => `${n}: ${mib(rssAfter(run, n).window / MIB)}`)
      .join(', ')}`,
  )
  return monitor
}

/**
 * What bounds the start-up, the warm cycle and the reports' cost: CPU profiles of a one-off run,
 * of the monitor's cycles and of a run with and without the reports, and the import trace of a
 * one-off run's workers (see profile.ts).
 */
async function runProfiles(bench: Bench, trial?: SmokeOptions) {
  const quick = workload('20x0')
  const heavy = workload('200x50')
  const dir = (name: string) => {
    const d = join(bench.work, 'profiles', name)
    rmSync(d, { recursive: true, force: true })
    mkdirSync(d, { recursive: true })
    return d
  }
  const profiled = (d: string) => ['--cpu-prof', `--cpu-prof-dir=${d}`]
  const oneOffDir = dir('one-off')
  await bench.smoke(quick, { ...trial, nodeArgs: profiled(oneOffDir) })
  const bareDir = dir('bare-vitest')
  await bench.bare(quick, 'same pool', profiled(bareDir))
  const monitorDir = dir('monitor')
  await runMonitor(bench, quick, PROFILED_CYCLES, log, { ...trial, nodeArgs: profiled(monitorDir) })
  const consoleDir = dir('console-only')
  await bench.smoke(heavy, { ...trial, nodeArgs: profiled(consoleDir) })
  const allDir = dir('all-reports')
  await bench.smoke(heavy, { ...trial, allReports: true, nodeArgs: profiled(allDir) })
  const trace = join(dir('imports'), 'imports.json')
  await bench.smoke(quick, {
    ...trial,
    env: { ...trial?.env, BENCH_IMPORT_TRACE: trace },
    args: ['--reporter=./bench/import-trace-reporter.ts', '--experimental.importDurations.limit=100000'],
  })
  log(`profiles and the import trace written to ${relative(ROOT, join(bench.work, 'profiles'))}`)
  return {
    oneOff: readProfiles(oneOffDir, ROOT),
    bare: readProfiles(bareDir, ROOT),
    monitor: readProfiles(monitorDir, ROOT),
    monitorCycles: PROFILED_CYCLES,
    reports: { console: readProfiles(consoleDir, ROOT), all: readProfiles(allDir, ROOT) },
    imports: readImportTrace(trace, ROOT),
  }
}

async function runMain(
  bench: Bench,
  runs: number,
  cycles: number,
  peers: Results['peers'],
  only: readonly Workload[],
  trial?: SmokeOptions,
) {
  const { measured, durations } = await runPeers(bench, runs, only, trial)
  if (only.length !== WORKLOADS.length) {
    log('not every workload was measured: no report written')
    return
  }
  const heavy = workload('200x50')
  const v = await interleaved(
    'reports',
    runs,
    {
      'console only': () => bench.smoke(heavy, trial),
      'all reports': () => bench.smoke(heavy, { ...trial, allReports: true }),
      'npm run smoke': () => bench.smoke(heavy, { ...trial, allReports: true, viaNpm: true }),
    },
    log,
  )
  const visibility = {
    console: summarize(v['console only'] ?? []),
    all: summarize(v['all reports'] ?? []),
    npm: summarize(v['npm run smoke'] ?? []),
  }
  log(
    `reports: console ${seconds(visibility.console.wallMs)}, all ${seconds(visibility.all.wallMs)} (${ratio(visibility.all.wallMs, visibility.console.wallMs)}), npm run smoke ${seconds(visibility.npm.wallMs)}, ${mib(visibility.npm.peakMiB)}`,
  )
  const firstRun: Results['firstRun'] = {}
  for (const w of [workload('20x0'), heavy]) {
    const f = await interleaved(
      `${w.label}, module cache`,
      runs,
      {
        're-run': () => bench.smoke(w, trial),
        'first run': () => bench.smoke(w, { ...trial, emptyModuleCache: true }),
      },
      log,
    )
    const pairOf = { rerun: summarize(f['re-run'] ?? []), first: summarize(f['first run'] ?? []) }
    firstRun[w.id] = pairOf
    log(`${w.label}: re-run ${seconds(pairOf.rerun.wallMs)}, first run ${seconds(pairOf.first.wallMs)}`)
  }
  const monitor = await runMonitorFigure(bench, runs, cycles, trial)
  const profiles = { ...(await runProfiles(bench, trial)), durations }
  const t = base.test?.projects?.find(isChecksProject)
  const results: Results = {
    date: new Date(),
    runs,
    vitestVersion: vitestVersion(),
    config: checksConfig(trial),
    samePool: t ? poolSettings(t) : {},
    peers,
    measured,
    visibility,
    firstRun,
    monitor,
    profiles,
    totalMs: performance.now() - started,
  }
  const out = trial ? join(bench.work, 'results-try.md') : join(ROOT, 'bench', 'results.md')
  mkdirSync(join(out, '..'), { recursive: true })
  writeFileSync(out, render(results))
  console.log()
  for (const g of goals(results))
    console.log(`${g.met ? 'met   ' : 'MISSED'} #${g.issue} ${g.goal}: ${g.measured}`)
  console.log(`\nwrote ${relative(ROOT, out)}; the benchmark took ${seconds(performance.now() - started)}`)
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string' },
      configs: { type: 'boolean', default: false },
      only: { type: 'string' },
      try: { type: 'string' },
      pick: { type: 'string' },
      cycles: { type: 'string' },
      monitor: { type: 'boolean', default: false },
    },
  })
  const runs = Number(values.runs ?? (values.configs ? 3 : 5))
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`--runs must be a positive whole number, not ${values.runs}`)
  const cycles = Number(values.cycles ?? 1000)
  if (!Number.isInteger(cycles) || cycles < 11)
    throw new Error(`--cycles must be a whole number above 10, not ${values.cycles}`)
  const only = values.only ? values.only.split(',').map(workload) : WORKLOADS
  const trial: SmokeOptions | undefined = values.try ? JSON.parse(values.try) : undefined
  const project = base.test?.projects?.find(isChecksProject)
  if (!project) throw new Error('vitest.config.ts has no checks project (bench/checks-project.ts)')
  const peers = values.configs || values.monitor ? undefined : preparePeers(ROOT, log)
  const bench = new Bench(ROOT, poolSettings(project), peers)
  const stop = () => {
    bench.stop()
    bench.cleanup()
  }
  process.once('SIGINT', () => {
    stop()
    process.exit(130)
  })
  try {
    log(`preparing the workloads and the target (${runs} timed runs each after a warm-up)`)
    await bench.start(WORKLOADS)
    if (values.configs)
      await runConfigs(bench, runs, log, { pick: values.pick, workloads: values.only ? only : undefined })
    else if (values.monitor) await runMonitorFigure(bench, runs, cycles, trial)
    else await runMain(bench, runs, cycles, peers as Results['peers'], only, trial)
  } finally {
    stop()
  }
}

await main()
