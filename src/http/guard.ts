// Outside the local environment only safe methods go out, unless the check declares that
// it mutates and the environment allows it. The refusal happens before a byte is sent.
import { LOCAL_ENVIRONMENT } from '../config/defaults.ts'
import type { SmokeConfig } from '../config/load.ts'
import type { FailureCode } from './codes.ts'
import { SmokeError } from './errors.ts'

export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Refused before a byte was sent: an unsafe method outside local, or the budget is used up. */
export class MutationRefusedError extends SmokeError {
  override name = 'MutationRefusedError'
  constructor(code: Extract<FailureCode, 'UNSAFE_METHOD' | 'BUDGET_EXHAUSTED'>, message: string) {
    super(code, message)
  }
}

type GuardConfig = Pick<SmokeConfig, 'environment' | 'local' | 'allowMutations'>

export function assertAllowed(method: string, path: string, mutates: boolean, config: GuardConfig): void {
  if (SAFE_METHODS.has(method) || config.local) return
  // The local environment pointed at another machine is guarded like any other.
  const where =
    config.environment === LOCAL_ENVIRONMENT
      ? `in ${config.environment} against a service that is not on this machine`
      : `in ${config.environment}`
  const refused = `${method} ${path} was not sent: ${where}, checks send only GET, HEAD and OPTIONS`
  if (!mutates) {
    throw new MutationRefusedError(
      'UNSAFE_METHOD',
      `${refused} unless they declare { mutates: true } and the environment allows mutations`,
    )
  }
  if (!config.allowMutations) {
    throw new MutationRefusedError(
      'UNSAFE_METHOD',
      `${refused}; this check declares that it mutates, but SMOKE_ALLOW_MUTATIONS is false for ${config.environment}`,
    )
  }
}

// A loop in a check must not turn into a flood against the service. Each worker holds its share
// of the run's budget, so the workers together never send more than SMOKE_REQUEST_BUDGET.
export class RequestBudget {
  private used = 0
  constructor(
    private readonly limit: number,
    private readonly runBudget = limit,
  ) {}

  take(method: string, path: string): void {
    this.used += 1
    if (this.used > this.limit) {
      const used =
        this.limit < this.runBudget
          ? `this worker's share (${this.limit}) of the run's budget of ${this.runBudget} requests (SMOKE_REQUEST_BUDGET) is used up`
          : `the run's budget of ${this.runBudget} requests (SMOKE_REQUEST_BUDGET) is used up`
      throw new MutationRefusedError('BUDGET_EXHAUSTED', `${method} ${path} was not sent: ${used}`)
    }
  }
}
