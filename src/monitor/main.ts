// `npm run monitor` / `npx smokecheck monitor`: bin/smokecheck.mjs creates the Vitest instance
// for the suite's checks project and loads this module through it. Here the settings are
// checked (a bad one stops the monitor before anything runs, exit 2), the saved state read, the
// server started, and the cycles run until SIGINT or SIGTERM.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import type { TestProject, Vitest } from 'vitest/node'
import { ConfigError } from '../config/errors.ts'
import { loadConfig, type SmokeConfig } from '../config/load.ts'
import { redact } from '../redaction/redact.ts'
import { targetInfo, targetProjects } from '../reporting/target-projects.ts'
import { EXIT_BAD_CONFIG, matches } from '../runner/preflight.ts'
import { History } from './history.ts'
import { Monitor } from './monitor.ts'
import { EVERYTHING, forProjects } from './scheduler.ts'
import { isLoopbackHost, startServer } from './server.ts'
import { type MonitorState, readState } from './state-file.ts'
import { renderStatusPage } from './status-page.ts'

const log = (line: string) => console.log(redact(line))

/** The settings the monitor needs beyond a one-off run's, judged against the suite and its projects. */
function refusals(
  config: SmokeConfig,
  declaredTags: readonly string[],
  projects: readonly TestProject[],
): ConfigError | undefined {
  const problems = []
  const names = projects.map((project) => project.name)
  const services = names.filter((name) => name.includes(':'))
  const unknown = config.monitor.schedule.filter((e) =>
    forProjects(e)
      ? !names.some((name) => matches(e.tag, name))
      : e.tag !== EVERYTHING && !declaredTags.includes(e.tag),
  )
  if (unknown.length)
    problems.push({
      key: 'SMOKE_MONITOR_SCHEDULE',
      source: 'the settings',
      received: `${unknown.map((e) => e.tag).join(', ')}, which name${unknown.length > 1 ? '' : 's'} no declared tag or project`,
      expected: `tags the suite declares (${declaredTags.join(', ') || 'none'}) or *${services.length ? `, or projects of its services (${services.join(', ')}) or a pattern of them such as ${services[0]?.split(':')[0]}:*` : ''}`,
    })
  const environments = new Set(projects.map((project) => targetInfo(project)?.environment))
  if (environments.size > 1)
    problems.push({
      key: 'SMOKE_ENV',
      source: 'the process environment',
      received: [...environments].join(','),
      expected:
        'one environment: a monitor keeps the state, history and page of one (run one monitor per environment)',
    })
  if (!isLoopbackHost(config.monitor.host) && !config.monitor.token)
    problems.push({
      key: 'SMOKE_MONITOR_TOKEN',
      source: 'the settings',
      received: `nothing, with SMOKE_MONITOR_HOST=${config.monitor.host}`,
      expected:
        'a Bearer token of at least 16 characters: the metrics and the status page are served beyond this machine only to callers who send it',
    })
  return problems.length ? new ConfigError(config.environment, problems) : undefined
}

function serviceName(config: SmokeConfig, root: string): string {
  if (config.monitor.service) return config.monitor.service
  const manifest = join(root, 'package.json')
  const name = existsSync(manifest)
    ? (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name
    : undefined
  return typeof name === 'string' && name ? name : basename(root)
}

/**
 * The text with the base URL taken out: the page is not where the service's address is
 * published. The one the checks use (a local target's, once started), else the setting's.
 */
function withoutBaseUrl(vitest: Vitest, config: SmokeConfig): (text: string) => string {
  return (text) => {
    const bases = targetProjects(vitest).map(
      (project) =>
        (project.getProvidedContext() as { smokecheck?: { baseUrl?: string } }).smokecheck?.baseUrl ??
        config.baseUrl,
    )
    return bases.reduce<string>((shown, base) => (base ? shown.replaceAll(base, '') : shown), text)
  }
}

export interface MonitorCommand {
  /** Write the status page of the saved state and history to this file, and run nothing. */
  writePage?: string | undefined
  /** One cycle of every check, its alerts sent and the state saved, without the server. */
  once?: boolean | undefined
}

export async function runMonitor(vitest: Vitest, command: MonitorCommand = {}): Promise<number> {
  const projects = targetProjects(vitest)
  const [project] = projects
  if (!project) {
    console.error(
      'smokecheck monitor: the configuration has no project of checks (defineSmokeConfig makes them)',
    )
    return EXIT_BAD_CONFIG
  }
  const root = project.config.root
  const target = targetInfo(project)
  let config: SmokeConfig
  try {
    // The monitor's settings are the run's, the same whichever service's settings hold them.
    config = loadConfig({
      root,
      environments: project.getProvidedContext().smokecheckSuite.environments,
      environment: target?.environment,
      service: target?.service,
    })
    const refused = refusals(
      config,
      (project.config.tags ?? []).map((tag) => tag.name),
      projects,
    )
    if (refused) throw refused
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    console.error(error.message)
    return EXIT_BAD_CONFIG
  }
  const dir = join(resolve(root, config.reportsDir), 'monitor')
  const statePath = join(dir, `state-${config.environment}.json`)
  const history = new History(
    join(dir, `history-${config.environment}.jsonl`),
    config.monitor.historyMaxBytes,
  )
  const saved = readState(statePath, config.environment)
  if (saved.note) log(`smokecheck monitor: ${saved.note}`)
  const service = serviceName(config, root)
  const hide = withoutBaseUrl(vitest, config)
  const page = (state: MonitorState) =>
    redact(
      hide(
        renderStatusPage({
          service,
          environment: config.environment,
          checks: Object.values(state.checks),
          history: history.read(),
          now: new Date(),
        }),
      ),
    )
  if (command.writePage) {
    const file = resolve(command.writePage)
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, page(saved.state))
    log(`smokecheck monitor: status page of ${statePath} written to ${file}`)
    return 0
  }
  const monitor = new Monitor({ vitest, config, service, state: saved.state, statePath, history, log })
  if (command.once) {
    await monitor.run({ once: true })
    log(`smokecheck monitor: one cycle run; state saved to ${statePath}`)
    return 0
  }
  const server = await startServer({
    host: config.monitor.host,
    port: config.monitor.port,
    token: config.monitor.token,
    metrics: async () => ({ contentType: monitor.metrics.contentType, text: await monitor.metrics.text() }),
    page: () => page(monitor.state),
  })
  const open = Object.values(saved.state.checks).filter((c) => c.state !== 'up').length
  log(
    `smokecheck monitor: ${service} (${config.environment}) on the schedule ${config.monitor.schedule.map((e) => `${e.tag}=${e.intervalMs} ms`).join(', ')}; metrics and status page at ${server.url}; state in ${statePath}${open ? ` (${open} open incident${open > 1 ? 's' : ''} carried over)` : ''}`,
  )
  const stop = (signal: string) => {
    log(`smokecheck monitor: ${signal}: stopping after the cycle under way`)
    monitor.stop()
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    // Vitest's logger exits the process at once on these: the monitor stops in its own time.
    process.removeAllListeners(signal)
    process.once(signal, stop)
  }
  await monitor.run()
  await server.close()
  log(`smokecheck monitor: stopped; state saved to ${statePath}`)
  return 0
}
