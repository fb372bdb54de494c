// The response headers a public service should send (HSTS on https, nosniff, frame protection,
// a referrer policy) and must not send (Server or X-Powered-By naming a version a scanner can
// match against known vulnerabilities). Each problem is one line naming the header and value.

export interface SecurityPolicy {
  /** Strict-Transport-Security on https responses; `{ minMaxAgeS }` to demand a longer pin. Default on. */
  hsts?: boolean | { minMaxAgeS: number }
  /** `X-Content-Type-Options: nosniff`. Default on. */
  contentTypeOptions?: boolean
  /** `X-Frame-Options: DENY|SAMEORIGIN` or a CSP `frame-ancestors` directive. Default on. */
  frameProtection?: boolean
  /** A Referrer-Policy browsers know, other than `unsafe-url`. Default on. */
  referrerPolicy?: boolean
  /**
   * What Server and X-Powered-By may disclose: 'versions' (default) fails a value with a version
   * (`nginx/1.24.0`, `PHP/8`, `Express 4.19.2`) and lets a product name (`uvicorn`, `AmazonS3`) pass; 'any' fails either
   * header being sent at all; false does not look.
   */
  disclosure?: 'versions' | 'any' | false
}

type Headers = Readonly<Record<string, string | undefined>>

const REFERRER_POLICIES = new Set([
  'no-referrer',
  'no-referrer-when-downgrade',
  'origin',
  'origin-when-cross-origin',
  'same-origin',
  'strict-origin',
  'strict-origin-when-cross-origin',
  'unsafe-url',
])

function hstsProblem(value: string | undefined, minMaxAgeS: number): string | undefined {
  if (value === undefined) return 'Strict-Transport-Security is absent, so browsers may still try plain http'
  const maxAge = /(?:^|;)\s*max-age\s*=\s*"?(\d+)"?/i.exec(value)?.[1]
  if (maxAge === undefined) return `Strict-Transport-Security is "${value}", without a max-age`
  if (Number(maxAge) === 0) return `Strict-Transport-Security has max-age=0, which switches HSTS off`
  if (Number(maxAge) < minMaxAgeS)
    return `Strict-Transport-Security has max-age=${maxAge}, expected at least ${minMaxAgeS}`
  return undefined
}

// A repeated header arrives joined by commas (`nosniff, nosniff`): browsers read the list.
function tokens(value: string): string[] {
  return value
    .split(',')
    .map((token) => token.trim().toLowerCase())
    .filter(Boolean)
}

// Fetch reads only the first value: `nosniff, nosniff` protects, `sniff, nosniff` does not.
function contentTypeOptionsProblem(value: string | undefined): string | undefined {
  if (value === undefined) return 'X-Content-Type-Options is absent, expected nosniff'
  if (tokens(value)[0] === 'nosniff') return undefined
  return `X-Content-Type-Options is "${value}", expected nosniff`
}

function frameAncestors(csp: string | undefined): string | undefined {
  // Several CSP headers arrive joined by commas; each is a `;`-separated list of directives.
  const directive = csp
    ?.split(/[;,]/)
    .map((part) => part.trim())
    .find((part) => /^frame-ancestors(?:\s|$)/i.test(part))
  return directive?.slice('frame-ancestors'.length).trim()
}

function frameProblem(headers: Headers): string | undefined {
  const xfo = headers['x-frame-options']
  const ancestors = frameAncestors(headers['content-security-policy'])
  if (ancestors !== undefined && ancestors !== '*' && ancestors !== '') return undefined
  // HTML blocks framing when any value is DENY or SAMEORIGIN, `DENY, DENY` included.
  if (xfo !== undefined && tokens(xfo).some((token) => token === 'deny' || token === 'sameorigin'))
    return undefined
  const sent = [
    xfo === undefined
      ? 'no X-Frame-Options'
      : `X-Frame-Options "${xfo}" (browsers honour DENY or SAMEORIGIN)`,
    ancestors === undefined
      ? 'no Content-Security-Policy frame-ancestors'
      : `CSP "frame-ancestors ${ancestors}", which lets any site frame it`,
  ]
  return `no frame protection: ${sent.join(' and ')}`
}

function referrerProblem(value: string | undefined): string | undefined {
  if (value === undefined) return 'Referrer-Policy is absent, so the browser default decides what leaks'
  // Browsers apply the last policy they know, which lets a service list fallbacks.
  const known = tokens(value).filter((token) => REFERRER_POLICIES.has(token))
  const applied = known.at(-1)
  if (applied === undefined) return `Referrer-Policy is "${value}", which no browser knows`
  if (applied === 'unsafe-url') return `Referrer-Policy is "${value}", which sends full URLs to other sites`
  return undefined
}

// A version a scanner can match: after a product's slash (`nginx/1.24.0`, `PHP/8`) or dotted
// (`Express 4.19.2`). Digits in names (`AmazonS3`, `h2o`) and POP codes (`ECAcc (nyb/1D2E)`) are not.
const VERSION = /(?:\/v?\d+(?:\.\d+)*|(?<![\w.])v?\d+(?:\.\d+)+)(?!\w)/i

function disclosureProblems(headers: Headers, disclosure: 'versions' | 'any'): string[] {
  const problems: string[] = []
  for (const [name, label] of [
    ['server', 'Server'],
    ['x-powered-by', 'X-Powered-By'],
  ] as const) {
    const value = headers[name]
    if (value === undefined) continue
    if (VERSION.test(value)) problems.push(`${label} leaks a version: "${value}"`)
    else if (disclosure === 'any') problems.push(`${label} names the software: "${value}"`)
  }
  return problems
}

/** Every way the headers fall short of the policy, one line each; empty when they satisfy it. */
export function securityHeaderProblems(
  headers: Headers,
  https: boolean,
  policy: SecurityPolicy = {},
): string[] {
  const problems: (string | undefined)[] = []
  const { hsts = true, contentTypeOptions = true, frameProtection = true, referrerPolicy = true } = policy
  const disclosure = policy.disclosure ?? 'versions'
  // Browsers ignore HSTS received over plain http, so only https responses owe it.
  if (https && hsts !== false) {
    problems.push(hstsProblem(headers['strict-transport-security'], hsts === true ? 1 : hsts.minMaxAgeS))
  }
  if (contentTypeOptions) problems.push(contentTypeOptionsProblem(headers['x-content-type-options']))
  if (frameProtection) problems.push(frameProblem(headers))
  if (referrerPolicy) problems.push(referrerProblem(headers['referrer-policy']))
  if (disclosure !== false) problems.push(...disclosureProblems(headers, disclosure))
  return problems.filter((problem) => problem !== undefined)
}
