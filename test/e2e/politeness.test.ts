// Politeness holds for the run, not per worker: the checks of two files, in two workers, keep
// to SMOKE_MAX_CONNECTIONS together, and stop at SMOKE_REQUEST_BUDGET together.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { runChecks } from '../support/run-checks.ts'

const CHECKS = 'test/fault-checks/politeness/*.check.ts'

/** Answers every request after a pause, so that whatever the checks send at once overlaps. */
async function countingServer() {
  const stats = { requests: 0, open: 0, peakOpen: 0 }
  const server: Server = createServer((_req, res) => {
    stats.requests += 1
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'), 100)
  })
  server.on('connection', (socket) => {
    stats.open += 1
    stats.peakOpen = Math.max(stats.peakOpen, stats.open)
    socket.on('close', () => {
      stats.open -= 1
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { url, stats, close: () => new Promise((resolve) => server.close(resolve)) }
}

/** The two files of checks against a fresh counting server, with the given limits. */
async function runWith(limits: Record<string, string>) {
  const server = await countingServer()
  try {
    const run = await runChecks({
      env: { SMOKE_ENV: 'local', SMOKE_BASE_URL: server.url, SMOKE_CHECKS: CHECKS, ...limits },
    })
    return { run, stats: server.stats }
  } finally {
    await server.close()
  }
}

describe('politeness across workers', () => {
  it('keeps to SMOKE_MAX_CONNECTIONS with every worker together', async () => {
    const { run, stats } = await runWith({ SMOKE_MAX_CONNECTIONS: '4' })
    expect(run.failed).toEqual([])
    expect(run.passed).toHaveLength(6)
    expect(stats.requests).toBe(24)
    // Each file alone would open four: two workers at once must share the four.
    expect(stats.peakOpen).toBeLessThanOrEqual(4)
    expect(stats.peakOpen).toBeGreaterThan(1)
  })

  it('stops at SMOKE_REQUEST_BUDGET with every worker together', async () => {
    const { run, stats } = await runWith({ SMOKE_REQUEST_BUDGET: '10' })
    expect(stats.requests).toBeLessThanOrEqual(10)
    expect(run.failed.length).toBeGreaterThan(0)
    for (const name of run.failed)
      expect(run.get(name).message).toMatch(
        /^GET \/slow\/[ab]\/\d\/\d was not sent: this worker's share \(5\) of the run's budget of 10 requests \(SMOKE_REQUEST_BUDGET\) is used up/,
      )
  })
})
