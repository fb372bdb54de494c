// Listed first among the reporters, it scrubs every result before the others (console,
// JUnit, JSON, HTML, GitHub) read it: failure messages and diffs that echo a secret, skip
// notes, check names, annotations and artifacts written by hand, console output of the checks
// and errors thrown outside any check. Vitest calls the reporters one after another without
// waiting in between, so each hook here stays synchronous: it is done before the next begins.
//
// The reporters read Vitest's task objects, not the reported entities' copies, so those are
// what is scrubbed; the state API that reaches them is marked experimental (vitest is pinned).
import { readFileSync, writeFileSync } from 'node:fs'
import type {
  RunnerTask,
  SerializedError,
  TestAnnotation,
  TestArtifact,
  TestAttachment,
  UserConsoleLog,
} from 'vitest'
import type { Reporter, TestCase, TestModule, TestSuite, Vitest } from 'vitest/node'
import { REDACTED, redact } from '../redaction/redact.ts'
import { registerSecret } from '../redaction/secrets.ts'
import type { SecretArtifact } from '../redaction/share.ts'

const TEXT = new TextDecoder('utf-8', { fatal: true })

/** The text a body or file holds, or undefined when it is binary: there is nothing to read in it. */
function textOf(bytes: Uint8Array): string | undefined {
  try {
    return TEXT.decode(bytes)
  } catch {
    return undefined
  }
}

/**
 * An attachment's content is redacted as the text it is, not as its encoding: a base64 body
 * with a marker written into it would no longer decode. A file attachment is Vitest's own copy
 * by now (the HTML report copies it again later), so the copy is what is rewritten.
 */
function scrubAttachment(attachment: TestAttachment | undefined): void {
  if (!attachment) return
  if (typeof attachment.body === 'string' && attachment.bodyEncoding !== 'utf-8') {
    const text = textOf(Buffer.from(attachment.body, 'base64'))
    if (text !== undefined) attachment.body = Buffer.from(redact(text)).toString('base64')
  } else if (attachment.path && !/^https?:\/\//.test(attachment.path)) {
    const text = textOf(readFileSync(attachment.path))
    if (text !== undefined && redact(text) !== text) writeFileSync(attachment.path, redact(text))
  }
}

function scrub(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redact(value)
  if (value === null || typeof value !== 'object' || seen.has(value)) return value
  seen.add(value)
  const record = value as Record<string, unknown>
  for (const key of Object.keys(record)) record[key] = scrub(record[key], seen)
  return value
}

export default class RedactingReporter implements Reporter {
  private vitest: Vitest | undefined

  onInit(vitest: Vitest): void {
    this.vitest = vitest
  }

  private taskOf(entity: TestCase | TestSuite | TestModule): RunnerTask | undefined {
    return this.vitest?.state.idMap.get(entity.id)
  }

  onTestModuleCollected(testModule: TestModule): void {
    // Names can be built from the config: the earliest they can be scrubbed is when collected,
    // before any reporter prints one. The tasks carry full names too, hence the whole tree.
    scrub(this.taskOf(testModule))
    for (const entity of [...testModule.children.allSuites(), ...testModule.children.allTests()])
      Object.assign(entity, { name: redact(entity.name) })
  }

  onUserConsoleLog(log: UserConsoleLog): void {
    log.content = redact(log.content)
  }

  onTestCaseAnnotate(_testCase: TestCase, annotation: TestAnnotation): void {
    scrubAttachment(annotation.attachment)
    scrub(annotation)
  }

  onTestCaseArtifactRecord(testCase: TestCase, artifact: TestArtifact): void {
    if (artifact.type === 'smokecheck:secret') this.learn(testCase, artifact)
    else {
      for (const attachment of artifact.attachments ?? []) scrubAttachment(attachment)
      scrub(artifact)
    }
  }

  private learn(testCase: TestCase, artifact: SecretArtifact): void {
    void registerSecret(artifact.value)
    artifact.value = REDACTED
    const task = this.taskOf(testCase)
    if (task?.type === 'test') task.artifacts = task.artifacts.filter((a) => a !== artifact)
  }

  onTestCaseResult(testCase: TestCase): void {
    // The errors, the skip note and the meta are the very objects the other reporters will read.
    const task = this.taskOf(testCase)
    scrub(task?.result)
    scrub(task?.meta)
  }

  onTestSuiteResult(testSuite: TestSuite): void {
    // A failing beforeAll or afterAll.
    scrub(this.taskOf(testSuite)?.result)
  }

  onTestModuleEnd(testModule: TestModule): void {
    // Errors thrown outside any check (the module's top level) land here.
    scrub(this.taskOf(testModule)?.result)
  }

  onTestRunEnd(_modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    // A rejection nobody awaited: the console, the HTML report and GitHub print these objects
    // (message, stack, the name of the check that was running) after this hook.
    scrub(unhandledErrors)
  }
}
