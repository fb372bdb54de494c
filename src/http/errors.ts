// Errors for exchanges that produced no usable response. Like ky's HTTPError, each says what
// was sent, what (if anything) came back and what was expected, with secrets redacted.
import { describeExchange, pathOf } from './describe.ts'
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
 * Carries the exchange for the code that catches it, not for the reports: Vitest serialises an
 * error's own fields after its message (into the console, the HTML report and the GitHub
 * annotation), and the message already describes the exchange. `toJSON` is what it serialises.
 */
abstract class ExchangeError extends Error {
  constructor(
    message: string,
    readonly exchange: Exchange,
  ) {
    super(message)
  }

  toJSON() {
    return { name: this.name, message: this.message, stack: this.stack }
  }
}

export class RequestFailedError extends ExchangeError {
  override name = 'RequestFailedError'
  constructor(exchange: Exchange) {
    super(
      `${exchange.method} ${pathOf(exchange)} failed: ${exchange.error}\n\n${describeExchange(exchange)}`,
      exchange,
    )
    pointAtCaller(this)
  }
}

export class ResponseFormatError extends ExchangeError {
  override name = 'ResponseFormatError'
  constructor(exchange: Exchange, problem: string) {
    super(
      `${exchange.method} ${pathOf(exchange)} answered ${exchange.status}, but ${problem}\n\n${describeExchange(exchange)}`,
      exchange,
    )
  }
}
