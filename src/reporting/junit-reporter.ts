// Vitest's JUnit reporter, told of the run's failures outside its checks (run-failures.ts), so a
// CI test tab shows the run red when it is.
import type { TestModule, Vitest } from 'vitest/node'
import { JUnitReporter } from 'vitest/node'
import { withRunFailures } from './run-failures.ts'

export default class SmokeJUnitReporter extends JUnitReporter {
  private vitest: Vitest | undefined

  override onInit(vitest: Vitest): Promise<void> {
    this.vitest = vitest
    return super.onInit(vitest)
  }

  override onTestRunEnd(testModules: ReadonlyArray<TestModule>): Promise<void> {
    return super.onTestRunEnd(withRunFailures(this.vitest, testModules))
  }
}
