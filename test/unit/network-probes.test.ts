// DNS with an injected resolver (nothing is queried), and the TCP states a loopback port cannot
// show (no answer, unreachable) with an injected socket.
import type { LookupAddress } from 'node:dns'
import { Socket } from 'node:net'
import { describe, expect, it } from 'vitest'
import { probeMatchers } from '../../src/assertions/probe-matchers.ts'
import { type Lookup, resolutionLine, resolveHost } from '../../src/probes/dns.ts'
import { probeTcp } from '../../src/probes/tcp.ts'

expect.extend(probeMatchers)

function fakeLookup(records: Record<string, string[]>): Lookup {
  return async (hostname) => {
    const addresses = records[hostname]
    if (addresses === undefined)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' })
    return addresses.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 }))
  }
}

const lookup = fakeLookup({
  'www.example.test': ['203.0.113.10', '2001:db8::10', '203.0.113.10'],
  'empty.example.test': [],
})

describe('resolveHost', () => {
  it('resolves through the injected lookup, without repeats', async () => {
    const resolution = await resolveHost('www.example.test', { lookup })
    expect(resolution).toMatchObject({ kind: 'dns', addresses: ['203.0.113.10', '2001:db8::10'] })
    expect(resolution).toResolve()
    expect(resolution).toResolve(['2001:db8::10', '203.0.113.10'])
  })

  it('fails a name that does not resolve, naming the reason', async () => {
    const resolution = await resolveHost('db.example.test', { lookup })
    expect(() => expect(resolution).toResolve()).toThrow(
      /^expected db\.example\.test to resolve, it does not: no such name \[ENOTFOUND\]\n\n {2}resolved: {2}\(nothing\) in [\d.]+ ms\n {2}reproduce: getent ahosts db\.example\.test$/,
    )
    const empty = await resolveHost('empty.example.test', { lookup })
    expect(() => expect(empty).toResolve()).toThrow(/to resolve, it resolves to no address/)
  })

  it('fails other addresses than the expected ones, saying which are missing and which are extra', async () => {
    const resolution = await resolveHost('www.example.test', { lookup })
    expect(() => expect(resolution).toResolve(['198.51.100.7', '2001:db8::10'])).toThrow(
      /^expected www\.example\.test to resolve to 198\.51\.100\.7, 2001:db8::10, it resolves to 203\.0\.113\.10, 2001:db8::10 \(missing 198\.51\.100\.7; unexpected 203\.0\.113\.10\)\n/,
    )
  })

  it('sums a resolution up in one line for the annotation, whatever the outcome', async () => {
    expect(resolutionLine(await resolveHost('www.example.test', { lookup }))).toMatch(
      /^DNS www\.example\.test → 203\.0\.113\.10, 2001:db8::10 in [\d.]+ ms$/,
    )
    expect(resolutionLine(await resolveHost('db.example.test', { lookup }))).toMatch(
      /^DNS db\.example\.test → no such name \[ENOTFOUND\] in [\d.]+ ms$/,
    )
    expect(resolutionLine(await resolveHost('empty.example.test', { lookup }))).toMatch(
      /^DNS empty\.example\.test → no address in [\d.]+ ms$/,
    )
  })

  it('refuses what is not a resolution', () => {
    expect(() => expect({ addresses: [] }).toResolve()).toThrow(/expected the result of resolveHost\(name\)/)
  })
})

describe('probeTcp on what a loopback port cannot show', () => {
  it('calls a port that never answers filtered, and filtered counts as closed to the public', async () => {
    const probe = await probeTcp('10.0.0.5', 5432, { timeoutMs: 50, connect: () => new Socket() })
    expect(probe).toMatchObject({ state: 'filtered', code: 'ETIMEDOUT' })
    expect(probe).toBeClosed()
    expect(() => expect(probe).toBeOpen()).toThrow(
      /^expected 10\.0\.0\.5:5432 to accept connections, but it is filtered: no answer within 50 ms\n\n {2}reproduce: nc -vz -w 1 10\.0\.0\.5 5432$/,
    )
  })

  it('calls an unreachable host filtered, and a probe that could not tell a failure', async () => {
    const failing = (code: string) => () => {
      const socket = new Socket()
      queueMicrotask(() => socket.emit('error', Object.assign(new Error(code), { code })))
      return socket
    }
    const unreachable = await probeTcp('10.0.0.5', 6379, { connect: failing('EHOSTUNREACH') })
    expect(unreachable.state).toBe('filtered')
    expect(unreachable).toBeClosed()
    const unknown = await probeTcp('db.example.test', 5432, { connect: failing('ENOTFOUND') })
    expect(unknown.state).toBe('error')
    // Not knowing is no proof that the port is closed.
    expect(() => expect(unknown).toBeClosed()).toThrow(
      /^expected db\.example\.test:5432 to be closed to the public, but it could not be probed \[ENOTFOUND\]/,
    )
  })
})
