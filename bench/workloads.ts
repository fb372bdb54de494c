// The four workloads of issue 6, written as ordinary check files (smokecheck's fixtures and
// matchers, one GET, status 200, one JSON field) spread over FILES files, under the
// git-ignored bench/.work/, and the same requests and assertions for each peer: plain Vitest
// tests, a Postman collection for Newman, a Step CI workflow.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'

export const FILES = 10

export interface Workload {
  id: string
  label: string
  checks: number
  delayMs: 0 | 50
}

export const WORKLOADS: readonly Workload[] = [
  { id: '20x0', label: '20 checks, instant', checks: 20, delayMs: 0 },
  { id: '200x0', label: '200 checks, instant', checks: 200, delayMs: 0 },
  { id: '20x50', label: '20 checks, 50 ms each', checks: 20, delayMs: 50 },
  { id: '200x50', label: '200 checks, 50 ms each', checks: 200, delayMs: 50 },
]

export function workload(id: string): Workload {
  const found = WORKLOADS.find((w) => w.id === id)
  if (!found) throw new Error(`no workload ${id}`)
  return found
}

function checkSource(n: number): string {
  return [
    `check('item ${n} answers', async ({ http }) => {`,
    `  const res = await http.get('/item/${n}')`,
    '  expect(res).toHaveStatus(200)',
    `  expect(res.body).toHaveProperty('n', ${n})`,
    '})',
  ].join('\n')
}

/** The same check with nothing of smokecheck: Vitest's `test.concurrent` and undici. */
function bareSource(n: number): string {
  return [
    `test.concurrent('item ${n} answers', async () => {`,
    `  const res = await request(\`\${process.env.BENCH_BASE_URL}/item/${n}\`)`,
    '  expect(res.statusCode).toBe(200)',
    `  expect(await res.body.json()).toHaveProperty('n', ${n})`,
    '})',
  ].join('\n')
}

function writeFiles(
  dir: string,
  w: Workload,
  files: number,
  name: string,
  head: string,
  source: (n: number) => string,
) {
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const perFile = Math.ceil(w.checks / files)
  for (let f = 0; f < files; f++) {
    const items = Array.from({ length: perFile }, (_, i) => f * perFile + i).filter((n) => n < w.checks)
    const body = [head, ...items.map(source)].join('\n\n')
    writeFileSync(join(dir, `items-${String(f + 1).padStart(2, '0')}${name}`), `${body}\n`)
  }
}

/**
 * Writes the workload's check files under `<checksDir>/<id>/` and returns the include glob,
 * relative to the project root, that selects exactly them.
 */
export function generate(root: string, checksDir: string, w: Workload, files = FILES): string {
  const dir = join(checksDir, w.id)
  writeFiles(dir, w, files, '.check.ts', "import { check, expect } from 'smokecheck'", checkSource)
  return `${relative(root, dir)}/*.check.ts`
}

/**
 * The workload as plain Vitest tests (no smokecheck config, global setup or fixtures), with a
 * config of its own: `test` holds the test options it runs with (none: Vitest's defaults).
 * Returns the config's path.
 */
export function generateBare(
  root: string,
  dir: string,
  w: Workload,
  test: Record<string, unknown>,
  files = FILES,
): string {
  writeFiles(
    dir,
    w,
    files,
    '.test.ts',
    "import { request } from 'undici'\nimport { expect, test } from 'vitest'",
    bareSource,
  )
  const config = join(dir, 'vitest.config.ts')
  const include = `${relative(root, dir)}/*.test.ts`
  writeFileSync(
    config,
    `import { defineConfig } from 'vitest/config'\n\nexport default defineConfig({\n  test: ${JSON.stringify({ include: [include], ...test })},\n})\n`,
  )
  return relative(root, config)
}

/** Requests the peers keep in flight, as the plain script does (bench/plain.ts). */
export const PEER_CONCURRENCY = 10

/**
 * Newman's equivalent of the workload: a Postman collection (v2.1) with one request an item and
 * one test asserting the status and the JSON field, the base URL a collection variable given on
 * the command line. Newman runs a collection's requests one after another: it has no concurrency.
 */
export function generateNewman(dir: string, w: Workload): string {
  const item = (n: number) => ({
    name: `item ${n} answers`,
    request: { method: 'GET', url: `{{baseUrl}}/item/${n}` },
    event: [
      {
        listen: 'test',
        script: {
          type: 'text/javascript',
          exec: [
            `pm.test('item ${n} answers', () => {`,
            '  pm.response.to.have.status(200)',
            `  pm.expect(pm.response.json().n).to.eql(${n})`,
            '})',
          ],
        },
      },
    ],
  })
  const collection = {
    info: {
      name: `bench ${w.id}`,
      schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
    },
    item: Array.from({ length: w.checks }, (_, n) => item(n)),
  }
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `${w.id}.postman_collection.json`)
  writeFileSync(file, JSON.stringify(collection, null, 2))
  return file
}

/**
 * Step CI's equivalent: a workflow with one test an item (Step CI runs tests side by side, here
 * PEER_CONCURRENCY at a time), each one GET with a status check and a JSONPath check; the host
 * comes from `-e host=<url>`. JSON is YAML, so the file is written as JSON.
 */
export function generateStepCi(dir: string, w: Workload): string {
  const tests = Object.fromEntries(
    Array.from({ length: w.checks }, (_, n) => [
      `item-${n}`,
      {
        steps: [
          {
            name: `item ${n} answers`,
            http: {
              url: `\${{env.host}}/item/${n}`,
              method: 'GET',
              check: { status: 200, jsonpath: { '$.n': n } },
            },
          },
        ],
      },
    ]),
  )
  const workflow = { version: '1.1', name: `bench ${w.id}`, config: { concurrency: PEER_CONCURRENCY }, tests }
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `${w.id}.stepci.yml`)
  writeFileSync(file, JSON.stringify(workflow, null, 2))
  return file
}
