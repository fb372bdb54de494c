// The engine's internals these checks build on, from the form their `import … from 'smokecheck'`
// loads: its compiled JavaScript (dist/). A second copy from src/ would make responses and
// errors the first copy's matchers do not recognise as their own.
import { join } from 'node:path'
import { ENGINE_DIST } from '../../src/config/engine-build.ts'
import type * as Client from '../../src/http/client.ts'
import type * as Timing from '../../src/http/timing.ts'

const compiled = (path: string) => import(join(ENGINE_DIST, path))

export const { createHttpClient } = (await compiled('http/client.js')) as typeof Client
export const { timedConnector } = (await compiled('http/timing.js')) as typeof Timing
