// `smokecheck init` in folders a team already has: what is there is kept, what the suite needs
// is added, and a file it would overwrite stops it before it writes anything.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { init } from './run.ts'

const folders: string[] = []
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

function folder(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'smokecheck-init-'))
  folders.push(dir)
  for (const [path, content] of Object.entries(files)) writeFileSync(join(dir, path), content)
  return dir
}

const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8')

describe('smokecheck init', () => {
  it('writes the suite into an empty folder, the base URL in every environment', async () => {
    const dir = folder()
    const ran = await init(dir, ['--base-url', 'https://api.example.org'])
    expect(ran.stderr).toBe('')
    expect(ran.code).toBe(0)
    for (const path of [
      'vitest.config.ts',
      'checks/health.check.ts',
      'fixtures/schemas.ts',
      'environments/local.env',
      'environments/staging.env',
      'environments/production.env',
      '.github/workflows/post-deploy.yml',
      'tsconfig.json',
    ])
      expect(existsSync(join(dir, path)), path).toBe(true)
    for (const env of ['local', 'staging', 'production'])
      expect(read(dir, `environments/${env}.env`)).toMatch(/^SMOKE_BASE_URL=https:\/\/api\.example\.org$/m)
    expect(read(dir, '.gitignore').split('\n')).toEqual(expect.arrayContaining(['reports/', '*.local.env']))
    const pkg = JSON.parse(read(dir, 'package.json'))
    expect(pkg.scripts.smoke).toBe('vitest run --configLoader runner')
    expect(pkg.scripts['smoke:ui']).toContain('--configLoader runner')
    expect(pkg.scripts['smoke:watch']).toContain('--configLoader runner')
    expect(pkg.scripts['contract:pull']).toBe('smokecheck contract pull')
    expect(Object.keys(pkg.devDependencies)).toEqual(
      expect.arrayContaining(['smokecheck', 'vitest', '@vitest/ui', 'zod']),
    )
    expect(ran.stdout).toContain('npm install')
  })

  it("merges into a team's package.json and .gitignore without replacing anything", async () => {
    const existing = {
      name: 'shop-api',
      version: '3.1.0',
      scripts: { test: 'pytest', smoke: 'vitest run --configLoader runner' },
      devDependencies: { vitest: '4.1.12' },
    }
    const dir = folder({
      'package.json': JSON.stringify(existing, null, 4),
      '.gitignore': 'dist\n/reports/',
      'tsconfig.json': '{ "compilerOptions": { "strict": false } }\n',
    })
    const ran = await init(dir)
    expect(ran.code).toBe(0)
    const pkg = JSON.parse(read(dir, 'package.json'))
    expect(pkg).toMatchObject({
      ...existing,
      scripts: { ...existing.scripts, 'smoke:ui': expect.any(String) },
    })
    expect(pkg.devDependencies.vitest).toBe('4.1.12')
    expect(read(dir, 'package.json')).toMatch(/^ {4}"name"/m)
    // `/reports/` already ignores the reports: only the missing entries are added.
    expect(read(dir, '.gitignore')).toBe('dist\n/reports/\nnode_modules/\n*.local.env\n.vitest-reports/\n')
    expect(read(dir, 'tsconfig.json')).toBe('{ "compilerOptions": { "strict": false } }\n')
    expect(ran.stdout).toContain('kept your tsconfig.json')
  })

  it('refuses to overwrite, names every file in the way, exits 2 and writes nothing', async () => {
    const pkgText = JSON.stringify({ name: 'svc', scripts: { smoke: 'node smoke.js' } })
    const dir = folder({ 'vitest.config.ts': 'export default {}\n', 'package.json': pkgText })
    const ran = await init(dir, ['--base-url', 'http://127.0.0.1:8000'])
    expect(ran.code).toBe(2)
    expect(ran.stderr).toContain('nothing written')
    expect(ran.stderr).toContain('vitest.config.ts exists')
    expect(ran.stderr).toContain('package.json script "smoke" ("node smoke.js"')
    expect(readdirSync(dir).sort()).toEqual(['package.json', 'vitest.config.ts'])
    expect(read(dir, 'package.json')).toBe(pkgText)
  })

  it.each([
    [['--base-url', 'staging.example.com'], 'expected an absolute http(s) URL'],
    [['--base-url', 'https://user:secret@example.com'], 'without credentials'],
    [['--colour'], "Unknown option '--colour'"],
  ])('stops on %j with exit code 2, writing nothing', async (args, message) => {
    const dir = folder()
    const ran = await init(dir, args)
    expect(ran.code).toBe(2)
    expect(ran.stderr).toContain(message)
    expect(readdirSync(dir)).toEqual([])
    expect(ran.stderr).not.toContain('secret')
  })
})
