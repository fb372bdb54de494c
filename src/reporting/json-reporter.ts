// Vitest's JSON report (results.json), told of the run's failures outside its checks
// (run-failures.ts): its `success` would otherwise be true after an error nobody awaited.
import type { TestModule, Vitest } from 'vitest/node'
import { JsonReporter } from 'vitest/node'
import { withRunFailures } from './run-failures.ts'

export default class SmokeJsonReporter extends JsonReporter {
  private vitest: Vitest | undefined

  override onInit(vitest: Vitest): void {
    this.vitest = vitest
    super.onInit(vitest)
  }

  override onTestRunEnd(testModules: ReadonlyArray<TestModule>): Promise<void> {
    return super.onTestRunEnd(withRunFailures(this.vitest, testModules))
  }
}
