#!/usr/bin/env node
// `npx smokecheck init`: writes a team's own suite (checks, fixtures, environments, config, CI
// workflow) from templates/init. Plain JavaScript with nothing but Node's own modules, because it
// runs before anything that could load TypeScript is set up, on plain Node 20.
// `npx smokecheck contract pull`: the service's OpenAPI document as zod schemas in fixtures/
// (src/contract/pull.ts).
// `npx smokecheck monitor`: keeps the suite's checks running on a schedule (src/monitor), on the
// Vitest the suite has installed.
// Both run the engine as npm ships it, compiled to JavaScript in dist/ (`npm run build`).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'

// The same code a bad configuration stops a run with: "you must change something first".
const EXIT_REFUSED = 2

const ENGINE = join(dirname(fileURLToPath(import.meta.url)), '..')
const TEMPLATES = join(ENGINE, 'templates', 'init')
function engineModule(path) {
  const file = join(ENGINE, 'dist', path)
  // Only an engine's checkout can lack it (npm ships it built): `npm ci` builds it, unless scripts were off.
  if (!existsSync(file))
    throw new Refusal(
      `smokecheck: the engine is not built (${file} is missing): run npm run build in ${ENGINE}`,
    )
  return import(pathToFileURL(file).href)
}
// npm never packs a file named .gitignore, so the template goes by another name.
const GITIGNORE_TEMPLATE = 'gitignore'
// Written only where the folder has none: an existing project's compiler settings are its own.
const KEPT_IF_PRESENT = new Set(['tsconfig.json'])

const SCRIPTS = {
  smoke: 'vitest run --configLoader runner',
  'smoke:ui': 'vitest --configLoader runner --ui',
  'smoke:watch': 'vitest --configLoader runner',
  'contract:pull': 'smokecheck contract pull',
}

const USAGE = `Usage: smokecheck init [--base-url URL] [--dir DIR]
       smokecheck contract pull [--from URL|FILE] [--path PATH] [--out FILE]   (--help for more)
       smokecheck monitor [--config FILE] [--once | --write-page FILE]           (--help for more)

Writes a suite of post-deployment checks into DIR (default: the current folder):
  vitest.config.ts, checks/health.check.ts, fixtures/schemas.ts,
  environments/{local,staging,production}.env, .github/workflows/post-deploy.yml,
  .gitignore entries, and the smoke, smoke:ui, smoke:watch and contract:pull scripts in package.json.
It never overwrites a file: when one exists, it names it and writes nothing.

  --base-url URL   the service to check, written as SMOKE_BASE_URL into every
                   environments/*.env (give staging and production their own hosts there)
  --dir DIR        where the suite goes (created if missing)`

const MONITOR_USAGE = `Usage: smokecheck monitor [--config FILE] [--once | --write-page FILE]

Runs the suite's checks on the schedule of SMOKE_MONITOR_SCHEDULE until SIGINT or SIGTERM,
alerts on state changes, and serves /metrics and a status page (see the README's Monitor section).

  --config FILE       the suite's vitest.config.ts (default: the one in the current folder)
  --once              run every check once, alert on what changed, save the state and exit
                      (for a scheduled CI job that keeps reports/monitor between its runs)
  --write-page FILE   write the status page of the saved state and history to FILE, and run nothing`

class Refusal extends Error {}

async function contract(argv) {
  if (argv[0] !== 'pull') throw new Refusal(USAGE)
  const { pullCommand } = await engineModule('contract/pull.js')
  process.exitCode = await pullCommand(argv.slice(1), process.cwd(), process.env)
}

/**
 * One Vitest instance kept for the monitor's life: the config, the Vite server and its transformed
 * modules, and the global setup (a local target, the rollout gate) are paid for once. Vitest 4.1
 * still starts the workers afresh each run (its pool reuses a worker only within a run).
 */
