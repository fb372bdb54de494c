import { describe, expect, it } from 'vitest'
import { toCurl } from '../../src/http/curl.ts'
import { issuedSecrets } from '../../src/redaction/issued.ts'
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

  it.each([
    'X-Amz-Signature',
    'X-Amz-Credential',
    'X-Amz-Security-Token',
    'X-Goog-Signature',
    'X-Goog-Credential',
    'signature',
    'sig',
    'sid',
    'sessionid',
    'session_id',
    'session',
    'PHPSESSID',
    'pwd',
    'passwd',
    'jwt',
    'client_secret',
    'id_token',
    'key',
  ])('redacts the query parameter %s, in a URL and in text', (name) => {
    expect(redactUrl(`https://x.example.com/a?${name}=v4lue&limit=5`)).toBe(
      `https://x.example.com/a?${name}=${REDACTED}&limit=5`,
    )
    expect(redact(`GET /a?limit=5&${name}=v4lue`)).toBe(`GET /a?limit=5&${name}=${REDACTED}`)
  })

  it('redacts code only where OAuth parameters beside it make it an authorization code', () => {
    expect(redactUrl('https://x.example.com/callback?code=Sp1xlOBeZQQYbYS6&state=af0ifjsldkj')).toBe(
      `https://x.example.com/callback?code=${REDACTED}&state=af0ifjsldkj`,
    )
    expect(redact('POST /token grant_type=authorization_code&code=Sp1xlOBeZQQYbYS6')).toBe(
      `POST /token grant_type=authorization_code&code=${REDACTED}`,
    )
    expect(redactUrl('https://x.example.com/countries?code=FR')).toBe(
      'https://x.example.com/countries?code=FR',
    )
    expect(redact('GET /errors?code=E1001')).toBe('GET /errors?code=E1001')
  })

  it.each(['limit', 'page', 'q', 'sort', 'country_code', 'monkey', 'tokens', 'token_type', 'keyword'])(
    'leaves the ordinary query parameter %s alone',
    (name) => {
      expect(redactUrl(`https://x.example.com/a?${name}=v4lue`)).toBe(`https://x.example.com/a?${name}=v4lue`)
      expect(redact(`GET /a?${name}=v4lue`)).toBe(`GET /a?${name}=v4lue`)
    },
  )

  it('redacts a secret in its percent-encoded, base64 and base64url forms too', () => {
    const secret = 'sEcr3t+value/with=signs~!'
    registerSecret(secret)
    const forms = [
      encodeURIComponent(secret),
      new URLSearchParams({ q: secret }).toString().slice(2),
      Buffer.from(secret).toString('base64'),
      Buffer.from(secret).toString('base64url'),
    ]
    for (const form of forms) expect(redact(`echoed ${form} back`)).not.toContain(form)
    // A harmless name does not hide the value; registering the secret does.
    expect(redactUrl(`https://x.example.com/search?q=${encodeURIComponent(secret)}`)).toBe(
      `https://x.example.com/search?q=${REDACTED}`,
    )
  })

  describe('a secret in every form a reader could decode', () => {
    const secret = 'f0rm+s/é~t0ken=='
    const escapedEvery = Array.from(
      secret,
      (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
    )
    const lowerPercent = encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (byte) => byte.toLowerCase())
    const base64At = (place: number) => Buffer.from(`${'x'.repeat(place)}${secret}yz`).toString('base64')
    it.each([
      ['as it is', secret],
      ['JSON with escaped slashes', JSON.stringify(secret).replaceAll('/', '\\/')],
      ['JSON with \\u002B', secret.replace('+', '\\u002B')],
      ['JSON with \\u002b', secret.replace('+', '\\u002b')],
      ['JSON with every character escaped', escapedEvery.join('')],
      ['JSON in a JSON string', JSON.stringify(JSON.stringify({ t: secret.replace('+', '\\u002B') }))],
      ['JSON in JSON in JSON', JSON.stringify(JSON.stringify(JSON.stringify(secret).replaceAll('/', '\\/')))],
      ['percent-encoded, upper-case hex', encodeURIComponent(secret)],
      ['percent-encoded, lower-case hex', lowerPercent],
      ['percent-encoded twice', encodeURIComponent(encodeURIComponent(secret))],
      ['form-encoded', new URLSearchParams({ q: secret }).toString().slice(2)],
      ['an HTML character reference for a character', secret.replace('+', '&#x2b;').replace('é', '&#233;')],
      ['base64', Buffer.from(secret).toString('base64')],
      [
        'base64 in JSON with escaped slashes',
        JSON.stringify(Buffer.from(secret).toString('base64')).replaceAll('/', '\\/'),
      ],
      ['base64url', Buffer.from(secret).toString('base64url')],
      ['base64, one byte into a longer value', base64At(1)],
      ['base64, two bytes into a longer value', base64At(2)],
      ['base64url, three bytes into a longer value', Buffer.from(`abc${secret}`).toString('base64url')],
    ])('%s', (_form, encoded) => {
      registerSecret(secret)
      const out = redact(`echoed ${encoded} back`)
      expect(out).toContain(REDACTED)
      for (const piece of [secret.slice(0, 8), secret.slice(-8), 'f0rm', 'ZjBy', 'ZjBybSt'])
        expect(out).not.toContain(piece)
    })

    it('leaves the text around it as it was', () => {
      registerSecret(secret)
      expect(redact(`{"url":"\\/a?t=${lowerPercent}&n=1","b":"x%2By"}`)).toBe(
        `{"url":"\\/a?t=${REDACTED}&n=1","b":"x%2By"}`,
      )
      expect(redact(`"${escapedEvery.join('')}"`)).toBe(`"${REDACTED}"`)
      expect(redact(Buffer.from(secret).toString('base64'))).toBe(REDACTED)
    })
  })

  it('leaves an authentication challenge readable: its parameters are no credentials', () => {
    const challenge = 'Bearer realm="admin", error="invalid_token", error_description="expired"'
    expect(redactHeaders({ 'WWW-Authenticate': challenge })).toEqual({ 'WWW-Authenticate': challenge })
    expect(redact(`WWW-Authenticate: Basic realm="admin"`)).toBe(`WWW-Authenticate: Basic realm="admin"`)
    expect(redact('{"authorization":"Bearer abcdef123456"}')).toBe(`{"authorization":"Bearer ${REDACTED}"}`)
    expect(redact('Authorization: Basic dXNlcjpwYXNzd29yZA==')).toBe(`Authorization: Basic ${REDACTED}`)
  })

  it('redacts the start of a secret that an assertion message cut short', () => {
    registerSecret('sessionid-9f3a7c21e0b4')
    expect(redact("expected 'sessionid-9f3a…' to be 'x'")).toBe(`expected '${REDACTED}…' to be 'x'`)
    expect(redact("expected 'ses…' to be 'x', and so on…")).toBe("expected 'ses…' to be 'x', and so on…")
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

describe('curl lines', () => {
  it('ask for compression the way curl decodes it, not with a bare header', () => {
    const line = toCurl('GET', 'http://127.0.0.1:1/x', {
      'accept-encoding': 'gzip, deflate, br',
      accept: '*/*',
    })
    expect(line).toBe(`curl -sS -i 'http://127.0.0.1:1/x' --compressed -H 'accept: */*'`)
  })
})

describe('credentials a service issues', () => {
  it('are the values of session cookies and of credential keys in a JSON body', () => {
    const found = issuedSecrets(
      [
        'sessionid=Qm9iOnNlY3JldA; Path=/; HttpOnly',
        'PHPSESSID=9c1185a5c5e9fc54612808977ee8f548b2258d31',
        '__prefs="Zm9vYmFyYmF6"; HttpOnly; Expires=Wed, 21 Oct 2099 07:28:00 GMT',
      ],
      { data: { access_token: 'eyJhbGciOiJIUzI1NiJ9.e30.x', user: { refreshToken: 'r-51d2a9f7' } } },
    )
    expect(found).toEqual([
      'Qm9iOnNlY3JldA',
      '9c1185a5c5e9fc54612808977ee8f548b2258d31',
      'Zm9vYmFyYmF6',
      'eyJhbGciOiJIUzI1NiJ9.e30.x',
      'r-51d2a9f7',
    ])
  })

  it('are every string below a credential-named key, however nested', () => {
    expect(
      issuedSecrets([], { token: { value: 'tk-7f3a9c2e', expires_in: 3600 }, api_key: ['ak-51d2a9f7'] }),
    ).toEqual(['tk-7f3a9c2e', 'ak-51d2a9f7'])
  })

  it('leave alone what is no credential: ordinary cookies, cookies being cleared, plain words and numbers', () => {
    expect(
      issuedSecrets(
        [
          'theme=dark-blue-2024; Path=/',
          'sessionid=Qm9iOnNlY3JldA; Max-Age=0',
          'sessionid=Qm9iOnNlY3JldA; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
          'session=expired; HttpOnly',
        ],
        { token_type: 'Bearer', auth: 'required', code: 'E1001', session: 'NOT_FOUND', sid: '100234' },
      ),
    ).toEqual([])
  })
})
