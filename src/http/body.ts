// Decodes a response body as its headers describe it: content encoding first (with the
// size cap applied to the decoded bytes too), then JSON when the content type says JSON.
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib'
import type { Failure } from './codes.ts'

export type Decoded = { ok: true; bytes: Buffer } | { ok: false; failure: Failure }

const DECODERS: Record<string, (b: Buffer, maxOutputLength: number) => Buffer> = {
  gzip: (b, maxOutputLength) => gunzipSync(b, { maxOutputLength }),
  'x-gzip': (b, maxOutputLength) => gunzipSync(b, { maxOutputLength }),
  deflate: (b, maxOutputLength) => inflateSync(b, { maxOutputLength }),
  br: (b, maxOutputLength) => brotliDecompressSync(b, { maxOutputLength }),
}

export function decodeContent(raw: Buffer, encoding: string | undefined, maxBytes: number): Decoded {
  const name = (encoding ?? 'identity').trim().toLowerCase()
  if (name === 'identity' || raw.byteLength === 0) return { ok: true, bytes: raw }
  const decode = DECODERS[name]
  if (!decode) {
    const says = `the body uses content-encoding ${name}, which smokecheck did not ask for`
    return { ok: false, failure: { code: 'UNKNOWN_ENCODING', says } }
  }
  try {
    return { ok: true, bytes: decode(raw, maxBytes) }
  } catch (cause) {
    // A compression bomb stops at the cap, named as such: it is no corrupt body.
    if ((cause as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      const says = `the ${name} body decodes to more than the ${maxBytes} byte cap (SMOKE_MAX_RESPONSE_BYTES)`
      return { ok: false, failure: { code: 'TOO_LARGE', says, cause } }
    }
    const says = `the ${name} body is corrupt and cannot be decoded (${(cause as Error).message})`
    return { ok: false, failure: { code: 'CORRUPT_ENCODING', says, cause } }
  }
}

const BOM = '\uFEFF'

export type ParsedJson = { ok: true; value: unknown; bom: boolean } | { ok: false; failure: Failure }

export function parseJson(text: string, contentType: string): ParsedJson {
  if (text.trim() === '') {
    const says = `the body is empty although content-type is ${contentType}`
    return { ok: false, failure: { code: 'EMPTY_BODY', says } }
  }
  // RFC 8259 §8.1: a parser may ignore a byte order mark, though a sender must not add one.
  const bom = text.startsWith(BOM)
  try {
    return { ok: true, value: JSON.parse(bom ? text.slice(BOM.length) : text), bom }
  } catch (cause) {
    const says = `the body is not valid JSON although content-type is ${contentType} (${(cause as Error).message})`
    return { ok: false, failure: { code: 'NOT_JSON', says, cause } }
  }
}
