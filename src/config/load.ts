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
}

export type SmokeConfig = z.output<typeof Config> & {
  /** The environment's name, as chosen with SMOKE_ENV. */
  environment: string
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
}

function readLayer(path: string, root: string): Layer | undefined {
  if (!existsSync(path)) return undefined
  const text = readFileSync(path, 'utf8')
  return { source: relative(root, path), text, values: parse(text) }
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

export function loadConfig(options: LoadOptions = {}): SmokeConfig {
  const root = resolve(options.root ?? process.cwd())
  const env = options.env ?? process.env
  const environment = env[SELECTOR] || LOCAL_ENVIRONMENT
  const folder = join(root, options.environments ?? 'environments')
  const available = listEnvironments(folder)
  const file = join(folder, `${environment}.env`)

  if (!/^[a-z0-9][a-z0-9_-]*$/.test(environment) || !available.includes(environment)) {
    throw new ConfigError(environment, [
      {
        key: SELECTOR,
        source: PROCESS,
        received: `${JSON.stringify(environment)} (there is no ${relative(root, file)})`,
        expected: available.length
          ? `one of the environments that exist: ${available.join(', ')}`
          : `an environment file under ${relative(root, folder) || '.'}/, and there is none`,
      },
    ])
  }

  const layers = [readLayer(file, root), readLayer(join(folder, `${environment}.local.env`), root)]
  const problems: ConfigProblem[] = []
  const merged: Record<string, string> = {}
  const origin: Record<string, string> = {}

  for (const layer of layers) {
    if (!layer) continue
    for (const [key, value] of Object.entries(layer.values)) {
      if (!KNOWN_KEYS.includes(key) || key === SELECTOR) {
        problems.push(unknownSetting(key, lineOf(layer, key)))
        continue
      }
      merged[key] = value
      origin[key] = lineOf(layer, key)
    }
  }
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined || !key.startsWith('SMOKE_') || key === SELECTOR) continue
    if (!KNOWN_KEYS.includes(key)) {
      problems.push(unknownSetting(key, PROCESS))
      continue
    }
    merged[key] = value
    origin[key] = PROCESS
  }

  // An empty assignment (`SMOKE_TOKEN=`) means "not set", except where a value is required.
  const present = Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== ''))
  const local = environment === LOCAL_ENVIRONMENT
  if (!local && !present.SMOKE_BASE_URL) {
    problems.push({
      key: 'SMOKE_BASE_URL',
      source: origin.SMOKE_BASE_URL ?? `${relative(root, file)} or ${PROCESS}`,
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
  if (problems.length > 0 || !parsed.success) throw new ConfigError(environment, problems)

  for (const key of SECRET_KEYS) if (present[key]) registerSecret(present[key])
  const { baseUrl } = parsed.data
  return {
    ...parsed.data,
    ...(ca && 'pem' in ca && { ca: ca.pem }),
    environment,
    local: local && (baseUrl === undefined || isLoopback(baseUrl)),
  }
}
