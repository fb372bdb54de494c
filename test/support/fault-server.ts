// A server on 127.0.0.1 that misbehaves on purpose, one route per way a response can go
// wrong. It records every request it receives and closes every socket it opened.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { closeWhenDone } from './close-when-done.ts'

export interface Received {
  method: string
  path: string
  headers: IncomingHttpHeaders
}

const BIG = 200_000

function trickle(res: ServerResponse, everyMs: number, chunks: number): void {
  let sent = 0
  const timer = setInterval(() => {
    if (res.destroyed || sent >= chunks) {
      clearInterval(timer)
      if (!res.destroyed) res.end()
      return
    }
    res.write('x')
    sent += 1
  }, everyMs)
  res.on('close', () => clearInterval(timer))
}

export async function startFaultServer() {
  const received: Received[] = []
  const sockets = new Set<Socket>()
  const json = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      ...headers,
    })
    res.end(body)
  }
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    received.push({ method: req.method ?? '', path, headers: req.headers })
    switch (path) {
      case '/ok':
      case '/echo':
        return json(res, 200, JSON.stringify({ ok: true, authorization: req.headers.authorization ?? null }))
      case '/session':
        res.writeHead(200, {
          'content-type': 'application/json',
          'set-cookie': `sid=${req.headers.authorization ?? ''}; HttpOnly`,
        })
        return res.end(JSON.stringify({ ok: true }))
      case '/hang':
        return // headers never come
      case '/stall-body':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' })
        res.write('{"ok":')
        return // the rest never comes
      case '/trickle':
        res.writeHead(200, { 'content-type': 'text/plain' })
        return trickle(res, 50, 200)
      case '/reset':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' })
        res.write('{"ok":tr')
        setImmediate(() => req.socket.resetAndDestroy())
        return
      case '/big-with-length':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(BIG) })
        return res.end(`"${'x'.repeat(BIG - 2)}"`)
      case '/big-chunked':
        res.writeHead(200, { 'content-type': 'application/json' })
        return res.end(`"${'x'.repeat(BIG - 2)}"`)
      case '/bad-json':
        return json(res, 200, '{"ok": tru')
      case '/empty':
        return json(res, 200, '')
      case '/html':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        return res.end('<!doctype html><title>Down for maintenance</title><h1>Back soon</h1>')
      case '/wrong-type':
        res.writeHead(200, { 'content-type': 'text/plain' })
        return res.end('{"ok":true}')
      case '/error-page':
        res.writeHead(502, { 'content-type': 'text/html' })
        return res.end('<html><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>')
      case '/too-many':
        return json(res, 429, '{"detail":"slow down"}', { 'retry-after': '60' })
      case '/loop-a':
        res.writeHead(302, { location: '/loop-b' })
        return res.end()
      case '/loop-b':
        res.writeHead(302, { location: '/loop-a' })
        return res.end()
      case '/corrupt-gzip':
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
        return res.end(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x03, 0x01, 0x02]))
      default:
        if (path.startsWith('/to/')) {
          res.writeHead(302, { location: decodeURIComponent(path.slice('/to/'.length)) })
          return res.end()
        }
        return json(res, 404, '{"detail":"Not Found"}')
    }
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const close = async () => {
    for (const socket of sockets) socket.destroy()
    await new Promise((resolve) => server.close(resolve))
  }
  closeWhenDone(close)
  return { url: `http://127.0.0.1:${port}`, received, openSockets: () => sockets.size, close }
}
