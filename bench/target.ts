// The benchmark's target: a tiny node:http service on 127.0.0.1 answering
// GET /item/:n with {"ok":true,"n":n}, after a fixed delay (0 or 50 ms). Run as its own
// process (`tsx bench/target.ts`) so that neither the runner under test nor the benchmark's
// sampling shares its event loop: it prints one JSON line with the URL of each delay.
// GET /_stats answers (and resets) the peak of requests in flight and the connections used,
// so the report can say how much concurrency each runner really used.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { pathToFileURL } from 'node:url'

export const DELAYS_MS = [0, 50] as const

export interface TargetStats {
  requests: number
  peakInFlight: number
  connections: number
}

const ITEM = /^\/item\/(\d+)$/

export function startTarget(delayMs: number): Promise<string> {
  let stats: TargetStats = { requests: 0, peakInFlight: 0, connections: 0 }
  let inFlight = 0
  let seen = new WeakSet<object>()
  const server = createServer((req, res) => {
    if (req.url === '/_stats') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stats))
      stats = { requests: 0, peakInFlight: 0, connections: 0 }
      seen = new WeakSet()
      return
    }
    const match = req.method === 'GET' ? ITEM.exec(req.url ?? '') : null
    if (!match) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"ok":false}')
      return
    }
    stats.requests += 1
    if (!seen.has(req.socket)) {
      seen.add(req.socket)
      stats.connections += 1
    }
    inFlight += 1
    stats.peakInFlight = Math.max(stats.peakInFlight, inFlight)
    const body = JSON.stringify({ ok: true, n: Number(match[1]) })
    const answer = () => {
      inFlight -= 1
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body)
    }
    if (delayMs > 0) setTimeout(answer, delayMs)
    else answer()
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))
  })
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const urls: Record<string, string> = {}
  for (const delay of DELAYS_MS) urls[delay] = await startTarget(delay)
  process.stdout.write(`${JSON.stringify(urls)}\n`)
  // Ends with its parent: the benchmark closes stdin (or dies) and the target follows.
  process.stdin.resume()
  process.stdin.on('end', () => process.exit(0))
}
