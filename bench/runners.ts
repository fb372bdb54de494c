// The runners under measurement, each started as its own process against the target:
// smokecheck (Vitest's CLI with the project's vitest.config.ts, the generated files chosen
// with SMOKE_CHECKS), the plain undici script, bare Vitest (plain test files, with Vitest's
// defaults or the checks project's pool settings), Newman and Step CI. A run that does not pass
// every check is an error, not a time.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { join, relative } from 'node:path'
import ts from 'typescript'
import type { Peer, PeerName } from './peers.ts'
import { type Measured, measure, plainText } from './proc.ts'
import { describeSample, type Progress, type Sample } from './stats.ts'
import type { TargetStats } from './target.ts'
import { generate, generateBare, generateNewman, generateStepCi, type Workload } from './workloads.ts'

/** Lines of Vitest's console report whose first appearance marks a phase of the run. */
export const PHASES: Record<string, RegExp> = {
  'banner (config loaded, projects resolved)': /RUN\s+v\d/,
  'global setup done': /smokecheck: checking/,
  'first file done': /[✓❯×]\s/,
  'last file done': /Test Files/,
}

/** Bare Vitest's two settings: Vitest's defaults, or the checks project's pool settings. */
export type BareKind = 'defaults' | 'same pool'

export interface SmokeOptions {
  /** No `--reporter` override: the project's reporters (console, JUnit, JSON, HTML). */
  allReports?: boolean
  /** Spread over the checks project's test options (configuration experiments only). */
  overrides?: Record<string, unknown>
  /** Extra SMOKE_* settings, e.g. SMOKE_MAX_CONNECTIONS. */
  env?: Record<string, string>
  /** Extra Vitest CLI arguments. */
  args?: string[]
  /** Stdout lines whose first appearance is timed (see `measure`); PHASES by default. */
  marks?: Record<string, RegExp>
  /** Empty Vitest's module cache first (`experimental.fsModuleCache`): a first run, as on a fresh clone. */
  emptyModuleCache?: boolean
  /** Run as `npm run smoke` (npm's own process counted), not Vitest's CLI directly. */
  viaNpm?: boolean
  /** Node options before Vitest's CLI, e.g. `--cpu-prof` (not with `viaNpm`). */
  nodeArgs?: string[]
}

/** Where `experimental.fsModuleCache` keeps transformed modules when no path is configured. */
const MODULE_CACHE = join('node_modules', '.experimental-vitest-cache')

function getJson<T>(url: string): Promise<T> {
  return new Promise((resolve, reject) => {
    request(url, { agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as T))
      res.on('error', reject)
    })
      .on('error', reject)
      .end()
  })
}

export class Bench {
  readonly work: string
  readonly checksDir: string
  readonly reportsDir: string
  private readonly plainScript: string
  private readonly includes = new Map<string, string>()
  private readonly generated = new Map<string, string>()
  private target: ChildProcess | undefined
  private urls: Record<string, string> = {}

  /**
   * `samePool`: the checks project's pool settings (checks-project.ts) for bare Vitest;
   * `peers`: Newman's and Step CI's entry scripts (peers.ts).
   */
  constructor(
    readonly root: string,
    private readonly samePool: Record<string, unknown> = {},
    private readonly peers: Partial<Record<PeerName, Peer>> = {},
  ) {
    this.work = join(root, 'bench', '.work')
    this.checksDir = join(this.work, 'checks')
    this.reportsDir = join(this.work, 'reports')
    this.plainScript = join(this.work, 'plain.mjs')
  }

  /** A generated file or folder for one runner and workload, written on first use. */
  private once(key: string, write: () => string): string {
    let path = this.generated.get(key)
    if (path === undefined) {
      path = write()
      this.generated.set(key, path)
    }
    return path
  }

  /** Vitest itself on the workload as plain test files (see `generateBare`), as a process of its own. */
  async bare(w: Workload, kind: BareKind, nodeArgs: readonly string[] = []): Promise<Sample> {
    const slug = kind === 'defaults' ? 'bare-defaults' : 'bare-pool'
    const config = this.once(`${w.id}-${slug}`, () =>
      generateBare(
        this.root,
        join(this.checksDir, `${w.id}-${slug}`),
        w,
        kind === 'defaults' ? {} : this.samePool,
      ),
    )
    const m = await measure(
      process.execPath,
      [
        ...nodeArgs,
        join('node_modules', 'vitest', 'vitest.mjs'),
        'run',
        '--config',
        config,
        '--reporter=default',
      ],
      { cwd: this.root, env: { ...process.env, BENCH_BASE_URL: this.url(w) }, marks: PHASES },
    )
    return this.finish(w, `bare Vitest (${kind})`, m, /Tests\s+(\d+) passed \(\d+\)/)
  }

