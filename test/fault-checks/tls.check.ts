// Checks that test/e2e/tls-client.test.ts runs against fault servers presenting bad
// certificates: each must fail naming what is wrong with its certificate. The checks trust the
// test CA, as an environment would trust a private one, so that nothing else fails them.

import { check, expect } from 'smokecheck'
import { Agent } from 'undici'
import { timedConnector } from './engine-internals'
import { withOwnClient } from './own-client'

const ORIGINS: Record<string, string> = JSON.parse(process.env.FAULT_TLS_ORIGINS ?? '{}')
const CA = process.env.FAULT_TLS_CA

for (const [name, origin] of Object.entries(ORIGINS)) {
  check(name, async ({ config }) => {
    const dispatcher = new Agent({ connect: timedConnector({ timeout: config.timeouts.connectMs, ca: CA }) })
    await withOwnClient(config, origin, dispatcher, async (http) => {
      const res = await http.get('/ok')
      expect(res).toBeOK()
      expect(res.timings.phases).toMatchObject({ newConnection: true, tlsMs: expect.any(Number) })
    })
  })
}
