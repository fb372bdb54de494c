// What one run checks: each service of the suite in each environment SMOKE_ENV names, a Vitest
// project each (`api:staging`, Playwright's convention), so that --project, the UI, watch mode
// and shards work as Vitest users expect. A suite of one service is one project, `checks`.
import { join } from 'node:path'
import { type LoadOptions, type ServiceSelection, selectedEnvironments } from './load.ts'
import { CHECKS_PROJECT, type Suite } from './suite.ts'

export interface Target {
  /** The Vitest project: `checks`, or `service:environment`. */
  name: string
  /** The suite as this service sees it: its own options over the suite's. */
  suite: Suite
  /** Absent in a suite of one service, whose environment SMOKE_ENV names alone. */
  environment?: string
  service?: ServiceSelection
}

export function targetsOf(suite: Suite, options: Omit<LoadOptions, 'service' | 'environment'>): Target[] {
  const { services, ...shared } = suite
  if (!services) return [{ name: CHECKS_PROJECT, suite }]
  const all = Object.keys(services)
  return selectedEnvironments(options).flatMap((environment) =>
    Object.entries(services).map(([name, own]) => ({
      name: `${name}:${environment}`,
      suite: { ...shared, checks: `checks/${name}/**/*.check.ts`, ...own },
      environment,
      service: { name, all },
    })),
  )
}

/** What the global setup and the reports are told of the project's target. */
export interface TargetInfo {
  name: string
  environment?: string | undefined
  service?: ServiceSelection | undefined
}

export const targetOf = ({ name, environment, service }: Target): TargetInfo => ({
  name,
  environment,
  service,
})

/** Under the reports folder: a folder per service and environment, in a suite of several. */
export const TARGETS_DIR = 'targets'

/** Where one service in one environment keeps its record and its history: its own folder, in a suite of several. */
export function targetDir(dir: string, target: Pick<TargetInfo, 'service' | 'environment'>): string {
  return target.service && target.environment
    ? join(dir, TARGETS_DIR, target.service.name, target.environment)
    : dir
}
