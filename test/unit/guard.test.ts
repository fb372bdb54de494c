import { describe, expect, it } from 'vitest'
import { isLoopback, loadConfig } from '../../src/config/load.ts'
import { assertAllowed, RequestBudget } from '../../src/http/guard.ts'
import { ROOT } from '../support/run-checks.ts'

const config = (env: NodeJS.ProcessEnv) => loadConfig({ root: ROOT, env })

describe('the production guard in the local environment', () => {
  it.each(['http://127.0.0.1:8000', 'http://localhost:8000', 'http://[::1]:8000', 'http://api.localhost'])(
    'lets any method go to %s, on this machine',
    (url) => {
      expect(isLoopback(url)).toBe(true)
      const local = config({ SMOKE_BASE_URL: url })
      expect(local.local).toBe(true)
      expect(() => assertAllowed('DELETE', '/posts/1', false, local)).not.toThrow()
    },
  )

  it('lets any method go to the embedded demo service', () => {
    expect(config({}).local).toBe(true)
  })

  it('guards a base URL elsewhere, since SMOKE_ENV defaults to local', () => {
    // SMOKE_BASE_URL=https://www.example.com npm run smoke, with SMOKE_ENV forgotten.
    const remote = config({ SMOKE_BASE_URL: 'https://www.example.com' })
    expect(remote.environment).toBe('local')
    expect(remote.local).toBe(false)
    expect(() => assertAllowed('DELETE', '/posts/1', false, remote)).toThrow(
      'DELETE /posts/1 was not sent: in local against a service that is not on this machine, checks send only GET, HEAD and OPTIONS unless they declare { mutates: true } and the environment allows mutations',
    )
    expect(() => assertAllowed('GET', '/health', false, remote)).not.toThrow()
    const allowed = config({ SMOKE_BASE_URL: 'https://www.example.com', SMOKE_ALLOW_MUTATIONS: 'true' })
    expect(() => assertAllowed('DELETE', '/posts/1', true, allowed)).not.toThrow()
  })
})

describe('the request budget', () => {
  it("refuses the request past a worker's share, naming the run's budget", () => {
    const budget = new RequestBudget(2, 5)
    budget.take('GET', '/a')
    budget.take('GET', '/a')
    expect(() => budget.take('GET', '/a')).toThrow(
      "GET /a was not sent: this worker's share (2) of the run's budget of 5 requests (SMOKE_REQUEST_BUDGET) is used up",
    )
  })
})
