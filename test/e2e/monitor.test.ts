// Issue 16: `smokecheck monitor` as a team runs it, in a child process against the demo service,
// whose `db_down` fault takes the post listing down and back up while liveness stays up. A local
// receiver takes the JSON and Slack webhooks' alerts (the Slack one refuses its first attempts).
// The monitor is stopped with SIGTERM mid-incident and started again; then the service recovers.
// Every wait is on an event: a cycle logged, an alert received. Nothing is timed.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { blockOutside, launchChromium, skipWithoutChromium } from '../support/chromium.ts'
import { demo } from '../support/demo.ts'
import { killMonitors, type MonitorProcess, startMonitor } from '../support/monitor-process.ts'
import { tempFolder } from '../support/temp-folder.ts'
import { webhookReceiver } from '../support/webhook-receiver.ts'

const JSON_PATH = '/hooks/json/9f8e7d6c5b4a39281706f5e4d3c2b1a0'
const SLACK_PATH = '/services/T0SMOKE/B0CHECK/q7W2e9R4t6Y1u3I5o8P0aZxC'
const MONITOR_TOKEN = 'monitor-token-5c1f0e9a7b3d2468'
const POSTS = 'test/monitor-checks/service.check.ts > the post listing answers'
const LIVENESS = 'test/monitor-checks/service.check.ts > liveness answers'

