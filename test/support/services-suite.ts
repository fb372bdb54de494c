// A team's own suite of several services (an api, a website that is down, a metrics server
// behind a private CA), in a folder of its own (removed when the test ends):
// `smokecheck` and Vitest resolve to the engine's, as they would once installed.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import { dirname, join } from 'node:path'
import { serveTls, type testCertificates } from './certificates.ts'
import { listenLocally } from './listen.ts'
import { ROOT } from './run-checks.ts'

/** The script `smokecheck init` writes (bin/smokecheck.mjs). */
const SMOKE_SCRIPT = 'vitest run --configLoader runner'

import { tempFolder } from './temp-folder.ts'

/** Writes the files (path → text) into a new suite folder and returns it. */
export function servicesSuite(files: Record<string, string>): string {
  const dir = tempFolder('services')
  mkdirSync(join(dir, 'node_modules'))
  symlinkSync(ROOT, join(dir, 'node_modules', 'smokecheck'), 'dir')
  for (const name of ['vitest', '@vitest', 'zod'])
    symlinkSync(join(ROOT, 'node_modules', name), join(dir, 'node_modules', name), 'dir')
  // `npm run smoke` as `smokecheck init` writes it, with Vitest's bin where npm looks for it.
  mkdirSync(join(dir, 'node_modules', '.bin'))
  symlinkSync('../vitest/vitest.mjs', join(dir, 'node_modules', '.bin', 'vitest'))
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'our-services', private: true, type: 'module', scripts: { smoke: SMOKE_SCRIPT } }),
  )
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  return dir
}

type TestCertificates = ReturnType<typeof testCertificates>

export const ENVIRONMENTS = ['local', 'staging'] as const
export const TOKEN = 'services-canary-token-6f1d2c'

const CONFIG = `import { defineSmokeConfig } from 'smokecheck/config'

export default defineSmokeConfig({
  services: { api: {}, web: {}, metrics: {} },
  tags: [{ name: 'critical', description: 'must pass' }],
})
`

const CHECKS = {
  'checks/api/health.check.ts': `import { check, expect } from 'smokecheck'

check('the api answers for its own environment', { tags: ['critical'] }, async ({ http, config }) => {
  const response = await http.get('/health')
  expect(response).toBeOK()
  expect(response.body).toEqual({ service: 'api', environment: config.environment })
})

check('the api lets its token in', async ({ http }) => {
  expect(await http.get('/private', { auth: true })).toBeOK()
})
`,
  'checks/web/home.check.ts': `import { check, expect } from 'smokecheck'

check('the website serves its home page', async ({ http }) => {
  expect(await http.get('/')).toBeOK()
})
`,
  'checks/metrics/metrics.check.ts': `import { check, expect, probeTls } from 'smokecheck'

check('the metrics server answers over https', async ({ http }) => {
  expect(await http.get('/metrics')).toBeOK()
})

check('its certificate chains to the private CA', async ({ config }) => {
  expect(await probeTls(config.baseUrl, { ca: config.ca, timeoutMs: config.timeouts.connectMs })).toHaveValidCertificate()
})
`,
}

/** An api for one environment: it says which it is, and lets only the token in. */
async function api(environment: string): Promise<string> {
  const server = createServer((req, res) => {
    if (req.url === '/private' && req.headers.authorization !== `Bearer ${TOKEN}`) {
      res.writeHead(401).end()
      return
    }
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify(req.url === '/private' ? { ok: true } : { service: 'api', environment }))
  })
  return listenLocally(server)
}

/** A website that is down, and remembers the headers it was sent. */
async function web(seen: IncomingHttpHeaders[]): Promise<string> {
  const server = createServer((req, res) => {
    seen.push(req.headers)
    res.writeHead(503, { 'content-type': 'text/plain' }).end('down for maintenance')
  })
  return listenLocally(server)
}

/** The three services in both environments, each on a server of its own, and the suite that checks them. */
export async function services(certs: TestCertificates) {
  const webHeaders: IncomingHttpHeaders[] = []
  const files: Record<string, string> = { 'vitest.config.ts': CONFIG, ...CHECKS }
  for (const environment of ENVIRONMENTS) {
    files[`environments/${environment}.env`] = 'SMOKE_MAX_CONNECTIONS=4\n'
    files[`environments/${environment}/api.env`] = `SMOKE_BASE_URL=${await api(environment)}\n`
    files[`environments/${environment}/web.env`] = `SMOKE_BASE_URL=${await web(webHeaders)}\n`
    const metrics = await serveTls(certs.issue({ commonName: '127.0.0.1', sans: ['IP:127.0.0.1'] }))
    files[`environments/${environment}/metrics.env`] =
      `SMOKE_BASE_URL=${metrics}\nSMOKE_CA_FILE=${certs.caFile}\n`
  }
  return { dir: servicesSuite(files), webHeaders, caFile: certs.caFile }
}
