// Starts the FastAPI example (examples/fastapi-service) under uvicorn for a test: Debian's
// /usr/bin/python3, a free 127.0.0.1 port, a fresh token, in the given fault mode. The Python
// counterpart of demo(): the same settings point the example checks at either service.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { request } from 'node:http'
import { type AddressInfo, connect, createServer } from 'node:net'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import type { FaultName } from '../../examples/demo/faults.ts'
import { inCI } from './ci.ts'
import { closeWhenDone } from './close-when-done.ts'
import { DEMO_VERSION } from './demo.ts'
import { ROOT } from './run-checks.ts'

/** Debian's interpreter: a pyenv or virtualenv `python3` earlier on PATH cannot see its packages. */
export const PYTHON = '/usr/bin/python3'
export const SERVICE_DIR = join(ROOT, 'examples/fastapi-service')
const INSTALL_SCRIPT = 'examples/fastapi-service/install.sh'
const HOST = '127.0.0.1'
/** Kept of uvicorn's stderr for failure messages. */
const LOG_LIMIT = 16 * 1024

// ---------------------------------------------------------------- is the Python stack there?

export interface FastApiAvailability {
  available: boolean
  /** What is missing and how to install it; empty when available. */
  problem: string
}

function lastLine(text: string | undefined): string {
  return (text ?? '').trim().split('\n').at(-1) ?? ''
}

function importProblem(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import fastapi, uvicorn'], { encoding: 'utf8', timeout: 30_000 })
  if (probe.error) return `${PYTHON} cannot run (${probe.error.message})`
  if (probe.status === 0) return undefined
  return `${PYTHON} cannot import fastapi and uvicorn (${lastLine(probe.stderr) || `exit ${probe.status}`})`
}

function canInstall(): boolean {
  const isRoot = process.getuid?.() === 0
  return isRoot && spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0
}

let availability: FastApiAvailability | undefined

/**
 * Whether /usr/bin/python3 imports fastapi and uvicorn. When it does not and this process is
 * root with apt-get at hand, runs examples/fastapi-service/install.sh first. Checked once.
 */
export function fastApiAvailability(): FastApiAvailability {
  if (availability) return availability
  let problem = importProblem()
  if (problem && canInstall()) {
    const install = spawnSync('bash', [INSTALL_SCRIPT], { cwd: ROOT, encoding: 'utf8', timeout: 600_000 })
    problem = importProblem()
    if (problem) {
      const failure = lastLine(install.stderr) || install.error?.message || `exit ${install.status}`
      problem += `; ${INSTALL_SCRIPT} ${install.status === 0 ? 'ran, but that did not help' : `failed: ${failure}`}`
    }
  }
  availability = problem
    ? {
        available: false,
        problem: `${problem}. The FastAPI integration tests need Debian's python3-fastapi and python3-uvicorn: run \`sudo bash ${INSTALL_SCRIPT}\` (apt-get install -y --no-install-recommends python3-fastapi python3-uvicorn).`,
      }
    : { available: true, problem: '' }
  return availability
}

/**
 * For `describe.skipIf(skipFastApi())`: true, with a warning on the console, when the Python
 * stack is missing on a developer's machine. In CI it is false, and every test then fails in
 * startFastApi with the same message: a missing install must not pass for a green run.
 */
export function skipFastApi(): boolean {
  const { available, problem } = fastApiAvailability()
  if (available || inCI()) return false
  console.warn(`\n⚠ skipping the FastAPI integration tests: ${problem}\n  (with CI set they fail instead)\n`)
  return true
}

// ---------------------------------------------------------------- the service

export interface FastApiOptions {
  /** DEMO_SLOW_MS: the delay of the `slow` fault. */
  slowMs?: number
  /** DEMO_FLAKY_EVERY: every Nth request fails under the `flaky` fault. */
  flakyEvery?: number
  /** DEMO_DOCS: serve /docs and /redoc, which are off by default. */
  docs?: boolean
  /** How long uvicorn may take to accept requests. */
  startTimeoutMs?: number
  /** Keep uvicorn's access log, so that a test can read from log() which requests came in. */
  accessLog?: boolean
}

export interface FastApiService {
  url: string
  port: number
  pid: number
  token: string
  /**
   * The settings that point the example checks at this service. Without SMOKE_EXPECTED_VERSION:
   * with it, the rollout gate would wait SMOKE_ROLLOUT_TIMEOUT_MS for a /version that a `500`,
   * `html` or `hang` fault never serves. A test that judges the version adds it (DEMO_VERSION).
   */
  env: { SMOKE_ENV: string; SMOKE_BASE_URL: string; SMOKE_TOKEN: string }
  /** What uvicorn wrote to stdout and stderr so far (the last 16 KiB). */
  log(): string
  /** SIGTERM, then SIGKILL after a short grace; resolves once the process is gone. Idempotent. */
  close(): Promise<void>
}

const START_TIMEOUT_MS = 20_000
const PROBE_TIMEOUT_MS = 3_000
/** The service's own default for DEMO_SLOW_MS. */
const DEFAULT_SLOW_MS = 800
const STOP_GRACE_MS = 2_000
const PORT_ATTEMPTS = 3

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.on('error', reject)
    server.listen(0, HOST, () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })
}

/** Resolves true once GET /health gets any HTTP answer (a fault may make it a 500 or a page). */
function answersHttp(url: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(`${url}/health`, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume()
      res.on('end', () => resolve(true))
      res.on('error', () => resolve(true))
    })
    req.on('timeout', () => req.destroy())
    req.on('error', () => resolve(false))
    req.end()
  })
}

