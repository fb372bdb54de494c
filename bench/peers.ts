// The peers the benchmark measures smokecheck against, at pinned versions: Newman (Postman's
// runner) and Step CI. Taken from the project's node_modules when a team has them there, else
// installed from the npm registry by the ordinary client into bench/.peers (git-ignored), once:
// the next run finds them there. A peer that cannot be installed is reported with npm's error,
// not left out in silence.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export interface Peer {
  name: string
  version: string
  /** The script Node runs (the package's `bin`), when installed. */
  bin?: string
  /** Why it is not there: npm's own words. */
  error?: string
}

const PINNED = [
  { name: 'newman', version: '6.2.2', bin: 'bin/newman.js' },
  { name: 'stepci', version: '2.8.2', bin: 'dist/index.js' },
] as const

export type PeerName = (typeof PINNED)[number]['name']

function installedVersion(modules: string, name: string): string | undefined {
  const manifest = join(modules, name, 'package.json')
  return existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')).version as string) : undefined
}

/** Each pinned peer's entry script, installing the missing ones into `<root>/bench/.peers`. */
export function preparePeers(root: string, log: (line: string) => void): Record<PeerName, Peer> {
  const own = join(root, 'bench', '.peers')
  const where = (name: string, version: string) =>
    [join(root, 'node_modules'), join(own, 'node_modules')].find(
      (modules) => installedVersion(modules, name) === version,
    )
  const missing = PINNED.filter((p) => !where(p.name, p.version))
  let error: string | undefined
  if (missing.length) {
    const specs = missing.map((p) => `${p.name}@${p.version}`)
    log(`installing ${specs.join(' and ')} into bench/.peers from the npm registry`)
    mkdirSync(own, { recursive: true })
    const manifest = join(own, 'package.json')
    if (!existsSync(manifest)) writeFileSync(manifest, '{ "private": true }\n')
    const npm = spawnSync(
      'npm',
      ['install', '--prefix', own, '--save-exact', '--no-audit', '--no-fund', ...specs],
      { encoding: 'utf8', timeout: 600_000 },
    )
    if (npm.status !== 0)
      error = `\`npm install ${specs.join(' ')}\` failed (exit ${npm.status ?? npm.signal}): ${(npm.stderr || String(npm.error)).trim().split('\n').slice(-6).join(' ')}`
  }
  const peers = {} as Record<PeerName, Peer>
  for (const p of PINNED) {
    const modules = where(p.name, p.version)
    peers[p.name] = modules
      ? { name: p.name, version: p.version, bin: join(modules, p.name, p.bin) }
      : { name: p.name, version: p.version, error: error ?? 'not found after installing' }
  }
  return peers
}
