// A team replaces the example suite with its own, as the README says: checks/, fixtures/,
// environments/ and vitest.config.ts become theirs, for two services that are not shaped like
// the reference contract (test/suites/own-suite), and test/example/ goes with the example. In a
// copy of the repository, their suite runs green against those services, with the run record
// written and the rollout gate reading the version where they said it is; and the engine's own
// typecheck, lint and tests still pass.
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CliRun, spawnRun } from '../support/cli.ts'
import { ROOT } from '../support/run-checks.ts'

const OWN_SUITE = join(ROOT, 'test/suites/own-suite')
const SHA = '4c1f0e2d9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d'

/** What the team's services answer: an API with a plain-text health and a build-info document, a site with JSON as text/plain. */
const ROUTES: Record<
  string,
  Record<string, { type: string; body: string; headers?: Record<string, string> }>
> = {
  api: {
    '/healthz': { type: 'text/plain', body: 'ok' },
    '/api/build': {
      type: 'application/json',
      body: JSON.stringify({ build: { version: '2.4.0', sha: SHA } }),
    },
  },
  web: {
    '/': { type: 'text/html', body: '<h1>Welcome</h1>', headers: { 'x-release': '5.1.0' } },
    '/status': { type: 'text/plain', body: JSON.stringify({ pages: 12, healthy: true }) },
  },
}

function serve(routes: (typeof ROUTES)[string]): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const route = routes[req.url ?? '']
    if (!route) return res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
    res.writeHead(200, { 'content-type': route.type, ...route.headers }).end(route.body)
  })
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  )
}

/** The repository as a team has it, with the example suite replaced by theirs. */
function copyWithOwnSuite(): string {
  const copy = mkdtempSync(join(tmpdir(), 'smokecheck-own-suite-'))
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
  // test/example/ tests the example suite: the README has a team delete it with the example checks.
  const replaced = /^(?:checks|fixtures|environments|test\/example)\/|^vitest\.config\.ts$/
  for (const file of files.split('\0').filter(Boolean)) {
    if (replaced.test(file)) continue
    mkdirSync(dirname(join(copy, file)), { recursive: true })
    cpSync(join(ROOT, file), join(copy, file))
  }
  cpSync(OWN_SUITE, copy, { recursive: true })
  // The engine's build, as `npm ci` (its prepare script) leaves it in a clone: copied after the
  // sources, so it is newer than each of them.
  cpSync(join(ROOT, 'dist'), join(copy, 'dist'), { recursive: true })
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'))
  // Biome reads .gitignore through git, as in a real checkout.
  execFileSync('git', ['init', '-q'], { cwd: copy })
  return copy
}

const npm = (copy: string, args: string[], env: Record<string, string> = {}): Promise<CliRun> =>
  spawnRun('npm', ['run', '--silent', ...args], env, copy)

function record(run: CliRun) {
  return JSON.parse(readFileSync(join(run.reportsDir, 'run.json'), 'utf8')) as {
    totals: { passed: number; failed: number }
    version: { version: string; commit?: string } | null
  }
}

describe("a team's own suite, in place of the example", () => {
  let copy: string
  const servers: Server[] = []
  const urls: Record<string, string> = {}

  beforeAll(async () => {
    copy = copyWithOwnSuite()
    for (const name of ['api', 'web'] as const) {
      const { server, url } = await serve(ROUTES[name] ?? {})
      servers.push(server)
      urls[name] = url
    }
  })
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))))
    rmSync(copy, { recursive: true, force: true })
  })

  it('checks the API: version in a build-info field, read by the rollout gate and recorded', async () => {
    const env = { SMOKE_ENV: 'staging', SMOKE_BASE_URL: urls.api ?? '', SMOKE_EXPECTED_VERSION: '2.4.0' }
    const run = await npm(copy, ['smoke'], { ...env, SMOKE_EXPECTED_COMMIT: SHA.slice(0, 12) })
    expect(run.code, run.output).toBe(0)
    expect(record(run)).toMatchObject({
      totals: { passed: 2, failed: 0 },
      version: { version: '2.4.0', commit: SHA },
    })
    expect(readFileSync(join(run.reportsDir, 'summary.md'), 'utf8')).toContain('serving 2.4.0 (4c1f0e2)')

    const stale = await npm(copy, ['smoke'], {
      ...env,
      SMOKE_EXPECTED_VERSION: '2.5.0',
      SMOKE_ROLLOUT_TIMEOUT_MS: '0',
    })
    expect(stale.code).toBe(1)
    expect(stale.output).toContain(
      `GET /api/build still serves 2.4.0 (commit ${SHA.slice(0, 12)}), expected 2.5.0`,
    )
  })

  it('checks the site: JSON served as text/plain, version in a response header', async () => {
    const env = { SMOKE_ENV: 'staging', SMOKE_BASE_URL: urls.web ?? '', SMOKE_EXPECTED_VERSION: '5.1.0' }
    const run = await npm(copy, ['smoke', '--', '--config', 'web.vitest.config.ts'], env)
    expect(run.code, run.output).toBe(0)
    expect(record(run)).toMatchObject({ totals: { passed: 2, failed: 0 }, version: { version: '5.1.0' } })

    const stale = await npm(copy, ['smoke', '--', '--config', 'web.vitest.config.ts'], {
      ...env,
      SMOKE_EXPECTED_VERSION: '5.2.0',
      SMOKE_ROLLOUT_TIMEOUT_MS: '0',
    })
    expect(stale.code).toBe(1)
    expect(stale.output).toContain('GET / still serves 5.1.0, expected 5.2.0')
  })

  it("leaves the engine's typecheck, lint and tests green", { timeout: 1_200_000 }, async () => {
    const typecheck = await npm(copy, ['typecheck'])
    expect(typecheck.code, typecheck.output).toBe(0)
    const lint = await npm(copy, ['lint'])
    expect(lint.code, lint.output).toBe(0)
    // `npm test` leaves this file's project out, or each copy would copy the repository again.
    const tests = await npm(copy, ['test'])
    expect(tests.code, tests.output.slice(-4000)).toBe(0)
  })
})
