import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { smoke, vitest } from '../support/cli.ts'
import { closedPort } from '../support/closed-port.ts'
import { demo } from '../support/demo.ts'
import { tempFolder } from '../support/temp-folder.ts'

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

  // Issue 3's table of bad input, through the CLI: exit code 2 before any check, one message with
  // the source, the key, the value received and what was expected, and no report written.
  it.each<{ case: string; env: Record<string, string>; says: string[] }>([
    {
      case: 'an unknown environment',
      env: { SMOKE_ENV: 'nope' },
      says: [
        'SMOKE_ENV in the process environment: received "nope" (there is no environments/nope.env)',
        'expected one of the environments that exist, or several separated by commas: local, production, staging',
      ],
    },
    {
      case: 'a relative base URL',
      env: { SMOKE_ENV: 'staging', SMOKE_BASE_URL: 'staging.example.com' },
      says: [
        'SMOKE_BASE_URL in the process environment: received "staging.example.com"; expected an absolute http(s) URL',
      ],
    },
    {
      case: 'a base URL that is not http(s)',
      env: { SMOKE_ENV: 'staging', SMOKE_BASE_URL: 'ftp://files.example.com' },
      says: ['SMOKE_BASE_URL in the process environment: received "ftp://files.example.com"'],
    },
    {
      case: 'a base URL with credentials',
      env: { SMOKE_ENV: 'staging', SMOKE_BASE_URL: 'https://me:pw@staging.example.com' },
      says: ['SMOKE_BASE_URL', 'credentials do not belong in the URL'],
    },
    {
      case: 'a threshold that is not a number',
      env: { SMOKE_LATENCY_BUDGET_MS: 'fast' },
      says: [
        'SMOKE_LATENCY_BUDGET_MS in the process environment: received "fast"; expected a positive whole number of milliseconds',
      ],
    },
    {
      case: 'a negative timeout',
      env: { SMOKE_HEADERS_TIMEOUT_MS: '-5' },
      says: ['SMOKE_HEADERS_TIMEOUT_MS in the process environment: received "-5"'],
    },
    {
      case: 'a number in another notation',
      env: { SMOKE_BODY_TIMEOUT_MS: '0x10' },
      says: ['SMOKE_BODY_TIMEOUT_MS in the process environment: received "0x10"'],
    },
    {
      case: 'a typo of a known setting',
      env: { SMOKE_BASEURL: 'https://x.example.com' },
      says: [
        'SMOKE_BASEURL in the process environment: received an unknown setting; expected SMOKE_BASE_URL (a typo?)',
      ],
    },
    {
      case: 'a SMOKE_ variable that is no setting',
      env: { SMOKE_VERSION: '1.8.3' },
      says: [
        'SMOKE_VERSION in the process environment: received an unknown setting; expected one of the known settings: SMOKE_BASE_URL, ',
      ],
    },
    {
      case: 'an empty required value in production',
      // Emptied by the process environment: no check may reach the file's example host.
      env: { SMOKE_ENV: 'production', SMOKE_BASE_URL: '' },
      says: ['SMOKE_BASE_URL in the process environment: received an empty value', 'required outside local'],
    },
  ])('stops $case before any check, saying what was wrong', async ({ env, says }) => {
    const run = await smoke(env)
    expect(run.code).toBe(2)
    expect(run.output).toContain('smokecheck cannot start: bad configuration for environment')
    for (const part of says) expect(run.output).toContain(part)
    expect(run.output).not.toContain('Tests ')
    // Nothing that could pass for an empty, green run.
    expect(readdirSync(run.reportsDir)).toEqual([])
  })

  it('stops a bad setting just the same when Vitest is started without --project', async () => {
    const run = await vitest({ SMOKE_LATENCY_BUDGET_MS: 'fast' }, [
      'run',
      '--configLoader',
      'runner',
      'checks/health.check.ts',
    ])
    expect(run.code).toBe(2)
    expect(run.output).toContain('SMOKE_LATENCY_BUDGET_MS in the process environment: received "fast"')
    expect(readdirSync(run.reportsDir)).toEqual([])
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

  it('on GitHub Actions, raises one annotation per failed check and none per exchange', async () => {
    const port = await closedPort()
    const summary = join(tempFolder('summary'), 'summary.md')
    const run = await smoke({
      SMOKE_ENV: 'staging',
      SMOKE_BASE_URL: `http://127.0.0.1:${port}`,
      SMOKE_CHECKS: 'checks/health.check.ts',
      GITHUB_ACTIONS: 'true',
      GITHUB_STEP_SUMMARY: summary,
    })
    expect(run.code).toBe(1)
    const commands = run.output.split('\n').filter((line) => line.startsWith('::'))
    expect(commands).toHaveLength(1)
    expect(commands[0]).toMatch(
      /^::error file=.*checks\/health\.check\.ts,title=\[checks\] checks\/health\.check\.ts > liveness answers ok,line=6,column=\d+::RequestFailedError: GET \/health failed: connection refused/,
    )
    // The message tells it all; the exchange behind it is not dumped after it.
    expect(commands[0]).not.toContain('Serialized Error')
    // smokecheck's summary alone: Vitest's would lead with totals of its own.
    const written = readFileSync(summary, 'utf8')
    expect(written).toMatch(
      /^\s*# smokecheck\n\n❌ \*\*failed\*\*: 1 of 1 checks failed: checks\/health\.check\.ts > liveness answers ok/,
    )
    expect(written).not.toContain('Vitest Test Report')
  })

  it('selects a subset with --tags-filter', async () => {
    const { env } = await demo()
    const run = await smoke(env, ['--tags-filter=auth'])
    expect(run.code).toBe(0)
    expect(run.output).toMatch(/Tests {2}3 passed \| \d+ skipped/)
  })
})
