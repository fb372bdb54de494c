// Every SMOKE_* setting, declared once: its schema, what it expects (for error messages),
// and whether its value is a secret (for redaction). The config type is inferred from here.
import { z } from 'zod'
import { DEFAULT_CHECK_TIMEOUT_MS, DEFAULT_REPORTS_DIR } from './defaults.ts'

interface SettingInfo {
  expected: string
  secret?: boolean
}
export const settingInfo = z.registry<SettingInfo>()

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes')
// Numbers as people write them in a settings file: digits only. `z.coerce.number()` would also
// take `0x10`, `1e3` and ` 5 `, and a typo that happens to parse is worse than a clear error.
const whole = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(min).max(max))
const ms = (fallback: number) => whole(1).default(fallback)
/** `2`, `1.25`, `0.01`: digits and one point, for the same reason as `whole`. */
const decimal = (min: number, max = Number.MAX_VALUE) =>
  z
    .string()
    .regex(/^\d+(\.\d+)?$/)
    .transform(Number)
    .pipe(z.number().min(min).max(max))
/** `a, b,c`: each item judged by `item`; unset or empty is the empty list. */
const listOf = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .default('')
    .transform((list) =>
      list
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item))

const httpUrl = z
  .url({ protocol: /^https?$/ })
  // zod runs refinements after a failed format check too: only judge what parses.
  .refine((raw) => {
    const url = URL.parse(raw)
    return !url || (url.username === '' && url.password === '')
  }, 'credentials do not belong in the URL: pass SMOKE_TOKEN as a secret instead')
  .transform((raw) => raw.replace(/\/+$/, ''))

export const Settings = z.object({
  SMOKE_BASE_URL: httpUrl.optional().register(settingInfo, {
    expected: 'an absolute http(s) URL without credentials, such as https://staging.example.com',
  }),
  SMOKE_TOKEN: z
    .string()
    .min(8)
    .optional()
    .register(settingInfo, { expected: 'a Bearer token of at least 8 characters', secret: true }),
  SMOKE_EXPECTED_VERSION: z
    .string()
    .regex(/^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/)
    .optional()
    .register(settingInfo, { expected: 'a semantic version such as 1.8.3' }),
  SMOKE_EXPECTED_COMMIT: z
    .string()
    .regex(/^[0-9a-f]{7,40}$/)
    .optional()
    .register(settingInfo, { expected: 'a git commit hash (7 to 40 lowercase hex digits)' }),
  SMOKE_ROLLOUT_TIMEOUT_MS: whole(0).default(120_000).register(settingInfo, {
    expected: 'a whole number of milliseconds to wait for the expected version to go live (0: look once)',
  }),
  SMOKE_CONNECT_TIMEOUT_MS: ms(3_000).register(settingInfo, {
    expected: 'a positive whole number of milliseconds',
  }),
  SMOKE_HEADERS_TIMEOUT_MS: ms(5_000).register(settingInfo, {
    expected: 'a positive whole number of milliseconds',
  }),
  SMOKE_BODY_TIMEOUT_MS: ms(5_000).register(settingInfo, {
    expected: 'a positive whole number of milliseconds',
  }),
  SMOKE_REQUEST_TIMEOUT_MS: ms(10_000).register(settingInfo, {
    expected: 'a positive whole number of milliseconds (the whole exchange, body included)',
  }),
  SMOKE_CHECK_TIMEOUT_MS: ms(DEFAULT_CHECK_TIMEOUT_MS).register(settingInfo, {
    expected: 'a positive whole number of milliseconds one check may take, all its requests included',
  }),
  SMOKE_MAX_RESPONSE_BYTES: whole(1)
    .default(5 * 1024 * 1024)
    .register(settingInfo, { expected: 'a positive whole number of bytes' }),
  SMOKE_LATENCY_BUDGET_MS: ms(1_000).register(settingInfo, {
    expected: 'a positive whole number of milliseconds a single response may take',
  }),
  SMOKE_JOB_STALE_FACTOR: decimal(1).default(2).register(settingInfo, {
    expected: 'a number ≥ 1: how many job intervals may pass before a job is stale',
  }),
  SMOKE_MAX_CONNECTIONS: whole(1, 64)
    .default(10)
    .register(settingInfo, { expected: 'a whole number from 1 to 64 of connections per host' }),
  SMOKE_RETRIES: whole(0, 5)
    .default(2)
    .register(settingInfo, { expected: 'a whole number from 0 to 5 of retries for safe requests' }),
  SMOKE_RETRY_AFTER_CAP_MS: ms(5_000).register(settingInfo, {
    expected: 'a positive whole number of milliseconds: the longest Retry-After worth waiting for',
  }),
  SMOKE_REQUEST_BUDGET: whole(1)
    .default(1_000)
    .register(settingInfo, { expected: 'a positive whole number of requests the run may send' }),
  SMOKE_CLOSED_PORTS: listOf(whole(1, 65535)).register(settingInfo, {
    expected: 'a comma-separated list of TCP ports that must be closed to the public, such as 5432,6379',
  }),
  SMOKE_EXPECTED_ADDRESSES: listOf(z.union([z.ipv4(), z.ipv6()])).register(settingInfo, {
    expected:
      "a comma-separated list of the IP addresses the base URL's host name must resolve to, such as 203.0.113.10,2001:db8::10",
  }),
  SMOKE_TLS_MIN_DAYS: whole(0)
    .default(14)
    .register(settingInfo, { expected: 'a whole number of days the TLS certificate must stay valid' }),
  // No default here: unset, the suite's own `checks` (defineSmokeConfig) applies.
  SMOKE_CHECKS: z
    .string()
    .min(1)
    .optional()
    .register(settingInfo, { expected: 'a glob of check files, relative to the project' }),
  SMOKE_REPORTS_DIR: z
    .string()
    .min(1)
    .default(DEFAULT_REPORTS_DIR)
    .register(settingInfo, { expected: 'a folder for the reports, relative to the project' }),
  SMOKE_BASELINE: z.string().min(1).optional().register(settingInfo, {
    expected:
      "the path of an earlier run's run.json to compare this run with (default: the last run.json in the reports folder)",
  }),
  SMOKE_CA_FILE: z.string().min(1).optional().register(settingInfo, {
    expected:
      "a PEM file, relative to the project, with the certificates of the private CA the service's certificate chains to",
  }),
  SMOKE_BASELINE_URL: httpUrl.optional().register(settingInfo, {
    expected:
      'the absolute http(s) URL of the same service on its current build (production, blue), sampled beside SMOKE_BASE_URL (the canary, green)',
  }),
  SMOKE_COMPARE_RUNS: whole(1, 20).default(5).register(settingInfo, {
    expected: 'a whole number from 1 to 20 of recent green runs whose samples form the baseline',
  }),
  SMOKE_COMPARE_P: decimal(0.000001, 0.5).default(0.01).register(settingInfo, {
    expected:
      'a p-value threshold above 0 and at most 0.5, such as 0.01: how unlikely a change must be by chance',
  }),
  SMOKE_COMPARE_MIN_RATIO: decimal(1).default(1.25).register(settingInfo, {
    expected: 'a number ≥ 1, such as 1.25: how many times slower (or faster) the median must be to matter',
  }),
  SMOKE_COMPARE_MIN_SHIFT_MS: whole(0).default(25).register(settingInfo, {
    expected: 'a whole number of milliseconds the median must move by to matter',
  }),
  SMOKE_COMPARE_GATE: z.enum(['fail', 'warn']).default('fail').register(settingInfo, {
    expected: 'fail (a request that got worse fails the run) or warn (it is reported, the exit code stays)',
  }),
  SMOKE_ALLURE: bool.default(false).register(settingInfo, {
    expected: 'true or false: whether the run writes Allure results for `npm run report`',
  }),
  SMOKE_ALLOW_MUTATIONS: bool
    .default(false)
    .register(settingInfo, { expected: 'true or false: whether checks that mutate may run here' }),
})

