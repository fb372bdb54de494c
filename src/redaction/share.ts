// A secret first seen in a check's worker (one the service issued) must reach the reporters'
// process before anything the check logs, annotates or fails with: the reporters redact with
// their own registry. A test artifact is the channel Vitest gives from a test to the reporters,
// and the check waits until it has arrived; the redacting reporter registers the value and
// takes the artifact out before another reporter can read it.
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

export async function shareSecret(task: RunnerTestCase, value: string): Promise<void> {
  await recordArtifact(task, { type: 'smokecheck:secret', value })
}
