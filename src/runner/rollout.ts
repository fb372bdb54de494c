// The rollout gate: before any check, wait (bounded) until /version names the build CI just
// deployed. If it never does, the run reports that one root cause, and the checks that need
// the new build are skipped with it instead of failing one by one against the old one.
import { setTimeout as sleep } from 'node:timers/promises'
import { Version } from '../../fixtures/schemas.ts'
import { versionMismatch } from '../assertions/service-matchers.ts'
import type { SmokeConfig } from '../config/load.ts'
import { createAgent } from '../http/agent.ts'
import { createHttpClient } from '../http/client.ts'
import { errorHeadline } from '../http/errors.ts'

export type Rollout =
  | { state: 'not_requested' }
  | { state: 'live'; version: string; commit: string; waitedMs: number }
  | { state: 'not_live'; reason: string }

const POLL_EVERY_MS = 2_000

/** Global setup calls it only when an expected version or commit is given. */
export async function awaitRollout(config: SmokeConfig & { baseUrl: string }): Promise<Rollout> {
  const expected = { version: config.expectedVersion, commit: config.expectedCommit }
  const agent = createAgent(config)
  const http = createHttpClient({
    config: { ...config, retries: 0 },
    baseUrl: config.baseUrl,
    dispatcher: agent,
  })
  const start = Date.now()
  const deadline = start + config.rolloutTimeoutMs
  let last = ''
  let announced = false
  try {
    for (;;) {
      // No poll may run past the deadline; with a timeout of 0 the one look gets the usual time.
      const left = deadline - Date.now()
      const timeoutMs = left > 0 ? Math.min(config.timeouts.requestMs, left) : config.timeouts.requestMs
      try {
        const seen = (await http.get('/version', { timeoutMs })).parse(Version)
        const mismatch = versionMismatch(seen, expected)
        if (!mismatch)
          return { state: 'live', version: seen.version, commit: seen.commit, waitedMs: Date.now() - start }
        last = `GET /version still ${mismatch}`
      } catch (error) {
        last = errorHeadline(error)
      }
      const now = Date.now()
      if (now >= deadline) {
        return {
          state: 'not_live',
          reason: `${last}, after waiting ${((now - start) / 1000).toFixed(1)} s (SMOKE_ROLLOUT_TIMEOUT_MS=${config.rolloutTimeoutMs})`,
        }
      }
      // Said once, so a long wait in CI is not mistaken for a hang.
      if (!announced) {
        announced = true
        console.log(
          `smokecheck: waiting up to ${(config.rolloutTimeoutMs / 1000).toFixed(0)} s for the expected version (${last})`,
        )
      }
      // The last poll lands on the deadline, so the whole timeout is given.
      await sleep(Math.min(POLL_EVERY_MS, deadline - now))
    }
  } finally {
    await agent.close()
  }
}
