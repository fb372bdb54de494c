import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../src/config/errors.ts'
import { listEnvironments, loadConfig } from '../../src/config/load.ts'
import { tempFolder } from '../support/temp-folder.ts'

function project(files: Record<string, string>): string {
  const root = tempFolder('config')
  mkdirSync(join(root, 'environments'))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, 'environments', name), text)
  return root
}

const BASE = {
  'local.env': 'SMOKE_LATENCY_BUDGET_MS=900\n',
  'staging.env': '# staging\nSMOKE_BASE_URL=https://staging.example.com/\nSMOKE_MAX_CONNECTIONS=4\n',
  'production.env': 'SMOKE_BASE_URL=\n',
}

function failure(env: NodeJS.ProcessEnv, files: Record<string, string> = BASE): ConfigError {
  try {
    loadConfig({ root: project(files), env })
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return error as ConfigError
  }
  throw new Error('expected the configuration to be refused')
}

describe('loadConfig', () => {
  it('defaults to the local environment, which may omit the base URL', () => {
    const config = loadConfig({ root: project(BASE), env: {} })
    expect(config).toMatchObject({
      environment: 'local',
      local: true,
      baseUrl: undefined,
      latencyBudgetMs: 900,
    })
    expect(config.timeouts).toEqual({ connectMs: 3000, headersMs: 5000, bodyMs: 5000, requestMs: 10000 })
  })

  it('layers the file, the git-ignored .local.env and the process environment, later winning', () => {
    const root = project({
      ...BASE,
      'staging.local.env': 'SMOKE_TOKEN=from-local-file\nSMOKE_MAX_CONNECTIONS=2\n',
    })
    const config = loadConfig({ root, env: { SMOKE_ENV: 'staging', SMOKE_MAX_CONNECTIONS: '3' } })
    expect(config).toMatchObject({
      environment: 'staging',
      baseUrl: 'https://staging.example.com',
      token: 'from-local-file',
      maxConnections: 3,
    })
  })

  it('takes the check files, the reports folder and the check timeout from the files too', () => {
    const root = project({
      ...BASE,
      'local.env':
        'SMOKE_CHECKS=checks/health.check.ts\nSMOKE_REPORTS_DIR=out\nSMOKE_CHECK_TIMEOUT_MS=9000\n',
    })
    expect(loadConfig({ root, env: {} })).toMatchObject({
      checks: 'checks/health.check.ts',
      reportsDir: 'out',
      checkTimeoutMs: 9000,
    })
    // An empty value is no value: the default folder, not the project's root.
    expect(loadConfig({ root, env: { SMOKE_REPORTS_DIR: '' } }).reportsDir).toBe('reports')
  })

  it('lists the environments, leaving out the .local.env secrets files', () => {
    expect(listEnvironments(join(project({ ...BASE, 'staging.local.env': '' }), 'environments'))).toEqual([
      'local',
      'production',
      'staging',
    ])
  })

  it.each([
    {
      case: 'an unknown environment',
      env: { SMOKE_ENV: 'nope' },
      says: ['SMOKE_ENV', '"nope"', 'environments/nope.env', 'local, production, staging'],
    },
    {
      case: 'a base URL that is not http(s)',
      env: { SMOKE_ENV: 'staging', SMOKE_BASE_URL: 'ftp://files.example.com' },
      says: [
        'SMOKE_BASE_URL',
        'the process environment',
        '"ftp://files.example.com"',
        'absolute http(s) URL',
      ],
    },
    {
      case: 'a relative base URL',
      env: { SMOKE_ENV: 'staging', SMOKE_BASE_URL: 'staging.example.com' },
      says: ['SMOKE_BASE_URL', '"staging.example.com"', 'absolute http(s) URL'],
    },
    {
      case: 'a base URL with credentials in it',
      env: { SMOKE_ENV: 'staging', SMOKE_BASE_URL: 'https://user:pw@staging.example.com' },
      says: ['SMOKE_BASE_URL', 'credentials do not belong in the URL'],
    },
    {
      case: 'a threshold that is not a number',
      env: { SMOKE_LATENCY_BUDGET_MS: 'fast' },
      says: ['SMOKE_LATENCY_BUDGET_MS', '"fast"', 'positive whole number of milliseconds'],
    },
    {
      case: 'a negative timeout',
      env: { SMOKE_HEADERS_TIMEOUT_MS: '-5' },
      says: ['SMOKE_HEADERS_TIMEOUT_MS', '"-5"', 'positive whole number'],
    },
    {
      case: 'a typo of a known setting',
      env: { SMOKE_BASEURL: 'https://x.example.com' },
      says: ['SMOKE_BASEURL', 'unknown setting', 'SMOKE_BASE_URL (a typo?)'],
    },
    {
      case: 'an empty required value in production',
      env: { SMOKE_ENV: 'production' },
      says: [
        'SMOKE_BASE_URL',
        'environments/production.env (line 1)',
        'an empty value',
        'required outside local',
      ],
    },
  ])('refuses $case, naming the key, the source, the value and the expectation', ({ env, says }) => {
    const error = failure(env)
    for (const part of says) expect(error.message).toContain(part)
    expect(error.stack).toBe(`ConfigError: ${error.message}`)
  })

  it('names the file and line of a bad value and of an unknown key in an environment file', () => {
    const error = failure(
      { SMOKE_ENV: 'staging' },
      {
        ...BASE,
        'staging.env':
          'SMOKE_BASE_URL=https://s.example.com\nSMOKE_MAX_CONNECTONS=4\nSMOKE_ALLOW_MUTATIONS=maybe\n',
      },
    )
    expect(error.message).toContain('SMOKE_MAX_CONNECTONS in environments/staging.env (line 2)')
    expect(error.message).toContain('SMOKE_MAX_CONNECTIONS (a typo?)')
    expect(error.message).toContain(
      'SMOKE_ALLOW_MUTATIONS in environments/staging.env (line 3): received "maybe"',
    )
  })

  describe('an unknown SMOKE_* variable in the process environment', () => {
    const problem = (key: string, expected: string) =>
      `  - ${key} in the process environment: received an unknown setting; expected ${expected}`

    it.each([
      { key: 'SMOKE_BASEURL', meant: 'SMOKE_BASE_URL' },
      { key: 'SMOKE_EXPECT_VERSION', meant: 'SMOKE_EXPECTED_VERSION' },
    ])('refuses $key, naming $meant as the likely typo', ({ key, meant }) => {
      const error = failure({ SMOKE_ENV: 'staging', [key]: '1.8.3' })
      expect(error.message.split('\n')).toContain(problem(key, `${meant} (a typo?)`))
    })

    it('refuses one that resembles no setting, listing the known ones', () => {
      const error = failure({ SMOKE_VERSION: '1.8.3' })
      expect(error.message).toContain(
        problem(
          'SMOKE_VERSION',
          'one of the known settings: SMOKE_BASE_URL, SMOKE_TOKEN, SMOKE_EXPECTED_VERSION, ',
        ),
      )
    })

    it('is reported the way an unknown key in an environment file is, with its own source', () => {
      const inFile = failure({}, { ...BASE, 'local.env': 'SMOKE_DEPLOY_TARGET=blue\n' }).message
      const inProcess = failure({ SMOKE_DEPLOY_TARGET: 'blue' }).message
      expect(inProcess).toBe(inFile.replace('environments/local.env (line 1)', 'the process environment'))
    })

    it('reports every one, even empty, alongside the other problems', () => {
      const error = failure({ SMOKE_BASEURL: '', SMOKE_DEBUG: '1', SMOKE_RETRIES: 'many' })
      for (const key of ['SMOKE_BASEURL', 'SMOKE_DEBUG', 'SMOKE_RETRIES'])
        expect(error.message).toContain(`  - ${key} in the process environment: received `)
    })

    it('leaves alone SMOKE_ENV, which picks the file, and variables outside the prefix', () => {
      const env = { SMOKE_ENV: 'staging', SMOKEY: '1', SMOKECHECK_HOME: '/x', smoke_debug: '1', PATH: '/bin' }
      expect(loadConfig({ root: project(BASE), env }).environment).toBe('staging')
    })
  })

  it('never shows a secret value it refuses', () => {
    const error = failure({ SMOKE_TOKEN: 'short' })
    expect(error.message).toContain('SMOKE_TOKEN')
    expect(error.message).toContain('a secret value of 5 characters (not shown)')
    expect(error.message).not.toContain('short"')
  })
})