/** Resolves true once the port accepts a TCP connection (the `hang` fault answers nothing). */
function acceptsTcp(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: HOST, port, timeout: PROBE_TIMEOUT_MS })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('timeout', () => socket.destroy())
    socket.once('error', () => resolve(false))
    socket.once('close', () => resolve(false))
  })
}

interface Launched {
  child: ChildProcess
  closed: Promise<void>
  log(): string
}

// `python3 -m uvicorn ...`, plus a watchdog: the test process holds the child's stdin open, so
// when that process dies without closing the service (a killed worker runs no exit handlers),
// stdin reaches EOF and the service ends itself instead of living on.
const UVICORN_WITH_WATCHDOG = `
import os, runpy, signal, sys, threading

def watchdog():
    while os.read(0, 4096):  # the raw fd: a buffered sys.stdin would block the interpreter's exit
        pass
    os.kill(os.getpid(), signal.SIGKILL)

threading.Thread(target=watchdog, daemon=True).start()
sys.argv[0] = "uvicorn"
runpy.run_module("uvicorn", run_name="__main__", alter_sys=True)
`

function launch(port: number, token: string, fault: FaultName, options: FastApiOptions): Launched {
  // Nothing of the caller's Python or smokecheck settings leaks into the service.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(SMOKE_|DEMO_|PYTHON)/.test(key)),
  )
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    PYTHONUNBUFFERED: '1',
    PYTHONDONTWRITEBYTECODE: '1',
    DEMO_TOKEN: token,
    DEMO_FAULT: fault,
    DEMO_VERSION,
  }
  if (options.slowMs !== undefined) env.DEMO_SLOW_MS = String(options.slowMs)
  if (options.flakyEvery !== undefined) env.DEMO_FLAKY_EVERY = String(options.flakyEvery)
  if (options.docs !== undefined) env.DEMO_DOCS = options.docs ? 'on' : 'off'
  const args = [
    '-c',
    UVICORN_WITH_WATCHDOG,
    'app.main:app',
    '--host',
    HOST,
    '--port',
    String(port),
    ...(options.accessLog ? [] : ['--no-access-log']),
  ]
  const child = spawn(PYTHON, args, { cwd: SERVICE_DIR, env, stdio: ['pipe', 'pipe', 'pipe'] })
  let output = ''
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-LOG_LIMIT)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const closed = new Promise<void>((resolve) => {
    child.once('close', () => resolve())
    // A spawn error (no /usr/bin/python3) emits no 'close' when nothing was started.
    child.once('error', (error) => {
      keep(Buffer.from(`\n${error.message}\n`))
      if (child.pid === undefined) resolve()
    })
  })
  return { child, closed, log: () => output }
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null || child.pid === undefined
}

async function stop({ child, closed }: Launched): Promise<void> {
  if (!hasExited(child)) {
    child.kill('SIGTERM')
    // uvicorn 0.17 waits for open connections before it exits; a hung client must not hold us.
    const force = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS)
    await closed
    clearTimeout(force)
  }
  await closed
}

async function waitUntilServing(
  launched: Launched,
  port: number,
  fault: FaultName,
  options: FastApiOptions,
  timeoutMs: number,
): Promise<'up' | 'exited' | 'timeout'> {
  const url = `http://${HOST}:${port}`
  // The `slow` fault delays /health too.
  const probeMs = PROBE_TIMEOUT_MS + (fault === 'slow' ? (options.slowMs ?? DEFAULT_SLOW_MS) : 0)
  const deadline = performance.now() + timeoutMs
  while (performance.now() < deadline) {
    if (hasExited(launched.child)) return 'exited'
    const up = fault === 'hang' ? await acceptsTcp(port) : await answersHttp(url, probeMs)
    // Another process may hold the port and answer: only our own live child counts.
    if (up && !hasExited(launched.child)) return 'up'
    await sleep(50)
  }
  return hasExited(launched.child) ? 'exited' : 'timeout'
}

export async function startFastApi(
  fault: FaultName = 'none',
  options: FastApiOptions = {},
): Promise<FastApiService> {
  const { available, problem } = fastApiAvailability()
  if (!available) throw new Error(problem)
  const token = `tok-${randomBytes(12).toString('hex')}`
  const timeoutMs = options.startTimeoutMs ?? START_TIMEOUT_MS

  for (let attempt = 1; ; attempt++) {
    // The port is free now; another process could take it before uvicorn binds: then try another.
    const port = await freePort()
    const launched = launch(port, token, fault, options)
    const close = () => stop(launched)
    const outcome = await waitUntilServing(launched, port, fault, options, timeoutMs)
    if (outcome === 'up') {
      closeWhenDone(close)
      const url = `http://${HOST}:${port}`
      return {
        url,
        port,
        pid: launched.child.pid as number,
        token,
        env: {
          SMOKE_ENV: 'local',
          SMOKE_BASE_URL: url,
          SMOKE_TOKEN: token,
        },
        log: launched.log,
        close,
      }
    }
    await close()
    const log = launched.log().trim()
    if (outcome === 'exited' && /address already in use/i.test(log) && attempt < PORT_ATTEMPTS) continue
    const what =
      outcome === 'exited'
        ? `exited (${launched.child.signalCode ?? `code ${launched.child.exitCode}`}) before it accepted requests`
        : `did not accept requests within ${timeoutMs} ms`
    throw new Error(
      `the FastAPI example (DEMO_FAULT=${fault}) on ${HOST}:${port} ${what}; uvicorn's output:\n${log || '(nothing)'}`,
    )
  }
}
