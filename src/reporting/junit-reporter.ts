// Vitest's JUnit reporter, as a CI test tab reads it. A tab shows a failure's `message` attribute
// on one line: it gets the failure's one-sentence headline, and the body keeps the whole evidence
// (exchange, phases, curl line). A skipped check says why in its `<skipped message>`, each check
// carries its tags as properties, each suite the environment and target, and no colour code
// reaches the XML. The run's failures outside its checks come in as failed modules
// (run-failures.ts), so a CI test tab shows the run red when it is.
import { stripVTControlCharacters } from 'node:util'
import type { RunnerTask as Task, TestAnnotation } from 'vitest'
import type { TestModule, Vitest } from 'vitest/node'
import { JUnitReporter } from 'vitest/node'
import { errorHeadline } from '../http/errors.ts'
import { redact } from '../redaction/redact.ts'
import { withRunFailures } from './run-failures.ts'
import { severalServices } from './target-projects.ts'
import { skipReasonOf } from './verdict.ts'

type Attributes = Record<string, unknown>
type Children = () => Promise<void>
const nothing: Children = async () => {}
const property = (type: string, message: string) => ({ type, message }) as TestAnnotation

interface Suite {
  /** `api:staging › `, in a run of several services: a CI tab groups by suite and class name. */
  prefix: string
  properties: TestAnnotation[]
}

function suiteOf(module: TestModule, several: boolean): Suite {
  // Absent when no check file matched, and for a failure outside the files (run-failures.ts).
  const config = typeof module.meta === 'function' ? module.meta().smokecheckRun?.config : undefined
  return {
    prefix: several && config ? `${module.project.name} › ` : '',
    // Not a task's, so the redacting reporter has not seen them: a base URL may carry credentials.
    properties: config
      ? [
          ...(config.service ? [property('service', config.service)] : []),
          property('environment', config.environment),
          property('target', redact(config.baseUrl)),
        ]
      : [],
  }
}

export default class SmokeJUnitReporter extends JUnitReporter {
  private vitest: Vitest | undefined
  /** The test case being written: its skip reason goes into the element Vitest writes for it. */
  private skipReason: string | undefined
  /** The test suites as Vitest writes them, one a file, in its order: what each one is about. */
  private suites: Suite[] = []
  private writing: Suite | undefined

  override onInit(vitest: Vitest): Promise<void> {
    this.vitest = vitest
    return super.onInit(vitest)
  }

  override async writeElement(name: string, attrs: Attributes, children: Children): Promise<void> {
    if (name === 'failure') {
      const message = stripVTControlCharacters(String(attrs.message ?? ''))
      const headline = `${this.writing?.prefix ?? ''}${errorHeadline({ message })}`
      return super.writeElement(name, { ...attrs, message: headline }, children)
    }
    if (name === 'testcase' && this.skipReason !== undefined) {
      const message = this.skipReason
      return super.writeElement(name, attrs, async () => {
        await super.writeElement('skipped', { message }, nothing)
        await children()
      })
    }
    if (name === 'testsuite') {
      this.writing = this.suites.shift()
      const { prefix = '', properties = [] } = this.writing ?? {}
      return super.writeElement(name, { ...attrs, name: `${prefix}${attrs.name}` }, async () => {
        if (properties.length) await this.writeProperties(properties)
        await children()
      })
    }
    return super.writeElement(name, attrs, children)
  }

  private async writeProperties(list: readonly TestAnnotation[]): Promise<void> {
    await super.writeElement('properties', {}, async () => {
      for (const { type, message } of list)
        await super.writeElement('property', { name: type, value: message }, nothing)
    })
  }

  /**
   * One test case at a time, each as Vitest writes it with the check's tags ahead of its
   * annotations, and a skipped one's reason in the `<skipped>` element written here instead.
   */
  override async writeTasks(tasks: Task[], filename: string): Promise<void> {
    for (const task of tasks) {
      const skipped = task.mode === 'skip' || task.mode === 'todo'
      this.skipReason = skipped
        ? stripVTControlCharacters(skipReasonOf((task.result as { note?: string } | undefined)?.note))
        : undefined
      const shown =
        task.type === 'test'
          ? {
              ...task,
              mode: skipped ? 'run' : task.mode,
              annotations: [
                ...(task.tags ?? []).map((tag) => property('tag', tag)),
                ...task.annotations.map((a) => ({ ...a, message: stripVTControlCharacters(a.message) })),
              ],
            }
          : task
      await super.writeTasks([shown as Task], `${this.writing?.prefix ?? ''}${filename}`)
    }
    this.skipReason = undefined
  }

  override async onTestRunEnd(testModules: ReadonlyArray<TestModule>): Promise<void> {
    const modules = withRunFailures(this.vitest, testModules)
    // Each file's own run, stamped by the verdict reporter (a merged report's, by its shard).
    this.suites = modules.map((module) => suiteOf(module, severalServices(this.vitest)))
    await super.onTestRunEnd(modules)
  }
}
