// The settings of one service in one environment, in a suite of several: the environment's file,
// the service's own file, the .local.env of each, the process environment, and the service's own
// process variables, later winning; what belongs to one service refused for the whole run.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../src/config/errors.ts'
import { loadConfig, type SmokeConfig, selectedEnvironments } from '../../src/config/load.ts'
import { SuiteOptions } from '../../src/config/suite.ts'
import { targetsOf } from '../../src/config/targets.ts'
import { tempFolder } from '../support/temp-folder.ts'

const SERVICES = ['api', 'web-site']

function project(files: Record<string, string>): string {
  const root = tempFolder('services')
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, 'environments', name)), { recursive: true })
    writeFileSync(join(root, 'environments', name), text)
  }
  return root
}

const FILES = {
  'staging.env': 'SMOKE_MAX_CONNECTIONS=4\nSMOKE_LATENCY_BUDGET_MS=900\n',
  'staging/api.env': 'SMOKE_BASE_URL=https://api.staging.example.com\nSMOKE_LATENCY_BUDGET_MS=300\n',
  'staging/api.local.env': 'SMOKE_LATENCY_BUDGET_MS=250\n',
  'staging/web-site.env': 'SMOKE_BASE_URL=https://staging.example.com\n',
  'production.env': '',
  'production/api.env': 'SMOKE_BASE_URL=https://api.example.com\n',
}

const load = (service: string, env: NodeJS.ProcessEnv, files: Record<string, string> = FILES): SmokeConfig =>
  loadConfig({ root: project(files), env, environment: 'staging', service: { name: service, all: SERVICES } })

function refusal(service: string, env: NodeJS.ProcessEnv, files: Record<string, string> = FILES): string {
  try {
    load(service, env, files)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return (error as ConfigError).message
  }
  throw new Error('expected the configuration to be refused')
}

describe('the settings of one service', () => {
  it('layer the service’s files over the environment’s, and its own variables over the whole run’s', () => {
    const api = load('api', { SMOKE_LATENCY_BUDGET_MS: '200', SMOKE_API_TOKEN: 'api-secret-token' })
    expect(api).toMatchObject({
      service: 'api',
      environment: 'staging',
      baseUrl: 'https://api.staging.example.com',
      maxConnections: 4,
      latencyBudgetMs: 200,
      token: 'api-secret-token',
    })
    // A dash in the name is an underscore in the variable; the other service's token is not this one's.
    const web = load('web-site', {
      SMOKE_API_TOKEN: 'api-secret-token',
      SMOKE_WEB_SITE_LATENCY_BUDGET_MS: '700',
    })
    expect(web).toMatchObject({ baseUrl: 'https://staging.example.com', latencyBudgetMs: 700 })
    expect(web.token).toBeUndefined()
    expect(load('api', {}).latencyBudgetMs).toBe(250)
  })

  it('refuse a setting of one service given for the whole run, in a file or the process', () => {
    expect(refusal('api', { SMOKE_BASE_URL: 'https://elsewhere.example.com' })).toContain(
      'SMOKE_BASE_URL in the process environment: received a setting for the whole run; expected one per service, as the suite declares several: SMOKE_API_BASE_URL, SMOKE_WEB_SITE_BASE_URL in the process environment, or SMOKE_BASE_URL in environments/<environment>/<service>.env',
    )
    // An unset CI secret expands to an empty value: that is no setting at all.
    expect(load('api', { SMOKE_TOKEN: '', SMOKE_EXPECTED_COMMIT: '' }).token).toBeUndefined()
    const shared = refusal('api', {}, { ...FILES, 'staging.env': 'SMOKE_TOKEN=x\n' })
    expect(shared).toContain('bad configuration of service "api" for environment "staging"')
    expect(shared).toContain(
      'SMOKE_TOKEN in environments/staging.env (line 1): received a setting for the whole run',
    )
  })

  it('name the service’s file and variable when its base URL is missing', () => {
    const files = { ...FILES, 'staging/web-site.env': '' }
    expect(refusal('web-site', {}, files)).toContain(
      'SMOKE_BASE_URL in environments/staging/web-site.env or the process environment (SMOKE_WEB_SITE_BASE_URL): received nothing',
    )
    expect(refusal('api', { SMOKE_API_MAX_CONNECTION: '3' })).toContain(
      'SMOKE_API_MAX_CONNECTION in the process environment: received an unknown setting',
    )
  })
})

describe('the targets of a run', () => {
  const suite = SuiteOptions.parse({ services: { api: {}, 'web-site': { checks: 'web/**/*.check.ts' } } })

  it('are each service in each environment SMOKE_ENV names, in that order', () => {
    const root = project(FILES)
    const targets = targetsOf(suite, { root, env: { SMOKE_ENV: 'staging, production' } })
    expect(targets.map((t) => [t.name, t.suite.checks])).toEqual([
      ['api:staging', 'checks/api/**/*.check.ts'],
      ['web-site:staging', 'web/**/*.check.ts'],
      ['api:production', 'checks/api/**/*.check.ts'],
      ['web-site:production', 'web/**/*.check.ts'],
    ])
    expect(
      targetsOf(SuiteOptions.parse({}), { root, env: { SMOKE_ENV: 'staging' } }).map((t) => t.name),
    ).toEqual(['checks'])
  })

  it('refuse an environment that has no file, naming those that exist', () => {
    expect(() => selectedEnvironments({ root: project(FILES), env: { SMOKE_ENV: 'staging,prod' } })).toThrow(
      'SMOKE_ENV in the process environment: received "staging,prod" (there is no environments/prod.env); expected one of the environments that exist, or several separated by commas: production, staging',
    )
  })

  it('refuse a service name that cannot be a variable prefix', () => {
    const parsed = SuiteOptions.safeParse({ services: { API_v2: {} } })
    expect(parsed.success).toBe(false)
  })
})
