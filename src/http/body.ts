// Decodes a response body as its headers describe it: content encoding first (with the
// size cap applied to the decoded bytes too), then JSON when the content type says JSON.
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib'

export type Decoded = { ok: true; bytes: Buffer } | { ok: false; problem: string }

export function decodeContent(raw: Buffer, encoding: string | undefined, maxBytes: number): Decoded {
  const name = (encoding ?? 'identity').trim().toLowerCase()
  const decoders: Record<string, (b: Buffer) => Buffer> = {
    gzip: (b) => gunzipSync(b, { maxOutputLength: maxBytes }),
    'x-gzip': (b) => gunzipSync(b, { maxOutputLength: maxBytes }),
    deflate: (b) => inflateSync(b, { maxOutputLength: maxBytes }),
    br: (b) => brotliDecompressSync(b, { maxOutputLength: maxBytes }),
  }
  if (name === 'identity' || raw.byteLength === 0) return { ok: true, bytes: raw }
  const decode = decoders[name]
  if (!decode)
    return { ok: false, problem: `the body uses content-encoding ${name}, which smokecheck did not ask for` }
  try {
    return { ok: true, bytes: decode(raw) }
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code === 'ERR_BUFFER_TOO_LARGE') {
      return {
        ok: false,
        problem: `the ${name} body decodes to more than the ${maxBytes} byte cap (SMOKE_MAX_RESPONSE_BYTES)`,
      }
    }
    return {
      ok: false,
      problem: `the ${name} body is corrupt and cannot be decoded (${(error as Error).message})`,
    }
  }
}

export function parseJson(
  text: string,
  contentType: string,
): { ok: true; value: unknown } | { ok: false; problem: string } {
  if (text.trim() === '')
    return { ok: false, problem: `the body is empty although content-type is ${contentType}` }
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch (error) {
    return {
      ok: false,
      problem: `the body is not valid JSON although content-type is ${contentType} (${(error as Error).message})`,
    }
  }
}
