// A service on 127.0.0.1 whose latency distribution a test sets (issue 18): every answer to /work
// waits a fixed time, optionally stretched by a deterministic jitter or a factor, and every n-th
// answer can be a 500. No randomness: a run gets the same delays whatever the machine does.
import { createServer } from 'node:http'
import { listenLocally } from './listen.ts'

export interface LatencyMode {
  /** The fixed wait of every answer. */
  delayMs: number
  /** Times the wait: 2 makes the service twice as slow. */
  factor?: number
  /** Up to this share more on each answer, spread evenly (0.05: +0–5 %). */
  jitter?: number
  /** Every n-th answer is a 500; 0 for none. */
  errorEvery?: number
}

export async function latencyServer(initial: LatencyMode) {
  let mode = initial
  let served = 0
  const server = createServer((req, res) => {
    served += 1
    const nth = served
    // The golden ratio's fractional parts spread evenly over [0, 1) without repeating.
    const spread = ((nth * 0.618033988749895) % 1) * (mode.jitter ?? 0)
    const wait = mode.delayMs * (mode.factor ?? 1) * (1 + spread)
    setTimeout(() => {
      const failed = req.url?.startsWith('/work') && mode.errorEvery && nth % mode.errorEvery === 0
      res.writeHead(failed ? 500 : 200, { 'content-type': 'application/json' })
      res.end(failed ? '{"detail":"boom"}' : '{"ok":true}')
    }, wait)
  })
  return {
    url: await listenLocally(server),
    set(next: LatencyMode) {
      mode = next
      served = 0
    },
  }
}
