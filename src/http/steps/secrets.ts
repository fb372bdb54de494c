// Credentials the service issued (a session cookie, tokens in a JSON body) become secrets
// before the record is made and before the check sees the response: both may print them.
import { issuedSecrets } from '../../redaction/issued.ts'
import { registerSecret, type SecretChannel } from '../../redaction/secrets.ts'
import type { Step } from './pipeline.ts'

export const shareSecrets =
  (onSecret?: SecretChannel): Step =>
  (next) =>
  async (call) => {
    const reply = await next(call)
    if (reply.kind !== 'response') return reply
    // Every sighting waits for the value to be shared, not only the first: another check that
    // got the same cookie must not print it before the reporters know it.
    for (const value of issuedSecrets(reply.setCookies, reply.decoded?.value))
      await registerSecret(value, onSecret)
    return reply
  }
