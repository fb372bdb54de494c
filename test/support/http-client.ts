// The checks' HTTP client outside a check run, aimed at a server a test started, so a matcher can
// be tried on real responses. The config is the local environment's, loaded as a run would, with
// any SMOKE_* settings the test gives.
import { loadConfig } from '../../src/config/load.ts'
import { createAgent } from '../../src/http/agent.ts'
import { createHttpClient } from '../../src/http/client.ts'
import { closeWhenDone } from './close-when-done.ts'
import { ROOT } from './run-checks.ts'

export function clientFor(baseUrl: string, env: Record<string, string> = {}) {
  const config = loadConfig({ root: ROOT, env: { SMOKE_ENV: 'local', SMOKE_BASE_URL: baseUrl, ...env } })
  // The checks' own agent: its connector is what records the connection phases.
  const agent = createAgent(config)
  closeWhenDone(() => agent.close())
  return createHttpClient({ config, baseUrl, dispatcher: agent })
}
