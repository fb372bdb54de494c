// A service behind a private CA, trusted through SMOKE_CA_FILE alone (test/e2e/private-ca.test.ts):
// the HTTP client and the TLS probe both use it.
import { check, expect, probeTls } from 'smokecheck'

check('a service behind a private CA answers over https', async ({ http }) => {
  expect(await http.get('/')).toBeOK()
})

check('its certificate is trusted through the private CA', async ({ config }) => {
  const tls = await probeTls(config.baseUrl, { ca: config.ca, timeoutMs: config.timeouts.connectMs })
  expect(tls).toHaveValidCertificate()
})
