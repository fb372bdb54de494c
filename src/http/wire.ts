// The bytes that came over the connection for one response: its head, and whatever followed
// the end its Content-Length declared. undici parses the message itself but says less than it
// saw when the framing is wrong: two Content-Length headers surface as "length mismatch", and
// bytes after the body as a socket error once the response has been handed over, so nobody
// hears of it. Reading the same bytes lets the failure name the real cause.
import type { Socket } from 'node:net'

const HEAD_CAP = 16 * 1024
const END_OF_HEAD = Buffer.from('\r\n\r\n')
const KEPT_AFTER = 64

export class Wire {
  private head = Buffer.alloc(0)
  private received = 0
  /** Where the declared body ends, counted from the response's first byte, once it is known. */
  private bodyEnd: number | undefined
  private after = Buffer.alloc(0)
  private afterBytes = 0

  /** A response to HEAD has no body, whatever its Content-Length says. */
  constructor(private readonly method: string) {}

  feed(chunk: Buffer): void {
    const offset = this.received
    this.received += chunk.length
    if (this.bodyEnd === undefined && this.head.length < HEAD_CAP) {
      this.head = Buffer.concat([this.head, chunk]).subarray(0, HEAD_CAP)
      this.bodyEnd = this.declaredEnd()
    }
    if (this.bodyEnd === undefined || this.received <= this.bodyEnd) return
    const extra = chunk.subarray(Math.max(0, this.bodyEnd - offset))
    this.afterBytes += extra.length
    if (this.after.length < KEPT_AFTER)
      this.after = Buffer.concat([this.after, extra]).subarray(0, KEPT_AFTER)
  }

  /** Every Content-Length value the head carried, in order (undici joins repeated ones). */
  contentLengths(): string[] {
    return this.headerLines()
      .filter((line) => /^content-length\s*:/i.test(line))
      .map((line) => line.slice(line.indexOf(':') + 1).trim())
  }

  /** What arrived past the declared end of the body: how much, and how it starts. */
  overrun(): { bytes: number; start: string } | undefined {
    if (this.afterBytes === 0) return undefined
    return { bytes: this.afterBytes, start: this.after.toString('latin1') }
  }

  private headerLines(): string[] {
    const end = this.head.indexOf(END_OF_HEAD)
    return this.head
      .subarray(0, end < 0 ? this.head.length : end)
      .toString('latin1')
      .split('\r\n')
  }

  private declaredEnd(): number | undefined {
    const end = this.head.indexOf(END_OF_HEAD)
    if (end < 0) return undefined
    const headBytes = end + END_OF_HEAD.length
    const status = Number(this.headerLines()[0]?.split(' ')[1])
    // An interim 1xx is followed by the real response: too rare here to follow it.
    if (!(status >= 200)) return undefined
    if (this.method === 'HEAD' || status === 204 || status === 304) return headBytes
    const lengths = this.contentLengths()
    const chunked = this.headerLines().some((line) => /^transfer-encoding\s*:/i.test(line))
    // Chunked or ambiguous framing is undici's to judge; only a single length sets an end.
    if (chunked || lengths.length !== 1) return undefined
    const length = Number(lengths[0])
    return Number.isSafeInteger(length) ? headBytes + length : undefined
  }
}

/**
 * Shows `wire()`'s current Wire every chunk undici reads off the socket. undici reads with
 * `socket.read()` on 'readable'; a 'data' listener would switch the socket to flowing mode.
 */
export function tapReads(socket: Socket, wire: () => Wire | undefined): void {
  const read = socket.read
  socket.read = function (this: Socket, size?: number) {
    const chunk: unknown = read.call(this, size)
    if (Buffer.isBuffer(chunk)) wire()?.feed(chunk)
    return chunk
  }
}
