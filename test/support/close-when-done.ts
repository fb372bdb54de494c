// Closes what a test started once it is done with it. Inside a test that is when the test
// ends: an afterAll registered while a test runs would never run, and the server would leak.
import { afterAll, onTestFinished } from 'vitest'

export function closeWhenDone(close: () => Promise<unknown>): void {
  try {
    onTestFinished(async () => {
      await close()
    })
  } catch {
    afterAll(async () => {
      await close()
    })
  }
}
