import { isIP } from 'node:net'
import { check, expect, resolutionLine, resolveHost } from 'smokecheck'

// Resolved the way the checks' own requests resolve it (getaddrinfo: /etc/hosts, then DNS), so a
// name that stopped resolving, or resolves nowhere, fails here with the resolver's reason.
check('the service host name resolves', { tags: ['network'] }, async ({ config, skip, annotate }) => {
  const host = new URL(config.baseUrl).hostname.replace(/^\[|\]$/g, '')
  if (isIP(host)) skip(`${host} is an IP address: there is no name to resolve`)
  const resolution = await resolveHost(host)
  await annotate(resolutionLine(resolution), 'dns')
  // To the addresses SMOKE_EXPECTED_ADDRESSES names, when it does: DNS pointing elsewhere fails.
  expect(resolution).toResolve(config.expectedAddresses)
})
