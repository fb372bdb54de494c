import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
// Vitest's HTML reporter writes its data with flatted (a dependency of vitest and @vitest/ui): read it back the same way.
import { parse } from 'flatted'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { DEMO_VERSION, demo } from '../support/demo.ts'
import { runExampleChecks } from '../support/run-checks.ts'

// The demo serves plain http at an IP address and has no private ports to probe.
const SKIPPED_ON_DEMO = [
  ['ports that must stay private are closed to the public', expect.stringContaining('SMOKE_CLOSED_PORTS')],
  ['the service host name resolves', expect.stringContaining('is an IP address')],
  [
    'the TLS certificate is trusted, matches the host and is not about to expire',
    expect.stringContaining('plain http'),
  ],
] as const

// The part of html.meta.json.gz the HTML report draws a check's annotations from.
const HtmlReport = z.object({
  files: z.array(
    z.object({
      filepath: z.string(),
      tasks: z.array(
        z.object({
          name: z.string(),
          tags: z.array(z.string()),
          annotations: z.array(
            z.object({
              type: z.string(),
              message: z.string(),
              attachment: z.object({ contentType: z.string(), body: z.string() }).optional(),
            }),
          ),
        }),
      ),
    }),
  ),
})

// A new connection says how it was opened; a reused one has only the request's own phases.
// Checks share a worker's connections: one that found them all busy says how long it waited.
const PHASES =
  '\\((?:queued [\\d.]+ ms for a free connection \\(not counted\\), )?(?:(?:no DNS lookup|dns [\\d.]+ ms), connect [\\d.]+ ms, wait [\\d.]+ ms, download [\\d.]+ ms, new connection|wait [\\d.]+ ms, download [\\d.]+ ms, reused connection)\\)'
const SERVER_SIGNALS =
  'server: db [\\d.]+ ms \\(\\d+ quer(?:y|ies)\\), cache (?:hit|miss); Cache-Status: (?:hit|miss) at demo-cache'
const API_EXCHANGE = new RegExp(
  `^GET /api/\\S+ → \\d{3} [A-Za-z ]+ in [\\d.]+ ms ${PHASES} · ${SERVER_SIGNALS}`,
)

const xmlAttribute = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')

describe('the example checks against a healthy demo service', () => {
  it('pass, every one of them, and write the four reports', async () => {
    const { env, token } = await demo()
    const run = await runExampleChecks({ env: { ...env, SMOKE_EXPECTED_VERSION: DEMO_VERSION } })
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
      /<property name="http" value="GET \/health → 200 OK in [\d.]+ ms \([^"]*connection\)">/,
    )
    const html = gunzipSync(readFileSync(join(run.reportsDir, 'html/html.meta.json.gz'))).toString('utf8')
    expect(html).toContain('GET /admin/stats → 200 OK')
    // The token went out on the wire, and stays out of every report.
    for (const file of ['junit.xml', 'results.json'])
      expect(readFileSync(join(run.reportsDir, file), 'utf8')).not.toContain(token)
    expect(html).not.toContain(token)

    // What the HTML report shows on each check: per-phase timings and the service's own signals
    // on every API exchange, a latency table on the sampled check.
    const checks = HtmlReport.parse(parse(html)).files.flatMap((file) =>
      file.tasks.map((task) => ({ ...task, file: file.filepath })),
    )
    // Every exchange with the JSON API (the OpenAPI document and the sampled check aside).
    const api = checks
      .filter((c) => !c.file.endsWith('latency.check.ts'))
      .flatMap((c) =>
        c.annotations
          .filter((a) => a.type === 'http' && a.message.startsWith('GET /api/'))
          .map((exchange) => ({ name: c.name, exchange })),
      )
    expect(new Set(api.map((a) => a.name)).size).toBeGreaterThanOrEqual(6)
    for (const { name, exchange } of api) {
      expect(exchange.message, name).toMatch(API_EXCHANGE)
      expect(exchange.attachment?.contentType).toBe('text/plain')
      expect(exchange.attachment?.body).toMatch(
        /\n {2}phases: {4}.+\n {2}signals: {3}server: db .+\n {2}reproduce: curl /,
      )
      // JUnit carries the same annotation as a property of the check.
      expect(junit).toContain(`<property name="http" value="${xmlAttribute(exchange.message)}">`)
    }
    const sampled = checks.find((c) => c.file.endsWith('latency.check.ts'))
    const latency = sampled?.annotations.filter((a) => a.type === 'latency') ?? []
    expect(latency).toHaveLength(1)
    expect(latency[0]?.message).toMatch(
      /^latency GET \/api\/posts\?limit=10 ×20: p50 [\d.]+ ms · p95 [\d.]+ ms · p99 [\d.]+ ms · max [\d.]+ ms · errors 0\/20 \(0 %\)$/,
    )
    expect(latency[0]?.attachment?.contentType).toBe('text/markdown')
    const table = latency[0]?.attachment?.body ?? ''
    expect(table).toContain('| connections | count | min | p50 | p95 | p99 | max |')
    const rows = [...table.matchAll(/^\| (all|new \(cold\)|reused \(warm\)) \| (\d+) \|/gm)]
    expect(rows.map(([, name]) => name)).toEqual(['all', 'new (cold)', 'reused (warm)'])
    const [all, cold, warm] = rows.map(([, , count]) => Number(count))
    expect(all).toBe(20)
    expect((cold ?? 0) + (warm ?? 0)).toBe(20)
    expect(junit).toContain(`<property name="latency" value="${xmlAttribute(latency[0]?.message ?? '')}">`)
  })

  it('records every exchange on the check, with a curl line to reproduce it', async () => {
    const { env } = await demo()
    const run = await runExampleChecks({ env })
    const liveness = run.get('liveness answers ok')
    expect(liveness.annotations).toEqual([
      {
        type: 'http',
        message: expect.stringMatching(
          /^GET \/health → 200 OK in [\d.]+ ms \((no DNS lookup|(dns|wait) [\d.]+ ms), .*connection\)$/,
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
    const run = await runExampleChecks({ env: { SMOKE_ENV: 'local' } })
    expect(run.failed).toEqual([])
    expect(run.skipped.sort()).toEqual(
      ['the deployed version is the one we expect', ...SKIPPED_ON_DEMO.map(([name]) => name)].sort(),
    )
  })

  it('runs only the tagged subset with --tags-filter', async () => {
    const { env } = await demo()
    const run = await runExampleChecks({
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
