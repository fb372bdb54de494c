// The rollout gate: before any check, wait (bounded) until the service names the build CI just
// deployed, where the suite says it does (its `version` source). If it never does, the run
// reports that one root cause, and the checks that need the new build are skipped with it
// instead of failing one by one against the old one.
import { setTimeout as sleep } from 'node:timers/promises'
import { ConfigError } from '../config/errors.ts'
import { createAgent } from '../http/agent.ts'
import { createHttpClient } from '../http/client.ts'
import { errorHeadline } from '../http/errors.ts'
import { readVersion, versionMismatch } from '../version/source.ts'
import type { ProvidedConfig } from './provided.ts'

export type Rollout =
  | { state: 'not_requested' }
  | { state: 'live'; version: string; commit?: string | undefined; waitedMs: number }
  | { state: 'not_live'; reason: string }

const POLL_EVERY_MS = 2_000

/** Global setup calls it only when an expected version or commit is given. */
export async function awaitRollout(config: ProvidedConfig): Promise<Rollout> {
  const source = config.versionSource
  if (!source)
    throw new ConfigError(config.environment, [
      {
        key: config.expectedVersion ? 'SMOKE_EXPECTED_VERSION' : 'SMOKE_EXPECTED_COMMIT',
        source: 'the settings',
        received: 'an expected build, and the suite does not say where the service names its build',
        expected:
          "a `version` source in defineSmokeConfig, such as { path: '/version', versionField: 'version' }",
      },
    ])
  if (config.expectedCommit && !source.commitField && !source.commitHeader)
    throw new ConfigError(config.environment, [
      {
        key: 'SMOKE_EXPECTED_COMMIT',
        source: 'the settings',
        received: `${JSON.stringify(config.expectedCommit)}, and the suite's version source reads no commit`,
        expected:
          'commitField or commitHeader in the version source of defineSmokeConfig, or no expected commit',
      },
    ])
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
        const res = await http.get(source.path, { timeoutMs })
        const read = readVersion({ headers: res.headers, body: res.body }, source)
        if (!read.ok) last = `GET ${source.path} answered ${res.status} and ${read.problem}`
        else {
          const mismatch = versionMismatch(read.seen, expected)
          if (!mismatch) return { state: 'live', ...read.seen, waitedMs: Date.now() - start }
          last = `GET ${source.path} still ${mismatch}`
        }
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
