// The rollout gate: before any check, wait (bounded) until /version names the build CI just
// deployed. If it never does, the run reports that one root cause, and the checks that need
// the new build are skipped with it instead of failing one by one against the old one.
import { setTimeout as sleep } from 'node:timers/promises'
import { Version } from '../../fixtures/schemas.ts'
import { versionMismatch } from '../assertions/service-matchers.ts'
import type { SmokeConfig } from '../config/load.ts'
import { createAgent } from '../http/agent.ts'
import { createHttpClient } from '../http/client.ts'

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
  let last = ''
  try {
    for (;;) {
      try {
        const seen = (await http.get('/version')).parse(Version)
        const mismatch = versionMismatch(seen, expected)
        if (!mismatch)
          return { state: 'live', version: seen.version, commit: seen.commit, waitedMs: Date.now() - start }
        last = `GET /version still ${mismatch}`
      } catch (error) {
        last = (error as Error).message.split('\n')[0] ?? String(error)
      }
      const waited = Date.now() - start
      if (waited + POLL_EVERY_MS > config.rolloutTimeoutMs) {
        return {
          state: 'not_live',
          reason: `${last}, after waiting ${(waited / 1000).toFixed(1)} s (SMOKE_ROLLOUT_TIMEOUT_MS=${config.rolloutTimeoutMs})`,
        }
      }
      await sleep(POLL_EVERY_MS)
    }
  } finally {
    await agent.close()
  }
}
