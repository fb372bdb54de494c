import { describe, expect, it } from 'vitest'
import { toCurl } from '../../src/http/curl.ts'
import { REDACTED, redact, redactHeaders, redactUrl } from '../../src/redaction/redact.ts'
import { registerSecret } from '../../src/redaction/secrets.ts'

describe('redaction', () => {
  it('replaces registered secret values wherever they appear', () => {
    registerSecret('canary-7f3a9c21')
    expect(redact('the body echoed canary-7f3a9c21 back')).toBe(`the body echoed ${REDACTED} back`)
  })

  it('leaves values too short to be secrets alone, so reports stay readable', () => {
    registerSecret('abc')
    expect(redact('abc abc')).toBe('abc abc')
  })

  it('redacts credential headers and bearer tokens in text', () => {
    expect(
      redactHeaders({ Authorization: 'Bearer xyz123456', cookie: 'sid=1', accept: 'text/html' }),
    ).toEqual({
      Authorization: REDACTED,
      cookie: REDACTED,
      accept: 'text/html',
    })
    expect(redact('sent Authorization: Bearer abcdef123456')).toBe(`sent Authorization: Bearer ${REDACTED}`)
  })

  it('redacts credential-looking query parameters and URL credentials', () => {
    expect(redactUrl('https://u:p@x.example.com/a?access_token=t0k&limit=5&api_key=k&sig=s')).toBe(
      `https://x.example.com/a?access_token=${REDACTED}&limit=5&api_key=${REDACTED}&sig=${REDACTED}`,
    )
    expect(redact('GET /a?token=abc&page=2')).toBe(`GET /a?token=${REDACTED}&page=2`)
  })

  it('writes curl lines that reproduce the request without the secret', () => {
    registerSecret('tok-secret-value')
    const line = toCurl(
      'POST',
      'http://127.0.0.1:1/x?key=1',
      { authorization: 'Bearer tok-secret-value' },
      '{"a":1}',
    )
    expect(line).toBe(
      `curl -sS -i -X POST 'http://127.0.0.1:1/x?key=${REDACTED}' -H 'authorization: Bearer ${REDACTED}' --data-raw '{"a":1}'`,
    )
  })
})
