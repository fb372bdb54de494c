// Issue 16 with issue 15: a monitor of a suite of several services runs each service on its own
// schedule (`api:*=…`), labels each check's metrics and alerts with its service, and keeps to
// one environment.
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { useTestCertificates } from '../support/certificates.ts'
import { killMonitors, startMonitor } from '../support/monitor-process.ts'
import { services, TOKEN } from '../support/services-suite.ts'
import { tempFolder } from '../support/temp-folder.ts'

const certificates = useTestCertificates()

describe('a monitor of several services', () => {
  it('runs a service on its own schedule, and names the service in metrics and alerts', async () => {
    onTestFinished(killMonitors)
    const { dir } = await services(certificates())
    const monitor = startMonitor(
      {
        SMOKE_ENV: 'staging',
        SMOKE_API_TOKEN: TOKEN,
        SMOKE_REPORTS_DIR: tempFolder('monitor-reports'),
        SMOKE_MONITOR_PORT: '0',
        SMOKE_MONITOR_JITTER_PERCENT: '0',
        SMOKE_MONITOR_FAILURE_THRESHOLD: '1',
        // The api every second, everything else once an hour: after the first cycle, only the api's.
        SMOKE_MONITOR_SCHEDULE: 'api:*=1s,*=1h',
      },
      [],
      join(dir, 'vitest.config.ts'),
      dir,
    )
    await monitor.waitFor(/cycle 1 \(every check\) failed in \d+ ms: 5 ok, 1 failing/)
    await monitor.waitFor(/cycle 2 \(api:\*\) passed in \d+ ms: 3 ok, 0 failing/)
    const url = (await monitor.waitFor(/status page at (http:\/\/127\.0\.0\.1:\d+)/))[1] as string
    const metrics = await (await fetch(`${url}/metrics`)).text()
    const success = (service: string, check: string) =>
      metrics
        .split('\n')
        .find((line) =>
          line.startsWith(
            `smokecheck_check_success{service="${service}",environment="staging",check="${service}:staging › ${check}"`,
          ),
        )
        ?.split(' ')
        .at(-1)
    expect(success('web', 'the website serves its home page')).toBe('0')
    expect(success('api', 'the api lets its token in')).toBe('1')
    expect(success('metrics', 'its certificate chains to the private CA')).toBe('1')
    expect(monitor.output()).toMatch(
      /\[staging\] web: "web:staging › the website serves its home page" is down since .*: expected 503 to be 2xx|\[staging\] web: "web:staging › the website serves its home page" is down/,
    )
    expect(monitor.output()).not.toContain(TOKEN)
    expect(await monitor.stop('SIGTERM')).toBe(0)
  })

  it('refuses to watch two environments at once, and a schedule naming no service', async () => {
    onTestFinished(killMonitors)
    const { dir } = await services(certificates())
    const monitor = startMonitor(
      {
        SMOKE_ENV: 'local,staging',
        SMOKE_REPORTS_DIR: tempFolder('monitor-reports'),
        SMOKE_MONITOR_SCHEDULE: 'apj:*=1m,*=5m',
      },
      [],
      join(dir, 'vitest.config.ts'),
      dir,
    )
    expect(await monitor.exited).toBe(2)
    expect(monitor.output()).toContain(
      'SMOKE_MONITOR_SCHEDULE in the settings: received apj:*, which names no declared tag or project; expected tags the suite declares (critical) or *, or projects of its services (api:local, web:local, metrics:local, api:staging, web:staging, metrics:staging) or a pattern of them such as api:*',
    )
    expect(monitor.output()).toContain(
      'SMOKE_ENV in the process environment: received local,staging; expected one environment: a monitor keeps the state, history and page of one (run one monitor per environment)',
    )
  })
})
