// Which builds answered during the run. Behind a balancer, the rollout gate's looks may all land
// on the new node while the checks' requests land on both: every response that names its build
// (the suite's build header, or the version source's header) is counted against the expected
// version, so a fleet that is half old fails every run, with the count.
import type { Problem } from './verdict.ts'

export interface FleetEvidence {
  responseHeaders: Record<string, string>
}

export interface FleetJudgement {
  /** Responses that named a build. */
  named: number
  /** Responses per build named, most first. */
  builds: [string, number][]
  problem: Problem | undefined
}

export function judgeFleet(
  exchanges: readonly FleetEvidence[],
  headers: readonly string[],
  expectedVersion: string | undefined,
): FleetJudgement {
  const counts = new Map<string, number>()
  for (const exchange of exchanges) {
    const build = headers.map((name) => exchange.responseHeaders[name]).find(Boolean)
    if (build) counts.set(build, (counts.get(build) ?? 0) + 1)
  }
  const builds = [...counts].sort((a, b) => b[1] - a[1])
  const named = builds.reduce((sum, [, n]) => sum + n, 0)
  const others = builds.filter(([build]) => build !== expectedVersion)
  if (!expectedVersion || others.length === 0) return { named, builds, problem: undefined }
  const header = headers.join(' or ')
  const parts = others.map(([build, n]) => `${n} of ${named} responses came from ${build}`)
  return {
    named,
    builds,
    problem: {
      code: 'VERSION_MISMATCH',
      message: `${parts.join(', ')}, expected ${expectedVersion} (${header}; SMOKE_EXPECTED_VERSION)`,
    },
  }
}
