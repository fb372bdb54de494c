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
const listOf = <T extends z.ZodType<unknown, string>>(item: T, fallback = '') =>
  z
    .string()
    .default(fallback)
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

// A webhook URL is a credential itself (Slack's carries its token in the path): any http(s) URL.
const webhookUrl = z.url({ protocol: /^https?$/ })

/** `critical=30s`: how often the checks with a tag (or `*`, all of them) run. */
const scheduleEntry = z
  .string()
  .regex(/^(\*|[\w.-]+|[\w.*-]+:[\w.*-]+)=\d+(ms|s|m|h)$/)
  .transform((entry) => {
    const [tag, every] = entry.split('=') as [string, string]
    const [, amount, unit] = every.match(/^(\d+)(ms|s|m|h)$/) as [string, string, keyof typeof UNIT_MS]
    return { tag, intervalMs: Number(amount) * UNIT_MS[unit] }
  })
  .pipe(z.object({ tag: z.string(), intervalMs: z.number().int().min(1) }))
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const

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
  // `npm run monitor` (src/monitor): ignored by a one-off run.
  SMOKE_MONITOR_SCHEDULE: listOf(scheduleEntry, '*=5m').register(settingInfo, {
    expected:
      'a comma-separated list of tag=interval (`*` for every check, `api:*` for every check of a service; ms, s, m or h), such as critical=30s,*=5m',
  }),
  SMOKE_MONITOR_JITTER_PERCENT: whole(0, 50).default(10).register(settingInfo, {
    expected: 'a whole number from 0 to 50: how far a cycle may move from its interval',
  }),
  SMOKE_MONITOR_CYCLE_TIMEOUT_MS: ms(120_000).register(settingInfo, {
    expected: 'a positive whole number of milliseconds one cycle may take before it is cut',
  }),
  SMOKE_MONITOR_FAILURE_THRESHOLD: whole(1, 100).default(3).register(settingInfo, {
    expected: 'a whole number from 1 to 100 of failures in a row before a check is down',
  }),
  SMOKE_MONITOR_SUCCESS_THRESHOLD: whole(1, 100).default(2).register(settingInfo, {
    expected: 'a whole number from 1 to 100 of successes in a row before a check is up again',
  }),
  SMOKE_MONITOR_WEBHOOK_URL: webhookUrl.optional().register(settingInfo, {
    expected: 'an absolute http(s) URL that takes the alerts as JSON',
    secret: true,
  }),
  SMOKE_MONITOR_SLACK_WEBHOOK_URL: webhookUrl.optional().register(settingInfo, {
    expected: 'a Slack-compatible incoming-webhook URL (https://hooks.slack.com/services/…)',
    secret: true,
  }),
  SMOKE_MONITOR_WEBHOOK_TIMEOUT_MS: ms(5_000).register(settingInfo, {
    expected: 'a positive whole number of milliseconds one webhook delivery may take',
  }),
  SMOKE_MONITOR_WEBHOOK_RETRIES: whole(0, 10).default(3).register(settingInfo, {
    expected: 'a whole number from 0 to 10 of retries of a failed webhook delivery',
  }),
  SMOKE_MONITOR_HOST: z
    .string()
    .min(1)
    .default('127.0.0.1')
    .register(settingInfo, { expected: 'the address the monitor’s metrics and status page listen on' }),
  SMOKE_MONITOR_PORT: whole(0, 65535)
    .default(9464)
    .register(settingInfo, { expected: 'a TCP port from 0 to 65535 (0: any free port)' }),
  SMOKE_MONITOR_TOKEN: z.string().min(16).optional().register(settingInfo, {
    expected: 'a Bearer token of at least 16 characters for the monitor’s metrics and status page',
    secret: true,
  }),
  SMOKE_MONITOR_HISTORY_MAX_BYTES: whole(1024)
    .default(10 * 1024 * 1024)
    .register(settingInfo, {
      expected: 'a whole number of bytes (at least 1024) the history file may grow to before it is rotated',
    }),
  SMOKE_MONITOR_SERVICE: z.string().min(1).optional().register(settingInfo, {
    expected: 'the service’s name in alerts and on the status page',
  }),
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
  monitor: {
    schedule: s.SMOKE_MONITOR_SCHEDULE,
    jitterPercent: s.SMOKE_MONITOR_JITTER_PERCENT,
    cycleTimeoutMs: s.SMOKE_MONITOR_CYCLE_TIMEOUT_MS,
    failureThreshold: s.SMOKE_MONITOR_FAILURE_THRESHOLD,
    successThreshold: s.SMOKE_MONITOR_SUCCESS_THRESHOLD,
    webhooks: { json: s.SMOKE_MONITOR_WEBHOOK_URL, slack: s.SMOKE_MONITOR_SLACK_WEBHOOK_URL },
    webhookTimeoutMs: s.SMOKE_MONITOR_WEBHOOK_TIMEOUT_MS,
    webhookRetries: s.SMOKE_MONITOR_WEBHOOK_RETRIES,
    host: s.SMOKE_MONITOR_HOST,
    port: s.SMOKE_MONITOR_PORT,
    token: s.SMOKE_MONITOR_TOKEN,
    historyMaxBytes: s.SMOKE_MONITOR_HISTORY_MAX_BYTES,
    service: s.SMOKE_MONITOR_SERVICE,
  },
}))

export type SettingKey = keyof typeof Settings.shape
export const SETTING_KEYS = Object.keys(Settings.shape) as SettingKey[]

export function expectationOf(key: SettingKey): string {
  return settingInfo.get(Settings.shape[key])?.expected ?? 'a valid value'
}

export const SECRET_KEYS = SETTING_KEYS.filter((key) => settingInfo.get(Settings.shape[key])?.secret)
