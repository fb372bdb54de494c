// Reads environments/<name>.env, then the git-ignored <name>.local.env, then the process
// environment (later wins), and validates the result with the one Settings schema.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { parse } from 'dotenv'
import type { z } from 'zod'
import { registerSecret } from '../redaction/secrets.ts'
import { readCaFile } from './ca-file.ts'
import { LOCAL_ENVIRONMENT } from './defaults.ts'
import { ConfigError, type ConfigProblem } from './errors.ts'
import { Config, expectationOf, SECRET_KEYS, SETTING_KEYS, type SettingKey } from './settings.ts'
import { closestKey } from './typos.ts'

const PROCESS = 'the process environment'
const SELECTOR = 'SMOKE_ENV'
const KNOWN_KEYS: readonly string[] = [SELECTOR, ...SETTING_KEYS]

export interface LoadOptions {
  /** The project root; defaults to the working directory. */
  root?: string
  /** The folder of the environment files, relative to the root; defaults to `environments`. */
  environments?: string
  /** The process environment to read; defaults to `process.env`. */
  env?: NodeJS.ProcessEnv
  /** One of the environments SMOKE_ENV names; SMOKE_ENV itself when it names one. */
  environment?: string
  /** The service whose settings layer over the environment's, of a suite that declares several. */
  service?: ServiceSelection
}

/** A service of a suite's `services`, and all of them: the others' variables are no typos. */
export interface ServiceSelection {
  name: string
  all: readonly string[]
}

/**
 * Settings that belong to one service (where it is, its credentials, its build, its baseline):
 * in a suite of several services they are set per service, never for the whole run, so that
 * one service's token is never sent to another's host.
 */
export const SERVICE_KEYS: readonly SettingKey[] = [
  'SMOKE_BASE_URL',
  'SMOKE_TOKEN',
  'SMOKE_CA_FILE',
  'SMOKE_EXPECTED_VERSION',
  'SMOKE_EXPECTED_COMMIT',
  'SMOKE_BASELINE',
  'SMOKE_BASELINE_URL',
  'SMOKE_CHECKS',
]

/** `SMOKE_API_BASE_URL`: a setting of the service api, given in the process environment. */
export const serviceVariable = (service: string, key: SettingKey) =>
  `SMOKE_${service.toUpperCase().replaceAll('-', '_')}_${key.slice('SMOKE_'.length)}`

export type SmokeConfig = z.output<typeof Config> & {
  /** The environment's name, as chosen with SMOKE_ENV. */
  environment: string
  /** The service checked, in a suite that declares several (`services` in defineSmokeConfig). */
  service?: string
  /**
   * The local environment aimed at this machine (the embedded demo service, or a loopback base
   * URL): the only place where checks may send any method. `SMOKE_ENV` defaults to local, so a
   * base URL elsewhere keeps the production guard on even there.
   */
  local: boolean
  /** SMOKE_CA_FILE's certificates (PEM), trusted beside Node's own by the HTTP client and the TLS probe. */
  ca?: string
}

/** localhost, 127.0.0.0/8 or ::1: a target on this machine. */
export function isLoopback(url: string): boolean {
  const host = new URL(url).hostname.toLowerCase()
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '[::1]' ||
    /^127(\.\d{1,3}){3}$/.test(host)
  )
}

export function listEnvironments(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((f) => f.endsWith('.env') && !f.endsWith('.local.env'))
    .map((f) => f.slice(0, -'.env'.length))
    .sort()
}

interface Layer {
  source: string
  text: string
  values: Record<string, string>
  /** A service's own file (environments/<environment>/<service>.env). */
  service: boolean
}

function readLayer(path: string, root: string, service = false): Layer | undefined {
  if (!existsSync(path)) return undefined
  const text = readFileSync(path, 'utf8')
  return { source: relative(root, path), text, values: parse(text), service }
}

