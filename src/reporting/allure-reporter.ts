// Allure results for the reviewer's report (`npm run report`, allure-report.ts), written when
// SMOKE_ALLURE asks. allure-vitest's reporter names, orders and judges the checks; what a
// reviewer needs on top is already in each check's meta (its exchanges and samples) and
// annotations, so it is handed to allure-vitest as the runtime messages a check could have sent,
// all through the redaction: allure-vitest writes its files itself, past the redacting reporter.
import { type Label, Status, type StatusDetails, type TestResult } from 'allure-js-commons'
import type { RuntimeMessage } from 'allure-js-commons/sdk'
import AllureVitestReporter from 'allure-vitest/reporter'
import type { RunnerTask, RunnerTestCase } from 'vitest'
import { describeExchange, headlineOf } from '../http/describe.ts'
import type { Exchange } from '../http/exchange.ts'
import { type SampleSummary, sampleHeadline, sampleTable } from '../http/sample.ts'
import { redact } from '../redaction/redact.ts'
import { codeOf, type ErrorLike } from './verdict.ts'

declare module 'vitest' {
  interface TaskMeta {
    /** What allure-vitest's runtime sent from a check, and what this reporter adds to it. */
    allureRuntimeMessages?: RuntimeMessage[]
  }
}

/** The text line Allure's categories (allure-report.ts) match a failure's cause by. */
export const CAUSE_LINE = 'smokecheck cause:'

const text = (name: string, content: string, contentType = 'text/plain'): RuntimeMessage => ({
  type: 'attachment_content',
  data: {
    name: redact(name),
    content: Buffer.from(redact(content)).toString('base64'),
    encoding: 'base64',
    contentType,
    fileExtension: contentType === 'text/csv' ? '.csv' : '.txt',
  },
})

/** Allure's classic report shows a CSV attachment as a table, and Markdown as raw text. */
function latencyCsv(sample: SampleSummary): string {
  return sampleTable(sample)
    .split('\n')
    .filter((line) => line.startsWith('|') && !line.startsWith('| ---'))
    .map((line) =>
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim())
        .join(','),
    )
    .join('\n')
}

function exchangeStep(exchange: Exchange): RuntimeMessage[] {
  const start = Date.parse(exchange.timings.startedAt)
  return [
    { type: 'step_start', data: { name: redact(headlineOf(exchange)), start } },
    {
      type: 'step_metadata',
      data: {
        parameters: [
          { name: 'status', value: String(exchange.status ?? 'no response') },
          { name: 'attempts', value: String(exchange.attempts) },
        ],
      },
    },
    text('evidence', describeExchange(exchange)),
    text('curl', exchange.curl),
    {
      type: 'step_stop',
      // No usable answer is a broken step; whether the answer was the right one is the check's call.
      data: {
        stop: start + exchange.timings.totalMs,
        status: exchange.error ? Status.BROKEN : Status.PASSED,
      },
    },
  ]
}

function messagesOf(task: RunnerTestCase, environment: string): RuntimeMessage[] {
  const tags = task.tags ?? []
  // In a suite of several services, the check's project is `service:environment`: each its own.
  const [service, own] = (task.file.projectName ?? '').split(':')
  const labels: Label[] = [
    ...tags.map((tag) => ({ name: 'tag', value: tag })),
    { name: 'severity', value: tags.includes('critical') ? 'critical' : 'normal' },
    { name: 'environment', value: own ?? environment },
    ...(own && service ? [{ name: 'parentSuite', value: service }] : []),
  ]
  return [
    { type: 'metadata', data: { labels } },
    ...(task.meta.exchanges ?? []).flatMap(exchangeStep),
    ...(task.meta.samples ?? []).flatMap((sample) => [
      text(`latency ${sampleHeadline(sample)}`, latencyCsv(sample), 'text/csv'),
      text('latency (text)', sampleTable(sample)),
    ]),
  ]
}

/** The stable code of what failed the check (src/http/codes.ts), as the verdict groups causes. */
function causeOf(task: RunnerTestCase): string | undefined {
  return (
    codeOf(task.result?.errors?.[0] as ErrorLike | undefined) ??
    (task.meta.exchanges ?? []).flatMap((e) => e.code ?? []).at(-1)
  )
}

function detailsOf(task: RunnerTestCase, details: StatusDetails): StatusDetails {
  const state = task.result?.state
  // Vitest keeps the note of `skip(note)` on the result without typing it there.
  const note = (task.result as { note?: string } | undefined)?.note
  if (state === 'skip') return { ...details, message: note ?? 'skipped' }
  const warnings = (task.annotations ?? []).filter((a) => a.type === 'warning').map((a) => a.message)
  // A failure that needed a retry is a failure: the mark is for passes that were not plain.
  const flaky = state === 'pass' && warnings.some((w) => w.startsWith('flaky:'))
  const cause = state === 'fail' ? causeOf(task) : undefined
  return {
    ...details,
    ...(flaky ? { flaky: true, message: details.message ?? warnings.join('\n') } : {}),
    ...(cause ? { trace: `${details.trace ?? ''}\n\n${CAUSE_LINE} ${cause}` } : {}),
  }
}

function scrub<T>(value: T): T {
  return JSON.parse(redact(JSON.stringify(value))) as T
}

export default class SmokeAllureReporter extends AllureVitestReporter {
  private current: RunnerTestCase | undefined

  constructor(private readonly options: { resultsDir: string; environment: string }) {
    super({
      resultsDir: options.resultsDir,
      // Each matcher as a step with its received value in JSON: the exchanges' steps say it better.
      reportMatchers: false,
      listeners: [
        {
          beforeTestResultWrite: (result: TestResult) => {
            if (this.current) result.statusDetails = detailsOf(this.current, result.statusDetails)
            // Error messages and names were scrubbed by the redacting reporter already; this
            // catches what allure-vitest adds from elsewhere (host, thread, parameters).
            Object.assign(result, scrub(result))
          },
        },
      ],
    })
  }

  override handleTask(task: RunnerTask): void {
    if (task.type !== 'test') {
      super.handleTask(task)
      return
    }
    const own = task.meta.allureRuntimeMessages ?? []
    task.meta.allureRuntimeMessages = [...own, ...messagesOf(task, this.options.environment)]
    this.current = task
    try {
      super.handleTask(task)
    } finally {
      this.current = undefined
      // Other reporters read the same meta: they get it back as the check left it.
      if (own.length) task.meta.allureRuntimeMessages = own
      else delete task.meta.allureRuntimeMessages
    }
  }
}
