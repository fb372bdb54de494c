// Listed first among the reporters, it scrubs every result before the others (console,
// JUnit, JSON, HTML, GitHub) read it: failure messages and diffs that echo a secret,
// annotations written by hand, and console output of the checks.
import type { UserConsoleLog } from 'vitest'
import type { Reporter, TestCase, TestModule } from 'vitest/node'
import { redact } from '../redaction/redact.ts'

function scrub(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redact(value)
  if (value === null || typeof value !== 'object' || seen.has(value)) return value
  seen.add(value)
  const record = value as Record<string, unknown>
  for (const key of Object.keys(record)) record[key] = scrub(record[key], seen)
  return value
}

export default class RedactingReporter implements Reporter {
  onUserConsoleLog(log: UserConsoleLog): void {
    log.content = redact(log.content)
  }

  onTestCaseAnnotate(_testCase: TestCase, annotation: object): void {
    scrub(annotation)
  }

  onTestCaseResult(testCase: TestCase): void {
    // The errors and meta are the very objects the other reporters will read.
    const result = testCase.result()
    if (result.state === 'failed') scrub(result.errors)
    scrub(testCase.meta())
  }

  onTestModuleEnd(testModule: TestModule): void {
    // Errors thrown outside any check (a hook, the module's top level) land here.
    scrub(testModule.errors())
  }
}