/** The one environment of a run that names one: loading several at once is the suite's (targets.ts). */
function only(names: string[], env: NodeJS.ProcessEnv): string {
  const [name] = names
  if (names.length === 1 && name) return name
  throw new ConfigError(names.join(','), [
    {
      key: SELECTOR,
      source: PROCESS,
      received: JSON.stringify(env[SELECTOR]),
      expected: 'one environment here: this command checks one at a time',
    },
  ])
}

function lineOf(layer: Layer, key: string): string {
  const index = layer.text
    .split('\n')
    .findIndex((line) => new RegExp(`^\\s*(export\\s+)?${key}\\s*=`).test(line))
  return index < 0 ? layer.source : `${layer.source} (line ${index + 1})`
}

// The prefix is smokecheck's: a key it does not know is a typo, or a setting of another version,
// and either way what was meant is not what runs. Only SMOKE_ENV, which picks the file, is no
// setting, so it is unknown inside one.
function unknownSetting(key: string, source: string): ConfigProblem {
  const guess = closestKey(key, SETTING_KEYS)
  return {
    key,
    source,
    received: 'an unknown setting',
    expected: guess ? `${guess} (a typo?)` : `one of the known settings: ${SETTING_KEYS.join(', ')}`,
  }
}

function shown(key: string, value: string): string {
  if (value === '') return 'an empty value'
  if ((SECRET_KEYS as readonly string[]).includes(key))
    return `a secret value of ${value.length} characters (not shown)`
  return JSON.stringify(value)
}

/**
 * The environments SMOKE_ENV names (`staging`, or `staging,production` to check both in one run),
 * each of which has its file; a ConfigError naming the ones that do not.
 */
export function selectedEnvironments(options: Omit<LoadOptions, 'service' | 'environment'> = {}): string[] {
  const root = resolve(options.root ?? process.cwd())
  const env = options.env ?? process.env
  const folder = join(root, options.environments ?? 'environments')
  const available = listEnvironments(folder)
  const names = (env[SELECTOR] || LOCAL_ENVIRONMENT).split(',').map((name) => name.trim())
  const wrong = names.filter((name) => !/^[a-z0-9][a-z0-9_-]*$/.test(name) || !available.includes(name))
  if (wrong.length === 0 && new Set(names).size === names.length) return names
  const [first = ''] = wrong
  throw new ConfigError(first, [
    {
      key: SELECTOR,
      source: PROCESS,
      received: wrong.length
        ? `${JSON.stringify(env[SELECTOR] ?? '')} (there is no ${wrong.map((name) => relative(root, join(folder, `${name}.env`))).join(', no ')})`
        : `${JSON.stringify(env[SELECTOR])}, which names an environment twice`,
      expected: available.length
        ? `one of the environments that exist, or several separated by commas: ${available.join(', ')}`
        : `an environment file under ${relative(root, folder) || '.'}/, and there is none`,
    },
  ])
}

/** The settings of the files and the process environment, later layers winning, with where each came from. */
function gather(
  layers: readonly (Layer | undefined)[],
  env: NodeJS.ProcessEnv,
  service: ServiceSelection | undefined,
) {
  const problems: ConfigProblem[] = []
  const merged: Record<string, string> = {}
  const origin: Record<string, string> = {}
  const set = (key: string, value: string, source: string, ownLayer: boolean) => {
    if (!KNOWN_KEYS.includes(key) || key === SELECTOR) return problems.push(unknownSetting(key, source))
    if (service && !ownLayer && SERVICE_KEYS.includes(key as SettingKey)) {
      // Empty means unset (an unset CI secret expands to ''): it points no service anywhere.
      if (value === '') return
      return problems.push({
        key,
        source,
        received: 'a setting for the whole run',
        expected: `one per service, as the suite declares several: ${service.all.map((name) => serviceVariable(name, key as SettingKey)).join(', ')} in the process environment, or ${key} in environments/<environment>/<service>.env`,
      })
    }
    merged[key] = value
    origin[key] = source
  }
  for (const layer of layers) {
    if (!layer) continue
    const own = service !== undefined && layer.service
    for (const [key, value] of Object.entries(layer.values)) set(key, value, lineOf(layer, key), own)
  }
  const prefixed = service ? servicesVariables(env, service.all) : new Map<string, [string, SettingKey]>()
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined || !key.startsWith('SMOKE_') || key === SELECTOR) continue
    const owner = prefixed.get(key)
    if (!owner) set(key, value, PROCESS, false)
  }
  // Last, so that a service's own variable wins over anything for the whole run.
  for (const [key, [name, setting]] of prefixed) {
    const value = env[key]
    if (name === service?.name && value !== undefined) set(setting, value, `${PROCESS} (${key})`, true)
  }
  return { problems, merged, origin }
}

