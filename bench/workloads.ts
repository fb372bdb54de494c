// The four workloads of issue 6, written as ordinary check files (smokecheck's fixtures and
// matchers, one GET, status 200, one JSON field) spread over FILES files, under the
// git-ignored bench/.work/, and the plain script's lower bound for the same requests.
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
 * Vitest's floor: the workload as plain Vitest tests (no smokecheck config, global setup or
 * fixtures; one worker, not isolated), with a config of its own. Returns the config's path.
 */
export function generateBare(root: string, dir: string, w: Workload, files = FILES): string {
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
    `import { defineConfig } from 'vitest/config'\n\nexport default defineConfig({\n  test: { include: ['${include}'], pool: 'threads', isolate: false, maxWorkers: 1 },\n})\n`,
  )
  return relative(root, config)
}
