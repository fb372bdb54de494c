// Starts the demo service for a test on 127.0.0.1 with a fresh token, in the given fault mode.
import { randomBytes } from 'node:crypto'
import type { FaultName } from '../../examples/demo/faults.ts'
import { type DemoOptions, type DemoService, startDemoService } from '../../examples/demo/service.ts'
import { closeWhenDone } from './close-when-done.ts'

export const DEMO_VERSION = '1.8.3'

export async function demo(fault: FaultName = 'none', options: Partial<DemoOptions> = {}) {
  const token = `tok-${randomBytes(12).toString('hex')}`
  const service: DemoService = await startDemoService({ token, fault, version: DEMO_VERSION, ...options })
  closeWhenDone(() => service.close())
  // The settings that point the example checks at this service.
  // No expected version: the tests about the version and the rollout gate set one.
  const env: Record<string, string> = { SMOKE_ENV: 'local', SMOKE_BASE_URL: service.url, SMOKE_TOKEN: token }
  return { service, token, env }
}
