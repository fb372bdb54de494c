// What Vitest's file-based reports (JUnit, its JSON) know nothing of: a run that failed outside
// its checks (an error nobody awaited, a selection that matched nothing, a rollout that never
// went live, a fleet on another build, a report that could not be written). Each such problem
// becomes a module that failed to load, named after the run, which those reports count as a
// failure without being taught anything new.
import { join } from 'node:path'
import type { RunnerTestFile } from 'vitest'
import type { TestModule, Vitest } from 'vitest/node'
import { CHECKS_PROJECT } from '../config/suite.ts'
import type { Problem } from './verdict.ts'
import { judgedRun, RUN_LEVEL } from './verdict-reporter.ts'

function runFailure(root: string, { code, message, target }: Problem): TestModule {
  const name = `smokecheck run: ${code}${target ? ` (${target})` : ''}`
  const task = {
    id: `smokecheck-${code}${target ? `-${target}` : ''}`,
    type: 'suite',
    mode: 'run',
    name,
    filepath: join(root, name),
    projectName: target ?? CHECKS_PROJECT,
    tasks: [],
    meta: {},
    result: { state: 'fail', errors: [{ name: code, message, stack: '' }] },
  } as unknown as RunnerTestFile
  Object.assign(task, { file: task })
  return { task } as unknown as TestModule
}

/** The run's modules, and one failed module for each problem of the run outside its checks. */
export function withRunFailures(
  vitest: Vitest | undefined,
  testModules: ReadonlyArray<TestModule>,
): TestModule[] {
  const root = vitest?.config.root ?? process.cwd()
  const extra = (judgedRun(vitest)?.verdict.problems ?? [])
    .filter((p) => p.code === 'UNHANDLED_ERROR' || RUN_LEVEL.includes(p.code))
    .map((p) => runFailure(root, p))
  return [...testModules, ...extra]
}
