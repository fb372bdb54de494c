// The errors the engine raises. Each has a stable `code` (src/http/codes.ts), keeps what was
// thrown underneath as `cause`, and opens with one sentence naming the cause (`headline`);
// exchange errors then show the exchange as evidence, with secrets redacted.
import type { Failure, FailureCode } from './codes.ts'
import { subjectOf, withEvidence } from './describe.ts'
import type { Exchange } from './exchange.ts'

// Vitest shows the code of the first stack frame outside node_modules: drop the engine's
// own frames so that frame is the line of the check that made the request.
const ENGINE_FRAME = /[/\\]src[/\\]http[/\\]/

export function pointAtCaller(error: Error): void {
  error.stack = error.stack
    ?.split('\n')
    .filter((line) => !ENGINE_FRAME.test(line))
    .join('\n')
}

/**
 * The sentence that names the cause. When it ends by announcing a list (a schema's issues), the
 * list's first item comes along: its two lines, the problem and where it is.
 */
function openingOf(text: string): string {
  const [first = text, ...rest] = text.split('\n')
  if (!first.endsWith(':')) return first
  const item = rest
    .map((line) => line.trim())
    .filter(Boolean)
    .slice(0, 2)
  return [first, ...item].join(' ')
}

/**
 * The one-sentence headline of an error: a SmokeError's own, else the opening of its message.
 * Takes what Vitest hands reporters too (serialised errors keep the message, not the class).
 */
export function errorHeadline(error: unknown): string {
  if (error instanceof SmokeError) return error.headline
  const message = (error as { message?: unknown } | null)?.message
  return openingOf(typeof message === 'string' ? message : String(error))
}

/**
 * What an error states before its evidence (withEvidence puts a blank line between): the headline
 * with every item of its list, a schema's every issue. Takes serialised errors too.
 */
export function errorStatement(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message
  const text = typeof message === 'string' ? message : String(error)
  return text.split('\n\n')[0]?.trimEnd() ?? ''
}

export interface SmokeErrorOptions {
  cause?: unknown
  /** The exchange it happened on, shown under the headline as evidence. */
  exchange?: Exchange
}

export class SmokeError extends Error {
  override name = 'SmokeError'
  /** The opening sentence alone, for the run record, the rollout gate, a summary line. */
  readonly headline: string

  constructor(
    readonly code: FailureCode,
    headline: string,
    { cause, exchange }: SmokeErrorOptions = {},
  ) {
    super(exchange ? withEvidence(headline, exchange) : headline, cause === undefined ? {} : { cause })
    this.headline = openingOf(headline)
  }

  /**
   * Vitest serialises an error's own fields after its message (into the console, the HTML report
   * and the GitHub annotation), and a cause as a second error with its stack, while the message
   * already says it all. This is what it serialises: of the cause, the code alone.
   */
  toJSON() {
    return { name: this.name, message: this.message, stack: this.stack, cause: this.code }
  }
}

/** Carries the exchange for the code that catches it (a sample counts it, a test reads it). */
abstract class ExchangeError extends SmokeError {
  constructor(
    failure: Failure,
    headline: string,
    readonly exchange: Exchange,
  ) {
    super(failure.code, headline, { cause: failure.cause, exchange })
  }
}

/** No usable response came back: the network, TLS, a timeout, the framing, a redirect loop. */
export class RequestFailedError extends ExchangeError {
  override name = 'RequestFailedError'
  constructor(failure: Failure, exchange: Exchange) {
    super(failure, `${subjectOf(exchange)} failed: ${exchange.error}`, exchange)
    pointAtCaller(this)
  }
}

/** A response came, but not one a check can use: not JSON, undecodable, badly framed. */
export class ResponseFormatError extends ExchangeError {
  override name = 'ResponseFormatError'
  constructor(failure: Failure, exchange: Exchange) {
    super(failure, `${subjectOf(exchange)} answered ${exchange.status}, but ${exchange.error}`, exchange)
  }
}
