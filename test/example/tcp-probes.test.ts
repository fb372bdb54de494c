// probeTcp against real loopback ports: one with a listener, one with nothing behind it.
import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import { probeMatchers } from '../../src/assertions/probe-matchers.ts'
import { probeTcp } from '../../src/probes/tcp.ts'
import { demo } from '../support/demo.ts'
import { runExampleChecks } from '../support/run-checks.ts'

expect.extend(probeMatchers)

async function listening(): Promise<{ port: number; close: () => Promise<void> }> {
  const server = createServer((socket) => socket.end())
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) }
}

describe('TCP probes on 127.0.0.1', () => {
  it('a listening port is open, and fails "closed to the public" saying so', async () => {
    const server = await listening()
    try {
      const probe = await probeTcp('127.0.0.1', server.port, { timeoutMs: 1000 })
      expect(probe).toMatchObject({ kind: 'tcp', state: 'open' })
      expect(probe).toBeOpen()
      expect(() => expect(probe).toBeClosed()).toThrow(
        new RegExp(
          `^expected 127\\.0\\.0\\.1:${server.port} to be closed to the public, but it is open: it accepted a TCP connection in [\\d.]+ ms\\n\\n {2}reproduce: nc -vz -w 1 127\\.0\\.0\\.1 ${server.port}$`,
        ),
      )
    } finally {
      await server.close()
    }
  })

  it('a port with nothing behind it is closed, and fails "open" saying it was refused', async () => {
    const server = await listening()
    await server.close()
    const probe = await probeTcp('127.0.0.1', server.port, { timeoutMs: 1000 })
    expect(probe).toMatchObject({ state: 'closed', code: 'ECONNREFUSED' })
    expect(probe).toBeClosed()
    expect(() => expect(probe).toBeOpen()).toThrow(
      /to accept connections, but it is closed: the host refused the connection \[ECONNREFUSED\]/,
    )
  })
})

describe('the closed-ports example check, against the demo service on 127.0.0.1', () => {
  const CHECK = 'ports that must stay private are closed to the public'
  const run = async (closedPorts: number[]) => {
    const { env } = await demo()
    const checks = { SMOKE_CHECKS: 'checks/network.check.ts', SMOKE_CLOSED_PORTS: closedPorts.join(',') }
    return (await runExampleChecks({ env: { ...env, ...checks } })).get(CHECK)
  }

  it('passes when nothing listens on the ports named', async () => {
    const { port, close } = await listening()
    await close()
    expect(await run([port])).toMatchObject({ state: 'passed', message: '' })
  })

  it('fails naming the port that accepts connections, and only that one', async () => {
    const open = await listening()
    const { port: closed, close } = await listening()
    await close()
    try {
      const outcome = await run([closed, open.port])
      expect(outcome.state).toBe('failed')
      expect(outcome.message).toMatch(
        new RegExp(
          `^expected 127\\.0\\.0\\.1:${open.port} to be closed to the public, but it is open: it accepted a TCP connection in [\\d.]+ ms\n`,
        ),
      )
      expect(outcome.message).not.toContain(`:${closed} `)
    } finally {
      await open.close()
    }
  })
})
