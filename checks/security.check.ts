// region: security
import { check, expect, type SecurityPolicy } from 'smokecheck'

// One policy per environment (SMOKE_ENV); an environment not named here gets the full policy.
// Relax where another layer owns a header, e.g. { hsts: false } when TLS ends at a load balancer
// that adds HSTS itself, or tighten with { disclosure: 'any' } to forbid even `Server: uvicorn`.
const POLICIES: Record<string, SecurityPolicy> = {
  // Staging is rebuilt often under the same name: browsers are not asked to pin it to https.
  staging: { hsts: false },
}

// Point this at what browsers load from the service: its pages, or the API the pages call.
check(
  'public responses send the security headers and leak no versions',
  { tags: ['security'] },
  async ({ http, config }) => {
    const res = await http.get('/api/posts', { query: { limit: 1 } })
    expect(res).toHaveStatus(200)
    expect(res).toHaveSecurityHeaders(POLICIES[config.environment] ?? {})
  },
)
// endregion: security
