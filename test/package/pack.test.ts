// The package as a team gets it: `npm pack`, installed into an empty folder elsewhere with
// Vitest as its peer, `smokecheck init`, then the generated suite's `npm run smoke` against a
// service on this machine. Slow (npm installs for real, from the local cache where it can), so
// it has a generous timeout; nothing here judges how long it takes.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from '../support/run-checks.ts'
import { run } from './run.ts'

const engine = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
const work = mkdtempSync(join(tmpdir(), 'smokecheck-pack-'))
const suite = join(work, 'suite')
const seen: string[] = []
const document = {
  openapi: '3.1.0',
  info: { title: 'svc', version: '1.0.0' },
  paths: {
    '/health': {
      get: {
        responses: {
          200: {
            description: 'ok',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Health' } } },
          },
        },
      },
    },
  },
  components: {
    schemas: { Health: { type: 'object', required: ['ok'], properties: { ok: { const: true } } } },
  },
}
const answers: Record<string, object> = { '/health': { ok: true }, '/openapi.json': document }
const service = createServer((req, res) => {
  seen.push(`${req.method} ${req.url}`)
  const answer = answers[req.url ?? '']
  res.writeHead(answer ? 200 : 404, { 'content-type': 'application/json' })
  res.end(JSON.stringify(answer ?? { detail: 'not found' }))
})

beforeAll(async () => {
  await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve))
})
afterAll(async () => {
  await new Promise((resolve) => service.close(resolve))
  rmSync(work, { recursive: true, force: true })
})

describe('the packed engine in a suite of its own', () => {
  it('installs, initialises a suite that passes against the service, pulls its contract, and a second init refuses', async () => {
    const packed = await run('npm', ['pack', '--json', '--pack-destination', work], ROOT)
    expect(packed.code, packed.stderr).toBe(0)
    const [{ filename, files }] = JSON.parse(packed.stdout)
    const shipped = files.map((file: { path: string }) => file.path)
    // Only the engine ships: not the example suite, the tests, the docs or the bench.
    expect(
      shipped.filter(
        (path: string) => !/^(src|dist|bin|templates)\/|^(README\.md|package\.json)$/.test(path),
      ),
    ).toEqual([])
    expect(shipped).toContain('templates/init/.github/workflows/post-deploy.yml')
    // What Node runs: the engine compiled to JavaScript (src/ is there for the types).
    expect(shipped).toEqual(expect.arrayContaining(['dist/index.js', 'dist/config.js']))

    mkdirSync(suite)
    const installed = await run(
      'npm',
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--save-dev',
        join(work, filename),
        `vitest@${engine.peerDependencies.vitest}`,
        `@vitest/ui@${engine.peerDependencies['@vitest/ui']}`,
      ],
      suite,
    )
    expect(installed.code, installed.stderr).toBe(0)

    const url = `http://127.0.0.1:${(service.address() as AddressInfo).port}`
    const first = await run('npx', ['--no', 'smokecheck', 'init', '--base-url', url], suite)
    expect(first.code, first.stderr).toBe(0)

    const smoke = await run('npm', ['run', 'smoke'], suite, { SMOKE_ENV: 'staging', SMOKE_BASE_URL: url })
    const output = smoke.stdout + smoke.stderr
    expect(smoke.code, output).toBe(0)
    expect(output).toMatch(/Tests\s+1 passed \(1\)/)
    expect(seen).toContain('GET /health')
    for (const report of ['junit.xml', 'results.json', 'html/index.html', 'run.json', 'summary.md'])
      expect(existsSync(join(suite, 'reports', report)), report).toBe(true)

    // The installed bin loads the engine's TypeScript through the suite's Vite.
    const pull = await run('npm', ['run', 'contract:pull'], suite, { SMOKE_ENV: 'staging' })
    expect(pull.code, pull.stdout + pull.stderr).toBe(0)
    expect(pull.stdout).toContain(
      `wrote fixtures/contract.generated.ts from ${url}/openapi.json (1 schemas, 1 operations)`,
    )
    expect(readFileSync(join(suite, 'fixtures/contract.generated.ts'), 'utf8')).toContain(
      'export const Health = z.object({\n  ok: z.literal(true),\n})',
    )

    const before = readdirSync(suite).sort()
    const packageJson = readFileSync(join(suite, 'package.json'), 'utf8')
    const second = await run('npx', ['--no', 'smokecheck', 'init'], suite)
    expect(second.code).toBe(2)
    expect(second.stderr).toContain('nothing written')
    expect(second.stderr).toContain('checks/health.check.ts exists')
    expect(readdirSync(suite).sort()).toEqual(before)
    expect(readFileSync(join(suite, 'package.json'), 'utf8')).toBe(packageJson)
  }, 600_000)
})
