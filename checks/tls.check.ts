import { certificateLine, check, expect, probeTls } from 'smokecheck'

// Renewal (certbot, a CDN) normally runs 30 days ahead: SMOKE_TLS_MIN_DAYS (14) left means it has been failing.
check(
  'the TLS certificate is trusted, matches the host and is not about to expire',
  { tags: ['tls'] },
  async ({ config, skip, annotate }) => {
    const url = new URL(config.baseUrl)
    if (url.protocol !== 'https:') skip(`${url.origin} is plain http: there is no certificate to check`)
    const tls = await probeTls(url, { timeoutMs: config.timeouts.connectMs, ca: config.ca })
    await annotate(certificateLine(tls), 'tls')
    expect(tls).toHaveValidCertificate({ minDays: config.tlsMinDays })
  },
)
