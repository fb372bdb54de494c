// The Vitest projects that run checks: one per service and environment (src/config/targets.ts),
// told apart from a team's other projects by what defineSmokeConfig provides to them.
import type { TestModule, TestProject, Vitest } from 'vitest/node'
import type { TargetInfo } from '../config/targets.ts'

export function targetInfo(project: TestProject): TargetInfo | undefined {
  return (project.config.provide as { smokecheckTarget?: TargetInfo } | undefined)?.smokecheckTarget
}

export const targetProjects = (vitest: Vitest): TestProject[] =>
  vitest.projects.filter((project) => targetInfo(project) !== undefined)

export const ofTargets = (modules: readonly TestModule[]): TestModule[] =>
  modules.filter((module) => targetInfo(module.project) !== undefined)

/** A run of several services names the one each line is about. */
export const severalServices = (vitest: Vitest | undefined): boolean =>
  Boolean(vitest && targetProjects(vitest).some((project) => targetInfo(project)?.service))