// What checks and the engine see: grouped, camel-cased, typed from the schema above.
export const Config = Settings.transform((s) => ({
  baseUrl: s.SMOKE_BASE_URL,
  token: s.SMOKE_TOKEN,
  expectedVersion: s.SMOKE_EXPECTED_VERSION,
  expectedCommit: s.SMOKE_EXPECTED_COMMIT,
  rolloutTimeoutMs: s.SMOKE_ROLLOUT_TIMEOUT_MS,
  timeouts: {
    connectMs: s.SMOKE_CONNECT_TIMEOUT_MS,
    headersMs: s.SMOKE_HEADERS_TIMEOUT_MS,
    bodyMs: s.SMOKE_BODY_TIMEOUT_MS,
    requestMs: s.SMOKE_REQUEST_TIMEOUT_MS,
  },
  maxResponseBytes: s.SMOKE_MAX_RESPONSE_BYTES,
  latencyBudgetMs: s.SMOKE_LATENCY_BUDGET_MS,
  jobStaleFactor: s.SMOKE_JOB_STALE_FACTOR,
  maxConnections: s.SMOKE_MAX_CONNECTIONS,
  allowMutations: s.SMOKE_ALLOW_MUTATIONS,
  retries: s.SMOKE_RETRIES,
  retryAfterCapMs: s.SMOKE_RETRY_AFTER_CAP_MS,
  requestBudget: s.SMOKE_REQUEST_BUDGET,
  closedPorts: s.SMOKE_CLOSED_PORTS,
  /** Undefined when none are named: then any address will do. */
  expectedAddresses: s.SMOKE_EXPECTED_ADDRESSES.length ? s.SMOKE_EXPECTED_ADDRESSES : undefined,
  tlsMinDays: s.SMOKE_TLS_MIN_DAYS,
  baseline: s.SMOKE_BASELINE,
  caFile: s.SMOKE_CA_FILE,
  baselineUrl: s.SMOKE_BASELINE_URL,
  comparison: {
    runs: s.SMOKE_COMPARE_RUNS,
    alpha: s.SMOKE_COMPARE_P,
    minRatio: s.SMOKE_COMPARE_MIN_RATIO,
    minShiftMs: s.SMOKE_COMPARE_MIN_SHIFT_MS,
    gate: s.SMOKE_COMPARE_GATE,
  },
  // What vitest.config.ts builds the checks project from.
  checks: s.SMOKE_CHECKS,
  reportsDir: s.SMOKE_REPORTS_DIR,
  allure: s.SMOKE_ALLURE,
  checkTimeoutMs: s.SMOKE_CHECK_TIMEOUT_MS,
}))

export type SettingKey = keyof typeof Settings.shape
export const SETTING_KEYS = Object.keys(Settings.shape) as SettingKey[]

export function expectationOf(key: SettingKey): string {
  return settingInfo.get(Settings.shape[key])?.expected ?? 'a valid value'
}

export const SECRET_KEYS = SETTING_KEYS.filter((key) => settingInfo.get(Settings.shape[key])?.secret)
