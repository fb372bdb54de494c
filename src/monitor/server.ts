// The monitor's own HTTP server: /metrics for Prometheus and / for the status page. It listens
// on 127.0.0.1 unless SMOKE_MONITOR_HOST says otherwise, and listening anywhere else needs
// SMOKE_MONITOR_TOKEN: every request must then carry it as a Bearer token. A token set for a
// loopback address is required there too.
import { createHash, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { isLoopback } from '../config/load.ts'

export interface ServerOptions {
  host: string
  port: number
  token: string | undefined
  metrics(): Promise<{ contentType: string; text: string }>
  page(): string
}

export interface MonitorServer {
  url: string
  close(): Promise<void>
}

/** Whether the address is this machine only: 127.0.0.0/8, ::1 or localhost. */
export function isLoopbackHost(host: string): boolean {
  return isLoopback(`http://${host.includes(':') ? `[${host}]` : host}/`)
}

const digest = (text: string) => createHash('sha256').update(text).digest()

function authorised(request: IncomingMessage, token: string | undefined): boolean {
  if (!token) return true
  const given = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? ''
  // Compared as digests: same length, constant time, whatever was sent.
  return timingSafeEqual(digest(given), digest(token))
}

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
}

export async function startServer(options: ServerOptions): Promise<MonitorServer> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0]
    if (!authorised(request, options.token)) {
      response.writeHead(401, { 'www-authenticate': 'Bearer realm="smokecheck monitor"' }).end()
      return
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end()
      return
    }
    if (path === '/metrics') {
      options.metrics().then(
        ({ contentType, text }) => response.writeHead(200, { 'content-type': contentType }).end(text),
        () => response.writeHead(500).end(),
      )
      return
    }
    if (path === '/' || path === '/index.html') {
      response.writeHead(200, PAGE_HEADERS).end(options.page())
      return
    }
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n')
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const host = options.host.includes(':') ? `[${options.host}]` : options.host
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
