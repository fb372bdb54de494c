import { describe, expect, it } from 'vitest'
import { securityHeaderProblems } from '../../src/assertions/security-headers.ts'
import { securityMatchers } from '../../src/assertions/security-matchers.ts'
import { fakeResponse } from './fake-response.ts'

expect.extend(securityMatchers)

const GOOD = {
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
  server: 'uvicorn',
}

describe('security header policy', () => {
  it('accepts a complete set, and CSP frame-ancestors in place of X-Frame-Options', () => {
    expect(securityHeaderProblems(GOOD, true)).toEqual([])
    const { 'x-frame-options': _, ...withoutXfo } = GOOD
    const csp = { ...withoutXfo, 'content-security-policy': "default-src 'self'; frame-ancestors 'none'" }
    expect(securityHeaderProblems(csp, true)).toEqual([])
  })

  it('asks for HSTS on https only, with a real max-age', () => {
    const { 'strict-transport-security': _, ...plain } = GOOD
    expect(securityHeaderProblems(plain, false)).toEqual([])
    expect(securityHeaderProblems(plain, true)).toEqual([
      'Strict-Transport-Security is absent, so browsers may still try plain http',
    ])
    expect(securityHeaderProblems({ ...GOOD, 'strict-transport-security': 'max-age=0' }, true)).toEqual([
      'Strict-Transport-Security has max-age=0, which switches HSTS off',
    ])
    const short = { ...GOOD, 'strict-transport-security': 'max-age=300' }
    expect(securityHeaderProblems(short, true, { hsts: { minMaxAgeS: 15552000 } })).toEqual([
      'Strict-Transport-Security has max-age=300, expected at least 15552000',
    ])
  })

  it('names weak values: sniffing allowed, obsolete frame options, a referrer policy that leaks', () => {
    const weak = {
      ...GOOD,
      'x-content-type-options': 'sniff',
      'x-frame-options': 'ALLOW-FROM https://a.example',
      'content-security-policy': 'frame-ancestors *',
      'referrer-policy': 'unsafe-url',
    }
    expect(securityHeaderProblems(weak, false)).toEqual([
      'X-Content-Type-Options is "sniff", expected nosniff',
      'no frame protection: X-Frame-Options "ALLOW-FROM https://a.example" (browsers honour DENY or SAMEORIGIN) and CSP "frame-ancestors *", which lets any site frame it',
      'Referrer-Policy is "unsafe-url", which sends full URLs to other sites',
    ])
    // Browsers apply the last policy they know: a fallback list is fine.
    expect(
      securityHeaderProblems({ ...GOOD, 'referrer-policy': 'no-referrer, strict-origin' }, true),
    ).toEqual([])
    expect(securityHeaderProblems({ ...GOOD, 'referrer-policy': 'never' }, true)).toEqual([
      'Referrer-Policy is "never", which no browser knows',
    ])
  })

  it('flags versions in Server and X-Powered-By, product names only when asked', () => {
    const leaky = { ...GOOD, server: 'nginx/1.24.0', 'x-powered-by': 'Express' }
    expect(securityHeaderProblems(leaky, true)).toEqual(['Server leaks a version: "nginx/1.24.0"'])
    expect(securityHeaderProblems(leaky, true, { disclosure: 'any' })).toEqual([
      'Server leaks a version: "nginx/1.24.0"',
      'X-Powered-By names the software: "Express"',
    ])
    expect(securityHeaderProblems(leaky, true, { disclosure: false })).toEqual([])
  })

  it('calls only version-like values a leak, not product names that contain digits', () => {
    const disclosed = (server: string) => securityHeaderProblems({ ...GOOD, server }, true)
    for (const name of [
      'AmazonS3',
      'h2o',
      'ECAcc (nyb/1D2E)',
      'ECS (dcb/7EC9)',
      'mw1234.eqiad.wmnet',
      'gws',
    ]) {
      expect(disclosed(name), name).toEqual([])
    }
    for (const version of [
      'nginx/1.24.0',
      'PHP/8',
      'Microsoft-IIS/10.0',
      'Werkzeug/3.0.1 Python/3.12.3',
      'Express 4.19.2',
      'Jetty(9.4.z-SNAPSHOT)',
      'gunicorn/v20',
    ]) {
      expect(disclosed(version), version).toEqual([`Server leaks a version: "${version}"`])
    }
  })

  it('reads a repeated header (joined by commas) as browsers do', () => {
    const repeated = {
      ...GOOD,
      'x-frame-options': 'DENY, DENY',
      'x-content-type-options': 'nosniff, nosniff',
    }
    expect(securityHeaderProblems(repeated, true)).toEqual([])
    expect(securityHeaderProblems({ ...GOOD, 'x-frame-options': 'SAMEORIGIN,sameorigin' }, true)).toEqual([])
    // Fetch reads the first value only; HTML blocks framing when any value is DENY or SAMEORIGIN.
    expect(securityHeaderProblems({ ...GOOD, 'x-content-type-options': 'sniff, nosniff' }, true)).toEqual([
      'X-Content-Type-Options is "sniff, nosniff", expected nosniff',
    ])
    expect(securityHeaderProblems({ ...GOOD, 'x-frame-options': 'ALLOWALL, ALLOWALL' }, true)).toEqual([
      'no frame protection: X-Frame-Options "ALLOWALL, ALLOWALL" (browsers honour DENY or SAMEORIGIN) and no Content-Security-Policy frame-ancestors',
    ])
  })

  it('relaxes per environment', () => {
    const policy = { hsts: false, frameProtection: false, referrerPolicy: false, contentTypeOptions: false }
    expect(securityHeaderProblems({}, true, policy)).toEqual([])
  })
})

describe('toHaveSecurityHeaders', () => {
  it('passes a complete set and lists every problem in one failure', () => {
    const url = 'https://www.example.com/'
    expect(fakeResponse({ url, headers: GOOD })).toHaveSecurityHeaders()
    const bare = fakeResponse({
      url,
      headers: { server: 'Apache/2.4.58 (Ubuntu)', 'x-powered-by': 'PHP/8.3.6' },
    })
    expect(() => expect(bare).toHaveSecurityHeaders()).toThrow(
      new RegExp(
        [
          '^expected GET / to send the security headers of a public service, found 6 problems:',
          '  - Strict-Transport-Security is absent, so browsers may still try plain http',
          '  - X-Content-Type-Options is absent, expected nosniff',
          '  - no frame protection: no X-Frame-Options and no Content-Security-Policy frame-ancestors',
          '  - Referrer-Policy is absent, so the browser default decides what leaks',
          '  - Server leaks a version: "Apache/2\\.4\\.58 \\(Ubuntu\\)"',
          '  - X-Powered-By leaks a version: "PHP/8\\.3\\.6"',
          '',
          '  sent: ',
        ].join('\n'),
      ),
    )
  })
})
