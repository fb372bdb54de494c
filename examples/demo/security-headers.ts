// The headers a security middleware (or nginx's `add_header … always`) puts on every answer of the
// application, its crash page included. Faults that stand in front of the application (a proxy's
// maintenance page, the flaky 503) go without them, as they would in front of a real service.
import type { Reply } from './reply.ts'

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
}

export function withSecurityHeaders(reply: Reply): Reply {
  return { ...reply, headers: { ...SECURITY_HEADERS, ...reply.headers } }
}
