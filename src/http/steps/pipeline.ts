// An exchange is a pipeline of steps, composed the way undici composes interceptors
// (`Dispatcher.compose`): a step takes the next handler and returns its own, which may change
// the call on the way in, the reply on the way out, or call the next one again (a retry, a
// redirect). The last handler sends the request. src/http/client.ts names the steps in order.
import type { Failure } from '../codes.ts'
import type { Exchange, Phases } from '../exchange.ts'

/** What happened on the way, for the record: every step may add to it. */
export interface Trail {
  startedAt: string
  /** performance.now() when the check asked. */
  start: number
  /** Retries on every hop: a pass that needed one is flaky, a redirect alone adds none. */
  attempts: number
  retries: string[]
  redirects: string[]
  notes: string[]
}

/** One request as the check asked for it; the steps change the method, URL, headers and body. */
export interface Call {
  method: string
  url: URL
  /** What the check asked for: a redirect loop is reported against it. */
  readonly requested: URL
  headers: Record<string, string>
  body: string | undefined
  readonly auth: boolean
  readonly mutates: boolean
  readonly timeoutMs: number
  readonly retries: number
  readonly followRedirects: boolean
  /** Hand the exchange to onExchange; a sample records its summary instead. */
  readonly record: boolean
  readonly trail: Trail
}

export interface Timed {
  ttfbMs: number | null
  /** The attempt that produced this reply, alone. */
  ms: number
  phases: Phases
}

/** The body as the check will see it. */
export interface Decoded {
  text: string
  /** The parsed JSON when the content type says JSON, otherwise the text. */
  value: unknown
  shape?: string[]
  /** The bytes could not be decoded at all: the record shows no excerpt. */
  undecodable: boolean
}

export interface Answer extends Timed {
  kind: 'response'
  status: number
  headers: Record<string, string>
  /** Apart: joined like the other headers, the lines could not be told apart (Expires has a comma). */
  setCookies: string[]
  raw: Buffer
  /** What was wrong with the message although it arrived, or with its body. */
  problem?: Failure
  decoded?: Decoded
  exchange?: Exchange
}

export interface Refusal extends Timed {
  kind: 'error'
  failure: Failure
  exchange?: Exchange
}

export type Reply = Answer | Refusal

export type Handler = (call: Call) => Promise<Reply>
export type Step = (next: Handler) => Handler

/** The first step runs first; `last` sends. */
export function compose(steps: readonly Step[], last: Handler): Handler {
  return steps.reduceRight<Handler>((next, step) => step(next), last)
}
