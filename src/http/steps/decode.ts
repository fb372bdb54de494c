// The body as the check will see it: content-decoded under the size cap, then parsed when the
// content type says JSON. JSON behind a byte order mark is accepted and noted on the exchange.
import { decodeContent, parseJson } from '../body.ts'
import { isJsonType } from '../response.ts'
import { shapeOf } from '../shape.ts'
import type { Answer, Call, Decoded, Step } from './pipeline.ts'

export const BOM_NOTE =
  'the JSON body starts with a UTF-8 byte order mark, which was skipped (RFC 8259 lets a parser ignore it; a sender must not add it)'

const hasBody = (method: string, status: number) => method !== 'HEAD' && status !== 204 && status !== 304

function decodeAnswer(answer: Answer, call: Call, maxBytes: number): Answer {
  const contentType = answer.headers['content-type']
  const content = decodeContent(answer.raw, answer.headers['content-encoding'], maxBytes)
  const text = (content.ok ? content.bytes : answer.raw).toString('utf8')
  const decoded: Decoded = { text, value: text, undecodable: !content.ok }
  // A framing fault is named first: it explains a body that makes no sense.
  let problem = answer.problem ?? (content.ok ? undefined : content.failure)
  if (!problem && isJsonType(contentType) && hasBody(call.method, answer.status)) {
    const json = parseJson(text, contentType ?? '')
    if (json.ok) {
      decoded.value = json.value
      if (json.bom) call.trail.notes.push(BOM_NOTE)
      // Only what is recorded is compared with the next run; a sample's answers are not.
      if (call.record) decoded.shape = shapeOf(json.value)
    } else problem = json.failure
  }
  return { ...answer, decoded, ...(problem && { problem }) }
}

export const decode =
  (maxBytes: number): Step =>
  (next) =>
  async (call) => {
    const reply = await next(call)
    return reply.kind === 'response' ? decodeAnswer(reply, call, maxBytes) : reply
  }
