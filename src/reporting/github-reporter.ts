// Vitest's github-actions reporter, with only the annotations worth a reviewer's attention.
// Every exchange is an annotation (the HTML report and JUnit show them all); printed as workflow
// commands, a healthy run would raise a notice per request, and a failing one an `error` per
// failed request ahead of the check's own failure, which GitHub then drops past its per-step
// limit. A warning (a flaky pass, a degraded dependency) is what stands out on its own.
//
// What failed the run outside any check (an error nobody awaited, nothing selected, the rollout,
// the fleet) is one `error` each, from the run's verdict: Vitest's own reporter annotates an
// unhandled error only when its stack points into a file, and knows nothing of the rest.
import { relative } from 'node:path'
import type { SerializedError, TestAnnotation } from 'vitest'
import { GithubActionsReporter, type TestCase, type TestModule } from 'vitest/node'
import { judgedRun, RUN_LEVEL } from './verdict-reporter.ts'

// https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
const property = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C')

export default class GitHubReporter extends GithubActionsReporter {
  override onTestCaseAnnotate(testCase: TestCase, annotation: TestAnnotation): void {
    if (annotation.type === 'warning') super.onTestCaseAnnotate(testCase, annotation)
  }

  override onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    _errors: ReadonlyArray<SerializedError>,
  ): void {
    super.onTestRunEnd(testModules, [])
    const root = this.ctx.config.root
    // Vitest annotates a file that failed to load only at a line of that file: a syntax error or
    // an undeclared tag has none.
    const located = new Set(
      testModules
        .filter((m) => m.errors().some((e) => e.stacks?.some((frame) => frame.file === m.moduleId)))
        .map((m) => relative(root, m.moduleId)),
    )
    for (const problem of judgedRun(this.ctx)?.verdict.problems ?? []) {
      const unlocated = problem.code === 'LOAD_FAILED' && !located.has(problem.file ?? '')
      if (problem.code !== 'UNHANDLED_ERROR' && !RUN_LEVEL.includes(problem.code) && !unlocated) continue
      const file = problem.file ? `file=${property(relative(root, problem.file) || problem.file)},` : ''
      this.ctx.logger.log(
        `\n::error ${file}title=${property(`smokecheck run: ${problem.code}`)}::${data(problem.message)}`,
      )
    }
  }
}
