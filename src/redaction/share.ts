// A secret first seen in a check's worker (one the service issued) must reach the reporters'
// process before anything a check logs, annotates or fails with: the reporters redact with
// their own registry. A test artifact is the channel Vitest gives from a test to the reporters,
// and every check that sees the value waits until it has arrived; the redacting reporter
// registers the value and takes the artifact out before another reporter can read it.
import { type RunnerTestCase, recordArtifact, type TestArtifactBase } from 'vitest'

export interface SecretArtifact extends TestArtifactBase {
  type: 'smokecheck:secret'
  value: string
}

declare module 'vitest' {
  interface TestArtifactRegistry {
    'smokecheck:secret': SecretArtifact
  }
}

/** Shares in flight or done in this worker: each value goes to the reporters once. */
const shares = new Map<string, Promise<unknown>>()

/** Resolves once the reporters know the value; a share that failed is tried again next time. */
export function shareSecret(task: RunnerTestCase, value: string): Promise<unknown> {
  let share = shares.get(value)
  if (!share) {
    share = recordArtifact(task, { type: 'smokecheck:secret', value })
    shares.set(value, share)
    share.catch(() => shares.delete(value))
  }
  return share
}
