// The HTTP client checks use: undici `request` on the worker's Agent. Every exchange is
// guarded (safe methods outside local, a request budget), retried only when safe, timed,
// recorded (redacted) and handed to `onExchange` before the check sees the result, so a
// failure always has its evidence attached.
import { STATUS_CODES } from 'node:http'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { type Dispatcher, request as undiciRequest } from 'undici'
import type { SmokeConfig } from '../config/load.ts'
import { issuedSecrets } from '../redaction/issued.ts'
import { containsSecret, isSecretHeader, redact, redactHeaders, redactUrl } from '../redaction/redact.ts'
import { knownSecrets, registerSecret } from '../redaction/secrets.ts'
import { decodeContent, parseJson } from './body.ts'
import { toCurl } from './curl.ts'
import { pathOf } from './describe.ts'
import { RequestFailedError, ResponseFormatError } from './errors.ts'
import type { Exchange, Phases } from './exchange.ts'
import { describeFailure, failureCode } from './failure.ts'
import { assertAllowed, RequestBudget } from './guard.ts'
import { isJsonType, SmokeResponse } from './response.ts'
import { decideRetry } from './retry.ts'
import { type SampleOptions, type SampleSummary, takeSample } from './sample.ts'
import { shapeOf } from './shape.ts'
import { phaseTracker } from './timing.ts'

const EXCERPT_BYTES = 4096
const MAX_REDIRECTS = 5
const NO_PHASES: Phases = {
  newConnection: false,
  dnsMs: null,
  connectMs: null,
  tlsMs: null,
  waitMs: null,
  downloadMs: null,
}

export type HttpMethod = 'GET' | 'HEAD' | 'OPTIONS' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface RequestOptions {
  headers?: Record<string, string>
  query?: Record<string, string | number | boolean | undefined>
  /** Sent as a JSON body with its content type. */
  json?: unknown
  body?: string
  /** Send the configured SMOKE_TOKEN as a Bearer token (same origin only). Off by default. */
  auth?: boolean
  /** Bounds each attempt, body included; defaults to SMOKE_REQUEST_TIMEOUT_MS. */
  timeoutMs?: number
  /** This request changes data: outside local it needs SMOKE_ALLOW_MUTATIONS=true. */
  mutates?: boolean
  /** Follow redirects (credentials are dropped when one leads to another origin). Off by default. */
  followRedirects?: boolean
  /** Retries for this request (safe methods only); defaults to SMOKE_RETRIES. */
  retries?: number
  /** Hand the exchange to onExchange (annotation, run record). Sampling records its summary instead. */
  record?: boolean
}

type ClientConfig = Pick<
  SmokeConfig,
  | 'environment'
  | 'local'
  | 'allowMutations'
  | 'token'
  | 'timeouts'
  | 'maxResponseBytes'
  | 'retries'
  | 'retryAfterCapMs'
  | 'requestBudget'
>

export interface ClientOptions {
  config: ClientConfig
  baseUrl: string
  dispatcher: Dispatcher
  onExchange?: (exchange: Exchange) => unknown
  onSample?: (summary: SampleSummary) => unknown
  /**
   * The channel to the reporters for a credential the service issued (a session cookie, a token in
   * a JSON body): registerSecret calls it once a value, and every sighting waits for what it returns.
   */
  onSecret?: (value: string) => unknown
  /** Shared by every client of a worker, so the budget bounds the worker, not one check. */
  budget?: RequestBudget
}

type AttemptTimes = { ttfbMs: number | null; ms: number; phases: Phases }
type Attempt =
  | ({
      kind: 'response'
      status: number
      headers: Record<string, string>
      /** Apart: joined like the other headers, the lines could not be told apart (Expires has a comma). */
      setCookies: string[]
      raw: Buffer
    } & AttemptTimes)
  | ({ kind: 'error'; error: unknown } & AttemptTimes)

export type HttpClient = ReturnType<typeof createHttpClient>

