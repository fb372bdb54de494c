// Follows redirects when the check asks: each hop a new request (with its own retries), no
// credential crossing to another origin, and a loop or a long chain ends as REDIRECT_LOOP.
import { containsSecret, isSecretHeader, redactUrl } from '../../redaction/redact.ts'
import { pathOf } from '../describe.ts'
import type { Call, Refusal, Step } from './pipeline.ts'

const MAX_REDIRECTS = 5

const NOT_SENT = {
  ttfbMs: null,
  ms: 0,
  phases: { newConnection: false, dnsMs: null, connectMs: null, tlsMs: null, waitMs: null, downloadMs: null },
}

function loop(call: Call, target: URL): Refusal {
  const hops = [...call.trail.redirects, redactUrl(target.toString())].map((url) => pathOf({ url }))
  // Reported against what the check asked for; the hops are in the sentence.
  call.url = call.requested
  call.trail.redirects.length = 0
  const says = `the redirects go round in a loop or past ${MAX_REDIRECTS} hops: ${hops.join(' → ')} [REDIRECT_LOOP]`
  return { kind: 'error', failure: { code: 'REDIRECT_LOOP', says }, ...NOT_SENT }
}

function hop(call: Call, status: number, target: URL): void {
  // Credentials stay with the origin under check: every header redaction would hide, for its
  // name or for a secret in its value (a token under a name of the check's choosing).
  if (target.origin !== call.url.origin) {
    for (const [name, value] of Object.entries(call.headers))
      if (isSecretHeader(name) || containsSecret(value)) delete call.headers[name]
  }
  if (status === 303 || ((status === 301 || status === 302) && call.method === 'POST')) {
    call.method = 'GET'
    call.body = undefined
  }
  call.url = target
}

export const followRedirects: Step = (next) => async (call) => {
  for (;;) {
    const reply = await next(call)
    const redirected = reply.kind === 'response' && reply.status >= 300 && reply.status <= 399
    const location = redirected && call.followRedirects ? reply.headers.location : undefined
    if (!location || reply.kind !== 'response') return reply
    const target = new URL(location, call.url)
    const seen = call.trail.redirects
    seen.push(redactUrl(call.url.toString()))
    if (seen.length > MAX_REDIRECTS || seen.includes(redactUrl(target.toString()))) return loop(call, target)
    hop(call, reply.status, target)
  }
}
