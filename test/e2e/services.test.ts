// Issue 15: one run checks several services in several environments, each service × environment a
// Vitest project `service:environment` bound to its own base URL, token and CA. One service down
// does not hide the others; every failing line names its service; the private CA of one is used
// without NODE_EXTRA_CA_CERTS; a setting for the whole run that belongs to one service is refused.
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { useTestCertificates } from '../support/certificates.ts'
import { spawnRun } from '../support/cli.ts'
import { ENVIRONMENTS, services, TOKEN } from '../support/services-suite.ts'

const certificates = useTestCertificates()

const run = (dir: string, env: Record<string, string>, args: string[] = []) =>
  spawnRun('npm', ['run', '--silent', 'smoke', '--', ...args], env, dir)

interface Target {
  name: string
  service: string
  environment: string
  verdict: string
  problems: { target?: string; message: string }[]
  checks: { id: string; state: string }[]
}

const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8')

describe('a suite of three services in two environments', () => {
  it('runs one project a service and environment, each bound to its own target, and names the red one everywhere', async () => {
    const { dir, webHeaders, caFile } = await services(certificates())
    // The private CA is trusted through the metrics service's own settings alone.
    expect(process.env.NODE_EXTRA_CA_CERTS ?? '').not.toContain(caFile)
    const result = await run(dir, { SMOKE_ENV: 'local,staging', SMOKE_API_TOKEN: TOKEN })
    expect(result.code, result.output).toBe(1)

    const record = JSON.parse(read(result.reportsDir, 'run.json')) as {
      verdict: string
      targets: Target[]
      problems: { target?: string; message: string }[]
    }
    expect(record.verdict).toBe('failed')
    const names = ['api', 'metrics', 'web'].flatMap((s) => ENVIRONMENTS.map((e) => `${s}:${e}`))
    expect(record.targets.map((t) => t.name).sort()).toEqual(names)
    // The red ones lead.
    expect(record.targets.slice(0, 2).map((t) => t.name)).toEqual(['web:local', 'web:staging'])
    for (const target of record.targets) {
      const green = target.service !== 'web'
      expect(target.verdict, `${target.name}: ${JSON.stringify(target.problems)}`).toBe(
        green ? 'passed' : 'failed',
      )
      expect(target.checks.every((c) => c.state === (green ? 'passed' : 'failed'))).toBe(true)
    }
    // Every problem of a service names it, as data and in its sentence.
    const failing = record.problems.filter((p) => p.target)
    expect(failing.map((p) => p.target).sort()).toEqual(['web:local', 'web:staging'])
    for (const problem of failing) expect(problem.message.startsWith(`${problem.target}: `)).toBe(true)

    // Each target's own record and history, apart from the others'.
    for (const name of names) {
      const [service, environment] = name.split(':')
      const own = JSON.parse(
        read(join(result.reportsDir, 'targets', `${service}`, `${environment}`), 'run.json'),
      )
      expect([own.service, own.environment]).toEqual([service, environment])
    }

    // The console: a FAIL line per failing check, each naming its project.
    const failLines = result.output.split('\n').filter((line) => /^\s*FAIL\s/.test(line))
    expect(failLines.length).toBeGreaterThanOrEqual(2)
    for (const line of failLines) expect(line).toMatch(/web:(local|staging)/)
    expect(result.output).toContain('smokecheck: web:staging FAILED')
    expect(result.output).toContain('smokecheck: api:local passed')

    // JUnit: the failures' one-line messages and the suites name the service.
    const junit = read(result.reportsDir, 'junit.xml')
    const messages = [...junit.matchAll(/<failure message="([^"]*)"/g)].map((m) => m[1] ?? '')
    expect(messages.length).toBeGreaterThanOrEqual(2)
    for (const message of messages) expect(message).toMatch(/web:(local|staging)/)
    expect(junit).toContain('<testsuite name="api:staging › checks/api/health.check.ts"')
    expect(junit).toContain('<property name="service" value="metrics">')

    // The summary: a verdict a service, red first, then each service's own story.
    const summary = read(result.reportsDir, 'summary.md')
    const rows = summary.split('\n').filter((line) => /^\| (api|web|metrics) \|/.test(line))
    expect(
      rows.map((row) =>
        row
          .split('|')
          .slice(1, 4)
          .map((c) => c.trim()),
      ),
    ).toEqual([
      ['web', 'local', '❌ failed'],
      ['web', 'staging', '❌ failed'],
      ['api', 'local', '✅ passed'],
      ['api', 'staging', '✅ passed'],
      ['metrics', 'local', '✅ passed'],
      ['metrics', 'staging', '✅ passed'],
    ])
    for (const name of names) expect(summary).toContain(`## ${name}\n`)

    // The api's token went to the api alone.
    expect(webHeaders.length).toBeGreaterThan(0)
    expect(webHeaders.some((h) => h.authorization !== undefined)).toBe(false)
    expect(`${result.output}${junit}${summary}${read(result.reportsDir, 'run.json')}`).not.toContain(TOKEN)
  })

  it('runs one service in one environment with --project, the others left out', async () => {
    const { dir } = await services(certificates())
    const result = await run(dir, { SMOKE_ENV: 'local,staging', SMOKE_API_TOKEN: TOKEN }, [
      '--project',
      'api:staging',
    ])
    expect(result.code, result.output).toBe(0)
    const record = JSON.parse(read(result.reportsDir, 'run.json')) as { verdict: string; targets: Target[] }
    expect(record.targets.map((t) => [t.name, t.verdict])).toEqual([['api:staging', 'passed']])
  })

  it('runs as two shards into blob reports, merged into one run of every check once; a missing shard is red', async () => {
    const { dir } = await services(certificates())
    const env = { SMOKE_ENV: 'local,staging', SMOKE_API_TOKEN: TOKEN }
    const blobs = join(dir, 'blobs')
    for (const index of [1, 2]) {
      const shard = await run(dir, env, [
        `--shard=${index}/2`,
        '--reporter=blob',
        `--outputFile.blob=${join(blobs, `blob-${index}-2.json`)}`,
      ])
      expect([0, 1]).toContain(shard.code)
    }
    const whole = await run(dir, env)
    const merged = await run(dir, { SMOKE_ENV: 'local,staging' }, [`--merge-reports=${blobs}`])
    expect(merged.code, merged.output).toBe(1)
    const ids = (reportsDir: string) =>
      (JSON.parse(read(reportsDir, 'run.json')) as { targets: Target[] }).targets
        .flatMap((t) => t.checks.map((c) => `${t.name} ${c.id} ${c.state}`))
        .sort()
    expect(ids(merged.reportsDir)).toEqual(ids(whole.reportsDir))
    expect(ids(merged.reportsDir)).toHaveLength(2 * 5)
    const record = JSON.parse(read(merged.reportsDir, 'run.json')) as { verdict: string; targets: Target[] }
    expect(record.targets.filter((t) => t.verdict === 'failed').map((t) => t.name)).toEqual([
      'web:local',
      'web:staging',
    ])
    expect(read(merged.reportsDir, 'junit.xml')).toMatch(
      /<testsuites name="smokecheck" tests="10" failures="2"/,
    )
    // The summary: the whole run's verdict, and each service and environment once.
    const summary = read(merged.reportsDir, 'summary.md')
    expect(summary).toContain('❌ **failed**: 2 of 6 services and environments red: web:local, web:staging')
    for (const t of record.targets) expect(summary.split(`\n## ${t.name}\n`)).toHaveLength(2)
    // Vitest's HTML report: every project and check file of both shards.
    const html = gunzipSync(readFileSync(join(merged.reportsDir, 'html', 'html.meta.json.gz'))).toString(
      'utf8',
    )
    for (const t of record.targets) expect(html).toContain(t.name)
    for (const file of [
      'checks/api/health.check.ts',
      'checks/web/home.check.ts',
      'checks/metrics/metrics.check.ts',
    ])
      expect(html).toContain(file)

    // Without the second shard: red, whatever the first one held.
    rmSync(join(blobs, 'blob-2-2.json'))
    const partial = await run(dir, { SMOKE_ENV: 'local,staging' }, [`--merge-reports=${blobs}`])
    expect(partial.code).toBe(1)
    const problems = (JSON.parse(read(partial.reportsDir, 'run.json')) as { problems: { code: string }[] })
      .problems
    expect(problems.map((p) => p.code)).toContain('SHARD_MISSING')
  })

  it('refuses a base URL or token for the whole run, naming the variables that belong to each service', async () => {
    const { dir } = await services(certificates())
    const result = await run(dir, { SMOKE_ENV: 'staging', SMOKE_TOKEN: TOKEN })
    expect(result.code).toBe(2)
    expect(result.output).toContain(
      'SMOKE_TOKEN in the process environment: received a setting for the whole run; expected one per service, as the suite declares several: SMOKE_API_TOKEN, SMOKE_WEB_TOKEN, SMOKE_METRICS_TOKEN in the process environment, or SMOKE_TOKEN in environments/<environment>/<service>.env',
    )
    expect(result.output).not.toContain(TOKEN)
  })
})