/** Which process variables are a service's own (`SMOKE_API_TOKEN`): the variable, its service and its setting. */
function servicesVariables(env: NodeJS.ProcessEnv, services: readonly string[]) {
  const found = new Map<string, [string, SettingKey]>()
  for (const name of services)
    for (const key of SETTING_KEYS) {
      const variable = serviceVariable(name, key)
      if (env[variable] !== undefined && !KNOWN_KEYS.includes(variable)) found.set(variable, [name, key])
    }
  return found
}

export function loadConfig(options: LoadOptions = {}): SmokeConfig {
  const root = resolve(options.root ?? process.cwd())
  const env = options.env ?? process.env
  const { service } = options
  const environment = options.environment ?? only(selectedEnvironments(options), env)
  const folder = join(root, options.environments ?? 'environments')
  const file = join(folder, `${environment}.env`)
  const own = (name: string) => readLayer(join(folder, environment, name), root, true)
  const layers = [
    readLayer(file, root),
    ...(service ? [own(`${service.name}.env`)] : []),
    readLayer(join(folder, `${environment}.local.env`), root),
    ...(service ? [own(`${service.name}.local.env`)] : []),
  ]
  const { problems, merged, origin } = gather(layers, env, service)

  // An empty assignment (`SMOKE_TOKEN=`) means "not set", except where a value is required.
  const present = Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== ''))
  const local = environment === LOCAL_ENVIRONMENT
  if (!local && !present.SMOKE_BASE_URL) {
    problems.push({
      key: 'SMOKE_BASE_URL',
      source:
        origin.SMOKE_BASE_URL ??
        (service
          ? `${relative(root, join(folder, environment, `${service.name}.env`))} or ${PROCESS} (${serviceVariable(service.name, 'SMOKE_BASE_URL')})`
          : `${relative(root, file)} or ${PROCESS}`),
      received: merged.SMOKE_BASE_URL === '' ? 'an empty value' : 'nothing',
      expected: `${expectationOf('SMOKE_BASE_URL')} (required outside ${LOCAL_ENVIRONMENT})`,
    })
  }

  const parsed = Config.safeParse(present)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0]) as SettingKey
      problems.push({
        key,
        source: origin[key] ?? PROCESS,
        received: shown(key, merged[key] ?? ''),
        expected: `${expectationOf(key)}${issue.message.startsWith('credentials') ? ` (${issue.message})` : ''}`,
      })
    }
  }
  const ca = parsed.success && parsed.data.caFile ? readCaFile(root, parsed.data.caFile) : undefined
  if (ca && 'wrong' in ca)
    problems.push({
      key: 'SMOKE_CA_FILE',
      source: origin.SMOKE_CA_FILE ?? PROCESS,
      received: ca.wrong,
      expected: expectationOf('SMOKE_CA_FILE'),
    })
  if (problems.length > 0 || !parsed.success)
    throw new ConfigError(
      environment,
      problems,
      service && `configuration of service "${service.name}" for environment "${environment}"`,
    )

  for (const key of SECRET_KEYS) if (present[key]) registerSecret(present[key])
  const { baseUrl } = parsed.data
  return {
    ...parsed.data,
    ...(ca && 'pem' in ca && { ca: ca.pem }),
    environment,
    ...(service && { service: service.name }),
    local: local && (baseUrl === undefined || isLoopback(baseUrl)),
  }
}
