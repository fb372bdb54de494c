// The HTTP client checks use: undici `request` on the worker's Agent, every exchange timed,
// recorded (redacted) and handed to `onExchange` before the check sees the result, so a
// failure always has its evidence attached.
import { STATUS_CODES } from 'node:http'
import { performance } from 'node:perf_hooks'
import { type Dispatcher, request as undiciRequest } from 'undici'
import type { SmokeConfig } from '../config/load.ts'
import { redact, redactHeaders, redactUrl } from '../redaction/redact.ts'
import { toCurl } from './curl.ts'
import { RequestFailedError, ResponseFormatError } from './errors.ts'
import type { Exchange } from './exchange.ts'
import { describeFailure } from './failure.ts'
import { isJsonType, SmokeResponse } from './response.ts'

const EXCERPT_BYTES = 4096

export type HttpMethod = 'GET' | 'HEAD' | 'OPTIONS' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface RequestOptions {
  headers?: Record<string, string>
  query?: Record<string, string | number | boolean | undefined>
  /** Sent as a JSON body with its content type. */
  json?: unknown
  body?: string
  /** Send the configured SMOKE_TOKEN as a Bearer token (same origin only). Off by default. */
  auth?: boolean
  /** Bounds the whole exchange, body included; defaults to SMOKE_REQUEST_TIMEOUT_MS. */
  timeoutMs?: number
}

export interface ClientOptions {
  config: Pick<SmokeConfig, 'token' | 'timeouts' | 'maxResponseBytes'>
  baseUrl: string
  dispatcher: Dispatcher
  onExchange?: (exchange: Exchange) => unknown
}

export type HttpClient = ReturnType<typeof createHttpClient>

export function createHttpClient({ config, baseUrl, dispatcher, onExchange }: ClientOptions) {
  const base = new URL(`${baseUrl.replace(/\/+$/, '')}/`)

  function resolveUrl(path: string, query: RequestOptions['query']): URL {
    const url = new URL(path.replace(/^\//, ''), base)
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value))
    }
    return url
  }

  function headersFor(url: URL, options: RequestOptions): Record<string, string> {
    const headers: Record<string, string> = {
      accept: 'application/json, */*;q=0.5',
      'user-agent': 'smokecheck',
    }
    for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value
    if (options.json !== undefined) headers['content-type'] ??= 'application/json'
    if (options.auth) {
      if (!config.token)
        throw new Error('this check asks for auth, but SMOKE_TOKEN is not set for this environment')
      // Credentials never travel to another origin than the one under check.
      if (url.origin === base.origin) headers.authorization = `Bearer ${config.token}`
    }
    return headers
  }

  async function request(
    method: HttpMethod,
    path: string,
    options: RequestOptions = {},
  ): Promise<SmokeResponse> {
    const url = resolveUrl(path, options.query)
    const headers = headersFor(url, options)
    const body = options.json !== undefined ? JSON.stringify(options.json) : options.body
    const startedAt = new Date().toISOString()
    const start = performance.now()
    const record = (fields: Partial<Exchange> & Pick<Exchange, 'status' | 'statusText'>): Exchange => ({
      method,
      url: redactUrl(url.toString()),
      requestHeaders: redactHeaders(headers),
      responseHeaders: {},
      bytes: 0,
      bodyExcerpt: '',
      attempts: 1,
      curl: toCurl(method, url.toString(), headers, body),
      timings: { startedAt, ttfbMs: null, totalMs: performance.now() - start },
      ...fields,
    })

    let ttfbMs: number | null = null
    let status = 0
    let responseHeaders: Record<string, string> = {}
    let raw: Buffer
    try {
      const res = await undiciRequest(url, {
        method,
        headers,
        body,
        dispatcher,
        signal: AbortSignal.timeout(options.timeoutMs ?? config.timeouts.requestMs),
      })
      ttfbMs = performance.now() - start
      status = res.statusCode
      responseHeaders = flattenHeaders(res.headers)
      raw = Buffer.from(await res.body.arrayBuffer())
    } catch (error) {
      const limits = {
        ...config,
        timeouts: { ...config.timeouts, requestMs: options.timeoutMs ?? config.timeouts.requestMs },
      }
      const exchange = record({
        status: null,
        statusText: '',
        error: redact(describeFailure(error, url, limits)),
        timings: { startedAt, ttfbMs, totalMs: performance.now() - start },
      })
      await onExchange?.(exchange)
      throw new RequestFailedError(exchange)
    }

    const contentType = responseHeaders['content-type']
    const text = raw.toString('utf8')
    const exchange = record({
      status,
      statusText: STATUS_CODES[status] ?? '',
      responseHeaders: redactHeaders(responseHeaders),
      contentType,
      bytes: raw.byteLength,
      bodyExcerpt: redact(raw.subarray(0, EXCERPT_BYTES).toString('utf8')),
      timings: { startedAt, ttfbMs, totalMs: performance.now() - start },
    })

    let parsed: unknown = text
    let formatProblem: string | undefined
    if (isJsonType(contentType) && method !== 'HEAD' && status !== 204 && status !== 304) {
      try {
        parsed = JSON.parse(text)
      } catch (error) {
        formatProblem =
          text.trim() === ''
            ? `the body is empty although content-type is ${contentType}`
            : `the body is not valid JSON although content-type is ${contentType} (${(error as Error).message})`
        exchange.error = formatProblem
      }
    }
    await onExchange?.(exchange)
    if (formatProblem) throw new ResponseFormatError(exchange, formatProblem)
    return new SmokeResponse(exchange, responseHeaders, text, parsed)
  }

  return {
    baseUrl: base.origin + base.pathname.replace(/\/$/, ''),
    request,
    get: (path: string, options?: RequestOptions) => request('GET', path, options),
    head: (path: string, options?: RequestOptions) => request('HEAD', path, options),
    options: (path: string, options?: RequestOptions) => request('OPTIONS', path, options),
    post: (path: string, options?: RequestOptions) => request('POST', path, options),
    put: (path: string, options?: RequestOptions) => request('PUT', path, options),
    patch: (path: string, options?: RequestOptions) => request('PATCH', path, options),
    delete: (path: string, options?: RequestOptions) => request('DELETE', path, options),
  }
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value
  }
  return out
}
