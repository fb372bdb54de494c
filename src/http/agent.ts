// One keep-alive connection pool per worker, with every limit explicit: a hung or huge
// response must end as a clear failure within the configured time, never as a stall.
import type { Agent } from 'undici'
import type { SmokeConfig } from '../config/load.ts'
import { timedAgent } from './timing.ts'
import { trustedWith } from './trust.ts'

/** `connections` per origin: the worker's share of SMOKE_MAX_CONNECTIONS when checks run in several. */
export function createAgent(
  config: Pick<SmokeConfig, 'timeouts' | 'maxResponseBytes' | 'maxConnections' | 'ca'>,
  connections = config.maxConnections,
): Agent {
  return timedAgent(
    // A private CA is trusted beside Node's own roots, not instead of them.
    { timeout: config.timeouts.connectMs, ...(config.ca && { ca: trustedWith(config.ca) }) },
    {
      headersTimeout: config.timeouts.headersMs,
      bodyTimeout: config.timeouts.bodyMs,
      maxResponseSize: config.maxResponseBytes,
      // Per origin: this is the politeness cap towards the service under check.
      connections,
    },
  )
}