  private peerBin(name: PeerName): string {
    const peer = this.peers[name]
    if (!peer?.bin)
      throw new Error(`${name} ${peer?.version ?? ''} is not installed: ${peer?.error ?? 'not prepared'}`)
    return peer.bin
  }

  /** Newman on the workload's collection (one request after another: Newman's only way). */
  async newman(w: Workload): Promise<Sample> {
    const bin = this.peerBin('newman')
    const collection = this.once(`${w.id}-newman`, () => generateNewman(join(this.checksDir, 'peers'), w))
    const m = await measure(
      process.execPath,
      [bin, 'run', collection, '--env-var', `baseUrl=${this.url(w)}`, '--reporters', 'cli', '--color', 'off'],
      { cwd: this.root, env: process.env },
    )
    return this.finish(w, 'Newman', m, /│\s*assertions\s*│\s*(\d+)\s*│\s*0\s*│/)
  }

  /** Step CI on the workload's workflow; its usage analytics are switched off as its docs say. */
  async stepci(w: Workload): Promise<Sample> {
    const bin = this.peerBin('stepci')
    const workflow = this.once(`${w.id}-stepci`, () => generateStepCi(join(this.checksDir, 'peers'), w))
    const m = await measure(process.execPath, [bin, 'run', workflow, '-e', `host=${this.url(w)}`], {
      cwd: this.root,
      env: { ...process.env, STEPCI_DISABLE_ANALYTICS: 'true' },
    })
    return this.finish(w, 'Step CI', m, /Steps:\s+0 failed, 0 skipped, (\d+) passed/)
  }