async function monitor(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' },
      'write-page': { type: 'string' },
      once: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) return console.log(MONITOR_USAGE)
  const { createVitest } = await import('vitest/node')
  // defineSmokeConfig reads it: a cycle's checks run in one worker (src/suite/define-config.ts).
  globalThis[Symbol.for('smokecheck.monitor')] = true
  const vitest = await createVitest(
    'test',
    {
      root: process.cwd(),
      ...(values.config ? { config: resolve(values.config) } : {}),
      configLoader: 'runner',
      watch: false,
      // The monitor logs a line a cycle; the reports of a one-off run are not written every cycle.
      reporters: [{}],
    },
    // No file watching: the schedule, not an edit, starts a cycle.
    { server: { watch: null } },
  )
  let code = 1
  try {
    await vitest.standalone()
    const { runMonitor } = await engineModule('monitor/main.js')
    code = await runMonitor(vitest, { writePage: values['write-page'], once: values.once })
  } finally {
    await vitest.close()
  }
  process.exit(code)
}

function main(argv) {
  if (argv[0] === 'contract') return contract(argv.slice(1))
  if (argv[0] === 'monitor') return monitor(argv.slice(1))
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'base-url': { type: 'string' },
      dir: { type: 'string', default: '.' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) return console.log(USAGE)
  if (positionals.length !== 1 || positionals[0] !== 'init') throw new Refusal(USAGE)
  const baseUrl = values['base-url'] === undefined ? undefined : checkBaseUrl(values['base-url'])
  init(resolve(values.dir), baseUrl)
}

/** The same rule as the engine's SMOKE_BASE_URL, so the suite's first run does not stop on it. */
function checkBaseUrl(value) {
  let url
  try {
    url = new URL(value)
  } catch {
    url = undefined
  }
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.username || url.password) {
    // Said back without the password: the terminal may be a shared CI log.
    if (url?.password) url.password = 'REDACTED'
    throw new Refusal(
      `--base-url: received "${url?.href ?? value}"; expected an absolute http(s) URL without credentials, such as https://staging.example.com`,
    )
  }
  return value
}

function init(dir, baseUrl) {
  const engine = JSON.parse(readFileSync(join(ENGINE, 'package.json'), 'utf8'))
  const files = templateFiles(baseUrl)
  const pkg = mergedPackageJson(dir, engine)
  const gitignore = mergedGitignore(dir)

  // Everything is decided before anything is written: a refusal leaves the folder as it was.
  const taken = files.filter(({ path }) => existsSync(join(dir, path)))
  const refused = [
    ...taken.filter(({ path }) => !KEPT_IF_PRESENT.has(path)).map(({ path }) => `${path} exists`),
    ...pkg.conflicts,
  ]
  if (refused.length)
    throw new Refusal(
      `smokecheck init: nothing written to ${dir}, because it would overwrite:\n${refused.map((line) => `  - ${line}`).join('\n')}\nMove or delete these first, or choose another folder with --dir.`,
    )

  const written = []
  for (const { path, content } of files) {
    if (taken.some((file) => file.path === path)) continue
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), content)
    written.push(path)
  }
  if (gitignore.changed) {
    writeFileSync(join(dir, '.gitignore'), gitignore.content)
    written.push('.gitignore')
  }
  if (pkg.changed) {
    writeFileSync(join(dir, 'package.json'), pkg.content)
    written.push('package.json')
  }

  const where = relative(process.cwd(), dir) || '.'
  console.log(`smokecheck init: wrote a suite in ${where}:\n${written.map((path) => `  ${path}`).join('\n')}`)
  for (const path of taken.map((file) => file.path)) console.log(`  (kept your ${path})`)
  const cd = where === '.' ? '' : `cd ${where} && `
  console.log(
    `\nNext: ${pkg.added.length ? `${cd}npm install (for ${pkg.added.join(', ')}), then ` : cd}` +
      'SMOKE_ENV=staging npm run smoke\nThe checks, fixtures, environments, vitest.config.ts and .github/ are yours to edit; ' +
      'a new engine is `npm install smokecheck@<version>` and changes none of them.',
  )
}

