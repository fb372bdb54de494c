// What the global setup hands to the check workers through Vitest's provide/inject. Only
// this channel carries the config: `test.env` would be written into the HTML report.
import type { SmokeConfig } from '../config/load.ts'
import type { Suite } from '../config/suite.ts'
import type { TargetInfo } from '../config/targets.ts'
import type { ContractDrift } from '../contract/drift-record.ts'
import type { Exchange } from '../http/exchange.ts'
import type { SampleSummary } from '../http/sample.ts'
import type { VersionSource } from '../version/source.ts'

/** Whether the expected build went live before the checks started (src/runner/rollout.ts decides). */
export type Rollout =
  | { state: 'not_requested' }
  | { state: 'live'; version: string; commit?: string | undefined; waitedMs: number }
  | { state: 'not_live'; reason: string }

export type ProvidedConfig = SmokeConfig & {
  baseUrl: string
  /**
   * Each worker's share of the run's politeness limits, so that all workers together keep to
   * SMOKE_MAX_CONNECTIONS and SMOKE_REQUEST_BUDGET.
   */
  perWorker: { connections: number; requests: number }
  /** Where the service names its build (the suite's `version`), when the suite says. */
  versionSource: VersionSource | undefined
  /** The header that names the build on every answer, when the suite says. */
  buildHeader: string | undefined
  /** The suite's contract for every exchange, a file as an absolute path; none when the suite names none. */
  contract: { path: string } | { file: string } | undefined
}

declare module 'vitest' {
  interface ProvidedContext {
    /** The suite's options, from defineSmokeConfig. */
    smokecheckSuite: Suite
    /** Which service in which environment the project checks (src/config/targets.ts). */
    smokecheckTarget: TargetInfo
    smokecheck: ProvidedConfig
    /** Whether the expected version went live before the checks started. */
    rollout: Rollout
    /** The service's OpenAPI document against the one kept by the last full run; `off` without a suite contract. */
    contractDrift: ContractDrift
  }
  interface TaskMeta {
    /** Every HTTP exchange of the check, redacted: the run record and reports read it. */
    exchanges?: Exchange[]
    /** Every http.sample(...) of the check, summarised. */
    samples?: SampleSummary[]
    /** `false`: this check's exchanges are not held to the suite's contract (`{ meta: { contract: false } }`). */
    contract?: boolean
  }
}
