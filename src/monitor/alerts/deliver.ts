// Sends a sink's alerts, oldest first, each POST with its own time limit and a few retries with
// backoff. An alert stays in the sink's outbox (saved with the monitor's state) until the sink
// accepted it: a webhook that is down is logged and tried again after the next cycle, and it
// never holds up a cycle. Every body is redacted before it leaves, whatever it holds.
import { setTimeout as sleep } from 'node:timers/promises'
import { Agent, request } from 'undici'
import { redact } from '../../redaction/redact.ts'
import type { Alert } from './alert.ts'

export interface Sink {
  name: 'json' | 'slack'
  /** A secret (registered as one by the settings): never logged. */
  url: string
  body(alert: Alert): unknown
}

export interface DeliveryOptions {
  timeoutMs: number
  retries: number
  /** The first wait between attempts; it doubles each time. */
  backoffMs?: number
  log(line: string): void
  /** After each attempt, with what is left to send: for the metrics, and to save the outbox. */
  onAttempt(sink: Sink['name'], outcome: 'sent' | 'failed', pending: number): void
}

export class Delivery {
  private readonly agent: Agent
  private running: Promise<void> | undefined

  constructor(
    readonly sink: Sink,
    /** Shared with the saved state: what is still to send. */
    private readonly outbox: Alert[],
    private readonly options: DeliveryOptions,
  ) {
    this.agent = new Agent({
      connect: { timeout: options.timeoutMs },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    })
  }

  get pending(): number {
    return this.outbox.length
  }

  /** Sends what waits, unless a sending is under way already; resolves when it is done. */
  flush(): Promise<void> {
    this.running ??= this.sendAll().finally(() => {
      this.running = undefined
    })
    return this.running
  }

  async close(): Promise<void> {
    await this.running
    await this.agent.close()
  }

  private async sendAll(): Promise<void> {
    while (this.outbox.length) {
      const alert = this.outbox[0] as Alert
      if (!(await this.sendWithRetries(alert))) return
      this.outbox.shift()
      this.options.onAttempt(this.sink.name, 'sent', this.outbox.length)
    }
  }

  private async sendWithRetries(alert: Alert): Promise<boolean> {
    const { retries, backoffMs = 500, log, onAttempt } = this.options
    for (let attempt = 0; attempt <= retries; attempt += 1) {
      if (attempt) await sleep(backoffMs * 2 ** (attempt - 1))
      const problem = await this.post(alert)
      if (!problem) return true
      onAttempt(this.sink.name, 'failed', this.outbox.length)
      const more = attempt < retries ? '; retrying' : '; kept, tried again after the next cycle'
      log(
        `smokecheck monitor: the ${this.sink.name} webhook refused the alert (attempt ${attempt + 1} of ${retries + 1}): ${problem}${more}`,
      )
    }
    return false
  }

  /** Undefined when the sink took the alert; otherwise why not. */
  private async post(alert: Alert): Promise<string | undefined> {
    try {
      const response = await request(this.sink.url, {
        method: 'POST',
        dispatcher: this.agent,
        headers: { 'content-type': 'application/json' },
        body: redact(JSON.stringify(this.sink.body(alert))),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      })
      await response.body.dump()
      return response.statusCode >= 200 && response.statusCode < 300
        ? undefined
        : `it answered ${response.statusCode}`
    } catch (error) {
      // The URL is a secret: undici's message may carry it, redaction takes it out.
      return redact((error as Error).message || String(error))
    }
  }
}
