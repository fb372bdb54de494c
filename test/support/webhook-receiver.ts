// A webhook receiver on 127.0.0.1 for the monitor's tests: records every POST by path, refuses
// the first ones when told to (a webhook that is down), and lets a test wait for the next one.
import { EventEmitter, once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { closeWhenDone } from './close-when-done.ts'

export interface Received {
  path: string
  body: Record<string, unknown>
  /** Whether the receiver took it (2xx) or refused it. */
  accepted: boolean
}

export async function webhookReceiver() {
  const received: Received[] = []
  const events = new EventEmitter()
  const refuse = new Map<string, number>()
  const server = createServer((request, response) => {
    let text = ''
    request.on('data', (chunk) => {
      text += chunk
    })
    request.on('end', () => {
      const path = request.url ?? '/'
      const left = refuse.get(path) ?? 0
      const accepted = left === 0
      if (!accepted) refuse.set(path, left - 1)
      received.push({ path, body: JSON.parse(text) as Record<string, unknown>, accepted })
      response.writeHead(accepted ? 200 : 503).end()
      events.emit('post')
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  closeWhenDone(
    () =>
      new Promise((resolve) => {
        server.close(resolve)
        server.closeAllConnections()
      }),
  )
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    received,
    /** The alerts a path took, in order. */
    accepted: (path: string) => received.filter((r) => r.path === path && r.accepted).map((r) => r.body),
    /** The next `times` POSTs to the path are answered 503. */
    refuseNext(path: string, times: number) {
      refuse.set(path, times)
    },
    /** Resolves once `count` alerts to the path were taken. */
    async waitForAccepted(path: string, count: number): Promise<Record<string, unknown>[]> {
      while (received.filter((r) => r.path === path && r.accepted).length < count) await once(events, 'post')
      return received.filter((r) => r.path === path && r.accepted).map((r) => r.body)
    },
  }
}
