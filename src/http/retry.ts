// Retries only what is safe to repeat (GET, HEAD, OPTIONS), only for blips: a refused or
// reset connection, 429, and 5xx. Timeouts, TLS and size failures are findings, not blips,
// and a Retry-After beyond the cap is answered by failing now rather than waiting.
import type { SmokeConfig } from '../config/load.ts'
import type { FailureCode } from './codes.ts'
import { SAFE_METHODS } from './guard.ts'

// A body cut short by a closed connection is a blip like the close itself.
const BLIP_CODES = new Set<string>([
  'ECONNREFUSED',
  'ECONNRESET',
  'CONNECTION_CLOSED',
  'BODY_SHORTER_THAN_DECLARED',
] satisfies FailureCode[])
const BASE_DELAY_MS = 100

export type RetryConfig = Pick<SmokeConfig, 'retries' | 'retryAfterCapMs'>

export interface Outcome {
  status?: number
  retryAfter?: string
  /** The stable code of the failure (src/http/codes.ts). */
  errorCode?: string
}

export type RetryDecision = { retry: true; waitMs: number } | { retry: false; why?: string }

function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

export function decideRetry(
  method: string,
  attempt: number,
  outcome: Outcome,
  config: RetryConfig,
): RetryDecision {
  if (!SAFE_METHODS.has(method) || attempt > config.retries) return { retry: false }
  const retriable =
    outcome.status === undefined
      ? BLIP_CODES.has(outcome.errorCode ?? '')
      : outcome.status === 429 || (outcome.status >= 500 && outcome.status <= 599)
  if (!retriable) return { retry: false }
  const asked = retryAfterMs(outcome.retryAfter, Date.now())
  if (asked !== undefined && asked > config.retryAfterCapMs) {
    return {
      retry: false,
      why: `not retried: Retry-After asks for ${Math.round(asked / 1000)} s, more than the ${config.retryAfterCapMs} ms cap (SMOKE_RETRY_AFTER_CAP_MS)`,
    }
  }
  const backoff = BASE_DELAY_MS * 2 ** (attempt - 1) * (0.5 + Math.random())
  return { retry: true, waitMs: asked ?? backoff }
}
