// The HTTP client checks use. Every request runs the same pipeline of steps (src/http/steps),
// each a module of its own, composed like undici's interceptors; in order:
//   guard          outside local, only safe methods unless the check mutates and may (UNSAFE_METHOD)
//   authorize      the token, for the origin under check only (NO_TOKEN when unset)
//   record         the redacted exchange to onExchange, then the failure thrown, if any
//   shareSecrets   credentials the service issued become secrets before anything prints them
//   decode         content encoding under the size cap, JSON (a byte order mark is noted)
//   followRedirects when asked: hops, credentials kept home, loops (REDIRECT_LOOP)
//   retry          safe methods, blips only, Retry-After within its cap
//   budget         each attempt takes from the worker's request budget (BUDGET_EXHAUSTED)
//   send           undici on the worker's Agent: timeouts, phases, framing faults
import { performance } from 'node:perf_hooks'
import type { Dispatcher } from 'undici'
import type { SmokeConfig } from '../config/load.ts'
import type { Exchange } from './exchange.ts'
import { RequestBudget } from './guard.ts'
import type { SmokeResponse } from './response.ts'
import { type SampleOptions, type SampleSummary, takeSample } from './sample.ts'
import { budget } from './steps/budget.ts'
import { decode } from './steps/decode.ts'
import { authorize, guard } from './steps/guard.ts'
import { type Call, compose } from './steps/pipeline.ts'
import { record, responseOf } from './steps/record.ts'
import { followRedirects } from './steps/redirects.ts'
import { retry } from './steps/retry.ts'
import { shareSecrets } from './steps/secrets.ts'
import { send } from './steps/send.ts'

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
  /** Every recorded response before the check sees it: what throws here fails the request (the suite's contract). */
  onResponse?: (response: SmokeResponse) => unknown
  /**
   * The channel to the reporters for a credential the service issued (a session cookie, a token in
   * a JSON body): registerSecret calls it once a value, and every sighting waits for what it returns.
   */
  onSecret?: (value: string) => unknown
  /** Shared by every client of a worker, so the budget bounds the worker, not one check. */
  budget?: RequestBudget
  /**
   * The canary mode (SMOKE_BASELINE_URL): the same service on its current build, which every
   * sample also asks, interleaved, for the comparison request by request.
   */
  baselineUrl?: string | undefined
}

export type HttpClient = ReturnType<typeof createHttpClient>

function resolveUrl(base: URL, path: string, query: RequestOptions['query']): URL {
  const url = new URL(path.replace(/^\//, ''), base)
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value))
  }
  return url
}

function headersOf(options: RequestOptions): Record<string, string> {
  const headers: Record<string, string> = {
    accept: 'application/json, */*;q=0.5',
    'accept-encoding': 'gzip, deflate, br',
    'user-agent': 'smokecheck',
  }
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value
  if (options.json !== undefined) headers['content-type'] ??= 'application/json'
  return headers
}

function callOf(method: HttpMethod, url: URL, options: RequestOptions, config: ClientConfig): Call {
  return {
    method,
    url,
    requested: url,
    headers: headersOf(options),
    body: options.json !== undefined ? JSON.stringify(options.json) : options.body,
    auth: options.auth ?? false,
    mutates: options.mutates ?? false,
    timeoutMs: options.timeoutMs ?? config.timeouts.requestMs,
    retries: options.retries ?? config.retries,
    followRedirects: options.followRedirects ?? false,
    record: options.record ?? true,
    trail: {
      startedAt: new Date().toISOString(),
      start: performance.now(),
      attempts: 1,
      retries: [],
      redirects: [],
      notes: [],
    },
  }
}

export function createHttpClient(options: ClientOptions) {
  const { config, dispatcher, onExchange, onSample, onSecret, onResponse } = options
  const base = new URL(`${options.baseUrl.replace(/\/+$/, '')}/`)
  const exchange = compose(
    [
      guard(config),
      authorize(config.token, base.origin),
      record(onExchange),
      shareSecrets(onSecret),
      decode(config.maxResponseBytes),
      followRedirects,
      retry(config),
      budget(options.budget ?? new RequestBudget(config.requestBudget)),
    ],
    send(dispatcher, config),
  )

  async function request(
    method: HttpMethod,
    path: string,
    opts: RequestOptions = {},
  ): Promise<SmokeResponse> {
    const response = responseOf(
      await exchange(callOf(method, resolveUrl(base, path, opts.query), opts, config)),
    )
    // A sample's requests are judged by their summary, not one by one.
    if (opts.record !== false) await onResponse?.(response)
    return response
  }

  // The baseline's answers are judged only by the sample's summary: no contract, no record.
  const against = options.baselineUrl
    ? createHttpClient({ config, dispatcher, onSecret, budget: options.budget, baseUrl: options.baselineUrl })
    : undefined

  async function sample(path: string, opts: SampleOptions = {}): Promise<SampleSummary> {
    const { query, headers, auth } = opts
    const unrecorded: RequestOptions = { query, headers, auth, retries: 0, record: false }
    const summary = await takeSample(
      () => request('GET', path, unrecorded),
      opts,
      against && { baseUrl: against.baseUrl, send: () => against.request('GET', path, unrecorded) },
    )
    await onSample?.(summary)
    return summary
  }

  return {
    baseUrl: base.origin + base.pathname.replace(/\/$/, ''),
    request,
    sample,
    get: (path: string, opts?: RequestOptions) => request('GET', path, opts),
    head: (path: string, opts?: RequestOptions) => request('HEAD', path, opts),
    options: (path: string, opts?: RequestOptions) => request('OPTIONS', path, opts),
    post: (path: string, opts?: RequestOptions) => request('POST', path, opts),
    put: (path: string, opts?: RequestOptions) => request('PUT', path, opts),
    patch: (path: string, opts?: RequestOptions) => request('PATCH', path, opts),
    delete: (path: string, opts?: RequestOptions) => request('DELETE', path, opts),
  }
}