function templateFiles(baseUrl) {
  return walk(TEMPLATES)
    .filter((path) => path !== GITIGNORE_TEMPLATE)
    .map((path) => {
      let content = readFileSync(join(TEMPLATES, path), 'utf8')
      if (baseUrl && path.startsWith('environments/'))
        content = content.replace(/^SMOKE_BASE_URL=.*$/m, `SMOKE_BASE_URL=${baseUrl}`)
      return { path, content }
    })
}

function walk(root, under = '') {
  return readdirSync(join(root, under), { withFileTypes: true })
    .flatMap((entry) => {
      const path = under ? `${under}/${entry.name}` : entry.name
      return entry.isDirectory() ? walk(root, path) : [path]
    })
    .sort()
}

/** The folder's package.json with the scripts and dependencies the suite needs added, nothing replaced. */
function mergedPackageJson(dir, engine) {
  const file = join(dir, 'package.json')
  const present = existsSync(file)
  const text = present ? readFileSync(file, 'utf8') : undefined
  let pkg
  try {
    pkg = text === undefined ? newPackage(dir) : JSON.parse(text)
  } catch (error) {
    throw new Refusal(`smokecheck init: package.json is not valid JSON (${error.message}); nothing written.`)
  }
  if (typeof pkg !== 'object' || pkg === null || Array.isArray(pkg))
    throw new Refusal('smokecheck init: package.json does not hold a JSON object; nothing written.')

  const conflicts = []
  pkg.scripts ??= {}
  for (const [name, command] of Object.entries(SCRIPTS)) {
    if (pkg.scripts[name] === undefined) pkg.scripts[name] = command
    else if (pkg.scripts[name] !== command)
      conflicts.push(`package.json script "${name}" ("${pkg.scripts[name]}"; the suite's is "${command}")`)
  }

  // What the suite imports or starts: the engine, Vitest and its UI (the engine's peers, at the
  // engine's versions), and zod for fixtures/schemas.ts.
  const wanted = {
    smokecheck: `^${engine.version}`,
    ...engine.peerDependencies,
    zod: engine.dependencies.zod,
  }
  const added = []
  for (const [name, version] of Object.entries(wanted)) {
    if (pkg.dependencies?.[name] !== undefined || pkg.devDependencies?.[name] !== undefined) continue
    pkg.devDependencies ??= {}
    pkg.devDependencies[name] = version
    added.push(name)
  }
  const indent = text?.match(/^[ \t]+(?=")/m)?.[0] ?? '  '
  const content = `${JSON.stringify(pkg, null, indent)}\n`
  return { content, changed: content !== text, conflicts, added }
}

function newPackage(dir) {
  const name =
    basename(dir)
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[._-]+/, '') || 'smoke-checks'
  return { name, private: true, type: 'module' }
}

/** The folder's .gitignore with the suite's entries appended, those it already has left alone. */
function mergedGitignore(dir) {
  const file = join(dir, '.gitignore')
  const current = existsSync(file) ? readFileSync(file, 'utf8') : ''
  const have = new Set(current.split(/\r?\n/).map((line) => line.trim()))
  const missing = readFileSync(join(TEMPLATES, GITIGNORE_TEMPLATE), 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !have.has(line.trim()) && !have.has(`/${line.trim()}`))
  if (!missing.length) return { changed: false, content: current }
  const separator = current && !current.endsWith('\n') ? '\n' : ''
  return { changed: true, content: `${current}${separator}${missing.join('\n')}\n` }
}

function refused(error) {
  if (!(error instanceof Refusal) && !String(error?.code).startsWith('ERR_PARSE_ARGS')) throw error
  console.error(error.message)
  process.exitCode = EXIT_REFUSED
}

try {
  main(process.argv.slice(2))?.catch(refused)
} catch (error) {
  refused(error)
}
