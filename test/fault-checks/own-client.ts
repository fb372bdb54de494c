// A client on a dispatcher the check configures itself (an injected resolver, a CA the
// environment trusts), closed when the check is done with it.
import type { Agent } from 'undici'
import type { HttpClient } from '../../src/http/client'
import type { ProvidedConfig } from '../../src/runner/provided'
import { createHttpClient } from './engine-internals'

export async function withOwnClient(
  config: ProvidedConfig,
  baseUrl: string,
  dispatcher: Agent,
  use: (http: HttpClient) => Promise<void>,
): Promise<void> {
  try {
    await use(createHttpClient({ config, baseUrl, dispatcher }))
  } finally {
    await dispatcher.close()
  }
}
