import { check, expect, probeTcp } from 'smokecheck'

check(
  'ports that must stay private are closed to the public',
  { tags: ['network', 'security'] },
  async ({ config, skip }) => {
    // The database, Redis, an admin port: reachable from here means reachable from anywhere.
    const ports = config.closedPorts
    if (ports.length === 0) skip('SMOKE_CLOSED_PORTS names no ports that must be closed here')
    const host = new URL(config.baseUrl).hostname.replace(/^\[|\]$/g, '')
    const timeoutMs = config.timeouts.connectMs
    const probes = await Promise.all(ports.map((port) => probeTcp(host, port, { timeoutMs })))
    for (const probe of probes) expect.soft(probe).toBeClosed()
  },
)
