// `smokecheck contract pull` as a user runs it, in a suite's folder, against the demo service: the
// file it writes type-checks, its schemas read the demo's real answers, and they refuse the
// answers of a demo that breaks its documented schema.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { pullCommand } from '../../src/contract/pull.ts'
import { spawnRun } from '../support/cli.ts'
import { demo } from '../support/demo.ts'
import { type Generated, importGenerated, suiteFolder, typeErrors } from '../support/generated.ts'
import { clientFor } from '../support/http-client.ts'
import { ROOT } from '../support/run-checks.ts'

const BIN = join(ROOT, 'bin/smokecheck.mjs')
const OUT = 'fixtures/contract.generated.ts'

async function pull(dir: string, args: string[], env: Record<string, string> = {}) {
  return spawnRun(process.execPath, [BIN, 'contract', 'pull', ...args], env, dir)
}

/** What a check written against the generated file would do with its types. */
const USAGE = `import { PostDetail, PostList, responses } from './contract.generated.ts'
declare const list: PostList
export const slug: string = list.items[0]?.slug ?? ''
export const views: number = PostDetail.parse({}).views
export const ratio: number | null = responses['GET /health/ready']['503'].parse({}).checks.cache.hit_ratio
`

describe('smokecheck contract pull', () => {
  it("writes the demo's document as zod schemas that type-check and read its real answers", async () => {
    const { service, token } = await demo('none')
    const dir = suiteFolder()
    // A suite's folder: the local environment's settings apply to the GET (none here).
    mkdirSync(join(dir, 'environments'))
    writeFileSync(join(dir, 'environments/local.env'), '')
    const run = await pull(dir, ['--from', `${service.url}/openapi.json`])
    expect(run.output).toBe(
      `smokecheck contract pull: wrote ${OUT} from ${service.url}/openapi.json (13 schemas, 6 operations)\n`,
    )
    expect(run.code).toBe(0)
    const file = join(dir, OUT)
    // One program: the generated file and a use of it are clean, a wrong use is the one error.
    writeFileSync(join(dir, 'fixtures/usage.ts'), USAGE)
    writeFileSync(
      join(dir, 'fixtures/wrong.ts'),
      `${USAGE}export const wrong: string = PostDetail.parse({}).views\n`,
    )
    expect(typeErrors([file, join(dir, 'fixtures/usage.ts'), join(dir, 'fixtures/wrong.ts')])).toEqual([
      "wrong.ts(6): Type 'number' is not assignable to type 'string'.",
    ])

    const api = await importGenerated(readFileSync(file, 'utf8'), dir)
    const http = clientFor(service.url, { SMOKE_TOKEN: token })
    const read = async (path: string, schema: Generated[string] | undefined, auth = false) => {
      const res = await http.get(path, { auth })
      return { status: res.status, parsed: schema?.safeParse(res.body) }
    }
    const list = await read('/api/posts?limit=2', api.PostList)
    expect(list.parsed?.success, list.parsed?.error?.message).toBe(true)
    const slug = (list.parsed?.data as { items: { slug: string }[] } | undefined)?.items[0]?.slug
    const answers = await Promise.all([
      read('/health', api.Health),
      read('/health/ready', api.Readiness),
      read('/version', api.Version),
      read(`/api/posts/${slug}`, api.responses['GET /api/posts/{slug}']?.['200']),
      read('/api/posts/no-such-post', api.responses['GET /api/posts/{slug}']?.['404']),
      read('/api/posts?limit=0', api.responses['GET /api/posts']?.['422']),
      read('/admin/stats', api.AdminStats, true),
    ])
    expect(answers.map((a) => [a.status, a.parsed?.error?.issues ?? 'parsed'])).toEqual([
      [200, 'parsed'],
      [200, 'parsed'],
      [200, 'parsed'],
      [200, 'parsed'],
      [404, 'parsed'],
      [422, 'parsed'],
      [200, 'parsed'],
    ])

    // Pulled again from an unchanged service: nothing to review.
    const again = await pull(dir, ['--from', `${service.url}/openapi.json`])
    expect(again.output).toBe(
      `smokecheck contract pull: ${OUT} is up to date with ${service.url}/openapi.json\n`,
    )

    const broken = await demo('bad_schema')
    const res = await clientFor(broken.service.url).get('/api/posts', { query: { limit: 2 } })
    const issues = api.PostList?.safeParse(res.body).error?.issues.map((i) => i.path.join('.'))
    expect(issues).toEqual(['items.0.author', 'items.1.author', 'count'])
  })

  it("reads the environment's SMOKE_BASE_URL, and refuses bad input with exit 2 naming it", async () => {
    const { service } = await demo('none')
    const dir = suiteFolder()
    mkdirSync(join(dir, 'environments'))
    writeFileSync(join(dir, 'environments/staging.env'), `SMOKE_BASE_URL=${service.url}\n`)
    writeFileSync(join(dir, 'environments/local.env'), '')
    const staging = await pull(dir, ['--out', 'fixtures/api.ts'], { SMOKE_ENV: 'staging' })
    expect(staging.output).toBe(
      `smokecheck contract pull: wrote fixtures/api.ts from ${service.url}/openapi.json (13 schemas, 6 operations)\n`,
    )

    // The refusals, in process: each one message, exit 2; a document that cannot be read, exit 1.
    const said: string[] = []
    vi.spyOn(console, 'error').mockImplementation((text: string) => said.push(text))
    const command = async (args: string[], env: Record<string, string> = {}) => {
      said.length = 0
      const code = await pullCommand(args, dir, env)
      return { code, output: said.join('\n') }
    }
    expect(await command([], { SMOKE_ENV: 'local' })).toEqual({
      code: 2,
      output:
        'smokecheck contract pull: the environment local names no SMOKE_BASE_URL to read /openapi.json from; expected --from <url or file>, or SMOKE_ENV naming an environment with a SMOKE_BASE_URL',
    })
    const unknownEnv = await command([], { SMOKE_ENV: 'prod' })
    expect(unknownEnv.output).toContain(
      'SMOKE_ENV in the process environment: received "prod" (there is no environments/prod.env); expected one of the environments that exist, or several separated by commas: local, staging',
    )
    expect(unknownEnv.code).toBe(2)
    expect(await command(['--from', 'contracts/api.yaml'])).toEqual({
      code: 2,
      output: `smokecheck contract pull: --from received "contracts/api.yaml", and there is no such file (${join(dir, 'contracts/api.yaml')}); expected an http(s) URL or an OpenAPI document in JSON or YAML`,
    })
    expect(await command(['--path', 'openapi.json'], { SMOKE_ENV: 'staging' })).toEqual({
      code: 2,
      output:
        'smokecheck contract pull: --path received "openapi.json"; expected a path on the service starting with /, such as /openapi.json',
    })
    const unknown = await command(['--form', 'x'])
    expect(unknown.output).toMatch(/^Unknown option '--form'/)
    expect(unknown.code).toBe(2)
    const notThere = await command(['--from', `${service.url}/nowhere.json`])
    expect(notThere.output).toMatch(
      /^smokecheck contract pull: the document could not be read: the contract at \/nowhere.json could not be read: 404 Not Found/,
    )
    expect(notThere.code).toBe(1)
  })
})
