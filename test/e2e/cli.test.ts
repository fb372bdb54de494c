import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { smoke } from '../support/cli.ts'
import { demo } from '../support/demo.ts'

// A loopback port with nothing listening: bind one, note it, close it.
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe('npm run smoke', () => {
  it('passes against the embedded demo service and writes the four reports', async () => {
    const run = await smoke({})
    expect(run.output).toContain('checking the embedded demo service at http://127.0.0.1:')
    expect(run.output).toMatch(/Tests {2}\d+ passed( \| \d+ skipped)? \(\d+\)/)
    expect(run.code).toBe(0)
    for (const file of ['junit.xml', 'results.json', 'html/index.html']) {
      expect(existsSync(join(run.reportsDir, file)), file).toBe(true)
    }
  })

  it('stops an unknown environment before any check, naming the ones that exist', async () => {
    const run = await smoke({ SMOKE_ENV: 'nope' })
    expect(run.code).toBe(2)
    expect(run.output).toContain('SMOKE_ENV in the process environment: received "nope"')
    expect(run.output).toContain('expected one of the environments that exist: local, production, staging')
    expect(run.output).not.toContain('Tests ')
    // Nothing that could pass for an empty, green run.
    expect(readdirSync(run.reportsDir)).toEqual([])
  })

  it('stops a bad base URL before any check, naming the value and what was expected', async () => {
    const run = await smoke({ SMOKE_ENV: 'staging', SMOKE_BASE_URL: 'staging.example.com' })
    expect(run.code).toBe(2)
    expect(run.output).toContain(
      'SMOKE_BASE_URL in the process environment: received "staging.example.com"; expected an absolute http(s) URL',
    )
  })

  it('fails every network check quickly with "connection refused" when nothing listens', async () => {
    const port = await closedPort()
    const run = await smoke({ SMOKE_ENV: 'staging', SMOKE_BASE_URL: `http://127.0.0.1:${port}` })
    expect(run.code).toBe(1)
    // Nothing passes: every check that needs the network fails (the rest skip, saying why).
    expect(run.output).toMatch(/Tests {2}\d+ failed( \| \d+ skipped)? \(\d+\)/)
    expect(run.output).toContain(
      `GET /health failed: connection refused by 127.0.0.1:${port}: nothing is listening there [ECONNREFUSED]`,
    )
    expect(run.output).not.toContain('Test timed out')
    // The code frame shows the check's own line, not the client's internals.
    expect(run.output).toContain("const res = await http.get('/health')")
    expect(run.output).not.toContain('src/http/client.ts')
    const junit = readFileSync(join(run.reportsDir, 'junit.xml'), 'utf8')
    expect(junit).toMatch(/<testsuites name="smokecheck" tests="\d+" failures="[1-9]\d*"/)
  })

  it('selects a subset with --tags-filter', async () => {
    const { env } = await demo()
    const run = await smoke(env, ['--tags-filter=auth'])
    expect(run.code).toBe(0)
    expect(run.output).toMatch(/Tests {2}3 passed \| \d+ skipped/)
  })
})
