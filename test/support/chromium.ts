// Debian's Chromium for the tests that open a page in a real browser (the Allure report, the
// monitor's status page), with every request outside what the page may load blocked and counted.
import { existsSync } from 'node:fs'
import { type Browser, chromium, type Page } from 'playwright-core'
import { inCI } from './ci.ts'

export const CHROMIUM = '/usr/bin/chromium'
// The machine's notes: without the background-networking flags Chromium reaches for Google's
// hosts at start, which a closed network refuses (and which would count as outside requests).
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
export const MISSING = `Debian's chromium is not installed (${CHROMIUM}): install it as root with \`apt-get install chromium\` (.ci/run does)`

/** On a developer's machine without Chromium: skipped, saying so. In CI every test fails instead. */
export function skipWithoutChromium(what: string): boolean {
  if (existsSync(CHROMIUM) || inCI()) return false
  console.warn(`\n⚠ skipping ${what}: ${MISSING}\n  (with CI set it fails instead)\n`)
  return true
}

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(MISSING)
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
}

/** Aborts every request the page makes that `allowed` refuses, and returns their list. */
export async function blockOutside(page: Page, allowed: (url: string) => boolean): Promise<string[]> {
  const outside: string[] = []
  await page.route('**/*', (route) => {
    const url = route.request().url()
    if (allowed(url)) return route.continue()
    outside.push(url)
    return route.abort()
  })
  return outside
}
