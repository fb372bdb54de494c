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

export class RequestFailedError extends Error {
  override name = 'RequestFailedError'
  constructor(readonly exchange: Exchange) {
    super(`${exchange.method} ${pathOf(exchange)} failed: ${exchange.error}\n\n${describeExchange(exchange)}`)
    pointAtCaller(this)
  }
}

export class ResponseFormatError extends Error {
  override name = 'ResponseFormatError'
  constructor(
    readonly exchange: Exchange,
    problem: string,
  ) {
    super(
      `${exchange.method} ${pathOf(exchange)} answered ${exchange.status}, but ${problem}\n\n${describeExchange(exchange)}`,
    )
  }
}
