// The monitor's Prometheus metrics (/metrics), on a registry of its own: per check, success,
// state, duration, the phases of its last exchange under blackbox_exporter's names, failures in a
// row and the last success; and the monitor's own health (cycles, their duration, alerts sent and
// waiting, the process). Labels carry the service, the environment and the check's name and
// file, never a URL: the base URL is not the page's to publish.
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client'
import type { CheckState } from './check-state.ts'
import { type CheckObservation, PHASES } from './observations.ts'

const STATES: CheckState['state'][] = ['up', 'degraded', 'down']

/** Per check: name, help, and a label beyond the check's own. */
const CHECK_GAUGES = {
  success: ['smokecheck_check_success', 'Whether the check passed in its last cycle (1) or failed (0)'],
  state: ['smokecheck_check_state', 'The check’s state: 1 for the state it is in', 'state'],
  duration: ['smokecheck_check_duration_seconds', 'How long the check took in its last cycle'],
  phase: [
    'smokecheck_check_phase_duration_seconds',
    'Where the time of the check’s last exchange went, by phase (blackbox_exporter’s names)',
    'phase',
  ],
  failures: ['smokecheck_check_consecutive_failures', 'Failures in a row'],
  lastSuccess: [
    'smokecheck_check_last_success_timestamp_seconds',
    'When the check last passed, in seconds since the epoch',
  ],
} satisfies Record<string, [string, string, string?]>
const CHECK_LABELS = ['service', 'environment', 'check', 'file']

export class MonitorMetrics {
  readonly registry = new Registry()
  private readonly check = Object.fromEntries(
    Object.entries(CHECK_GAUGES).map(([key, [name, help, extra]]) => [
      key,
      new Gauge({
        name,
        help,
        labelNames: [...CHECK_LABELS, ...(extra ? [extra] : [])],
        registers: [this.registry],
      }),
    ]),
  ) as Record<keyof typeof CHECK_GAUGES, Gauge>
  private readonly cycles = new Counter({
    name: 'smokecheck_monitor_cycles_total',
    help: 'Cycles run, by how they ended',
    labelNames: ['result'],
    registers: [this.registry],
  })
  private readonly cycleDuration = new Gauge({
    name: 'smokecheck_monitor_cycle_duration_seconds',
    help: 'How long the last cycle took',
    registers: [this.registry],
  })
  private readonly lastCycle = new Gauge({
    name: 'smokecheck_monitor_last_cycle_timestamp_seconds',
    help: 'When the last cycle ended, in seconds since the epoch',
    registers: [this.registry],
  })
  private readonly alerts = new Counter({
    name: 'smokecheck_monitor_alert_deliveries_total',
    help: 'Webhook deliveries of alerts, by sink and outcome (a retry counts again)',
    labelNames: ['sink', 'outcome'],
    registers: [this.registry],
  })
  private readonly pending = new Gauge({
    name: 'smokecheck_monitor_alerts_pending',
    help: 'Alerts a sink has yet to take',
    labelNames: ['sink'],
    registers: [this.registry],
  })

  constructor(private readonly context: { service: string; environment: string }) {
    collectDefaultMetrics({ register: this.registry, prefix: 'smokecheck_monitor_' })
  }

  private labelsOf({ name, file, service }: { name: string; file: string; service?: string | undefined }) {
    return { ...this.context, ...(service && { service }), check: name, file }
  }

  /** A check's state: from the saved state at start too, so a restart does not blank the gauges. */
  setState(state: CheckState): void {
    const labels = this.labelsOf(state)
    for (const name of STATES) this.check.state.set({ ...labels, state: name }, name === state.state ? 1 : 0)
    this.check.failures.set(labels, state.streaks.fail)
    if (state.lastSuccessAt) this.check.lastSuccess.set(labels, Date.parse(state.lastSuccessAt) / 1000)
  }

  observed(observation: CheckObservation, state: CheckState): void {
    const labels = this.labelsOf(observation)
    this.check.success.set(labels, observation.outcome === 'fail' ? 0 : 1)
    if (observation.durationMs !== null) this.check.duration.set(labels, observation.durationMs / 1000)
    for (const name of PHASES) {
      const seconds = observation.phases[name]
      if (seconds !== undefined) this.check.phase.set({ ...labels, phase: name }, seconds)
    }
    this.setState(state)
  }

  cycleEnded(result: 'passed' | 'failed' | 'cut', durationMs: number): void {
    this.cycles.inc({ result })
    this.cycleDuration.set(durationMs / 1000)
    this.lastCycle.set(Date.now() / 1000)
  }

  delivery(sink: string, outcome: 'sent' | 'failed', pending: number): void {
    this.alerts.inc({ sink, outcome })
    this.pendingAlerts(sink, pending)
  }

  pendingAlerts(sink: string, pending: number): void {
    this.pending.set({ sink }, pending)
  }

  text(): Promise<string> {
    return this.registry.metrics()
  }

  get contentType(): string {
    return this.registry.contentType
  }
}
