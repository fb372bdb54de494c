// The rollout gate: before any check, wait (bounded) until the service names the build CI just
// deployed, where the suite says it does (its `version` source). If it never does, the run
// reports that one root cause, and the checks that need the new build are skipped with it
// instead of failing one by one against the old one.
import { setTimeout as sleep } from 'node:timers/promises'
import { ConfigError } from '../config/errors.ts'
import { createAgent } from '../http/agent.ts'
import { createHttpClient } from '../http/client.ts'
import { errorHeadline } from '../http/errors.ts'
import {
  type ExpectedVersion,
  expectedLabel,
  readVersion,
  type SeenVersion,
  versionLabel,
  versionMismatch,
} from '../version/source.ts'
import type { ProvidedConfig, Rollout } from './provided.ts'

const POLL_EVERY_MS = 2_000
/**
 * Looks at the version source per poll, each on a new connection: behind a balancer, one look
 * sees one node, and a fleet half on the old build would pass now and then. All must agree.
 */
export const LOOKS_PER_POLL = 4

type Look = { ok: true; seen: SeenVersion } | { ok: false; problem: string }

/** What the looks of one poll saw: the build when all agree on the expected one, else why not. */
export function judgeLooks(
  looks: readonly Look[],
  path: string,
  expected: ExpectedVersion,
): { live: SeenVersion } | { problem: string } {
  const failed = looks.find((look): look is Extract<Look, { ok: false }> => !look.ok)
  if (failed) return { problem: failed.problem }
  const seen = looks.flatMap((look) => (look.ok ? [look.seen] : []))
  const stale = seen.filter((s) => versionMismatch(s, expected))
  const first = seen[0]
  if (!first) return { problem: `GET ${path} was not asked` }
  if (stale.length === 0) return { live: first }
  const builds = new Map<string, number>()
  for (const s of seen) builds.set(versionLabel(s), (builds.get(versionLabel(s)) ?? 0) + 1)
  if (builds.size === 1) return { problem: `GET ${path} still ${versionMismatch(first, expected)}` }
  const counts = [...builds].map(([label, n]) => `${label} on ${n} of ${seen.length} looks`).join(', ')
  return { problem: `GET ${path} served ${counts}: the fleet is mixed, expected ${expectedLabel(expected)}` }
}

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
  const start = Date.now()
  const deadline = start + config.rolloutTimeoutMs
  // Each look on a connection of its own, so that a balancer that keeps a connection on one
  // node cannot show the same node every time.
  const look = async (timeoutMs: number): Promise<Look> => {
    const agent = createAgent(config)
    const http = createHttpClient({
      config: { ...config, retries: 0 },
      baseUrl: config.baseUrl,
      dispatcher: agent,
    })
    try {
      const res = await http.get(source.path, { timeoutMs })
      const read = readVersion({ headers: res.headers, body: res.body }, source)
      return read.ok
        ? read
        : { ok: false, problem: `GET ${source.path} answered ${res.status} and ${read.problem}` }
    } catch (error) {
      return { ok: false, problem: errorHeadline(error) }
    } finally {
      await agent.close()
    }
  }
  let announced = false
  for (;;) {
    // No poll may run past the deadline; with a timeout of 0 the one poll gets the usual time.
    const left = deadline - Date.now()
    const timeoutMs = left > 0 ? Math.min(config.timeouts.requestMs, left) : config.timeouts.requestMs
    const looks: Look[] = []
    for (let i = 0; i < LOOKS_PER_POLL; i++) {
      const seen = await look(timeoutMs)
      looks.push(seen)
      if (!seen.ok) break
    }
    const judged = judgeLooks(looks, source.path, expected)
    if ('live' in judged) return { state: 'live', ...judged.live, waitedMs: Date.now() - start }
    const now = Date.now()
    if (now >= deadline) {
      return {
        state: 'not_live',
        reason: `${judged.problem}, after waiting ${((now - start) / 1000).toFixed(1)} s (SMOKE_ROLLOUT_TIMEOUT_MS=${config.rolloutTimeoutMs})`,
      }
    }
    // Said once, so a long wait in CI is not mistaken for a hang.
    if (!announced) {
      announced = true
      console.log(
        `smokecheck: waiting up to ${(config.rolloutTimeoutMs / 1000).toFixed(0)} s for the expected version (${judged.problem})`,
      )
    }
    // The last poll lands on the deadline, so the whole timeout is given.
    await sleep(Math.min(POLL_EVERY_MS, deadline - now))
  }
}
