// The demo service on node:http: the embedded default target of the checks and the fault target of
// the tests. Hot paths do no logging, no sleeping and no per-request allocation beyond the answer.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { bearerAuth } from './auth.ts'
import { ResponseCache } from './cache.ts'
import { Fault, type FaultName, faultReply, STALE_BUILD } from './faults.ts'
import { openApiDocument } from './openapi.ts'
import type { Reply } from './reply.ts'
import { type DemoState, JOB_INTERVAL_S, route } from './routes.ts'
import { withSecurityHeaders } from './security-headers.ts'
import { PostStore } from './store.ts'

export interface DemoOptions {
  host?: string
  port?: number
  fault?: FaultName
  token: string
  version?: string
  commit?: string
  slowMs?: number
  flakyEvery?: number
  recordRequests?: boolean
}

export interface RecordedRequest {
  method: string
  path: string
  headers: Record<string, string | string[] | undefined>
  body: string
}

export interface DemoService {
  url: string
  port: number
  fault: FaultName
  setFault(fault: FaultName): void
  requests: RecordedRequest[]
  close(): Promise<void>
}

const DEFAULT_COMMIT = '9b2e4f7a1c3d5e6f8091a2b3c4d5e6f708192a3b'

function hasBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length']
  return (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined
}

function send(response: ServerResponse, reply: Reply, appVersion: string): void {
  response.writeHead(reply.status, {
    'content-type': reply.type,
    'content-length': Buffer.byteLength(reply.body),
    'x-app-version': appVersion,
    ...reply.headers,
  })
  response.end(reply.body)
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host
}

export async function startDemoService(options: DemoOptions): Promise<DemoService> {
  if (options.token === '') throw new Error('the demo service needs a non-empty token')
  const host = options.host ?? '127.0.0.1'
  const slowMs = options.slowMs ?? 800
  const flakyEvery = options.flakyEvery ?? 3
  if (!Number.isInteger(flakyEvery) || flakyEvery < 1)
    throw new Error('flakyEvery must be a positive integer')
  const recording = options.recordRequests ?? false
  const startedAt = Date.now()
  const version = options.version ?? '1.8.3'
  const state: DemoState = {
    fault: Fault.parse(options.fault ?? 'none'),
    build: {
      version,
      commit: options.commit ?? DEFAULT_COMMIT,
      deployed_at: new Date(startedAt).toISOString(),
    },
    startedAt,
    slowMs,
    store: new PostStore(),
    cache: new ResponseCache(),
    openapi: JSON.stringify(openApiDocument(version)),
    authorize: bearerAuth(options.token),
    jobLastSuccess: startedAt,
    requests: 0,
  }
  const requests: RecordedRequest[] = []
  const delayed = new Set<NodeJS.Timeout>()
  // Counts requests per method and URL since the current fault was chosen, so 'flaky' fails on a
  // schedule tests can predict, and a retry of a failed request is never the next failure.
  let sinceFault = new Map<string, number>()

  function respond(request: IncomingMessage, response: ServerResponse, nth: number): void {
    const fault = state.fault
    if (fault === 'hang') return
    const reply =
      faultReply(fault, nth, flakyEvery) ??
      withSecurityHeaders(route(state, request.method ?? 'GET', request.url ?? '/', request.headers))
    const appVersion = fault === 'wrong_version' ? STALE_BUILD.version : version
    if (fault !== 'slow') {
      send(response, reply, appVersion)
      return
    }
    const timer = setTimeout(() => {
      delayed.delete(timer)
      send(response, reply, appVersion)
    }, slowMs)
    delayed.add(timer)
  }

  const server = createServer((request, response) => {
    state.requests++
    const key = `${request.method} ${request.url}`
    const nth = (sinceFault.get(key) ?? 0) + 1
    sinceFault.set(key, nth)
    if (!recording && !hasBody(request)) {
      respond(request, response, nth)
      return
    }
    // The body is always read to the end, so a client never stalls on a full socket buffer.
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => {
      if (recording) chunks.push(chunk)
    })
    request.on('end', () => {
      if (recording) {
        const { method = 'GET', url = '/', headers } = request
        requests.push({
          method,
          path: url,
          headers: { ...headers },
          body: Buffer.concat(chunks).toString('utf8'),
        })
      }
      respond(request, response, nth)
    })
  })

  // The background job the readiness check reports on. unref: it must never keep a process alive.
  const job = setInterval(() => {
    // The refresh needs the database: while it is down the job fails and last_success ages.
    if (state.fault === 'db_down') return
    const now = Date.now()
    state.cache.purgeExpired(now)
    state.jobLastSuccess = now
  }, JOB_INTERVAL_S * 1000).unref()

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  }).catch((error: unknown) => {
    clearInterval(job)
    throw error
  })

  const { port } = server.address() as AddressInfo
  let closing: Promise<void> | undefined

  return {
    url: `http://${hostForUrl(host)}:${port}`,
    port,
    get fault() {
      return state.fault
    },
    setFault(fault: FaultName) {
      state.fault = Fault.parse(fault)
      sinceFault = new Map()
      // A fault switch stands for a redeploy: answers cached under the previous behaviour must not leak.
      state.cache.clear()
    },
    requests,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        clearInterval(job)
        for (const timer of delayed) clearTimeout(timer)
        delayed.clear()
        server.close((error) => (error === undefined ? resolve() : reject(error)))
        // Hung and keep-alive sockets would otherwise hold close() open until their clients give up.
        server.closeAllConnections()
      })
      return closing
    },
  }
}
