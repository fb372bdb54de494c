// The monitor: cycles on the schedule, one at a time, on the one Vitest instance; each check's
// outcome moves its state (check-state.ts), a transition becomes one alert queued for each sink,
// and after every cycle the state is saved, the history appended and the alerts sent without
// waiting for them. stop() lets the cycle under way finish (or be cut at its time limit), saves
// the state and waits for the webhooks' deliveries under way.
import { setTimeout as sleep } from 'node:timers/promises'
import type { Vitest } from 'vitest/node'
import type { SmokeConfig } from '../config/load.ts'
import { redact } from '../redaction/redact.ts'
import { type Alert, alertFor } from './alerts/alert.ts'
import { Delivery, type Sink } from './alerts/deliver.ts'
import { jsonSink } from './alerts/json-sink.ts'
import { slackSink } from './alerts/slack-sink.ts'
import { freshState, observe } from './check-state.ts'
import { type CycleResult, runCycle } from './cycle.ts'
import type { History, HistoryLine } from './history.ts'
import { MonitorMetrics } from './metrics.ts'
import { type Plan, Scheduler } from './scheduler.ts'
import { type MonitorState, saveState } from './state-file.ts'

export interface MonitorOptions {
  vitest: Vitest
  config: SmokeConfig
  service: string
  state: MonitorState
  statePath: string
  history: History
  log(line: string): void
}

export class Monitor {
  readonly metrics: MonitorMetrics
  private readonly scheduler: Scheduler
  private readonly deliveries: Delivery[]
  private readonly stopping = new AbortController()
  private cycles = 0

  constructor(private readonly options: MonitorOptions) {
    const { config, service, state } = options
    this.metrics = new MonitorMetrics({ service, environment: config.environment })
    for (const check of Object.values(state.checks)) this.metrics.setState(check)
    this.scheduler = new Scheduler(config.monitor.schedule, config.monitor.jitterPercent)
    const { json, slack } = config.monitor.webhooks
    const sinks: Sink[] = [...(json ? [jsonSink(json)] : []), ...(slack ? [slackSink(slack)] : [])]
    for (const sink of sinks) this.metrics.pendingAlerts(sink.name, state.outbox[sink.name].length)
    this.deliveries = sinks.map(
      (sink) =>
        new Delivery(sink, state.outbox[sink.name], {
          timeoutMs: config.monitor.webhookTimeoutMs,
          retries: config.monitor.webhookRetries,
          log: options.log,
          onAttempt: (name, outcome, pending) => {
            this.metrics.delivery(name, outcome, pending)
            if (outcome === 'sent') this.save()
          },
        }),
    )
  }

  get state(): MonitorState {
    return this.options.state
  }

  /**
   * Cycles until stop(), or one cycle of every check with `once` (a scheduled CI job that keeps
   * the state between its runs); resolves once the last cycle is over, the deliveries under way
   * are done and everything is saved.
   */
  async run({ once = false } = {}): Promise<void> {
    // Alerts a previous process could not deliver go first.
    this.flushAlerts()
    while (!this.stopping.signal.aborted) {
      const plan = this.scheduler.next()
      const wait = once ? 0 : plan.at - Date.now()
      if (wait > 0) await sleep(wait, undefined, { signal: this.stopping.signal }).catch(() => undefined)
      if (this.stopping.signal.aborted) break
      await this.cycle(plan)
      if (once) break
    }
    this.save()
    await Promise.all(this.deliveries.map((d) => d.close()))
    this.save()
  }

  stop(): void {
    this.stopping.abort()
  }

  private async cycle(plan: Plan): Promise<void> {
    const { vitest, config } = this.options
    const result = await runCycle(vitest, plan, config.monitor.cycleTimeoutMs)
    this.scheduler.ran(plan, result.startedAt.getTime())
    this.cycles += 1
    const lines = this.apply(result)
    this.options.history.append(lines)
    this.save()
    this.metrics.cycleEnded(result.result, result.durationMs)
    const failing = result.observations.filter((o) => o.outcome === 'fail').length
    this.options.log(
      `smokecheck monitor: cycle ${this.cycles} (${plan.tagsFilter ? [...plan.projects, ...plan.tagsFilter].join(' ') : 'every check'}) ${result.result} in ${result.durationMs} ms: ${result.observations.length - failing} ok, ${failing} failing`,
    )
    this.flushAlerts()
  }

  private apply(result: CycleResult): HistoryLine[] {
    const { config, service, state } = this.options
    const at = new Date()
    const thresholds = { failure: config.monitor.failureThreshold, success: config.monitor.successThreshold }
    const lines: HistoryLine[] = [
      {
        type: 'cycle',
        at: at.toISOString(),
        durationMs: result.durationMs,
        cut: result.result === 'cut',
        checks: result.observations.map(({ id, outcome, durationMs }) => ({ id, outcome, durationMs })),
      },
    ]
    for (const observation of result.observations) {
      const current = state.checks[observation.id] ?? freshState(observation, at)
      const next = observe(current, observation, thresholds, at)
      state.checks[observation.id] = next.state
      this.metrics.observed(observation, next.state)
      if (!next.transition) continue
      const { from, to, after } = next.transition
      lines.push({
        type: 'transition',
        at: at.toISOString(),
        id: after.id,
        name: after.name,
        from,
        to,
        since: after.since,
        cause: after.cause,
      })
      const alert = alertFor(
        next.transition,
        { service: observation.service ?? service, environment: config.environment, curl: observation.curl },
        at,
      )
      this.queue(alert)
    }
    return lines
  }

  private queue(alert: Alert): void {
    this.options.log(`smokecheck monitor: ${alert.text}`)
    for (const { sink } of this.deliveries) {
      this.state.outbox[sink.name].push(alert)
      this.metrics.pendingAlerts(sink.name, this.state.outbox[sink.name].length)
    }
  }

  private flushAlerts(): void {
    // Not awaited: a slow webhook never holds up the next cycle.
    for (const delivery of this.deliveries) void delivery.flush()
  }

  private save(): void {
    try {
      saveState(this.options.statePath, this.state)
    } catch (error) {
      this.options.log(
        `smokecheck monitor: the state could not be saved to ${this.options.statePath}: ${redact((error as Error).message)}`,
      )
    }
  }
}
