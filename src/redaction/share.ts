// The channel from a check's worker to the reporters' process, for a secret first seen in the
// worker (one the service issued): the reporters redact with their own registry, so the value
// must reach it before anything a check logs, annotates or fails with. A test artifact is the
// channel Vitest gives from a test to the reporters, and recording one resolves once they have
// it; the redacting reporter registers the value and takes the artifact out before another
// reporter can read it. registerSecret (secrets.ts) decides when a value goes.
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

/** A SecretChannel through the check `task`, which must still be running. */
export function shareSecret(task: RunnerTestCase, value: string): Promise<unknown> {
  return recordArtifact(task, { type: 'smokecheck:secret', value })
}
