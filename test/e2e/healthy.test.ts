import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { DEMO_VERSION, demo } from '../support/demo.ts'
import { runChecks } from '../support/run-checks.ts'

// The demo serves plain http at an IP address and has no private ports to probe.
const SKIPPED_ON_DEMO = [
  ['ports that must stay private are closed to the public', expect.stringContaining('SMOKE_CLOSED_PORTS')],
  ['the service host name resolves', expect.stringContaining('is an IP address')],
  [
    'the TLS certificate is trusted, matches the host and is not about to expire',
    expect.stringContaining('plain http'),
  ],
] as const

describe('the example checks against a healthy demo service', () => {
  it('pass, every one of them, and write the four reports', async () => {
    const { env, token } = await demo()
    const run = await runChecks({ env: { ...env, SMOKE_EXPECTED_VERSION: DEMO_VERSION } })
    expect(run.unhandledErrors).toEqual([])
    expect(run.failed).toEqual([])
    // Only what the demo cannot show is skipped, and each says why.
    expect(run.checks.filter((c) => c.state === 'skipped').map((c) => [c.name, c.message])).toEqual(
      expect.arrayContaining([...SKIPPED_ON_DEMO]),
    )
    expect(run.skipped).toHaveLength(SKIPPED_ON_DEMO.length)
    expect(run.passed.length).toBeGreaterThanOrEqual(15)

    for (const file of ['junit.xml', 'results.json', 'html/index.html', 'html/html.meta.json.gz']) {
      expect(existsSync(join(run.reportsDir, file)), `${file} written`).toBe(true)
    }
    const junit = readFileSync(join(run.reportsDir, 'junit.xml'), 'utf8')
    expect(junit).toContain('failures="0"')
    expect(junit).toMatch(
      /<property name="http" value="GET \/health → 200 OK in \d+ ms \([^"]*connection\)">/,
    )
    const html = gunzipSync(readFileSync(join(run.reportsDir, 'html/html.meta.json.gz'))).toString('utf8')
    expect(html).toContain('GET /admin/stats → 200 OK')
    // The token went out on the wire, and stays out of every report.
    for (const file of ['junit.xml', 'results.json'])
      expect(readFileSync(join(run.reportsDir, file), 'utf8')).not.toContain(token)
    expect(html).not.toContain(token)
  })

  it('records every exchange on the check, with a curl line to reproduce it', async () => {
    const { env } = await demo()
    const run = await runChecks({ env })
    const liveness = run.get('liveness answers ok')
    expect(liveness.annotations).toEqual([
      {
        type: 'http',
        message: expect.stringMatching(
          /^GET \/health → 200 OK in \d+ ms \((no DNS lookup|(dns|wait) [\d.]+ ms), .*connection\)$/,
        ),
      },
    ])
    const results = JSON.parse(readFileSync(join(run.reportsDir, 'results.json'), 'utf8'))
    const assertions = results.testResults.flatMap(
      (file: { assertionResults: unknown[] }) => file.assertionResults,
    )
    const admin = assertions.find((a: { title: string }) => a.title === 'admin stats accept the right token')
    expect(admin.meta.exchanges[0]).toMatchObject({
      method: 'GET',
      status: 200,
      attempts: 1,
      requestHeaders: { authorization: '[REDACTED]' },
      curl: expect.stringContaining("-H 'authorization: Bearer [REDACTED]'"),
    })
  })

  it('starts the embedded demo service by itself when the local environment names no base URL', async () => {
    const run = await runChecks({ env: { SMOKE_ENV: 'local' } })
    expect(run.failed).toEqual([])
    expect(run.skipped.sort()).toEqual(
      ['the deployed version is the one we expect', ...SKIPPED_ON_DEMO.map(([name]) => name)].sort(),
    )
  })

  it('runs only the tagged subset with --tags-filter', async () => {
    const { env } = await demo()
    const run = await runChecks({
      env: { ...env, SMOKE_EXPECTED_VERSION: DEMO_VERSION },
      tagsFilter: ['critical && !auth'],
    })
    expect(run.failed).toEqual([])
    expect(run.passed.sort()).toEqual(
      [
        'liveness answers ok',
        'post listing matches its schema',
        'readiness: database, cache and jobs are healthy',
        'the deployed version is the one we expect',
        'version endpoint describes the deployment',
      ].sort(),
    )
  })
})
