// The last handler: one attempt with undici on the worker's Agent, bounded by the request's own
// timeout, timed phase by phase. A failure is classified here, with the framing faults named
// from the bytes that came (src/http/wire.ts) where undici's own error says less.
import { performance } from 'node:perf_hooks'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { type Dispatcher, request } from 'undici'
import type { SmokeConfig } from '../../config/load.ts'
import { explainFailure, httpLimits } from '../failure.ts'
import { phaseTracker, seesItsQueue } from '../timing.ts'
import { failedBody, framingFailure, overrunOf } from './framing.ts'
import type { Handler, Refusal, Timed } from './pipeline.ts'

type SendConfig = Pick<SmokeConfig, 'timeouts' | 'maxResponseBytes'>

type Body = { ok: true; raw: Buffer } | { ok: false; error: unknown; bytes: number }

/** Counts what came, so a body cut short can say how short. */
async function readBody(body: AsyncIterable<Buffer>): Promise<Body> {
  const chunks: Buffer[] = []
  let bytes = 0
  try {
    for await (const chunk of body) {
      chunks.push(chunk)
      bytes += chunk.length
    }
    return { ok: true, raw: Buffer.concat(chunks) }
  } catch (error) {
    return { ok: false, error, bytes }
  }
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value
  }
  return out
}

export function send(dispatcher: Dispatcher, config: SendConfig): Handler {
  return async (call) => {
    const start = performance.now()
    // The request's own time starts when it leaves our queue (every connection busy): a wait
    // behind SMOKE_MAX_CONNECTIONS is not the service's, and must not use up its timeout.
    // On a dispatcher that does not show it (one a check made itself), the time starts at the call.
    const timeout = new AbortController()
    let timer: NodeJS.Timeout | undefined
    const arm = () => {
      timer ??= setTimeout(
        () => timeout.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
        call.timeoutMs,
      )
    }
    const tracker = phaseTracker(arm)
    if (!seesItsQueue(dispatcher)) arm()
    // This request's own timeout is the one that bounded it.
    const limits = httpLimits({ ...config, timeouts: { ...config.timeouts, requestMs: call.timeoutMs } })
    // Our own queue (every connection busy) is not the service's time: it is left out of both.
    const timed = (ttfbMs: number | null): Timed => {
      const phases = tracker.phases()
      const queued = phases.queuedMs ?? 0
      return {
        ttfbMs: ttfbMs === null ? null : ttfbMs - queued,
        ms: performance.now() - start - queued,
        phases,
      }
    }
    const refused = (ttfbMs: number | null, failure: Refusal['failure']): Refusal => ({
      kind: 'error',
      failure,
      ...timed(ttfbMs),
    })
    let res: Dispatcher.ResponseData
    try {
      const { method, headers, body } = call
      const { signal } = timeout
      res = await tracker.run(() => request(call.url, { method, headers, body, dispatcher, signal }))
    } catch (error) {
      clearTimeout(timer)
      return refused(null, framingFailure(explainFailure(error, call.url, limits), call.url, tracker.wire()))
    }
    const ttfbMs = performance.now() - start
    const headers = flattenHeaders(res.headers)
    const body = await readBody(res.body)
    clearTimeout(timer)
    if (!body.ok)
      return refused(
        ttfbMs,
        failedBody(explainFailure(body.error, call.url, limits), call.url, body.bytes, headers),
      )
    const times = timed(ttfbMs)
    // As undici waits before it reuses a connection: what the server sent past this response.
    await nextTurn()
    const problem = overrunOf(tracker.wire(), headers)
    const setCookies = [res.headers['set-cookie'] ?? []].flat()
    return {
      kind: 'response',
      status: res.statusCode,
      headers,
      setCookies,
      raw: body.raw,
      ...times,
      ...(problem && { problem }),
    }
  }
}
