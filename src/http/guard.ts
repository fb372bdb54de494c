// Outside the local environment only safe methods go out, unless the check declares that
// it mutates and the environment allows it. The refusal happens before a byte is sent.
import type { SmokeConfig } from '../config/load.ts'

export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS'])

export class MutationRefusedError extends Error {
  override name = 'MutationRefusedError'
}

type GuardConfig = Pick<SmokeConfig, 'environment' | 'local' | 'allowMutations'>

export function assertAllowed(method: string, path: string, mutates: boolean, config: GuardConfig): void {
  if (SAFE_METHODS.has(method) || config.local) return
  const refused = `${method} ${path} was not sent: in ${config.environment}, checks send only GET, HEAD and OPTIONS`
  if (!mutates) {
    throw new MutationRefusedError(
      `${refused} unless they declare { mutates: true } and the environment allows mutations`,
    )
  }
  if (!config.allowMutations) {
    throw new MutationRefusedError(
      `${refused}; this check declares that it mutates, but SMOKE_ALLOW_MUTATIONS is false for ${config.environment}`,
    )
  }
}

// A loop in a check must not turn into a flood against the service.
export class RequestBudget {
  private used = 0
  constructor(private readonly limit: number) {}

  take(method: string, path: string): void {
    this.used += 1
    if (this.used > this.limit) {
      throw new MutationRefusedError(
        `${method} ${path} was not sent: this worker has used its budget of ${this.limit} requests (SMOKE_REQUEST_BUDGET)`,
      )
    }
  }
}
