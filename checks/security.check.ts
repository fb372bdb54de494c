// region: security
import { check, expect, type SecurityPolicy } from '../fixtures'

// Relax per environment where another layer owns a header, e.g. { hsts: false } when TLS ends
// at a load balancer that adds HSTS itself, or { disclosure: 'any' } to forbid even `Server: uvicorn`.
const POLICY: SecurityPolicy = {}

// Point this at what browsers load from the service: its pages, or the API the pages call.
check(
  'public responses send the security headers and leak no versions',
  { tags: ['security'] },
  async ({ http }) => {
    const res = await http.get('/api/posts', { query: { limit: 1 } })
    expect(res).toHaveStatus(200)
    expect(res).toHaveSecurityHeaders(POLICY)
  },
)
// endregion: security
