// `npm run bench`: issue 6's four workloads, smokecheck against the plain undici script,
// interleaved, then the cost of the reports; prints the medians and writes bench/results.md.
//
//   npm run bench                      the measurement, written to bench/results.md
//   npm run bench -- --runs 7          more timed pairs per workload (default 5)
//   npm run bench -- --only 20x0       some workloads only (results.md is left alone)
//   npm run bench -- --try '{"overrides":{"maxWorkers":1},"env":{"SMOKE_MAX_CONNECTIONS":"6"}}'
//                                      the same measurement for a configuration not (yet) in
//                                      vitest.config.ts, written to bench/.work/results-try.md
//   npm run bench -- --configs         alternatives to the checks project's configuration,
//                                      written to bench/configs.md (default 3 runs each)
//   npm run bench -- --configs --pick 'maxWorkers 2' --only 20x0,200x50
//                                      some candidates (and the configured one) on some
//                                      workloads, written to bench/.work/configs-partial.md
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { loadConfig } from '../src/config/load.ts'
import base from '../vitest.config.ts'
import { isChecksProject } from './checks-project.ts'
import { runConfigs } from './configs.ts'
import { goals, type Results, render } from './report.ts'
import { Bench, interleaved, type SmokeOptions } from './runners.ts'
import { mib, type Progress, ratio, seconds, summarize } from './stats.ts'
import { WORKLOADS, type Workload, workload } from './workloads.ts'

const ROOT = resolve(import.meta.dirname, '..')

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

async function runMain(bench: Bench, runs: number, only: readonly Workload[], trial?: SmokeOptions) {
  const measured: Results['measured'] = {}
  for (const w of only) {
    const s = await interleaved(
      w.label,
      runs,
      { smokecheck: () => bench.smoke(w, trial), plain: () => bench.plain(w) },
      log,
    )
    const smoke = summarize(s.smokecheck ?? [])
    const plain = summarize(s.plain ?? [])
    measured[w.id] = { smoke, plain }
    log(
      `${w.label}: smokecheck ${seconds(smoke.wallMs)}, plain ${seconds(plain.wallMs)}, ratio ${ratio(smoke.wallMs, plain.wallMs)}, peak ${mib(smoke.peakMiB)} / ${mib(plain.peakMiB)}`,
    )
  }
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
    },
    log,
  )
  const visibility = { console: summarize(v['console only'] ?? []), all: summarize(v['all reports'] ?? []) }
  log(
    `reports: console ${seconds(visibility.console.wallMs)}, all ${seconds(visibility.all.wallMs)} (${ratio(visibility.all.wallMs, visibility.console.wallMs)})`,
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
  const quick = workload('20x0')
  const floor = summarize(
    (await interleaved('floor', runs, { 'bare Vitest': () => bench.bare(quick) }, log))['bare Vitest'] ?? [],
  )
  log(`floor: bare Vitest ${seconds(floor.wallMs)}, ${mib(floor.peakMiB)}`)
  const results: Results = {
    date: new Date(),
    floor,
    runs,
    vitestVersion: vitestVersion(),
    config: checksConfig(trial),
    measured,
    visibility,
    firstRun,
    totalMs: performance.now() - started,
  }
  const out = trial ? join(bench.work, 'results-try.md') : join(ROOT, 'bench', 'results.md')
  mkdirSync(join(out, '..'), { recursive: true })
  writeFileSync(out, render(results))
  console.log()
  for (const w of WORKLOADS) {
    const m = measured[w.id]
    if (m)
      console.log(
        `${w.label.padEnd(24)} plain ${seconds(m.plain.wallMs)}  smokecheck ${seconds(m.smoke.wallMs)}  ${ratio(m.smoke.wallMs, m.plain.wallMs)}  peak ${mib(m.smoke.peakMiB)}`,
      )
  }
  for (const g of goals(results)) console.log(`${g.met ? 'met   ' : 'MISSED'} ${g.goal}: ${g.measured}`)
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
    },
  })
  const runs = Number(values.runs ?? (values.configs ? 3 : 5))
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`--runs must be a positive whole number, not ${values.runs}`)
  const only = values.only ? values.only.split(',').map(workload) : WORKLOADS
  const trial: SmokeOptions | undefined = values.try ? JSON.parse(values.try) : undefined
  const bench = new Bench(ROOT)
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
    else await runMain(bench, runs, only, trial)
  } finally {
    stop()
  }
}

await main()
