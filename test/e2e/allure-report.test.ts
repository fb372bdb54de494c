// Issue 19: the reviewer's report as a reviewer sees it. Two red runs against the demo's flaky
// mode, `npm run report` after each, and the report opened from file:// in Debian's Chromium
// with every request that is not a file blocked and counted: it must work offline and call no one.
// The developer's report of the same run, Vitest's HTML report, is opened too, served from
// 127.0.0.1 as `npx vite preview` would. SMOKECHECK_SCREENSHOTS=docs/images keeps the screenshots
// the README shows in that folder.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { blockOutside, launchChromium, skipWithoutChromium } from '../support/chromium.ts'
import { type CliRun, smoke, spawnRun } from '../support/cli.ts'
import { DEMO_VERSION, demo } from '../support/demo.ts'
import { ROOT } from '../support/run-checks.ts'
import { serveFolder } from '../support/static-server.ts'
import { tempFolder } from '../support/temp-folder.ts'

const REPORT_SUITE = join(ROOT, 'test/suites/report.config.ts')
/** A folder of the repository to keep the screenshots in, for the README. */
const SCREENSHOTS = process.env.SMOKECHECK_SCREENSHOTS

describe.skipIf(skipWithoutChromium("the Allure report's browser test"))(
  "the reviewer's Allure report of two red runs",
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'smokecheck-allure-'))
    const made: string[] = [dir]
    const runs: { checks: CliRun; report: CliRun }[] = []
    let outside: string[] = []
    let browser: Browser | undefined
    let page: Page

    beforeAll(async () => {
      for (let i = 0; i < 2; i++) {
        // A fresh service each run: its flaky mode answers every fifth request to a route with a
        // 503: more than the global setup and the rollout gate send to /version.
        const { env } = await demo('flaky', { flakyEvery: 5 })
        const settings = {
          ...env,
          SMOKE_ALLURE: 'true',
          SMOKE_REPORTS_DIR: dir,
          SMOKE_EXPECTED_VERSION: DEMO_VERSION,
          SMOKE_ROLLOUT_TIMEOUT_MS: '0',
        }
        const checks = await smoke(settings, [], REPORT_SUITE)
        // tsx keeps a compile cache in the temp folder: this one goes with the file's tests.
        const report = await spawnRun('npm', ['run', '--silent', 'report'], {
          SMOKE_REPORTS_DIR: dir,
          TMPDIR: tempFolder('tsx'),
        })
        made.push(checks.reportsDir, report.reportsDir)
        runs.push({ checks, report })
      }
      browser = await launchChromium()
      page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
      page.setDefaultTimeout(10_000)
      outside = await blockOutside(page, (url) => /^(file|data|blob):/.test(url))
    }, 180_000)

    afterAll(async () => {
      await browser?.close()
      for (const path of made) rmSync(path, { recursive: true, force: true })
    })

    async function open(hash: string): Promise<void> {
      await page.goto(`file://${join(dir, 'allure', 'index.html')}${hash}`)
      await page.locator('.side-nav').waitFor()
    }

    /** Taken every run (a page that cannot be drawn fails the test); kept only when asked. */
    async function screenshot(shown: Page, name: string): Promise<void> {
      await shown.screenshot({ path: join(dir, name) })
      if (!SCREENSHOTS) return
      mkdirSync(join(ROOT, SCREENSHOTS), { recursive: true })
      copyFileSync(join(dir, name), join(ROOT, SCREENSHOTS, name))
    }

    async function openCheck(name: string): Promise<void> {
      await open('#suites')
      await page.locator('.node__name', { hasText: name }).first().click()
      await page.locator('.test-result__name, .pane__title', { hasText: name }).first().waitFor()
    }

    it('is written by npm run report after each red run', () => {
      for (const { checks, report } of runs) {
        expect(checks.code, checks.output).toBe(1)
        expect(report.code, report.output).toBe(0)
        expect(report.output).toMatch(/Allure report written to .*allure\/index\.html/)
      }
    })

    it('shows the run context and verdict on the overview', async () => {
      await open('#')
      const environment = page.locator('.widget', { hasText: 'Environment' })
      await environment.getByText('Show all').click()
      const text = await environment.innerText()
      expect(text).toContain('FAILED: 1 of 5 checks failed')
      expect(text).toMatch(/Target\s+http:\/\/127\.0\.0\.1:\d+/)
      expect(text).toMatch(/Environment\s+local/)
      expect(text).toMatch(new RegExp(`Expected version\\s+${DEMO_VERSION}`))
      expect(text).toMatch(new RegExp(`Served version\\s+${DEMO_VERSION} \\(9b2e4f7a1c3d\\)`))
      expect(text).toMatch(/Rollout\s+the expected version is live/)
      // The trend of both runs.
      expect(await page.locator('.widget', { hasText: 'Trend' }).innerText()).toMatch(/#1[\s\S]*#2/)
      await screenshot(page, 'allure-report.png')
    })

    it("shows a failure's sentence, its curl line, its cause and two runs of history", async () => {
      await openCheck('an unknown post is a 404')
      const pane = page.locator('.test-result')
      const text = await pane.innerText()
      expect(text).toContain('expected GET /api/posts/no-such-post to answer 200, got 404 Not Found')
      expect(text).toMatch(/reproduce: curl -sS -i 'http:\/\/127\.0\.0\.1:\d+\/api\/posts\/no-such-post'/)
      expect(text).toMatch(/Categories:\s*Wrong status/)
      await screenshot(page, 'allure-failure.png')
      await pane.getByText('History', { exact: true }).click()
      expect(await pane.innerText()).toContain('Success rate 0% (0 of 2)')
    })

    it('shows the reason a check was skipped', async () => {
      await openCheck('a post can be created')
      expect(await page.locator('.test-result').innerText()).toContain(
        'creating posts changes data, and SMOKE_ALLOW_MUTATIONS is off here',
      )
    })

    it('marks a pass that needed a retry as flaky, and says why', async () => {
      await openCheck('liveness answers every time')
      const text = await page.locator('.test-result').innerText()
      expect(text).toMatch(
        /flaky: GET \/health answered only on attempt 2 \(earlier: 503 Service Unavailable\)/,
      )
      expect(text).toMatch(/Severity:\s*critical/)
      const row = page.locator('.node', { hasText: 'liveness answers every time' }).first()
      expect(await row.locator('[data-tooltip="Flaky"], .node__flaky, .fa-bomb').count()).toBeGreaterThan(0)
    })

    it('shows the latency sample as a table', async () => {
      await openCheck('the post listing stays fast over 6 requests')
      const row = page.locator('.attachment-row', { hasText: 'latency GET /api/posts?limit=2 ×6' }).first()
      // The row sits in a step the pane has expanded already; a synthetic click opens it in place.
      await row.locator('.attachment-row__name').evaluate((name) => (name as { click(): void }).click())
      const table = await page.locator('table').first().innerText()
      expect(table).toMatch(/connections\s+count\s+min\s+p50\s+p95\s+p99\s+max/)
      expect(table).toMatch(/all\s+6\s/)
    })

    it("opens the developer's Vitest report of the same run, served as vite preview would", async () => {
      const url = await serveFolder(join(dir, 'html'))
      const developer = await (browser as Browser).newPage({ viewport: { width: 1400, height: 900 } })
      const blocked = await blockOutside(
        developer,
        (asked) => asked.startsWith(url) || /^(data|blob):/.test(asked),
      )
      try {
        await developer.goto(url)
        await developer.getByText('an unknown post is a 404', { exact: true }).first().click()
        await developer
          .getByText('expected GET /api/posts/no-such-post to answer 200, got 404 Not Found')
          .first()
          .waitFor()
        await screenshot(developer, 'vitest-report.png')
        // Vitest's UI asks Google for its font, which it does without; nothing else leaves.
        for (const asked of blocked) expect(asked).toMatch(/^https:\/\/fonts\.googleapis\.com\//)
      } finally {
        await developer.close()
      }
    })

    it('made no request outside the file', () => {
      expect(outside).toEqual([])
    })
  },
)
