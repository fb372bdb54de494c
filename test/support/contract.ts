// The reference contract (design §6) as tests that any service honouring it must pass: the demo
// service (test/demo-service.test.ts) and the FastAPI example on uvicorn
// (test/integration/fastapi-contract.test.ts) run this same suite. Where the two may differ, the
// contract allows it and the test says so; anything else is a bug in the demo or the app.
import { Agent, request } from 'undici'
import { afterAll, describe, expect, it } from 'vitest'
import type { FaultName } from '../../examples/demo/faults.ts'
import { DEMO_VERSION } from './demo.ts'

export interface ContractTarget {
  url: string
  token: string
}

export interface ContractService {
  name: string
  /** Starts the service on a free loopback port; it is closed when the test ends. */
  start(fault?: FaultName): Promise<ContractTarget>
}

// A new connection per request: after an unhandled exception uvicorn closes the connection it
// answered on, and a reused socket would turn that into a reset the next test has to explain.
const agent = new Agent({ pipelining: 0 })

export async function call(target: ContractTarget, path: string, init: { method?: string } = {}) {
  const response = await request(`${target.url}${path}`, { dispatcher: agent, method: 'GET', ...init })
  const text = await response.body.text()
  const headers: Record<string, string | undefined> = {}
  for (const [name, value] of Object.entries(response.headers)) {
    headers[name] = Array.isArray(value) ? value.join(', ') : value
  }
  return { status: response.statusCode, headers, text, json: (): unknown => JSON.parse(text) }
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
}

/** The headers every answer of the application carries, errors and crashes included. */
export function expectAppHeaders(res: Awaited<ReturnType<typeof call>>): void {
  expect(res.headers).toMatchObject({ 'x-app-version': DEMO_VERSION, ...SECURITY_HEADERS })
}

export function describeContract({ name, start }: ContractService): void {
  afterAll(() => agent.close())

  describe(`${name} honours the reference contract`, () => {
    it('500: an unhandled exception answers text/plain, still with the version and security headers', async () => {
      const target = await start('500')
      for (const path of ['/health', '/api/posts', '/version', '/nope']) {
        const res = await call(target, path)
        expect(res.status).toBe(500)
        expect(res.headers['content-type']).toBe('text/plain; charset=utf-8')
        expect(res.text).toBe('Internal Server Error')
        expectAppHeaders(res)
      }
    })
  })
}
