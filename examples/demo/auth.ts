// The Bearer check of /admin/stats, FastAPI HTTPBearer style.
import { createHash, timingSafeEqual } from 'node:crypto'

export type Verdict = 'ok' | 'missing' | 'invalid'

// Hashing both sides gives equal-length buffers: timingSafeEqual never throws, and the time taken
// says nothing about the token's length or its first differing byte.
function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest()
}

export function bearerAuth(token: string): (header: string | undefined) => Verdict {
  const expected = digest(token)
  return (header) => {
    if (header === undefined) return 'missing'
    const space = header.indexOf(' ')
    const scheme = space === -1 ? header : header.slice(0, space)
    const credentials = space === -1 ? '' : header.slice(space + 1).trim()
    // Another scheme (Basic, …) is no Bearer credential at all, as HTTPBearer sees it.
    if (scheme.toLowerCase() !== 'bearer' || credentials === '') return 'missing'
    return timingSafeEqual(digest(credentials), expected) ? 'ok' : 'invalid'
  }
}
