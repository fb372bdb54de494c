// The reference contract against the real Python stack: the FastAPI example on uvicorn must pass
// the same contract tests as the TypeScript demo service (test/support/contract.ts).
import { describe, expect, it } from 'vitest'
import { call, describeContract } from '../support/contract.ts'
import { skipFastApi, startFastApi } from '../support/fastapi.ts'

describe.skipIf(skipFastApi())('the FastAPI example', () => {
  describeContract({ name: 'the FastAPI example', start: (fault) => startFastApi(fault) })

  it("500: the answer comes from a real exception, whose traceback only uvicorn's log shows", async () => {
    const target = await startFastApi('500')
    const res = await call(target, '/health')
    expect(res.status).toBe(500)
    expect(res.text).not.toContain('RuntimeError')
    await expect
      .poll(() => target.log())
      .toMatch(/Exception in ASGI application[\s\S]*RuntimeError: injected fault 500: GET \/health/)
  })
})
