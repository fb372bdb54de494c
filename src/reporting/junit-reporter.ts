// Vitest's JUnit reporter, which lists tests and files that failed to load but knows nothing of a
// run that failed outside them: an error nobody awaited, a selection that matched nothing, a
// rollout that never went live, a fleet on another build. Each of those becomes a failed test
// case of a suite named after the run, so a CI test tab shows the run red when it is.
import { join } from 'node:path'
import type { RunnerTestFile } from 'vitest'
import type { TestModule, Vitest } from 'vitest/node'
import { JUnitReporter } from 'vitest/node'
import { CHECKS_PROJECT } from '../config/suite.ts'
import { judgedRun, RUN_LEVEL } from './verdict-reporter.ts'

/** What JUnit reads of a module: a file task with no tests whose result failed (as a load error). */
function runFailure(root: string, code: string, message: string): TestModule {
  const task = {
    id: `smokecheck-${code}`,
    type: 'suite',
    mode: 'run',
    name: `smokecheck run: ${code}`,
    filepath: join(root, `smokecheck run: ${code}`),
    projectName: CHECKS_PROJECT,
    tasks: [],
    meta: {},
    result: { state: 'fail', errors: [{ name: code, message, stack: '' }] },
  } as unknown as RunnerTestFile
  Object.assign(task, { file: task })
  return { task } as unknown as TestModule
}

export default class SmokeJUnitReporter extends JUnitReporter {
  private vitest: Vitest | undefined

  override onInit(vitest: Vitest): Promise<void> {
    this.vitest = vitest
    return super.onInit(vitest)
  }

  override async onTestRunEnd(testModules: ReadonlyArray<TestModule>): Promise<void> {
    const judged = judgedRun(this.vitest)
    const root = this.vitest?.config.root ?? process.cwd()
    const extra = (judged?.verdict.problems ?? [])
      .filter((p) => p.code === 'UNHANDLED_ERROR' || RUN_LEVEL.includes(p.code))
      .map((p) => runFailure(root, p.code, p.message))
    await super.onTestRunEnd([...testModules, ...extra])
  }
}
