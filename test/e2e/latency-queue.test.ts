// Latency measures the service, not our queue: with two connections for fifteen requests in
// flight, a service that takes 900 ms keeps a 1500 ms budget, and the wait is reported apart. The
// request's timeout, too, starts when it leaves the queue.
import { readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { smoke } from '../support/cli.ts'
import { ENGINE_SUITE } from '../support/run-checks.ts'

const SERVICE_MS = 900
const TIMEOUT_MS = 2000

describe('a sample behind the connection cap', () => {
  const server = createServer((_req, res) => {
    // The service's own time; the test measures what the engine makes of it.
    setTimeout(() => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'), SERVICE_MS)
  })
  let url = ''
  beforeAll(
    () =>
      new Promise<void>((resolve) =>
        server.listen(0, '127.0.0.1', () => {
          url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
          resolve()
        }),
      ),
  )
  afterAll(() => new Promise((resolve) => server.close(resolve)))

  it('judges the service time under every sampling setting and reports the queue apart', async () => {
    const run = await smoke(
      {
        SMOKE_ENV: 'local',
        SMOKE_BASE_URL: url,
        SMOKE_CHECKS: 'test/fault-checks/latency-queue.check.ts',
        SMOKE_MAX_CONNECTIONS: '2',
        SMOKE_REQUEST_TIMEOUT_MS: String(TIMEOUT_MS),
      },
      [],
      ENGINE_SUITE,
    )
    try {
      expect(run.code, run.output).toBe(0)
      const record = JSON.parse(readFileSync(join(run.reportsDir, 'run.json'), 'utf8')) as {
        checks: { state: string; samples: { queuedMaxMs?: number; latency: { p95: number } | null }[] }[]
      }
      expect(record.checks.map((c) => c.state)).toEqual(['passed', 'passed', 'passed'])
      const samples = record.checks.flatMap((c) => c.samples)
      // The mechanism: requests did wait for a connection, long enough that the wait and the
      // answer together overran the request timeout, which did not fire.
      expect(Math.max(...samples.map((s) => s.queuedMaxMs ?? 0))).toBeGreaterThan(
        TIMEOUT_MS - SERVICE_MS + 50,
      )
      // And what the budget judged is the service's own time, never less than it took.
      for (const s of samples) expect(s.latency?.p95).toBeGreaterThanOrEqual(SERVICE_MS - 50)
    } finally {
      rmSync(run.reportsDir, { recursive: true, force: true })
    }
  })
})