export function createHttpClient({
  config,
  baseUrl,
  dispatcher,
  onExchange,
  onSample,
  onSecret,
  budget,
}: ClientOptions) {
  const base = new URL(`${baseUrl.replace(/\/+$/, '')}/`)
  const requests = budget ?? new RequestBudget(config.requestBudget)

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
      'accept-encoding': 'gzip, deflate, br',
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

  async function attempt(
    method: string,
    url: URL,
    headers: Record<string, string>,
    body: string | undefined,
    timeoutMs: number,
  ): Promise<Attempt> {
    const start = performance.now()
    const tracker = phaseTracker()
    let ttfbMs: number | null = null
    try {
      const signal = AbortSignal.timeout(timeoutMs)
      const res = await tracker.run(() => undiciRequest(url, { method, headers, body, dispatcher, signal }))
      ttfbMs = performance.now() - start
      const raw = Buffer.from(await res.body.arrayBuffer())
      const ms = performance.now() - start
      const phases = tracker.phases()
      return {
        kind: 'response',
        status: res.statusCode,
        headers: flattenHeaders(res.headers),
        setCookies: [res.headers['set-cookie'] ?? []].flat(),
        raw,
        ttfbMs,
        ms,
        phases,
      }
    } catch (error) {
      return { kind: 'error', error, ttfbMs, ms: performance.now() - start, phases: tracker.phases() }
    }
  }

  async function request(
    method: HttpMethod,
    path: string,
    options: RequestOptions = {},
  ): Promise<SmokeResponse> {
    const requested = resolveUrl(path, options.query)
    let url = requested
    assertAllowed(method, url.pathname, options.mutates ?? false, config)
    const headers = headersFor(url, options)
    let currentMethod: string = method
    let body = options.json !== undefined ? JSON.stringify(options.json) : options.body
    const timeoutMs = options.timeoutMs ?? config.timeouts.requestMs
    const retryConfig = { ...config, retries: options.retries ?? config.retries }
    const startedAt = new Date().toISOString()
    const start = performance.now()
    const retries: string[] = []
    const redirects: string[] = []
    // A followed redirect is a hop, not a retry: the budget of retries is per hop, and the
    // attempts a check reports count its retries on every hop, so a rescued hop stays flaky.
    let attempts = 1
    let hopAttempts = 0
    let result: Attempt

    for (;;) {
      requests.take(currentMethod, url.pathname)
      hopAttempts += 1
      result = await attempt(currentMethod, url, headers, body, timeoutMs)
      const outcome =
        result.kind === 'response'
          ? { status: result.status, retryAfter: result.headers['retry-after'] }
          : { errorCode: failureCode(result.error) }
      const decision = decideRetry(currentMethod, hopAttempts, outcome, retryConfig)
      if (decision.retry) {
        attempts += 1
        retries.push(
          result.kind === 'response'
            ? `${result.status} ${STATUS_CODES[result.status] ?? ''}`.trim()
            : describeFailure(result.error, url, config),
        )
        await sleep(decision.waitMs)
        continue
      }
      if (decision.why) retries.push(decision.why)
      const location = result.kind === 'response' ? result.headers.location : undefined
      if (
        !options.followRedirects ||
        result.kind !== 'response' ||
        result.status < 300 ||
        result.status > 399 ||
        !location
      )
        break
      const next = new URL(location, url)
      redirects.push(redactUrl(url.toString()))
      if (redirects.length > MAX_REDIRECTS || redirects.includes(redactUrl(next.toString()))) {
        redirects.push(redactUrl(next.toString()))
        result = {
          kind: 'error',
          error: new RedirectLoopError(redirects.map((r) => pathOf({ url: r }))),
          ttfbMs: null,
          ms: 0,
          phases: NO_PHASES,
        }
        // Report the loop against what the check asked for; the hops are in the message.
        url = requested
        redirects.length = 0
        break
      }
      // Credentials stay with the origin under check: every header redaction would hide, for
      // its name or for a secret in its value (a token under a name of the check's choosing).
      if (next.origin !== url.origin) {
        for (const [name, value] of Object.entries(headers))
          if (isSecretHeader(name) || containsSecret(value)) delete headers[name]
      }
      if (
        result.status === 303 ||
        ((result.status === 301 || result.status === 302) && currentMethod === 'POST')
      ) {
        currentMethod = 'GET'
        body = undefined
      }
      url = next
      hopAttempts = 0
    }

    const record = (fields: Partial<Exchange> & Pick<Exchange, 'status' | 'statusText'>): Exchange => ({
      method: currentMethod,
      url: redactUrl(url.toString()),
      requestHeaders: redactHeaders(headers),
      responseHeaders: {},
      bytes: 0,
      bodyExcerpt: '',
      attempts,
      retries,
      redirects,
      curl: toCurl(currentMethod, url.toString(), headers, body),
      timings: {
        startedAt,
        ttfbMs: result.ttfbMs,
        totalMs: performance.now() - start,
        attemptMs: result.ms,
        phases: result.phases,
      },
      ...fields,
    })

    if (result.kind === 'error') {
      const limits = { ...config, timeouts: { ...config.timeouts, requestMs: timeoutMs } }
      const exchange = record({
        status: null,
        statusText: '',
        error: redact(describeFailure(result.error, url, limits)),
      })
      if (options.record !== false) await onExchange?.(exchange)
      throw new RequestFailedError(exchange)
    }

    const { status, headers: responseHeaders, raw } = result
    const contentType = responseHeaders['content-type']
    const decoded = decodeContent(raw, responseHeaders['content-encoding'], config.maxResponseBytes)
    const bytes = decoded.ok ? decoded.bytes : raw
    const text = bytes.toString('utf8')
    let parsed: unknown = text
    let shape: string[] | undefined
    let problem = decoded.ok ? undefined : decoded.problem
    if (!problem && isJsonType(contentType) && currentMethod !== 'HEAD' && status !== 204 && status !== 304) {
      const json = parseJson(text, contentType ?? '')
      if (json.ok) {
        parsed = json.value
        // Only what is recorded is compared with the next run; a sample's answers are not.
        if (options.record !== false) shape = shapeOf(json.value)
      } else problem = json.problem
    }
    // Before the record is made and before the check sees the response: both may print them.
    // Every sighting waits for the value to be shared, not only the first: another check that
    // got the same cookie must not print it before the reporters know it.
    for (const value of issuedSecrets(result.setCookies, parsed)) await registerSecret(value, onSecret)

    const exchange = record({
      status,
      statusText: STATUS_CODES[status] ?? '',
      responseHeaders: redactHeaders(responseHeaders),
      contentType,
      bytes: raw.byteLength,
      bodyExcerpt: decoded.ok ? excerptOf(text) : '(undecodable)',
      ...(shape && { shape }),
    })
    // A JSON parse error quotes the text around the fault, which may be a secret.
    if (problem) problem = exchange.error = redact(problem)
    if (options.record !== false) await onExchange?.(exchange)
    if (problem) throw new ResponseFormatError(exchange, problem)
    return new SmokeResponse(exchange, responseHeaders, text, parsed)
  }

  async function sample(path: string, options: SampleOptions = {}): Promise<SampleSummary> {
    const { query, headers, auth } = options
    const summary = await takeSample(
      () => request('GET', path, { query, headers, auth, retries: 0, record: false }),
      options,
    )
    await onSample?.(summary)
    return summary
  }

  return {
    baseUrl: base.origin + base.pathname.replace(/\/$/, ''),
    request,
    sample,
    get: (path: string, options?: RequestOptions) => request('GET', path, options),
    head: (path: string, options?: RequestOptions) => request('HEAD', path, options),
    options: (path: string, options?: RequestOptions) => request('OPTIONS', path, options),
    post: (path: string, options?: RequestOptions) => request('POST', path, options),
    put: (path: string, options?: RequestOptions) => request('PUT', path, options),
    patch: (path: string, options?: RequestOptions) => request('PATCH', path, options),
    delete: (path: string, options?: RequestOptions) => request('DELETE', path, options),
  }
}

class RedirectLoopError extends Error {
  readonly code = 'REDIRECT_LOOP'
  constructor(hops: string[]) {
    super(`the redirects go round in a loop or past ${MAX_REDIRECTS} hops: ${hops.join(' → ')}`)
  }
}

/**
 * The body's first bytes for the record, redacted before the cut: a secret across it would keep
 * its first half. Only the start is redacted, with room for the longest secret to lie across the
 * cut: a body can be megabytes long.
 */
function excerptOf(text: string): string {
  const longest = knownSecrets()[0]?.length ?? 0
  return Buffer.from(redact(text.slice(0, EXCERPT_BYTES + longest)))
    .subarray(0, EXCERPT_BYTES)
    .toString('utf8')
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value
  }
  return out
}
