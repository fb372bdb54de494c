// Per-phase timings of every exchange: DNS, connect and TLS from a wrapped connector (they
// exist only for a new connection), then send, first byte and download from undici's
// diagnostics channels. An AsyncLocalStorage ties undici's request objects to our calls,
// which also filters out Node's own fetch, whose bundled undici publishes the same channels.
// The connector also shows each request's Wire the bytes read for it (src/http/wire.ts).
import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks'
import { subscribe } from 'node:diagnostics_channel'
import type { Socket } from 'node:net'
import { performance } from 'node:perf_hooks'
import { Agent, buildConnector, Client, type Dispatcher, Pool } from 'undici'
import type { Phases } from './exchange.ts'
import { tapReads, Wire } from './wire.ts'

interface Connection {
  start: number
  lookup?: number
  connect?: number
  secure?: number
  requests: number
  /** The bytes of the response now on this connection. */
  wire?: Wire
}

interface Tracker {
  /** When the call handed the request to undici. */
  started?: number
  /** When undici made its request on a connection: at once, or when one came free (our queue). */
  created?: number
  /** Told when the request leaves our queue. */
  onCreated?: () => void
  sent?: number
  firstByte?: number
  done?: number
  connection?: Connection
  reused?: boolean
  wire?: Wire
}

const current = new AsyncLocalStorage<Tracker>()
const byRequest = new WeakMap<object, Tracker>()
const bySocket = new WeakMap<Socket, Connection>()

subscribe('undici:request:create', (message) => {
  const tracker = current.getStore()
  if (!tracker) return
  tracker.created = performance.now()
  byRequest.set((message as { request: object }).request, tracker)
  tracker.onCreated?.()
})
subscribe('undici:client:sendHeaders', (message) => {
  const { request, socket } = message as { request: { method: string }; socket: Socket }
  const tracker = byRequest.get(request)
  if (!tracker) return
  tracker.sent = performance.now()
  tracker.connection = bySocket.get(socket)
  if (tracker.connection) {
    tracker.reused = tracker.connection.requests > 0
    tracker.connection.requests += 1
    tracker.wire = tracker.connection.wire = new Wire(request.method)
  }
})
subscribe('undici:request:headers', (message) => {
  const tracker = byRequest.get((message as { request: object }).request)
  if (tracker) tracker.firstByte ??= performance.now()
})
subscribe('undici:request:trailers', (message) => {
  const tracker = byRequest.get((message as { request: object }).request)
  if (tracker) tracker.done = performance.now()
})

/** undici's own connector, with the moments of each connection phase noted on the socket. */
export function timedConnector(options: buildConnector.BuildOptions): buildConnector.connector {
  const connect = buildConnector(options)
  return (connectOptions, callback) => {
    const connection: Connection = { start: performance.now(), requests: 0 }
    // At run time undici's connector returns the socket it opened (its types say void).
    const socket = (connect as (...args: Parameters<buildConnector.connector>) => Socket | undefined)(
      connectOptions,
      callback,
    )
    if (!socket) return
    bySocket.set(socket, connection)
    tapReads(socket, () => connection.wire)
    socket.once('lookup', () => {
      connection.lookup = performance.now()
    })
    socket.once('connect', () => {
      connection.connect = performance.now()
    })
    socket.once('secureConnect', () => {
      connection.secure = performance.now()
    })
  }
}

// A request the pool has to queue (every connection busy) is created later, in the callback of
// whichever response freed a connection, so `undici:request:create` would fire in another call's
// async context and the phases would go to the wrong exchange. undici's API handlers are
// AsyncResources made in the caller's context: dispatching inside theirs keeps the request ours.
class CallerContextClient extends Client {
  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    if (!(handler instanceof AsyncResource)) return super.dispatch(options, handler)
    return handler.runInAsyncScope(() => super.dispatch(options, handler))
  }
}

const timedAgents = new WeakSet<Dispatcher>()

/** An Agent that times every connection and every request, queued ones included. */
export function timedAgent(
  connect: buildConnector.BuildOptions,
  options: Omit<Agent.Options, 'connect' | 'factory'>,
): Agent {
  const agent = new Agent({
    ...options,
    connect: timedConnector(connect),
    factory: (origin, poolOptions) =>
      new Pool(origin, {
        ...poolOptions,
        factory: (url, clientOptions) => new CallerContextClient(url, clientOptions),
      }),
  })
  timedAgents.add(agent)
  return agent
}

/** Whether a request on this dispatcher is seen leaving our queue (on another, it is not). */
export function seesItsQueue(dispatcher: Dispatcher): boolean {
  return timedAgents.has(dispatcher)
}

const span = (from: number | undefined, to: number | undefined) =>
  from === undefined || to === undefined ? null : Math.max(0, to - from)

/** Follows one attempt: run the request inside it, then read its phases. */
export function phaseTracker(onCreated?: () => void) {
  const tracker: Tracker = { ...(onCreated && { onCreated }) }
  return {
    run: <T>(fn: () => Promise<T>): Promise<T> => {
      tracker.started = performance.now()
      return current.run(tracker, fn)
    },
    /** The response's bytes as they came, when the request went out on one of our connections. */
    wire: (): Wire | undefined => tracker.wire,
    phases(): Phases {
      const c = tracker.connection
      const fresh = c !== undefined && !tracker.reused
      // undici makes a request on a connection in the same call when one is free, and only when
      // one comes free otherwise: a millisecond between the two is a wait behind our cap. A new
      // connection was opened for the request, so it waited for none (its set-up is not a queue).
      const queued = fresh ? null : span(tracker.started, tracker.created)
      return {
        ...(queued !== null && queued >= 1 && { queuedMs: queued }),
        newConnection: fresh,
        // No lookup event: the host was an IP address, and there is no DNS time to report.
        dnsMs: fresh ? span(c.start, c.lookup) : null,
        connectMs: fresh ? span(c.lookup ?? c.start, c.connect) : null,
        tlsMs: fresh && c.secure !== undefined ? span(c.connect, c.secure) : null,
        waitMs: span(tracker.sent, tracker.firstByte),
        downloadMs: span(tracker.firstByte, tracker.done),
      }
    },
  }
}
