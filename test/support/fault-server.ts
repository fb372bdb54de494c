// A server on 127.0.0.1 that misbehaves on purpose, one route per way a response can go
// wrong. It records every request it receives and closes every socket it opened.
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo, Socket } from 'node:net'
import { performance } from 'node:perf_hooks'
import { gzipSync } from 'node:zlib'
import type { KeyPair } from './certificates.ts'
import { closeWhenDone } from './close-when-done.ts'

export interface Received {
  method: string
  path: string
  headers: IncomingHttpHeaders
  /** performance.now() when the request arrived. */
  at: number
}

const BIG = 200_000

// Responses no HTTP library would write, so they go onto the socket as bytes (issue 13 §6).
const OK_BODY = '{"ok":true}'
const head = (...lines: string[]) =>
  `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n${lines.join('')}\r\n`
const RAW: Record<string, string> = {
  '/two-lengths': head('content-length: 11\r\n', 'content-length: 12\r\n') + OK_BODY,
  // Then the server closes the connection: 11 of the 100 bytes came.
  '/short-body': head('content-length: 100\r\n') + OK_BODY,
  '/long-body': `${head('content-length: 11\r\n')}${OK_BODY}, "more":1}`,
  '/extra-response': `${head('content-length: 11\r\n')}${OK_BODY}HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}`,
}
// A few hundred bytes on the wire, far past any cap once inflated.
const GZIP_BOMB = gzipSync(Buffer.alloc(BIG, ' '))

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

function bearerOf(authorization: string | undefined): string | null {
  return authorization?.replace(/^Bearer /, '') ?? null
}

// With characters that percent-encode, like the canary: an encoded copy must not slip past.
const issue = () => `${randomBytes(9).toString('hex')}+${randomBytes(9).toString('hex')}/=`

export interface FaultServerOptions {
  /** Serve https with this certificate, to fail the TLS handshake the way it is wrong. */
  tls?: KeyPair
}

export async function startFaultServer({ tls }: FaultServerOptions = {}) {
  const received: Received[] = []
  const issued: string[] = []
  const asked = new Map<string, number>()
  const sockets = new Set<Socket>()
  const json = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      ...headers,
    })
    res.end(body)
  }
  const answer = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    received.push({ method: req.method ?? '', path, headers: req.headers, at: performance.now() })
    // In one write, so what follows the response reaches the client with it.
    const raw = RAW[path]
    if (raw !== undefined) return req.socket.end(raw)
    switch (path) {
      case '/ok':
        return json(res, 200, JSON.stringify({ ok: true, authorization: req.headers.authorization ?? null }))
      case '/echo': {
        // Back as it came and as a service might encode it: the query raw, the token in base64.
        const token = bearerOf(req.headers.authorization)
        return json(
          res,
          200,
          JSON.stringify({
            ok: true,
            authorization: req.headers.authorization ?? null,
            url: req.url,
            token_base64: token && Buffer.from(token).toString('base64'),
            token_base64url: token && Buffer.from(token).toString('base64url'),
          }),
        )
      }
      case '/echo-at': {
        // The token starting at byte `at` of a plain-text body, to land across an excerpt's cut.
        const at = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('at'))
        res.writeHead(200, { 'content-type': 'text/plain' })
        return res.end('.'.repeat(at) + (bearerOf(req.headers.authorization) ?? ''))
      }
      case '/login': {
        // Credentials of the service's own making: the caller knows them only from this answer.
        const [session = '', access = '', refresh = ''] = [issue(), issue(), issue()]
        issued.push(session, access, refresh)
        res.writeHead(200, {
          'content-type': 'application/json',
          'set-cookie': [`sessionid=${session}; Path=/; HttpOnly`, 'theme=dark; Path=/'],
        })
        return res.end(
          JSON.stringify({
            access_token: access,
            refresh_token: refresh,
            token_type: 'Bearer',
            expires_in: 3600,
          }),
        )
      }
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
      case '/gzip-bomb':
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
        return res.end(GZIP_BOMB)
      case '/bom-json':
        return json(res, 200, `\uFEFF${OK_BODY}`)
      case '/unavailable':
        return json(res, 503, '{"detail":"unavailable"}')
      default:
        if (path.startsWith('/once/')) {
          // A blip: the status in the path (and any Retry-After asked for) the first time, then 200.
          const times = (asked.get(req.url ?? '') ?? 0) + 1
          asked.set(req.url ?? '', times)
          if (times > 1) return json(res, 200, '{"ok":true}')
          const retryAfter = new URL(req.url ?? '/', 'http://x').searchParams.get('retry-after')
          return json(res, Number(path.slice('/once/'.length)), '{"detail":"try again"}', {
            ...(retryAfter && { 'retry-after': retryAfter }),
          })
        }
        if (path.startsWith('/to/')) {
          res.writeHead(302, { location: decodeURIComponent(path.slice('/to/'.length)) })
          return res.end()
        }
        return json(res, 404, '{"detail":"Not Found"}')
    }
  }
  const server = tls ? createHttpsServer(tls, answer) : createServer(answer)
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
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    received,
    issued,
    openSockets: () => sockets.size,
    close,
  }
}