  /** Transpiles the plain script, writes the workloads and starts the target. */
  async start(workloads: readonly Workload[]): Promise<void> {
    mkdirSync(this.work, { recursive: true })
    const source = readFileSync(join(this.root, 'bench', 'plain.ts'), 'utf8')
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    })
    writeFileSync(this.plainScript, outputText)
    for (const w of workloads) this.includes.set(w.id, generate(this.root, this.checksDir, w))
    const target = spawn(process.execPath, ['--import', 'tsx', join(this.root, 'bench', 'target.ts')], {
      cwd: this.root,
      stdio: ['pipe', 'pipe', 'inherit'],
    })
    this.target = target
    const line = await new Promise<string>((resolve, reject) => {
      let buffered = ''
      target.stdout?.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8')
        const end = buffered.indexOf('\n')
        if (end >= 0) resolve(buffered.slice(0, end))
      })
      target.once('exit', (code) =>
        reject(new Error(`the target ended (exit ${code}) before printing its URLs`)),
      )
    })
    this.urls = JSON.parse(line)
  }

  /** The same checks as `w`, spread over another number of files (a workload of its own). */
  variant(w: Workload, files: number): Workload {
    const v = { ...w, id: `${w.id}-${files}files`, label: `${w.label}, ${files} file${files > 1 ? 's' : ''}` }
    this.includes.set(v.id, generate(this.root, this.checksDir, v, files))
    return v
  }

  stop(): void {
    this.target?.stdin?.end()
  }

  /** Removes the generated check files (tsc's `bench` include would otherwise read them). */
  cleanup(): void {
    rmSync(this.checksDir, { recursive: true, force: true })
  }

  url(w: Workload): string {
    const url = this.urls[String(w.delayMs)]
    if (!url) throw new Error(`no target for a delay of ${w.delayMs} ms`)
    return url
  }

  /** What the target saw since it was last asked (it resets its counts). */
  targetStats(w: Workload): Promise<TargetStats> {
    return getJson<TargetStats>(`${this.url(w)}/_stats`)
  }

  private async finish(w: Workload, what: string, m: Measured, passed: RegExp): Promise<Sample> {
    const target = await this.targetStats(w)
    const count = passed.exec(plainText(m.stdout))?.[1]
    if (m.code !== 0 || Number(count) !== w.checks || target.requests < w.checks) {
      // The first failure says why; the tail has the summary.
      const text = plainText(m.stdout)
      const first = text.indexOf('Failed Tests')
      const excerpt = first >= 0 ? text.slice(first, first + 2500) : text.slice(-2500)
      throw new Error(
        `${what} on ${w.label} did not pass all ${w.checks} checks (exit ${m.code}, ${target.requests} requests):\n${excerpt}\n${m.stderr.slice(-2500)}`,
      )
    }
    return { ...m, target }
  }

  async plain(w: Workload): Promise<Sample> {
    const m = await measure(process.execPath, [this.plainScript, this.url(w), String(w.checks)], {
      cwd: this.root,
      env: process.env,
    })
    return this.finish(w, 'the plain script', m, /^(\d+) passed, 0 failed$/m)
  }

  /** The settings a smokecheck run gets: the workload's files against its target, nothing of the developer's. */
  smokeEnv(w: Workload, options: SmokeOptions = {}): NodeJS.ProcessEnv {
    const include = this.includes.get(w.id)
    if (!include) throw new Error(`workload ${w.id} was not generated`)
    const env: NodeJS.ProcessEnv = {}
    // Nothing of the developer's own SMOKE_* settings (a token, another base URL) leaks in.
    for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('SMOKE_')) env[key] = value
    return Object.assign(env, {
      SMOKE_ENV: 'local',
      SMOKE_BASE_URL: this.url(w),
      // The project's own way to choose the check files (the checks project's include).
      SMOKE_CHECKS: include,
      // Not the project's reports/: other runs in this tree keep theirs.
      SMOKE_REPORTS_DIR: relative(this.root, this.reportsDir),
      BENCH_OVERRIDES: JSON.stringify(options.overrides ?? {}),
      ...options.env,
    })
  }

  async smoke(w: Workload, options: SmokeOptions = {}): Promise<Sample> {
    const env = this.smokeEnv(w, options)
    const overrides = options.overrides ?? {}
    const extra = [...(options.allReports ? [] : ['--reporter=default']), ...(options.args ?? [])]
    if (options.emptyModuleCache) rmSync(join(this.root, MODULE_CACHE), { recursive: true, force: true })
    if (options.viaNpm && Object.keys(overrides).length)
      throw new Error('npm run smoke runs vitest.config.ts as it is')
    // Through npm, the command is the package's own script: `npm run smoke`, as a team types it.
    const [command, args] = options.viaNpm
      ? ['npm', ['run', 'smoke', ...(extra.length ? ['--', ...extra] : [])]]
      : [
          process.execPath,
          [
            ...(options.nodeArgs ?? []),
            join('node_modules', 'vitest', 'vitest.mjs'),
            'run',
            '--configLoader',
            'runner',
            // vitest.config.ts as it is, unless an experiment changes the checks project's options.
            ...(Object.keys(overrides).length ? ['--config', join('bench', 'vitest.bench.config.ts')] : []),
            '--project',
            'checks',
            ...extra,
          ],
        ]
    const m = await measure(command, args, { cwd: this.root, env, marks: options.marks ?? PHASES })
    return this.finish(w, options.viaNpm ? 'npm run smoke' : 'smokecheck', m, /Tests\s+(\d+) passed \(\d+\)/)
  }
}

/**
 * A warm-up of each, then `runs` rounds of every runner in turn (A B A B …). A runner named in
 * `mayFail` that throws (a peer that does not run here) is dropped from the rounds and its error
 * kept in `failed`; any other runner's error ends the benchmark.
 */
export async function interleaved(
  label: string,
  runs: number,
  runners: Record<string, () => Promise<Sample>>,
  progress: Progress,
  { mayFail = [], failed = {} }: { mayFail?: readonly string[]; failed?: Record<string, string> } = {},
): Promise<Record<string, Sample[]>> {
  const samples: Record<string, Sample[]> = {}
  for (const name of Object.keys(runners)) samples[name] = []
  for (let round = 0; round <= runs; round++) {
    for (const [name, run] of Object.entries(runners)) {
      if (name in failed) continue
      let s: Sample
      try {
        s = await run()
      } catch (error) {
        if (!mayFail.includes(name)) throw error
        failed[name] = (error as Error).message
        progress(`${label}: ${name} failed, left out: ${(error as Error).message.split('\n')[0]}`)
        continue
      }
      if (round > 0) samples[name]?.push(s)
      progress(`${label}: ${name} ${round ? `${round}/${runs}` : 'warm-up'}: ${describeSample(s)}`)
    }
  }
  return samples
}
