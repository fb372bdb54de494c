// What a suite tells the engine about itself and the service it checks, in its vitest.config.ts
// (defineSmokeConfig). Validated like the settings: a wrong value stops the run with one message
// naming the option, the value received and what was expected.
import { z } from 'zod'
import { headerName, VersionSource } from '../version/source.ts'
import { DEFAULT_CHECKS } from './defaults.ts'

/** The Vitest project that runs a suite's checks; the run record and the preflight look for it by name. */
export const CHECKS_PROJECT = 'checks'

/** An OpenAPI document: its path on the service, or a file relative to the project root. */
const ContractSource = z.union([
  z.strictObject({ path: z.string().startsWith('/') }),
  z.strictObject({ file: z.string().min(1) }),
])

/** A service's name: a project name part (`api:staging`) and a variable prefix (`SMOKE_API_TOKEN`). */
const serviceName = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and dashes, starting with a letter')

/** What is one service's own; a value left out is the suite's. */
export const ServiceOptions = z.strictObject({
  /** Glob of the service's check files; `checks/<service>/**\/*.check.ts` by default. */
  checks: z.string().min(1).optional(),
  version: VersionSource.optional(),
  buildHeader: headerName.optional(),
  localTarget: z.string().min(1).optional(),
  contract: ContractSource.optional(),
})
export type ServiceOptionsInput = z.input<typeof ServiceOptions>

export const SuiteOptions = z.strictObject({
  /** Glob of the check files, relative to the project root; SMOKE_CHECKS overrides it. */
  checks: z.string().min(1).default(DEFAULT_CHECKS),
  /** The folder of the `<name>.env` files, relative to the project root. */
  environments: z.string().min(1).default('environments'),
  /** Where the service says which build it runs: read by the rollout gate, toServeVersion and the run record. */
  version: VersionSource.optional(),
  /** The header that names the build on every answer: shown under every failure. */
  buildHeader: headerName.optional(),
  /**
   * A module (relative to the project root) whose default export starts the service on this
   * machine when the local environment names no SMOKE_BASE_URL: `(options: { token }) =>
   * Promise<{ url, close() }>`. Without it, the local environment needs a SMOKE_BASE_URL too.
   */
  localTarget: z.string().min(1).optional(),
  /**
   * The service's OpenAPI document as the contract of every exchange of every check: its path on
   * the service (`{ path: '/openapi.json' }`) or a file relative to the project root (`{ file }`).
   * A check opts out with `{ meta: { contract: false } }`.
   */
  contract: ContractSource.optional(),
  /**
   * The services the suite checks, by name, when it checks more than one: each service in each
   * environment SMOKE_ENV names is a Vitest project `service:environment`, with its own base URL,
   * token, CA, rollout, baseline and verdict (README, "Several services").
   */
  services: z.record(serviceName, ServiceOptions).optional(),
})
export type SuiteOptionsInput = z.input<typeof SuiteOptions>
export type Suite = z.output<typeof SuiteOptions>

/** What a local target module's default export does. */
export type StartLocalTarget = (options: {
  /** The token checks send with `auth: true`: SMOKE_TOKEN, or one made up for this run. */
  token: string
}) => Promise<{
  url: string
  close(): Promise<void>
  /** How the run's banner names it ("the embedded demo service"); "the local target" otherwise. */
  name?: string
}>
