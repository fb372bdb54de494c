// Vitest's github-actions reporter, with only the annotations worth a reviewer's attention.
// Every exchange is an annotation (the HTML report and JUnit show them all); printed as workflow
// commands, a healthy run would raise a notice per request, and a failing one an `error` per
// failed request ahead of the check's own failure, which GitHub then drops past its per-step
// limit. A warning (a flaky pass, a degraded dependency) is what stands out on its own.
import type { TestAnnotation } from 'vitest'
import { GithubActionsReporter, type TestCase } from 'vitest/node'

export default class GitHubReporter extends GithubActionsReporter {
  override onTestCaseAnnotate(testCase: TestCase, annotation: TestAnnotation): void {
    if (annotation.type === 'warning') super.onTestCaseAnnotate(testCase, annotation)
  }
}
