// Issue 13 §4: behind a round-robin balancer with one node on the new build and one on the old,
// every run fails, with the count of responses from the old build, and the rollout gate does not
// take one node's answer for the fleet's.
import { rmSync } from 'node:fs'
import { createServer, request as forward } from 'node:http'
import type { AddressInfo } from 'node:net'
import { request } from 'undici'
import { describe, expect, it } from 'vitest'
import { judgeFleet } from '../../src/reporting/fleet.ts'
import { smoke } from '../support/cli.ts'
import { closeWhenDone } from '../support/close-when-done.ts'
import { DEMO_VERSION, demo } from '../support/demo.ts'
import { readOutputs, VERDICT_SUITE } from '../support/verdict-suite.ts'

/** A balancer on 127.0.0.1 sending each request to the next node in turn. */
async function roundRobin(nodes: string[]): Promise<string> {
  let next = 0
  const server = createServer((req, res) => {
    const node = new URL(req.url ?? '/', nodes[next++ % nodes.length])
    const upstream = forward(node, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    })
    upstream.on('error', () => res.destroy())
    req.pipe(upstream)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  closeWhenDone(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

async function mixedFleet() {
  const fresh = await demo()
  const stale = await demo('wrong_version')
  return { url: await roundRobin([fresh.service.url, stale.service.url]), env: fresh.env }
}

const PATHS = ['/health', '/version', '/api/posts?limit=2', '/health/ready']

describe('a fleet half on the old build', () => {
  it('fails 20 runs out of 20 on the responses of those runs, with the count', async () => {
    const { url } = await mixedFleet()
    const verdicts: string[] = []
    for (let run = 0; run < 20; run++) {
      const exchanges = []
      for (let i = 0; i < 22; i++) {
        const res = await request(`${url}${PATHS[(run + i) % PATHS.length]}`)
        await res.body.dump()
        exchanges.push({ responseHeaders: { 'x-app-version': String(res.headers['x-app-version']) } })
      }
      verdicts.push(judgeFleet(exchanges, ['x-app-version'], DEMO_VERSION).problem?.message ?? 'passed')
    }
    expect(verdicts).toEqual(
      Array(20).fill(
        '11 of 22 responses came from 1.7.9, expected 1.8.3 (x-app-version; SMOKE_EXPECTED_VERSION)',
      ),
    )
  })

  it('fails a real run: the rollout gate sees the mix, and the run counts the old build', async () => {
    const { url, env } = await mixedFleet()
    const cli = await smoke(
      { ...env, SMOKE_BASE_URL: url, SMOKE_EXPECTED_VERSION: DEMO_VERSION, SMOKE_ROLLOUT_TIMEOUT_MS: '0' },
      [],
      VERDICT_SUITE,
    )
    const run = readOutputs(cli)
    rmSync(cli.reportsDir, { recursive: true, force: true })
    expect(run.code).toBe(1)
    const problems = Object.fromEntries(run.record.problems.map((p) => [p.code, p.message]))
    expect(problems.ROLLOUT_NOT_LIVE).toMatch(
      /^the expected version is not live: GET \/version served 1\.[78]\.\d \(commit \w+\) on 2 of 4 looks, 1\.[78]\.\d \(commit \w+\) on 2 of 4 looks: the fleet is mixed, expected 1\.8\.3, /,
    )
    expect(problems.VERSION_MISMATCH).toMatch(/^\d+ of \d+ responses came from 1\.7\.9, expected 1\.8\.3/)
    expect(run.summary).toContain('responses came from 1.7.9, expected 1.8.3')
  })
})
