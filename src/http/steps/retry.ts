// Repeats an attempt when src/http/retry.ts says it is safe and worth it, noting why each
// earlier attempt was not the answer. Every redirect hop gets the whole retry budget.
import { STATUS_CODES } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import type { SmokeConfig } from '../../config/load.ts'
import { decideRetry, type Outcome } from '../retry.ts'
import type { Reply, Step } from './pipeline.ts'

const outcomeOf = (reply: Reply): Outcome =>
  reply.kind === 'response'
    ? { status: reply.status, retryAfter: reply.headers['retry-after'] }
    : { errorCode: reply.failure.code }

const reasonOf = (reply: Reply): string =>
  reply.kind === 'response'
    ? `${reply.status} ${STATUS_CODES[reply.status] ?? ''}`.trim()
    : reply.failure.says

export const retry =
  (config: Pick<SmokeConfig, 'retryAfterCapMs'>): Step =>
  (next) =>
  async (call) => {
    const limits = { retries: call.retries, retryAfterCapMs: config.retryAfterCapMs }
    for (let attempt = 1; ; attempt++) {
      const reply = await next(call)
      const decision = decideRetry(call.method, attempt, outcomeOf(reply), limits)
      if (!decision.retry) {
        if (decision.why) call.trail.retries.push(decision.why)
        return reply
      }
      call.trail.attempts += 1
      call.trail.retries.push(reasonOf(reply))
      await sleep(decision.waitMs)
    }
  }
