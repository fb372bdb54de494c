// The local environment with no SMOKE_BASE_URL checks a service this machine starts: the
// module the suite names as its `localTarget` (the demo service, in the example suite).
import { randomBytes } from 'node:crypto'
import { resolve } from 'node:path'
import type { TestProject } from 'vitest/node'
import { ConfigError } from '../config/errors.ts'
import type { SmokeConfig } from '../config/load.ts'
import type { StartLocalTarget, Suite } from '../config/suite.ts'
import { registerSecret } from '../redaction/secrets.ts'

export async function startLocalTarget(project: TestProject, suite: Suite, config: SmokeConfig) {
  if (!suite.localTarget)
    throw new ConfigError(config.environment, [
      {
        key: 'SMOKE_BASE_URL',
        source: 'the settings',
        received: 'nothing, and the suite names no localTarget to start',
        expected: 'the URL of the service to check, or a localTarget in defineSmokeConfig',
      },
    ])
  // The service under check must know the token the checks send; when none is configured, one
  // made up for this run (and redacted like any secret).
  const token = config.token ?? randomBytes(18).toString('base64url')
  registerSecret(token)
  // Through the project's module runner: the suite's TypeScript, which the engine, compiled and
  // loaded by Node, could not import itself.
  const module = await project.import<{ default?: StartLocalTarget }>(
    resolve(project.config.root, suite.localTarget),
  )
  if (typeof module.default !== 'function')
    throw new ConfigError(
      config.environment,
      [
        {
          key: 'localTarget',
          source: 'defineSmokeConfig in vitest.config.ts',
          received: `${JSON.stringify(suite.localTarget)}, a module without a default export function`,
          expected:
            'a module whose default export starts the service: ({ token }) => Promise<{ url, close }>',
        },
      ],
      'suite options',
    )
  const started = await module.default({ token })
  return { url: started.url, name: started.name ?? 'the local target', token, close: () => started.close() }
}
