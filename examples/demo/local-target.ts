// The example suite's local target (defineSmokeConfig's `localTarget`): `npm run smoke` with no
// SMOKE_BASE_URL checks the demo service, started here on a free loopback port.
import { startDemoService } from './service.ts'

export default async function start({ token }: { token: string }) {
  return { ...(await startDemoService({ token })), name: 'the embedded demo service' }
}
