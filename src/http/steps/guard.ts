// Refusals before a byte is built: outside local only safe methods go out (UNSAFE_METHOD), and
// a check that asks for the token gets it only for the origin under check (NO_TOKEN when unset).
import type { SmokeConfig } from '../../config/load.ts'
import { SmokeError } from '../errors.ts'
import { assertAllowed } from '../guard.ts'
import type { Step } from './pipeline.ts'

export const guard =
  (config: Pick<SmokeConfig, 'environment' | 'local' | 'allowMutations'>): Step =>
  (next) =>
  (call) => {
    assertAllowed(call.method, call.url.pathname, call.mutates, config)
    return next(call)
  }

export class MissingTokenError extends SmokeError {
  override name = 'MissingTokenError'
  constructor() {
    super('NO_TOKEN', 'this check asks for auth, but SMOKE_TOKEN is not set for this environment')
  }
}

export const authorize =
  (token: string | undefined, origin: string): Step =>
  (next) =>
  (call) => {
    if (call.auth) {
      if (!token) throw new MissingTokenError()
      // Credentials never travel to another origin than the one under check.
      if (call.url.origin === origin) call.headers.authorization = `Bearer ${token}`
    }
    return next(call)
  }