// A cycle of the checks takes seconds on a busy machine, and a transition takes several cycles.
describe('npm run monitor against a service that goes down and comes back', { timeout: 120_000 }, () => {
  let service: Awaited<ReturnType<typeof demo>>
  let receiver: Awaited<ReturnType<typeof webhookReceiver>>
  let env: Record<string, string>
  let reportsDir: string
  let first: MonitorProcess
  let second: MonitorProcess
  let browser: Browser | undefined
  const statePath = () => join(reportsDir, 'monitor', 'state-local.json')
  const historyPath = () => join(reportsDir, 'monitor', 'history-local.jsonl')
  const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'))
  const serverUrl = async (monitor: MonitorProcess) =>
    (await monitor.waitFor(/status page at (http:\/\/127\.0\.0\.1:\d+)/))[1] as string
  const get = (url: string, token: string | null = MONITOR_TOKEN) =>
    fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} })
  /** Waits for the cycle after the one logged last: every cycle before it is fully applied. */
  const nextCycle = async (monitor: MonitorProcess) => {
    const next = monitor.cycles() + 1
    await monitor.waitFor(new RegExp(`smokecheck monitor: cycle ${next} `))
  }

  beforeAll(async () => {
    service = await demo('none')
    receiver = await webhookReceiver()
    reportsDir = tempFolder('monitor-reports')
    env = {
      ...service.env,
      SMOKE_RETRIES: '0',
      SMOKE_REPORTS_DIR: reportsDir,
      SMOKE_MONITOR_SCHEDULE: '*=50ms',
      SMOKE_MONITOR_JITTER_PERCENT: '0',
      SMOKE_MONITOR_PORT: '0',
      SMOKE_MONITOR_TOKEN: MONITOR_TOKEN,
      SMOKE_MONITOR_SERVICE: 'blog-api',
      SMOKE_MONITOR_WEBHOOK_URL: `${receiver.url}${JSON_PATH}`,
      SMOKE_MONITOR_SLACK_WEBHOOK_URL: `${receiver.url}${SLACK_PATH}`,
      SMOKE_MONITOR_WEBHOOK_RETRIES: '3',
    }
  })

  afterAll(async () => {
    await browser?.close()
    await killMonitors()
  })

  it('sends nothing while every check passes', async () => {
    first = startMonitor(env)
    await first.waitFor(/smokecheck monitor: cycle 3 /)
    expect(receiver.received).toEqual([])
    expect(first.output()).toMatch(/cycle 1 \(every check\) passed/)
  })

  it('alerts once per sink when a check has failed the threshold of times in a row', async () => {
    receiver.refuseNext(SLACK_PATH, 2)
    service.service.setFault('db_down')
    const [alert] = await receiver.waitForAccepted(JSON_PATH, 1)
    expect(alert).toMatchObject({
      format: 'smokecheck-alert/1',
      kind: 'down',
      from: 'up',
      to: 'down',
      service: 'blog-api',
      environment: 'local',
      check: POSTS,
    })
    // The run's own failure sentence, as the CI report has it.
    expect(alert?.cause).toMatch(/GET \/api\/posts\?limit=2 .*503/)
    expect(alert?.text).toMatch(/"the post listing answers" is down since .* \(.*, 3 in a row\): /)
    expect(alert?.curl).toMatch(/^curl .*\/api\/posts\?limit=2/)

    // Exactly three failing cycles before the transition, the one before them passing; `since`
    // is the first of the three.
    const history = readFileSync(historyPath(), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
    const at = history.findIndex((line) => line.type === 'transition' && line.id === POSTS)
    const outcomes = history
      .slice(0, at)
      .filter((line) => line.type === 'cycle')
      .map((line) => line.checks.find((c: { id: string }) => c.id === POSTS)?.outcome)
    expect(outcomes.slice(-4)).toEqual(['pass', 'fail', 'fail', 'fail'])
    const cycles = history.slice(0, at).filter((line) => line.type === 'cycle')
    expect(alert?.since).toBe(cycles.at(-3).at)

    // The Slack webhook refused twice: retried, taken once, and the cycles went on meanwhile.
    const [slack] = await receiver.waitForAccepted(SLACK_PATH, 1)
    expect(slack?.text).toContain(alert?.text)
    expect(receiver.received.filter((r) => r.path === SLACK_PATH).map((r) => r.accepted)).toEqual([
      false,
      false,
      true,
    ])
    expect(first.output()).toMatch(
      /the slack webhook refused the alert \(attempt 1 of 4\): it answered 503; retrying/,
    )
    await nextCycle(first)
    expect(receiver.accepted(JSON_PATH)).toHaveLength(1)
    expect(receiver.accepted(SLACK_PATH)).toHaveLength(1)
  })

  it('stops on SIGTERM with the open incident saved', async () => {
    expect(await first.stop('SIGTERM')).toBe(0)
    expect(first.output()).toMatch(
      /SIGTERM: stopping after the cycle under way[\s\S]*stopped; state saved to /,
    )
    const state = readJson(statePath())
    expect(state.checks[POSTS]).toMatchObject({ state: 'down', cause: expect.stringMatching(/503/) })
    expect(state.checks[LIVENESS]).toMatchObject({ state: 'up', streaks: { fail: 0 } })
    expect(state.outbox).toEqual({ json: [], slack: [] })
  })

  it('alerts nothing again after a restart mid-incident', async () => {
    second = startMonitor(env)
    await second.waitFor(/1 open incident carried over/)
    await second.waitFor(/smokecheck monitor: cycle 2 /)
    expect(receiver.accepted(JSON_PATH)).toHaveLength(1)
    expect(receiver.accepted(SLACK_PATH)).toHaveLength(1)
  })

  it('sends one resolution message per sink when the check recovers', async () => {
    const down = receiver.accepted(JSON_PATH)[0]
    service.service.setFault('none')
    const [, recovered] = await receiver.waitForAccepted(JSON_PATH, 2)
    expect(recovered).toMatchObject({
      kind: 'recovered',
      from: 'down',
      to: 'up',
      check: POSTS,
      since: down?.since,
    })
    expect(recovered?.cause).toBe(down?.cause)
    expect(recovered?.text).toMatch(
      /"the post listing answers" recovered after .* down \(since .*\); it was: /,
    )
    const [, slack] = await receiver.waitForAccepted(SLACK_PATH, 2)
    expect(slack?.text).toMatch(/:large_green_circle: .* recovered after/)
    await nextCycle(second)
    await nextCycle(second)
    // Liveness never changed: no alert names it.
    expect(receiver.accepted(JSON_PATH).map((a) => [a.check, a.kind])).toEqual([
      [POSTS, 'down'],
      [POSTS, 'recovered'],
    ])
    expect(receiver.accepted(SLACK_PATH)).toHaveLength(2)
  })

  it('serves Prometheus metrics that match what happened, to a caller with the token only', async () => {
    const url = await serverUrl(second)
    expect((await get(`${url}/metrics`, null)).status).toBe(401)
    expect((await get(`${url}/metrics`, 'a-wrong-token-of-some-length')).status).toBe(401)
    const response = await get(`${url}/metrics`)
    expect(response.status).toBe(200)
    const text = await response.text()
    const labels = (check: string, extra = '') =>
      `service="blog-api",environment="local",check="${check}",file="test/monitor-checks/service.check.ts"${extra}`
    const value = (name: string, check: string, extra = '') => {
      const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels(check, extra)}} `))
      return line === undefined ? undefined : Number(line.split(' ').at(-1))
    }
    expect(value('smokecheck_check_success', 'the post listing answers')).toBe(1)
    expect(value('smokecheck_check_state', 'the post listing answers', ',state="up"')).toBe(1)
    expect(value('smokecheck_check_state', 'the post listing answers', ',state="down"')).toBe(0)
    expect(value('smokecheck_check_consecutive_failures', 'the post listing answers')).toBe(0)
    expect(value('smokecheck_check_last_success_timestamp_seconds', 'liveness answers')).toBeGreaterThan(
      Date.parse(readJson(statePath()).checks[LIVENESS].since) / 1000,
    )
    expect(value('smokecheck_check_duration_seconds', 'liveness answers')).toBeGreaterThan(0)
    expect(
      value('smokecheck_check_phase_duration_seconds', 'liveness answers', ',phase="processing"'),
    ).toBeGreaterThanOrEqual(0)
    // This process sent the recovery to each sink, once.
    expect(text).toMatch(/^smokecheck_monitor_alert_deliveries_total\{sink="json",outcome="sent"\} 1$/m)
    expect(text).toMatch(/^smokecheck_monitor_alert_deliveries_total\{sink="slack",outcome="sent"\} 1$/m)
    expect(text).toMatch(/^smokecheck_monitor_alerts_pending\{sink="json"\} 0$/m)
    expect(text).toMatch(/^smokecheck_monitor_cycles_total\{result="failed"\} [1-9]/m)
    expect(text).toMatch(/^smokecheck_monitor_cycles_total\{result="passed"\} [1-9]/m)
    expect(text).toMatch(/^smokecheck_monitor_process_resident_memory_bytes \d+/m)
  })

  describe.skipIf(skipWithoutChromium("the monitor's status page test"))('the status page', () => {
    let page: Page
    let outside: string[] = []
    let url: string

    it('shows every check up, its uptime and latency, and the incident with its cause', async () => {
      url = await serverUrl(second)
      browser = await launchChromium()
      const context = await browser.newContext({
        extraHTTPHeaders: { authorization: `Bearer ${MONITOR_TOKEN}` },
      })
      page = await context.newPage()
      page.setDefaultTimeout(10_000)
      outside = await blockOutside(page, (requested) => requested === `${url}/`)
      await page.goto(`${url}/`)
      expect(await page.title()).toBe('blog-api (local): up')
      const posts = page.locator(`tr[data-check="${POSTS}"]`)
      const cells = await posts.locator('td').allInnerTexts()
      expect(cells.slice(0, 2)).toEqual(['the post listing answers', 'up'])
      // Down for a while in the last 24 h: under 100 %, above 0.
      expect(cells[3]).toMatch(/^\d{1,2}\.\d\d %$/)
      expect(await posts.locator('svg.chart polyline').count()).toBe(1)
      const liveness = await page.locator(`tr[data-check="${LIVENESS}"] td`).allInnerTexts()
      expect(liveness[3]).toBe('100.00 %')
      const incidents = await page.locator('#incidents tr').allInnerTexts()
      expect(incidents.some((row) => /the post listing answers\s+down → up/.test(row))).toBe(true)
      expect(
        incidents.some((row) =>
          /the post listing answers\s+up → down\s+.*GET \/api\/posts\?limit=2 .*503/.test(row),
        ),
      ).toBe(true)
    })

    it('names no base URL and loads nothing from anywhere', async () => {
      expect(await page.content()).not.toContain(service.service.url)
      expect(outside).toEqual([])
    })
  })

  it('keeps every secret out of what it writes, serves and sends', async () => {
    const url = await serverUrl(second)
    const outputs = [
      first.output(),
      second.output(),
      readFileSync(statePath(), 'utf8'),
      readFileSync(historyPath(), 'utf8'),
      await (await get(`${url}/`)).text(),
      await (await get(`${url}/metrics`)).text(),
      // What the webhooks received; the URL they were sent to is the receiver's own.
      JSON.stringify(receiver.received.map((r) => r.body)),
    ]
    for (const secret of [
      JSON_PATH.split('/').at(-1),
      SLACK_PATH.split('/').at(-1),
      service.token,
      MONITOR_TOKEN,
    ])
      for (const output of outputs) expect(output).not.toContain(secret)
  })

  it('stops on SIGTERM after the cycle under way, everything saved', async () => {
    expect(await second.stop('SIGTERM')).toBe(0)
    const state = readJson(statePath())
    expect(state.checks[POSTS]).toMatchObject({ state: 'up', cause: null })
    expect(state.outbox).toEqual({ json: [], slack: [] })
  })

  it('runs one cycle and exits with --once, alerting nothing while nothing changed', async () => {
    const lines = () => readFileSync(historyPath(), 'utf8').trim().split('\n').length
    const before = lines()
    const once = startMonitor(env, ['--once'])
    expect(await once.exited).toBe(0)
    expect(once.output()).toMatch(/cycle 1 \(every check\) passed[\s\S]*one cycle run; state saved/)
    expect(once.output()).not.toContain('status page at')
    expect(lines()).toBe(before + 1)
    expect(receiver.accepted(JSON_PATH)).toHaveLength(2)
  })

  it('writes the status page of the saved state to a file on request, running nothing', async () => {
    const file = join(tempFolder('status-page'), 'status.html')
    const cyclesBefore = readFileSync(historyPath(), 'utf8').split('\n').length
    const writer = startMonitor(env, ['--write-page', file])
    expect(await writer.exited).toBe(0)
    const html = readFileSync(file, 'utf8')
    expect(html).toContain('<title>blog-api (local): up</title>')
    expect(html).toMatch(/the post listing answers<\/td><td><span class="state up">up<\/span>/)
    expect(html).not.toContain(service.service.url)
    expect(writer.output()).not.toMatch(/cycle 1/)
    expect(readFileSync(historyPath(), 'utf8').split('\n').length).toBe(cyclesBefore)
  })
})

describe('a monitor that would serve its pages beyond this machine', () => {
  it('refuses to start without a token, and an undeclared tag in its schedule, in one message', async () => {
    onTestFinished(killMonitors)
    const { env } = await demo('none')
    const monitor = startMonitor({
      ...env,
      SMOKE_REPORTS_DIR: tempFolder('monitor-reports'),
      SMOKE_MONITOR_HOST: '0.0.0.0',
      SMOKE_MONITOR_SCHEDULE: 'critcal=30s,*=5m',
    })
    expect(await monitor.exited).toBe(2)
    expect(monitor.output()).toContain('smokecheck cannot start: bad configuration for environment "local"')
    expect(monitor.output()).toMatch(
      /SMOKE_MONITOR_SCHEDULE in the settings: received critcal, which names no declared tag or project; expected tags the suite declares \(critical, api\) or \*\n/,
    )
    expect(monitor.output()).toMatch(
      /SMOKE_MONITOR_TOKEN in the settings: received nothing, with SMOKE_MONITOR_HOST=0\.0\.0\.0/,
    )
  })
})
